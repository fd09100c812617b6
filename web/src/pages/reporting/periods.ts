/**
 * Which periods the reporting pages offer, and how deep a unit code sits:
 * shared by the form picker, the review queue and the completeness page.
 */
import type { DataSetSummary } from '../../api/client';
import { formatPeriod as periodCode, periodEnd, type Period } from '../../../../src/core/periods';
import { addDays } from '../../../../src/core/reporting/timeliness';

const PER_YEAR: Record<Period['type'], number> = { year: 1, half_year: 2, quarter: 4, month: 12 };

/**
 * Periods of the data set's type around today, newest first, and the latest
 * whose reporting window has opened (the server may override a period's
 * window; this is the default one).
 */
export function reportingPeriods(
  dataSet: Pick<DataSetSummary, 'periodType' | 'opensAfterDays'>,
  today: string,
  count = 10,
): { periods: { code: string; open: boolean }[]; latestOpen: string } {
  const perYear = PER_YEAR[dataSet.periodType];
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  // The period containing today, then earlier ones.
  let current: Period = {
    type: dataSet.periodType,
    year,
    index: Math.ceil((month * perYear) / 12),
  };
  const previous = (p: Period): Period =>
    p.index > 1 ? { ...p, index: p.index - 1 } : { ...p, year: p.year - 1, index: perYear };
  const opened = (p: Period) => addDays(periodEnd(p), dataSet.opensAfterDays) <= today;
  const periods: { code: string; open: boolean }[] = [];
  // Keep at most one period that has not opened yet (the next to report).
  while (!opened(current) && !opened(previous(current))) current = previous(current);
  let latestOpen: string | null = null;
  for (let p = current; periods.length < count; p = previous(p)) {
    const open = opened(p);
    if (open && latestOpen === null) latestOpen = periodCode(p);
    periods.push({ code: periodCode(p), open });
  }
  return { periods, latestOpen: latestOpen ?? periods[periods.length - 1]!.code };
}

/** 0 nation, 1 province or central department, 2 prefecture, 3 county (GB/T 2260 codes). */
export function depthOf(code: string): number {
  if (code === 'CN') return 0;
  if (!/^\d{6}$/.test(code) || code.endsWith('0000')) return 1;
  return code.endsWith('00') ? 2 : 3;
}
