import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparePeriods,
  formatPeriod,
  parsePeriod,
  periodContains,
  periodEnd,
  periodStart,
  periodsWithin,
  PeriodCodeError,
  rollUp,
  tryParsePeriod,
  type Period,
  type PeriodType,
} from './periods.js';

describe('parsePeriod', () => {
  it.each([
    ['2020', { type: 'year', year: 2020, index: 1 }, '2020-01-01', '2020-12-31'],
    ['2020S1', { type: 'half_year', year: 2020, index: 1 }, '2020-01-01', '2020-06-30'],
    ['2020S2', { type: 'half_year', year: 2020, index: 2 }, '2020-07-01', '2020-12-31'],
    ['2020Q1', { type: 'quarter', year: 2020, index: 1 }, '2020-01-01', '2020-03-31'],
    ['2020Q3', { type: 'quarter', year: 2020, index: 3 }, '2020-07-01', '2020-09-30'],
    ['202002', { type: 'month', year: 2020, index: 2 }, '2020-02-01', '2020-02-29'],
    ['201902', { type: 'month', year: 2019, index: 2 }, '2019-02-01', '2019-02-28'],
    ['202012', { type: 'month', year: 2020, index: 12 }, '2020-12-01', '2020-12-31'],
  ])('%s', (code, expected, start, end) => {
    const period = parsePeriod(code);
    expect(period).toEqual(expected);
    expect(formatPeriod(period)).toBe(code);
    expect(periodStart(period)).toBe(start);
    expect(periodEnd(period)).toBe(end);
  });

  it.each([
    ['', 'expected four digits'],
    ['20', 'expected four digits'],
    ['2020S3', 'half-year 3 is outside 1-2'],
    ['2020S0', 'half-year 0 is outside 1-2'],
    ['2020Q5', 'quarter 5 is outside 1-4'],
    ['202013', 'month 13 is outside 1-12'],
    ['202000', 'month 0 is outside 1-12'],
    ['2020q3', 'expected four digits'],
    ['2020-07', 'expected four digits'],
    [' 2020', 'expected four digits'],
    ['0999', 'outside 1900-2999'],
    ['2020W12', 'expected four digits'],
  ])('refuses %j with a reason', (code, reason) => {
    expect(() => parsePeriod(code)).toThrow(PeriodCodeError);
    expect(() => parsePeriod(code)).toThrow(reason);
    expect(tryParsePeriod(code)).toBeNull();
  });
});

describe('rollUp and periodsWithin', () => {
  it.each([
    ['202007', 'quarter', '2020Q3'],
    ['202007', 'half_year', '2020S2'],
    ['202007', 'year', '2020'],
    ['202006', 'half_year', '2020S1'],
    ['2020Q2', 'half_year', '2020S1'],
    ['2020Q3', 'year', '2020'],
    ['2020S2', 'year', '2020'],
    ['2020Q3', 'quarter', '2020Q3'],
  ] as const)('%s rolls up to %s as %s', (code, type, expected) => {
    expect(formatPeriod(rollUp(parsePeriod(code), type))).toBe(expected);
  });

  it('refuses to roll into a finer type', () => {
    expect(() => rollUp(parsePeriod('2020'), 'quarter')).toThrow(RangeError);
  });

  it.each([
    ['2020', 'quarter', ['2020Q1', '2020Q2', '2020Q3', '2020Q4']],
    ['2020S2', 'month', ['202007', '202008', '202009', '202010', '202011', '202012']],
    ['2020S2', 'quarter', ['2020Q3', '2020Q4']],
    ['2020Q1', 'month', ['202001', '202002', '202003']],
  ] as const)('%s contains %s periods %j', (code, type, expected) => {
    expect(periodsWithin(parsePeriod(code), type).map(formatPeriod)).toEqual(expected);
  });

  it('orders a mixed series on a time axis', () => {
    const codes = ['2020', '2016S1', '2016Q4', '2015', '2018Q3', '2016', '202001'];
    const sorted = codes.map(parsePeriod).sort(comparePeriods).map(formatPeriod);
    expect(sorted).toEqual(['2015', '2016S1', '2016Q4', '2016', '2018Q3', '202001', '2020']);
  });
});

const periodTypes: PeriodType[] = ['year', 'half_year', 'quarter', 'month'];
const max: Record<PeriodType, number> = { year: 1, half_year: 2, quarter: 4, month: 12 };
const arbitraryPeriod: fc.Arbitrary<Period> = fc
  .tuple(
    fc.constantFrom(...periodTypes),
    fc.integer({ min: 1900, max: 2999 }),
    fc.integer({ min: 1, max: 12 }),
  )
  .map(([type, year, index]) => ({ type, year, index: ((index - 1) % max[type]) + 1 }));

describe('period properties', () => {
  it('format and parse round-trip', () => {
    fc.assert(
      fc.property(arbitraryPeriod, (period) => {
        expect(parsePeriod(formatPeriod(period))).toEqual(period);
      }),
    );
  });

  it('a period lies within every coarser period it rolls up to, and among its children', () => {
    fc.assert(
      fc.property(arbitraryPeriod, fc.constantFrom(...periodTypes), (period, type) => {
        const rank = periodTypes.indexOf(type);
        if (rank > periodTypes.indexOf(period.type)) return;
        const parent = rollUp(period, type);
        expect(periodContains(parent, period)).toBe(true);
        expect(periodStart(parent) <= periodStart(period)).toBe(true);
        expect(periodEnd(parent) >= periodEnd(period)).toBe(true);
        if (period.type === 'month' || parent.type !== period.type) {
          expect(periodsWithin(parent, period.type).map(formatPeriod)).toContain(
            formatPeriod(period),
          );
        }
      }),
    );
  });

  it('ordering is antisymmetric and agrees with end dates', () => {
    fc.assert(
      fc.property(arbitraryPeriod, arbitraryPeriod, (a, b) => {
        const ab = comparePeriods(a, b);
        expect(Math.sign(ab) + Math.sign(comparePeriods(b, a))).toBe(0);
        if (periodEnd(a) < periodEnd(b)) expect(ab).toBeLessThan(0);
      }),
    );
  });

  it('random strings never crash the parser: they parse or give a PeriodCodeError', () => {
    fc.assert(
      fc.property(fc.string(), (code) => {
        try {
          parsePeriod(code);
        } catch (error) {
          expect(error).toBeInstanceOf(PeriodCodeError);
        }
      }),
    );
  });
});
