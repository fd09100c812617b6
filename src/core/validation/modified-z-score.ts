/**
 * The modified z-score of Iglewicz and Hoaglin (1993): how far a value lies
 * from the median of earlier values, in units of their median absolute
 * deviation. Median-based, so one earlier outlier does not hide the next one
 * the way a mean and standard deviation would.
 */

/** Fewer earlier values than this say too little about what is usual: no score. */
export const MIN_OUTLIER_HISTORY = 4;

/** The usual threshold for |M| (Iglewicz and Hoaglin). */
export const DEFAULT_OUTLIER_THRESHOLD = 3.5;

/** 0.6745 is the 0.75 quantile of the standard normal: MAD / 0.6745 estimates σ for normal data. */
const MAD_FACTOR = 0.6745;
/** √(π/2): mean absolute deviation × 1.253314 estimates σ for normal data (used when MAD is 0). */
const MEAN_AD_FACTOR = 1.253314;

export interface ModifiedZScore {
  /** Signed; ±Infinity when the history has no spread at all and the value differs from it. */
  score: number;
  median: number;
  /** Median absolute deviation from the median. */
  mad: number;
  /** Mean absolute deviation from the median. */
  meanAd: number;
  /** Which spread the score divides by: MAD, the mean absolute deviation (MAD is 0), or none (both are 0). */
  method: 'mad' | 'meanad' | 'degenerate';
}

/**
 * The score of `value` against `history` (earlier values, any order).
 * Points of the history that are not finite numbers are left out; null when
 * fewer than MIN_OUTLIER_HISTORY remain or `value` itself is not finite.
 */
export function modifiedZScore(value: number, history: readonly number[]): ModifiedZScore | null {
  if (!Number.isFinite(value)) return null;
  const points = history.filter((point) => Number.isFinite(point));
  if (points.length < MIN_OUTLIER_HISTORY) return null;

  const center = median(points);
  const deviations = points.map((point) => Math.abs(point - center));
  const mad = median(deviations);
  const meanAd = deviations.reduce((sum, deviation) => sum + deviation, 0) / deviations.length;
  const distance = value - center;

  if (mad > 0)
    return { score: (MAD_FACTOR * distance) / mad, median: center, mad, meanAd, method: 'mad' };
  if (meanAd > 0) {
    return {
      score: distance / (MEAN_AD_FACTOR * meanAd),
      median: center,
      mad,
      meanAd,
      method: 'meanad',
    };
  }
  const score = distance === 0 ? 0 : distance > 0 ? Infinity : -Infinity;
  return { score, median: center, mad, meanAd, method: 'degenerate' };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // Callers pass at least one value; the fallbacks only satisfy the index checks.
  if (sorted.length % 2 === 1) return sorted[middle] ?? NaN;
  // Halved before adding: (a + b) / 2 overflows for two values near the largest double.
  return (sorted[middle - 1] ?? NaN) / 2 + (sorted[middle] ?? NaN) / 2;
}
