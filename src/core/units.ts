/**
 * Units and multipliers. A value is stored in its indicator's unit and
 * multiplier (SDMX UNIT_MULT: a power of ten), e.g. 6 with unit "yuan" and
 * multiplier 12 is 6 trillion yuan (6 万亿元).
 */
export const UNIT_CODES = [
  'yuan',
  'person',
  'user',
  'subscriber',
  'station',
  'bit_per_second',
  'percent',
  'per_100_people',
] as const;
export type UnitCode = (typeof UNIT_CODES)[number];

/** A quantity as published: "6.88 (100 million persons)" is { unit: 'person', multiplier: 8 }. */
export interface PublishedUnit {
  unit: UnitCode;
  multiplier: number;
  /** The population a percentage refers to, where the label says ("percent of households"). */
  of: string | null;
}

const SCALE_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/^trillion\s+/i, 12],
  [/^billion\s+/i, 9],
  [/^100 million\s+/i, 8],
  [/^10 thousand\s+/i, 4],
  [/^million\s+/i, 6],
  [/^thousand\s+/i, 3],
];

const UNIT_WORDS: ReadonlyArray<[RegExp, UnitCode]> = [
  [/^yuan$/i, 'yuan'],
  [/^persons?$/i, 'person'],
  [/^users?$/i, 'user'],
  [/^subscribers?$/i, 'subscriber'],
  [/^stations?$/i, 'station'],
  [/^per 100 people$/i, 'per_100_people'],
];

const BIT_RATES: Record<string, number> = { bps: 0, kbps: 3, mbps: 6, gbps: 9, tbps: 12 };

/** Reads a unit label as printed in a figures file. Returns null for a label it does not know. */
export function parseUnitLabel(label: string): PublishedUnit | null {
  const text = label.trim();
  const rate = BIT_RATES[text.toLowerCase()];
  if (rate !== undefined) return { unit: 'bit_per_second', multiplier: rate, of: null };
  const percent = /^(?:percent|%)(?:\s+of\s+(.+))?$/i.exec(text);
  if (percent) return { unit: 'percent', multiplier: 0, of: percent[1] ?? null };
  let rest = text;
  let multiplier = 0;
  for (const [pattern, power] of SCALE_WORDS) {
    if (pattern.test(rest)) {
      multiplier = power;
      rest = rest.replace(pattern, '');
      break;
    }
  }
  for (const [pattern, unit] of UNIT_WORDS) {
    if (pattern.test(rest)) return { unit, multiplier, of: null };
  }
  return null;
}

/** value × 10^shift without binary float drift on exact decimals (6220.764 Gbps is 6.220764 Tbps). */
export function shiftDecimal(value: number, shift: number): number {
  if (shift === 0) return value;
  return Number((value * 10 ** shift).toPrecision(15));
}

/** Converts a value between multipliers of the same unit. */
export function rescale(value: number, fromMultiplier: number, toMultiplier: number): number {
  return shiftDecimal(value, fromMultiplier - toMultiplier);
}
