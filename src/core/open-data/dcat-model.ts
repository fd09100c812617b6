/**
 * What the DCAT-AP catalogue says, before it becomes triples: one dataset per
 * indicator with published values and one per reporting data set, each with
 * the units and periods its published values cover. Pure data and the rules
 * that derive coverage from grouped rows.
 */
import { parsePeriod, periodEnd, periodStart, type PeriodType } from '../periods.js';
import type { DistributionFormat } from './dcat-vocabulary.js';

export interface Bilingual {
  zh: string;
  en: string;
}

/** A unit a dataset covers: a GB/T 2260 division, a central department or the nation. */
export interface CoveredUnit {
  code: string;
  level: 'nation' | 'province' | 'prefecture' | 'county' | 'department';
  name: { zh: string; en: string | null };
  /** The GB/T 2260 edition of the code; null for the nation and departments. */
  divisionEdition: string | null;
}

export interface DcatDistribution {
  format: DistributionFormat;
  /** Absolute URL that answers with the file. */
  url: string;
}

export interface DcatDataset {
  kind: 'indicator' | 'data-set';
  code: string;
  title: Bilingual;
  description: Bilingual;
  keywords: { zh: string[]; en: string[] };
  units: CoveredUnit[];
  /** First and last day of the published periods (ISO dates). */
  temporal: { start: string; end: string };
  /** When the latest published value was published (ISO date-time). */
  modified: string;
  periodType: PeriodType;
  distributions: DcatDistribution[];
}

export interface DcatCatalogue {
  /** Absolute base of every URL, without a trailing slash. */
  baseUrl: string;
  publisher: Bilingual;
  /** The licence of every dataset and distribution, as its URL. */
  licenseUrl: string;
  /** Where to write to the publisher; null when no address is configured. */
  contactEmail: string | null;
  /** First and latest publication of a listed value (ISO date-times); null when nothing is public. */
  issued: string | null;
  modified: string | null;
  datasets: DcatDataset[];
}

/** Published values of one indicator (or data set), one unit and one period type, grouped. */
export interface CoverageRow {
  orgUnitCode: string;
  level: CoveredUnit['level'];
  nameZh: string;
  nameEn: string | null;
  divisionEdition: string | null;
  periodType: PeriodType;
  /** Earliest and latest period code of that type (codes of one type sort in time order). */
  firstPeriod: string;
  lastPeriod: string;
  /** Latest moment one of the values was published. */
  lastPublished: string;
  values: number;
}

export interface Coverage {
  units: CoveredUnit[];
  temporal: { start: string; end: string };
  modified: string;
  /** The period type most of the values have. */
  periodType: PeriodType;
}

/** Units, time span, last publication and usual period type of grouped rows; null for none. */
export function coverageOf(rows: readonly CoverageRow[]): Coverage | null {
  if (rows.length === 0) return null;
  const units = new Map<string, CoveredUnit>();
  const valuesByType = new Map<PeriodType, number>();
  let start = '9999-12-31';
  let end = '0000-01-01';
  let modified = '';
  for (const row of rows) {
    if (!units.has(row.orgUnitCode)) {
      units.set(row.orgUnitCode, {
        code: row.orgUnitCode,
        level: row.level,
        name: { zh: row.nameZh, en: row.nameEn },
        divisionEdition: row.divisionEdition,
      });
    }
    valuesByType.set(row.periodType, (valuesByType.get(row.periodType) ?? 0) + row.values);
    const first = periodStart(parsePeriod(row.firstPeriod));
    const last = periodEnd(parsePeriod(row.lastPeriod));
    if (first < start) start = first;
    if (last > end) end = last;
    if (row.lastPublished > modified) modified = row.lastPublished;
  }
  const periodType = [...valuesByType.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return {
    units: [...units.values()].sort((a, b) => a.code.localeCompare(b.code)),
    temporal: { start, end },
    modified,
    periodType,
  };
}

/** The SDMX dataflow of a data set: its code in upper case, hyphens as underscores. */
export function sdmxFlowOf(dataSetCode: string): string {
  return dataSetCode.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/**
 * Where each format of a dataset is downloaded, relative to the API's base
 * URL. `sdmxKey` is the indicator's key in the ALL flow; `tabular` says
 * whether Planwatch's CSV and Excel layouts hold any of it (they carry values
 * reported by units, not the published national figures on named bases).
 */
export function distributionPaths(
  kind: DcatDataset['kind'],
  code: string,
  options: { sdmxKey: string; tabular: boolean },
): Partial<Record<DistributionFormat, string>> {
  const code_ = encodeURIComponent(code);
  const selection = kind === 'indicator' ? `indicator=${code_}` : `dataSet=${code_}`;
  const sdmx =
    kind === 'indicator'
      ? `/api/sdmx/data/ALL/${encodeURIComponent(options.sdmxKey)}`
      : `/api/sdmx/data/${sdmxFlowOf(code)}/all`;
  return {
    ...(options.tabular
      ? {
          csv: `/api/data-values/export?format=csv&${selection}`,
          xlsx: `/api/data-values/export?format=xlsx&${selection}`,
        }
      : {}),
    'sdmx-csv': `${sdmx}?format=csvdata`,
    'sdmx-json': `${sdmx}?format=jsondata`,
  };
}
