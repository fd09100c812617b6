/**
 * `planwatch analytics verify` and `rebuild`: every aggregate recomputed from
 * the raw values, indicator by indicator, and compared with (or written over)
 * what the writes kept current.
 */
import type { Kysely } from 'kysely';
import {
  AggregateRepository,
  aggregateKey,
  type AggregateChanges,
} from '../../db/repositories/aggregate.repository.js';
import type { Database } from '../../db/schema.js';

export interface AggregateMismatch {
  indicator: string;
  orgUnit: string;
  period: string;
  basis: string;
  disaggregation: string;
  published: boolean;
  expected: { sum: number; units: number; weight: number } | null;
  stored: { sum: number; units: number; weight: number } | null;
}

export interface AggregateCheck {
  ok: boolean;
  indicators: number;
  /** Aggregate rows recomputed from the raw values. */
  checked: number;
  /** The first 100 differences. */
  mismatches: AggregateMismatch[];
  mismatchCount: number;
}

/** Sums kept by differences drift in the last bits; anything beyond this is a real difference. */
const RELATIVE_TOLERANCE = 1e-9;

function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

export class AggregateCheckService {
  constructor(private readonly db: Kysely<Database>) {}

  async verify(): Promise<AggregateCheck> {
    const result: AggregateCheck = {
      ok: true,
      indicators: 0,
      checked: 0,
      mismatches: [],
      mismatchCount: 0,
    };
    // One snapshot: writers that commit meanwhile are not half seen.
    await this.db.transaction().execute(async (trx) => {
      const aggregates = new AggregateRepository(trx);
      for (const code of await this.indicatorCodes(trx)) {
        result.indicators++;
        const expected = await aggregates.contributionsOfAll(code);
        const stored = new Map(
          (await aggregates.allOf(code)).map((row) => [
            aggregateKey(row),
            { row, sum: row.valueSum, count: row.unitCount, weight: row.weightSum },
          ]),
        );
        result.checked += expected.size;
        for (const [key, parts] of expected) {
          const kept = stored.get(key);
          stored.delete(key);
          if (
            kept &&
            kept.count === parts.count &&
            same(kept.sum, parts.sum) &&
            same(kept.weight, parts.weight)
          )
            continue;
          this.record(result, key, parts, kept ?? null);
        }
        // Left over: rows no value stands behind any more must hold nothing.
        for (const [key, kept] of stored) {
          if (kept.count === 0 && same(kept.sum, 0) && same(kept.weight, 0)) continue;
          this.record(result, key, null, kept);
        }
      }
    });
    result.ok = result.mismatchCount === 0;
    return result;
  }

  /** Recomputes every aggregate from the raw values, in one transaction. */
  async rebuild(): Promise<{ indicators: number; rows: number }> {
    return this.db.transaction().execute(async (trx) => rebuildAggregatesIn(trx));
  }

  private async indicatorCodes(db: Kysely<Database>): Promise<string[]> {
    const rows = await db.selectFrom('indicator').select('code').orderBy('code').execute();
    return rows.map((row) => row.code);
  }

  private record(
    result: AggregateCheck,
    key: string,
    expected: { sum: number; count: number; weight: number } | null,
    stored: { sum: number; count: number; weight: number } | null,
  ): void {
    result.mismatchCount++;
    if (result.mismatches.length >= 100) return;
    const [indicator, orgUnit, period, basis, disaggregation, published] = key.split('\u0001');
    result.mismatches.push({
      indicator: indicator!,
      orgUnit: orgUnit!,
      period: period!,
      basis: basis!,
      disaggregation: disaggregation!,
      published: published === '1',
      expected: expected && { sum: expected.sum, units: expected.count, weight: expected.weight },
      stored: stored && { sum: stored.sum, units: stored.count, weight: stored.weight },
    });
  }
}

/** Every indicator's aggregates from its raw values (inside the caller's transaction). */
export async function rebuildAggregatesIn(
  trx: Kysely<Database>,
): Promise<{ indicators: number; rows: number }> {
  const aggregates = new AggregateRepository(trx);
  const codes = (await trx.selectFrom('indicator').select('code').orderBy('code').execute()).map(
    (row) => row.code,
  );
  let rows = 0;
  for (const code of codes) {
    const changes: AggregateChanges = await aggregates.contributionsOfAll(code);
    await aggregates.replaceOf(code, changes);
    rows += changes.size;
  }
  return { indicators: codes.length, rows };
}
