/**
 * The few places where SQLite and PostgreSQL need different SQL, one
 * function per concern with both variants side by side.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { isPostgres } from '../migrations/support.js';

/**
 * Serialises appends to the audit chain until the transaction ends. On
 * PostgreSQL an advisory transaction lock; SQLite already admits one writer
 * at a time, and a transaction that read a stale chain head fails to write.
 */
export async function lockAuditChain(trx: Kysely<Database>): Promise<void> {
  if (isPostgres(trx)) {
    await sql`select pg_advisory_xact_lock(7265743001)`.execute(trx);
  }
}
