import type { Kysely } from 'kysely';
import { withIdColumn } from './support.js';

/**
 * The release calendar (Outline III(3): open information resources): the day
 * each data set's period is released. Approved values stay drafts, invisible
 * to the public, until their release publishes them; each release is a
 * vintage that `asOf` reads back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('release'))
    .addColumn('data_set_id', 'integer', (col) => col.notNull().references('data_set.id'))
    .addColumn('period', 'text', (col) => col.notNull())
    // ISO date: released at the first scheduled check on or after this day (UTC).
    .addColumn('release_on', 'text', (col) => col.notNull())
    // scheduled | released
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('released_at', 'text')
    // Values published by the release itself (later approvals are counted on their own).
    .addColumn('values_published', 'integer', (col) => col.notNull().defaultTo(0))
    .addUniqueConstraint('release_data_set_period', ['data_set_id', 'period'])
    .execute();
  await db.schema.createIndex('release_due').on('release').columns(['release_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('release').execute();
}
