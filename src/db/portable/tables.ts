/**
 * What a store holds, read from the database itself (not from schema.ts, so
 * that a copy takes every table a migration made): tables with their columns,
 * primary key, foreign keys and identity column, in an order in which rows
 * can be inserted (referenced tables first). The same description on both
 * engines, for backups and store moves.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../connect.js';

export interface ForeignKey {
  columns: string[];
  table: string;
  referencedColumns: string[];
}

export interface TableShape {
  name: string;
  /** Column names in name order: the order rows are written and hashed in. */
  columns: string[];
  /** Empty when the table has none: rows are then paged by SQLite's rowid or PostgreSQL's ctid. */
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  /** A column the database numbers itself (PostgreSQL identity), whose sequence follows a load. */
  identity: string | null;
}

/** Kysely's own bookkeeping: the target's migrations make it, never a copy. */
const SKIPPED = /^(kysely_|sqlite_)/;

export async function readTableShapes(raw: Kysely<unknown>, engine: Engine): Promise<TableShape[]> {
  const shapes = engine === 'sqlite' ? await sqliteShapes(raw) : await postgresShapes(raw);
  return insertionOrder(shapes.filter((shape) => !SKIPPED.test(shape.name)));
}

async function sqliteShapes(raw: Kysely<unknown>): Promise<TableShape[]> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' order by name`.execute(raw);
  const shapes: TableShape[] = [];
  for (const { name } of tables.rows) {
    const columns = await sql<{ name: string; pk: number }>`
      select name, pk from pragma_table_info(${name})`.execute(raw);
    const keys = await sql<{ id: number; seq: number; table: string; from: string; to: string }>`
      select id, seq, "table", "from", "to" from pragma_foreign_key_list(${name})`.execute(raw);
    const byId = new Map<number, ForeignKey>();
    for (const key of [...keys.rows].sort((a, b) => a.id - b.id || a.seq - b.seq)) {
      const foreign = byId.get(key.id) ?? { columns: [], table: key.table, referencedColumns: [] };
      foreign.columns.push(key.from);
      foreign.referencedColumns.push(key.to);
      byId.set(key.id, foreign);
    }
    shapes.push({
      name,
      columns: columns.rows.map((column) => column.name).sort(),
      primaryKey: columns.rows
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name),
      foreignKeys: [...byId.values()],
      // SQLite's integer primary key numbers itself and needs no sequence set after a load.
      identity: null,
    });
  }
  return shapes;
}

async function postgresShapes(raw: Kysely<unknown>): Promise<TableShape[]> {
  const columns = await sql<{ table: string; column: string; identity: string }>`
    select table_name as "table", column_name as "column", is_identity as identity
    from information_schema.columns
    where table_schema = current_schema()`.execute(raw);
  const keys = await sql<{ table: string; columns: string[] }>`
    select c.conrelid::regclass::text as "table",
      array(select a.attname::text from unnest(c.conkey) with ordinality as k(attnum, i)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
            order by k.i) as columns
    from pg_constraint c
    where c.contype = 'p' and c.connamespace = current_schema()::regnamespace`.execute(raw);
  const foreign = await sql<{
    table: string;
    referenced: string;
    columns: string[];
    referencedColumns: string[];
  }>`
    select c.conrelid::regclass::text as "table", c.confrelid::regclass::text as referenced,
      array(select a.attname::text from unnest(c.conkey) with ordinality as k(attnum, i)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
            order by k.i) as columns,
      array(select a.attname::text from unnest(c.confkey) with ordinality as k(attnum, i)
            join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum
            order by k.i) as "referencedColumns"
    from pg_constraint c
    where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(raw);
  const names = [...new Set(columns.rows.map((row) => row.table))].sort();
  return names.map((name) => ({
    name,
    columns: columns.rows
      .filter((row) => row.table === name)
      .map((row) => row.column)
      .sort(),
    primaryKey: keys.rows.find((row) => unquote(row.table) === name)?.columns ?? [],
    foreignKeys: foreign.rows
      .filter((row) => unquote(row.table) === name)
      .map((row) => ({
        columns: row.columns,
        table: unquote(row.referenced),
        referencedColumns: row.referencedColumns,
      })),
    identity:
      columns.rows.find((row) => row.table === name && row.identity === 'YES')?.column ?? null,
  }));
}

/** regclass text quotes names that need it ("order"); ours never do, but strip quotes anyway. */
function unquote(name: string): string {
  return name.replace(/^"(.*)"$/, '$1');
}

/** Referenced tables before the tables that reference them; a table's references to itself aside. */
export function insertionOrder(shapes: readonly TableShape[]): TableShape[] {
  const byName = new Map(shapes.map((shape) => [shape.name, shape]));
  const ordered: TableShape[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (shape: TableShape, path: string[]) => {
    if (state.get(shape.name) === 'done') return;
    if (state.get(shape.name) === 'visiting')
      throw new Error(
        `tables reference each other in a cycle: ${[...path, shape.name].join(' → ')}`,
      );
    state.set(shape.name, 'visiting');
    for (const key of shape.foreignKeys) {
      const referenced = byName.get(key.table);
      if (referenced && referenced.name !== shape.name) visit(referenced, [...path, shape.name]);
    }
    state.set(shape.name, 'done');
    ordered.push(shape);
  };
  for (const shape of [...shapes].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(shape, []);
  return ordered;
}
