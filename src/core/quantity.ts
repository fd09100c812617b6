/**
 * Formats values stored in an indicator's unit and multiplier (a power of ten,
 * SDMX UNIT_MULT) for reading: 6 with unit "yuan" and multiplier 12 is
 * "6 万亿元" in Chinese and "6 trillion yuan" in English. One implementation
 * for the web app, the CLI and reports; the unit and scale words of both
 * languages are domain data and live here with the rules that use them.
 */

import { shiftDecimal } from './units.js';

export { shiftDecimal };

export type Language = 'zh-CN' | 'en';

interface QuantityWords {
  units: Record<string, string>;
  unitsOne: Record<string, string>;
  scales: Record<string, string>;
  labelScales: Record<string, string>;
  per100Label: string;
}

const WORDS: Record<Language, QuantityWords> = {
  'zh-CN': {
    units: {
      yuan: '元',
      person: '人',
      user: '户',
      subscriber: '户',
      station: '个',
      bit_per_second: 'bps',
      percent: '%',
      per_100_people: '/百人',
    },
    unitsOne: {
      yuan: '元',
      person: '人',
      user: '户',
      subscriber: '户',
      station: '个',
    },
    scales: {
      '4': '万',
      '8': '亿',
      '12': '万亿',
    },
    labelScales: {
      '4': '万',
      '8': '亿',
      '12': '万亿',
    },
    per100Label: '每百人',
  },
  en: {
    units: {
      yuan: 'yuan',
      person: 'persons',
      user: 'users',
      subscriber: 'subscribers',
      station: 'stations',
      bit_per_second: 'bps',
      percent: '%',
      per_100_people: 'per 100 people',
    },
    unitsOne: {
      yuan: 'yuan',
      person: 'person',
      user: 'user',
      subscriber: 'subscriber',
      station: 'station',
    },
    scales: {
      '3': 'thousand',
      '6': 'million',
      '9': 'billion',
      '12': 'trillion',
    },
    labelScales: {
      '3': 'thousand',
      '4': '10 thousand',
      '6': 'million',
      '8': '100 million',
      '9': 'billion',
      '12': 'trillion',
    },
    per100Label: 'per 100 people',
  },
};

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

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Number((Math.round(Number((value * factor).toPrecision(15))) / factor).toPrecision(15));
}

export function formatNumber(value: number, lang: Language, maximumFractionDigits = 2): string {
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
  lang: Language,
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
export function unitLabel(unit: string | null, unitMult: number, lang: Language): string {
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
