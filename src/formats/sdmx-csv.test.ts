import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../core/import/index.js';
import { describePosition } from '../core/import/value-record.js';
import { PeriodCodeError } from '../core/periods.js';
import type { ExportRow } from './export-row.js';
import {
  createSdmxCsvMapper,
  fromSdmxTimePeriod,
  readSdmxTimePeriod,
  toSdmxTimePeriod,
  writeSdmxCsv,
} from './sdmx-csv.js';

const DATAFLOW = 'PLANWATCH:DF_NIDS(1.0)';
const CATEGORIES = ['AREA', 'ENTERPRISE'];

/** Reads an SDMX-CSV text the way the importer does and maps every row. */
function read(text: string, options: Parameters<typeof createSdmxCsvMapper>[1] = {}) {
  const csv = readCsvRecords(text);
  expect(csv.problems).toEqual([]);
  const mapper = createSdmxCsvMapper(csv.header, { categoryCodes: CATEGORIES, ...options });
  return { mapper, results: csv.rows.map((row) => mapper.map(row)) };
}

describe('TIME_PERIOD', () => {
  it.each([
    ['2024', '2024'],
    ['2024S1', '2024-S1'],
    ['2024S2', '2024-S2'],
    ['2024Q1', '2024-Q1'],
    ['2024Q4', '2024-Q4'],
    ['202401', '2024-01'],
    ['202412', '2024-12'],
  ])('Planwatch %s is SDMX %s, and back', (code, sdmx) => {
    expect(toSdmxTimePeriod(code)).toBe(sdmx);
    expect(fromSdmxTimePeriod(sdmx)).toBe(code);
    // Planwatch's own codes are read too.
    expect(fromSdmxTimePeriod(code)).toBe(code);
  });

  it.each([
    ['2024-A1', '2024'],
    ['2024-M07', '202407'],
    ['2024M07', '202407'],
    ['2024-q3', '2024Q3'],
    ['2024-s2', '2024S2'],
    [' 2024-07 ', '202407'],
  ])('reads the SDMX variant %j as %s', (sdmx, code) => {
    expect(fromSdmxTimePeriod(sdmx)).toBe(code);
  });

  it.each([
    ['2024-W05', 'is not a period Planwatch keeps'],
    ['2024-07-01', 'is not a period Planwatch keeps'],
    ['2024-01-01/P1Y', 'is not a period Planwatch keeps'],
    ['24Q1', 'is not a period Planwatch keeps'],
    ['2024-Q5', 'quarter 5 is outside 1-4'],
    ['2024-S3', 'half-year 3 is outside 1-2'],
    ['2024-13', 'month 13 is outside 1-12'],
    ['1850', 'year 1850 is outside'],
    ['', 'TIME_PERIOD is empty'],
  ])('refuses %j with the reason', (text, reason) => {
    const result = readSdmxTimePeriod(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(reason);
    expect(fromSdmxTimePeriod(text)).toBeNull();
  });

  it('refuses to write a non-code', () => {
    expect(() => toSdmxTimePeriod('2024-Q3')).toThrow(PeriodCodeError);
  });
});

describe('createSdmxCsvMapper: the header', () => {
  it('reads SDMX-CSV 2.0 in any letter case and column order', () => {
    const { mapper, results } = read(
      'structure,Structure_Id,action,ref_area,Indicator,time_period,area,obs_value,comment,source\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),I,420000,broadband_users,2024-Q3,URBAN,12.5,估算,国家统计局\n',
    );
    expect(mapper.layout).toBe('sdmx-csv');
    expect(mapper.headerProblems).toEqual([]);
    expect(results).toEqual([
      {
        line: 2,
        sheet: undefined,
        columns: {
          indicator: 5,
          org_unit: 4,
          period: 6,
          disaggregation: 7,
          value: 8,
          comment: 9,
          source: 10,
        },
        indicator: 'broadband_users',
        orgUnit: '420000',
        period: '2024Q3',
        disaggregation: 'AREA=URBAN',
        value: '12.5',
        comment: '估算',
        source: '国家统计局',
      },
    ]);
  });

  it('reads the SDMX-CSV 1.0 form (DATAFLOW first, no ACTION, no attributes)', () => {
    const { mapper, results } = read(
      'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\n' +
        'PLANWATCH:DF_NIDS(1.0),broadband_users,420000,2024,7\n',
    );
    expect(mapper.headerProblems).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({
        indicator: 'broadband_users',
        orgUnit: '420000',
        period: '2024',
        disaggregation: '',
        value: '7',
        comment: '',
        source: '',
      }),
    ]);
  });

  it('reads a labels=both file by its IDs, and STRUCTURE[;] with a sub-field delimiter', () => {
    const { mapper, results } = read(
      'STRUCTURE[;],STRUCTURE_ID,ACTION,INDICATOR: Indicator,REF_AREA: Reference area,FREQ: Frequency,TIME_PERIOD: Time period,AREA: Area,OBS_VALUE: Observation value\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0): National informatization,I,broadband_users: Broadband users,420000: Hubei,Q: Quarterly,2024-Q3,URBAN: Urban,12.5\n',
    );
    expect(mapper.headerProblems).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({
        indicator: 'broadband_users',
        orgUnit: '420000',
        period: '2024Q3',
        disaggregation: 'AREA=URBAN',
        value: '12.5',
      }),
    ]);
  });

  it('names a missing OBS_VALUE and lists the expected columns', () => {
    const mapper = createSdmxCsvMapper(
      ['STRUCTURE', 'STRUCTURE_ID', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD'],
      { categoryCodes: CATEGORIES },
    );
    expect(mapper.headerProblems).toEqual([
      {
        line: 1,
        message: expect.stringMatching(
          /^missing column OBS_VALUE; expected STRUCTURE, .*AREA, ENTERPRISE/,
        ),
      },
    ]);
    // Rows are not mapped under a broken header.
    expect(mapper.map({ line: 2, cells: ['dataflow', DATAFLOW, 'x', 'y', '2024'] })).toBeNull();
  });

  it('names every missing column, including the structure columns', () => {
    const mapper = createSdmxCsvMapper(['INDICATOR', 'OBS_VALUE']);
    expect(mapper.headerProblems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(
        /^missing columns STRUCTURE \(SDMX-CSV 2\.0\) or DATAFLOW \(SDMX-CSV 1\.0\), REF_AREA, TIME_PERIOD;/,
      ),
    ]);
  });

  it('refuses an unknown column, naming it and the expected ones, instead of ignoring it', () => {
    const mapper = createSdmxCsvMapper(
      [
        'STRUCTURE',
        'STRUCTURE_ID',
        'ACTION',
        'INDICATOR',
        'REF_AREA',
        'TIME_PERIOD',
        'OBS_VALUE',
        'UNIT_MULT',
      ],
      { categoryCodes: CATEGORIES, headerLine: 3 },
    );
    expect(mapper.headerProblems).toEqual([
      {
        line: 3,
        column: 8,
        message: expect.stringContaining('unknown column "UNIT_MULT"'),
      },
    ]);
    const message = mapper.headerProblems[0]!.message;
    for (const expected of [
      'INDICATOR',
      'REF_AREA',
      'TIME_PERIOD',
      'OBS_VALUE',
      'COMMENT',
      'SOURCE',
      'AREA, ENTERPRISE',
    ])
      expect(message).toContain(expected);
  });

  it('takes a category column only when the category is known', () => {
    const header = [
      'STRUCTURE',
      'STRUCTURE_ID',
      'INDICATOR',
      'REF_AREA',
      'TIME_PERIOD',
      'AREA',
      'OBS_VALUE',
    ];
    expect(createSdmxCsvMapper(header).headerProblems).toEqual([
      expect.objectContaining({
        column: 6,
        message: expect.stringContaining('no category columns (none is known here)'),
      }),
    ]);
    expect(createSdmxCsvMapper(header, { categoryCodes: ['area'] }).headerProblems).toEqual([]);
  });

  it('refuses repeated and unnamed columns, and a file that is 1.0 and 2.0 at once', () => {
    const mapper = createSdmxCsvMapper([
      'STRUCTURE',
      'STRUCTURE_ID',
      'DATAFLOW',
      'INDICATOR',
      'indicator',
      'REF_AREA',
      '',
      'TIME_PERIOD',
      'OBS_VALUE',
    ]);
    expect(mapper.headerProblems.map((p) => [p.column, p.message])).toEqual([
      [5, 'column 5 "indicator" repeats column 4 (INDICATOR)'],
      [7, 'column 7 of the header has no name'],
      [3, 'both STRUCTURE (SDMX-CSV 2.0) and DATAFLOW (SDMX-CSV 1.0): a file is one or the other'],
    ]);
  });
});

describe('createSdmxCsvMapper: rows', () => {
  const header =
    'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,AREA,ENTERPRISE,OBS_VALUE,COMMENT\n';

  it('reads I, A and R as writes, and _T as the total of a category', () => {
    const { results } = read(
      header +
        'dataflow,PLANWATCH:DF_NIDS(1.0),I,x,420000,2024,_T,_T,1,\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),A,x,420000,2024,URBAN,_t,2,\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),R,x,420000,2024,_T,SOE,3,\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),,x,420000,2024,RURAL,PRIVATE,4,\n',
    );
    expect(results.map((r) => (Array.isArray(r) || r === null ? r : r.disaggregation))).toEqual([
      '',
      'AREA=URBAN',
      'ENTERPRISE=SOE',
      'AREA=RURAL;ENTERPRISE=PRIVATE',
    ]);
  });

  it('refuses ACTION D with its line and column', () => {
    const { results } = read(
      header +
        'dataflow,PLANWATCH:DF_NIDS(1.0),I,x,420000,2024,_T,_T,1,\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),D,x,420000,2024,_T,_T,-,\n',
    );
    expect(results[1]).toEqual([
      {
        sheet: undefined,
        line: 3,
        column: 3,
        field: undefined,
        message: expect.stringContaining('ACTION D (delete): an import does not delete values'),
      },
    ]);
    expect(describePosition((results[1] as { line: number; column: number }[])[0]!)).toBe(
      'line 3, column 3',
    );
  });

  it('gives every problem of a row at once', () => {
    const { results } = read(header + 'datastructure,PLANWATCH-DF,X,x,420000,2024-W01,,SOE,1,\n');
    expect(results[0]).toEqual([
      expect.objectContaining({
        column: 1,
        message: expect.stringContaining('STRUCTURE "datastructure"'),
      }),
      expect.objectContaining({
        column: 2,
        message: expect.stringContaining('is not AGENCY:ID(VERSION)'),
      }),
      expect.objectContaining({
        column: 3,
        message: expect.stringContaining('ACTION "X" is none of I, A, R'),
      }),
      expect.objectContaining({ column: 6, field: 'period' }),
      expect.objectContaining({
        column: 7,
        field: 'disaggregation',
        message: 'AREA is empty: give an option code, or _T for the total',
      }),
    ]);
  });

  it('checks the dataflow when told which one the import takes', () => {
    const { results } = read(header + 'dataflow,OTHER:DF_X(2.0),I,x,420000,2024,_T,_T,1,\n', {
      dataflow: DATAFLOW,
    });
    expect(results[0]).toEqual([
      expect.objectContaining({
        column: 2,
        message: 'STRUCTURE_ID "OTHER:DF_X(2.0)": this import takes PLANWATCH:DF_NIDS(1.0)',
      }),
    ]);
  });

  it('checks FREQ against TIME_PERIOD', () => {
    const { results } = read(
      'STRUCTURE,STRUCTURE_ID,INDICATOR,REF_AREA,FREQ,TIME_PERIOD,OBS_VALUE\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),x,420000,Q,2024-Q3,1\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),x,420000,A,2024-Q3,1\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),x,420000,W,2024,1\n',
    );
    expect(Array.isArray(results[0])).toBe(false);
    expect(results[1]).toEqual([
      expect.objectContaining({
        column: 5,
        message: 'FREQ A does not match TIME_PERIOD "2024-Q3"',
      }),
    ]);
    expect(results[2]).toEqual([
      expect.objectContaining({ column: 5, message: 'FREQ "W" is none of A, S, Q, M' }),
    ]);
  });

  it('keeps the value cell as written and maps a blank row to null', () => {
    const mapper = createSdmxCsvMapper([
      'STRUCTURE',
      'STRUCTURE_ID',
      'INDICATOR',
      'REF_AREA',
      'TIME_PERIOD',
      'OBS_VALUE',
    ]);
    expect(mapper.map({ line: 4, cells: ['', ' ', '', '', '', ''] })).toBeNull();
    const record = mapper.map({
      line: 5,
      cells: ['dataflow', DATAFLOW, 'x', '420000', '2024', ' １,２３４.５ '],
    });
    expect(record).toMatchObject({ value: ' １,２３４.５ ' });
  });
});

describe('writeSdmxCsv', () => {
  const rows: ExportRow[] = [
    {
      indicator: 'broadband_users',
      orgUnit: '420000',
      period: '2024Q3',
      disaggregation: 'ENTERPRISE=SOE;AREA=URBAN',
      value: 1e21,
      comment: '估算，"初步"',
      source: null,
    },
    {
      indicator: 'broadband_users',
      orgUnit: '420000',
      period: '202407',
      disaggregation: '',
      value: -0.5,
      comment: null,
      source: 'NBS, 2024',
    },
  ];

  it('writes SDMX-CSV 2.0 with CRLF records, _T for totals and SDMX periods', () => {
    expect(
      Array.from(writeSdmxCsv(rows, { dataflow: DATAFLOW, categoryCodes: CATEGORIES })).join(''),
    ).toBe(
      'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,AREA,ENTERPRISE,OBS_VALUE,COMMENT,SOURCE\r\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),I,broadband_users,420000,2024-Q3,URBAN,SOE,1000000000000000000000,"估算，""初步""",\r\n' +
        'dataflow,PLANWATCH:DF_NIDS(1.0),I,broadband_users,420000,2024-07,_T,_T,-0.5,,"NBS, 2024"\r\n',
    );
  });

  it('reads back what it wrote, whatever the order of categories in the key', () => {
    const text = Array.from(
      writeSdmxCsv(rows, { dataflow: DATAFLOW, categoryCodes: CATEGORIES }),
    ).join('');
    const { results } = read(text, { dataflow: DATAFLOW });
    expect(results).toEqual([
      expect.objectContaining({
        period: '2024Q3',
        disaggregation: 'AREA=URBAN;ENTERPRISE=SOE',
        value: '1000000000000000000000',
        comment: '估算，"初步"',
        source: '',
      }),
      expect.objectContaining({
        period: '202407',
        disaggregation: '',
        value: '-0.5',
        source: 'NBS, 2024',
      }),
    ]);
  });

  it('refuses a bad dataflow, a bad category code and a key naming an unlisted category', () => {
    const write = (options: { dataflow: string; categoryCodes: string[] }) =>
      Array.from(writeSdmxCsv(rows, options));
    expect(() => write({ dataflow: 'DF_NIDS', categoryCodes: CATEGORIES })).toThrow(
      /not AGENCY:ID\(VERSION\)/,
    );
    expect(() => write({ dataflow: DATAFLOW, categoryCodes: ['AREA', 'OBS_VALUE'] })).toThrow(
      /cannot be an SDMX-CSV column/,
    );
    expect(() => write({ dataflow: DATAFLOW, categoryCodes: ['AREA', 'AREA'] })).toThrow(/repeat/);
    expect(() => write({ dataflow: DATAFLOW, categoryCodes: ['AREA'] })).toThrow(
      /category ENTERPRISE is not among the columns AREA/,
    );
  });
});
