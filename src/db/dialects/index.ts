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

/**
 * Serialises writers of the same groups of values (one unit, indicator,
 * basis, disaggregation and year) until the transaction ends, so the figures
 * an aggregate update reads before and after a write are not changed by
 * another writer in between (a year's last value depends on all its months).
 * PostgreSQL: advisory transaction locks on the groups' hashes, taken in one
 * order; SQLite admits one writer at a time.
 */
export async function lockValueGroups(
  trx: Kysely<Database>,
  groups: readonly { indicatorCode: string; key: string }[],
): Promise<void> {
  if (!isPostgres(trx) || groups.length === 0) return;
  // Shared on each indicator (an import holds it exclusively), then exclusive on each group.
  const indicators = [...new Set(groups.map((g) => g.indicatorCode))].sort();
  const keys = [...new Set(groups.map((g) => g.key))].sort();
  for (const code of indicators) {
    await sql`select pg_advisory_xact_lock_shared(2, hashtext(${code}))`.execute(trx);
  }
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000);
    await sql`select pg_advisory_xact_lock(1, hashtext(k)) from unnest(${batch}::text[]) with ordinality as t(k, n) order by n`.execute(
      trx,
    );
  }
}
