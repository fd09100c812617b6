/**
 * Planwatch's plain CSV layout: one value a record, columns indicator,
 * org_unit, period and value, optionally disaggregation, comment and source,
 * in any order, header names in any case. A column Planwatch does not know is
 * a header problem, never ignored: whatever it says would be lost unread.
 */
import {
  REQUIRED_VALUE_FIELDS,
  VALUE_FIELDS,
  type RecordProblem,
  type ValueField,
  type ValueRecord,
} from '../core/import/value-record.js';
import { unneutralise } from './formula-cells.js';
import type { RowMapper, TableRow } from './row-mapper.js';

export interface PlanwatchCsvMapperOptions {
  /** The header's line in the file, for positions; 1 when absent. */
  headerLine?: number;
}

export function createPlanwatchCsvMapper(
  header: readonly string[],
  options: PlanwatchCsvMapperOptions = {},
): RowMapper {
  const headerLine = options.headerLine ?? 1;
  const headerProblems: RecordProblem[] = [];
  const index = new Map<ValueField, number>();
  header.forEach((raw, at) => {
    const name = raw.trim().toLowerCase();
    const position = { line: headerLine, column: at + 1 };
    if (name === '') {
      headerProblems.push({ ...position, message: `column ${at + 1} of the header has no name` });
      return;
    }
    if (!(VALUE_FIELDS as readonly string[]).includes(name)) {
      headerProblems.push({
        ...position,
        message: `unknown column "${raw.trim()}": expected ${describeColumns()}; a column is never dropped unread`,
      });
      return;
    }
    const field = name as ValueField;
    const first = index.get(field);
    if (first !== undefined) {
      headerProblems.push({
        ...position,
        field,
        message: `column ${at + 1} "${raw.trim()}" repeats column ${first + 1}`,
      });
      return;
    }
    index.set(field, at);
  });
  const missing = REQUIRED_VALUE_FIELDS.filter((field) => !index.has(field));
  if (missing.length > 0) {
    headerProblems.push({
      line: headerLine,
      message: `the header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: expected ${describeColumns()}; found ${header.map((name) => name.trim()).join(', ')}`,
    });
  }

  // One columns object for every record: the layout is the same on every line.
  const columns: ValueRecord['columns'] = {};
  for (const [field, at] of index) columns[field] = at + 1;
  const at = (field: ValueField) => index.get(field) ?? -1;
  const [indicator, orgUnit, period, disaggregation, value, comment, source] = VALUE_FIELDS.map(
    at,
  ) as [number, number, number, number, number, number, number];

  return {
    layout: 'planwatch-csv',
    headerProblems,
    map(row: TableRow): ValueRecord | null {
      const cells = row.cells;
      if (isBlank(cells)) return null;
      return {
        line: row.line,
        sheet: row.sheet,
        columns,
        // Text cells lose the apostrophe an export puts before a formula (formula-cells.ts).
        indicator: unneutralise(cellAt(cells, indicator).trim()),
        orgUnit: unneutralise(cellAt(cells, orgUnit).trim()),
        period: unneutralise(cellAt(cells, period).trim()),
        disaggregation: unneutralise(cellAt(cells, disaggregation).trim()),
        value: cellAt(cells, value),
        comment: unneutralise(cellAt(cells, comment).trim()),
        source: unneutralise(cellAt(cells, source).trim()),
      };
    },
  };
}

function describeColumns(): string {
  return `${REQUIRED_VALUE_FIELDS.join(', ')} and optionally ${VALUE_FIELDS.filter((field) => !REQUIRED_VALUE_FIELDS.includes(field)).join(', ')}`;
}

function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

function cellAt(cells: readonly string[], position: number): string {
  return position < 0 ? '' : (cells[position] ?? '');
}
