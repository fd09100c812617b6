import type { Kysely } from 'kysely';

/**
 * Revisions of published figures: a published value may be corrected by a
 * reviewer, with a note that says why. The note is kept on the value (the
 * current vintage) and on the revision that made it (earlier vintages read
 * back with `asOf` show the note that was current then).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('data_value').addColumn('revised_at', 'text').execute();
  await db.schema.alterTable('data_value').addColumn('revision_note', 'text').execute();
  await db.schema.alterTable('data_value_revision').addColumn('revision_note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('data_value_revision').dropColumn('revision_note').execute();
  await db.schema.alterTable('data_value').dropColumn('revision_note').execute();
  await db.schema.alterTable('data_value').dropColumn('revised_at').execute();
}
