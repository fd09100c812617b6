/**
 * Plain CSV export in the layout the plain CSV importer reads: header
 * `indicator,org_unit,period,disaggregation,value,comment,source`, one value
 * a record, UTF-8 without a byte order mark (the importer reads both).
 * Records end with CRLF, as RFC 4180 says; a line break inside a comment stays
 * as written, inside quotes. Text that a spreadsheet would run as a formula
 * starts with an apostrophe (formula-cells.ts).
 */
import type { ExportRow } from './export-row.js';
import { neutralise } from './formula-cells.js';
import { numberText } from './number-text.js';

export const CSV_HEADER = [
  'indicator',
  'org_unit',
  'period',
  'disaggregation',
  'value',
  'comment',
  'source',
] as const;

/** The record terminator of every CSV the writers produce. */
export const CSV_LINE_END = '\r\n';

/**
 * One cell, quoted when RFC 4180 needs it (comma, quote, line break) and also
 * when it holds a semicolon or starts or ends with a space, so readers that
 * guess `;` as delimiter or trim unquoted cells still get it back unchanged.
 */
export function csvCell(text: string): string {
  if (/[",;\r\n]|^\s|\s$/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** One record, terminator included. */
export function csvRecord(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + CSV_LINE_END;
}

/**
 * The file as chunks, header first, each a whole record with its CRLF:
 * `Array.from(writeValuesCsv(rows)).join('')` is the file, and a server can
 * stream the chunks as they come.
 */
export function* writeValuesCsv(rows: Iterable<ExportRow>): Generator<string> {
  yield csvRecord(CSV_HEADER);
  for (const row of rows) {
    // Text a spreadsheet would run as a formula is neutralised; the reader takes the mark off.
    yield csvRecord([
      neutralise(row.indicator),
      neutralise(row.orgUnit),
      neutralise(row.period),
      neutralise(row.disaggregation),
      numberText(row.value),
      neutralise(row.comment ?? ''),
      neutralise(row.source ?? ''),
    ]);
  }
}
