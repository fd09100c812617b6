/**
 * SDMX-JSON 2.0 messages of Planwatch's structure, pure: the structure
 * message (dataflows, the data structure definition, its codelists and
 * concepts) and the data message (series keyed by dimension value indices,
 * observations by TIME_PERIOD index, attributes by value index).
 */
import type { CategoryModel } from '../disaggregation.js';
import {
  DSD_ID,
  FREQ_NAMES,
  REPORTED_BASIS,
  SDMX_AGENCY,
  SDMX_VERSION,
  TOTAL_CODE,
  URN,
  keyDimensions,
} from './sdmx-model.js';

export const STRUCTURE_SCHEMA =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0/structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json';
export const DATA_SCHEMA =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json';

export interface Named {
  code: string;
  nameEn: string;
  nameZh: string;
}

export interface SdmxFlow extends Named {
  /** The period type of a data set's flow; null for ALL. */
  freq: string | null;
}

/** What the structure is made of, read from the store. */
export interface SdmxStructureModel {
  flows: readonly SdmxFlow[];
  categories: readonly CategoryModel[];
  indicators: readonly Named[];
  /** Units with published values. */
  areas: readonly Named[];
  /** Named basis text -> code ('' -> _Z). */
  bases: ReadonlyMap<string, string>;
}

/** One published value, in the structure's codes. */
export interface SdmxObservation {
  freq: string;
  refArea: string;
  indicator: string;
  /** Category code -> option code (or _T), for every category of the structure. */
  categories: ReadonlyMap<string, string>;
  basis: string;
  /** SDMX form: 2024, 2024-S1, 2024-Q3, 2024-07. */
  timePeriod: string;
  value: number;
  unitMeasure: string | null;
  unitMult: number;
  source: string | null;
  comment: string | null;
}

export interface MessageMeta {
  id: string;
  prepared: string;
}

type Names = { en: string; zh: string };

const names = (en: string, zh: string) => ({ name: en, names: { en, zh } satisfies Names });

const CONCEPTS: Record<string, Names> = {
  FREQ: { en: 'Frequency', zh: '频率' },
  REF_AREA: { en: 'Reference area', zh: '地区或部门' },
  INDICATOR: { en: 'Indicator', zh: '指标' },
  BASIS: { en: 'Statistical basis', zh: '统计口径' },
  TIME_PERIOD: { en: 'Time period', zh: '时间' },
  OBS_VALUE: { en: 'Observation value', zh: '观测值' },
  UNIT_MEASURE: { en: 'Unit of measure', zh: '计量单位' },
  UNIT_MULT: { en: 'Unit multiplier (power of 10)', zh: '单位倍数（10 的幂）' },
  OBS_STATUS: { en: 'Observation status', zh: '观测值状态' },
  SOURCE: { en: 'Source', zh: '来源' },
  COMMENT: { en: 'Comment', zh: '说明' },
};

const SERIES_ATTRIBUTES = ['UNIT_MEASURE', 'UNIT_MULT'] as const;
const OBSERVATION_ATTRIBUTES = ['OBS_STATUS', 'SOURCE', 'COMMENT'] as const;

function codelistId(dimension: string): string {
  return `CL_${dimension}`;
}

function conceptNames(id: string, categories: readonly CategoryModel[]): Names {
  const category = categories.find((c) => c.code === id);
  return category
    ? { en: category.nameEn, zh: category.nameZh }
    : (CONCEPTS[id] ?? { en: id, zh: id });
}

function codelist(id: string, en: string, zh: string, codes: readonly Named[]) {
  return {
    id,
    agencyID: SDMX_AGENCY,
    version: SDMX_VERSION,
    ...names(en, zh),
    isPartial: false,
    codes: codes.map((code) => ({ id: code.code, ...names(code.nameEn, code.nameZh) })),
  };
}

export function freqCodes(): Named[] {
  return Object.entries(FREQ_NAMES).map(([code, n]) => ({ code, nameEn: n.en, nameZh: n.zh }));
}

export function basisCodelist(bases: ReadonlyMap<string, string>): Named[] {
  return [...bases].map(([text, code]) =>
    code === REPORTED_BASIS
      ? { code, nameEn: 'Reported by the unit (no named basis)', nameZh: '单位填报（无特定口径）' }
      : { code, nameEn: text, nameZh: text },
  );
}

export function categoryCodelist(category: CategoryModel): Named[] {
  return [
    { code: TOTAL_CODE, nameEn: 'Total', nameZh: '合计' },
    ...category.options.map((o) => ({ code: o.code, nameEn: o.nameEn, nameZh: o.nameZh })),
  ];
}

function dataflow(flow: SdmxFlow) {
  return {
    id: flow.code,
    agencyID: SDMX_AGENCY,
    version: SDMX_VERSION,
    ...names(flow.nameEn, flow.nameZh),
    structure: URN.dataStructure(DSD_ID),
  };
}

function dataStructure(model: SdmxStructureModel) {
  const dimensions = keyDimensions(model.categories);
  const coded = (id: string) => ({
    id,
    conceptIdentity: URN.concept(id),
    localRepresentation: { enumeration: URN.codelist(codelistId(id)) },
  });
  const text = (id: string, dataType: string) => ({
    id,
    conceptIdentity: URN.concept(id),
    localRepresentation: { format: { dataType } },
  });
  return {
    id: DSD_ID,
    agencyID: SDMX_AGENCY,
    version: SDMX_VERSION,
    ...names('Planwatch data', 'Planwatch 数据'),
    dataStructureComponents: {
      dimensionList: {
        id: 'DimensionDescriptor',
        dimensions: dimensions.map((id, position) => ({
          ...coded(id),
          position,
          type: 'Dimension',
        })),
        timeDimensions: [
          {
            ...text('TIME_PERIOD', 'ObservationalTimePeriod'),
            position: dimensions.length,
            type: 'TimeDimension',
          },
        ],
      },
      measureList: {
        id: 'MeasureDescriptor',
        measures: [{ ...text('OBS_VALUE', 'Double'), usage: 'mandatory' }],
      },
      attributeList: {
        id: 'AttributeDescriptor',
        attributes: [
          {
            ...text('UNIT_MEASURE', 'String'),
            usage: 'optional',
            attributeRelationship: { dimensions: ['INDICATOR'] },
          },
          {
            ...text('UNIT_MULT', 'Integer'),
            usage: 'mandatory',
            attributeRelationship: { dimensions: ['INDICATOR'] },
          },
          {
            ...coded('OBS_STATUS'),
            usage: 'mandatory',
            attributeRelationship: { observation: {} },
          },
          ...(['SOURCE', 'COMMENT'] as const).map((id) => ({
            ...text(id, 'String'),
            usage: 'optional',
            attributeRelationship: { observation: {} },
          })),
        ],
      },
    },
  };
}

/** Which parts a structure query asks for. */
export interface StructureSelection {
  /** Dataflow IDs to list; null: none (a data structure query). */
  flows: readonly string[] | null;
  /** With the data structure definition, its codelists and concepts. */
  withStructure: boolean;
}

export function structureMessage(
  model: SdmxStructureModel,
  selection: StructureSelection,
  meta: MessageMeta,
) {
  const data: Record<string, unknown> = {};
  if (selection.flows !== null) {
    const wanted = new Set(selection.flows);
    data.dataflows = model.flows.filter((flow) => wanted.has(flow.code)).map(dataflow);
  }
  if (selection.withStructure) {
    const ids = [...keyDimensions(model.categories), 'TIME_PERIOD', 'OBS_VALUE'];
    const attributes = [...SERIES_ATTRIBUTES, ...OBSERVATION_ATTRIBUTES];
    data.dataStructures = [dataStructure(model)];
    data.codelists = [
      codelist(codelistId('FREQ'), 'Frequency', '频率', freqCodes()),
      codelist(
        codelistId('REF_AREA'),
        'Reference areas: the nation (CN), GB/T 2260 divisions and central departments with published values',
        '地区与部门：全国（CN）、GB/T 2260 行政区划及有已发布数据的中央部门',
        model.areas,
      ),
      codelist(codelistId('INDICATOR'), 'Indicators', '指标', model.indicators),
      ...model.categories.map((category) =>
        codelist(
          codelistId(category.code),
          category.nameEn,
          category.nameZh,
          categoryCodelist(category),
        ),
      ),
      codelist(codelistId('BASIS'), 'Statistical bases', '统计口径', basisCodelist(model.bases)),
      codelist(codelistId('OBS_STATUS'), 'Observation status', '观测值状态', [
        { code: 'A', nameEn: 'Normal value (published)', nameZh: '正常值（已发布）' },
      ]),
    ];
    data.conceptSchemes = [
      {
        id: 'CS_PLANWATCH',
        agencyID: SDMX_AGENCY,
        version: SDMX_VERSION,
        ...names('Planwatch concepts', 'Planwatch 概念'),
        isPartial: false,
        concepts: [...ids, ...attributes].map((id) => {
          const n = conceptNames(id, model.categories);
          return { id, ...names(n.en, n.zh) };
        }),
      },
    ];
  }
  return {
    meta: {
      schema: STRUCTURE_SCHEMA,
      id: meta.id,
      test: false,
      prepared: meta.prepared,
      contentLanguages: ['en', 'zh'],
      sender: { id: SDMX_AGENCY },
    },
    data,
  };
}

/** Gives each distinct value an index, in first-seen order. */
class ValueIndex<T> {
  readonly values: T[] = [];
  private readonly positions = new Map<string, number>();
  indexOf(key: string, value: T): number {
    let position = this.positions.get(key);
    if (position === undefined) {
      position = this.values.length;
      this.positions.set(key, position);
      this.values.push(value);
    }
    return position;
  }
}

export interface DataMessageInput {
  flow: SdmxFlow;
  model: SdmxStructureModel;
  observations: readonly SdmxObservation[];
  meta: MessageMeta;
}

/** An SDMX-JSON 2.0 data message: one data set, series by the key dimensions, observations by TIME_PERIOD. */
export function dataMessage({ flow, model, observations, meta }: DataMessageInput) {
  const dimensions = keyDimensions(model.categories);
  const indicatorNames = new Map(model.indicators.map((i) => [i.code, i]));
  const areaNames = new Map(model.areas.map((a) => [a.code, a]));
  const basisNames = new Map(basisCodelist(model.bases).map((b) => [b.code, b]));
  const freqNames = new Map(freqCodes().map((f) => [f.code, f]));
  const categoryNames = new Map(
    model.categories.map((c) => [c.code, new Map(categoryCodelist(c).map((o) => [o.code, o]))]),
  );
  const nameOf = (dimension: string, code: string): Named => {
    const table =
      dimension === 'FREQ'
        ? freqNames
        : dimension === 'REF_AREA'
          ? areaNames
          : dimension === 'INDICATOR'
            ? indicatorNames
            : dimension === 'BASIS'
              ? basisNames
              : categoryNames.get(dimension);
    return table?.get(code) ?? { code, nameEn: code, nameZh: code };
  };
  const dimensionValues = dimensions.map(() => new ValueIndex<Named>());
  const times = new ValueIndex<string>();
  const seriesAttributeValues = SERIES_ATTRIBUTES.map(() => new ValueIndex<string | number>());
  const observationAttributeValues = OBSERVATION_ATTRIBUTES.map(() => new ValueIndex<string>());

  const codesOf = (observation: SdmxObservation): string[] =>
    dimensions.map((dimension) => {
      switch (dimension) {
        case 'FREQ':
          return observation.freq;
        case 'REF_AREA':
          return observation.refArea;
        case 'INDICATOR':
          return observation.indicator;
        case 'BASIS':
          return observation.basis;
        default:
          return observation.categories.get(dimension) ?? TOTAL_CODE;
      }
    });

  const series: Record<
    string,
    { attributes: (number | null)[]; observations: Record<string, (number | null)[]> }
  > = {};
  for (const observation of observations) {
    const key = codesOf(observation)
      .map((code, position) =>
        dimensionValues[position]!.indexOf(code, nameOf(dimensions[position]!, code)),
      )
      .join(':');
    const entry = (series[key] ??= {
      attributes: [
        observation.unitMeasure === null
          ? null
          : seriesAttributeValues[0]!.indexOf(observation.unitMeasure, observation.unitMeasure),
        seriesAttributeValues[1]!.indexOf(String(observation.unitMult), observation.unitMult),
      ],
      observations: {},
    });
    const attribute = (position: number, value: string | null) =>
      value === null || value === ''
        ? null
        : observationAttributeValues[position]!.indexOf(value, value);
    entry.observations[String(times.indexOf(observation.timePeriod, observation.timePeriod))] = [
      observation.value,
      attribute(0, 'A'),
      attribute(1, observation.source),
      attribute(2, observation.comment),
    ];
  }

  const component = (id: string) => {
    const n = conceptNames(id, model.categories);
    return { id, ...names(n.en, n.zh) };
  };
  return {
    meta: {
      schema: DATA_SCHEMA,
      id: meta.id,
      test: false,
      prepared: meta.prepared,
      contentLanguages: ['en', 'zh'],
      sender: { id: SDMX_AGENCY },
    },
    data: {
      structures: [
        {
          structure: URN.dataStructure(DSD_ID),
          dimensionGroupAttributes: [],
          dimensions: {
            dataSet: [],
            series: dimensions.map((id, keyPosition) => ({
              ...component(id),
              keyPosition,
              roles: id === 'FREQ' ? ['FREQ'] : id === 'REF_AREA' ? ['REF_AREA'] : [],
              values: dimensionValues[keyPosition]!.values.map((value) => ({
                id: value.code,
                ...names(value.nameEn, value.nameZh),
              })),
            })),
            observation: [
              {
                ...component('TIME_PERIOD'),
                keyPosition: dimensions.length,
                roles: ['TIME_PERIOD'],
                values: times.values.map((value) => ({ value })),
              },
            ],
          },
          measures: { observation: [{ ...component('OBS_VALUE'), roles: ['PRIMARY'] }] },
          attributes: {
            dataSet: [],
            dimensionGroup: [],
            series: SERIES_ATTRIBUTES.map((id, position) => ({
              ...component(id),
              roles: [],
              relationship: { dimensions: ['INDICATOR'] },
              values: seriesAttributeValues[position]!.values.map((value) => ({
                value: String(value),
              })),
            })),
            observation: OBSERVATION_ATTRIBUTES.map((id, position) => ({
              ...component(id),
              roles: [],
              relationship: { observation: {} },
              values: observationAttributeValues[position]!.values.map((value) =>
                id === 'OBS_STATUS' ? { id: value, ...names('Normal value', '正常值') } : { value },
              ),
            })),
          },
        },
      ],
      dataSets: [
        {
          structure: 0,
          action: 'Information',
          links: [{ rel: 'dataflow', urn: URN.dataflow(flow.code) }],
          series,
        },
      ],
    },
  };
}
