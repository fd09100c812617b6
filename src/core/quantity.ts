/**
 * Shows a value with its unit and multiplier the way readers of each
 * language expect: 6 (yuan, ×10^12) is "6 万亿元" in Chinese and
 * "6 trillion yuan" in English; 20 (bps, ×10^12) is "20 Tbps" in both.
 */
export type Language = 'zh-CN' | 'en';

const ZH_SCALES: ReadonlyArray<[number, string]> = [
  [12, '万亿'],
  [8, '亿'],
  [4, '万'],
  [0, ''],
];
const EN_SCALES: ReadonlyArray<[number, string]> = [
  [12, ' trillion'],
  [9, ' billion'],
  [6, ' million'],
  [3, ' thousand'],
  [0, ''],
];
const BIT_RATE_PREFIXES: ReadonlyArray<[number, string]> = [
  [12, 'T'],
  [9, 'G'],
  [6, 'M'],
  [3, 'k'],
  [0, ''],
];

const UNIT_LABELS: Record<string, { zh: string; en: string }> = {
  yuan: { zh: '元', en: 'yuan' },
  person: { zh: '人', en: 'persons' },
  user: { zh: '户', en: 'users' },
  subscriber: { zh: '户', en: 'subscribers' },
  station: { zh: '个', en: 'stations' },
  per_100_people: { zh: '户/百人', en: 'per 100 people' },
};

/** Rounds to at most `digits` significant decimals and drops trailing zeros. */
function plain(value: number, maxFractionDigits = 2): string {
  return Number(value.toFixed(maxFractionDigits)).toString();
}

/** Picks the largest scale not above the value's magnitude (at least the unit itself). */
function pickScale(magnitude: number, scales: ReadonlyArray<[number, string]>): [number, string] {
  for (const scale of scales) {
    if (magnitude >= 10 ** scale[0]) return scale;
  }
  return scales[scales.length - 1]!;
}

export function formatQuantity(
  value: number,
  unit: string | null,
  unitMult: number,
  language: Language,
): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'percent') return `${plain(value * 10 ** unitMult, 1)}%`;
  const absolute = value * 10 ** unitMult;
  const magnitude = Math.abs(absolute);
  if (unit === 'bit_per_second') {
    const [power, prefix] = pickScale(magnitude, BIT_RATE_PREFIXES);
    return `${plain(absolute / 10 ** power)} ${prefix}bps`;
  }
  const label = unit ? UNIT_LABELS[unit] : undefined;
  if (language === 'zh-CN') {
    const [power, word] = pickScale(magnitude, ZH_SCALES);
    const number = plain(absolute / 10 ** power);
    return label ? `${number} ${word}${label.zh}` : `${number}${word}`;
  }
  const [power, word] = pickScale(magnitude, EN_SCALES);
  const number = plain(absolute / 10 ** power);
  return label ? `${number}${word} ${label.en}` : `${number}${word}`;
}
