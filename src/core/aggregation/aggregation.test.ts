import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateAncestors,
  aggregateValue,
  rollUpOwnValues,
  type OwnValue,
  type TimeAggregation,
} from './index.js';

const months = (year: number, values: number[]): OwnValue[] =>
  values.map((value, i) => ({ period: `${year}${String(i + 1).padStart(2, '0')}`, value }));

describe('rollUpOwnValues', () => {
  const twelve = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  it.each<[TimeAggregation, Record<string, number>]>([
    ['sum', { '2020Q1': 6, '2020Q4': 33, '2020S1': 21, '2020S2': 57, '2020': 78 }],
    ['average', { '2020Q1': 2, '2020Q4': 11, '2020S1': 3.5, '2020S2': 9.5, '2020': 6.5 }],
    ['last', { '2020Q1': 3, '2020Q4': 12, '2020S1': 6, '2020S2': 12, '2020': 12 }],
  ])('rolls twelve months up by %s', (time, expected) => {
    const figures = rollUpOwnValues(months(2020, twelve), time);
    for (const [period, value] of Object.entries(expected)) expect(figures.get(period)).toBe(value);
    expect(figures.get('202007')).toBe(7);
    expect(figures.size).toBe(12 + 4 + 2 + 1);
  });

  it('lets a value reported for exactly a period win over its sub-periods', () => {
    const figures = rollUpOwnValues(
      [
        ...months(2020, [1, 2, 3]),
        { period: '2020Q1', value: 100 },
        { period: '2020', value: 500 },
      ],
      'sum',
    );
    expect(figures.get('2020Q1')).toBe(100);
    expect(figures.get('2020S1')).toBe(100);
    expect(figures.get('2020')).toBe(500);
  });

  it('combines mixed period types without counting a month twice', () => {
    // Q1 reported as a quarter, April and May as months, the second half as one value.
    const figures = rollUpOwnValues(
      [
        { period: '2020Q1', value: 10 },
        { period: '202004', value: 1 },
        { period: '202005', value: 2 },
        { period: '2020S2', value: 30 },
      ],
      'sum',
    );
    expect(figures.get('2020Q2')).toBe(3);
    expect(figures.get('2020S1')).toBe(13);
    expect(figures.get('2020')).toBe(43);
  });

  it('takes the latest sub-period for stocks, whatever its type', () => {
    // International bandwidth: reported at the end of June, then at year end.
    const figures = rollUpOwnValues(
      [
        { period: '2016S1', value: 6.22 },
        { period: '2020S2', value: 11.51 },
      ],
      'last',
    );
    expect(figures.get('2016')).toBe(6.22);
    expect(figures.get('2020')).toBe(11.51);
  });

  it('keeps years apart', () => {
    const figures = rollUpOwnValues([...months(2020, [1]), ...months(2021, [5])], 'sum');
    expect(figures.get('2020')).toBe(1);
    expect(figures.get('2021')).toBe(5);
  });

  it('does not roll up with time rule none', () => {
    const figures = rollUpOwnValues(months(2020, [1, 2]), 'none');
    expect([...figures.keys()]).toEqual(['202001', '202002']);
  });

  it('refuses a period given twice', () => {
    expect(() =>
      rollUpOwnValues(
        [
          { period: '2020', value: 1 },
          { period: '2020', value: 2 },
        ],
        'sum',
      ),
    ).toThrow(/twice/);
  });

  it('sums to the same total whatever the order of the values (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1 }),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 12, maxLength: 12 }),
        (monthsReported, amounts) => {
          const values = monthsReported.map((m) => ({
            period: `2020${String(m).padStart(2, '0')}`,
            value: amounts[m - 1]!,
          }));
          const forward = rollUpOwnValues(values, 'sum');
          const backward = rollUpOwnValues([...values].reverse(), 'sum');
          const total = monthsReported.reduce((s, m) => s + amounts[m - 1]!, 0);
          expect(forward.get('2020')).toBe(total);
          expect(backward).toEqual(forward);
          const latest = Math.max(...monthsReported);
          expect(rollUpOwnValues(values, 'last').get('2020')).toBe(amounts[latest - 1]);
        },
      ),
    );
  });
});

describe('aggregateAncestors', () => {
  it.each([
    ['/CN/', []],
    ['/CN/420000/', ['CN']],
    ['/CN/420000/420100/420102/', ['CN', '420000', '420100']],
    ['/CN/CN-DEPT/MIIT/', ['CN-DEPT']],
  ])('%s counts towards %j', (path, expected) => {
    expect(aggregateAncestors(path)).toEqual(expected);
  });
});

describe('aggregateValue', () => {
  it('adds up for sum, divides by the units for average, and has none without units', () => {
    expect(aggregateValue({ time: 'sum', space: 'sum' }, { sum: 30, count: 3, weight: 0 })).toBe(
      30,
    );
    expect(
      aggregateValue({ time: 'last', space: 'average' }, { sum: 30, count: 3, weight: 0 }),
    ).toBe(10);
    expect(
      aggregateValue(
        { time: 'last', space: 'weighted_average', weight: 'population' },
        { sum: 300, count: 2, weight: 4 },
      ),
    ).toBe(75);
    expect(
      aggregateValue({ time: 'sum', space: 'sum' }, { sum: 0, count: 0, weight: 0 }),
    ).toBeNull();
  });
});
