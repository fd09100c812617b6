/**
 * Staging and the one set-based commit, on either engine. Checked values go
 * into a temporary table keyed like the store's values (indicator, unit,
 * period, disaggregation), so a value the file gives twice is found when it
 * is staged. At the end, inside the transaction that writes: the values the
 * store already holds are classified (new, changed draft, unchanged,
 * published), values locked by a submission and values outside a data set's
 * range are listed, and then new values, changed drafts and their revisions
 * are written with a few INSERT ... SELECT and UPDATE ... FROM statements.
 *
 * This is the import's own SQL, kept here beside the engine that needs it:
 * the repositories build one statement per row through Kysely, which at
 * twenty million values is the whole cost of an import.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Engine } from '../../db/connect.js';
import { ConflictError } from '../errors.js';
import type { Database } from '../../db/schema.js';
import type { CheckedValue, PeriodInfo } from './checker.js';
import type { ImportLookups } from './lookups.js';

export interface StoreCounts {
  created: number;
  updated: number;
  unchanged: number;
  published: number;
}

/** A staged value the checks against the store refuse. */
export interface StoreProblem {
  order: number;
  kind: 'published' | 'locked' | 'range';
  indicator: string;
  orgUnit: string;
  period: string;
  disaggregation: string;
  value: number;
  dataSet: string | null;
  state: string | null;
  min: number | null;
  max: number | null;
}

export interface StoreProblems {
  /** In file order, at most `cap`. */
  listed: StoreProblem[];
  /** All of them, listed or not. */
  total: number;
}

export interface WriteMeta {
  reason: string;
  by: string;
  at: string;
}

/** One staged value and the earlier one of the file with the same key. */
export interface Duplicate {
  value: CheckedValue;
  firstOrder: number;
}

/** The SQL both engines run; `?` placeholders, numbered for PostgreSQL by `run`. */
export function statements(engine: Engine) {
  // Null-safe "differs": SQLite's IS NOT, PostgreSQL's IS DISTINCT FROM.
  const differs = engine === 'sqlite' ? 'is not' : 'is distinct from';
  const changed = `(d.value <> s.value or d.comment ${differs} s.comment or d.source_note ${differs} s.source)`;
  // Staging keys are small integers; these tables give back the codes.
  const joinCodes = `
    join imp_indicator i on i.id = s.ind
    join imp_unit u on u.id = s.unit
    join imp_period p on p.id = s.period
    join imp_disagg g on g.id = s.disagg`;
  const sameKey = `d.indicator_code = i.code and d.org_unit_code = u.code
      and d.period = p.period and d.disaggregation = g.key and d.basis = ''`;
  // Staging drives (SQLite keeps CROSS JOIN order; PostgreSQL plans it as an inner join): a file
  // of ten values must not scan a store of millions.
  const joinStored = `
    from imp_value s
    cross join imp_indicator i
    cross join imp_unit u
    cross join imp_period p
    cross join imp_disagg g
    cross join data_value d`;
  const storedWhere = `i.id = s.ind and u.id = s.unit and p.id = s.period and g.id = s.disagg
      and ${sameKey}`;
  const keyColumns = `s.pos as pos, i.code as indicator, u.code as unit, p.period as period, g.key as disagg, s.value as value`;
  return {
    classify: `
      select
        coalesce(sum(case when d.id is null then 1 else 0 end), 0) as created,
        coalesce(sum(case when d.status = 'draft' and ${changed} then 1 else 0 end), 0) as updated,
        coalesce(sum(case when d.status = 'draft' and not ${changed} then 1 else 0 end), 0) as unchanged,
        coalesce(sum(case when d.status = 'published' then 1 else 0 end), 0) as published
      from imp_value s ${joinCodes}
      left join data_value d on ${sameKey}
      where s.value is not null`,
    published: `
      select ${keyColumns}
      ${joinStored}
      where ${storedWhere} and s.value is not null and d.status = 'published'
      order by s.pos limit ?`,
    // Driven from the few submissions that lock something to the staged values by key.
    lockedFrom: `
      from submission sub
      cross join data_set ds
      cross join data_set_indicator dsi
      cross join imp_indicator i
      cross join imp_unit u
      cross join imp_period p
      cross join imp_value s
      cross join imp_disagg g
      where sub.state in ('submitted', 'approved') and ds.id = sub.data_set_id
        and dsi.data_set_id = sub.data_set_id and i.code = dsi.indicator_code
        and u.code = sub.org_unit_code and p.period = sub.period
        and s.ind = i.id and s.unit = u.id and s.period = p.id and g.id = s.disagg
        and s.value is not null`,
    lockedColumns: `${keyColumns}, ds.code as dataset, sub.state as state`,
    // Driven from the data sets' bounded indicators and their units to the staged values by key.
    rangeFrom: `
      from data_set_indicator dsi
      cross join data_set ds
      cross join data_set_org_unit dsou
      cross join imp_indicator i
      cross join imp_unit u
      cross join imp_value s
      cross join imp_period p
      cross join imp_disagg g
      where (dsi.min_value is not null or dsi.max_value is not null)
        and ds.id = dsi.data_set_id and dsou.data_set_id = dsi.data_set_id
        and i.code = dsi.indicator_code and u.code = dsou.org_unit_code
        and s.ind = i.id and s.unit = u.id and s.value is not null
        and p.id = s.period and p.type = ds.period_type and g.id = s.disagg
        and (s.value < dsi.min_value or s.value > dsi.max_value)`,
    rangeColumns: `${keyColumns}, ds.code as dataset, dsi.min_value as minvalue, dsi.max_value as maxvalue`,
    insertColumns: `indicator_code, org_unit_code, period, period_type, period_end, value, basis, source_key,
      confidence, published_value, published_unit, created_by, created_at, status, comment, version,
      disaggregation, source_note`,
    insertSelect: (onlyNew: boolean) => `
      select i.code, u.code, p.period, p.type, p.end_date, s.value, '', null, null, s.raw, null, ?, ?, 'draft',
        s.comment, 1, g.key, s.source
      from imp_value s ${joinCodes}
      where s.value is not null${
        onlyNew ? ` and not exists (select 1 from data_value d where ${sameKey})` : ''
      }
      order by s.ind, s.unit, s.period, s.disagg`,
    revisionColumns: `data_value_id, version, value, status, comment, reason, recorded_by, recorded_at, source_note`,
    changedRevisions: `
      insert into data_value_revision (data_value_id, version, value, status, comment, reason, recorded_by, recorded_at, source_note)
      select d.id, d.version + 1, s.value, 'draft', s.comment, ?, ?, ?, s.source
      ${joinStored}
      where ${storedWhere} and s.value is not null and d.status = 'draft' and ${changed}`,
    // Materialised, so the changed drafts are found from staging first, then updated by id
    // (flattened, SQLite would scan the target table and search staging for each of its rows).
    updateChanged: `
      with c as materialized (
        select d.id as id, s.value as value, s.comment as comment, s.source as source, s.raw as raw
        ${joinStored}
        where ${storedWhere} and s.value is not null and d.status = 'draft' and ${changed}
      )
      update data_value set value = c.value, comment = c.comment, source_note = c.source,
        published_value = c.raw, created_by = ?, created_at = ?, version = data_value.version + 1
      from c
      where data_value.id = c.id`,
  };
}

export type ImportStatements = ReturnType<typeof statements>;

/** The temporary tables, the same on both engines (PostgreSQL adds ON COMMIT DROP). */
export function stagingTables(suffix: string): string[] {
  return [
    `create temp table imp_indicator (id integer primary key, code text not null unique)${suffix}`,
    `create temp table imp_unit (id integer primary key, code text not null unique)${suffix}`,
    `create temp table imp_period (id integer primary key, period text not null unique, type text not null, end_date text not null)${suffix}`,
    `create temp table imp_disagg (id integer primary key, key text not null unique)${suffix}`,
  ];
}

/**
 * Small integer ids for the periods and disaggregations of a file, so the
 * staging key is four integers. New ones are handed out as values arrive and
 * collected for the staging to insert before the values that use them.
 */
export class KeyIds {
  private readonly periods = new Map<string, number>();
  private readonly disaggregations = new Map<string, number>();
  readonly newPeriods: PeriodInfo[] = [];
  readonly newDisaggregations: string[] = [];

  period(period: PeriodInfo): number {
    let id = this.periods.get(period.code);
    if (id === undefined) {
      id = this.periods.size;
      this.periods.set(period.code, id);
      this.newPeriods.push(period);
    }
    return id;
  }

  disaggregation(key: string): number {
    let id = this.disaggregations.get(key);
    if (id === undefined) {
      id = this.disaggregations.size;
      this.disaggregations.set(key, id);
      this.newDisaggregations.push(key);
    }
    return id;
  }

  periodId(code: string): number {
    return this.periods.get(code)!;
  }
}

/** A validated set-based replacement for per-row foreign key checks: every code staged still exists. */
export const vanishedCodes = `
  select (select count(*) from imp_indicator i where not exists (select 1 from indicator x where x.code = i.code))
       + (select count(*) from imp_unit u where not exists (select 1 from org_unit x where x.code = u.code)) as missing`;

/** Rows of the small mapping tables: ids in the staging table to codes in the store. */
export function mappingRows(lookups: ImportLookups) {
  return {
    indicators: [...lookups.indicators.values()].map((i) => [i.id, i.code] as const),
    units: [...lookups.units.values()].map((u) => [u.id, u.code] as const),
  };
}

export function describeKey(problem: {
  indicator: string;
  orgUnit: string;
  period: string;
  disaggregation: string;
}) {
  return `${problem.indicator} ${problem.orgUnit} ${problem.period}${problem.disaggregation ? ` ${problem.disaggregation}` : ''}`;
}

/** Runs a raw statement through Kysely (PostgreSQL), numbering `?` placeholders. */
export async function runPg<R>(
  db: Kysely<Database>,
  text: string,
  parameters: unknown[] = [],
): Promise<R[]> {
  return (await executePg<R>(db, text, parameters)).rows;
}

/** Like runPg, for writes: how many rows the statement changed. */
export async function changedPg(
  db: Kysely<Database>,
  text: string,
  parameters: unknown[] = [],
): Promise<number> {
  return Number((await executePg(db, text, parameters)).numAffectedRows ?? 0);
}

function executePg<R>(db: Kysely<Database>, text: string, parameters: unknown[]) {
  let n = 0;
  const numbered = text.replace(/\?/g, () => `$${++n}`);
  return db.executeQuery<R>(CompiledQuery.raw(numbered, parameters));
}

/**
 * The writes must change exactly what the checks counted. They always do on
 * SQLite (the checks ran under the same write lock); on PostgreSQL another
 * writer may have published or entered one of the values meanwhile.
 */
export function expectChanged(what: string, changed: number, counted: number): void {
  if (changed !== counted) {
    throw new ConflictError(
      `${counted} ${what} were expected but ${changed} were written: values changed while the file was imported; nothing was imported, import it again`,
    );
  }
}
