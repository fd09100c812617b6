import { parse } from 'csv-parse/sync';
import { InputError } from './errors.js';

export interface CsvRow {
  /** 1-based line of the record in the file. */
  line: number;
  fields: Record<string, string>;
}

/** Reads a CSV with a header row; a malformed file names its line and what is wrong. */
export function readCsv(
  text: string,
  fileName: string,
  requiredColumns: readonly string[],
): CsvRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse<Record<string, string>>(text, {
      columns: true,
      info: true,
      bom: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as typeof records;
  } catch (error) {
    const cause = error as Error & { lines?: number };
    throw new InputError(`${fileName} is not a readable CSV file`, [
      { path: fileName, line: cause.lines, message: cause.message },
    ]);
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = requiredColumns.filter(
    (column) => records.length > 0 && !header.includes(column),
  );
  if (missing.length > 0) {
    throw new InputError(
      `${fileName} lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      [
        {
          path: fileName,
          line: 1,
          message: `missing column(s): ${missing.join(', ')}; found: ${header.join(', ')}`,
        },
      ],
    );
  }
  return records.map(({ record, info }) => ({ line: info.lines, fields: record }));
}
