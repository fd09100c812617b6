import type { Kysely } from 'kysely';
import { withIdColumn } from './support.js';

/**
 * The annual evaluation (Outline VI(4)): the scheme versions the office
 * configures per year, the runs scored under them (a draft until published,
 * then frozen) and each unit's score with its full breakdown.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('evaluation_scheme'))
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    // The whole EvaluationScheme as JSON text.
    .addColumn('definition', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('evaluation_scheme_year_version', ['year', 'version'])
    .execute();

  await withIdColumn(db, db.schema.createTable('evaluation_run'))
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('scheme_id', 'integer', (col) => col.notNull().references('evaluation_scheme.id'))
    .addColumn('cutoff_on', 'text', (col) => col.notNull())
    // draft | published
    .addColumn('status', 'text', (col) => col.notNull())
    // SHA-256 of the gathered inputs: equal hashes, equal scores.
    .addColumn('inputs_sha256', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'text')
    .execute();
  await db.schema
    .createIndex('evaluation_run_year')
    .on('evaluation_run')
    .columns(['year', 'status'])
    .execute();

  await db.schema
    .createTable('evaluation_score')
    .addColumn('run_id', 'integer', (col) => col.notNull().references('evaluation_run.id'))
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('total', 'double precision', (col) => col.notNull())
    .addColumn('rank', 'integer', (col) => col.notNull())
    .addColumn('rank_change', 'integer')
    .addColumn('total_change', 'double precision')
    // The UnitScore with every item, as JSON text.
    .addColumn('detail', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('evaluation_score_pk', ['run_id', 'org_unit_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evaluation_score').execute();
  await db.schema.dropTable('evaluation_run').execute();
  await db.schema.dropTable('evaluation_scheme').execute();
}
