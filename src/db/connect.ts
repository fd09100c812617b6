/**
 * Opens the store: SQLite in the data directory by default, PostgreSQL when a
 * URL is given. Runs the migrations, so every opener sees the current schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  Kysely,
  Migrator,
  sql,
  PostgresDialect,
  SqliteDialect,
  type MigrationProvider,
} from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the store lives, for messages: a file path or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  databaseUrl: string | null;
}

/** The store could not be opened; the message says why and what to check. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

export const SQLITE_FILE_NAME = 'planwatch.sqlite';

/** `migrate: false` opens the store as it is (a restore builds its schema itself). */
export async function openStore(
  options: StoreOptions,
  { migrate: migrating = true }: { migrate?: boolean } = {},
): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : openSqlite(options.dataDir);
  if (!migrating) return store;
  try {
    await migrateWithRetry(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function openSqlite(dataDir: string): Store {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (error) {
    throw new StoreOpenError(
      `The data directory ${dataDir} cannot be created or written to (${(error as NodeJS.ErrnoException).code ?? String(error)}). Set PLANWATCH_DATA to a writable directory.`,
    );
  }
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  let database: SQLite.Database;
  try {
    database = new SQLite(file);
    // The largest pages, for a new store (an existing one keeps its own): a bulk import of 20M
    // values took 208.7 s at 4 KiB, 159.7 s at 16 KiB and 130.2 s at 64 KiB (docs/benchmarks.md).
    // The price is a larger write-ahead log frame per small commit.
    database.pragma('page_size = 65536');
    // WAL lets readers go on while one writer writes, so the CLI can run beside the server.
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 10000');
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new StoreOpenError(
      `The SQLite store ${file} cannot be opened: ${(error as Error).message}`,
    );
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, engine: 'sqlite', location: file, close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<Store> {
  const location = redactPassword(url);
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: 5000,
    max: 10,
    // COUNT(*) and other bigints arrive as strings by default; our counts fit in a double.
    types: { getTypeParser: bigintAsNumber },
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreOpenError(
      `DATABASE_URL ${location} does not answer: ${(error as Error).message}`,
    );
  }
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, engine: 'postgres', location, close: () => db.destroy() };
}

function bigintAsNumber(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === 20) return Number;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * SQLite has no migration lock in Kysely: when two processes open a new store
 * at once, one loses the race ("already exists" or SQLITE_BUSY) after its
 * transaction rolled back. Trying again then finds the schema up to date.
 */
async function migrateWithRetry(store: Store): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(store.db);
      return;
    } catch (error) {
      if (store.engine !== 'sqlite' || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * Brings the schema to the latest migration, or to `to` (a restore first
 * builds the schema its backup was made with). Never goes down: a store
 * already past `to` is refused.
 */
export async function migrate(db: Kysely<Database>, to?: string): Promise<void> {
  // Migrations name their tables in snake_case: run them without the camel-case plugin.
  const raw = db.withoutPlugins() as unknown as Kysely<unknown>;
  const migrator = new Migrator({ db: raw, provider });
  if (to !== undefined) {
    if (!(to in migrations))
      throw new StoreOpenError(
        `Migration ${to} is not one this version of Planwatch knows: the data comes from a newer version`,
      );
    const applied = (await migrator.getMigrations()).filter((info) => info.executedAt);
    const later = applied.find((info) => info.name > to);
    if (later)
      throw new StoreOpenError(
        `The store is at migration ${applied.at(-1)!.name}, past ${to}: it is not a new store`,
      );
  }
  const { error, results } = await (to === undefined
    ? migrator.migrateToLatest()
    : migrator.migrateTo(to));
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new StoreOpenError(
      `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
}

/**
 * The migrations an opened store has run, in order. Read from Kysely's table
 * directly: the Migrator would try to create it, which a read-only snapshot refuses.
 */
export async function appliedMigrations(db: Kysely<unknown>): Promise<string[]> {
  const result = await sql<{
    name: string;
  }>`select name from kysely_migration order by name`.execute(db);
  return result.rows.map((row) => row.name);
}

/** The handles services pass to repositories, so nothing outside src/db names Kysely. */
export type Db = Kysely<Database>;
export type Tx = import('kysely').Transaction<Database>;
