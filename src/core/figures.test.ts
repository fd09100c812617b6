import { describe, expect, it } from 'vitest';
import { convertFigures, type FigureRecord, type IndicatorUnit } from './figures.js';

const indicators = new Map<string, IndicatorUnit>([
  ['intl_export_bandwidth', { kind: 'numeric', unit: 'bit_per_second', unitMult: 12 }],
  ['internet_users', { kind: 'numeric', unit: 'person', unitMult: 8 }],
  ['broadband', { kind: 'numeric', unit: 'percent', unitMult: 0 }],
  ['port_built', { kind: 'qualitative', unit: null, unitMult: 0 }],
]);
const sources = new Set(['S1']);

function record(overrides: Partial<FigureRecord>): FigureRecord {
  return {
    line: 2,
    indicator: 'internet_users',
    period: '2015',
    value: '6.88',
    unit: '100 million persons',
    basis: 'survey',
    confidence: 'high',
    source: 'S1',
    ...overrides,
  };
}

describe('convertFigures', () => {
  it('converts to the indicator multiplier and keeps what was published', () => {
    const { values, problems } = convertFigures(
      [
        record({
          indicator: 'intl_export_bandwidth',
          period: '2016S1',
          value: '6220.764',
          unit: 'Gbps',
        }),
      ],
      indicators,
      sources,
    );
    expect(problems).toEqual([]);
    expect(values[0]).toMatchObject({
      value: 6.220764,
      periodType: 'half_year',
      periodEnd: '2016-06-30',
      publishedValue: '6220.764',
      publishedUnit: 'Gbps',
    });
  });

  it('keeps two bases for the same period apart', () => {
    const { values, problems } = convertFigures(
      [
        record({
          indicator: 'broadband',
          value: '40.0',
          unit: 'percent of households',
          basis: 'old basis',
        }),
        record({
          line: 3,
          indicator: 'broadband',
          value: '52.6',
          unit: 'percent of households',
          basis: 'restated',
        }),
      ],
      indicators,
      sources,
    );
    expect(problems).toEqual([]);
    expect(values.map((value) => [value.basis, value.value])).toEqual([
      ['old basis', 40],
      ['restated', 52.6],
    ]);
  });

  it.each([
    [{ indicator: 'nope' }, 'indicator', 'unknown indicator "nope"'],
    [{ indicator: 'port_built' }, 'indicator', 'qualitative'],
    [{ period: '2020Q5' }, 'period', 'quarter 5 is outside 1-4'],
    [{ value: '6,88' }, 'value', '"6,88" is not a decimal number'],
    [{ value: 'NaN' }, 'value', 'not a decimal number'],
    [{ value: '' }, 'value', 'not a decimal number'],
    [{ unit: 'furlongs' }, 'unit', 'unknown unit "furlongs"'],
    [{ unit: 'trillion yuan' }, 'unit', 'is not in person'],
    [{ basis: ' ' }, 'basis', 'the basis is empty'],
    [{ confidence: 'sure' }, 'confidence', 'not one of high, medium, low'],
    [{ source: 'X9' }, 'source', 'unknown source key "X9"'],
  ])('reports %j in field %s', (overrides, field, message) => {
    const { values, problems } = convertFigures(
      [record({ line: 7, ...overrides })],
      indicators,
      sources,
    );
    expect(values).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 7, field });
    expect(problems[0]!.message).toContain(message);
  });

  it('reports every problem of every line at once, and duplicates with the first line', () => {
    const { problems } = convertFigures(
      [record({ line: 2 }), record({ line: 3, value: 'x', source: 'nope' }), record({ line: 4 })],
      indicators,
      sources,
    );
    expect(problems.map((problem) => [problem.line, problem.field])).toEqual([
      [3, 'value'],
      [3, 'source'],
      [3, 'period'],
      [4, 'period'],
    ]);
    expect(problems[3]!.message).toContain('already given on line 2');
  });
});
