import type { Kysely } from 'kysely';
import { withIdColumn } from './support.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('store_meta')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('org_unit')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('parent_code', 'text', (col) => col.references('org_unit.code'))
    .addColumn('level', 'text', (col) => col.notNull())
    .addColumn('name_zh', 'text', (col) => col.notNull())
    .addColumn('name_en', 'text')
    .addColumn('division_edition', 'text')
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('depth', 'integer', (col) => col.notNull())
    .addColumn('sort_order', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('org_unit_parent_idx').on('org_unit').column('parent_code').execute();
  await db.schema.createIndex('org_unit_path_idx').on('org_unit').column('path').execute();

  await db.schema
    .createTable('source')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('where_found', 'text')
    .execute();

  await withIdColumn(db, db.schema.createTable('plan'))
    .addColumn('code', 'text', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('issuers', 'text', (col) => col.notNull())
    .addColumn('issued_on', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('preamble', 'text', (col) => col.notNull())
    .addColumn('text_sha256', 'text', (col) => col.notNull())
    .addColumn('parent_plan_id', 'integer', (col) => col.references('plan.id'))
    .addColumn('owner_org_unit_code', 'text', (col) => col.references('org_unit.code'))
    .addColumn('imported_at', 'text', (col) => col.notNull())
    .execute();

  await withIdColumn(db, db.schema.createTable('plan_node'))
    .addColumn('plan_id', 'integer', (col) =>
      col.notNull().references('plan.id').onDelete('cascade'),
    )
    .addColumn('parent_id', 'integer', (col) => col.references('plan_node.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('number', 'text', (col) => col.notNull())
    .addColumn('printed_number', 'text')
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('sort_order', 'integer', (col) => col.notNull())
    .addColumn('source_line', 'integer', (col) => col.notNull())
    .addColumn('aligned_node_id', 'integer', (col) =>
      col.references('plan_node.id').onDelete('set null'),
    )
    .addUniqueConstraint('plan_node_path_unique', ['plan_id', 'path'])
    .execute();

  await withIdColumn(db, db.schema.createTable('plan_import_note'))
    .addColumn('plan_id', 'integer', (col) =>
      col.notNull().references('plan.id').onDelete('cascade'),
    )
    .addColumn('line', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('indicator')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('name_en', 'text', (col) => col.notNull())
    .addColumn('name_zh', 'text', (col) => col.notNull())
    .addColumn('unit', 'text')
    .addColumn('unit_mult', 'integer', (col) => col.notNull())
    .addColumn('direction', 'text', (col) => col.notNull())
    .addColumn('aggregation', 'text', (col) => col.notNull())
    .addColumn('definition_en', 'text', (col) => col.notNull())
    .addColumn('definition_zh', 'text', (col) => col.notNull())
    .addColumn('source', 'text')
    .execute();

  await db.schema
    .createTable('indicator_plan_node')
    .addColumn('indicator_code', 'text', (col) =>
      col.notNull().references('indicator.code').onDelete('cascade'),
    )
    .addColumn('plan_node_id', 'integer', (col) =>
      col.notNull().references('plan_node.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('indicator_plan_node_pk', ['indicator_code', 'plan_node_id'])
    .execute();

  await withIdColumn(db, db.schema.createTable('target'))
    .addColumn('indicator_code', 'text', (col) =>
      col.notNull().references('indicator.code').onDelete('cascade'),
    )
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('value', 'double precision')
    .addColumn('comparator', 'text')
    .addColumn('baseline_year', 'integer')
    .addColumn('baseline_value', 'double precision')
    .addColumn('derivation', 'text')
    .addColumn('milestone_en', 'text')
    .addColumn('milestone_zh', 'text')
    .addColumn('status', 'text')
    .addColumn('sentence', 'text', (col) => col.notNull())
    .addColumn('plan_node_id', 'integer', (col) =>
      col.notNull().references('plan_node.id').onDelete('cascade'),
    )
    .addUniqueConstraint('target_unique', ['indicator_code', 'org_unit_code', 'year'])
    .execute();

  await withIdColumn(db, db.schema.createTable('data_value'))
    .addColumn('indicator_code', 'text', (col) => col.notNull().references('indicator.code'))
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('period_type', 'text', (col) => col.notNull())
    .addColumn('period_end', 'text', (col) => col.notNull())
    .addColumn('value', 'double precision', (col) => col.notNull())
    .addColumn('basis', 'text', (col) => col.notNull())
    .addColumn('source_key', 'text', (col) => col.references('source.key'))
    .addColumn('confidence', 'text')
    .addColumn('published_value', 'text')
    .addColumn('published_unit', 'text')
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('data_value_unique', [
      'indicator_code',
      'org_unit_code',
      'period',
      'basis',
    ])
    .execute();
  await db.schema
    .createIndex('data_value_series_idx')
    .on('data_value')
    .columns(['indicator_code', 'org_unit_code', 'period_end'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
