import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../core/import/index.js';
import { csvCell, writeValuesCsv } from './csv-write.js';
import type { ExportRow } from './export-row.js';

const row = (overrides: Partial<ExportRow> = {}): ExportRow => ({
  indicator: 'broadband_users',
  orgUnit: '420000',
  period: '2024Q3',
  disaggregation: '',
  value: 12.5,
  comment: null,
  source: null,
  ...overrides,
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\ronly', '"cr\ronly"'],
    ['AREA=URBAN;ENTERPRISE=SOE', '"AREA=URBAN;ENTERPRISE=SOE"'],
    [' padded ', '" padded "'],
    ['中文，全角逗号', '中文，全角逗号'],
  ])('%j -> %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });
});

describe('writeValuesCsv', () => {
  it('writes the header, CRLF records and numbers as plain decimals', () => {
    const text = Array.from(
      writeValuesCsv([
        row(),
        row({ value: 1e21, comment: '估算, 待核', source: '国家统计局' }),
        row({ value: 1e-7, disaggregation: 'AREA=URBAN', comment: 'line 1\nline "2"' }),
      ]),
    ).join('');
    expect(text).toBe(
      'indicator,org_unit,period,disaggregation,value,comment,source\r\n' +
        'broadband_users,420000,2024Q3,,12.5,,\r\n' +
        'broadband_users,420000,2024Q3,,1000000000000000000000,"估算, 待核",国家统计局\r\n' +
        'broadband_users,420000,2024Q3,AREA=URBAN,0.0000001,"line 1\nline ""2""",\r\n',
    );
    expect(readCsvRecords(text)).toEqual({
      delimiter: ',',
      header: ['indicator', 'org_unit', 'period', 'disaggregation', 'value', 'comment', 'source'],
      rows: [
        { line: 2, cells: ['broadband_users', '420000', '2024Q3', '', '12.5', '', ''] },
        {
          line: 3,
          cells: [
            'broadband_users',
            '420000',
            '2024Q3',
            '',
            '1000000000000000000000',
            '估算, 待核',
            '国家统计局',
          ],
        },
        {
          line: 4,
          cells: [
            'broadband_users',
            '420000',
            '2024Q3',
            'AREA=URBAN',
            '0.0000001',
            'line 1\nline "2"',
            '',
          ],
        },
      ],
      problems: [],
    });
  });

  it('writes only the header for no rows', () => {
    expect(Array.from(writeValuesCsv([]))).toEqual([
      'indicator,org_unit,period,disaggregation,value,comment,source\r\n',
    ]);
  });

  it('refuses a value that is no number', () => {
    expect(() => Array.from(writeValuesCsv([row({ value: NaN })]))).toThrow(RangeError);
  });
});
