/**
 * How far a value has come towards a numeric target. Pure, so the overview
 * badge and the indicator page agree and it can be tested without a browser.
 */
import type { DataValue } from '../../../src/api/contract';
import { comparePeriods, endsYear } from './period';

export type Direction = 'increase' | 'decrease' | 'none';

/**
 * Attainment in percent of the target, one decimal (37.21 against 38 -> 97.9).
 * For a "decrease" indicator it is target / actual. Null when undefined (a zero denominator).
 */
export function attainmentPercent(
  actual: number,
  target: number,
  direction: Direction,
): number | null {
  const ratio = direction === 'decrease' ? target / actual : actual / target;
  if (!Number.isFinite(ratio)) return null;
  return Math.round(ratio * 1000) / 10;
}

/**
 * The value that measures a target for `year`: the annual value for that
 * year, else the sub-annual value ending with the year (2020S2, 2020Q4).
 * With values on several bases, `preferredBasis` wins, then the first basis alphabetically.
 */
export function valueForYear(
  values: readonly DataValue[],
  year: number,
  preferredBasis?: string | null,
): DataValue | null {
  const candidates = values.filter((v) => endsYear(v.period, year));
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => {
    const annual = Number(b.period === String(year)) - Number(a.period === String(year));
    if (annual !== 0) return annual;
    const preferred = Number(b.basis === preferredBasis) - Number(a.basis === preferredBasis);
    if (preferred !== 0) return preferred;
    return a.basis < b.basis ? -1 : a.basis > b.basis ? 1 : -comparePeriods(a.period, b.period);
  });
  return candidates[0] ?? null;
}

/** Distinct bases of a series in a stable order (alphabetical), for colours and series. */
export function basesOf(values: readonly DataValue[]): string[] {
  return [...new Set(values.map((v) => v.basis))].sort();
}
