import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_OUTLIER_HISTORY, modifiedZScore } from './modified-z-score.js';

describe('modifiedZScore', () => {
  it.each([
    ['empty history', 100, []],
    ['one point short', 100, [1, 2, 3]],
    ['non-finite points do not count', 100, [1, 2, 3, NaN, Infinity, -Infinity]],
    ['a value that is NaN', NaN, [1, 2, 3, 4, 5]],
    ['a value that is infinite', Infinity, [1, 2, 3, 4, 5]],
  ])('is null for %s', (_, value, history) => {
    expect(modifiedZScore(value, history)).toBeNull();
  });

  it(`needs exactly ${MIN_OUTLIER_HISTORY} points`, () => {
    expect(MIN_OUTLIER_HISTORY).toBe(4);
    expect(modifiedZScore(10, [1, 2, 3, 4])).not.toBeNull();
  });

  it.each([
    // median 14, deviations 4 2 0 2 4: MAD 2, mean 2.4; 0.6745 × 6 / 2
    ['odd length', 20, [10, 12, 14, 16, 18], 2.0235, 14, 2, 2.4],
    // median 2.5, deviations 1.5 .5 .5 1.5: MAD 1; 0.6745 × 7.5 / 1
    ['even length', 10, [4, 1, 3, 2], 5.05875, 2.5, 1, 1],
    ['below the median', 8, [10, 12, 14, 16, 18], -2.0235, 14, 2, 2.4],
    ['negative numbers', -20, [-10, -12, -14, -16, -18], -2.0235, -14, 2, 2.4],
    ['the median itself', 14, [10, 12, 14, 16, 18], 0, 14, 2, 2.4],
  ])('%s: MAD method', (_, value, history, score, median, mad, meanAd) => {
    const result = modifiedZScore(value, history)!;
    expect(result.method).toBe('mad');
    expect(result.score).toBeCloseTo(score, 12);
    expect(result.median).toBe(median);
    expect(result.mad).toBe(mad);
    expect(result.meanAd).toBeCloseTo(meanAd, 12);
  });

  it('falls back to the mean absolute deviation when MAD is 0', () => {
    // median 5, deviations 0 0 0 0 4: MAD 0, mean 0.8; 1 / (1.253314 × 0.8)
    const result = modifiedZScore(6, [5, 5, 9, 5, 5])!;
    expect(result).toMatchObject({ method: 'meanad', median: 5, mad: 0 });
    expect(result.meanAd).toBeCloseTo(0.8, 12);
    expect(result.score).toBeCloseTo(1 / (1.253314 * 0.8), 12);
    expect(modifiedZScore(4, [5, 5, 9, 5, 5])!.score).toBeCloseTo(-1 / (1.253314 * 0.8), 12);
  });

  it.each([
    [7, 0],
    [8, Infinity],
    [6, -Infinity],
    [7.000001, Infinity],
  ])('history without spread: %d scores %d', (value, score) => {
    expect(modifiedZScore(value, [7, 7, 7, 7])).toEqual({
      score,
      median: 7,
      mad: 0,
      meanAd: 0,
      method: 'degenerate',
    });
  });

  it('ignores non-finite history points but scores on the rest', () => {
    expect(modifiedZScore(20, [10, NaN, 12, 14, Infinity, 16, 18])).toEqual(
      modifiedZScore(20, [10, 12, 14, 16, 18]),
    );
  });

  it('does not reorder the caller’s history', () => {
    const history = [18, 10, 14, 12, 16];
    modifiedZScore(20, history);
    expect(history).toEqual([18, 10, 14, 12, 16]);
  });

  it('does not overflow at the largest magnitudes', () => {
    const big = Number.MAX_VALUE;
    const result = modifiedZScore(big, [big, big, big / 2, big / 2])!;
    expect(result.median).toBe(big * 0.75);
    expect(Number.isFinite(result.score)).toBe(true);
  });

  const history = fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), {
    minLength: MIN_OUTLIER_HISTORY,
    maxLength: 15,
  });

  it('does not depend on the order of the history', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000, max: 2_000_000 }), history, (value, points) => {
        const reversed = [...points].reverse();
        expect(modifiedZScore(value, reversed)).toEqual(modifiedZScore(value, points));
      }),
    );
  });

  it('is the same score after scaling value and history by a positive constant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2_000_000, max: 2_000_000 }),
        history,
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (value, points, factor) => {
          const plain = modifiedZScore(value, points)!;
          const scaled = modifiedZScore(
            value * factor,
            points.map((point) => point * factor),
          )!;
          expect(scaled.method).toBe(plain.method);
          if (Number.isFinite(plain.score)) {
            expect(Math.abs(scaled.score - plain.score)).toBeLessThanOrEqual(
              1e-9 * Math.max(1, Math.abs(plain.score)),
            );
          } else {
            expect(scaled.score).toBe(plain.score);
          }
        },
      ),
    );
  });

  it('is shifted by nothing when value and history move together', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2_000_000, max: 2_000_000 }),
        history,
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (value, points, shift) => {
          const plain = modifiedZScore(value, points)!;
          const moved = modifiedZScore(
            value + shift,
            points.map((point) => point + shift),
          )!;
          expect(moved.score).toBe(plain.score);
          expect(moved.median).toBe(plain.median + shift);
        },
      ),
    );
  });
});
