/**
 * One unit's own figures for every period that its reported values fall in.
 * A value reported for exactly a period wins over its sub-periods (a unit
 * that reports a year and also its quarters is not counted twice); otherwise
 * a period's figure comes from the next finer periods that have one, month
 * to quarter to half-year to year, combined by the indicator's time rule.
 */
import {
  formatPeriod,
  parsePeriod,
  periodEnd,
  rollUp,
  type Period,
  type PeriodType,
} from '../periods.js';
import type { TimeAggregation } from './methods.js';

export interface OwnValue {
  period: string;
  value: number;
}

/** Finest first; each type rolls into the next. */
const LADDER: readonly PeriodType[] = ['month', 'quarter', 'half_year', 'year'];

/**
 * Figures by period code for one unit, indicator, basis and disaggregation.
 * The values may span several years; each period's figure uses only values
 * within it. With time rule `none`, only the reported periods have a figure.
 */
export function rollUpOwnValues(
  values: readonly OwnValue[],
  time: TimeAggregation,
): Map<string, number> {
  const figures = new Map<string, number>();
  const parsed = new Map<string, Period>();
  for (const { period, value } of values) {
    if (figures.has(period)) throw new Error(`period ${period} is given twice`);
    figures.set(period, value);
    parsed.set(period, parsePeriod(period));
  }
  if (time === 'none') return figures;
  // Sub-period figures (reported or rolled up) of each coarser period, keyed by the coarser period.
  for (let rung = 0; rung < LADDER.length - 1; rung++) {
    const finer = LADDER[rung]!;
    const coarser = LADDER[rung + 1]!;
    const parts = new Map<string, { period: Period; value: number }[]>();
    for (const [code, value] of figures) {
      const period = parsed.get(code)!;
      if (period.type !== finer) continue;
      const outer = rollUp(period, coarser);
      const outerCode = formatPeriod(outer);
      parsed.set(outerCode, outer);
      let list = parts.get(outerCode);
      if (!list) parts.set(outerCode, (list = []));
      list.push({ period, value });
    }
    for (const [outerCode, list] of parts) {
      if (figures.has(outerCode)) continue; // reported for exactly this period
      figures.set(outerCode, combine(list, time));
    }
  }
  return figures;
}

function combine(
  parts: readonly { period: Period; value: number }[],
  time: TimeAggregation,
): number {
  switch (time) {
    case 'sum':
      return parts.reduce((total, part) => total + part.value, 0);
    case 'average':
      return parts.reduce((total, part) => total + part.value, 0) / parts.length;
    case 'last': {
      let latest = parts[0]!;
      for (const part of parts) {
        if (periodEnd(part.period) > periodEnd(latest.period)) latest = part;
      }
      return latest.value;
    }
    case 'none':
      throw new Error('values are not combined over time');
  }
}

/** The year a period code belongs to: the unit of work of every aggregate update. */
export function yearOf(period: string): string {
  return period.slice(0, 4);
}
