/**
 * Periods as DHIS2-style codes: `2020` (year), `2020S1` (half-year),
 * `2020Q3` (quarter), `202007` (month). Parsing, ordering and roll-up from
 * month to quarter to half-year to year. Pure: no I/O, no clock.
 */

export const PERIOD_TYPES = ['year', 'half_year', 'quarter', 'month'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface Period {
  type: PeriodType;
  year: number;
  /** 1-based index within the year: half 1-2, quarter 1-4, month 1-12; 1 for a year. */
  index: number;
}

export class PeriodCodeError extends Error {
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(`"${code}" is not a period code: ${reason}. Use 2020, 2020S1, 2020Q3 or 202007.`);
    this.name = 'PeriodCodeError';
  }
}

const PERIODS_PER_YEAR: Record<PeriodType, number> = {
  year: 1,
  half_year: 2,
  quarter: 4,
  month: 12,
};
const MONTHS_PER_PERIOD: Record<PeriodType, number> = {
  year: 12,
  half_year: 6,
  quarter: 3,
  month: 1,
};
/** Coarseness rank: a period rolls up only into a coarser type. */
const RANK: Record<PeriodType, number> = { month: 0, quarter: 1, half_year: 2, year: 3 };

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/** Parses a period code; throws PeriodCodeError with the reason when it is not one. */
export function parsePeriod(code: string): Period {
  const match = /^(\d{4})(?:([SQ])(\d{1,2})|(\d{2}))?$/.exec(code);
  if (!match)
    throw new PeriodCodeError(
      code,
      'expected four digits of a year, optionally followed by S1-S2, Q1-Q4 or a two-digit month',
    );
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw new PeriodCodeError(code, `year ${year} is outside ${MIN_YEAR}-${MAX_YEAR}`);
  if (match[2] === 'S') return checked(code, 'half_year', year, Number(match[3]));
  if (match[2] === 'Q') return checked(code, 'quarter', year, Number(match[3]));
  if (match[4] !== undefined) return checked(code, 'month', year, Number(match[4]));
  return { type: 'year', year, index: 1 };
}

function checked(code: string, type: PeriodType, year: number, index: number): Period {
  const max = PERIODS_PER_YEAR[type];
  if (!Number.isInteger(index) || index < 1 || index > max) {
    const label = { year: 'year', half_year: 'half-year', quarter: 'quarter', month: 'month' }[
      type
    ];
    throw new PeriodCodeError(code, `${label} ${index} is outside 1-${max}`);
  }
  return { type, year, index };
}

/** Returns the period, or null when the code is not a valid period code. */
export function tryParsePeriod(code: string): Period | null {
  try {
    return parsePeriod(code);
  } catch (error) {
    if (error instanceof PeriodCodeError) return null;
    throw error;
  }
}

export function formatPeriod(period: Period): string {
  switch (period.type) {
    case 'year':
      return String(period.year);
    case 'half_year':
      return `${period.year}S${period.index}`;
    case 'quarter':
      return `${period.year}Q${period.index}`;
    case 'month':
      return `${period.year}${String(period.index).padStart(2, '0')}`;
  }
}

/** First month (1-12) of the period. */
function firstMonth(period: Period): number {
  return (period.index - 1) * MONTHS_PER_PERIOD[period.type] + 1;
}

/** First day of the period as an ISO date. */
export function periodStart(period: Period): string {
  return `${period.year}-${String(firstMonth(period)).padStart(2, '0')}-01`;
}

/** Last day of the period as an ISO date. */
export function periodEnd(period: Period): string {
  const lastMonth = firstMonth(period) + MONTHS_PER_PERIOD[period.type] - 1;
  const lastDay = new Date(Date.UTC(period.year, lastMonth, 0)).getUTCDate();
  return `${period.year}-${String(lastMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

/**
 * Orders periods by their end date, then the shorter period first: a year
 * sorts after its last quarter, which ends on the same day. That is how a
 * series of mixed period types reads on a time axis ("2016S1" before "2016").
 */
export function comparePeriods(a: Period, b: Period): number {
  const byEnd = periodEnd(a).localeCompare(periodEnd(b));
  if (byEnd !== 0) return byEnd;
  return RANK[a.type] - RANK[b.type];
}

/** The period of `type` that contains `period`; throws when `type` is finer than the period's own. */
export function rollUp(period: Period, type: PeriodType): Period {
  if (RANK[type] < RANK[period.type]) {
    throw new RangeError(
      `cannot roll ${formatPeriod(period)} (${period.type}) up into the finer type ${type}`,
    );
  }
  const month = firstMonth(period);
  return { type, year: period.year, index: Math.floor((month - 1) / MONTHS_PER_PERIOD[type]) + 1 };
}

/** The periods of `type` that make up `period`, in order. */
export function periodsWithin(period: Period, type: PeriodType): Period[] {
  if (RANK[type] > RANK[period.type]) {
    throw new RangeError(
      `${formatPeriod(period)} (${period.type}) has no ${type} periods within it`,
    );
  }
  const count = MONTHS_PER_PERIOD[period.type] / MONTHS_PER_PERIOD[type];
  const first = (firstMonth(period) - 1) / MONTHS_PER_PERIOD[type] + 1;
  return Array.from({ length: count }, (_, offset) => ({
    type,
    year: period.year,
    index: first + offset,
  }));
}

/** Whether `inner` lies within `outer` (a period contains itself). */
export function periodContains(outer: Period, inner: Period): boolean {
  return (
    RANK[outer.type] >= RANK[inner.type] &&
    formatPeriod(rollUp(inner, outer.type)) === formatPeriod(outer)
  );
}
