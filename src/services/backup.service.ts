/**
 * Backups, restores and store moves (Outline III(3): recoverable information
 * resources). A backup is taken online while the server runs:
 * - `sqlite`: SQLite's backup API copies the store file page by page into a
 *   new SQLite file (the quickest restore: it is a store itself);
 * - `portable`: Planwatch's own format (db/portable/backup-file.ts) from one
 *   snapshot, on either engine, restorable into either engine.
 * A restore loads into an empty store in one transaction and then proves it:
 * every table's count and digest as in the backup, the audit chain and the
 * aggregates verified.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openStore, SQLITE_FILE_NAME, type Store, type StoreOptions } from '../db/connect.js';
import {
  BackupFileError,
  isPortableBackup,
  openBackupFile,
  writeBackupFile,
} from '../db/portable/backup-file.js';
import {
  loadStore,
  summariseStore,
  withSnapshot,
  type TableSummary,
} from '../db/portable/store-copy.js';
import { AggregateCheckService } from './analytics/aggregate-check.service.js';
import { verifyAudit } from './audit.service.js';
import { InputError } from './errors.js';

export const BACKUP_FORMATS = ['sqlite', 'portable'] as const;
export type BackupFormat = (typeof BACKUP_FORMATS)[number];

export interface BackupReport {
  file: string;
  format: BackupFormat;
  bytes: number;
  tables: TableSummary[];
}

export interface StoreProof {
  tables: TableSummary[];
  /** Tables whose count or digest differs from the source's: empty when the copy is whole. */
  mismatches: string[];
  auditEntries: number;
  aggregateRows: number;
}

/** Takes a backup of `store` into `file`, which must not exist. */
export async function backupStore(
  store: Store,
  file: string,
  format: BackupFormat,
  planwatchVersion: string,
): Promise<BackupReport> {
  if (fs.existsSync(file))
    throw new InputError(`${file} exists already: a backup never overwrites a file`);
  if (format === 'sqlite') {
    if (store.engine !== 'sqlite')
      throw new InputError(
        'A PostgreSQL store is backed up in the portable format (--format portable)',
      );
    const source = new SQLite(store.location, { readonly: true, fileMustExist: true });
    try {
      // All remaining pages in each step: a step holds a read lock, so the copy is one snapshot
      // unless a writer commits between the first and second step, when SQLite starts over.
      await source.backup(file, { progress: () => 1 << 30 });
    } finally {
      source.close();
    }
    const copy = await openCopy(file);
    try {
      return {
        file,
        format,
        bytes: fs.statSync(file).size,
        tables: await summariseStore(copy.store),
      };
    } finally {
      await copy.close();
    }
  }
  const tables = await withSnapshot(store, (contents) =>
    writeBackupFile(file, contents, { engine: store.engine, planwatchVersion }),
  );
  return { file, format, bytes: fs.statSync(file).size, tables };
}

/** A SQLite backup file opened as a store of its own, in a temporary copy (never the file itself). */
async function openCopy(file: string): Promise<{ store: Store; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-restore-'));
  fs.copyFileSync(file, path.join(dir, SQLITE_FILE_NAME));
  const store = await openStore({ dataDir: dir, databaseUrl: null }, { migrate: false });
  return {
    store,
    close: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Restores a backup (either format, told apart by its first bytes) into the
 * empty store at `target`, then proves it.
 */
export async function restoreStore(file: string, target: StoreOptions): Promise<StoreProof> {
  if (!fs.existsSync(file)) throw new InputError(`Cannot read ${file}: ENOENT`);
  if (isPortableBackup(file)) {
    const backup = await openBackupFile(file).catch((error: unknown) => {
      throw error instanceof BackupFileError ? new InputError(error.message) : error;
    });
    try {
      return await loadAndProve(target, (store) => loadStore(store, backup.contents));
    } finally {
      backup.close();
    }
  }
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, header, 0, 16, 0);
  fs.closeSync(fd);
  if (header.toString('latin1') !== 'SQLite format 3\0')
    throw new InputError(`${file} is neither a Planwatch portable backup nor a SQLite store`);
  const copy = await openCopy(file);
  try {
    return await copyInto(copy.store, target);
  } finally {
    await copy.close();
  }
}

/** Copies a whole store into the empty store at `target` and proves the copy. */
export async function copyInto(source: Store, target: StoreOptions): Promise<StoreProof> {
  const expected = await summariseStore(source);
  const proof = await loadAndProve(target, (store) =>
    withSnapshot(source, (contents) => loadStore(store, contents)),
  );
  const byName = new Map(proof.tables.map((table) => [table.name, table]));
  proof.mismatches = expected
    .filter((table) => {
      const copied = byName.get(table.name);
      return !copied || copied.rows !== table.rows || copied.sha256 !== table.sha256;
    })
    .map((table) => table.name);
  return proof;
}

async function loadAndProve(
  target: StoreOptions,
  load: (store: Store) => Promise<TableSummary[]>,
): Promise<StoreProof> {
  const store = await openStore(target, { migrate: false });
  try {
    const loaded = await load(store);
    // Read back from the target itself: what is stored, not what was sent.
    const stored = await summariseStore(store);
    const storedByName = new Map(stored.map((table) => [table.name, table]));
    const mismatches = loaded
      .filter((table) => {
        const there = storedByName.get(table.name);
        return !there || there.rows !== table.rows || there.sha256 !== table.sha256;
      })
      .map((table) => table.name);
    const audit = await verifyAudit(store.db);
    if (!audit.ok)
      throw new Error(`The restored audit chain does not verify: ${JSON.stringify(audit)}`);
    const aggregates = await new AggregateCheckService(store.db).verify();
    if (!aggregates.ok)
      throw new Error(`The restored aggregates do not verify: ${JSON.stringify(aggregates)}`);
    return {
      tables: loaded,
      mismatches,
      auditEntries: audit.entries,
      aggregateRows: aggregates.checked,
    };
  } finally {
    await store.close();
  }
}
