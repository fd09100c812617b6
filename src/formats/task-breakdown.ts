/**
 * A task breakdown file: the tasks that carry out a plan's measures, one a
 * row, as CSV (UTF-8 with or without a byte order mark, UTF-16 with one, or
 * GBK/GB18030; comma, semicolon or tab) or an Excel workbook (.xlsx).
 *
 * Columns, in any order, headers in English (any case) or Chinese:
 *
 * | column           | 中文     | content                                                        |
 * | ---------------- | -------- | -------------------------------------------------------------- |
 * | ref *            | 编号     | the row's own name, unique in the file (e.g. T1, BB-1.2)        |
 * | parent_ref       | 上级编号 | the ref of the parent task, on an earlier row                   |
 * | parent_task_id   | 上级任务ID | the id of a task already in Planwatch to break down            |
 * | plan             | 规划     | plan code; nids-2016 when empty                                 |
 * | measure          | 措施     | the measure's path in the plan (III.2.3); a sub-task may omit it |
 * | title *          | 任务名称 | the task's title                                               |
 * | description      | 说明     | free text                                                       |
 * | lead_unit *      | 牵头单位 | org unit code (420000, MIIT, CN)                                 |
 * | participants     | 参与单位 | org unit codes, separated by ; , 、 or spaces                     |
 * | start_on *       | 开始日期 | a date                                                          |
 * | due_on *         | 完成时限 | a date                                                          |
 * | milestones       | 里程碑   | "2026-06-30 title; 2026-09-30 title" (or one a line)             |
 * | deliverables     | 成果     | items separated by ; (or one a line, when an item holds a ;)    |
 * | indicators       | 指标     | indicator codes, separated like participants                    |
 *
 * (* required.) Dates: 2026-06-30, also 2026/6/30, 2026.6.30 and 2026年6月30日,
 * full-width digits, and in workbooks date cells and Excel date serials;
 * every date converted to ISO is reported with its cell. A cell starting
 * with an apostrophe before = + - @ (how exports neutralise formulas) loses
 * that apostrophe. In a workbook, rows above the header row (the first row
 * naming two columns) are titles; every visible sheet with a header row is
 * read, in tab order. Blank rows are skipped. Unknown columns and missing
 * required ones are problems; so is every cell that cannot be read, all
 * reported at once with line (or sheet and row) and column.
 */
import { decodeText, readCsvRecords, type TextEncodingName } from '../core/import/index.js';
import { columnLetters } from '../core/import/value-record.js';
import {
  readDate,
  readMilestones,
  splitCodes,
  splitItems,
  unneutralise,
} from './task-breakdown-cells.js';
import { readWorkbookTables, WorkbookReadError, type WorkbookRow } from './xlsx.js';

export const BREAKDOWN_COLUMNS = [
  'ref',
  'parent_ref',
  'parent_task_id',
  'plan',
  'measure',
  'title',
  'description',
  'lead_unit',
  'participants',
  'start_on',
  'due_on',
  'milestones',
  'deliverables',
  'indicators',
] as const;
export type BreakdownColumn = (typeof BREAKDOWN_COLUMNS)[number];

export const REQUIRED_BREAKDOWN_COLUMNS: readonly BreakdownColumn[] = [
  'ref',
  'title',
  'lead_unit',
  'start_on',
  'due_on',
];

export const CHINESE_HEADERS: Readonly<Record<BreakdownColumn, string>> = {
  ref: '编号',
  parent_ref: '上级编号',
  parent_task_id: '上级任务ID',
  plan: '规划',
  measure: '措施',
  title: '任务名称',
  description: '说明',
  lead_unit: '牵头单位',
  participants: '参与单位',
  start_on: '开始日期',
  due_on: '完成时限',
  milestones: '里程碑',
  deliverables: '成果',
  indicators: '指标',
};

export const DEFAULT_BREAKDOWN_PLAN = 'nids-2016';
const MAX_REF_LENGTH = 100;

/** One row as a task to create: the shape TaskService.createBreakdown takes. */
export interface BreakdownTask {
  ref: string;
  parentRef: string | null;
  parentTaskId: number | null;
  plan: string;
  /** Absent for a sub-task that takes its parent's measure. */
  measure?: string;
  title: string;
  description: string;
  leadUnit: string;
  participants: string[];
  startOn: string;
  dueOn: string;
  milestones: { title: string; dueOn: string }[];
  deliverables: string[];
  indicators: string[];
}

/** A header row: where it is and which column holds each field, with its name as written. */
export interface BreakdownHeader {
  sheet?: string | undefined;
  line: number;
  columns: ReadonlyMap<BreakdownColumn, { column: number; name: string }>;
  /** Every column with a name, known or not (an unknown one is a header problem of its own). */
  named: ReadonlySet<number>;
}

export interface BreakdownPosition {
  sheet?: string | undefined;
  /** Line (CSV) or row (sheet), from 1; absent for the file as a whole. */
  line?: number | undefined;
  /** Column from 1. */
  column?: number | undefined;
  /** The column's header as written in the file. */
  columnName?: string | undefined;
}

export interface BreakdownProblem extends BreakdownPosition {
  message: string;
}

export interface BreakdownConversion extends BreakdownPosition {
  line: number;
  column: number;
  columnName: string;
  from: string;
  to: string;
  /** What the cell was read as: "a date written 年月日", "an Excel date serial", ... */
  how: string;
}

export interface BreakdownRow {
  sheet?: string | undefined;
  line: number;
  header: BreakdownHeader;
  task: BreakdownTask;
  /** Columns of this row whose cells the reader found wrong (their problems are listed). */
  flagged: ReadonlySet<BreakdownColumn>;
}

export interface BreakdownFile {
  format: 'csv' | 'xlsx';
  /** The text encoding of a CSV file; null for workbooks. */
  encoding: TextEncodingName | null;
  rows: BreakdownRow[];
  problems: BreakdownProblem[];
  /**
   * The file's structure is wrong (encoding, quoting, header, sheets): some
   * rows may be missing or misread, so they are not worth checking further.
   */
  structural: boolean;
  conversions: BreakdownConversion[];
}

const CHINESE_TO_COLUMN = new Map(
  BREAKDOWN_COLUMNS.map((column) => [CHINESE_HEADERS[column], column] as const),
);

/** The column a header names (English in any case, spaces or hyphens for underscores, or Chinese). */
export function breakdownColumnOf(name: string): BreakdownColumn | null {
  const trimmed = name.trim();
  const key = trimmed.toLowerCase().replace(/[\s-]+/g, '_');
  if ((BREAKDOWN_COLUMNS as readonly string[]).includes(key)) return key as BreakdownColumn;
  return CHINESE_TO_COLUMN.get(trimmed) ?? null;
}

const EXPECTED = `expected ${BREAKDOWN_COLUMNS.join(', ')} (or their Chinese names ${BREAKDOWN_COLUMNS.map((column) => CHINESE_HEADERS[column]).join('、')})`;

/** Reads a breakdown file's bytes (CSV or .xlsx, told apart by their first bytes); never throws on bad input. */
export async function readTaskBreakdown(bytes: Uint8Array): Promise<BreakdownFile> {
  const head = bytes.subarray(0, 4);
  const zip = head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3;
  const oleCompound = head.length === 4 && head[0] === 0xd0 && head[1] === 0xcf;
  return zip || oleCompound ? readWorkbook(bytes) : readCsv(bytes);
}

function readCsv(bytes: Uint8Array): BreakdownFile {
  const file: BreakdownFile = {
    format: 'csv',
    encoding: null,
    rows: [],
    problems: [],
    structural: false,
    conversions: [],
  };
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    file.problems.push({ line: decoded.problem.line, message: decoded.problem.message });
    file.structural = true;
    return file;
  }
  file.encoding = decoded.encoding;
  const records = readCsvRecords(decoded.text);
  if (records.problems.length > 0) file.structural = true;
  file.problems.push(...records.problems);
  if (records.header.length === 0) return file;
  const header = readHeader(
    records.header,
    { line: headerLineOf(decoded.text) },
    { literalDuplicates: false },
  );
  if (header.problems.length > 0) file.structural = true;
  file.problems.push(...header.problems);
  const rows = new RowReader(file, { serials: false });
  for (const record of records.rows) rows.read(header.header, record.line, record.cells, []);
  sortProblems(file, []);
  return file;
}

/** The line of the header: readCsvRecords skips empty lines before it. */
function headerLineOf(text: string): number {
  const leading = /^\uFEFF?((?:\r\n|\r|\n)*)/.exec(text)?.[1] ?? '';
  return (leading.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}

async function readWorkbook(bytes: Uint8Array): Promise<BreakdownFile> {
  const file: BreakdownFile = {
    format: 'xlsx',
    encoding: null,
    rows: [],
    problems: [],
    structural: false,
    conversions: [],
  };
  const rows = new RowReader(file, { serials: true });
  let headers = 0;
  const sheets: string[] = [];
  try {
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for await (const table of readWorkbookTables(input)) {
      sheets.push(table.sheet);
      let header: BreakdownHeader | null = null;
      let firstContent: WorkbookRow | null = null;
      for await (const row of table.rows) {
        if (header === null) {
          if (isHeaderRow(row.cells)) {
            if (table.hidden) {
              file.problems.push({
                sheet: table.sheet,
                line: row.line,
                message: `the hidden sheet ${table.sheet} holds a table of tasks (header at row ${row.line}): show the sheet to import them, or delete it`,
              });
              file.structural = true;
              break;
            }
            const read = readHeader(
              row.cells,
              { sheet: table.sheet, line: row.line },
              { literalDuplicates: true },
            );
            header = read.header;
            headers += 1;
            if (read.problems.length > 0) file.structural = true;
            file.problems.push(...read.problems);
          } else if (firstContent === null && row.cells.some((cell) => cell.trim() !== '')) {
            firstContent = row;
          }
          continue;
        }
        rows.read(header, row.line, row.cells, row.problems);
      }
      if (header === null && firstContent !== null && !table.hidden) {
        file.problems.push({
          sheet: table.sheet,
          line: firstContent.line,
          message: `sheet ${table.sheet} has no header row (a row naming the columns ref, title, lead_unit, start_on, due_on, ...); add one, or delete the sheet if it holds no tasks`,
        });
        file.structural = true;
      }
    }
  } catch (error) {
    if (!(error instanceof WorkbookReadError)) throw error;
    file.problems.push({ message: error.message });
    file.structural = true;
    return file;
  }
  if (headers === 0 && file.problems.length === 0) {
    file.problems.push({ message: 'the workbook holds no table of tasks (no header row)' });
    file.structural = true;
  }
  sortProblems(file, sheets);
  return file;
}

/** A row naming at least two breakdown columns is the header; title rows above it never do. */
function isHeaderRow(cells: readonly string[]): boolean {
  return new Set(cells.map(breakdownColumnOf).filter((column) => column !== null)).size >= 2;
}

function readHeader(
  cells: readonly string[],
  at: { sheet?: string; line: number },
  options: { literalDuplicates: boolean },
): { header: BreakdownHeader; problems: BreakdownProblem[] } {
  const problems: BreakdownProblem[] = [];
  const columns = new Map<BreakdownColumn, { column: number; name: string }>();
  const named = new Set<number>();
  cells.forEach((raw, index) => {
    const name = raw.trim();
    // An unnamed column: the CSV reader names it; in a sheet, only cells under it matter.
    if (name === '') return;
    named.add(index + 1);
    const position = { ...at, column: index + 1, columnName: name };
    const column = breakdownColumnOf(name);
    if (column === null) {
      problems.push({
        ...position,
        message: `unknown column "${name}": ${EXPECTED}; a column is never dropped unread`,
      });
      return;
    }
    const first = columns.get(column);
    if (first !== undefined) {
      // Same spelling twice in a CSV header: the CSV reader has said so already.
      if (options.literalDuplicates || first.name !== name) {
        problems.push({
          ...position,
          message: `"${name}" is the column ${column} again (${describeColumn(at.sheet, first.column)} is "${first.name}")`,
        });
      }
      return;
    }
    columns.set(column, { column: index + 1, name });
  });
  const missing = REQUIRED_BREAKDOWN_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    problems.push({
      ...at,
      message: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((column) => `${column} (${CHINESE_HEADERS[column]})`).join(', ')}; ${EXPECTED}`,
    });
  }
  return { header: { ...at, columns, named }, problems };
}

function describeColumn(sheet: string | undefined, column: number): string {
  return sheet === undefined ? `column ${column}` : `column ${columnLetters(column)}`;
}

/** Reads rows into tasks, collecting every problem and conversion into the file. */
class RowReader {
  /** Where each ref was first given, for naming duplicates. */
  private readonly refs = new Map<string, { sheet?: string | undefined; line: number }>();

  constructor(
    private readonly file: BreakdownFile,
    private readonly options: { serials: boolean },
  ) {}

  read(
    header: BreakdownHeader,
    line: number,
    rawCells: readonly string[],
    cellProblems: readonly { column?: number | undefined; message: string }[],
  ): void {
    const sheet = header.sheet;
    const cells = rawCells.map(unneutralise);
    if (cellProblems.length === 0 && cells.every((cell) => cell.trim() === '')) return;
    const flagged = new Set<BreakdownColumn>();
    const byColumn = new Map([...header.columns].map(([field, at]) => [at.column, field]));
    const problem = (column: BreakdownColumn | null, message: string, index?: number) => {
      const at = column === null ? undefined : header.columns.get(column);
      if (column !== null) flagged.add(column);
      this.file.problems.push({
        sheet,
        line,
        column: at?.column ?? index,
        columnName: at?.name,
        message,
      });
    };

    cells.forEach((cell, index) => {
      if (cell.trim() !== '' && !header.named.has(index + 1) && sheet !== undefined) {
        problem(
          null,
          `a cell outside the table: column ${columnLetters(index + 1)} has no name in the header row ${header.line}; move its content into description, or delete it`,
          index + 1,
        );
      }
    });
    for (const cellProblem of cellProblems) {
      const field =
        cellProblem.column === undefined ? null : (byColumn.get(cellProblem.column) ?? null);
      problem(field, cellProblem.message, cellProblem.column);
    }
    const raw = (column: BreakdownColumn): string => {
      const at = header.columns.get(column);
      return at === undefined ? '' : (cells[at.column - 1] ?? '');
    };
    const text = (column: BreakdownColumn): string => raw(column).trim();

    const ref = text('ref');
    if (header.columns.has('ref')) {
      if (ref === '') {
        problem(
          'ref',
          'no ref: every row needs a name of its own (e.g. T1), which sub-tasks give as parent_ref',
        );
      } else if (ref.length > MAX_REF_LENGTH) {
        problem('ref', `a ref of ${ref.length} characters; ${MAX_REF_LENGTH} at most`);
      } else {
        const first = this.refs.get(ref);
        if (first !== undefined) {
          problem(
            'ref',
            `the ref "${ref}" is already the name of ${where(first)}: each row needs its own`,
          );
        } else {
          this.refs.set(ref, { sheet, line });
        }
      }
    }
    const parentRef = text('parent_ref') || null;
    if (parentRef !== null && parentRef === ref) {
      problem('parent_ref', `the task "${ref}" names itself as its parent: a cycle`);
    }
    const parentIdText = text('parent_task_id');
    let parentTaskId: number | null = null;
    if (parentIdText !== '') {
      if (/^\d{1,15}$/.test(parentIdText) && Number(parentIdText) > 0)
        parentTaskId = Number(parentIdText);
      else problem('parent_task_id', `"${parentIdText}" is not a task id (a whole number)`);
    }
    if (parentTaskId !== null && parentRef !== null) {
      problem(
        'parent_task_id',
        `both parent_ref "${parentRef}" and parent_task_id ${parentTaskId} are given: a task has one parent`,
      );
    }
    for (const column of ['title', 'lead_unit'] as const) {
      if (header.columns.has(column) && text(column) === '') {
        problem(column, column === 'title' ? 'no title' : 'no lead unit: give its org unit code');
      }
    }
    const date = (column: 'start_on' | 'due_on'): string => {
      const at = header.columns.get(column);
      if (at === undefined) return '';
      const written = text(column);
      const reading = readDate(written, { serials: this.options.serials });
      if (!reading.ok) {
        problem(
          column,
          written === '' ? `no ${column === 'start_on' ? 'start' : 'due'} date` : reading.message,
        );
        return written;
      }
      if (reading.converted) {
        this.file.conversions.push({
          sheet,
          line,
          column: at.column,
          columnName: at.name,
          from: written,
          to: reading.date,
          how: reading.how!,
        });
      }
      return reading.date;
    };
    const startOn = date('start_on');
    const dueOn = date('due_on');
    const milestones = readMilestones(raw('milestones'));
    for (const message of milestones.problems) problem('milestones', message);
    const milestonesAt = header.columns.get('milestones');
    for (const conversion of milestones.conversions) {
      this.file.conversions.push({
        sheet,
        line,
        column: milestonesAt!.column,
        columnName: milestonesAt!.name,
        ...conversion,
      });
    }

    const measure = text('measure');
    this.file.rows.push({
      sheet,
      line,
      header,
      flagged,
      task: {
        ref,
        parentRef,
        parentTaskId,
        plan: text('plan') || DEFAULT_BREAKDOWN_PLAN,
        ...(measure === '' ? {} : { measure }),
        title: text('title'),
        description: text('description'),
        leadUnit: text('lead_unit'),
        participants: splitCodes(text('participants')),
        startOn,
        dueOn,
        milestones: milestones.milestones,
        // Untrimmed: a line break after a single item says it is one item (see splitItems).
        deliverables: splitItems(raw('deliverables')),
        indicators: splitCodes(text('indicators')),
      },
    });
  }
}

function where(at: { sheet?: string | undefined; line: number }): string {
  return at.sheet === undefined ? `line ${at.line}` : `sheet ${at.sheet} row ${at.line}`;
}

/** File order: the file as a whole first, then sheets in tab order, lines, columns. */
function sortProblems(file: BreakdownFile, sheets: readonly string[]): void {
  const sheetIndex = (sheet: string | undefined) =>
    sheet === undefined ? -1 : sheets.indexOf(sheet);
  file.problems.sort(
    (a, b) =>
      sheetIndex(a.sheet) - sheetIndex(b.sheet) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
