import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankUnits, roundPoints } from './index.js';

describe('rankUnits', () => {
  it('ranks by shown points: ties share a rank (1, 2, 3, 3, 5) and are listed by unit code', () => {
    const ranked = rankUnits([
      { unit: '440000', total: 80.004 },
      { unit: '110000', total: 70 },
      { unit: '320000', total: 80.001 },
      { unit: '310000', total: 90 },
      { unit: '330000', total: 80.006 },
    ]);
    expect(ranked.map((r) => [r.unit, r.shownTotal, r.rank])).toEqual([
      ['310000', 90, 1],
      ['330000', 80.01, 2],
      ['320000', 80, 3],
      ['440000', 80, 3],
      ['110000', 70, 5],
    ]);
  });

  it('does not tell apart totals that differ only by floating-point noise', () => {
    const ranked = rankUnits([
      { unit: 'B', total: 0.1 + 0.2 },
      { unit: 'A', total: 0.3 },
    ]);
    expect(ranked.map((r) => [r.unit, r.rank])).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
  });

  it.each<[string, { rank: number; total: number } | undefined, Record<string, unknown>]>([
    [
      'moved up',
      { rank: 4, total: 70.333 },
      { previousRank: 4, previousTotal: 70.33, rankChange: 3, totalChange: 5.12 },
    ],
    [
      'kept its rank, lost points',
      { rank: 1, total: 80 },
      { previousRank: 1, previousTotal: 80, rankChange: 0, totalChange: -4.55 },
    ],
    [
      'not ranked before',
      undefined,
      { previousRank: null, previousTotal: null, rankChange: null, totalChange: null },
    ],
  ])('against the previous year: %s', (_name, before, expected) => {
    const previous = new Map(before ? [['A', before]] : []);
    const [ranked] = rankUnits([{ unit: 'A', total: 75.449 }], previous);
    expect(ranked).toMatchObject(expected);
  });

  it('gives equal shown totals equal ranks, and each rank is 1 + the units shown above it', () => {
    const total = fc.oneof(
      fc.constantFrom(50, 50.001, 49.999, 70, 70.004, 0.1 + 0.2, 0.3),
      fc.double({ min: 0, max: 100, noNaN: true }),
    );
    const scores = fc.uniqueArray(fc.record({ unit: fc.string({ maxLength: 3 }), total }), {
      selector: (s) => s.unit,
      maxLength: 12,
    });
    fc.assert(
      fc.property(scores, (drawn) => {
        const ranked = rankUnits(drawn);
        expect(ranked).toHaveLength(drawn.length);
        for (const unit of ranked) {
          const above = ranked.filter((other) => other.shownTotal > unit.shownTotal).length;
          expect(unit.rank).toBe(above + 1);
          expect(unit.shownTotal).toBe(roundPoints(unit.total));
        }
        for (let i = 1; i < ranked.length; i += 1) {
          const [a, b] = [ranked[i - 1]!, ranked[i]!];
          expect(a.shownTotal >= b.shownTotal).toBe(true);
          if (a.shownTotal === b.shownTotal) expect(a.unit < b.unit).toBe(true);
        }
        expect(rankUnits([...drawn].reverse())).toEqual(ranked);
      }),
    );
  });
});
