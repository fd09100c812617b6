/**
 * The audit log is a hash chain: each entry's hash covers its own fields and
 * the previous entry's hash, so editing, removing or reordering any entry
 * breaks every hash after it. Pure functions over plain entries.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  at: string;
  actor: string;
  actorIp: string | null;
  action: string;
  entityType: string;
  entityId: string;
  beforeJson: string | null;
  afterJson: string | null;
}

export interface ChainedEntry extends AuditFields {
  prevHash: string;
  hash: string;
}

export function entryHash(fields: AuditFields, prevHash: string): string {
  // A JSON array fixes the order and escapes every field, so no two entries share a preimage.
  const preimage = JSON.stringify([
    fields.seq,
    fields.at,
    fields.actor,
    fields.actorIp,
    fields.action,
    fields.entityType,
    fields.entityId,
    fields.beforeJson,
    fields.afterJson,
    prevHash,
  ]);
  return createHash('sha256').update(preimage).digest('hex');
}

export function chainEntry(fields: AuditFields, prevHash: string): ChainedEntry {
  return { ...fields, prevHash, hash: entryHash(fields, prevHash) };
}

export type ChainBreak =
  | { kind: 'altered'; seq: number; message: string }
  | { kind: 'removed'; seq: number; message: string }
  | { kind: 'reordered'; seq: number; message: string };

/**
 * Walks entries in seq order, carrying the previous hash between calls so a
 * long log can be verified in pages. Returns the first break, or null.
 */
export function verifyChainPage(
  entries: readonly ChainedEntry[],
  previous: { seq: number; hash: string },
): { broken: ChainBreak | null; last: { seq: number; hash: string } } {
  let last = previous;
  for (const entry of entries) {
    if (entry.seq !== last.seq + 1) {
      const expected = last.seq + 1;
      const kind =
        entry.seq > expected && !entries.some((other) => other.seq === expected)
          ? 'removed'
          : 'reordered';
      const message =
        kind === 'removed'
          ? `entry ${last.seq + 1}${entry.seq > last.seq + 2 ? `-${entry.seq - 1}` : ''} is missing: after entry ${last.seq} comes entry ${entry.seq}`
          : `entry ${entry.seq} comes after entry ${last.seq}`;
      return {
        broken: { kind, seq: kind === 'removed' ? last.seq + 1 : entry.seq, message },
        last,
      };
    }
    if (entry.prevHash !== last.hash) {
      return {
        broken: {
          kind: 'reordered',
          seq: entry.seq,
          message: `entry ${entry.seq} does not follow entry ${last.seq}: its link to the previous hash is broken`,
        },
        last,
      };
    }
    if (entryHash(entry, entry.prevHash) !== entry.hash) {
      return {
        broken: {
          kind: 'altered',
          seq: entry.seq,
          message: `entry ${entry.seq} (${entry.action} ${entry.entityType} ${entry.entityId}) was altered: its content does not match its hash`,
        },
        last,
      };
    }
    last = { seq: entry.seq, hash: entry.hash };
  }
  return { broken: null, last };
}
