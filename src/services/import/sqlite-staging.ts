/**
 * Staging on SQLite: a connection of its own to the store's file, so the
 * import's temporary tables and its long transaction never mix with the
 * statements other requests run on the shared connection; raw prepared
 * statements (better-sqlite3) insert many rows per call. The temporary
 * tables live in a temporary file, not in memory, so a file of any size
 * stages in bounded memory, and vanish with the connection, also when the
 * process is killed. The final transaction starts with BEGIN IMMEDIATE: the
 * checks against the store and the writes see the same state.
 */
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type ControlledTransaction,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import type { CheckedValue } from './checker.js';
import type { ImportLookups } from './lookups.js';
import { ConflictError } from '../errors.js';
import {
  expectChanged,
  KeyIds,
  mappingRows,
  stagingTables,
  statements,
  vanishedCodes,
  type Duplicate,
  type StoreCounts,
  type StoreProblem,
  type StoreProblems,
  type WriteMeta,
} from './staging.js';

const ROWS_PER_STATEMENT = 200;
const COLUMNS = 9;

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/** The file of the store's main database, from the store's own connection. */
export async function sqliteFileOf(db: Db): Promise<string> {
  const result = await db.executeQuery<{ name: string; file: string }>(
    CompiledQuery.raw('pragma database_list'),
  );
  const file = result.rows.find((row) => row.name === 'main')?.file ?? '';
  if (file === '') throw new Error('the SQLite store has no file: imports need one');
  return file;
}

export class SqliteStaging {
  private readonly raw: SQLite.Database;
  private readonly kysely: Kysely<Database>;
  private readonly sql = statements('sqlite');
  private readonly insertMany: SQLite.Statement;
  private readonly insertOne: SQLite.Statement;
  private readonly firstOf: SQLite.Statement;
  private readonly batch: CheckedValue[] = [];
  private readonly ids = new KeyIds();
  private readonly insertPeriod: SQLite.Statement;
  private readonly insertDisaggregation: SQLite.Statement;
  private trx: ControlledTransaction<Database> | null = null;
  private maxIdBefore = 0;

  constructor(
    file: string,
    lookups: ImportLookups,
    private readonly onDuplicate: (duplicate: Duplicate) => void,
    private readonly batchSize = 5000,
  ) {
    this.raw = new SQLite(file);
    this.raw.pragma('busy_timeout = 10000');
    this.raw.pragma('foreign_keys = ON');
    this.raw.pragma('synchronous = NORMAL');
    // Staging of a national file is gigabytes: in a temporary file, with a generous page cache.
    this.raw.pragma('temp_store = FILE');
    this.raw.pragma('temp.cache_size = -262144');
    this.raw.pragma('main.cache_size = -65536');
    this.kysely = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: this.raw }),
      plugins: [new CamelCasePlugin()],
    });
    for (const statement of stagingTables('')) this.raw.exec(statement);
    // Clustered on the key: a duplicate is found as it is inserted, and values leave in the store's index order.
    this.raw.exec(`
      create temp table imp_value (
        ind integer not null, unit integer not null, period integer not null, disagg integer not null,
        pos integer not null, value real, raw text not null, comment text, source text,
        primary key (ind, unit, period, disagg)
      ) without rowid`);
    const { indicators, units } = mappingRows(lookups);
    const indicator = this.raw.prepare('insert into imp_indicator values (?, ?)');
    const unit = this.raw.prepare('insert into imp_unit values (?, ?)');
    this.raw.transaction(() => {
      for (const row of indicators) indicator.run(row[0], row[1]);
      for (const row of units) unit.run(row[0], row[1]);
    })();
    this.insertPeriod = this.raw.prepare('insert into imp_period values (?, ?, ?, ?)');
    this.insertDisaggregation = this.raw.prepare('insert into imp_disagg values (?, ?)');
    const tuple = `(${Array.from({ length: COLUMNS }, () => '?').join(', ')})`;
    this.insertMany = this.raw.prepare(
      `insert or ignore into imp_value values ${Array.from({ length: ROWS_PER_STATEMENT }, () => tuple).join(', ')}`,
    );
    this.insertOne = this.raw.prepare(`insert or ignore into imp_value values ${tuple}`);
    this.firstOf = this.raw
      .prepare('select pos from imp_value where ind = ? and unit = ? and period = ? and disagg = ?')
      .pluck();
    // Staging writes only temporary tables: one transaction for speed, no lock on the store.
    this.raw.exec('begin');
  }

  add(value: CheckedValue): void {
    this.batch.push(value);
    if (this.batch.length >= this.batchSize) this.stage();
  }

  async flush(all: boolean): Promise<void> {
    // Full batches are staged as they fill; a partial one only at the end.
    if (all) this.stage();
  }

  private stage(): void {
    const batch = this.batch;
    if (batch.length === 0) return;
    const ids = this.ids;
    const periodIds = batch.map((value) => ids.period(value.period));
    const disaggregationIds = batch.map((value) => ids.disaggregation(value.disaggregation));
    for (const period of ids.newPeriods.splice(0))
      this.insertPeriod.run(ids.periodId(period.code), period.code, period.type, period.end);
    for (const key of ids.newDisaggregations.splice(0))
      this.insertDisaggregation.run(ids.disaggregation(key), key);
    let inserted = 0;
    let start = 0;
    const parameters: unknown[] = new Array(ROWS_PER_STATEMENT * COLUMNS);
    for (; start + ROWS_PER_STATEMENT <= batch.length; start += ROWS_PER_STATEMENT) {
      for (let r = 0; r < ROWS_PER_STATEMENT; r += 1) {
        const i = start + r;
        fill(parameters, r * COLUMNS, batch[i]!, periodIds[i]!, disaggregationIds[i]!);
      }
      inserted += this.insertMany.run(parameters).changes;
    }
    const one: unknown[] = new Array(COLUMNS);
    for (; start < batch.length; start += 1) {
      fill(one, 0, batch[start]!, periodIds[start]!, disaggregationIds[start]!);
      inserted += this.insertOne.run(one).changes;
    }
    if (inserted < batch.length) {
      // Some keys were there already: find which, and where they first came.
      for (const [i, value] of batch.entries()) {
        const first = this.firstOf.get(
          value.indicator.id,
          value.unit.id,
          periodIds[i],
          disaggregationIds[i],
        ) as number;
        if (first !== value.order) this.onDuplicate({ value, firstOrder: first });
      }
    }
    batch.length = 0;
  }

  /** Ends staging and opens the final transaction (a write transaction unless dry). */
  async begin(write: boolean): Promise<void> {
    this.stage();
    this.raw.exec('commit');
    if (write) {
      // Per-row foreign key checks cost a third of the write; checkForeignKeys does the same once, set-based.
      this.raw.pragma('foreign_keys = OFF');
      this.trx = await this.kysely.startTransaction().execute();
      if ((this.raw.prepare(vanishedCodes).pluck().get() as number) > 0) {
        throw new ConflictError(
          'An indicator or org unit was removed while the file was read: import it again',
        );
      }
      this.maxIdBefore = this.raw
        .prepare('select coalesce(max(id), 0) from data_value')
        .pluck()
        .get() as number;
    } else this.raw.exec('begin');
  }

  async classify(): Promise<StoreCounts> {
    return this.raw.prepare(this.sql.classify).get() as StoreCounts;
  }

  async storeProblems(cap: number, counts: StoreCounts): Promise<StoreProblems[]> {
    const published: StoreProblems = { listed: [], total: counts.published };
    if (counts.published > 0) {
      published.listed = (this.raw.prepare(this.sql.published).all(cap) as Row[]).map((row) =>
        toProblem(row, 'published'),
      );
    }
    const locked = this.listed(
      `select ${this.sql.lockedColumns} ${this.sql.lockedFrom} order by s.pos limit ?`,
      `select count(*) ${this.sql.lockedFrom}`,
      cap,
      'locked',
    );
    const range = this.listed(
      `select ${this.sql.rangeColumns} ${this.sql.rangeFrom} order by s.pos limit ?`,
      `select count(*) ${this.sql.rangeFrom}`,
      cap,
      'range',
    );
    return [published, locked, range];
  }

  private listed(
    list: string,
    count: string,
    cap: number,
    kind: StoreProblem['kind'],
  ): StoreProblems {
    const rows = this.raw.prepare(list).all(cap) as Row[];
    const total =
      rows.length < cap ? rows.length : (this.raw.prepare(count).pluck().get() as number);
    return { listed: rows.map((row) => toProblem(row, kind)), total };
  }

  async write(meta: WriteMeta, counts: StoreCounts): Promise<void> {
    const onlyNew = counts.updated + counts.unchanged + counts.published > 0;
    if (counts.created > 0) {
      const { changes } = this.raw
        .prepare(
          `insert into data_value (${this.sql.insertColumns}) ${this.sql.insertSelect(onlyNew)}`,
        )
        .run(meta.by, meta.at);
      expectChanged('new values', changes, counts.created);
      this.insertNewRevisions(meta, counts, onlyNew, changes);
    }
    if (counts.updated > 0) {
      this.raw.prepare(this.sql.changedRevisions).run(meta.reason, meta.by, meta.at);
      const { changes } = this.raw.prepare(this.sql.updateChanged).run(meta.by, meta.at);
      expectChanged('changed drafts', changes, counts.updated);
    }
  }

  /**
   * The first revision of each new value. AUTOINCREMENT ids only grow and
   * this transaction holds the write lock, so the new rows are those above
   * the largest id before. When every staged value was new, their ids are
   * consecutive in staging order (the insert's ORDER BY), and the revisions
   * come from staging by that order: reading twenty million fresh rows back
   * from data_value would look each page up in a write-ahead log of
   * gigabytes, the slowest step of a national import.
   */
  private insertNewRevisions(
    meta: WriteMeta,
    counts: StoreCounts,
    onlyNew: boolean,
    inserted: number,
  ): void {
    const first = this.raw
      .prepare('select id from data_value where id > ? order by id limit 1')
      .pluck()
      .get(this.maxIdBefore) as number;
    const last = this.raw.prepare('select max(id) from data_value').pluck().get() as number;
    if (!onlyNew && inserted === counts.created && last - first + 1 === inserted) {
      this.raw
        .prepare(
          `insert into data_value_revision (${this.sql.revisionColumns})
           select ? + row_number() over (order by s.ind, s.unit, s.period, s.disagg), 1, s.value, 'draft',
             s.comment, ?, ?, ?, s.source
           from imp_value s where s.value is not null`,
        )
        .run(first - 1, meta.reason, meta.by, meta.at);
      return;
    }
    this.raw
      .prepare(
        `insert into data_value_revision (${this.sql.revisionColumns})
         select id, 1, value, 'draft', comment, ?, created_by, created_at, source_note
         from data_value where id > ? order by id`,
      )
      .run(meta.reason, this.maxIdBefore);
  }

  /** The final transaction, for the audit entry (appendAudit takes the chain's lock in it). */
  get transaction(): ControlledTransaction<Database> {
    if (!this.trx) throw new Error('no write transaction');
    return this.trx;
  }

  async commit(): Promise<void> {
    await this.trx?.commit().execute();
    this.trx = null;
  }

  async close(): Promise<void> {
    try {
      if (this.trx) await this.trx.rollback().execute();
      else if (this.raw.inTransaction) this.raw.exec('rollback');
    } finally {
      this.trx = null;
      await this.kysely.destroy();
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

export function toProblem(row: Row, kind: StoreProblem['kind']): StoreProblem {
  return {
    order: Number(row.pos),
    kind,
    indicator: row.indicator,
    orgUnit: row.unit,
    period: row.period,
    disaggregation: row.disagg,
    value: Number(row.value),
    dataSet: row.dataset ?? null,
    state: row.state ?? null,
    min: row.minvalue ?? null,
    max: row.maxvalue ?? null,
  };
}

function fill(
  parameters: unknown[],
  at: number,
  value: CheckedValue,
  period: number,
  disaggregation: number,
): void {
  parameters[at] = value.indicator.id;
  parameters[at + 1] = value.unit.id;
  parameters[at + 2] = period;
  parameters[at + 3] = disaggregation;
  parameters[at + 4] = value.order;
  parameters[at + 5] = value.value;
  parameters[at + 6] = value.raw;
  parameters[at + 7] = value.comment;
  parameters[at + 8] = value.source;
}
