/**
 * Where the trend leads: a log-linear trend ln x = a + b·t fitted by ordinary
 * least squares, projected to the target year with a prediction interval and
 * the probability of reaching the target.
 *
 * On the log scale the model is the textbook simple regression with normal
 * errors, so the projection of a new observation at T follows Student's t
 * with n − 2 degrees of freedom; intervals and probabilities are computed
 * there and transformed back with exp. The projected value exp(a + b·T) is
 * therefore the median of the projected value, not its mean.
 *
 * Time is in year-end units (time.ts). Pure: no I/O.
 */
import type { Comparator } from './assess.js';
import { studentTQuantile, studentTSurvival } from './student-t.js';
import { targetTime } from './time.js';

export const DEFAULT_PREDICTION_LEVELS = [0.8, 0.95] as const;

export interface ForecastObservation {
  period: string;
  value: number;
}

export interface ForecastOptions {
  /** Levels of the prediction intervals at T, each strictly between 0 and 1; default 0.8 and 0.95. */
  levels?: readonly number[];
}

export interface TrendFit {
  /** Points used: observations with a positive value. */
  n: number;
  degreesOfFreedom: number;
  /** a in ln x = a + b·t (t in years, so a is the line's value at year 0). */
  intercept: number;
  /** b: the slope of ln x per year. */
  slope: number;
  /** exp(b) − 1. */
  annualGrowth: number;
  /** t̄: mean time of the points. */
  meanTime: number;
  /** Mean of ln x over the points; the line passes through (t̄, this). */
  meanLog: number;
  /** Sxx = Σ(ti − t̄)². */
  sumSquaresTime: number;
  /** s = √(Σ residual² / (n − 2)) on the log scale; null with n = 2. */
  residualStandardError: number | null;
}

export interface PredictionInterval {
  level: number;
  lower: number;
  upper: number;
}

/** A point of the fitted line with its 80% and 95% prediction band, for a chart. */
export interface ForecastPoint {
  t: number;
  value: number;
  lower80: number | null;
  upper80: number | null;
  lower95: number | null;
  upper95: number | null;
}

export interface Forecast {
  targetYear: number;
  targetValue: number;
  comparator: Comparator;
  /** Points used in the fit. */
  n: number;
  /** Observations left out because a logarithm needs a positive, finite value. */
  excluded: ForecastObservation[];
  /** Null when fewer than two distinct times have a positive value. */
  fit: TrendFit | null;
  /** exp(a + b·T); null without a fit. */
  projected: number | null;
  /** Standard error of a new ln x at T: s·√(1 + 1/n + (T − t̄)²/Sxx); null without s. */
  predictionStandardError: number | null;
  /** At T, one per requested level; empty without s (n = 2). */
  intervals: PredictionInterval[];
  /** P(X_T ≥ x*) (at_least, approach) or P(X_T ≤ x*) (at_most); null without s or x* ≤ 0. */
  probability: number | null;
  /** The fitted line and its band for each whole year from the first observation to T. */
  points: ForecastPoint[];
  formula: string;
  notes: string[];
}

const FORMULA = [
  'ln x = a + b*t, fitted by ordinary least squares on the points with x > 0',
  'b = sum((ti - tm)(yi - ym)) / Sxx, Sxx = sum((ti - tm)^2), a = ym - b*tm, yi = ln xi',
  'projected = exp(a + b*T); annual growth = exp(b) - 1',
  's = sqrt(sum((yi - a - b*ti)^2) / (n - 2)); se = s * sqrt(1 + 1/n + (T - tm)^2 / Sxx)',
  'interval at level L: exp(a + b*T -/+ q * se), q = t quantile at (1 + L)/2 with n - 2 degrees of freedom',
  'P(reach) = P(T(n-2) >= (ln x* - (a + b*T)) / se) for at least, P(T(n-2) <= ...) for at most',
].join('; ');

interface LogPoint {
  t: number;
  y: number;
}

/**
 * The log-linear trend of `observations` (any order), projected to the end of
 * `targetYear` and compared with `targetValue`. `approach` is read as at
 * least here; pass the comparator the assessment applied
 * (Assessment.inputs.appliedComparator) for a decrease-is-good target.
 */
export function forecast(
  observations: readonly ForecastObservation[],
  targetYear: number,
  targetValue: number,
  comparator: Comparator,
  options: ForecastOptions = {},
): Forecast {
  const levels = checkedLevels(options.levels ?? DEFAULT_PREDICTION_LEVELS);
  const excluded = observations.filter((observation) => !usable(observation.value));
  const points = observations
    .filter((observation) => usable(observation.value))
    .map((observation) => ({ t: targetTime(observation.period), y: Math.log(observation.value) }))
    .sort((a, b) => a.t - b.t);
  const result: Forecast = {
    targetYear,
    targetValue,
    comparator,
    n: points.length,
    excluded,
    fit: null,
    projected: null,
    predictionStandardError: null,
    intervals: [],
    probability: null,
    points: [],
    formula: FORMULA,
    notes: excludedNotes(excluded),
  };
  const fit = fitTrend(points);
  if (fit === null) {
    result.notes.push('No forecast: a trend needs positive values at two distinct times at least.');
    return result;
  }
  const T = targetYear;
  const lineAt = (t: number): number => fit.meanLog + fit.slope * (t - fit.meanTime);
  result.fit = fit;
  result.projected = Math.exp(lineAt(T));
  result.points = chartPoints(fit, points, T, lineAt);
  if (fit.residualStandardError === null) {
    result.notes.push(
      'Two points: the line passes through both, so there is no residual spread to build a prediction interval or a probability from.',
    );
    return result;
  }
  const se = predictionError(fit, fit.residualStandardError, T);
  result.predictionStandardError = se;
  result.intervals = levels.map((level) => interval(lineAt(T), se, level, fit.degreesOfFreedom));
  result.probability = reachProbability(
    lineAt(T),
    se,
    fit.degreesOfFreedom,
    targetValue,
    comparator,
  );
  if (result.probability === null) {
    result.notes.push(
      'No probability: the target is not positive, and the trend only takes positive values.',
    );
  }
  return result;
}

/** A logarithm needs a positive value; NaN and Infinity would poison every sum. */
function usable(value: number): boolean {
  return value > 0 && Number.isFinite(value);
}

function checkedLevels(levels: readonly number[]): number[] {
  for (const level of levels) {
    if (!(level > 0 && level < 1)) {
      throw new RangeError(`a prediction level must lie strictly between 0 and 1, got ${level}`);
    }
  }
  return [...levels];
}

function excludedNotes(excluded: readonly ForecastObservation[]): string[] {
  if (excluded.length === 0) return [];
  const periods = excluded.map((observation) => observation.period).join(', ');
  return [`Left out, since a logarithm needs a positive, finite value: ${periods}.`];
}

/** OLS of y on t; null when the times do not vary (or there are fewer than two). */
function fitTrend(points: readonly LogPoint[]): TrendFit | null {
  const n = points.length;
  if (n < 2) return null;
  const meanTime = mean(points.map((point) => point.t));
  const meanLog = mean(points.map((point) => point.y));
  let sumSquaresTime = 0;
  let sumProducts = 0;
  for (const point of points) {
    // Centred sums: t ≈ 2020 would lose digits in Σt² − n·t̄².
    sumSquaresTime += (point.t - meanTime) ** 2;
    sumProducts += (point.t - meanTime) * (point.y - meanLog);
  }
  if (sumSquaresTime === 0) return null;
  const slope = sumProducts / sumSquaresTime;
  const degreesOfFreedom = n - 2;
  return {
    n,
    degreesOfFreedom,
    intercept: meanLog - slope * meanTime,
    slope,
    annualGrowth: Math.expm1(slope),
    meanTime,
    meanLog,
    sumSquaresTime,
    residualStandardError:
      degreesOfFreedom > 0 ? residualStandardError(points, meanTime, meanLog, slope) : null,
  };
}

function residualStandardError(
  points: readonly LogPoint[],
  meanTime: number,
  meanLog: number,
  slope: number,
): number {
  let sumSquares = 0;
  for (const point of points) sumSquares += (point.y - meanLog - slope * (point.t - meanTime)) ** 2;
  return Math.sqrt(sumSquares / (points.length - 2));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Standard error of a new observation's ln x at time t. */
function predictionError(fit: TrendFit, s: number, t: number): number {
  return s * Math.sqrt(1 + 1 / fit.n + (t - fit.meanTime) ** 2 / fit.sumSquaresTime);
}

function interval(center: number, se: number, level: number, df: number): PredictionInterval {
  const half = studentTQuantile((1 + level) / 2, df) * se;
  return { level, lower: Math.exp(center - half), upper: Math.exp(center + half) };
}

/** P(ln X_T ≥ ln x*) for at least and approach, P(ln X_T ≤ ln x*) for at most. */
function reachProbability(
  center: number,
  se: number,
  df: number,
  targetValue: number,
  comparator: Comparator,
): number | null {
  if (!(targetValue > 0)) return null;
  const logTarget = Math.log(targetValue);
  const atMost = comparator === 'at_most';
  if (se === 0) {
    // A perfect fit: the projection is certain.
    return (atMost ? center <= logTarget : center >= logTarget) ? 1 : 0;
  }
  const standardized = (logTarget - center) / se;
  // P(Tdf ≥ z) for at least; P(Tdf ≤ z) = P(Tdf ≥ −z) for at most.
  return studentTSurvival(atMost ? -standardized : standardized, df);
}

/** The line and band at each whole year from the first point's year (rounded up) to T. */
function chartPoints(
  fit: TrendFit,
  points: readonly LogPoint[],
  T: number,
  lineAt: (t: number) => number,
): ForecastPoint[] {
  const first = points[0];
  if (!first) return [];
  const chart: ForecastPoint[] = [];
  const s = fit.residualStandardError;
  for (let year = Math.ceil(first.t); year <= T; year++) {
    const center = lineAt(year);
    const band = (level: number): PredictionInterval | null =>
      s === null
        ? null
        : interval(center, predictionError(fit, s, year), level, fit.degreesOfFreedom);
    const band80 = band(0.8);
    const band95 = band(0.95);
    chart.push({
      t: year,
      value: Math.exp(center),
      lower80: band80?.lower ?? null,
      upper80: band80?.upper ?? null,
      lower95: band95?.lower ?? null,
      upper95: band95?.upper ?? null,
    });
  }
  return chart;
}
