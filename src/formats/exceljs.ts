/**
 * exceljs takes about a quarter of a second to load: it is loaded on first
 * use, so that the server and every command start without it.
 */
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

export function loadExcelJs(): Promise<typeof ExcelJS> {
  return (loading ??= import('exceljs').then((module) => module.default));
}
