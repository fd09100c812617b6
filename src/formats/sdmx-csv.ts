/**
 * SDMX-CSV, the CSV form of SDMX data messages, in Planwatch's data structure:
 * dimensions INDICATOR, REF_AREA (org unit code), TIME_PERIOD and one
 * dimension per category (AREA, ENTERPRISE, ...; `_T` is the total), the
 * measure OBS_VALUE and the attributes COMMENT and SOURCE.
 *
 * Read: SDMX-CSV 2.0 (STRUCTURE, STRUCTURE_ID, optional ACTION first) and 1.0
 * (DATAFLOW first); header names in any case; `labels=both` files ("FREQ:
 * Frequency" headers, "A: Annual" codes) are read by their IDs. Columns may
 * come in any order, as the standard allows for uploads. A column Planwatch
 * does not keep (UNIT_MULT, OBS_STATUS, ...) is a header problem, never
 * dropped: the value it qualifies would be stored wrong. SERIES_KEY and
 * OBS_KEY are accepted and not read: they only repeat the dimensions.
 *
 * Written: SDMX-CSV 2.0, ACTION I, CRLF record ends.
 */
import { parseDisaggregationKey } from '../core/disaggregation.js';
import type { RecordProblem, ValueField, ValueRecord } from '../core/import/value-record.js';
import { parsePeriod, PeriodCodeError, type PeriodType } from '../core/periods.js';
import { csvRecord } from './csv-write.js';
import type { ExportRow } from './export-row.js';
import { neutralise, unneutralise } from './formula-cells.js';
import { numberText } from './number-text.js';
import type { RowMapper, TableRow } from './row-mapper.js';

/** The code SDMX uses for "all options of this dimension": Planwatch's total. */
export const SDMX_TOTAL = '_T';

export interface SdmxCsvMapperOptions {
  /**
   * The category codes that may appear as dimension columns. A column that is
   * neither one of SDMX-CSV's or Planwatch's fixed columns nor one of these is
   * unknown. Without them, no disaggregation column is accepted.
   */
  categoryCodes?: readonly string[];
  /** When given, each row must name this dataflow (AGENCY:ID(VERSION)), compared exactly. */
  dataflow?: string;
  /** The header's line in the file, for positions; 1 when absent. */
  headerLine?: number;
}

export interface SdmxCsvWriteOptions {
  /** The dataflow every row names, AGENCY:ID(VERSION), e.g. PLANWATCH:DF_NIDS(1.0). */
  dataflow: string;
  /** One dimension column each, in this order; every category a row's key names must be here. */
  categoryCodes: readonly string[];
}

const FIXED = [
  'STRUCTURE',
  'STRUCTURE_ID',
  'ACTION',
  'DATAFLOW',
  'SERIES_KEY',
  'OBS_KEY',
  'INDICATOR',
  'REF_AREA',
  'TIME_PERIOD',
  'FREQ',
  'OBS_VALUE',
  'COMMENT',
  'SOURCE',
] as const;
type FixedColumn = (typeof FIXED)[number];

const FIELD_OF: Partial<Record<FixedColumn, ValueField>> = {
  INDICATOR: 'indicator',
  REF_AREA: 'org_unit',
  TIME_PERIOD: 'period',
  OBS_VALUE: 'value',
  COMMENT: 'comment',
  SOURCE: 'source',
};

const FREQUENCIES: Record<string, PeriodType> = {
  A: 'year',
  S: 'half_year',
  Q: 'quarter',
  M: 'month',
};

/** AGENCY:ID(VERSION): the form of a structure reference; the parts are checked no further. */
const STRUCTURE_REFERENCE = /^[^\s:()]+:[^\s:()]+\([^\s()]+\)$/;
/** An SDMX component ID. */
const COMPONENT_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * 2024, 2024-A1, 2024-S1, 2024-Q3, 2024-07, 2024-M07 (SDMX reporting periods)
 * and 2024S1, 2024Q3, 202407 (Planwatch's own codes), in any letter case.
 */
const TIME_PERIOD = /^(\d{4})(?:(-A1)|-?([SQ])(\d+)|-M?(\d{2})|M(\d{2})|(\d{2}))?$/i;

export type TimePeriodResult = { ok: true; code: string } | { ok: false; message: string };

/** Planwatch's period code in SDMX: 2024, 2024-S1, 2024-Q3, 2024-07. Throws PeriodCodeError on a non-code. */
export function toSdmxTimePeriod(code: string): string {
  const period = parsePeriod(code);
  switch (period.type) {
    case 'year':
      return String(period.year);
    case 'half_year':
      return `${period.year}-S${period.index}`;
    case 'quarter':
      return `${period.year}-Q${period.index}`;
    case 'month':
      return `${period.year}-${String(period.index).padStart(2, '0')}`;
  }
}

/** An SDMX (or Planwatch) period as Planwatch's code, or why it is not one. */
export function readSdmxTimePeriod(text: string): TimePeriodResult {
  const trimmed = text.trim();
  const match = TIME_PERIOD.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      message:
        trimmed === ''
          ? 'TIME_PERIOD is empty'
          : `TIME_PERIOD "${text}" is not a period Planwatch keeps: use 2024, 2024-S1, 2024-Q3 or 2024-07 (2024S1, 2024Q3 and 202407 are read too)`,
    };
  }
  const [, year, , kind, index, month1, month2, month3] = match;
  const month = month1 ?? month2 ?? month3;
  const code =
    kind !== undefined
      ? `${year}${kind.toUpperCase()}${index}`
      : month !== undefined
        ? `${year}${month}`
        : `${year}`;
  try {
    parsePeriod(code);
  } catch (error) {
    if (!(error instanceof PeriodCodeError)) throw error;
    return { ok: false, message: `TIME_PERIOD "${text}": ${error.message}` };
  }
  return { ok: true, code };
}

/** readSdmxTimePeriod without the reason: the code, or null. */
export function fromSdmxTimePeriod(text: string): string | null {
  const result = readSdmxTimePeriod(text);
  return result.ok ? result.code : null;
}

interface HeaderColumn {
  index: number;
  /** The component ID, upper case, label and sub-field delimiter removed. */
  id: string;
}

/** Builds the mapper from the header's cells. */
export function createSdmxCsvMapper(
  header: readonly string[],
  options: SdmxCsvMapperOptions = {},
): RowMapper {
  const headerLine = options.headerLine ?? 1;
  const headerProblems: RecordProblem[] = [];
  const categoryCodes = new Set(
    (options.categoryCodes ?? [])
      .map((code) => code.trim().toUpperCase())
      .filter((code) => !(FIXED as readonly string[]).includes(code)),
  );
  const fixed = new Map<FixedColumn, HeaderColumn>();
  const categories: HeaderColumn[] = [];
  const seen = new Map<string, number>();
  const unknown: HeaderColumn[] = [];
  // labels=both writes "ID: Name" headers and "CODE: Name" values in coded columns.
  const labelled = header.some((name) => name.includes(':'));

  header.forEach((raw, index) => {
    const column = { index, id: componentId(raw) };
    const at = { line: headerLine, column: index + 1 };
    if (column.id === '') {
      headerProblems.push({ ...at, message: `column ${index + 1} of the header has no name` });
      return;
    }
    const first = seen.get(column.id);
    if (first !== undefined) {
      headerProblems.push({
        ...at,
        message: `column ${index + 1} "${raw.trim()}" repeats column ${first + 1} (${header[first]?.trim()})`,
      });
      return;
    }
    seen.set(column.id, index);
    if ((FIXED as readonly string[]).includes(column.id))
      fixed.set(column.id as FixedColumn, column);
    else if (categoryCodes.has(column.id)) categories.push(column);
    else unknown.push(column);
  });

  const expected = describeExpected([...categoryCodes]);
  for (const column of unknown) {
    headerProblems.push({
      line: headerLine,
      column: column.index + 1,
      message: `unknown column "${header[column.index]?.trim()}": Planwatch keeps no such component, and a column is never dropped unread; expected ${expected}`,
    });
  }

  const version = fixed.has('STRUCTURE') ? 2 : fixed.has('DATAFLOW') ? 1 : 0;
  const missing: string[] = [];
  if (version === 0) missing.push('STRUCTURE (SDMX-CSV 2.0) or DATAFLOW (SDMX-CSV 1.0)');
  if (version === 2 && !fixed.has('STRUCTURE_ID')) missing.push('STRUCTURE_ID');
  for (const id of ['INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE'] as const) {
    if (!fixed.has(id)) missing.push(id);
  }
  if (missing.length > 0) {
    headerProblems.push({
      line: headerLine,
      message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected ${expected}`,
    });
  }
  if (fixed.has('STRUCTURE') && fixed.has('DATAFLOW')) {
    headerProblems.push({
      line: headerLine,
      column: fixed.get('DATAFLOW')!.index + 1,
      message:
        'both STRUCTURE (SDMX-CSV 2.0) and DATAFLOW (SDMX-CSV 1.0): a file is one or the other',
    });
  }

  const mapRow = (row: TableRow): ValueRecord | RecordProblem[] | null => {
    if (row.cells.every((cell) => cell.trim() === '')) return null;
    const problems: RecordProblem[] = [];
    const cellOf = (column: HeaderColumn) => row.cells[column.index] ?? '';
    const problem = (column: HeaderColumn, message: string, field?: ValueField) =>
      problems.push({
        sheet: row.sheet,
        line: row.line,
        column: column.index + 1,
        field,
        message,
      });
    /** A coded cell's code: "A: Annual" is A in a labels=both file. */
    const codeOf = (column: HeaderColumn) => {
      const text = cellOf(column);
      const colon = labelled ? text.indexOf(': ') : -1;
      return colon === -1 ? text : text.slice(0, colon);
    };

    const structure = fixed.get('STRUCTURE');
    if (structure) {
      const type = cellOf(structure).trim();
      if (type.toLowerCase() !== 'dataflow') {
        problem(
          structure,
          type === ''
            ? 'STRUCTURE is empty: write dataflow'
            : `STRUCTURE "${type}": Planwatch reads rows of a dataflow only (write dataflow)`,
        );
      }
    }
    const reference = fixed.get('STRUCTURE_ID') ?? fixed.get('DATAFLOW');
    if (reference) {
      const name = version === 1 ? 'DATAFLOW' : 'STRUCTURE_ID';
      const id = codeOf(reference).trim();
      if (id === '') problem(reference, `${name} is empty: name the dataflow, AGENCY:ID(VERSION)`);
      else if (!STRUCTURE_REFERENCE.test(id))
        problem(
          reference,
          `${name} "${id}" is not AGENCY:ID(VERSION), e.g. PLANWATCH:DF_NIDS(1.0)`,
        );
      else if (options.dataflow !== undefined && id !== options.dataflow)
        problem(reference, `${name} "${id}": this import takes ${options.dataflow}`);
    }

    const action = fixed.get('ACTION');
    if (action) {
      const flag = cellOf(action).trim().toUpperCase();
      if (flag === 'D') {
        problem(
          action,
          'ACTION D (delete): an import does not delete values; remove this row, or delete the value in Planwatch',
        );
      } else if (!['', 'I', 'A', 'R'].includes(flag)) {
        problem(action, `ACTION "${cellOf(action).trim()}" is none of I, A, R (and D is refused)`);
      }
    }

    let period = '';
    const periodColumn = fixed.get('TIME_PERIOD')!;
    const read = readSdmxTimePeriod(cellOf(periodColumn));
    if (read.ok) period = read.code;
    else problem(periodColumn, read.message, 'period');

    const freq = fixed.get('FREQ');
    if (freq) {
      const code = codeOf(freq).trim().toUpperCase();
      const type = FREQUENCIES[code];
      if (type === undefined) {
        problem(freq, `FREQ "${codeOf(freq).trim()}" is none of A, S, Q, M`, 'period');
      } else if (read.ok && parsePeriod(read.code).type !== type) {
        problem(
          freq,
          `FREQ ${code} does not match TIME_PERIOD "${cellOf(periodColumn).trim()}"`,
          'period',
        );
      }
    }

    const parts: string[] = [];
    for (const column of categories) {
      const option = codeOf(column).trim();
      if (option === '') {
        problem(
          column,
          `${column.id} is empty: give an option code, or ${SDMX_TOTAL} for the total`,
          'disaggregation',
        );
      } else if (option.toUpperCase() !== SDMX_TOTAL) {
        parts.push(`${column.id}=${option}`);
      }
    }

    if (problems.length > 0) return problems;
    const columns: ValueRecord['columns'] = {};
    for (const [id, column] of fixed) {
      const field = FIELD_OF[id];
      if (field) columns[field] = column.index + 1;
    }
    if (categories[0]) columns.disaggregation = categories[0].index + 1;
    const comment = fixed.get('COMMENT');
    const source = fixed.get('SOURCE');
    return {
      line: row.line,
      sheet: row.sheet,
      columns,
      indicator: codeOf(fixed.get('INDICATOR')!),
      orgUnit: codeOf(fixed.get('REF_AREA')!),
      period,
      disaggregation: parts.join(';'),
      value: cellOf(fixed.get('OBS_VALUE')!),
      // Free text loses the apostrophe an export puts before a formula (formula-cells.ts).
      comment: comment ? unneutralise(cellOf(comment)) : '',
      source: source ? unneutralise(cellOf(source)) : '',
    };
  };

  return {
    layout: 'sdmx-csv',
    headerProblems,
    // With header problems there is no reliable column to read: rows are not mapped.
    map: (row) => (headerProblems.length > 0 ? null : mapRow(row)),
  };
}

/** "FREQ: Frequency" -> FREQ, "STRUCTURE[;]" -> STRUCTURE, "obs_value" -> OBS_VALUE. */
function componentId(name: string): string {
  const colon = name.indexOf(':');
  const id = (colon === -1 ? name : name.slice(0, colon)).trim().toUpperCase();
  return /^STRUCTURE\[.*\]$/.test(id) ? 'STRUCTURE' : id;
}

function describeExpected(categoryCodes: readonly string[]): string {
  const categories =
    categoryCodes.length > 0
      ? `one column per category (${categoryCodes.join(', ')}; ${SDMX_TOTAL} for the total)`
      : 'no category columns (none is known here)';
  return (
    'STRUCTURE, STRUCTURE_ID, ACTION (optional; or DATAFLOW for SDMX-CSV 1.0), ' +
    `INDICATOR, REF_AREA, TIME_PERIOD, FREQ (optional), ${categories}, OBS_VALUE, ` +
    'COMMENT and SOURCE (optional), SERIES_KEY and OBS_KEY (optional, not read)'
  );
}

/**
 * The SDMX-CSV 2.0 file as chunks, header first, each a whole record with its
 * CRLF. Throws (a programming error, not a user's) when the dataflow is not
 * AGENCY:ID(VERSION), a category code is not an SDMX ID or clashes with a
 * fixed column, or a row's key names a category not listed.
 */
export function* writeSdmxCsv(
  rows: Iterable<ExportRow>,
  options: SdmxCsvWriteOptions,
): Generator<string> {
  if (!STRUCTURE_REFERENCE.test(options.dataflow))
    throw new RangeError(`dataflow "${options.dataflow}" is not AGENCY:ID(VERSION)`);
  const codes = [...options.categoryCodes];
  for (const code of codes) {
    if (!COMPONENT_ID.test(code) || (FIXED as readonly string[]).includes(code.toUpperCase()))
      throw new RangeError(`category code "${code}" cannot be an SDMX-CSV column`);
  }
  if (new Set(codes).size !== codes.length)
    throw new RangeError(`category codes repeat: ${codes.join(', ')}`);

  yield csvRecord([
    'STRUCTURE',
    'STRUCTURE_ID',
    'ACTION',
    'INDICATOR',
    'REF_AREA',
    'TIME_PERIOD',
    ...codes,
    'OBS_VALUE',
    'COMMENT',
    'SOURCE',
  ]);
  for (const row of rows) {
    const chosen = parseDisaggregationKey(row.disaggregation);
    for (const category of chosen.keys()) {
      if (!codes.includes(category))
        throw new RangeError(
          `${row.indicator} ${row.orgUnit} ${row.period}: category ${category} is not among the columns ${codes.join(', ')}`,
        );
    }
    yield csvRecord([
      'dataflow',
      options.dataflow,
      'I',
      row.indicator,
      row.orgUnit,
      toSdmxTimePeriod(row.period),
      ...codes.map((code) => chosen.get(code) ?? SDMX_TOTAL),
      numberText(row.value),
      // Free text a spreadsheet would run as a formula; codes never start so.
      neutralise(row.comment ?? ''),
      neutralise(row.source ?? ''),
    ]);
  }
}
