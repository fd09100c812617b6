/**
 * Formats values stored in an indicator's unit and multiplier (a power of ten,
 * SDMX UNIT_MULT) for reading: 6 with unit "yuan" and multiplier 12 is
 * "6 万亿元" in Chinese and "6 trillion yuan" in English. Pure: the words come
 * from the i18n resources, so every user-visible string stays translatable.
 */
import en from '../i18n/en.json';
import zh from '../i18n/zh-CN.json';

export type Lang = 'zh-CN' | 'en';

interface QuantityWords {
  units: Record<string, string>;
  unitsOne: Record<string, string>;
  scales: Record<string, string>;
  labelScales: Record<string, string>;
  per100Label: string;
}

const WORDS: Record<Lang, QuantityWords> = { 'zh-CN': zh.quantity, en: en.quantity };

/** Bit rates use SI prefixes in both languages. */
const BIT_PREFIXES: ReadonlyArray<[number, string]> = [
  [15, 'P'],
  [12, 'T'],
  [9, 'G'],
  [6, 'M'],
  [3, 'k'],
];

export interface QuantityOptions {
  /** Digits after the decimal point at most (default 2). */
  maximumFractionDigits?: number;
}

/** value × 10^shift without binary float drift on exact decimals. */
export function shiftDecimal(value: number, shift: number): number {
  if (shift === 0) return value;
  return Number((value * 10 ** shift).toPrecision(15));
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Number((Math.round(Number((value * factor).toPrecision(15))) / factor).toPrecision(15));
}

export function formatNumber(value: number, lang: Lang, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', {
    maximumFractionDigits,
    minimumFractionDigits: 0,
  }).format(value);
}

/** Scale powers usable for a language, largest first. */
function scalePowers(words: QuantityWords): number[] {
  return Object.keys(words.scales)
    .map(Number)
    .sort((a, b) => b - a);
}

/**
 * Picks the largest scale not exceeding the value and rounds in it; moves one
 * scale up when rounding reaches the next scale (999.999 thousand -> 1 million).
 */
function scaleValue(
  absolute: number,
  powers: readonly number[],
  digits: number,
): { scaled: number; power: number } {
  const magnitude = Math.abs(absolute);
  let index = powers.findIndex((power) => magnitude >= 10 ** power);
  if (index === -1) index = powers.length;
  const power = powers[index] ?? 0;
  const scaled = roundTo(shiftDecimal(absolute, -power), digits);
  const higher = index > 0 ? powers[index - 1] : undefined;
  if (higher !== undefined && Math.abs(scaled) >= 10 ** (higher - power)) {
    return { scaled: roundTo(shiftDecimal(absolute, -higher), digits), power: higher };
  }
  return { scaled, power };
}

/**
 * "6 万亿元", "6.88 亿人", "372 万个", "20 Tbps", "96%", "35.7/百人" (zh-CN);
 * "6 trillion yuan", "688 million persons", "3.72 million stations", "20 Tbps", "96%" (en).
 */
export function formatQuantity(
  value: number,
  unit: string | null,
  unitMult: number,
  lang: Lang,
  options: QuantityOptions = {},
): string {
  const digits = options.maximumFractionDigits ?? 2;
  const words = WORDS[lang];
  const absolute = shiftDecimal(value, unitMult);

  if (unit === 'percent') return `${formatNumber(roundTo(absolute, digits), lang, digits)}%`;

  if (unit === 'bit_per_second') {
    const { scaled, power } = scaleValue(
      absolute,
      BIT_PREFIXES.map(([power]) => power),
      digits,
    );
    const prefix = BIT_PREFIXES.find(([p]) => p === power)?.[1] ?? '';
    return `${formatNumber(scaled, lang, digits)} ${prefix}${words.units.bit_per_second}`;
  }

  if (unit === 'per_100_people') {
    const number = formatNumber(roundTo(absolute, digits), lang, digits);
    return lang === 'en'
      ? `${number} ${words.units.per_100_people}`
      : `${number}${words.units.per_100_people}`;
  }

  const { scaled, power } = scaleValue(absolute, scalePowers(words), digits);
  const number = formatNumber(scaled, lang, digits);
  const scaleWord = power === 0 ? '' : (words.scales[String(power)] ?? '');
  const unitWord =
    unit === null
      ? ''
      : ((Math.abs(scaled) === 1 && power === 0 ? words.unitsOne[unit] : undefined) ??
        words.units[unit] ??
        unit);
  if (lang === 'en') return [number, scaleWord, unitWord].filter(Boolean).join(' ');
  const suffix = `${scaleWord}${unitWord}`;
  return suffix ? `${number} ${suffix}` : number;
}

/**
 * The unit of values as stored, for axis names and column headers:
 * "万亿元" / "trillion yuan", "Gbps", "%", "亿人" / "100 million persons".
 */
export function unitLabel(unit: string | null, unitMult: number, lang: Lang): string {
  const words = WORDS[lang];
  if (unit === 'bit_per_second') {
    const prefix = BIT_PREFIXES.find(([p]) => p === unitMult)?.[1];
    if (prefix !== undefined || unitMult === 0)
      return `${prefix ?? ''}${words.units.bit_per_second}`;
  }
  const unitWord =
    unit === null
      ? ''
      : unit === 'per_100_people'
        ? words.per100Label
        : (words.units[unit] ?? unit);
  if (unitMult === 0) return unitWord;
  const scaleWord = words.labelScales[String(unitMult)] ?? `×10^${unitMult}`;
  if (unit === 'percent' || unit === 'per_100_people' || unit === 'bit_per_second')
    return `${scaleWord} ${unitWord}`.trim();
  if (lang === 'en') return [scaleWord, unitWord].filter(Boolean).join(' ');
  return `${scaleWord}${unitWord}`;
}
