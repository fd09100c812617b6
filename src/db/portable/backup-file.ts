/**
 * Planwatch's portable backup format: gzip-compressed JSON lines, the same
 * for both engines and readable without Planwatch.
 *
 *   {"planwatch":"backup","version":1,"createdAt":…,"source":…,"migrations":[…],"tables":[shape…]}
 *   {"table":"org_unit"}                          then one JSON array a row, columns as in the shape
 *   {"tableEnd":"org_unit","rows":3301,"sha256":"…"}   the table's count and order-free digest
 *   …
 *   {"end":true}
 *
 * A reader checks each table's count and digest as it goes, so a truncated or
 * altered file is refused before its transaction commits.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { TableDigest, type Row } from './rows.js';
import type { StoreContents, TableSummary } from './store-copy.js';
import type { TableShape } from './tables.js';

export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  planwatch: 'backup';
  version: number;
  createdAt: string;
  source: { engine: string; planwatchVersion: string };
  migrations: string[];
  tables: TableShape[];
}

export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

/** Writes `contents` to `file`; returns each table's count and digest as written. */
export async function writeBackupFile(
  file: string,
  contents: StoreContents,
  source: BackupHeader['source'],
): Promise<TableSummary[]> {
  const gzip = createGzip();
  const out = fs.createWriteStream(file, { flags: 'wx' });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  const header: BackupHeader = {
    planwatch: 'backup',
    version: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    source,
    migrations: contents.migrations,
    tables: contents.tables,
  };
  const summaries: TableSummary[] = [];
  try {
    await write(header);
    for (const table of contents.tables) {
      await write({ table: table.name });
      const digest = new TableDigest();
      for await (const page of contents.rows(table)) {
        for (const row of page) {
          digest.add(row);
          await write(row);
        }
      }
      const summary = { name: table.name, rows: digest.rows, sha256: digest.hex };
      await write({ tableEnd: table.name, rows: summary.rows, sha256: summary.sha256 });
      summaries.push(summary);
    }
    await write({ end: true });
    gzip.end();
    await done;
    summaries.sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (error) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(file, { force: true });
    throw error;
  }
  return summaries;
}

/** True when the file starts like a gzip stream (the portable format). */
export function isPortableBackup(file: string): boolean {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Opens a portable backup: its header, and its tables' rows in file order (a
 * loader takes the tables in the order the header lists them).
 */
export async function openBackupFile(file: string): Promise<{
  header: BackupHeader;
  contents: StoreContents;
  close(): void;
}> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let lineNumber = 0;
  const next = async (): Promise<unknown> => {
    let result;
    try {
      result = await lines.next();
    } catch (error) {
      throw new BackupFileError(`${file}: cannot be read: ${(error as Error).message}`);
    }
    if (result.done)
      throw new BackupFileError(`${file}: ends at line ${lineNumber}, before its end mark`);
    lineNumber++;
    try {
      return JSON.parse(result.value) as unknown;
    } catch {
      throw new BackupFileError(`${file}:${lineNumber}: not a JSON line`);
    }
  };
  const header = (await next()) as Partial<BackupHeader>;
  if (
    header?.planwatch !== 'backup' ||
    !Array.isArray(header.tables) ||
    !Array.isArray(header.migrations)
  )
    throw new BackupFileError(`${file}: line 1 is not a Planwatch backup header`);
  if (header.version !== BACKUP_FORMAT_VERSION)
    throw new BackupFileError(
      `${file}: backup format version ${String(header.version)}; this Planwatch reads version ${BACKUP_FORMAT_VERSION}`,
    );
  let ended = false;
  async function* rows(table: TableShape): AsyncGenerator<Row[]> {
    const start = (await next()) as { table?: string };
    if (start?.table !== table.name)
      throw new BackupFileError(`${file}:${lineNumber}: expected the rows of ${table.name}`);
    const digest = new TableDigest();
    let page: Row[] = [];
    for (;;) {
      const line = await next();
      if (Array.isArray(line)) {
        if (line.length !== table.columns.length)
          throw new BackupFileError(
            `${file}:${lineNumber}: a row of ${table.name} has ${line.length} values, not ${table.columns.length}`,
          );
        digest.add(line as Row);
        page.push(line as Row);
        if (page.length >= 2000) {
          yield page;
          page = [];
        }
        continue;
      }
      const end = line as { tableEnd?: string; rows?: number; sha256?: string };
      if (end?.tableEnd !== table.name)
        throw new BackupFileError(`${file}:${lineNumber}: expected the end of ${table.name}`);
      if (page.length > 0) yield page;
      if (end.rows !== digest.rows || end.sha256 !== digest.hex)
        throw new BackupFileError(
          `${file}: table ${table.name} has ${digest.rows} rows with digest ${digest.hex.slice(0, 12)}…, but the file says ${end.rows} rows with ${String(end.sha256).slice(0, 12)}…: it was altered or damaged`,
        );
      if (table.name === header.tables!.at(-1)?.name) {
        const last = (await next()) as { end?: boolean };
        if (last?.end !== true)
          throw new BackupFileError(`${file}:${lineNumber}: expected the end mark`);
        ended = true;
      }
      return;
    }
  }
  return {
    header: header as BackupHeader,
    contents: { migrations: header.migrations, tables: header.tables, rows },
    close: () => {
      if (!ended) input.destroy();
    },
  };
}
