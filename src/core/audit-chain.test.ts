import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, verifyChainPage, type ChainedEntry } from './audit-chain.js';

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const entry = chainEntry(
      {
        seq,
        at: `2026-01-01T00:00:${String(seq).padStart(2, '0')}Z`,
        actor: 'user:1',
        actorIp: '127.0.0.1',
        action: 'data_value.write',
        entityType: 'data_value',
        entityId: String(seq),
        beforeJson: null,
        afterJson: JSON.stringify({ value: seq }),
      },
      prev,
    );
    entries.push(entry);
    prev = entry.hash;
  }
  return entries;
}

const start = { seq: 0, hash: GENESIS_HASH };

describe('verifyChainPage', () => {
  it('accepts an untouched chain, also page by page', () => {
    const entries = chain(10);
    expect(verifyChainPage(entries, start).broken).toBeNull();
    const first = verifyChainPage(entries.slice(0, 4), start);
    expect(verifyChainPage(entries.slice(4), first.last).broken).toBeNull();
  });

  it.each([
    [
      'altered',
      (e: ChainedEntry[]) => e.map((x) => (x.seq === 4 ? { ...x, afterJson: '{"value":999}' } : x)),
      4,
    ],
    [
      'altered',
      (e: ChainedEntry[]) => e.map((x) => (x.seq === 7 ? { ...x, actor: 'user:2' } : x)),
      7,
    ],
    ['removed', (e: ChainedEntry[]) => e.filter((x) => x.seq !== 5), 5],
    ['removed', (e: ChainedEntry[]) => e.filter((x) => x.seq !== 1), 1],
    ['reordered', (e: ChainedEntry[]) => [...e.slice(0, 2), e[3]!, e[2]!, ...e.slice(4)], 4],
  ] as const)('names the first %s entry', (kind, tamper, seq) => {
    const { broken } = verifyChainPage(tamper(chain(8)), start);
    expect(broken).toMatchObject({ kind, seq });
  });

  it('detects a rewritten entry even when its hash is recomputed, at the next entry', () => {
    const entries = chain(6);
    const forged = chainEntry({ ...entries[2]!, afterJson: '{"value":0}' }, entries[2]!.prevHash);
    const tampered = entries.map((entry) => (entry.seq === 3 ? forged : entry));
    expect(verifyChainPage(tampered, start).broken).toMatchObject({ kind: 'reordered', seq: 4 });
  });

  it('any single change to any field of any entry is found (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(
          'at',
          'actor',
          'actorIp',
          'action',
          'entityType',
          'entityId',
          'beforeJson',
          'afterJson',
        ),
        fc.string({ minLength: 1 }),
        (seq, field, noise) => {
          const entries = chain(12);
          const original = entries[seq - 1]!;
          const changed = {
            ...original,
            [field]: `${String(original[field as keyof ChainedEntry])}${noise}`,
          };
          entries[seq - 1] = changed;
          expect(verifyChainPage(entries, start).broken?.seq).toBe(seq);
        },
      ),
    );
  });
});
