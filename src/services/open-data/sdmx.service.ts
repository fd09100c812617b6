/**
 * SDMX over Planwatch's published values: the structure (dataflows, the
 * data structure definition, codelists) and data queries by flow, key,
 * period and vintage. Anonymous reading only: every read passes no
 * unpublished scope, so drafts (unreleased values) never appear.
 */
import type { CategoryModel } from '../../core/disaggregation.js';
import { parseDisaggregationKey } from '../../core/disaggregation.js';
import {
  dataMessage,
  structureMessage,
  type Named,
  type SdmxFlow,
  type SdmxObservation,
  type SdmxStructureModel,
  type StructureSelection,
} from '../../core/open-data/sdmx-json.js';
import {
  ALL_FLOW_ID,
  FREQ_NAMES,
  FREQ_OF_PERIOD_TYPE,
  SDMX_AGENCY,
  TOTAL_CODE,
  asOfInstant,
  basisCodes,
  dataflowReference,
  flowIdOf,
  keyDimensions,
  parseSdmxKey,
} from '../../core/open-data/sdmx-model.js';
import { parsePeriod, periodEnd, periodStart } from '../../core/periods.js';
import type { Db } from '../../db/connect.js';
import { DataSetRepository } from '../../db/repositories/data-set.repository.js';
import { DataValueRepository } from '../../db/repositories/data-value.repository.js';
import { IndicatorRepository } from '../../db/repositories/indicator.repository.js';
import { OrgUnitRepository } from '../../db/repositories/org-unit.repository.js';
import { SourceRepository } from '../../db/repositories/source.repository.js';
import type { DataValueRow } from '../../db/schema.js';
import type { ExportRow } from '../../formats/export-row.js';
import { readSdmxTimePeriod, toSdmxTimePeriod, writeSdmxCsv } from '../../formats/sdmx-csv.js';
import { InputError, NotFoundError, type Problem } from '../errors.js';

export type SdmxDataFormat = 'json' | 'csv';

export interface SdmxDataQuery {
  flow: string;
  key?: string | undefined;
  startPeriod?: string | undefined;
  endPeriod?: string | undefined;
  asOf?: string | undefined;
}

interface FlowDefinition extends SdmxFlow {
  /** The data set's indicators; null: every indicator (ALL). */
  indicatorCodes: readonly string[] | null;
  /** The data set's period type; null: every period type. */
  periodType: DataValueRow['periodType'] | null;
}

interface Model extends SdmxStructureModel {
  flowDefinitions: readonly FlowDefinition[];
}

export class SdmxService {
  private readonly dataSets: DataSetRepository;
  private readonly values: DataValueRepository;
  private readonly indicators: IndicatorRepository;
  private readonly orgUnits: OrgUnitRepository;
  private readonly sources: SourceRepository;

  constructor(
    db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.dataSets = new DataSetRepository(db);
    this.values = new DataValueRepository(db);
    this.indicators = new IndicatorRepository(db);
    this.orgUnits = new OrgUnitRepository(db);
    this.sources = new SourceRepository(db);
  }

  /**
   * Makes the data keys of indicators in the ALL flow: every other position
   * empty (for links such as the DCAT catalogue's distributions). The
   * structure is read once for all the keys.
   */
  async indicatorKeys(): Promise<(indicatorCode: string) => string> {
    const dimensions = keyDimensions((await this.model()).categories);
    return (indicatorCode) =>
      dimensions.map((dimension) => (dimension === 'INDICATOR' ? indicatorCode : '')).join('.');
  }

  /** GET structure/dataflow/{agency}[/{id}]: the dataflows (all, or the one named). */
  async dataflows(agency: string, flowId?: string) {
    this.checkAgency(agency);
    const model = await this.model();
    const flows =
      flowId === undefined || flowId === '*' || flowId === 'all'
        ? model.flows.map((flow) => flow.code)
        : [this.flowOf(model, flowId).code];
    return this.structure(model, { flows, withStructure: false });
  }

  /** GET structure/datastructure/{agency}/{id}: the DSD with its codelists and concepts. */
  async dataStructure(agency: string, id: string) {
    this.checkAgency(agency);
    if (id !== 'DSD_PLANWATCH' && id !== '*' && id !== 'all')
      throw new NotFoundError(`No data structure ${agency}:${id}; Planwatch has DSD_PLANWATCH`);
    return this.structure(await this.model(), { flows: null, withStructure: true });
  }

  /** A data query's observations as an SDMX-JSON 2.0 data message or SDMX-CSV 2.0 text. */
  async data(query: SdmxDataQuery, format: SdmxDataFormat): Promise<object | string> {
    const model = await this.model();
    const flow = this.flowOf(model, query.flow);
    const dimensions = keyDimensions(model.categories);
    const problems: Problem[] = [];

    const known = dimensions.map((dimension) => this.codesOf(model, dimension));
    const key = parseSdmxKey(query.key, dimensions, (position, code) => known[position]!.has(code));
    if (!key.ok) problems.push({ path: 'key', message: key.message });
    const endFrom = this.periodBound(query.startPeriod, 'startPeriod', problems);
    const endTo = this.periodBound(query.endPeriod, 'endPeriod', problems);
    const asOf = query.asOf === undefined ? undefined : asOfInstant(query.asOf);
    if (asOf === null)
      problems.push({
        path: 'asOf',
        message: `"${query.asOf}" is not a date (2024-06-30) or date-time with offset (2024-06-30T12:00:00Z)`,
      });
    if (problems.length > 0 || !key.ok)
      throw new InputError(
        `Invalid SDMX data query: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        problems,
      );

    const selected = (dimension: string) => key.selection[dimensions.indexOf(dimension)] ?? null;
    const indicatorFilter = selected('INDICATOR');
    const indicatorCodes = flow.indicatorCodes
      ? flow.indicatorCodes.filter((code) => !indicatorFilter || indicatorFilter.has(code))
      : indicatorFilter
        ? [...indicatorFilter]
        : undefined;
    const areas = selected('REF_AREA');
    const rows = await this.values.list({
      indicatorCodes,
      orgUnitCodes: areas ? [...areas] : undefined,
      endFrom,
      endTo,
      // A data set's flow carries what units report; the named bases are the shipped national figures.
      basis: flow.indicatorCodes ? '' : undefined,
      unpublishedWithin: [],
      asOf: asOf ?? undefined,
    });
    const bases = model.bases;
    const freqs = selected('FREQ');
    const basisFilter = selected('BASIS');
    const kept = rows.filter((row) => {
      if (flow.periodType !== null && row.periodType !== flow.periodType) return false;
      if (freqs && !freqs.has(FREQ_OF_PERIOD_TYPE[row.periodType])) return false;
      if (basisFilter && !basisFilter.has(bases.get(row.basis) ?? '')) return false;
      const options = parseDisaggregationKey(row.disaggregation);
      return model.categories.every((category) => {
        const wanted = selected(category.code);
        return !wanted || wanted.has(options.get(category.code) ?? TOTAL_CODE);
      });
    });
    if (kept.length === 0)
      throw new NotFoundError(
        `No published values in ${dataflowReference(flow.code)} match this query (key ${query.key ?? 'all'})`,
      );

    const sourceTitles = new Map(
      (
        await this.sources.list([
          ...new Set(kept.map((row) => row.sourceKey).filter((k): k is string => k !== null)),
        ])
      ).map((source) => [source.key, source.title]),
    );
    const sourceOf = (row: DataValueRow) =>
      row.sourceNote ?? (row.sourceKey ? (sourceTitles.get(row.sourceKey) ?? row.sourceKey) : null);

    if (format === 'csv') {
      // The import's own writer, so the file imports back; ALL adds BASIS, a dimension
      // the import does not read (its named-basis figures are not import input).
      const withBasis = flow.indicatorCodes === null;
      const exportRows: ExportRow[] = kept.map((row) => ({
        indicator: row.indicatorCode,
        orgUnit: row.orgUnitCode,
        period: row.period,
        disaggregation: withBasis
          ? [row.disaggregation, `BASIS=${bases.get(row.basis)!}`].filter(Boolean).join(';')
          : row.disaggregation,
        value: row.value,
        comment: row.comment,
        source: sourceOf(row),
      }));
      const categoryCodes = [
        ...model.categories.map((category) => category.code),
        ...(withBasis ? ['BASIS'] : []),
      ];
      return [
        ...writeSdmxCsv(exportRows, { dataflow: dataflowReference(flow.code), categoryCodes }),
      ].join('');
    }

    const indicators = new Map((await this.indicators.list()).map((row) => [row.code, row]));
    const observations: SdmxObservation[] = kept.map((row) => {
      const options = parseDisaggregationKey(row.disaggregation);
      const indicator = indicators.get(row.indicatorCode);
      return {
        freq: FREQ_OF_PERIOD_TYPE[row.periodType],
        refArea: row.orgUnitCode,
        indicator: row.indicatorCode,
        categories: new Map(
          model.categories.map((c) => [c.code, options.get(c.code) ?? TOTAL_CODE]),
        ),
        basis: bases.get(row.basis)!,
        timePeriod: toSdmxTimePeriod(row.period),
        value: row.value,
        unitMeasure: indicator?.unit ?? null,
        unitMult: indicator?.unitMult ?? 0,
        source: sourceOf(row),
        comment: row.comment,
      };
    });
    return dataMessage({ flow, model, observations, meta: this.meta(`${flow.code}-data`) });
  }

  private structure(model: Model, selection: StructureSelection) {
    return structureMessage(model, selection, this.meta('structure'));
  }

  private meta(kind: string) {
    const prepared = this.now().toISOString();
    return { id: `${SDMX_AGENCY}-${kind}-${prepared}`, prepared };
  }

  private checkAgency(agency: string): void {
    if (agency !== SDMX_AGENCY && agency !== '*' && agency !== 'all')
      throw new NotFoundError(`No agency ${agency}; Planwatch's structures belong to PLANWATCH`);
  }

  /** A flow by ID, or AGENCY,ID[,VERSION] as SDMX REST 1.x writes it. */
  private flowOf(model: Model, reference: string): FlowDefinition {
    const parts = reference.split(',');
    const id = parts.length === 1 ? parts[0]! : parts[1]!;
    const agencyOk = parts.length === 1 || parts[0] === SDMX_AGENCY || parts[0] === 'all';
    const versionOk =
      parts.length < 3 || parts[2] === '1.0' || parts[2] === 'latest' || parts[2] === '*';
    const flow = model.flowDefinitions.find((candidate) => candidate.code === id);
    if (!flow || !agencyOk || !versionOk || parts.length > 3)
      throw new NotFoundError(
        `No dataflow ${reference}; Planwatch has ${model.flows.map((f) => f.code).join(', ')} (agency ${SDMX_AGENCY}, version 1.0)`,
      );
    return flow;
  }

  private codesOf(model: Model, dimension: string): ReadonlySet<string> {
    const codes = (list: readonly Named[]) => new Set(list.map((item) => item.code));
    switch (dimension) {
      case 'FREQ':
        return new Set(Object.keys(FREQ_NAMES));
      case 'REF_AREA':
        return codes(model.areas);
      case 'INDICATOR':
        return codes(model.indicators);
      case 'BASIS':
        return new Set(model.bases.values());
      default: {
        const category = model.categories.find((c) => c.code === dimension);
        return new Set([TOTAL_CODE, ...(category?.options.map((o) => o.code) ?? [])]);
      }
    }
  }

  /** startPeriod / endPeriod as bounds on a value's period end: any SDMX period or an ISO date. */
  private periodBound(
    text: string | undefined,
    name: 'startPeriod' | 'endPeriod',
    problems: Problem[],
  ): string | undefined {
    if (text === undefined || text === '') return undefined;
    if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)))
      return text;
    const read = readSdmxTimePeriod(text);
    if (!read.ok) {
      problems.push({
        path: name,
        message: `${read.message.replace(/^TIME_PERIOD/, name)}; a date (2024-06-30) is read too`,
      });
      return undefined;
    }
    const period = parsePeriod(read.code);
    return name === 'startPeriod' ? periodStart(period) : periodEnd(period);
  }

  /** The structure as the store defines it now: flows, categories in use, codes of published values. */
  private async model(): Promise<Model> {
    const [dataSets, indicators, published] = await Promise.all([
      this.dataSets.list(),
      this.indicators.list(),
      this.values.publishedUnitsAndBases(),
    ]);
    const categoriesByIndicator = await this.dataSets.categoriesOf(indicators.map((i) => i.code));
    const categories: CategoryModel[] = [];
    for (const list of categoriesByIndicator.values()) {
      for (const category of list)
        if (!categories.some((c) => c.code === category.code)) categories.push(category);
    }
    categories.sort((a, b) => a.code.localeCompare(b.code));

    const flowDefinitions: FlowDefinition[] = [
      {
        code: ALL_FLOW_ID,
        nameEn: 'Every published value of every indicator',
        nameZh: '全部指标的全部已发布数据',
        freq: null,
        indicatorCodes: null,
        periodType: null,
      },
    ];
    for (const dataSet of dataSets) {
      const entries = await this.dataSets.indicators(dataSet.id);
      flowDefinitions.push({
        code: flowIdOf(dataSet.code),
        nameEn: dataSet.nameEn,
        nameZh: dataSet.nameZh,
        freq: FREQ_OF_PERIOD_TYPE[dataSet.periodType],
        indicatorCodes: entries.map((entry) => entry.indicatorCode),
        periodType: dataSet.periodType,
      });
    }

    const areas: Named[] = (await this.orgUnits.byCodes(published.units))
      .map((unit) => ({ code: unit.code, nameEn: unit.nameEn ?? unit.nameZh, nameZh: unit.nameZh }))
      .sort((a, b) => a.code.localeCompare(b.code));

    return {
      flows: flowDefinitions,
      flowDefinitions,
      categories,
      indicators: indicators.map((i) => ({ code: i.code, nameEn: i.nameEn, nameZh: i.nameZh })),
      areas,
      bases: basisCodes(published.bases),
    };
  }
}
