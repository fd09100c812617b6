import { sql, type Kysely } from 'kysely';
import { withIdColumn } from './support.js';

/** Accounts, roles on org units, sessions, API tokens, the hash-chained audit log; value visibility. */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('user_account'))
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('password_changed_at', 'text', (col) => col.notNull())
    .addColumn('disabled_at', 'text')
    .addColumn('failed_sign_ins', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .execute();

  await withIdColumn(db, db.schema.createTable('role_assignment'))
    .addColumn('user_id', 'integer', (col) =>
      col.notNull().references('user_account.id').onDelete('cascade'),
    )
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('granted_by', 'integer', (col) =>
      col.references('user_account.id').onDelete('set null'),
    )
    .addColumn('granted_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('role_assignment_unique', ['user_id', 'role', 'org_unit_code'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (col) => col.primaryKey()) // SHA-256 of the cookie's secret: a leaked table opens no session
    .addColumn('user_id', 'integer', (col) =>
      col.notNull().references('user_account.id').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

  await withIdColumn(db, db.schema.createTable('api_token'))
    .addColumn('user_id', 'integer', (col) =>
      col.notNull().references('user_account.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('prefix', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('grants', 'text', (col) => col.notNull()) // JSON: [{ role, orgUnitCode }], a subset of the user's
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (col) => col.primaryKey())
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('actor_ip', 'text')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('entity_type', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('prev_hash', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull().unique())
    .execute();
  await db.schema
    .createIndex('audit_log_entity_idx')
    .on('audit_log')
    .columns(['entity_type', 'entity_id'])
    .execute();

  // Published figures are public; values entered by reporters stay unpublished until approved and released.
  await db.schema
    .alterTable('data_value')
    .addColumn('status', 'text', (col) => col.notNull().defaultTo(sql`'published'`))
    .execute();
  await db.schema.alterTable('data_value').addColumn('comment', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore a backup instead of migrating down.');
}
