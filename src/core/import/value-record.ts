/**
 * The one shape every import format becomes: plain CSV, SDMX-CSV, Excel
 * and JSON readers all yield ValueRecords, and one checker and one writer
 * take them from there. Cells stay text until the checker parses them, so
 * a problem can quote what the file said.
 */

export const VALUE_FIELDS = [
  'indicator',
  'org_unit',
  'period',
  'disaggregation',
  'value',
  'comment',
  'source',
] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

/** Fields a record cannot do without. */
export const REQUIRED_VALUE_FIELDS: readonly ValueField[] = [
  'indicator',
  'org_unit',
  'period',
  'value',
];

/** Where in a file a record or a cell is: line (CSV, JSON item) or row (sheet), column counted from 1. */
export interface SourcePosition {
  /** Sheet name for workbooks; absent for text files. */
  sheet?: string | undefined;
  line: number;
  column?: number | undefined;
}

export interface ValueRecord {
  /** The record's line (CSV), row (sheet) or item number (JSON), from 1. */
  line: number;
  sheet?: string | undefined;
  /** The column each field was read from (1-based), so problems can point at the cell. */
  columns: Partial<Record<ValueField, number>>;
  indicator: string;
  orgUnit: string;
  period: string;
  /** "AREA=URBAN;ENTERPRISE=SOE", categories in any order; '' is the total. */
  disaggregation: string;
  /** The value cell exactly as written (parsed later: full-width digits, grouping, missing markers). */
  value: string;
  comment: string;
  source: string;
}

export interface RecordProblem extends SourcePosition {
  field?: ValueField | undefined;
  message: string;
}

/** Formats "Data!D7"-style or "line 12, column 4" positions for messages. */
export function describePosition(position: SourcePosition): string {
  if (position.sheet !== undefined) {
    return position.column !== undefined
      ? `${position.sheet}!${columnLetters(position.column)}${position.line}`
      : `${position.sheet} row ${position.line}`;
  }
  return position.column !== undefined
    ? `line ${position.line}, column ${position.column}`
    : `line ${position.line}`;
}

/** 1 -> A, 27 -> AA: spreadsheet column names. */
export function columnLetters(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}
