/**
 * Staging on PostgreSQL: the whole import is one transaction on one pooled
 * connection (a ControlledTransaction), so the temporary tables (dropped at
 * its end) and the final writes share it; a killed process or a lost
 * connection rolls everything back. Values are staged with one INSERT ...
 * SELECT FROM unnest(arrays) per batch: a handful of parameters for
 * thousands of rows, ON CONFLICT DO NOTHING finding the file's duplicates.
 */
import type { ControlledTransaction } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import type { CheckedValue } from './checker.js';
import type { ImportLookups } from './lookups.js';
import { toProblem } from './sqlite-staging.js';
import {
  changedPg,
  expectChanged,
  KeyIds,
  mappingRows,
  runPg,
  stagingTables,
  statements,
  type Duplicate,
  type StoreCounts,
  type StoreProblem,
  type StoreProblems,
  type WriteMeta,
} from './staging.js';

export class PostgresStaging {
  private readonly sql = statements('postgres');
  private readonly batch: CheckedValue[] = [];
  private readonly ids = new KeyIds();

  private constructor(
    private readonly trx: ControlledTransaction<Database>,
    private readonly onDuplicate: (duplicate: Duplicate) => void,
    private readonly batchSize: number,
  ) {}

  static async open(
    db: Db,
    lookups: ImportLookups,
    onDuplicate: (duplicate: Duplicate) => void,
    batchSize = 10_000,
  ): Promise<PostgresStaging> {
    const trx = await db.startTransaction().execute();
    const staging = new PostgresStaging(trx, onDuplicate, batchSize);
    try {
      for (const statement of [
        ...stagingTables(' on commit drop'),
        `create temp table imp_value (
          ind integer not null, unit integer not null, period integer not null, disagg integer not null,
          pos bigint not null, value double precision, raw text not null, comment text, source text,
          primary key (ind, unit, period, disagg)) on commit drop`,
      ])
        await runPg(trx, statement);
      const { indicators, units } = mappingRows(lookups);
      await runPg(trx, 'insert into imp_indicator select * from unnest(?::integer[], ?::text[])', [
        indicators.map((row) => row[0]),
        indicators.map((row) => row[1]),
      ]);
      await runPg(trx, 'insert into imp_unit select * from unnest(?::integer[], ?::text[])', [
        units.map((row) => row[0]),
        units.map((row) => row[1]),
      ]);
    } catch (error) {
      await trx.rollback().execute();
      throw error;
    }
    return staging;
  }

  add(value: CheckedValue): void {
    this.batch.push(value);
  }

  async flush(all: boolean): Promise<void> {
    if (!all && this.batch.length < this.batchSize) return;
    const batch = this.batch.splice(0);
    if (batch.length === 0) return;
    const ids = this.ids;
    const periodIds = batch.map((value) => ids.period(value.period));
    const disaggregationIds = batch.map((value) => ids.disaggregation(value.disaggregation));
    const periods = ids.newPeriods.splice(0);
    if (periods.length > 0) {
      await runPg(
        this.trx,
        'insert into imp_period select * from unnest(?::integer[], ?::text[], ?::text[], ?::text[])',
        [
          periods.map((period) => ids.periodId(period.code)),
          periods.map((period) => period.code),
          periods.map((period) => period.type),
          periods.map((period) => period.end),
        ],
      );
    }
    const keys = ids.newDisaggregations.splice(0);
    if (keys.length > 0) {
      await runPg(
        this.trx,
        'insert into imp_disagg select * from unnest(?::integer[], ?::text[])',
        [keys.map((key) => ids.disaggregation(key)), keys],
      );
    }
    const key = [
      batch.map((value) => value.indicator.id),
      batch.map((value) => value.unit.id),
      periodIds,
      disaggregationIds,
      batch.map((value) => value.order),
    ];
    const inserted = await runPg<{ pos: number | string }>(
      this.trx,
      `insert into imp_value
       select * from unnest(?::integer[], ?::integer[], ?::integer[], ?::integer[], ?::bigint[],
         ?::double precision[], ?::text[], ?::text[], ?::text[])
       on conflict do nothing returning pos`,
      [
        ...key,
        batch.map((value) => value.value),
        batch.map((value) => value.raw),
        batch.map((value) => value.comment),
        batch.map((value) => value.source),
      ],
    );
    if (inserted.length === batch.length) return;
    const firsts = await runPg<{ pos: number | string; first: number | string }>(
      this.trx,
      `select b.pos as pos, v.pos as first
       from unnest(?::integer[], ?::integer[], ?::integer[], ?::integer[], ?::bigint[]) as b(ind, unit, period, disagg, pos)
       join imp_value v on v.ind = b.ind and v.unit = b.unit and v.period = b.period and v.disagg = b.disagg
       where v.pos <> b.pos`,
      key,
    );
    const first = new Map(firsts.map((row) => [Number(row.pos), Number(row.first)]));
    for (const value of batch) {
      const firstOrder = first.get(value.order);
      if (firstOrder !== undefined) this.onDuplicate({ value, firstOrder });
    }
  }

  async begin(): Promise<void> {
    await this.flush(true);
    // Temporary tables are never analysed by autovacuum: without statistics the planner guesses badly.
    await runPg(this.trx, 'analyze imp_value, imp_indicator, imp_unit, imp_period, imp_disagg');
  }

  async classify(): Promise<StoreCounts> {
    const [row] = await runPg<Record<keyof StoreCounts, number | string>>(
      this.trx,
      this.sql.classify,
    );
    return {
      created: Number(row!.created),
      updated: Number(row!.updated),
      unchanged: Number(row!.unchanged),
      published: Number(row!.published),
    };
  }

  async storeProblems(cap: number, counts: StoreCounts): Promise<StoreProblems[]> {
    const published: StoreProblems = { listed: [], total: counts.published };
    if (counts.published > 0) {
      published.listed = (await runPg<Row>(this.trx, this.sql.published, [cap])).map((row) =>
        toProblem(row, 'published'),
      );
    }
    const locked = await this.listed(
      `select ${this.sql.lockedColumns} ${this.sql.lockedFrom} order by s.pos limit ?`,
      `select count(*) as total ${this.sql.lockedFrom}`,
      cap,
      'locked',
    );
    const range = await this.listed(
      `select ${this.sql.rangeColumns} ${this.sql.rangeFrom} order by s.pos limit ?`,
      `select count(*) as total ${this.sql.rangeFrom}`,
      cap,
      'range',
    );
    return [published, locked, range];
  }

  private async listed(
    list: string,
    count: string,
    cap: number,
    kind: StoreProblem['kind'],
  ): Promise<StoreProblems> {
    const rows = await runPg<Row>(this.trx, list, [cap]);
    let total = rows.length;
    if (rows.length >= cap) {
      const [row] = await runPg<{ total: number | string }>(this.trx, count);
      total = Number(row!.total);
    }
    return { listed: rows.map((row) => toProblem(row, kind)), total };
  }

  async write(meta: WriteMeta, counts: StoreCounts): Promise<void> {
    const onlyNew = counts.updated + counts.unchanged + counts.published > 0;
    if (counts.created > 0) {
      // One statement: the new rows' ids come back from the insert, whatever else is inserted meanwhile.
      const inserted = await changedPg(
        this.trx,
        `with inserted as (
           insert into data_value (${this.sql.insertColumns}) ${this.sql.insertSelect(onlyNew)}
           returning id, value, comment, created_by, created_at, source_note)
         insert into data_value_revision (${this.sql.revisionColumns})
         select id, 1, value, 'draft', comment, ?, created_by, created_at, source_note from inserted`,
        [meta.by, meta.at, meta.reason],
      ).catch((error: unknown) => {
        // Another writer entered one of the new values meanwhile (unique_violation).
        if ((error as { code?: string }).code === '23505') return -1;
        throw error;
      });
      expectChanged('new values', inserted, counts.created);
    }
    if (counts.updated > 0) {
      await runPg(this.trx, this.sql.changedRevisions, [meta.reason, meta.by, meta.at]);
      const updated = await changedPg(this.trx, this.sql.updateChanged, [meta.by, meta.at]);
      expectChanged('changed drafts', updated, counts.updated);
    }
  }

  get transaction(): ControlledTransaction<Database> {
    return this.trx;
  }

  private done = false;

  async commit(): Promise<void> {
    await this.trx.commit().execute();
    this.done = true;
  }

  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.trx.rollback().execute();
    }
  }
}

interface Row {
  pos: number;
  indicator: string;
  unit: string;
  period: string;
  disagg: string;
  value: number;
  dataset?: string;
  state?: string;
  minvalue?: number | null;
  maxvalue?: number | null;
}
