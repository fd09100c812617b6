/**
 * The time axis of progress assessment, in "year-end" units.
 *
 * A plan's target "for 2020" means the value at the end of 2020, so the
 * target year T is the time coordinate of that year's end: t = 2020. An
 * observation gets the time of its own end: every period that ends on
 * 31 December of year Y has t = Y (`2020`, `2020S2`, `2020Q4`, `202012`).
 * Growth over t − t0 years is then measured between the ends of the two
 * periods, which is what "compound annual growth" between two year-end
 * figures means.
 *
 * Pure: no I/O, no clock.
 */
import { parsePeriod, periodEnd, type Period } from '../periods.js';

const MS_PER_DAY = 86_400_000;

/**
 * The time coordinate of the end of the period `periodCode` (see the module
 * comment). Throws PeriodCodeError for a code that is not a period.
 *
 * - year, or any period ending on 31 December of Y: Y;
 * - half-year: Y − 1 + k/2 exactly (`2016S1` → 2015.5), because half-yearly
 *   rounds such as CNNIC's surveys are reported as "end of June" and "year
 *   end", half a year apart, and the plan's arithmetic reads them that way;
 * - month and quarter: Y − 1 + (days from 1 January of Y to the day after the
 *   period's end) / (days in Y), so `2020Q1` → 2019 + 91/366.
 */
export function targetTime(periodCode: string): number {
  return periodTime(parsePeriod(periodCode));
}

/** targetTime for a parsed period. */
export function periodTime(period: Period): number {
  if (period.type === 'half_year') return period.year - 1 + period.index / 2;
  return period.year - 1 + daysElapsedAtEnd(period) / daysInYear(period.year);
}

/** Days from 1 January of the period's year to the day after the period ends. */
function daysElapsedAtEnd(period: Period): number {
  const [year, month, day] = periodEnd(period).split('-').map(Number) as [number, number, number];
  // Date.UTC rolls day + 1 over into the next month or year, as wanted.
  return (Date.UTC(year, month - 1, day + 1) - Date.UTC(period.year, 0, 1)) / MS_PER_DAY;
}

function daysInYear(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / MS_PER_DAY;
}
