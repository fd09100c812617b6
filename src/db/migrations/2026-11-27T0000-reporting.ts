import { sql, type Kysely } from 'kysely';
import { isPostgres, withIdColumn } from './support.js';

/**
 * Reporting: disaggregations (categories and their options), data sets
 * (forms) with their indicators, units, windows and rules, and submissions
 * moving through multi-level approval. A value gains its disaggregation
 * ('' is the total) and a free-text source.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('category')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('name_en', 'text', (col) => col.notNull())
    .addColumn('name_zh', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('category_option')
    .addColumn('category_code', 'text', (col) => col.notNull().references('category.code'))
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('name_en', 'text', (col) => col.notNull())
    .addColumn('name_zh', 'text', (col) => col.notNull())
    .addColumn('sort_order', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('category_option_pk', ['category_code', 'code'])
    .execute();
  await db.schema
    .createTable('indicator_category')
    .addColumn('indicator_code', 'text', (col) => col.notNull().references('indicator.code'))
    .addColumn('category_code', 'text', (col) => col.notNull().references('category.code'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('indicator_category_pk', ['indicator_code', 'category_code'])
    .execute();

  await withIdColumn(db, db.schema.createTable('data_set'))
    .addColumn('code', 'text', (col) => col.notNull().unique())
    .addColumn('name_en', 'text', (col) => col.notNull())
    .addColumn('name_zh', 'text', (col) => col.notNull())
    .addColumn('period_type', 'text', (col) => col.notNull())
    // The default window of every period, in days after the period ends; a period may override it.
    .addColumn('opens_after_days', 'integer', (col) => col.notNull())
    .addColumn('closes_after_days', 'integer', (col) => col.notNull())
    // JSON array of org-unit levels that approve in turn, lowest first.
    .addColumn('approval_levels', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('data_set_indicator')
    .addColumn('data_set_id', 'integer', (col) => col.notNull().references('data_set.id'))
    .addColumn('indicator_code', 'text', (col) => col.notNull().references('indicator.code'))
    .addColumn('sort_order', 'integer', (col) => col.notNull())
    .addColumn('required', 'integer', (col) => col.notNull())
    .addColumn('min_value', 'double precision')
    .addColumn('max_value', 'double precision')
    // Modified z-score above which a value is an outlier against the unit's own history; null: no check.
    .addColumn('outlier_threshold', 'double precision')
    .addPrimaryKeyConstraint('data_set_indicator_pk', ['data_set_id', 'indicator_code'])
    .execute();
  await db.schema
    .createTable('data_set_org_unit')
    .addColumn('data_set_id', 'integer', (col) => col.notNull().references('data_set.id'))
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addPrimaryKeyConstraint('data_set_org_unit_pk', ['data_set_id', 'org_unit_code'])
    .execute();
  await db.schema
    .createTable('data_set_period_window')
    .addColumn('data_set_id', 'integer', (col) => col.notNull().references('data_set.id'))
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('opens_on', 'text', (col) => col.notNull())
    .addColumn('closes_on', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('data_set_period_window_pk', ['data_set_id', 'period'])
    .execute();
  await withIdColumn(db, db.schema.createTable('validation_rule'))
    .addColumn('data_set_id', 'integer', (col) => col.notNull().references('data_set.id'))
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('severity', 'text', (col) => col.notNull())
    .addColumn('name_en', 'text', (col) => col.notNull())
    .addColumn('name_zh', 'text', (col) => col.notNull())
    // JSON: the rule's kind and operands, checked by the validation core's schema.
    .addColumn('definition', 'text', (col) => col.notNull())
    .addUniqueConstraint('validation_rule_unique', ['data_set_id', 'code'])
    .execute();

  await withIdColumn(db, db.schema.createTable('submission'))
    .addColumn('data_set_id', 'integer', (col) => col.notNull().references('data_set.id'))
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    // How many approval levels have approved so far.
    .addColumn('approved_levels', 'integer', (col) => col.notNull())
    .addColumn('first_submitted_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('version', 'integer', (col) => col.notNull())
    .addUniqueConstraint('submission_unique', ['data_set_id', 'org_unit_code', 'period'])
    .execute();
  await db.schema
    .createIndex('submission_period_idx')
    .on('submission')
    .columns(['data_set_id', 'period', 'state'])
    .execute();
  await withIdColumn(db, db.schema.createTable('submission_event'))
    .addColumn('submission_id', 'integer', (col) => col.notNull().references('submission.id'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('level', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .createIndex('submission_event_submission_idx')
    .on('submission_event')
    .column('submission_id')
    .execute();

  await db.schema.alterTable('data_value_revision').addColumn('source_note', 'text').execute();
  await addDisaggregationToValues(db);
}

/** The key of a value gains its disaggregation; SQLite cannot change a table's unique constraint in place. */
async function addDisaggregationToValues(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table data_value add column disaggregation text not null default ''`.execute(
      db,
    );
    await sql`alter table data_value add column source_note text`.execute(db);
    await sql`alter table data_value drop constraint data_value_unique`.execute(db);
    await sql`alter table data_value add constraint data_value_unique unique (indicator_code, org_unit_code, period, disaggregation, basis)`.execute(
      db,
    );
    return;
  }
  // The documented way (sqlite.org/lang_altertable.html, "other kinds of
  // table schema changes"): foreign keys off, rebuild in a transaction, check.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql`
        create table data_value_next (
          id integer primary key autoincrement,
          indicator_code text not null references indicator (code),
          org_unit_code text not null references org_unit (code),
          period text not null,
          period_type text not null,
          period_end text not null,
          value double precision not null,
          basis text not null,
          source_key text references source (key),
          confidence text,
          published_value text,
          published_unit text,
          created_by text not null,
          created_at text not null,
          status text default 'published' not null,
          comment text,
          version integer default 1 not null,
          disaggregation text default '' not null,
          source_note text,
          constraint data_value_unique unique (indicator_code, org_unit_code, period, disaggregation, basis)
        )`.execute(trx);
      await sql`
        insert into data_value_next (id, indicator_code, org_unit_code, period, period_type, period_end, value, basis,
          source_key, confidence, published_value, published_unit, created_by, created_at, status, comment, version)
        select id, indicator_code, org_unit_code, period, period_type, period_end, value, basis,
          source_key, confidence, published_value, published_unit, created_by, created_at, status, comment, version
        from data_value`.execute(trx);
      await sql`drop table data_value`.execute(trx);
      await sql`alter table data_value_next rename to data_value`.execute(trx);
      await sql`create index data_value_series_idx on data_value (indicator_code, org_unit_code, period_end)`.execute(
        trx,
      );
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) {
        throw new Error(`rebuilding data_value broke ${broken.rows.length} references`);
      }
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
