import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast } from './forecast.js';
import { expectRelative, series } from '../../test-support/numbers.js';

// data/figures/national-figures.csv, trillion yuan.
const ECOMMERCE = series(
  ['2015', 20.8],
  ['2016', 26.1],
  ['2018', 31.63],
  ['2019', 34.81],
  ['2020', 37.21],
  ['2021', 42.3],
  ['2022', 43.83],
);

describe('forecast', () => {
  /*
   * Reference: numpy.polyfit(t, ln x, 1) and scipy.stats.t on the same seven points.
   *   b = 0.10274220174055, s = 0.0508966969334, n = 7, df = 5
   *   projected 2025 = exp(a + 2025 b) = 62.6526250023607
   *   se = s √(1 + 1/7 + (2025 − 2018.714285714)² / 39.428571429) = 0.0745411195046
   *   80%: t(0.9, 5) = 1.475884 → [56.1255716149, 69.9387339273]
   *   95%: t(0.975, 5) = 2.570582 → [51.7276022729, 75.8850448737]
   *   P(X_2025 ≥ 67) = P(T5 ≥ (ln 67 − ln 62.6526250024) / 0.0745411195) = 0.204685496653
   */
  it('e-commerce towards 67 trillion yuan in 2025', () => {
    const result = forecast(ECOMMERCE, 2025, 67, 'at_least');
    expect(result.n).toBe(7);
    expect(result.fit?.degreesOfFreedom).toBe(5);
    expectRelative(result.fit?.slope, 0.1027422017405535);
    expectRelative(result.fit?.annualGrowth, Math.expm1(0.1027422017405535));
    expectRelative(result.fit?.residualStandardError, 0.05089669693342539);
    expectRelative(result.fit?.meanTime, 2018.7142857142858, 1e-15);
    expectRelative(result.fit?.sumSquaresTime, 39.42857142857143, 1e-12);
    expectRelative(result.projected, 62.6526250023607);
    expectRelative(result.predictionStandardError, 0.07454111950455512);
    expect(result.intervals.map((interval) => interval.level)).toEqual([0.8, 0.95]);
    expectRelative(result.intervals[0]?.lower, 56.12557161485593);
    expectRelative(result.intervals[0]?.upper, 69.93873392725374);
    expectRelative(result.intervals[1]?.lower, 51.727602272895794);
    expectRelative(result.intervals[1]?.upper, 75.8850448736774);
    expectRelative(result.probability, 0.20468549665284916, 1e-8);
    // The intercept is the line's value at year 0: far from the data, but it redoes the line.
    expectRelative(
      Math.exp((result.fit?.intercept ?? NaN) + 2025 * (result.fit?.slope ?? NaN)),
      62.6526250023607,
      1e-9,
    );
  });

  it('draws the line and its band for each whole year from the first observation to T', () => {
    const result = forecast(ECOMMERCE, 2025, 67, 'at_least');
    expect(result.points.map((point) => point.t)).toEqual([
      2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025,
    ]);
    const last = result.points.at(-1);
    expectRelative(last?.value, 62.6526250023607);
    expectRelative(last?.lower80, 56.12557161485593);
    expectRelative(last?.upper95, 75.8850448736774);
    for (const point of result.points) {
      expect(point.lower95).toBeLessThan(point.lower80 ?? NaN);
      expect(point.lower80).toBeLessThan(point.value);
      expect(point.upper80).toBeGreaterThan(point.value);
      expect(point.upper95).toBeGreaterThan(point.upper80 ?? NaN);
    }
  });

  /*
   * Bandwidth, 48 Tbps in 2025, from four half-yearly figures at t = 2015.5, 2016.5, 2017.5, 2020
   * (reference: numpy and scipy.stats.t): b = 0.128887675849 (13.76% a year), s = 0.066179264442,
   * df = 2; projected 22.5127344257; se = 0.168034448426;
   * 95%: [10.9253660416, 46.3895863436]; P(X_2025 ≥ 48) = 0.0229463380915.
   */
  it('bandwidth towards 48 Tbps in 2025, from half-year observations', () => {
    const bandwidth = series(
      ['2016S1', 6.220764],
      ['2017S1', 7.974779],
      ['2018S1', 8.826302],
      ['2020S2', 11.511397],
    );
    const result = forecast(bandwidth, 2025, 48, 'at_least');
    expectRelative(result.fit?.slope, 0.12888767584947816);
    expectRelative(result.fit?.annualGrowth, 0.13756234126566477);
    expectRelative(result.fit?.residualStandardError, 0.06617926444192446);
    expectRelative(result.projected, 22.51273442565625);
    expectRelative(result.intervals[0]?.lower, 16.399196324638933);
    expectRelative(result.intervals[0]?.upper, 30.905368853878084);
    expectRelative(result.intervals[1]?.lower, 10.925366041559592);
    expectRelative(result.intervals[1]?.upper, 46.3895863435784);
    expectRelative(result.probability, 0.022946338091486492, 1e-8);
    // The chart starts at the first whole year after the first observation (t = 2015.5).
    expect(result.points[0]?.t).toBe(2016);
    expect(result.points.at(-1)?.t).toBe(2025);
  });

  it('with two points: a line through both, no interval and no probability', () => {
    // ln x from ln 10 to ln 20 over 5 years: b = ln 2 / 5; projected 2025 = 10 × 2^2 = 40.
    const result = forecast(series(['2015', 10], ['2020', 20]), 2025, 30, 'at_least');
    expect(result.n).toBe(2);
    expect(result.fit?.residualStandardError).toBeNull();
    expectRelative(result.fit?.slope, Math.LN2 / 5, 1e-12);
    expectRelative(result.projected, 40, 1e-12);
    expect(result.intervals).toEqual([]);
    expect(result.probability).toBeNull();
    expect(result.predictionStandardError).toBeNull();
    expect(result.points[0]).toMatchObject({ t: 2015, lower80: null, upper95: null });
    expect(result.notes.join(' ')).toContain('no residual spread');
  });

  it.each([
    ['no observations', []],
    ['one observation', series(['2020', 5])],
    ['two observations at one time', series(['2020', 5], ['202012', 6])],
    ['one positive observation', series(['2019', 0], ['2020', 5], ['2021', -1])],
  ])('no forecast with %s', (_, observations) => {
    const result = forecast(observations, 2025, 10, 'at_least');
    expect(result.fit).toBeNull();
    expect(result.projected).toBeNull();
    expect(result.points).toEqual([]);
    expect(result.notes.join(' ')).toContain('No forecast');
  });

  it('leaves out values a logarithm cannot take, and says which', () => {
    const result = forecast(
      series(['2014', Infinity], ['2015', 0], ['2016', 1], ['2017', 2], ['2018', 4.1]),
      2020,
      10,
      'at_least',
    );
    expect(result.n).toBe(3);
    expect(result.excluded).toEqual([
      { period: '2014', value: Infinity },
      { period: '2015', value: 0 },
    ]);
    expect(result.notes[0]).toBe(
      'Left out, since a logarithm needs a positive, finite value: 2014, 2015.',
    );
  });

  it('gives at most the complement of at least, and approach as at least', () => {
    const atLeast = forecast(ECOMMERCE, 2025, 60, 'at_least').probability ?? NaN;
    const atMost = forecast(ECOMMERCE, 2025, 60, 'at_most').probability ?? NaN;
    expect(atLeast + atMost).toBeCloseTo(1, 14);
    expect(forecast(ECOMMERCE, 2025, 60, 'approach').probability).toBe(atLeast);
  });

  it('has no probability for a target that is not positive', () => {
    const result = forecast(ECOMMERCE, 2025, 0, 'at_most');
    expect(result.probability).toBeNull();
    expect(result.intervals).toHaveLength(2);
  });

  it('takes other levels, and refuses impossible ones', () => {
    const result = forecast(ECOMMERCE, 2025, 67, 'at_least', { levels: [0.5, 0.99] });
    expect(result.intervals.map((interval) => interval.level)).toEqual([0.5, 0.99]);
    expect(() => forecast(ECOMMERCE, 2025, 67, 'at_least', { levels: [1] })).toThrow(RangeError);
    expect(() => forecast(ECOMMERCE, 2025, 67, 'at_least', { levels: [0] })).toThrow(RangeError);
  });

  it('is certain about a perfect fit', () => {
    const exact = series(['2015', 1], ['2016', 2], ['2017', 4], ['2018', 8]);
    const result = forecast(exact, 2020, 32, 'at_least');
    expect(result.fit?.residualStandardError).toBeLessThan(1e-12);
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const years = fc.uniqueArray(fc.integer({ min: 2000, max: 2030 }), {
  minLength: 3,
  maxLength: 12,
});
const positive = fc.double({ min: 0.01, max: 1e4, noNaN: true });

/** A noisy series: some years, each with a positive value. */
const noisySeries = years.chain((chosen) =>
  fc
    .array(positive, { minLength: chosen.length, maxLength: chosen.length })
    .map((values) => chosen.map((year, i) => ({ period: String(year), value: values[i] ?? 1 }))),
);

describe('forecast properties', () => {
  it('reproduces an exact exponential series with zero residual', () => {
    fc.assert(
      fc.property(
        years,
        positive,
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.integer({ min: 2030, max: 2040 }),
        (chosen, start, growth, targetYear) => {
          const first = Math.min(...chosen);
          const valueAt = (year: number) => start * Math.pow(1 + growth, year - first);
          const observations = chosen.map((year) => ({
            period: String(year),
            value: valueAt(year),
          }));
          const result = forecast(observations, targetYear, valueAt(targetYear), 'at_least');
          expect(result.fit?.residualStandardError).toBeLessThan(1e-9);
          expect(result.fit?.annualGrowth).toBeCloseTo(growth, 9);
          expectRelative(result.projected, valueAt(targetYear), 1e-8);
          for (const point of result.points) expectRelative(point.value, valueAt(point.t), 1e-8);
        },
      ),
    );
  });

  it('widens the interval with the level: 95% contains 80%, which contains the projection', () => {
    fc.assert(
      fc.property(noisySeries, fc.integer({ min: 2020, max: 2040 }), (observations, targetYear) => {
        const result = forecast(observations, targetYear, 100, 'at_least');
        fc.pre(result.fit !== null && (result.fit.residualStandardError ?? 0) > 0);
        const [eighty, ninetyFive] = result.intervals;
        const projected = result.projected ?? NaN;
        expect(eighty?.lower).toBeLessThanOrEqual(projected);
        expect(eighty?.upper).toBeGreaterThanOrEqual(projected);
        expect(ninetyFive?.lower).toBeLessThanOrEqual(eighty?.lower ?? NaN);
        expect(ninetyFive?.upper).toBeGreaterThanOrEqual(eighty?.upper ?? NaN);
      }),
    );
  });

  it('gives a probability in [0, 1], falling as an at-least target rises', () => {
    fc.assert(
      fc.property(noisySeries, positive, positive, (observations, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const atLeast = (target: number) =>
          forecast(observations, 2030, target, 'at_least').probability;
        const atMost = (target: number) =>
          forecast(observations, 2030, target, 'at_most').probability;
        const lowLeast = atLeast(low);
        fc.pre(lowLeast !== null);
        for (const p of [lowLeast, atLeast(high), atMost(low), atMost(high)]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        // Monotone up to rounding: targets one ulp apart can swap in the 16th digit.
        const ROUNDING = 1e-12;
        expect(atLeast(high)).toBeLessThanOrEqual((lowLeast ?? NaN) + ROUNDING);
        expect(atMost(high)).toBeGreaterThanOrEqual((atMost(low) ?? NaN) - ROUNDING);
      }),
    );
  });

  it('does not depend on the order of the observations', () => {
    fc.assert(
      fc.property(noisySeries, (observations) => {
        const forward = forecast(observations, 2030, 100, 'at_least');
        const backward = forecast([...observations].reverse(), 2030, 100, 'at_least');
        expect(backward.projected).toBeCloseTo(forward.projected ?? NaN, 6);
        expect(backward.fit?.slope).toBeCloseTo(forward.fit?.slope ?? NaN, 12);
      }),
    );
  });
});
