/**
 * A store's contents as a stream of tables and rows, read in one snapshot
 * (a consistent picture while the server writes), and loaded into an empty
 * store of either engine in one transaction: all or nothing. Backups in the
 * portable format, restores and store moves are all made of these two.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine, Store } from '../connect.js';
import { appliedMigrations, migrate } from '../connect.js';
import {
  continueIdentity,
  insertRows,
  parentsFirst,
  readRows,
  TableDigest,
  type Row,
} from './rows.js';
import { readTableShapes, type TableShape } from './tables.js';

export interface TableSummary {
  name: string;
  rows: number;
  /** Order-free digest of the rows (rows.ts): equal on both engines for the same contents. */
  sha256: string;
}

/** What a reader hands a writer: first the tables and migrations, then each table's rows. */
export interface StoreContents {
  migrations: string[];
  tables: TableShape[];
  rows(table: TableShape): AsyncIterable<Row[]>;
}

function rawOf(store: Store): Kysely<unknown> {
  return store.db.withoutPlugins() as Kysely<unknown>;
}

/**
 * Runs `use` with the store's contents as of one moment: PostgreSQL in a
 * repeatable-read, read-only transaction; SQLite in a read transaction (WAL
 * keeps its snapshot while others write).
 */
export async function withSnapshot<T>(
  store: Store,
  use: (contents: StoreContents) => Promise<T>,
): Promise<T> {
  let transaction = rawOf(store).transaction();
  if (store.engine === 'postgres')
    transaction = transaction.setIsolationLevel('repeatable read').setAccessMode('read only');
  return transaction.execute(async (trx) => {
    const migrations = await appliedMigrations(trx);
    const tables = await readTableShapes(trx, store.engine);
    return use({ migrations, tables, rows: (table) => readRows(trx, store.engine, table) });
  });
}

/** Every table's row count and digest, in one snapshot. */
export async function summariseStore(store: Store): Promise<TableSummary[]> {
  return withSnapshot(store, async (contents) => {
    const summaries: TableSummary[] = [];
    for (const table of contents.tables) {
      const digest = new TableDigest();
      for await (const page of contents.rows(table)) for (const row of page) digest.add(row);
      summaries.push({ name: table.name, rows: digest.rows, sha256: digest.hex });
    }
    return summaries.sort((a, b) => (a.name < b.name ? -1 : 1));
  });
}

export class StoreNotEmptyError extends Error {
  override name = 'StoreNotEmptyError';
}

/** True when no table of the store holds a row (a new store with its defaults is not empty). */
export async function isEmptyStore(store: Store): Promise<boolean> {
  const raw = rawOf(store);
  for (const table of await readTableShapes(raw, store.engine)) {
    const found = await sql`select 1 from ${sql.id(table.name)} limit 1`.execute(raw);
    if (found.rows.length > 0) return false;
  }
  return true;
}

/**
 * Loads `contents` into `target`, which must hold no rows: the schema is first
 * brought to the source's last migration, the rows are inserted in one
 * transaction (referenced tables first, parents before children), identity
 * sequences continue after the loaded ids; then the target's own later
 * migrations run. Returns each table's count and digest as loaded.
 */
export async function loadStore(target: Store, contents: StoreContents): Promise<TableSummary[]> {
  const lastMigration = contents.migrations.at(-1);
  await migrate(target.db, lastMigration);
  if (!(await isEmptyStore(target)))
    throw new StoreNotEmptyError(
      `The store ${target.location} holds data already: restore into an empty store (a new PLANWATCH_DATA directory, or an empty PostgreSQL database)`,
    );
  const raw = rawOf(target);
  const targetTables = new Map(
    (await readTableShapes(raw, target.engine)).map((table) => [table.name, table]),
  );
  for (const table of contents.tables) {
    const there = targetTables.get(table.name);
    const missing = table.columns.filter((column) => !there?.columns.includes(column));
    if (!there || missing.length > 0)
      throw new Error(
        `The target's schema has no ${there ? `columns ${missing.join(', ')} in table` : 'table'} ${table.name}: it is not at migration ${lastMigration ?? '(none)'}`,
      );
  }
  const summaries = await raw.transaction().execute(async (trx) => {
    const loaded: TableSummary[] = [];
    for (const table of contents.tables) {
      const digest = new TableDigest();
      const selfReferencing = table.foreignKeys.some((key) => key.table === table.name);
      const buffered: Row[] = [];
      for await (const page of contents.rows(table)) {
        for (const row of page) digest.add(row);
        if (selfReferencing) buffered.push(...page);
        else await insertRows(trx, table, page);
      }
      if (selfReferencing) await insertRows(trx, table, parentsFirst(table, buffered));
      // The target's own shape: a SQLite source has no identity columns to tell of.
      await continueIdentity(trx, target.engine, targetTables.get(table.name)!);
      loaded.push({ name: table.name, rows: digest.rows, sha256: digest.hex });
    }
    return loaded;
  });
  await migrate(target.db);
  return summaries.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export type { Engine };
