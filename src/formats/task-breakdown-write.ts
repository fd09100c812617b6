/**
 * Writes tasks in the task breakdown layout (see task-breakdown.ts), as CSV
 * or .xlsx, so that an export imports back as the same breakdown. Every cell
 * is text (dates too, so no spreadsheet turns them into numbers), and a cell
 * a spreadsheet would run as a formula is neutralised with an apostrophe,
 * which the reader takes off again.
 *
 * The CSV carries a UTF-8 byte order mark: unlike a file of values, a
 * breakdown is mostly opened in Excel or WPS, which take UTF-8 without one
 * for the local code page and garble the Chinese.
 */
import { csvRecord } from './csv-write.js';
import {
  BREAKDOWN_COLUMNS,
  CHINESE_HEADERS,
  type BreakdownColumn,
  type BreakdownTask,
} from './task-breakdown.js';
import { joinItems, neutralise, writeMilestones } from './task-breakdown-cells.js';
import { workbookInMemory, writeTitleRow, xlsxText } from './xlsx.js';

export type BreakdownHeaderLanguage = 'en' | 'zh';

export const BREAKDOWN_SHEET = 'Tasks';

const WIDTHS: Record<BreakdownColumn, number> = {
  ref: 12,
  parent_ref: 12,
  parent_task_id: 10,
  plan: 11,
  measure: 10,
  title: 40,
  description: 50,
  lead_unit: 10,
  participants: 16,
  start_on: 12,
  due_on: 12,
  milestones: 44,
  deliverables: 36,
  indicators: 30,
};

/** A task's cells in column order, neutralised. */
export function breakdownCells(task: BreakdownTask): string[] {
  const values: Record<BreakdownColumn, string> = {
    ref: task.ref,
    parent_ref: task.parentRef ?? '',
    parent_task_id: task.parentTaskId === null ? '' : String(task.parentTaskId),
    plan: task.plan,
    measure: task.measure ?? '',
    title: task.title,
    description: task.description,
    lead_unit: task.leadUnit,
    participants: task.participants.join(';'),
    start_on: task.startOn,
    due_on: task.dueOn,
    milestones: writeMilestones(task.milestones),
    deliverables: joinItems(task.deliverables),
    indicators: task.indicators.join(';'),
  };
  return BREAKDOWN_COLUMNS.map((column) => neutralise(values[column]));
}

export function breakdownHeader(language: BreakdownHeaderLanguage): string[] {
  return BREAKDOWN_COLUMNS.map((column) => (language === 'zh' ? CHINESE_HEADERS[column] : column));
}

/** The CSV file as text, byte order mark first, records ending in CRLF. */
export function writeBreakdownCsv(
  tasks: Iterable<BreakdownTask>,
  language: BreakdownHeaderLanguage = 'en',
): string {
  const records = ['\uFEFF', csvRecord(breakdownHeader(language))];
  for (const task of tasks) records.push(csvRecord(breakdownCells(task)));
  return records.join('');
}

/** The workbook: a title row, the header row, then one task a row. */
export async function writeBreakdownWorkbook(
  tasks: Iterable<BreakdownTask>,
  options: { title: string; language?: BreakdownHeaderLanguage },
): Promise<Buffer> {
  const { workbook, finish } = await workbookInMemory();
  const sheet = workbook.addWorksheet(BREAKDOWN_SHEET, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }],
  });
  sheet.columns = BREAKDOWN_COLUMNS.map((column) => ({ width: WIDTHS[column] }));
  writeTitleRow(sheet, neutralise(options.title));
  const header = sheet.getRow(2);
  breakdownHeader(options.language ?? 'en').forEach((name, index) => {
    const cell = header.getCell(index + 1);
    cell.value = name;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
  });
  header.commit();
  let line = 2;
  for (const task of tasks) {
    line += 1;
    const row = sheet.getRow(line);
    breakdownCells(task).forEach((text, index) => {
      const cell = row.getCell(index + 1);
      // An empty text is no cell at all: it reads back as '' either way.
      if (text !== '') cell.value = xlsxText(text);
      cell.numFmt = '@';
      cell.alignment = { vertical: 'top', wrapText: true };
    });
    row.commit();
  }
  sheet.commit();
  return finish();
}
