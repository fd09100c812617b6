import { describe, expect, it } from 'vitest';
import type { DataValue } from '../../../src/api/contract';
import { comparePeriods, endsYear, parsePeriod, periodPosition } from './period';
import { attainmentPercent, basesOf, valueForYear } from './progress';

function value(period: string, v: number, basis = 'annual'): DataValue {
  return {
    indicatorCode: 'x',
    orgUnitCode: 'CN',
    period,
    periodType: 'year',
    value: v,
    basis,
    sourceKey: null,
    confidence: null,
    publishedValue: null,
    publishedUnit: null,
    createdBy: 'test',
    createdAt: '2024-01-01T00:00:00Z',
    status: 'published',
    comment: null,
    version: 1,
    revisedAt: null,
    revisionNote: null,
  };
}

describe('attainmentPercent', () => {
  it.each([
    [37.21, 38, 'increase', 97.9],
    [5.8, 6, 'increase', 96.7],
    [40, 38, 'increase', 105.3],
    [50, 40, 'decrease', 80],
    [38, 38, 'none', 100],
    [1, 0, 'increase', null],
  ] as const)('%s vs %s (%s) -> %s', (actual, target, direction, expected) => {
    expect(attainmentPercent(actual, target, direction)).toBe(expected);
  });
});

describe('valueForYear', () => {
  it('takes the annual value of the year', () => {
    const values = [value('2019', 34.81), value('2020', 37.21), value('2021', 42.3)];
    expect(valueForYear(values, 2020)?.value).toBe(37.21);
  });
  it('falls back to a sub-annual value ending with the year', () => {
    const values = [value('2020S1', 1), value('2020S2', 11511.397), value('2021Q4', 3)];
    expect(valueForYear(values, 2020)?.value).toBe(11511.397);
    expect(valueForYear(values, 2021)?.value).toBe(3);
  });
  it('ignores periods not ending the year and missing years', () => {
    expect(valueForYear([value('2020S1', 1)], 2020)).toBeNull();
    expect(valueForYear([value('2019', 1)], 2020)).toBeNull();
  });
  it('prefers the given basis, then the first basis alphabetically', () => {
    const values = [value('2015', 52.6, 'restated'), value('2015', 40, '13th plan')];
    expect(valueForYear(values, 2015)?.value).toBe(40);
    expect(valueForYear(values, 2015, 'restated')?.value).toBe(52.6);
  });
});

describe('periods', () => {
  it('parses the period codes', () => {
    expect(parsePeriod('2015')).toMatchObject({ year: 2015, type: 'year' });
    expect(parsePeriod('2016S1')).toMatchObject({ year: 2016, type: 'half_year', part: 1 });
    expect(parsePeriod('2016Q4')).toMatchObject({ year: 2016, type: 'quarter', part: 4 });
    expect(parsePeriod('2016M03')).toMatchObject({ year: 2016, type: 'month', part: 3 });
    expect(parsePeriod('soon')).toBeNull();
  });
  it('places periods on a year axis', () => {
    expect(periodPosition('2015')).toBe(2015);
    expect(periodPosition('2016S1')).toBe(2015.75);
    expect(periodPosition('2016Q4')).toBe(2016.375);
  });
  it('orders periods by their end', () => {
    const sorted = ['2017', '2016Q4', '2016S1', '2015', '2016'].sort(comparePeriods);
    expect(sorted).toEqual(['2015', '2016S1', '2016Q4', '2016', '2017']);
  });
  it('knows which periods end a year', () => {
    expect(endsYear('2020S2', 2020)).toBe(true);
    expect(endsYear('2020Q3', 2020)).toBe(false);
  });
  it('lists bases alphabetically', () => {
    expect(basesOf([value('2015', 1, 'b'), value('2016', 2, 'a'), value('2017', 3, 'b')])).toEqual([
      'a',
      'b',
    ]);
  });
});
