import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/cli.js';
import {
  readTaskBreakdown,
  type BreakdownFile,
  type BreakdownProblem,
  type BreakdownTask,
} from './task-breakdown.js';
import { writeBreakdownCsv, writeBreakdownWorkbook } from './task-breakdown-write.js';

const EXAMPLE = path.join(repoRoot, 'data', 'tasks', 'nids-2016.example-tasks.csv');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** GBK bytes, from the decoder's own table (Node has no GBK encoder). */
function gbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      try {
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (!table.has(char)) table.set(char, [lead, trail]);
      } catch {
        // Not a GBK code.
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else {
      const code = table.get(char);
      if (!code) throw new Error(`no GBK code for ${char}`);
      bytes.push(...code);
    }
  }
  return new Uint8Array(bytes);
}

function problemsOf(file: BreakdownFile): BreakdownProblem[] {
  return file.problems;
}

const HEADER = 'ref,parent_ref,measure,title,lead_unit,start_on,due_on,milestones,indicators';

describe('reading a breakdown from CSV', () => {
  it('reads the shipped example: nine tasks under two measures, sub-tasks after their parents', async () => {
    const file = await readTaskBreakdown(fs.readFileSync(EXAMPLE));
    expect(problemsOf(file)).toEqual([]);
    expect(file).toMatchObject({ format: 'csv', encoding: 'utf-8', structural: false });
    expect(file.rows.map((row) => [row.line, row.task.ref, row.task.parentRef])).toEqual([
      [2, 'EX-BB-1', null],
      [3, 'EX-BB-1.1', 'EX-BB-1'],
      [4, 'EX-BB-1.1.1', 'EX-BB-1.1'],
      [5, 'EX-BB-1.2', 'EX-BB-1'],
      [6, 'EX-BB-2', null],
      [7, 'EX-EG-1', null],
      [8, 'EX-EG-1.1', 'EX-EG-1'],
      [9, 'EX-EG-1.2', 'EX-EG-1'],
      [10, 'EX-EG-2', null],
    ]);
    expect(file.rows[0]!.task).toEqual({
      ref: 'EX-BB-1',
      parentRef: null,
      parentTaskId: null,
      plan: 'nids-2016',
      measure: 'III.2.3',
      title: '示例：推进千兆光网和5G网络规模部署',
      description: expect.stringMatching(/^Example only, not real work\. National task/),
      leadUnit: 'CN',
      participants: ['MIIT', 'NDRC'],
      startOn: '2026-07-01',
      dueOn: '2027-12-31',
      milestones: [
        { dueOn: '2026-12-31', title: '下达各省年度部署目标' },
        { dueOn: '2027-06-30', title: '完成中期评估' },
        { dueOn: '2027-12-31', title: '形成全国部署总结报告' },
      ],
      deliverables: ['各省部署目标分解表', '中期评估报告', '全国部署总结报告'],
      indicators: [
        'fixed_broadband_per_100',
        'fixed_broadband_household_penetration',
        'base_stations_5g',
      ],
    });
    // Sub-tasks leave the measure out: they take their parent's.
    expect(file.rows[1]!.task).not.toHaveProperty('measure');
    expect(file.conversions).toEqual([]);
  });

  it('reads Chinese headers, a byte order mark, semicolons as delimiter, and says which dates it converted', async () => {
    const text =
      '\uFEFF编号;上级编号;措施;任务名称;牵头单位;参与单位;开始日期;完成时限;里程碑;成果;指标\r\n' +
      '\r\n' +
      'T1;;III.2.3;宽带提速;420000;420100、420200;2026/7/1;2027年6月30日;2026年12月31日 方案印发；2027/3/31 中期评估;方案;fixed_broadband_per_100\r\n' +
      ';;;;;;;;;;\r\n' +
      'T2;T1;;武汉分解;420100;;2026-07-01;2027-06-30;;;\r\n';
    const file = await readTaskBreakdown(utf8(text));
    expect(problemsOf(file)).toEqual([]);
    expect(file.encoding).toBe('utf-8-bom');
    // The blank line and the row of empty cells are skipped.
    expect(file.rows.map((row) => row.line)).toEqual([3, 5]);
    expect(file.rows[0]!.task).toMatchObject({
      participants: ['420100', '420200'],
      startOn: '2026-07-01',
      dueOn: '2027-06-30',
      milestones: [
        { dueOn: '2026-12-31', title: '方案印发' },
        { dueOn: '2027-03-31', title: '中期评估' },
      ],
    });
    expect(file.conversions).toEqual([
      {
        line: 3,
        column: 7,
        columnName: '开始日期',
        from: '2026/7/1',
        to: '2026-07-01',
        how: 'a date written with "/"',
      },
      {
        line: 3,
        column: 8,
        columnName: '完成时限',
        from: '2027年6月30日',
        to: '2027-06-30',
        how: 'a date written 年月日',
      },
      {
        line: 3,
        column: 9,
        columnName: '里程碑',
        from: '2026年12月31日',
        to: '2026-12-31',
        how: 'a date written 年月日',
      },
      {
        line: 3,
        column: 9,
        columnName: '里程碑',
        from: '2027/3/31',
        to: '2027-03-31',
        how: 'a date written with "/"',
      },
    ]);
  });

  it('reads a GBK file, as older office software saves one', async () => {
    const text =
      '编号,任务名称,牵头单位,开始日期,完成时限\r\nT1,湖北省宽带提速,420000,2026-07-01,2027-06-30\r\n';
    const file = await readTaskBreakdown(gbk(text));
    expect(problemsOf(file)).toEqual([]);
    expect(file.encoding).toBe('gb18030');
    expect(file.rows[0]!.task).toMatchObject({ title: '湖北省宽带提速', leadUnit: '420000' });
  });

  it('names every problem of every line at once, with line, column and the column as written', async () => {
    const text = [
      HEADER,
      'T1,,III.2.3,Broadband,420000,2026-07-01,30/6/2027,Kick-off,',
      'T1,T9,,,420100,2026-02-30,2027-06-30,2026-09-30 Review; 2026-13-01 Audit,',
      ',,,No ref,420000,,2027-06-30,,',
      'T3,T3,III.2.3,Loop,,2026-07-01,2027-06-30,,',
    ].join('\n');
    const file = await readTaskBreakdown(utf8(text));
    expect(file.structural).toBe(false);
    expect(problemsOf(file)).toEqual([
      {
        line: 2,
        column: 7,
        columnName: 'due_on',
        message: expect.stringContaining('"30/6/2027" is not a date'),
      },
      {
        line: 2,
        column: 8,
        columnName: 'milestones',
        message: 'milestone 1 "Kick-off" does not start with its date: write "2026-06-30 title"',
      },
      {
        line: 3,
        column: 1,
        columnName: 'ref',
        message: 'the ref "T1" is already the name of line 2: each row needs its own',
      },
      { line: 3, column: 4, columnName: 'title', message: 'no title' },
      {
        line: 3,
        column: 6,
        columnName: 'start_on',
        message: '"2026-02-30" is not a date: there is no 2026-02-30',
      },
      {
        line: 3,
        column: 8,
        columnName: 'milestones',
        message: 'milestone 2: "2026-13-01" is not a date: there is no 2026-13-01',
      },
      { line: 4, column: 1, columnName: 'ref', message: expect.stringContaining('no ref') },
      { line: 4, column: 6, columnName: 'start_on', message: 'no start date' },
      {
        line: 5,
        column: 2,
        columnName: 'parent_ref',
        message: 'the task "T3" names itself as its parent: a cycle',
      },
      {
        line: 5,
        column: 5,
        columnName: 'lead_unit',
        message: 'no lead unit: give its org unit code',
      },
    ]);
    // The rows are still there, flagged, so the store's checks can add their problems.
    expect(file.rows.map((row) => [row.line, [...row.flagged].sort()])).toEqual([
      [2, ['due_on', 'milestones']],
      [3, ['milestones', 'ref', 'start_on', 'title']],
      [4, ['ref', 'start_on']],
      [5, ['lead_unit', 'parent_ref']],
    ]);
  });

  it('names unknown, repeated and missing columns in the header', async () => {
    const text = 'ref,任务名称,title,owner,start_on,\nT1,a,b,c,2026-07-01,x\n';
    const file = await readTaskBreakdown(utf8(text));
    expect(file.structural).toBe(true);
    expect(problemsOf(file)).toEqual([
      {
        line: 1,
        message: expect.stringMatching(
          /^the header lacks the columns lead_unit \(牵头单位\), due_on \(完成时限\); expected ref, parent_ref/,
        ),
      },
      {
        line: 1,
        column: 3,
        columnName: 'title',
        message: '"title" is the column title again (column 2 is "任务名称")',
      },
      {
        line: 1,
        column: 4,
        columnName: 'owner',
        message: expect.stringMatching(/^unknown column "owner": expected ref, parent_ref/),
      },
      // The CSV reader's own problems point at the character.
      { line: 1, column: 31, message: 'column 6 of the header has no name' },
    ]);
  });

  it('says which bytes are neither UTF-8 nor GBK', async () => {
    const file = await readTaskBreakdown(
      new Uint8Array([0x72, 0x65, 0x66, 0x0a, 0xff, 0xff, 0xff]),
    );
    expect(file.structural).toBe(true);
    expect(problemsOf(file)).toEqual([{ line: 2, message: expect.stringContaining('not UTF-8') }]);
  });
});

async function workbook(fill: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('reading a breakdown from a workbook', () => {
  it('skips title rows, reads date cells, serials and written dates, and names cells by sheet and row', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('任务');
      sheet.addRow(['湖北省任务分解']);
      sheet.addRow([
        '编号',
        '上级编号',
        '措施',
        '任务名称',
        '牵头单位',
        '开始日期',
        '完成时限',
        '里程碑',
      ]);
      sheet.addRow([
        'T1',
        null,
        'III.2.3',
        '宽带提速',
        '420000',
        new Date(Date.UTC(2026, 6, 1)),
        46568,
        '2026/12/31 方案',
      ]);
      sheet.getCell('F3').numFmt = 'yyyy-mm-dd';
      sheet.addRow([]);
      sheet.addRow([
        'T2',
        'T1',
        null,
        '武汉分解',
        420100,
        '2026年7月1日',
        { formula: 'G3', result: undefined },
      ]);
    });
    const file = await readTaskBreakdown(bytes);
    expect(file.format).toBe('xlsx');
    expect(problemsOf(file)).toEqual([
      {
        sheet: '任务',
        line: 5,
        column: 7,
        columnName: '完成时限',
        message: expect.stringContaining('the formula =G3 has no saved result'),
      },
      { sheet: '任务', line: 5, column: 7, columnName: '完成时限', message: 'no due date' },
    ]);
    expect(file.rows.map((row) => [row.sheet, row.line, row.task.ref])).toEqual([
      ['任务', 3, 'T1'],
      ['任务', 5, 'T2'],
    ]);
    expect(file.rows[0]!.task).toMatchObject({
      startOn: '2026-07-01',
      dueOn: '2027-06-30',
      milestones: [{ dueOn: '2026-12-31', title: '方案' }],
    });
    expect(file.rows[1]!.task).toMatchObject({ leadUnit: '420100', startOn: '2026-07-01' });
    expect(
      file.conversions.map((conversion) => [
        conversion.line,
        conversion.columnName,
        conversion.from,
        conversion.how,
      ]),
    ).toEqual([
      [3, '完成时限', '46568', 'an Excel date serial'],
      [3, '里程碑', '2026/12/31', 'a date written with "/"'],
      [5, '开始日期', '2026年7月1日', 'a date written 年月日'],
    ]);
  });

  it('names a cell outside the table, a sheet without a header and an old .xls', async () => {
    const bytes = await workbook((book) => {
      const tasks = book.addWorksheet('Tasks');
      tasks.addRow(['ref', 'title', 'lead_unit', 'start_on', 'due_on']);
      tasks.addRow(['T1', 'Broadband', 'CN', '2026-07-01', '2027-06-30', null, 'stray']);
      tasks.addRow(['T2', 'Fibre', 'CN', '2026-07-01', '2027-06-30', 'nobody']);
      tasks.getCell('F1').value = 'owner';
      book.addWorksheet('Notes').addRow(['Remember the deadline']);
    });
    expect(problemsOf(await readTaskBreakdown(bytes))).toEqual([
      // An unknown column is named once, in the header, not again in each row under it.
      {
        sheet: 'Tasks',
        line: 1,
        column: 6,
        columnName: 'owner',
        message: expect.stringContaining('unknown column "owner"'),
      },
      {
        sheet: 'Tasks',
        line: 2,
        column: 7,
        message: expect.stringContaining(
          'a cell outside the table: column G has no name in the header row 1',
        ),
      },
      {
        sheet: 'Notes',
        line: 1,
        message: expect.stringContaining('sheet Notes has no header row'),
      },
    ]);
    const xls = await readTaskBreakdown(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]));
    expect(xls.problems).toEqual([
      { message: expect.stringContaining('Excel 97-2003 workbook (.xls)') },
    ]);
  });
});

describe('writing a breakdown', () => {
  const code = fc.stringMatching(/^[A-Z0-9]{1,8}$/);
  const line = fc
    .string({
      unit: fc.constantFrom(
        'a',
        ' ',
        ',',
        ';',
        '；',
        '"',
        '=',
        '+',
        '-',
        '@',
        "'",
        '示',
        '_x0041_',
        '\t',
      ),
    })
    .map((text) => text.trim())
    .filter((text) => text !== '');
  const text = fc
    .array(fc.oneof(line, fc.constantFrom('\n', '\r\n')), { maxLength: 4 })
    .map((parts) => parts.join('').trim());
  const date = fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
    .map((value) => value.toISOString().slice(0, 10));
  const parent = fc.oneof(
    fc.constant({ parentRef: null, parentTaskId: null }),
    code.map((ref) => ({ parentRef: `P${ref}`, parentTaskId: null })),
    fc.integer({ min: 1, max: 1_000_000 }).map((id) => ({ parentRef: null, parentTaskId: id })),
  );
  const task: fc.Arbitrary<BreakdownTask> = fc
    .record({
      ref: code,
      parent,
      plan: fc.constantFrom('nids-2016', 'hubei-2021'),
      measure: fc.constantFrom('III.2.3', 'IV.2.6'),
      title: line,
      description: text,
      leadUnit: code,
      participants: fc.array(code, { maxLength: 3 }),
      startOn: date,
      dueOn: date,
      milestones: fc.array(fc.record({ title: line, dueOn: date }), { maxLength: 3 }),
      deliverables: fc.array(line, { maxLength: 3 }),
      indicators: fc.array(code, { maxLength: 3 }),
    })
    .map(({ parent: links, ...rest }) => ({ ...rest, ...links }));
  /** Tasks with refs of their own, as a file has them. */
  const tasks = (maxLength: number) =>
    fc
      .array(task, { minLength: 1, maxLength })
      .map((list) => list.map((item, index) => ({ ...item, ref: `T${index}-${item.ref}` })));

  it('reads back every task it writes as CSV, whatever the text holds', async () => {
    await fc.assert(
      fc.asyncProperty(tasks(4), async (written) => {
        const file = await readTaskBreakdown(utf8(writeBreakdownCsv(written)));
        expect(file.encoding).toBe('utf-8-bom');
        expect(file.problems).toEqual([]);
        expect(file.rows.map((row) => row.task)).toEqual(written);
      }),
      { numRuns: 60 },
    );
  });

  it('reads back every task it writes as a workbook, with Chinese headers too', async () => {
    await fc.assert(
      fc.asyncProperty(
        tasks(3),
        fc.constantFrom('en' as const, 'zh' as const),
        async (written, language) => {
          const bytes = await writeBreakdownWorkbook(written, {
            title: 'Task breakdown',
            language,
          });
          const file = await readTaskBreakdown(bytes);
          expect(file.problems).toEqual([]);
          expect(file.rows.map((row) => row.task)).toEqual(written);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const csv = writeBreakdownCsv([
      {
        ref: 'T1',
        parentRef: null,
        parentTaskId: null,
        plan: 'nids-2016',
        measure: 'III.2.3',
        title: '=HYPERLINK("http://example.com","x")',
        description: '@SUM(1)',
        leadUnit: 'CN',
        participants: [],
        startOn: '2026-07-01',
        dueOn: '2027-06-30',
        milestones: [],
        deliverables: ['-1', '+2'],
        indicators: [],
      },
    ]);
    const record = csv.split('\r\n')[1]!;
    expect(record).toContain(`"'=HYPERLINK(""http://example.com"",""x"")"`);
    expect(record).toContain("'@SUM(1)");
    expect(record).toContain('"\'-1; +2"');
  });
});
