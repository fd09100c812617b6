import { formatNumber, formatQuantity, unitLabel, type Lang } from './quantity';

/**
 * A value in the indicator's own unit and multiplier, never rescaled: "0.9 万亿元"
 * next to "4.8 万亿元" (formatQuantity would say "9,000 亿元"), so figures set side
 * by side (bars, a table column) read in one unit. Percentages and rates per 100
 * people have no scale and are formatted as usual.
 */
export function formatInUnit(
  value: number,
  unit: string | null,
  unitMult: number,
  lang: Lang,
  digits = 2,
): string {
  if ((unit === 'percent' || unit === 'per_100_people') && unitMult === 0)
    return formatQuantity(value, unit, unitMult, lang, { maximumFractionDigits: digits });
  const label = unitLabel(unit, unitMult, lang);
  const number = formatNumber(value, lang, digits);
  return label ? `${number} ${label}` : number;
}
