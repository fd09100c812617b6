import type { RecordProblem, ValueRecord } from '../core/import/value-record.js';
export interface TableRow {
  line: number;
  cells: readonly string[];
  sheet?: string | undefined;
}
/** Turns rows of one table layout into value records; built from the header row. */
export interface RowMapper {
  layout: 'planwatch-csv' | 'sdmx-csv' | 'planwatch-xlsx';
  /** Problems with the header itself (missing or unknown columns); when non-empty, rows are not mapped. */
  headerProblems: RecordProblem[];
  /** A record, or the problems of this row (every one, not just the first). Blank rows: null. */
  map(row: TableRow): ValueRecord | RecordProblem[] | null;
}
