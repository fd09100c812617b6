/**
 * Reading every row of a table in pages (keyset on the primary key, or on
 * SQLite's rowid / PostgreSQL's ctid where a table has none), writing rows in
 * batches, and the fingerprint of a table's rows that does not depend on
 * their order, so that two engines with different collations compare equal.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Engine } from '../connect.js';
import type { TableShape } from './tables.js';

export type Cell = string | number | null;
export type Row = Cell[];

const PAGE = 2000;

function id(name: string): RawBuilder<unknown> {
  return sql.id(name);
}

/** The rows of a table, columns in `shape.columns` order, page by page. */
export async function* readRows(
  raw: Kysely<unknown>,
  engine: Engine,
  shape: TableShape,
): AsyncGenerator<Row[]> {
  const key =
    shape.primaryKey.length > 0 ? shape.primaryKey : [engine === 'sqlite' ? 'rowid' : 'ctid'];
  const columns = sql.join(shape.columns.map(id));
  const keyColumns = sql.join(key.map((name) => (name === 'ctid' ? sql.raw('ctid') : id(name))));
  const keyAliases = key.map((_, index) => `k${index}`);
  const keySelect = sql.join(
    key.map((name, index) =>
      name === 'ctid'
        ? sql`ctid as ${sql.id(keyAliases[index]!)}`
        : sql`${id(name)} as ${sql.id(keyAliases[index]!)}`,
    ),
  );
  let after: Cell[] | null = null;
  for (;;) {
    const where: RawBuilder<unknown> =
      after === null
        ? sql``
        : sql`where (${keyColumns}) > (${sql.join(
            after.map((value, index) =>
              key[index] === 'ctid' ? sql`${value}::tid` : sql`${value}`,
            ),
          )})`;
    const result = await sql<Record<string, Cell>>`
      select ${columns}, ${keySelect} from ${id(shape.name)} ${where}
      order by ${keyColumns} limit ${PAGE}`.execute(raw);
    if (result.rows.length === 0) return;
    yield result.rows.map((row) => shape.columns.map((column) => normalise(row[column])));
    const last = result.rows.at(-1)!;
    after = keyAliases.map((alias) => normalise(last[alias]));
    if (result.rows.length < PAGE) return;
  }
}

/** Both drivers give numbers and strings; anything else (a Buffer, a bigint) is made plain. */
function normalise(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return JSON.stringify(value);
}

/** Inserts rows (columns in `shape.columns` order) in batches within the caller's transaction. */
export async function insertRows(
  raw: Kysely<unknown>,
  shape: TableShape,
  rows: readonly Row[],
): Promise<void> {
  // PostgreSQL takes at most 65535 parameters a statement.
  const perBatch = Math.max(1, Math.floor(30_000 / shape.columns.length));
  const columns = sql.join(shape.columns.map(id));
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const values = sql.join(
      batch.map((row) => sql`(${sql.join(row.map((cell) => sql`${cell}`))})`),
    );
    await sql`insert into ${id(shape.name)} (${columns}) values ${values}`.execute(raw);
  }
}

/**
 * Rows of a table that references itself (a unit's parent, a task's parent),
 * ordered so that every row comes after the row it references.
 */
export function parentsFirst(shape: TableShape, rows: readonly Row[]): Row[] {
  const selfKeys = shape.foreignKeys.filter((key) => key.table === shape.name);
  if (selfKeys.length === 0) return [...rows];
  const index = (name: string) => shape.columns.indexOf(name);
  const keyOf = (row: Row, columns: readonly string[]) =>
    JSON.stringify(columns.map((column) => row[index(column)]));
  const present = new Set<string>();
  const pending = [...rows];
  const ordered: Row[] = [];
  const allKeys = new Map<string, Set<string>>();
  for (const key of selfKeys) {
    allKeys.set(
      key.referencedColumns.join(','),
      new Set(rows.map((row) => keyOf(row, key.referencedColumns))),
    );
  }
  while (pending.length > 0) {
    const next: Row[] = [];
    for (const row of pending) {
      const ready = selfKeys.every((key) => {
        const values = key.columns.map((column) => row[index(column)]);
        if (values.some((value) => value === null)) return true;
        const wanted = keyOf(row, key.columns);
        // A reference to a row that is not in the table is the database's to refuse, not a wait.
        if (!allKeys.get(key.referencedColumns.join(','))!.has(wanted)) return true;
        return present.has(`${key.referencedColumns.join(',')}=${wanted}`);
      });
      if (!ready) {
        next.push(row);
        continue;
      }
      ordered.push(row);
      for (const key of selfKeys)
        present.add(`${key.referencedColumns.join(',')}=${keyOf(row, key.referencedColumns)}`);
    }
    if (next.length === pending.length)
      throw new Error(`rows of ${shape.name} reference each other in a cycle`);
    pending.splice(0, pending.length, ...next);
  }
  return ordered;
}

/** After rows with explicit ids, PostgreSQL's identity sequence continues after the largest. */
export async function continueIdentity(raw: Kysely<unknown>, engine: Engine, shape: TableShape) {
  if (engine !== 'postgres' || shape.identity === null) return;
  await sql`select setval(pg_get_serial_sequence(${shape.name}, ${shape.identity}),
      coalesce((select max(${id(shape.identity)}) from ${id(shape.name)}), 0) + 1, false)`.execute(
    raw,
  );
}

/** A table's rows as a count and an order-free digest: the sum of each row's SHA-256, mod 2^256. */
export class TableDigest {
  rows = 0;
  private sum = 0n;
  private static readonly MOD = 1n << 256n;

  add(row: Row): void {
    this.rows++;
    const hash = createHash('sha256').update(JSON.stringify(row)).digest('hex');
    this.sum = (this.sum + BigInt(`0x${hash}`)) % TableDigest.MOD;
  }

  get hex(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}
