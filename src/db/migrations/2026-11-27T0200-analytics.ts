import { sql, type Kysely } from 'kysely';
import { isPostgres, withIdColumn } from './support.js';

/**
 * Analytics: each indicator's rule across time (its rule across units is the
 * existing `aggregation`) and an optional formula over other indicators;
 * each plan's progress method; the always-current aggregates; evidence
 * recorded against qualitative targets.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('indicator')
    .addColumn('time_aggregation', 'text', (col) => col.notNull().defaultTo('sum'))
    .execute();
  await db
    .updateTable('indicator')
    .set({ time_aggregation: 'none' })
    .where('kind', '=', 'qualitative')
    .execute();
  for (const column of ['formula_numerator', 'formula_denominator']) {
    await db.schema
      .alterTable('indicator')
      .addColumn(column, 'text', (col) => col.references('indicator.code'))
      .execute();
  }
  await db.schema.alterTable('indicator').addColumn('formula_factor', 'double precision').execute();
  // The indicator a weighted average across units is weighted by (population, households).
  await db.schema
    .alterTable('indicator')
    .addColumn('weight_indicator', 'text', (col) => col.references('indicator.code'))
    .execute();
  await db.schema
    .alterTable('plan')
    .addColumn('progress_method', 'text', (col) => col.notNull().defaultTo('unsd_cagr_ratio'))
    .execute();

  // One row per unit above the reporting units, period, basis, disaggregation and layer
  // (published = 1: published values only; 0: every value, drafts included).
  let aggregate = db.schema
    .createTable('data_value_aggregate')
    .addColumn('indicator_code', 'text', (col) => col.notNull())
    .addColumn('org_unit_code', 'text', (col) => col.notNull())
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('basis', 'text', (col) => col.notNull())
    .addColumn('disaggregation', 'text', (col) => col.notNull())
    .addColumn('published', 'integer', (col) => col.notNull())
    .addColumn('value_sum', 'double precision', (col) => col.notNull())
    .addColumn('unit_count', 'integer', (col) => col.notNull())
    // Sum of the units' weights, for weighted averages (0 for other rules).
    .addColumn('weight_sum', 'double precision', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('data_value_aggregate_pk', [
      'indicator_code',
      'org_unit_code',
      'period',
      'basis',
      'disaggregation',
      'published',
    ]);
  // The key is how every read finds its rows; SQLite then keeps no separate rowid b-tree.
  if (!isPostgres(db)) aggregate = aggregate.modifyEnd(sql`without rowid`);
  await aggregate.execute();

  await withIdColumn(db, db.schema.createTable('target_evidence'))
    .addColumn('target_id', 'integer', (col) => col.notNull().references('target.id'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('note', 'text', (col) => col.notNull())
    .addColumn('link', 'text')
    .addColumn('recorded_by', 'text', (col) => col.notNull())
    .addColumn('recorded_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('target_evidence_target')
    .on('target_evidence')
    .columns(['target_id', 'recorded_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('target_evidence').execute();
  await db.schema.dropTable('data_value_aggregate').execute();
  await db.schema.alterTable('plan').dropColumn('progress_method').execute();
  for (const column of [
    'weight_indicator',
    'formula_factor',
    'formula_denominator',
    'formula_numerator',
    'time_aggregation',
  ]) {
    await db.schema.alterTable('indicator').dropColumn(column).execute();
  }
}
