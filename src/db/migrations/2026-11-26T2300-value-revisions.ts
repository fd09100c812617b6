import { sql, type Kysely } from 'kysely';
import { withIdColumn } from './support.js';

/**
 * Every state a value has had: who, when, why. A value's row carries its
 * current version; the revision table keeps all of them, so "as it was on
 * date D" is the last revision recorded by D.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('data_value')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();

  await withIdColumn(db, db.schema.createTable('data_value_revision'))
    .addColumn('data_value_id', 'integer', (col) => col.notNull().references('data_value.id'))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('value', 'double precision', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('comment', 'text')
    .addColumn('reason', 'text')
    .addColumn('recorded_by', 'text', (col) => col.notNull())
    .addColumn('recorded_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('data_value_revision_unique', ['data_value_id', 'version'])
    .execute();
  await db.schema
    .createIndex('data_value_revision_time_idx')
    .on('data_value_revision')
    .columns(['data_value_id', 'recorded_at'])
    .execute();

  // The values already stored become their own first revision.
  await sql`
    insert into data_value_revision (data_value_id, version, value, status, comment, reason, recorded_by, recorded_at)
    select id, 1, value, status, comment, null, created_by, created_at from data_value
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
