/** The period types the analytics pages offer, and how far back their pickers go. */
export const PERIOD_TYPES = ['year', 'half_year', 'quarter', 'month'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

/** Years the period pickers look back to: the Outline was issued in 2016, its baseline is 2015. */
export const FIRST_YEAR = 2010;

export function asPeriodType(value: string | null): PeriodType {
  return PERIOD_TYPES.find((p) => p === value) ?? 'year';
}
