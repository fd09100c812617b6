/**
 * Planwatch's SDMX data structure, pure: the identifiers, the dimension
 * order, the codes of frequencies and bases, and the reading of a data
 * query's key against the codes each position accepts.
 *
 * Dimensions: FREQ, REF_AREA, INDICATOR, one per disaggregation category in
 * use (`_T` the total), BASIS (`_Z` for values reported by units; a code per
 * named statistical basis of the shipped national figures, which Planwatch
 * keeps side by side and never merges), then TIME_PERIOD.
 */
import type { CategoryModel } from '../disaggregation.js';
import type { PeriodType } from '../periods.js';

export const SDMX_AGENCY = 'PLANWATCH';
export const SDMX_VERSION = '1.0';
export const DSD_ID = 'DSD_PLANWATCH';
/** The dataflow of every published value of every indicator. */
export const ALL_FLOW_ID = 'ALL';
/** BASIS of values reported by units (no named basis): SDMX's "not applicable". */
export const REPORTED_BASIS = '_Z';
export const TOTAL_CODE = '_T';

export const FREQ_OF_PERIOD_TYPE: Record<PeriodType, string> = {
  year: 'A',
  half_year: 'S',
  quarter: 'Q',
  month: 'M',
};

export const FREQ_NAMES: Record<string, { en: string; zh: string }> = {
  A: { en: 'Annual', zh: '年度' },
  S: { en: 'Half-yearly', zh: '半年度' },
  Q: { en: 'Quarterly', zh: '季度' },
  M: { en: 'Monthly', zh: '月度' },
};

export const URN = {
  dataStructure: (id: string) =>
    `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${SDMX_AGENCY}:${id}(${SDMX_VERSION})`,
  dataflow: (id: string) =>
    `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${SDMX_AGENCY}:${id}(${SDMX_VERSION})`,
  codelist: (id: string) =>
    `urn:sdmx:org.sdmx.infomodel.codelist.Codelist=${SDMX_AGENCY}:${id}(${SDMX_VERSION})`,
  concept: (id: string) =>
    `urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=${SDMX_AGENCY}:CS_PLANWATCH(${SDMX_VERSION}).${id}`,
};

/** AGENCY:ID(VERSION), as SDMX-CSV's STRUCTURE_ID names a dataflow. */
export function dataflowReference(flowId: string): string {
  return `${SDMX_AGENCY}:${flowId}(${SDMX_VERSION})`;
}

/** A data set's dataflow ID: its code upper-cased, other characters as `_` (nids-annual -> NIDS_ANNUAL). */
export function flowIdOf(dataSetCode: string): string {
  return dataSetCode.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** The dimensions before TIME_PERIOD, in key order. */
export function keyDimensions(categories: readonly CategoryModel[]): string[] {
  return ['FREQ', 'REF_AREA', 'INDICATOR', ...categories.map((c) => c.code), 'BASIS'];
}

/**
 * A code for each named basis, stable for a given text: its words upper-cased
 * and joined by `_` ("MIIT annual (about)" -> MIIT_ANNUAL_ABOUT); a clash
 * gets a numbered suffix in the order of the texts.
 */
export function basisCodes(bases: Iterable<string>): Map<string, string> {
  const codes = new Map<string, string>([['', REPORTED_BASIS]]);
  const taken = new Set<string>([REPORTED_BASIS]);
  for (const basis of [...new Set(bases)].filter((text) => text !== '').sort()) {
    const stem =
      basis
        .normalize('NFKD')
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '') || 'BASIS';
    const start = /^[A-Z]/.test(stem) ? stem : `B_${stem}`;
    let code = start;
    for (let n = 2; taken.has(code); n += 1) code = `${start}_${n}`;
    taken.add(code);
    codes.set(basis, code);
  }
  return codes;
}

/** Per key position, the codes asked for; null: every code. */
export type KeySelection = (ReadonlySet<string> | null)[];

export type KeyResult = { ok: true; selection: KeySelection } | { ok: false; message: string };

/**
 * Reads a data query's key: positions separated by `.` in dimension order,
 * several codes joined by `+`, an empty position or `*` for every code,
 * `all` or `*` (or nothing) for the whole key. `accepts(position, code)`
 * says whether a dimension knows a code. Fails naming the position, the
 * dimension and the value.
 */
export function parseSdmxKey(
  key: string | undefined,
  dimensions: readonly string[],
  accepts: (position: number, code: string) => boolean,
): KeyResult {
  const text = (key ?? '').trim();
  if (text === '' || text.toLowerCase() === 'all' || text === '*') {
    return { ok: true, selection: dimensions.map(() => null) };
  }
  const positions = text.split('.');
  if (positions.length !== dimensions.length) {
    return {
      ok: false,
      message: `key "${text}" has ${positions.length} position${positions.length === 1 ? '' : 's'}; this flow's key has ${dimensions.length}: ${dimensions.join('.')}`,
    };
  }
  const selection: KeySelection = [];
  for (const [index, part] of positions.entries()) {
    const dimension = dimensions[index]!;
    if (part === '' || part === '*') {
      selection.push(null);
      continue;
    }
    const codes = new Set<string>();
    for (const raw of part.split('+')) {
      const code = raw.trim();
      if (code === '') {
        return {
          ok: false,
          message: `key position ${index + 1} (${dimension}) "${part}" has an empty code between +`,
        };
      }
      if (!accepts(index, code)) {
        return {
          ok: false,
          message: `key position ${index + 1} (${dimension}): unknown code "${code}"`,
        };
      }
      codes.add(code);
    }
    selection.push(codes);
  }
  return { ok: true, selection };
}

/** An ISO instant from a date (the end of that day, UTC) or a date-time with offset; null when neither. */
export function asOfInstant(text: string): string | null {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999Z` : text;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
