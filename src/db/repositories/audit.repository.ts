import type { Kysely, Transaction } from 'kysely';
import { lockAuditChain } from '../dialects/index.js';
import type { AuditLogRow, Database } from '../schema.js';

export class AuditRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  /** Locks the chain for this transaction and returns its head (the last entry), if any. */
  async lockedHead(): Promise<{ seq: number; hash: string } | undefined> {
    await lockAuditChain(this.db);
    return this.db
      .selectFrom('auditLog')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insert(entry: AuditLogRow): Promise<void> {
    await this.db.insertInto('auditLog').values(entry).execute();
  }

  /** Entries after `afterSeq` in chain order, a page at a time. */
  async page(afterSeq: number, limit: number): Promise<AuditLogRow[]> {
    return this.db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  /** Newest first, optionally for one record. */
  async list(filter: {
    entityType?: string;
    entityId?: string;
    beforeSeq?: number;
    limit: number;
  }): Promise<AuditLogRow[]> {
    let query = this.db.selectFrom('auditLog').selectAll();
    if (filter.entityType !== undefined) query = query.where('entityType', '=', filter.entityType);
    if (filter.entityId !== undefined) query = query.where('entityId', '=', filter.entityId);
    if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
    return query.orderBy('seq', 'desc').limit(filter.limit).execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }
}
