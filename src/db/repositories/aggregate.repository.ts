/**
 * The always-current aggregates (`data_value_aggregate`): for every unit
 * above a reporting unit, what the figures of the units below add up to, by
 * period, basis, disaggregation and layer (published values only, or every
 * value). Kept by differences in the transaction of every write: the groups
 * of values a write touches (one unit, indicator, basis, disaggregation and
 * year) are read before and after, their figures rolled up over time
 * (core/aggregation), and the change is added to each ancestor's rows.
 */
import type { Kysely, Transaction } from 'kysely';
import {
  aggregateAncestors,
  aggregatesAcrossUnits,
  rollUpOwnValues,
  yearOf,
  type AggregateParts,
  type AggregationRule,
  type SpaceAggregation,
  type TimeAggregation,
} from '../../core/aggregation/index.js';
import { inBatches } from '../batch.js';
import { lockValueGroups } from '../dialects/index.js';
import type { Database, DataValueAggregateRow } from '../schema.js';

/** One unit's values of one indicator, basis, disaggregation and year: the unit of every update. */
export interface ValueGroup {
  indicatorCode: string;
  orgUnitCode: string;
  basis: string;
  disaggregation: string;
  year: string;
}

/** The columns of a stored value the aggregates need. */
export interface RawValue {
  indicatorCode: string;
  orgUnitCode: string;
  basis: string;
  disaggregation: string;
  period: string;
  value: number;
  status: string;
}

const RAW_COLUMNS = [
  'indicatorCode',
  'orgUnitCode',
  'basis',
  'disaggregation',
  'period',
  'value',
  'status',
] as const;

/** Changes to aggregate rows, keyed by aggregateKey(). */
export type AggregateChanges = Map<string, AggregateParts>;

const SEP = '\u0001';

export function aggregateKey(row: {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  basis: string;
  disaggregation: string;
  published: number;
}): string {
  return [
    row.indicatorCode,
    row.orgUnitCode,
    row.period,
    row.basis,
    row.disaggregation,
    row.published,
  ].join(SEP);
}

function splitKey(key: string) {
  const [indicatorCode, orgUnitCode, period, basis, disaggregation, published] = key.split(SEP);
  return {
    indicatorCode: indicatorCode!,
    orgUnitCode: orgUnitCode!,
    period: period!,
    basis: basis!,
    disaggregation: disaggregation!,
    published: Number(published),
  };
}

function weightKey(
  weightIndicator: string,
  value: { orgUnitCode: string; basis: string; period: string },
  published: number,
): string {
  return [weightIndicator, value.orgUnitCode, value.basis, yearOf(value.period), published].join(
    SEP,
  );
}

function groupKey(value: RawValue): string {
  return [
    value.indicatorCode,
    value.orgUnitCode,
    value.basis,
    value.disaggregation,
    yearOf(value.period),
  ].join(SEP);
}

export class AggregateRepository {
  private readonly rules = new Map<string, AggregationRule>();
  private readonly ancestors = new Map<string, string[]>();
  /** Weight indicator -> the indicators it weighs; loaded once. */
  private dependents: Map<string, string[]> | null = null;

  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  /** The rules and ancestors of the indicators and units of `values`, loaded once per repository. */
  private async lookups(values: readonly RawValue[]) {
    await this.loadRules(values.map((v) => v.indicatorCode));
    const missingUnits = [...new Set(values.map((v) => v.orgUnitCode))].filter(
      (code) => !this.ancestors.has(code),
    );
    for (const batch of inBatches(missingUnits, 1)) {
      const rows = await this.db
        .selectFrom('orgUnit')
        .select(['code', 'path'])
        .where('code', 'in', batch)
        .execute();
      for (const row of rows) this.ancestors.set(row.code, aggregateAncestors(row.path));
    }
    return { rules: this.rules, ancestors: this.ancestors };
  }

  private async loadRules(codes: readonly string[]): Promise<void> {
    const missing = [...new Set(codes)].filter((code) => !this.rules.has(code));
    for (const batch of inBatches(missing, 1)) {
      const rows = await this.db
        .selectFrom('indicator')
        .select(['code', 'aggregation', 'timeAggregation', 'weightIndicator'])
        .where('code', 'in', batch)
        .execute();
      for (const row of rows) {
        this.rules.set(row.code, {
          space: row.aggregation as SpaceAggregation,
          time: row.timeAggregation as TimeAggregation,
          weight: row.weightIndicator,
        });
      }
    }
  }

  /** The indicators weighted by each indicator (their aggregates change when a weight does). */
  async weightedBy(): Promise<Map<string, string[]>> {
    if (!this.dependents) {
      const rows = await this.db
        .selectFrom('indicator')
        .select(['code', 'weightIndicator'])
        .where('weightIndicator', 'is not', null)
        .where('aggregation', '=', 'weighted_average')
        .execute();
      this.dependents = new Map();
      for (const row of rows) {
        const list = this.dependents.get(row.weightIndicator!) ?? [];
        list.push(row.code);
        this.dependents.set(row.weightIndicator!, list);
      }
    }
    return this.dependents;
  }

  /** The groups whose aggregates a change to `groups` touches: themselves and those they weigh. */
  async withDependents(groups: readonly ValueGroup[]): Promise<ValueGroup[]> {
    const dependents = await this.weightedBy();
    if (dependents.size === 0) return [...groups];
    return [
      ...groups,
      ...groups.flatMap((g) =>
        (dependents.get(g.indicatorCode) ?? []).map((indicatorCode) => ({
          ...g,
          indicatorCode,
          disaggregation: '',
        })),
      ),
    ];
  }

  /** The stored values of the groups, as the aggregates see them. */
  async groupValues(groups: readonly ValueGroup[]): Promise<RawValue[]> {
    const unique = new Map(groups.map((g) => [Object.values(g).join(SEP), g]));
    const rows: RawValue[] = [];
    for (const batch of inBatches([...unique.values()], 6, 6_000)) {
      rows.push(
        ...(await this.db
          .selectFrom('dataValue')
          .select(RAW_COLUMNS)
          .where((eb) =>
            eb.or(
              batch.map((g) =>
                eb.and([
                  eb('indicatorCode', '=', g.indicatorCode),
                  eb('orgUnitCode', '=', g.orgUnitCode),
                  eb('basis', '=', g.basis),
                  eb('disaggregation', '=', g.disaggregation),
                  // Every period code of a year starts with it: 2020, 2020S1, 2020Q3, 202007.
                  eb('period', '>=', g.year),
                  eb('period', '<', `${g.year}Z`),
                ]),
              ),
            ),
          )
          .execute()),
      );
    }
    return rows;
  }

  /**
   * What the values add to the aggregates above their units: each group's
   * figures rolled up over time, added to every ancestor, in both layers
   * (published values count in both, drafts only in the layer of every value).
   */
  async contributions(values: readonly RawValue[]): Promise<AggregateChanges> {
    const { rules, ancestors } = await this.lookups(values);
    const weights = await this.weightFigures(values, rules);
    const groups = new Map<string, RawValue[]>();
    for (const value of values) {
      const key = groupKey(value);
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(value);
    }
    const changes: AggregateChanges = new Map();
    for (const list of groups.values()) {
      const first = list[0]!;
      const rule = rules.get(first.indicatorCode);
      if (!rule || !aggregatesAcrossUnits(rule)) continue;
      const weighted = rule.space === 'weighted_average';
      // Parts of a weighted indicator have no weight of their own: only totals are averaged.
      if (weighted && first.disaggregation !== '') continue;
      const above = ancestors.get(first.orgUnitCode) ?? [];
      if (above.length === 0) continue;
      for (const published of [0, 1]) {
        const layer = published === 1 ? list.filter((v) => v.status === 'published') : list;
        if (layer.length === 0) continue;
        const figures = rollUpOwnValues(layer, rule.time);
        const weightOf = weighted
          ? weights.get(weightKey(rule.weight!, first, published))
          : undefined;
        // aggregateKey's layout, built from two fixed ends: this loop runs ~100 million times in a national import.
        const head = first.indicatorCode + SEP;
        const tail = SEP + first.basis + SEP + first.disaggregation + SEP + String(published);
        for (const [period, value] of figures) {
          let parts: AggregateParts = { sum: value, count: 1, weight: 0 };
          if (weighted) {
            // A unit without a weight for the period is left out of the weighted average.
            const weight = weightOf?.get(period);
            if (weight === undefined || !(weight > 0)) continue;
            parts = { sum: weight * value, count: 1, weight };
          }
          for (const orgUnitCode of above) {
            addTo(changes, head + orgUnitCode + SEP + period + tail, parts);
          }
        }
      }
    }
    return changes;
  }

  /**
   * The weight figures (rolled up over time by the weight's own rule) of the
   * units and years of weighted values, by weight indicator, unit, basis,
   * year and layer.
   */
  private async weightFigures(
    values: readonly RawValue[],
    rules: Map<string, AggregationRule>,
  ): Promise<Map<string, Map<string, number>>> {
    const needed = new Map<string, ValueGroup>();
    for (const value of values) {
      const rule = rules.get(value.indicatorCode);
      if (rule?.space !== 'weighted_average' || !rule.weight || value.disaggregation !== '')
        continue;
      const group = {
        indicatorCode: rule.weight,
        orgUnitCode: value.orgUnitCode,
        basis: value.basis,
        disaggregation: '',
        year: yearOf(value.period),
      };
      needed.set(Object.values(group).join(SEP), group);
    }
    const figures = new Map<string, Map<string, number>>();
    if (needed.size === 0) return figures;
    const weightValues = await this.groupValues([...needed.values()]);
    await this.loadRules(weightValues.map((v) => v.indicatorCode));
    const groups = new Map<string, RawValue[]>();
    for (const value of weightValues) {
      const key = groupKey(value);
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(value);
    }
    for (const list of groups.values()) {
      const first = list[0]!;
      const time = this.rules.get(first.indicatorCode)?.time ?? 'last';
      for (const published of [0, 1]) {
        const layer = published === 1 ? list.filter((v) => v.status === 'published') : list;
        if (layer.length === 0) continue;
        figures.set(
          weightKey(first.indicatorCode, first, published),
          rollUpOwnValues(layer, time === 'none' ? 'last' : time),
        );
      }
    }
    return figures;
  }

  /** Adds changes (times `sign`) to the stored aggregates. */
  async apply(changes: AggregateChanges, sign: 1 | -1 = 1): Promise<void> {
    const rows = [...changes]
      .filter(([, parts]) => parts.sum !== 0 || parts.count !== 0 || parts.weight !== 0)
      // One order for every writer: concurrent transactions on PostgreSQL lock rows without deadlock.
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, parts]) => ({
        ...splitKey(key),
        valueSum: sign * parts.sum,
        unitCount: sign * parts.count,
        weightSum: sign * parts.weight,
      }));
    for (const batch of inBatches(rows, 9)) {
      await this.db
        .insertInto('dataValueAggregate')
        .values(batch)
        .onConflict((oc) =>
          oc
            .columns([
              'indicatorCode',
              'orgUnitCode',
              'period',
              'basis',
              'disaggregation',
              'published',
            ])
            .doUpdateSet((eb) => ({
              valueSum: eb('dataValueAggregate.valueSum', '+', eb.ref('excluded.valueSum')),
              unitCount: eb('dataValueAggregate.unitCount', '+', eb.ref('excluded.unitCount')),
              weightSum: eb('dataValueAggregate.weightSum', '+', eb.ref('excluded.weightSum')),
            })),
        )
        .execute();
    }
  }

  /**
   * Runs a write of values and keeps the aggregates current: the groups it
   * touches are read before and after, and the difference is applied.
   */
  async around<T>(written: readonly ValueGroup[], write: () => Promise<T>): Promise<T> {
    const groups = await this.withDependents(written);
    await lockValueGroups(
      this.db,
      groups.map((g) => ({ indicatorCode: g.indicatorCode, key: Object.values(g).join('/') })),
    );
    const before = await this.contributions(await this.groupValues(groups));
    const result = await write();
    const after = await this.contributions(await this.groupValues(groups));
    await this.apply(difference(after, before));
    return result;
  }

  /** Stored aggregate rows with units (zero-unit rows are what is left when values went away). */
  async find(query: {
    indicatorCodes: readonly string[];
    orgUnitCodes?: readonly string[] | undefined;
    periods?: readonly string[] | undefined;
    basis?: string | undefined;
    disaggregation?: string | undefined;
    /** 1 or 0; absent: both layers. */
    published?: number | undefined;
  }): Promise<DataValueAggregateRow[]> {
    if (query.indicatorCodes.length === 0) return [];
    let select = this.db
      .selectFrom('dataValueAggregate')
      .selectAll()
      .where('indicatorCode', 'in', query.indicatorCodes)
      .where('unitCount', '>', 0);
    if (query.published !== undefined) select = select.where('published', '=', query.published);
    if (query.orgUnitCodes) {
      if (query.orgUnitCodes.length === 0) return [];
      select = select.where('orgUnitCode', 'in', query.orgUnitCodes);
    }
    if (query.periods) {
      if (query.periods.length === 0) return [];
      select = select.where('period', 'in', query.periods);
    }
    if (query.basis !== undefined) select = select.where('basis', '=', query.basis);
    if (query.disaggregation !== undefined)
      select = select.where('disaggregation', '=', query.disaggregation);
    return select.execute();
  }

  /** Every stored row of one indicator, for the consistency check. */
  async allOf(indicatorCode: string): Promise<DataValueAggregateRow[]> {
    return this.db
      .selectFrom('dataValueAggregate')
      .selectAll()
      .where('indicatorCode', '=', indicatorCode)
      .execute();
  }

  /**
   * What all stored values of one indicator add to the aggregates, read a few
   * hundred units at a time (contributions add up, so memory stays bounded by
   * one slice and the indicator's aggregates).
   */
  async contributionsOfAll(indicatorCode: string): Promise<AggregateChanges> {
    const units = (
      await this.db.selectFrom('orgUnit').select('code').orderBy('code').execute()
    ).map((row) => row.code);
    const total: AggregateChanges = new Map();
    for (const slice of inBatches(units, 1, 400)) {
      const values = await this.db
        .selectFrom('dataValue')
        .select(RAW_COLUMNS)
        .where('indicatorCode', '=', indicatorCode)
        .where('orgUnitCode', 'in', slice)
        .execute();
      if (values.length === 0) continue;
      for (const [key, parts] of await this.contributions(values)) addTo(total, key, parts);
    }
    return total;
  }

  /** Replaces one indicator's aggregates with the given ones (rebuilds). */
  async replaceOf(indicatorCode: string, changes: AggregateChanges): Promise<void> {
    await this.db
      .deleteFrom('dataValueAggregate')
      .where('indicatorCode', '=', indicatorCode)
      .execute();
    await this.apply(changes);
  }
}

function addTo(changes: AggregateChanges, key: string, parts: AggregateParts): void {
  const existing = changes.get(key);
  if (existing) {
    existing.sum += parts.sum;
    existing.count += parts.count;
    existing.weight += parts.weight;
  } else changes.set(key, { ...parts });
}

/** after - before, key by key. */
export function difference(after: AggregateChanges, before: AggregateChanges): AggregateChanges {
  const changes: AggregateChanges = new Map();
  for (const [key, parts] of after) addTo(changes, key, parts);
  for (const [key, parts] of before)
    addTo(changes, key, { sum: -parts.sum, count: -parts.count, weight: -parts.weight });
  return changes;
}

/** The groups a list of values belongs to. */
export function groupsOf(
  values: readonly {
    indicatorCode: string;
    orgUnitCode: string;
    basis: string;
    disaggregation?: string | undefined;
    period: string;
  }[],
): ValueGroup[] {
  const groups = new Map<string, ValueGroup>();
  for (const v of values) {
    const group = {
      indicatorCode: v.indicatorCode,
      orgUnitCode: v.orgUnitCode,
      basis: v.basis,
      disaggregation: v.disaggregation ?? '',
      year: yearOf(v.period),
    };
    groups.set(Object.values(group).join(SEP), group);
  }
  return [...groups.values()];
}
