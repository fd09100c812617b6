import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  describePosition,
  type RecordProblem,
  type ValueRecord,
} from '../core/import/value-record.js';
import {
  buildTemplateWorkbook,
  createWorkbookMapper,
  fromXlsxText,
  isHeaderRow,
  periodLabel,
  readWorkbookMetadata,
  readWorkbookRecords,
  readWorkbookTables,
  TEMPLATE_HEADER_ROW,
  WorkbookReadError,
  writeValuesWorkbook,
  xlsxText,
  type TemplateSpec,
  type WorkbookRow,
} from './xlsx.js';

const SPEC: TemplateSpec = {
  dataSet: { code: 'NIDS_ANNUAL', nameEn: 'Informatization annual report', nameZh: '信息化年报' },
  orgUnit: { code: '420000', nameZh: '湖北省', nameEn: 'Hubei' },
  period: '2024',
  language: 'zh',
  generatedAt: '2025-01-15T08:30:00.000Z',
  rows: [
    {
      indicator: 'broadband_users',
      indicatorName: '固定宽带家庭普及率',
      unitLabel: '%',
      disaggregation: '',
      disaggregationLabel: '合计',
      value: null,
      comment: null,
      source: null,
      required: true,
    },
    {
      indicator: 'broadband_users',
      indicatorName: '固定宽带家庭普及率',
      unitLabel: '%',
      disaggregation: 'AREA=URBAN',
      disaggregationLabel: '城镇',
      value: 71.2,
      comment: '上年数据',
      source: null,
      required: false,
    },
    {
      indicator: 'ecommerce_volume',
      indicatorName: '电子商务交易规模',
      unitLabel: '万亿元',
      disaggregation: '',
      disaggregationLabel: '合计',
      value: null,
      comment: null,
      source: null,
      required: true,
    },
    {
      indicator: 'it_investment',
      indicatorName: '信息化投资',
      unitLabel: '亿元',
      disaggregation: '',
      disaggregationLabel: '合计',
      value: null,
      comment: null,
      source: null,
      required: false,
    },
  ],
};

/** Template columns: A indicator ... G value, H comment, I source, J org_unit, K period; data from row 6. */
const FIRST_DATA_ROW = TEMPLATE_HEADER_ROW + 1;

async function records(input: Buffer | string) {
  const out: (ValueRecord | RecordProblem[])[] = [];
  for await (const item of readWorkbookRecords(input)) out.push(item);
  return out;
}

/** Opens the workbook as a user's spreadsheet program would, lets `edit` change it, saves it. */
async function edit(
  bytes: Buffer,
  change: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  change(workbook.getWorksheet('Data')!, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('buildTemplateWorkbook', () => {
  it('builds a protected sheet with locked grey keys, open value cells and a hidden metadata sheet', async () => {
    const bytes = await buildTemplateWorkbook(SPEC);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Data')!;

    expect(sheet.getCell('A1').value).toBe('信息化年报（NIDS_ANNUAL）');
    expect(sheet.getCell('A2').value).toBe('填报单位：湖北省（420000）　报告期：2024年');
    expect(sheet.getRow(TEMPLATE_HEADER_ROW).values).toEqual([
      undefined,
      'indicator',
      'indicator_name',
      'disaggregation',
      'disaggregation_label',
      'unit_label',
      'required',
      'value',
      'comment',
      'source',
      'org_unit',
      'period',
    ]);
    expect(sheet.getCell('A4').value).toBe('指标代码');

    const key = sheet.getCell(`A${FIRST_DATA_ROW}`);
    // Locked is the default: what is not unlocked is locked.
    expect(key.protection?.locked ?? true).toBe(true);
    expect(key.numFmt).toBe('@');
    expect(key.fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFEDEDED' } });
    for (const column of ['G', 'H', 'I']) {
      expect(sheet.getCell(`${column}${FIRST_DATA_ROW}`).protection).toMatchObject({
        locked: false,
      });
    }
    // General (numFmtId 0, which exceljs reads back as no format): typed numbers stay numbers.
    expect(sheet.getCell(`G${FIRST_DATA_ROW}`).numFmt ?? 'General').toBe('General');
    expect(sheet.getCell(`G${FIRST_DATA_ROW + 1}`).value).toBe(71.2);
    expect(sheet.getCell(`J${FIRST_DATA_ROW}`).value).toBe('420000');
    expect(sheet.getCell(`K${FIRST_DATA_ROW}`).value).toBe('2024');
    expect(sheet.views[0]).toMatchObject({
      state: 'frozen',
      xSplit: 2,
      ySplit: TEMPLATE_HEADER_ROW,
    });
    expect(sheet.getColumn(2).width).toBe(40);
    // Protected without a password: users fill in, nobody needs to be told a secret.
    const protection = (sheet as unknown as { sheetProtection: object }).sheetProtection;
    expect(protection).toMatchObject({ sheet: true });
    expect(protection).not.toHaveProperty('hashValue');

    expect(workbook.getWorksheet('_planwatch')!.state).toBe('veryHidden');
    expect(await readWorkbookMetadata(bytes)).toEqual({
      format: 'planwatch-xlsx',
      format_version: '1',
      kind: 'template',
      data_set: 'NIDS_ANNUAL',
      org_unit: '420000',
      period: '2024',
      language: 'zh',
      header_row: String(TEMPLATE_HEADER_ROW),
      generated_at: '2025-01-15T08:30:00.000Z',
    });
  });

  it('writes English titles and labels, none of which reads as the header', async () => {
    const bytes = await buildTemplateWorkbook({ ...SPEC, language: 'en', period: '2024Q3' });
    const rows: WorkbookRow[] = [];
    for await (const table of readWorkbookTables(bytes)) {
      for await (const row of table.rows) rows.push(row);
    }
    expect(rows[0]!.cells[0]).toBe('Informatization annual report (NIDS_ANNUAL)');
    expect(rows[1]!.cells[0]).toBe('Reporting unit: Hubei (420000)    Period: 2024 Q3');
    expect(rows.slice(0, TEMPLATE_HEADER_ROW).map(isHeaderRow)).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('is saved for a person to look at', async () => {
    const directory = resolve(dirname(fileURLToPath(import.meta.url)), '../../artifacts/formats');
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'template-zh.xlsx'), await buildTemplateWorkbook(SPEC));
    await writeFile(
      join(directory, 'template-en.xlsx'),
      await buildTemplateWorkbook({ ...SPEC, language: 'en' }),
    );
  });

  it('refuses a generatedAt that is no date', async () => {
    await expect(buildTemplateWorkbook({ ...SPEC, generatedAt: 'soon' })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('a template filled in and uploaded', () => {
  it('reads what the user typed, with positions, skipping the title and label rows', async () => {
    const filled = await edit(await buildTemplateWorkbook(SPEC), (sheet) => {
      sheet.getCell('G6').value = 65.3;
      sheet.getCell('H6').value = '含移动宽带, 初步';
      sheet.getCell('I6').value = '省通信管理局';
      // A text in a value cell stays text: the checker will say what is wrong with it.
      sheet.getCell('G8').value = '约 3.2';
      // A formula with its saved result.
      sheet.getCell('G9').value = { formula: 'G6*2', result: 130.6 };
    });
    const out = await records(filled);
    expect(out).toEqual([
      {
        line: 6,
        sheet: 'Data',
        columns: {
          indicator: 1,
          disaggregation: 3,
          value: 7,
          comment: 8,
          source: 9,
          org_unit: 10,
          period: 11,
        },
        indicator: 'broadband_users',
        orgUnit: '420000',
        period: '2024',
        disaggregation: '',
        value: '65.3',
        comment: '含移动宽带, 初步',
        source: '省通信管理局',
      },
      expect.objectContaining({
        line: 7,
        disaggregation: 'AREA=URBAN',
        value: '71.2',
        comment: '上年数据',
      }),
      expect.objectContaining({ line: 8, indicator: 'ecommerce_volume', value: '约 3.2' }),
      expect.objectContaining({ line: 9, indicator: 'it_investment', value: '130.6' }),
    ]);
    const record = out[2] as ValueRecord;
    expect(
      describePosition({ sheet: record.sheet, line: record.line, column: record.columns.value }),
    ).toBe('Data!G8');
  });

  it('reads an untouched template as empty values', async () => {
    const out = await records(await buildTemplateWorkbook(SPEC));
    expect(out.map((r) => (Array.isArray(r) ? r : r.value))).toEqual(['', '71.2', '', '']);
  });

  it('names a formula without a saved result at its cell', async () => {
    const filled = await edit(await buildTemplateWorkbook(SPEC), (sheet) => {
      sheet.getCell('G8').value = { formula: 'G6*2' };
      sheet.getCell('G9').value = { formula: 'G6-G6', result: 0 };
    });
    const out = await records(filled);
    expect(out[2]).toEqual([
      {
        sheet: 'Data',
        line: 8,
        column: 7,
        field: 'value',
        message: expect.stringContaining('the formula =G6*2 has no saved result'),
      },
    ]);
    expect(describePosition((out[2] as RecordProblem[])[0]!)).toBe('Data!G8');
    // A saved result of 0 is a result.
    expect(out[3]).toMatchObject({ value: '0' });
  });

  it('reads percent-formatted numbers as the user saw them, dates as ISO dates, booleans, rich text and errors', async () => {
    const filled = await edit(await buildTemplateWorkbook(SPEC), (sheet) => {
      sheet.getCell('G6').value = 0.652;
      sheet.getCell('G6').numFmt = '0.0%';
      sheet.getCell('H6').value = new Date(Date.UTC(2024, 6, 1));
      sheet.getCell('H6').numFmt = 'yyyy-mm-dd';
      sheet.getCell('I6').value = {
        richText: [{ text: '国家' }, { font: { bold: true }, text: '统计局' }],
      };
      sheet.getCell('G8').value = { error: '#N/A' };
      sheet.getCell('H8').value = true;
      sheet.getCell('G9').value = 12345678901;
      sheet.getCell('H9').value = new Date(Date.UTC(2024, 6, 1, 13, 45, 30));
      sheet.getCell('H9').numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
    const out = (await records(filled)) as ValueRecord[];
    expect(out[0]).toMatchObject({ value: '65.2%', comment: '2024-07-01', source: '国家统计局' });
    expect(out[2]).toMatchObject({ value: '#N/A', comment: 'TRUE' });
    expect(out[3]).toMatchObject({ value: '12345678901', comment: '2024-07-01T13:45:30' });
  });

  it('names a cell outside the table instead of dropping it', async () => {
    const filled = await edit(await buildTemplateWorkbook(SPEC), (sheet) => {
      sheet.getCell('M7').value = '这个数偏大';
    });
    const out = await records(filled);
    expect(out[1]).toEqual([
      expect.objectContaining({
        sheet: 'Data',
        line: 7,
        column: 13,
        message: expect.stringContaining('a cell outside the table: column M has no name'),
      }),
    ]);
  });

  it('reports a damaged header once and maps no rows', async () => {
    const filled = await edit(await buildTemplateWorkbook(SPEC), (sheet) => {
      sheet.getCell('G5').value = 'valeu';
    });
    const out = await records(filled);
    expect(out).toEqual([
      [
        expect.objectContaining({
          line: 5,
          column: 7,
          message: expect.stringContaining('unknown column "valeu"; expected indicator'),
        }),
        expect.objectContaining({
          line: 5,
          field: 'value',
          message: expect.stringContaining('missing column value'),
        }),
      ],
    ]);
  });

  it('names a visible sheet without a header and a hidden sheet with one, and leaves other hidden sheets alone', async () => {
    const filled = await edit(await buildTemplateWorkbook(SPEC), (_sheet, workbook) => {
      workbook.addWorksheet('Notes').getCell('B2').value = '说明';
      const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
      lists.getCell('A1').value = 'URBAN';
      const old = workbook.addWorksheet('Old', { state: 'hidden' });
      old.addRow(['indicator', 'org_unit', 'period', 'value']);
      old.addRow(['x', '420000', '2023', 1]);
    });
    const problems = (await records(filled)).filter(Array.isArray).flat();
    expect(problems).toEqual([
      expect.objectContaining({
        sheet: 'Notes',
        line: 2,
        message: expect.stringContaining('sheet Notes has no header row'),
      }),
      expect.objectContaining({
        sheet: 'Old',
        line: 1,
        message: expect.stringContaining('the hidden sheet Old holds a table of values'),
      }),
    ]);
  });
});

describe('readWorkbookTables', () => {
  it('skips the metadata sheet and gives each sheet with its rows', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('One').addRow(['a', null, 'c']);
    const two = workbook.addWorksheet('Two', { state: 'hidden' });
    two.getCell('C3').value = 1e-7;
    workbook.addWorksheet('_planwatch', { state: 'veryHidden' }).addRow(['format', 'x']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const tables: { sheet: string; hidden: boolean; rows: WorkbookRow[] }[] = [];
    for await (const table of readWorkbookTables(bytes)) {
      const rows: WorkbookRow[] = [];
      for await (const row of table.rows) rows.push(row);
      tables.push({ sheet: table.sheet, hidden: table.hidden, rows });
    }
    expect(tables).toEqual([
      {
        sheet: 'One',
        hidden: false,
        rows: [{ sheet: 'One', line: 1, cells: ['a', '', 'c'], problems: [] }],
      },
      {
        sheet: 'Two',
        hidden: true,
        rows: [{ sheet: 'Two', line: 3, cells: ['', '', '0.0000001'], problems: [] }],
      },
    ]);
  });

  it('lets the caller leave a sheet unread and go on to the next', async () => {
    const workbook = new ExcelJS.Workbook();
    const big = workbook.addWorksheet('Big');
    for (let i = 1; i <= 500; i += 1) big.addRow([i]);
    workbook.addWorksheet('Small').addRow(['last']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const seen: string[] = [];
    for await (const table of readWorkbookTables(bytes)) {
      for await (const row of table.rows) {
        seen.push(`${table.sheet}:${row.cells[0]}`);
        break;
      }
    }
    expect(seen).toEqual(['Big:1', 'Small:last']);
  });

  it('reads from a path as from bytes', async () => {
    const path = join(tmpdir(), `planwatch-template-${process.pid}.xlsx`);
    await writeFile(path, await buildTemplateWorkbook(SPEC));
    try {
      expect(await records(path)).toHaveLength(SPEC.rows.length);
    } finally {
      await rm(path, { force: true });
    }
  });

  it('says what is wrong with a file that is no .xlsx workbook', async () => {
    const read = async (bytes: Buffer) => {
      for await (const table of readWorkbookTables(bytes)) void table;
    };
    await expect(read(Buffer.from('indicator,value\n'))).rejects.toThrow(
      new WorkbookReadError('not an Excel workbook (.xlsx)'),
    );
    await expect(
      read(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
    ).rejects.toThrow(/Excel 97-2003 workbook \(\.xls\)/);
    await expect(read(Buffer.alloc(0))).rejects.toThrow('the file is empty');
    const bytes = await buildTemplateWorkbook(SPEC);
    await expect(read(bytes.subarray(0, bytes.length >> 1))).rejects.toThrow(WorkbookReadError);
  });
});

describe('createWorkbookMapper', () => {
  const header = {
    sheet: 'Data',
    line: 3,
    cells: ['Indicator', ' ORG_UNIT ', 'period', 'value', 'indicator_name', '', 'comment'],
  };

  it('reads codes in any case, ignores the descriptive columns and maps blank rows to null', () => {
    const mapper = createWorkbookMapper(header);
    expect(mapper.layout).toBe('planwatch-xlsx');
    expect(mapper.headerProblems).toEqual([]);
    expect(mapper.map({ sheet: 'Data', line: 4, cells: ['', ' ', '', ''] })).toBeNull();
    expect(
      mapper.map({ sheet: 'Data', line: 5, cells: ['x', '420000', '2024', '1', '名称', '', ''] }),
    ).toEqual({
      line: 5,
      sheet: 'Data',
      columns: { indicator: 1, org_unit: 2, period: 3, value: 4, comment: 7 },
      indicator: 'x',
      orgUnit: '420000',
      period: '2024',
      disaggregation: '',
      value: '1',
      comment: '',
      source: '',
    });
  });

  it('gives every problem of a row: unreadable value cells and cells outside the table, not broken descriptive cells', () => {
    const mapper = createWorkbookMapper(header);
    const row: WorkbookRow = {
      sheet: 'Data',
      line: 9,
      cells: ['x', '420000', '2024', '', '', 'stray'],
      problems: [
        { sheet: 'Data', line: 9, column: 4, message: 'the formula =A1 has no saved result' },
        { sheet: 'Data', line: 9, column: 5, message: 'the formula =B1 has no saved result' },
      ],
    };
    expect(mapper.map(row)).toEqual([
      expect.objectContaining({
        column: 6,
        message: expect.stringContaining('column F has no name in the header row 3'),
      }),
      {
        sheet: 'Data',
        line: 9,
        column: 4,
        field: 'value',
        message: 'the formula =A1 has no saved result',
      },
    ]);
  });

  it('names unknown, repeated and missing columns', () => {
    const mapper = createWorkbookMapper({
      sheet: 'Data',
      line: 2,
      cells: ['indicator', 'period', 'Period', 'amount'],
    });
    expect(mapper.headerProblems.map((p) => [describePosition(p), p.message])).toEqual([
      ['Data!C2', 'the column period is named twice, in B and C'],
      ['Data!D2', expect.stringContaining('unknown column "amount"; expected indicator, org_unit')],
      ['Data row 2', expect.stringContaining('missing columns org_unit, value;')],
    ]);
    expect(mapper.map({ line: 3, cells: ['x', '2024', '', '1'] })).toBeNull();
  });

  it('finds the header as a row naming two value fields', () => {
    expect(isHeaderRow({ line: 1, cells: ['信息化年报'] })).toBe(false);
    expect(isHeaderRow({ line: 1, cells: ['Indicator code', 'Reported value', 'Notes'] })).toBe(
      false,
    );
    expect(isHeaderRow({ line: 1, cells: ['', 'Indicator', 'valeu', 'PERIOD '] })).toBe(true);
  });
});

describe('text in cells', () => {
  it.each([
    ['plain 中文', 'plain 中文'],
    ['a\r\nb', 'a_x000D_\nb'],
    ['bell\u0007', 'bell_x0007_'],
    ['_x0041_', '_x005F_x0041_'],
    ['\uFFFF', '_xFFFF_'],
    ['lone \uD800', 'lone \uFFFD'],
    ['tab\tand\nline', 'tab\tand\nline'],
  ])('%j is kept in an .xlsx as %j', (text, stored) => {
    expect(xlsxText(text)).toBe(stored);
    if (!text.includes('\uD800')) expect(fromXlsxText(stored)).toBe(text);
  });

  it.each([
    ['2024', 'zh', '2024年'],
    ['2024S2', 'zh', '2024年下半年'],
    ['2024Q3', 'zh', '2024年第3季度'],
    ['202407', 'zh', '2024年7月'],
    ['2024S1', 'en', '2024 H1'],
    ['202407', 'en', 'July 2024'],
  ] as const)('period %s in %s is %s', (code, language, label) => {
    expect(periodLabel(code, language)).toBe(label);
  });
});

describe('writeValuesWorkbook', () => {
  it('writes a title, labels, codes, and values that read back', async () => {
    const bytes = await writeValuesWorkbook(
      (async function* () {
        yield {
          indicator: 'broadband_users',
          orgUnit: '420000',
          period: '2024Q3',
          disaggregation: 'AREA=URBAN',
          value: 0.30000000000000004,
          comment: 'a\r\nb',
          source: null,
          indicatorName: '固定宽带家庭普及率',
          orgUnitName: '湖北省',
          unitLabel: '%',
        };
      })(),
      { language: 'en', title: 'Broadband, Hubei' },
    );
    expect(await readWorkbookMetadata(bytes)).toMatchObject({ kind: 'values', header_row: '3' });
    const out = await records(bytes);
    expect(out).toEqual([
      {
        line: 4,
        sheet: 'Data',
        columns: {
          indicator: 1,
          org_unit: 3,
          period: 5,
          disaggregation: 6,
          value: 8,
          comment: 9,
          source: 10,
        },
        indicator: 'broadband_users',
        orgUnit: '420000',
        period: '2024Q3',
        disaggregation: 'AREA=URBAN',
        value: '0.30000000000000004',
        comment: 'a\r\nb',
        source: '',
      },
    ]);
  });
});
