/**
 * Appends every change to the hash-chained audit log, in the transaction of
 * the change itself, and verifies the chain.
 */
import { chainEntry, GENESIS_HASH, verifyChainPage, type ChainBreak } from '../core/audit-chain.js';
import type { Db, Tx } from '../db/connect.js';
import { AuditRepository } from '../db/repositories/audit.repository.js';
import type { AuditLogRow } from '../db/schema.js';
import { storableText } from '../core/storable-text.js';
import type { AuditEntry } from '../api/contract.js';

export interface Actor {
  /** "user:<id>:<username>", "token:<id>:<username>", "system:<what>" or "anonymous". */
  name: string;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { name: 'system', ip: null };

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function appendAudit(
  trx: Tx,
  actor: Actor,
  change: AuditChange,
): Promise<AuditLogRow> {
  const repository = new AuditRepository(trx);
  const head = await repository.lockedHead();
  // What is hashed must be exactly what the store keeps: no NUL, no unpaired surrogates.
  const entry = chainEntry(
    {
      seq: (head?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actor: storableText(actor.name),
      actorIp: actor.ip === null ? null : storableText(actor.ip),
      action: change.action,
      entityType: change.entityType,
      entityId: storableText(change.entityId),
      beforeJson: change.before === undefined ? null : storableText(JSON.stringify(change.before)),
      afterJson: change.after === undefined ? null : storableText(JSON.stringify(change.after)),
    },
    head?.hash ?? GENESIS_HASH,
  );
  await repository.insert(entry);
  return entry;
}

export type AuditVerification =
  { ok: true; entries: number } | { ok: false; entries: number; broken: ChainBreak };

const PAGE = 5000;

export async function verifyAudit(db: Db): Promise<AuditVerification> {
  const repository = new AuditRepository(db);
  let last = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const page = await repository.page(last.seq, PAGE);
    if (page.length === 0) return { ok: true, entries: checked };
    const result = verifyChainPage(page, last);
    if (result.broken) return { ok: false, entries: checked, broken: result.broken };
    checked += page.length;
    last = result.last;
  }
}

export class AuditReader {
  constructor(private readonly db: Db) {}

  async list(filter: {
    entityType?: string | undefined;
    entityId?: string | undefined;
    beforeSeq?: number | undefined;
    limit: number;
  }): Promise<AuditEntry[]> {
    const rows = await new AuditRepository(this.db).list({
      ...(filter.entityType !== undefined ? { entityType: filter.entityType } : {}),
      ...(filter.entityId !== undefined ? { entityId: filter.entityId } : {}),
      ...(filter.beforeSeq !== undefined ? { beforeSeq: filter.beforeSeq } : {}),
      limit: filter.limit,
    });
    return rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      actorIp: row.actorIp,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      before: row.beforeJson === null ? null : (JSON.parse(row.beforeJson) as unknown),
      after: row.afterJson === null ? null : (JSON.parse(row.afterJson) as unknown),
      hash: row.hash,
    }));
  }

  verify(): Promise<AuditVerification> {
    return verifyAudit(this.db);
  }
}
