import { describe, expect, it } from 'vitest';
import { createPlanwatchCsvMapper } from './planwatch-csv.js';

describe('createPlanwatchCsvMapper', () => {
  it('maps columns by name, in any order and case, trimming all but the value', () => {
    const mapper = createPlanwatchCsvMapper([
      ' Value',
      'PERIOD',
      'org_unit',
      'Indicator',
      'source',
      'comment',
    ]);
    expect(mapper.layout).toBe('planwatch-csv');
    expect(mapper.headerProblems).toEqual([]);
    expect(
      mapper.map({ line: 7, cells: [' 1,234 ', '2023 ', ' 420000', 'users_5g', ' yearbook ', ''] }),
    ).toEqual({
      line: 7,
      sheet: undefined,
      columns: { value: 1, period: 2, org_unit: 3, indicator: 4, source: 5, comment: 6 },
      indicator: 'users_5g',
      orgUnit: '420000',
      period: '2023',
      disaggregation: '',
      value: ' 1,234 ',
      comment: '',
      source: 'yearbook',
    });
  });

  it('reads a blank row as no record', () => {
    const mapper = createPlanwatchCsvMapper(['indicator', 'org_unit', 'period', 'value']);
    expect(mapper.map({ line: 3, cells: ['', ' ', '\t', ''] })).toBeNull();
  });

  it('names unknown, repeated, unnamed and missing columns in the header', () => {
    const mapper = createPlanwatchCsvMapper(['indicator', 'unit', 'Indicator', '', 'value'], {
      headerLine: 2,
    });
    expect(mapper.headerProblems).toEqual([
      { line: 2, column: 2, message: expect.stringContaining('unknown column "unit"') },
      { line: 2, column: 3, field: 'indicator', message: 'column 3 "Indicator" repeats column 1' },
      { line: 2, column: 4, message: 'column 4 of the header has no name' },
      {
        line: 2,
        message: expect.stringMatching(
          /^the header lacks columns org_unit, period: expected indicator, org_unit, period, value and optionally disaggregation, comment, source; found /,
        ),
      },
    ]);
  });
});
