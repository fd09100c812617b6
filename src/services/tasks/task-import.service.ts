/**
 * Imports a task breakdown file (CSV or .xlsx, layout in
 * formats/task-breakdown.ts): the file is read into rows, and the rows go to
 * TaskService.createBreakdown in one transaction, all or nothing. Every
 * problem is reported at once with its place in the file: the reader's (cells
 * it cannot read), and the service's (`rows[3].dueOn`: an unknown measure, a
 * due date before the start, a parent that is no earlier row), mapped back to
 * line (or sheet and row) and column. A dry run does the same and rolls back.
 */
import { createHash } from 'node:crypto';
import { columnLetters } from '../../core/import/value-record.js';
import type { Principal } from '../../core/access/policy.js';
import type { Db, Tx } from '../../db/connect.js';
import {
  readTaskBreakdown,
  type BreakdownColumn,
  type BreakdownConversion,
  type BreakdownFile,
  type BreakdownPosition,
  type BreakdownProblem,
  type BreakdownRow,
  type BreakdownTask,
} from '../../formats/task-breakdown.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { ForbiddenError, InputError, type Problem } from '../errors.js';
import type { CreatedTask, TaskService } from './task.service.js';

export interface TaskImportOptions {
  /** Check everything against the store, write nothing. */
  dryRun: boolean;
  /** Marks the tasks as the example breakdown (the shipped demo data). */
  isExample?: boolean;
}

export interface TaskImportReport {
  file: string;
  format: 'csv' | 'xlsx';
  /** The text encoding of a CSV file; null for workbooks. */
  encoding: string | null;
  sha256: string;
  dryRun: boolean;
  rows: number;
  /** Tasks written: 0 on a dry run. */
  created: number;
  /** Each row's ref with its new task id (null on a dry run), in file order. */
  tasks: { ref: string; id: number | null; sheet: string | null; line: number }[];
  /** Cells read as something other than what they said (dates given in other forms). */
  conversions: (Omit<BreakdownConversion, 'sheet'> & { sheet: string | null })[];
}

/** Creates TaskService on a given connection or transaction (the container's wiring). */
export type TaskServiceOn = (db: Db) => TaskService;

/** createBreakdown's field names, as the file's columns. */
const FIELD_COLUMNS: Readonly<Record<string, BreakdownColumn>> = {
  ref: 'ref',
  parentRef: 'parent_ref',
  parentTaskId: 'parent_task_id',
  plan: 'plan',
  measure: 'measure',
  title: 'title',
  description: 'description',
  leadUnit: 'lead_unit',
  participants: 'participants',
  startOn: 'start_on',
  dueOn: 'due_on',
  milestones: 'milestones',
  deliverables: 'deliverables',
  indicators: 'indicators',
};

/** A dry run's way out of its transaction, with its report: nothing it did is kept. */
class RollBack extends Error {
  override name = 'RollBack';
  constructor(readonly report: TaskImportReport) {
    super('rolled back');
  }
}

export class TaskImportService {
  constructor(
    private readonly db: Db,
    private readonly tasksOn: TaskServiceOn,
  ) {}

  async importBytes(
    bytes: Uint8Array,
    fileName: string,
    principal: Principal,
    actor: Actor,
    options: TaskImportOptions,
  ): Promise<TaskImportReport> {
    // Read before the transaction: a large workbook takes a while, and no lock need wait for it.
    const file = await readBreakdown(bytes, fileName);
    try {
      return await this.db
        .transaction()
        .execute((trx) => importIn(trx, this.tasksOn, file, principal, actor, options));
    } catch (error) {
      if (error instanceof RollBack) return error.report;
      throw error;
    }
  }
}

/**
 * Creates a breakdown file's tasks in the caller's transaction (the defaults
 * load the example breakdown so); any problem throws InputError, and the
 * caller's transaction with it.
 */
export async function importBreakdownIn(
  trx: Tx,
  tasksOn: TaskServiceOn,
  bytes: Uint8Array,
  fileName: string,
  principal: Principal,
  actor: Actor,
  options: { isExample: boolean },
): Promise<TaskImportReport> {
  const file = await readBreakdown(bytes, fileName);
  return importIn(trx, tasksOn, file, principal, actor, { dryRun: false, ...options });
}

interface ReadBreakdown {
  name: string;
  sha256: string;
  content: BreakdownFile;
}

async function readBreakdown(bytes: Uint8Array, name: string): Promise<ReadBreakdown> {
  const content = await readTaskBreakdown(bytes);
  if (content.rows.length === 0 && content.problems.length === 0) {
    throw new InputError(`${name} holds no tasks: every row below the header is empty`, [
      { path: name, message: 'no tasks to import' },
    ]);
  }
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), content };
}

async function importIn(
  trx: Tx,
  tasksOn: TaskServiceOn,
  file: ReadBreakdown,
  principal: Principal,
  actor: Actor,
  options: TaskImportOptions,
): Promise<TaskImportReport> {
  const { rows } = file.content;
  const problems: BreakdownProblem[] = [...file.content.problems];
  let created: readonly CreatedTask[] = [];
  // A file whose structure is broken may have lost rows: checking the rest would mislead.
  if (!file.content.structural) {
    try {
      created = await tasksOn(trx).createBreakdown(principal, actor, rows.map(forChecking), {
        isExample: options.isExample ?? false,
      });
    } catch (error) {
      if (error instanceof InputError) problems.push(...serviceProblems(rows, error));
      else if (error instanceof ForbiddenError) {
        const message = inFileTerms(error.message, file.name, rows);
        // The reader's problems with line and column beat a bare 403: list it among them.
        if (problems.length > 0) problems.push({ message });
        else throw new ForbiddenError(message);
      } else throw error;
    }
  }
  if (problems.length > 0) {
    throw new InputError(
      `${file.name}: ${problems.length} problem${problems.length > 1 ? 's' : ''}; nothing was imported`,
      inFileOrder(problems, rows).map((problem) => toProblem(file.name, problem)),
    );
  }
  const report: TaskImportReport = {
    file: file.name,
    format: file.content.format,
    encoding: file.content.encoding,
    sha256: file.sha256,
    dryRun: options.dryRun,
    rows: rows.length,
    created: options.dryRun ? 0 : created.length,
    tasks: rows.map((row, index) => ({
      ref: row.task.ref,
      id: options.dryRun ? null : (created[index]?.id ?? null),
      sheet: row.sheet ?? null,
      line: row.line,
    })),
    conversions: file.content.conversions.map(presentConversion),
  };
  if (options.dryRun) throw new RollBack(report);
  await appendAudit(trx, actor, {
    action: 'task.import',
    entityType: 'task_import',
    entityId: file.sha256,
    after: {
      file: file.name,
      rows: rows.length,
      isExample: options.isExample ?? false,
      tasks: created.map((task) => ({ ref: task.ref, id: task.id })),
    },
  });
  return report;
}

function presentConversion(
  conversion: BreakdownConversion,
): TaskImportReport['conversions'][number] {
  return {
    sheet: conversion.sheet ?? null,
    line: conversion.line,
    column: conversion.column,
    columnName: conversion.columnName,
    from: conversion.from,
    to: conversion.to,
    how: conversion.how,
  };
}

/**
 * The row as the service should check it. A cell the reader could not read
 * (its problem is listed) stands in as a value that passes the service's
 * shape check and widens no comparison, so the row's other cells are still
 * checked against the store, and every problem shows at once.
 */
function forChecking(row: BreakdownRow): BreakdownTask {
  const stand = <T>(column: BreakdownColumn, value: T, standIn: T): T =>
    row.flagged.has(column) ? standIn : value;
  return {
    ...row.task,
    title: stand('title', row.task.title, '-'),
    leadUnit: stand('lead_unit', row.task.leadUnit, '-'),
    startOn: stand('start_on', row.task.startOn, '0001-01-01'),
    dueOn: stand('due_on', row.task.dueOn, '9999-12-31'),
  };
}

/** A reader's problem as the errors carry it: file (and sheet), line, column, "column: message". */
function toProblem(fileName: string, problem: BreakdownProblem): Problem {
  return {
    path: problem.sheet === undefined ? fileName : `${fileName}#${problem.sheet}`,
    line: problem.line,
    column: problem.column,
    message: `${describeCell(problem)}${problem.message}`,
  };
}

/** "due_on: " for CSV, "完成时限 (K12): " for sheets, where a spreadsheet user looks. */
function describeCell(position: BreakdownPosition): string {
  const cell =
    position.sheet !== undefined && position.column !== undefined && position.line !== undefined
      ? `${columnLetters(position.column)}${position.line}`
      : null;
  if (position.columnName === undefined) return cell === null ? '' : `${cell}: `;
  return cell === null ? `${position.columnName}: ` : `${position.columnName} (${cell}): `;
}

const ROW_PATH = /^rows\[(\d+)\](?:\.([A-Za-z]+)(?:\[(\d+)\])?(?:\..*)?)?$/;

/**
 * The service's problems (`rows[3].dueOn`, `rows[3].milestones[1].dueOn`)
 * at the row's line and the field's column. A cell the reader already
 * named a problem in is not named again for what the reader made of it.
 */
function serviceProblems(rows: readonly BreakdownRow[], error: InputError): BreakdownProblem[] {
  const problems =
    error.problems.length > 0 ? error.problems : [{ path: '', message: error.message }];
  return problems.flatMap((problem): BreakdownProblem[] => {
    const match = ROW_PATH.exec(problem.path);
    const row = match ? rows[Number(match[1])] : undefined;
    if (!match || !row) return [{ message: problem.message }];
    const [, , field, index] = match;
    const column = field === undefined ? undefined : FIELD_COLUMNS[field];
    if (column !== undefined && row.flagged.has(column)) return [];
    const at = column === undefined ? undefined : row.header.columns.get(column);
    const item =
      index === undefined
        ? ''
        : `${column === 'milestones' ? 'milestone' : 'item'} ${Number(index) + 1}: `;
    return [
      {
        sheet: row.sheet,
        line: row.line,
        column: at?.column,
        columnName: at?.name ?? column ?? field,
        message: `${item}${problem.message}`,
      },
    ];
  });
}

/** "rows[1].leadUnit" in a message as the file's "hubei.csv line 3, lead_unit". */
function inFileTerms(message: string, fileName: string, rows: readonly BreakdownRow[]): string {
  return message.replace(
    /rows\[(\d+)\](?:\.([A-Za-z]+))?(?:\[\d+\])?/g,
    (found, index: string, field?: string) => {
      const row = rows[Number(index)];
      if (!row) return found;
      const column = field === undefined ? undefined : FIELD_COLUMNS[field];
      const name =
        column === undefined ? undefined : (row.header.columns.get(column)?.name ?? column);
      const where =
        row.sheet === undefined ? `line ${row.line}` : `sheet ${row.sheet} row ${row.line}`;
      return `${fileName} ${where}${name === undefined ? '' : `, ${name}`}`;
    },
  );
}

/** The file as a whole first, then sheets in the order their rows came, lines, columns. */
function inFileOrder(
  problems: readonly BreakdownProblem[],
  rows: readonly BreakdownRow[],
): BreakdownProblem[] {
  const sheets = [...new Set(rows.map((row) => row.sheet))];
  const sheetIndex = (sheet: string | undefined) =>
    sheet === undefined ? -1 : sheets.indexOf(sheet);
  return [...problems].sort(
    (a, b) =>
      (a.line === undefined ? -1 : 0) - (b.line === undefined ? -1 : 0) ||
      sheetIndex(a.sheet) - sheetIndex(b.sheet) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
