/**
 * Student's t distribution: density, CDF, upper tail and quantile, for the
 * prediction intervals of the trend forecast.
 *
 * Implemented here rather than taken from npm: the packages made for exactly
 * this (@stdlib/stats-base-dists-t-cdf and -quantile) bring about 230
 * transitive packages, and the general libraries ship no types. The CDF goes
 * through the regularized incomplete beta function, evaluated with the
 * continued fraction of Numerical Recipes (§6.4, modified Lentz), and the
 * quantile inverts the CDF by Newton's method kept inside a bracket.
 *
 * Pure: no I/O.
 */

/** Coefficients of the Lanczos approximation, g = 7, n = 9 (about 15 significant digits). */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Stops the continued fraction once a further term changes it by less than this. */
const CONTINUED_FRACTION_EPSILON = 1e-16;
/** Far more than needed for the degrees of freedom of a trend fit (it converges in O(√df)). */
const CONTINUED_FRACTION_MAX_TERMS = 10_000;
/** Keeps the Lentz recurrences away from a division by zero. */
const TINY = 1e-300;

const QUANTILE_MAX_ITERATIONS = 500;

/** ln Γ(x) for x > 0 (Lanczos). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the approximation on the side where it is accurate.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const shifted = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) {
    series += (LANCZOS_COEFFICIENTS[i] ?? 0) / (shifted + i);
  }
  const base = shifted + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(base) - base + Math.log(series);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** The regularized incomplete beta function I_x(a, b), for 0 ≤ x ≤ 1 and a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incomplete beta needs 0 <= x <= 1, got ${x}`);
  return incompleteBeta(x, 1 - x, a, b);
}

/**
 * I_x(a, b) with y = 1 − x passed separately: callers that know y exactly
 * (the t distribution does) keep the digits a subtraction 1 − x would lose.
 */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got ${a}, ${b}`);
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  // The continued fraction converges fast only below the mean; above it, use I_x(a,b) = 1 − I_y(b,a).
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(y, b, a)) / b;
}

/** The continued fraction for I_x(a, b) (Numerical Recipes betacf, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const sum = a + b;
  let c = 1;
  let d = nonZero(1 - (sum * x) / (a + 1));
  d = 1 / d;
  let fraction = d;
  for (let m = 1; m <= CONTINUED_FRACTION_MAX_TERMS; m++) {
    const twoM = 2 * m;
    const even = (m * (b - m) * x) / ((a - 1 + twoM) * (a + twoM));
    d = 1 / nonZero(1 + even * d);
    c = nonZero(1 + even / c);
    fraction *= d * c;
    const odd = (-(a + m) * (sum + m) * x) / ((a + twoM) * (a + 1 + twoM));
    d = 1 / nonZero(1 + odd * d);
    c = nonZero(1 + odd / c);
    const change = d * c;
    fraction *= change;
    if (Math.abs(change - 1) < CONTINUED_FRACTION_EPSILON) return fraction;
  }
  throw new RangeError(`incomplete beta did not converge for x=${x}, a=${a}, b=${b}`);
}

function nonZero(value: number): number {
  return Math.abs(value) < TINY ? TINY : value;
}

function checkDegreesOfFreedom(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`degrees of freedom must be a positive finite number, got ${df}`);
  }
}

/** Density of Student's t with `df` degrees of freedom. */
export function studentTPdf(x: number, df: number): number {
  checkDegreesOfFreedom(df);
  const logDensity =
    logGamma((df + 1) / 2) -
    logGamma(df / 2) -
    0.5 * Math.log(df * Math.PI) -
    ((df + 1) / 2) * Math.log1p((x * x) / df);
  return Math.exp(logDensity);
}

/** P(T ≤ x) for Student's t with `df` degrees of freedom. */
export function studentTCdf(x: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 0.5;
  return x > 0 ? 1 - upperTail(x, df) : upperTail(-x, df);
}

/** P(T > x): the upper tail, without the cancellation of 1 − CDF far out. */
export function studentTSurvival(x: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 0.5;
  return x > 0 ? upperTail(x, df) : 1 - upperTail(-x, df);
}

/** P(T > x) for x > 0. */
function upperTail(x: number, df: number): number {
  const squared = x * x;
  if (!Number.isFinite(squared)) return 0;
  // Both fractions are formed directly so that neither is 1 minus the other.
  const toDf = df / (df + squared);
  const toSquared = squared / (df + squared);
  if (squared < df) {
    // Near the centre, P(|T| < x) = I_{x²/(df+x²)}(1/2, df/2) keeps its digits.
    return 0.5 - 0.5 * incompleteBeta(toSquared, toDf, 0.5, df / 2);
  }
  // In the tail, P(|T| > x) = I_{df/(df+x²)}(df/2, 1/2) is the small number itself.
  return 0.5 * incompleteBeta(toDf, toSquared, df / 2, 0.5);
}

/** The x with P(T ≤ x) = p, for 0 < p < 1 (±Infinity at 0 and 1). */
export function studentTQuantile(p: number, df: number): number {
  checkDegreesOfFreedom(df);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must lie in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Solve on the smaller tail, where the CDF is most precise, then mirror.
  const tail = Math.min(p, 1 - p);
  const x = upperTailInverse(tail, df);
  return p > 0.5 ? x : -x;
}

/** The x > 0 with P(T > x) = tail, for 0 < tail < 0.5. */
function upperTailInverse(tail: number, df: number): number {
  let below = 0;
  let above = 1;
  while (upperTail(above, df) > tail) {
    below = above;
    above *= 2;
  }
  let x = (below + above) / 2;
  for (let i = 0; i < QUANTILE_MAX_ITERATIONS; i++) {
    const excess = upperTail(x, df) - tail;
    if (excess === 0) return x;
    // The tail falls as x grows: a positive excess means the root lies further out.
    if (excess > 0) below = x;
    else above = x;
    const newton = x + excess / studentTPdf(x, df);
    const next = newton > below && newton < above ? newton : (below + above) / 2;
    if (Math.abs(next - x) <= 4 * Number.EPSILON * x) return next;
    x = next;
  }
  return x;
}
