/**
 * The DCAT-AP catalogue of what is public: one dataset per indicator with
 * published values and one per reporting data set with published values,
 * their coverage read as grouped rows (units x period types), never drafts.
 */
import type { Kysely } from 'kysely';
import {
  coverageOf,
  distributionPaths,
  type Bilingual,
  type CoverageRow,
  type DcatCatalogue,
  type DcatDataset,
} from '../../core/open-data/dcat-model.js';
import { catalogueQuads } from '../../core/open-data/dcat-graph.js';
import { toJsonLd, toTurtle, type JsonLdDocument } from '../../core/open-data/dcat-serialise.js';
import { DATA_LICENSE, DISTRIBUTION_FORMATS } from '../../core/open-data/dcat-vocabulary.js';
import type { OpenDataSettings } from '../../config.js';
import type { Database } from '../../db/schema.js';

export interface DcatOptions {
  /** PLANWATCH_PUBLIC_URL: the base of every URL; else the caller passes the request's origin. */
  publicUrl?: string | null;
  /** The mailbox readers write to (the digest sender's address when mail is set up). */
  contactEmail?: string | null;
  publisher?: Bilingual;
  licenseUrl?: string;
}

const DEFAULT_PUBLISHER: Bilingual = {
  zh: 'Planwatch 规划监测平台',
  en: 'Planwatch plan monitoring',
};

/** "Planwatch <office@example.org>" or "office@example.org" to the bare address; null otherwise. */
export function mailboxOf(from: string | null | undefined): string | null {
  if (!from) return null;
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from.trim();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : null;
}

/**
 * The catalogue's options from the services' options: public URL, publisher and
 * licence, and the contact (set, else the mail sender's address).
 */
export function dcatOptionsOf(options: {
  publicUrl?: string | null | undefined;
  mail?: { from: string } | null | undefined;
  openData?: Partial<OpenDataSettings> | undefined;
}): DcatOptions {
  return {
    publicUrl: options.publicUrl ?? null,
    contactEmail: options.openData?.contactEmail ?? mailboxOf(options.mail?.from),
    publisher: options.openData?.publisher ?? DEFAULT_PUBLISHER,
    licenseUrl: options.openData?.licenseUrl ?? DATA_LICENSE,
  };
}

/** What coverage is grouped by besides the indicator or data set: the unit and the period type. */
const COVERAGE_COLUMNS = [
  'dataValue.orgUnitCode',
  'orgUnit.level',
  'orgUnit.nameZh',
  'orgUnit.nameEn',
  'orgUnit.divisionEdition',
  'dataValue.periodType',
] as const;

type GroupedRow = Omit<CoverageRow, 'values'> & { key: string; values: number | string | bigint };

/** The SDMX service's part the catalogue links to. */
export interface SdmxKeys {
  indicatorKeys(): Promise<(indicatorCode: string) => string>;
}

export class DcatService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sdmx: SdmxKeys,
    private readonly options: DcatOptions = {},
  ) {}

  /** The configured public URL without a trailing slash, else the given request origin. */
  baseUrlFor(requestOrigin: string): string {
    return (this.options.publicUrl ?? requestOrigin).replace(/\/+$/, '');
  }

  async catalogue(baseUrl: string): Promise<DcatCatalogue> {
    const [indicators, dataSets, byIndicator, byDataSet, dataSetIndicators] = await Promise.all([
      this.db.selectFrom('indicator').selectAll().orderBy('code').execute(),
      this.db.selectFrom('dataSet').selectAll().orderBy('code').execute(),
      this.indicatorCoverage(),
      this.dataSetCoverage(),
      this.db
        .selectFrom('dataSetIndicator')
        .innerJoin('dataSet', 'dataSet.id', 'dataSetIndicator.dataSetId')
        .innerJoin('indicator', 'indicator.code', 'dataSetIndicator.indicatorCode')
        .select([
          'dataSet.code as dataSetCode',
          'indicator.code',
          'indicator.nameZh',
          'indicator.nameEn',
        ])
        .orderBy('dataSet.code')
        .orderBy('dataSetIndicator.sortOrder')
        .execute(),
    ]);
    const datasets: DcatDataset[] = [];
    const reported = await this.indicatorsWithReportedValues();
    const sdmxKeyOf = await this.sdmx.indicatorKeys();
    const distributions = (kind: DcatDataset['kind'], code: string) => {
      const paths = distributionPaths(kind, code, {
        sdmxKey: kind === 'indicator' ? sdmxKeyOf(code) : '',
        tabular: kind === 'data-set' || reported.has(code),
      });
      return DISTRIBUTION_FORMATS.flatMap((format) => {
        const path = paths[format];
        return path === undefined ? [] : [{ format, url: `${baseUrl}${path}` }];
      });
    };

    for (const indicator of indicators) {
      const coverage = coverageOf(byIndicator.get(indicator.code) ?? []);
      if (!coverage) continue; // Nothing public yet: no dataset.
      const sets = dataSets.filter((set) =>
        dataSetIndicators.some(
          (entry) => entry.dataSetCode === set.code && entry.code === indicator.code,
        ),
      );
      datasets.push({
        kind: 'indicator',
        code: indicator.code,
        title: { zh: indicator.nameZh, en: indicator.nameEn },
        description: {
          zh: indicator.definitionZh || indicator.nameZh,
          en: indicator.definitionEn || indicator.nameEn,
        },
        keywords: {
          zh: unique([indicator.nameZh, '信息化', ...sets.map((set) => set.nameZh)]),
          en: unique([indicator.nameEn, 'informatization', ...sets.map((set) => set.nameEn)]),
        },
        ...coverage,
        distributions: distributions('indicator', indicator.code),
      });
    }

    for (const set of dataSets) {
      const coverage = coverageOf(byDataSet.get(set.code) ?? []);
      if (!coverage) continue;
      const members = dataSetIndicators.filter((entry) => entry.dataSetCode === set.code);
      datasets.push({
        kind: 'data-set',
        code: set.code,
        title: { zh: set.nameZh, en: set.nameEn },
        description: {
          zh: `各单位填报的“${set.nameZh}”中已发布的数据，共 ${members.length} 项指标：${members.map((m) => m.nameZh).join('、')}。`,
          en: `Published values units reported in "${set.nameEn}", ${members.length} indicators: ${members.map((m) => m.nameEn).join('; ')}.`,
        },
        keywords: {
          zh: unique(['信息化', '统计填报', ...members.map((m) => m.nameZh)]),
          en: unique(['informatization', 'statistical reporting', ...members.map((m) => m.nameEn)]),
        },
        ...coverage,
        distributions: distributions('data-set', set.code),
      });
    }

    const modifiedTimes = datasets.map((dataset) => dataset.modified).sort();
    return {
      baseUrl,
      publisher: this.options.publisher ?? DEFAULT_PUBLISHER,
      licenseUrl: this.options.licenseUrl ?? DATA_LICENSE,
      contactEmail: this.options.contactEmail ?? null,
      issued: (await this.firstPublication()) ?? null,
      modified: modifiedTimes.at(-1) ?? null,
      datasets,
    };
  }

  async turtle(baseUrl: string): Promise<string> {
    return toTurtle(catalogueQuads(await this.catalogue(baseUrl)));
  }

  async jsonLd(baseUrl: string): Promise<JsonLdDocument> {
    return toJsonLd(catalogueQuads(await this.catalogue(baseUrl)));
  }

  /** When the first value that is public now was published. */
  private async firstPublication(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('dataValueRevision as revision')
      .innerJoin('dataValue', 'dataValue.id', 'revision.dataValueId')
      .where('dataValue.status', '=', 'published')
      .where('revision.status', '=', 'published')
      .select((eb) => eb.fn.min('revision.recordedAt').as('first'))
      .executeTakeFirst();
    return row?.first ?? undefined;
  }

  /** Indicators with published values reported by units (no basis label): what the CSV and Excel exports carry. */
  private async indicatorsWithReportedValues(): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('dataValue')
      .select('indicatorCode')
      .distinct()
      .where('status', '=', 'published')
      .where('basis', '=', '')
      .execute();
    return new Set(rows.map((row) => row.indicatorCode));
  }

  /** Published values of every indicator, grouped by unit and period type. */
  private async indicatorCoverage(): Promise<Map<string, CoverageRow[]>> {
    const rows = await this.db
      .selectFrom('dataValue')
      .innerJoin('orgUnit', 'orgUnit.code', 'dataValue.orgUnitCode')
      .innerJoin('dataValueRevision as revision', 'revision.dataValueId', 'dataValue.id')
      .where('dataValue.status', '=', 'published')
      .where('revision.status', '=', 'published')
      .select((eb) => [
        'dataValue.indicatorCode as key',
        ...COVERAGE_COLUMNS,
        eb.fn.min('dataValue.period').as('firstPeriod'),
        eb.fn.max('dataValue.period').as('lastPeriod'),
        eb.fn.max('revision.recordedAt').as('lastPublished'),
        eb.fn.count('dataValue.id').distinct().as('values'),
      ])
      .groupBy(['dataValue.indicatorCode', ...COVERAGE_COLUMNS])
      .execute();
    return groupByKey(rows);
  }

  /**
   * Published values of every data set: its indicators' values reported
   * (no basis label) by the units assigned to it, grouped like the indicators'.
   */
  private async dataSetCoverage(): Promise<Map<string, CoverageRow[]>> {
    const rows = await this.db
      .selectFrom('dataValue')
      .innerJoin('dataSetIndicator', 'dataSetIndicator.indicatorCode', 'dataValue.indicatorCode')
      .innerJoin('dataSetOrgUnit', (join) =>
        join
          .onRef('dataSetOrgUnit.dataSetId', '=', 'dataSetIndicator.dataSetId')
          .onRef('dataSetOrgUnit.orgUnitCode', '=', 'dataValue.orgUnitCode'),
      )
      .innerJoin('dataSet', 'dataSet.id', 'dataSetIndicator.dataSetId')
      .innerJoin('orgUnit', 'orgUnit.code', 'dataValue.orgUnitCode')
      .innerJoin('dataValueRevision as revision', 'revision.dataValueId', 'dataValue.id')
      .where('dataValue.status', '=', 'published')
      .where('dataValue.basis', '=', '')
      .where('revision.status', '=', 'published')
      .select((eb) => [
        'dataSet.code as key',
        ...COVERAGE_COLUMNS,
        eb.fn.min('dataValue.period').as('firstPeriod'),
        eb.fn.max('dataValue.period').as('lastPeriod'),
        eb.fn.max('revision.recordedAt').as('lastPublished'),
        eb.fn.count('dataValue.id').distinct().as('values'),
      ])
      .groupBy(['dataSet.code', ...COVERAGE_COLUMNS])
      .execute();
    return groupByKey(rows);
  }
}

function groupByKey(rows: readonly GroupedRow[]): Map<string, CoverageRow[]> {
  const groups = new Map<string, CoverageRow[]>();
  for (const { key, values, ...row } of rows) {
    const list = groups.get(key) ?? [];
    list.push({ ...row, values: Number(values) });
    groups.set(key, list);
  }
  return groups;
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words.filter((word) => word.trim() !== ''))];
}
