import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePeriods, formatPeriod, PeriodCodeError, type Period } from '../periods.js';
import { periodTime, targetTime } from './time.js';

describe('targetTime', () => {
  it.each([
    // Every period ending on 31 December of Y is t = Y: a target "for 2020" is the end of 2020.
    ['2020', 2020],
    ['2020S2', 2020],
    ['2020Q4', 2020],
    ['202012', 2020],
    ['2019', 2019],
    // Half-years are exactly half a year apart.
    ['2016S1', 2015.5],
    ['2017S1', 2016.5],
    ['2020S1', 2019.5],
    // Months and quarters: days from 1 January to the day after the end, over the days in the year.
    ['2020Q1', 2019 + 91 / 366], // leap year: 31 + 29 + 31
    ['2019Q1', 2018 + 90 / 365],
    ['2019Q2', 2018 + 181 / 365],
    ['2019Q3', 2018 + 273 / 365],
    ['202001', 2019 + 31 / 366],
    ['202002', 2019 + 60 / 366],
    ['201902', 2018 + 59 / 365],
    ['201911', 2018 + 334 / 365],
  ])('%s is %d', (code, expected) => {
    expect(targetTime(code)).toBeCloseTo(expected, 12);
  });

  it('gives exactly Y for year-end periods, so that t === T decides a final status', () => {
    for (const code of ['2020', '2020S2', '2020Q4', '202012']) {
      expect(targetTime(code)).toBe(2020);
    }
  });

  it('refuses what is not a period code', () => {
    expect(() => targetTime('2020-07')).toThrow(PeriodCodeError);
    expect(() => targetTime('2020Q5')).toThrow(PeriodCodeError);
  });

  const period: fc.Arbitrary<Period> = fc.oneof(
    fc.integer({ min: 1990, max: 2100 }).map((year) => ({ type: 'year' as const, year, index: 1 })),
    fc
      .record({ year: fc.integer({ min: 1990, max: 2100 }), index: fc.integer({ min: 1, max: 2 }) })
      .map((p) => ({ type: 'half_year' as const, ...p })),
    fc
      .record({ year: fc.integer({ min: 1990, max: 2100 }), index: fc.integer({ min: 1, max: 4 }) })
      .map((p) => ({ type: 'quarter' as const, ...p })),
    fc
      .record({
        year: fc.integer({ min: 1990, max: 2100 }),
        index: fc.integer({ min: 1, max: 12 }),
      })
      .map((p) => ({ type: 'month' as const, ...p })),
  );

  it('lies in (Y − 1, Y] for a period of year Y', () => {
    fc.assert(
      fc.property(period, (p) => {
        const t = periodTime(p);
        expect(t).toBeGreaterThan(p.year - 1);
        expect(t).toBeLessThanOrEqual(p.year);
        expect(targetTime(formatPeriod(p))).toBe(t);
      }),
    );
  });

  it('orders periods of one type as their end dates do', () => {
    fc.assert(
      fc.property(period, period, (a, b) => {
        fc.pre(a.type === b.type);
        expect(Math.sign(periodTime(a) - periodTime(b))).toBe(Math.sign(comparePeriods(a, b)));
      }),
    );
  });
});
