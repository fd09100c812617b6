/**
 * Units with no inputs at all are listed in a run as not evaluated, without a
 * rank: evaluation_score.rank becomes nullable. SQLite cannot drop a NOT NULL
 * constraint, so there the table is rebuilt with its rows.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './support.js';

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table evaluation_score alter column rank drop not null`.execute(db);
    return;
  }
  await rebuildSqlite(db, false);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('evaluation_score').where('rank', 'is', null).execute();
  if (isPostgres(db)) {
    await sql`alter table evaluation_score alter column rank set not null`.execute(db);
    return;
  }
  await rebuildSqlite(db, true);
}

async function rebuildSqlite(db: Kysely<any>, rankRequired: boolean): Promise<void> {
  await db.schema
    .createTable('evaluation_score_next')
    .addColumn('run_id', 'integer', (col) => col.notNull().references('evaluation_run.id'))
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('total', 'double precision', (col) => col.notNull())
    .addColumn('rank', 'integer', (col) => (rankRequired ? col.notNull() : col))
    .addColumn('rank_change', 'integer')
    .addColumn('total_change', 'double precision')
    .addColumn('detail', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('evaluation_score_pk', ['run_id', 'org_unit_code'])
    .execute();
  await sql`insert into evaluation_score_next
    select run_id, org_unit_code, total, rank, rank_change, total_change, detail from evaluation_score`.execute(
    db,
  );
  await db.schema.dropTable('evaluation_score').execute();
  await sql`alter table evaluation_score_next rename to evaluation_score`.execute(db);
}
