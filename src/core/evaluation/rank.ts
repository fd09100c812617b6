/**
 * The ranking of a year's scores, with the change against the previous year.
 */

/** Points as shown to people: two decimals (half away from zero on the exact binary value). */
export function roundPoints(value: number): number {
  return Number(value.toFixed(2));
}

export interface RankedUnit {
  unit: string;
  /** Full precision, as scored. */
  total: number;
  /** Rounded to two decimals: what the ranking compares. */
  shownTotal: number;
  /** Competition ranking: 1, 2, 2, 4. */
  rank: number;
  previousRank: number | null;
  previousTotal: number | null;
  /** previousRank − rank: positive when the unit moved up; null when it was not ranked before. */
  rankChange: number | null;
  /** Difference of the shown totals, itself rounded; null when the unit was not ranked before. */
  totalChange: number | null;
}

export interface PreviousRank {
  rank: number;
  total: number;
}

/**
 * Ranks units by total, highest first. Totals are compared as shown (two
 * decimals): two units whose printed points are equal must not be told apart
 * by floating-point noise or by a difference nobody can see. Ties share the
 * rank and are listed by unit code.
 */
export function rankUnits(
  scores: readonly { unit: string; total: number }[],
  previous: ReadonlyMap<string, PreviousRank> = new Map(),
): RankedUnit[] {
  const shown = scores
    .map((score) => ({
      unit: score.unit,
      total: score.total,
      shownTotal: roundPoints(score.total),
    }))
    .sort(
      (a, b) => b.shownTotal - a.shownTotal || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0),
    );
  let rank = 0;
  return shown.map((score, index) => {
    if (index === 0 || score.shownTotal !== shown[index - 1]!.shownTotal) rank = index + 1;
    const before = previous.get(score.unit);
    return {
      ...score,
      rank,
      previousRank: before?.rank ?? null,
      previousTotal: before ? roundPoints(before.total) : null,
      rankChange: before ? before.rank - rank : null,
      totalChange: before ? roundPoints(score.shownTotal - roundPoints(before.total)) : null,
    };
  });
}
