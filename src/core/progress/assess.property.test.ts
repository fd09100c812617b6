import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessProgress,
  PROGRESS_BANDS,
  PROGRESS_METHODS,
  type Assessment,
  type Comparator,
  type Direction,
  type ProgressInput,
  type ProgressMethod,
} from './assess.js';

const method = fc.constantFrom<ProgressMethod>(...PROGRESS_METHODS);
const direction = fc.constantFrom<Direction>('increase', 'decrease', 'none');
const comparator = fc.constantFrom<Comparator>('at_least', 'at_most', 'approach');
const positive = fc.double({ min: 0.01, max: 10_000, noNaN: true });

/** Positive yearly observations in distinct years 2005-2030, a target, maybe a stated baseline. */
const progressInput: fc.Arbitrary<ProgressInput> = fc
  .record({
    values: fc.dictionary(fc.integer({ min: 2005, max: 2030 }).map(String), positive, {
      minKeys: 0,
      maxKeys: 8,
    }),
    targetYear: fc.integer({ min: 2010, max: 2035 }),
    targetValue: positive,
    direction,
    comparator,
    baseline: fc.option(fc.record({ year: fc.integer({ min: 2005, max: 2020 }), value: positive })),
  })
  .map((drawn) => ({
    direction: drawn.direction,
    target: { year: drawn.targetYear, value: drawn.targetValue, comparator: drawn.comparator },
    observations: Object.entries(drawn.values).map(([period, value]) => ({ period, value })),
    ...(drawn.baseline
      ? {
          baseline: {
            t: drawn.baseline.year,
            value: drawn.baseline.value,
            period: String(drawn.baseline.year),
            source: 'target' as const,
          },
        }
      : {}),
  }));

function scaled(input: ProgressInput, factor: number): ProgressInput {
  return {
    ...input,
    target: { ...input.target, value: input.target.value * factor },
    observations: input.observations.map((o) => ({ ...o, value: o.value * factor })),
    ...(input.baseline
      ? { baseline: { ...input.baseline, value: input.baseline.value * factor } }
      : {}),
  };
}

/**
 * Whether rounding could tip the assessment over a comparison it makes. A
 * target within a millionth of the base is ill-conditioned: x* − x0 and
 * CAGRr lose their digits, and the ratio with them.
 */
function onAnEdge(input: ProgressInput, result: Assessment): boolean {
  const near = (a: number, b: number) =>
    Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
  const latest = result.inputs.latest;
  const base = result.inputs.base;
  if (latest && near(latest.value, input.target.value)) return true;
  if (base && near(base.value, input.target.value)) return true;
  if (result.ratio === null) return false;
  const ratio = result.ratio;
  return PROGRESS_BANDS[result.method].some(
    (band) =>
      band.from !== null && Math.abs(ratio - band.from) <= 1e-6 * Math.max(1, Math.abs(ratio)),
  );
}

describe('assessProgress properties', () => {
  it('does not change status when every value is scaled by a positive constant', () => {
    fc.assert(
      fc.property(
        progressInput,
        method,
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (input, chosen, factor) => {
          const original = assessProgress(input, chosen);
          fc.pre(!onAnEdge(input, original));
          const rescaled = assessProgress(scaled(input, factor), chosen);
          expect(rescaled.status).toBe(original.status);
          expect(rescaled.reason).toBe(original.reason);
          expect(rescaled.final).toBe(original.final);
          if (original.ratio === null) expect(rescaled.ratio).toBeNull();
          else {
            const difference = Math.abs((rescaled.ratio ?? NaN) - original.ratio);
            expect(difference).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(original.ratio)));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives a ratio of 1 (on track) for a series growing exactly at the required rate', () => {
    fc.assert(
      fc.property(
        fc.record({
          method,
          base: positive,
          baseYear: fc.integer({ min: 2000, max: 2020 }),
          span: fc.integer({ min: 2, max: 20 }),
          factor: fc
            .double({ min: 0.2, max: 5, noNaN: true })
            .filter((f) => Math.abs(f - 1) > 0.01),
          stated: fc.boolean(),
          observed: fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), {
            minLength: 1,
            maxLength: 6,
          }),
        }),
        ({ method: chosen, base, baseYear, span, factor, stated, observed }) => {
          const targetYear = baseYear + span;
          const years = [...new Set(observed.map((share) => baseYear + Math.round(share * span)))];
          const inside = years.filter((year) => year > baseYear && year < targetYear);
          fc.pre(inside.length > 0);
          const valueAt = (year: number) => base * Math.pow(factor, (year - baseYear) / span);
          const increase = factor > 1;
          const input: ProgressInput = {
            direction: increase ? 'increase' : 'decrease',
            target: {
              year: targetYear,
              value: base * factor,
              comparator: increase ? 'at_least' : 'at_most',
            },
            observations: [baseYear, ...inside].map((year) => ({
              period: String(year),
              value: valueAt(year),
            })),
            ...(stated
              ? {
                  baseline: {
                    t: baseYear,
                    value: base,
                    period: String(baseYear),
                    source: 'target',
                  },
                }
              : {}),
          };
          const result = assessProgress(input, chosen);
          expect(result.ratio).toBeCloseTo(1, 9);
          expect(result.status).toBe('on_track');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lowers the ratio when the latest value rises toward the target', () => {
    fc.assert(
      fc.property(
        method,
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        (chosen, a, b) => {
          const input = (share: number): ProgressInput => ({
            direction: 'increase',
            target: { year: 2025, value: 200, comparator: 'at_least' },
            observations: [
              { period: '2015', value: 100 },
              { period: '2020', value: 50 + share * 150 },
            ],
          });
          const [low, high] = a <= b ? [a, b] : [b, a];
          const lower = assessProgress(input(low), chosen).ratio ?? NaN;
          const higher = assessProgress(input(high), chosen).ratio ?? NaN;
          expect(higher).toBeGreaterThanOrEqual(lower);
        },
      ),
    );
  });

  it('always explains itself', () => {
    fc.assert(
      fc.property(progressInput, method, (input, chosen) => {
        const result = assessProgress(input, chosen);
        expect(result.formula.length).toBeGreaterThan(0);
        expect(result.method).toBe(chosen);
        if (result.status === 'insufficient_data') {
          expect(result.reason).toBeDefined();
          expect(result.notes.length).toBeGreaterThan(0);
        } else {
          expect(result.reason).toBeUndefined();
          expect(result.inputs.latest).not.toBeNull();
        }
        if (result.ratio !== null) {
          expect(result.band?.status).toBe(result.status);
          expect(result.final).toBe(false);
        }
        if (result.final) expect(result.inputs.latest?.t).toBe(input.target.year);
        if (result.inputs.latest)
          expect(result.inputs.latest.t).toBeLessThanOrEqual(input.target.year);
      }),
      { numRuns: 500 },
    );
  });
});
