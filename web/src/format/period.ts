/**
 * Reporting periods as the API sends them: "2015" (year), "2016S1" (half
 * year), "2016Q4" (quarter), "2016M03" or "2016-03" (month).
 */
export interface ParsedPeriod {
  year: number;
  type: 'year' | 'half_year' | 'quarter' | 'month';
  /** 1-based half, quarter or month; 0 for a year. */
  part: number;
  /** Months in the period. */
  months: number;
}

export function parsePeriod(period: string): ParsedPeriod | null {
  const text = period.trim();
  let match = /^(\d{4})$/.exec(text);
  if (match) return { year: Number(match[1]), type: 'year', part: 0, months: 12 };
  match = /^(\d{4})-?[SH]([12])$/i.exec(text);
  if (match)
    return { year: Number(match[1]), type: 'half_year', part: Number(match[2]), months: 6 };
  match = /^(\d{4})-?Q([1-4])$/i.exec(text);
  if (match) return { year: Number(match[1]), type: 'quarter', part: Number(match[2]), months: 3 };
  match = /^(\d{4})-?M?(0?[1-9]|1[0-2])$/i.exec(text);
  if (match) return { year: Number(match[1]), type: 'month', part: Number(match[2]), months: 1 };
  return null;
}

/** Last month (1-12) covered by a period. */
function endMonth(p: ParsedPeriod): number {
  return p.type === 'year' ? 12 : p.part * p.months;
}

/**
 * Position on a chart's year axis: a year sits on its integer, a shorter
 * period at its middle relative to the middle of the year (2016S1 -> 2015.75,
 * 2016Q4 -> 2016.375), so "2016" on the axis reads as the year 2016.
 */
export function periodPosition(period: string): number | null {
  const p = parsePeriod(period);
  if (!p) return null;
  if (p.type === 'year') return p.year;
  const middle = endMonth(p) - p.months / 2; // months into the year
  return p.year + (middle - 6) / 12;
}

/** Orders periods chronologically by their end, a year after its sub-periods ending the same month. */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (!pa || !pb) return a.localeCompare(b);
  const ea = pa.year * 12 + endMonth(pa);
  const eb = pb.year * 12 + endMonth(pb);
  if (ea !== eb) return ea - eb;
  return pa.months - pb.months;
}

/** True when the period ends with the given year: "2020", "2020S2", "2020Q4", "2020M12". */
export function endsYear(period: string, year: number): boolean {
  const p = parsePeriod(period);
  return p !== null && p.year === year && endMonth(p) === 12;
}
