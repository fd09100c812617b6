import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDING_SEVERITIES } from '../inspections/inspection-rules.js';
import { PROGRESS_STATUSES } from '../progress/assess.js';
import {
  DEFAULT_SCHEME,
  evaluationSchemeSchema,
  NO_INPUT_RULES,
  scoreUnit,
  SUBMISSION_TIMINGS,
  type EvaluationScheme,
  type TargetInput,
  type UnitEvaluationInputs,
} from './index.js';

/** Floating-point slack for sums compared across different orders of addition. */
const EPSILON = 1e-9;

const day = fc.constantFrom('2020-02-28', '2020-06-30', '2020-09-30', '2020-12-31', '2021-01-15');
const tenths = fc.integer({ min: 0, max: 10 });

/** Any valid scheme: integer weights adding up to 100, sub-weights in tenths, any no-input rule. */
const scheme: fc.Arbitrary<EvaluationScheme> = fc
  .record({
    cuts: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
    tasks: tenths,
    completeness: tenths,
    timeliness: tenths,
    rules: fc.array(fc.constantFrom(...NO_INPUT_RULES), { minLength: 4, maxLength: 4 }),
    critical: fc.integer({ min: 0, max: 60 }),
  })
  .map((drawn) => {
    const [a, b, c] = [...drawn.cuts].sort((x, y) => x - y) as [number, number, number];
    const timeliness = Math.min(drawn.timeliness, 10 - drawn.completeness);
    return evaluationSchemeSchema.parse({
      ...DEFAULT_SCHEME,
      weights: { outcome: a, delivery: b - a, reporting: c - b, inspection: 100 - c },
      whenNoInputs: {
        outcome: drawn.rules[0],
        delivery: drawn.rules[1],
        reporting: drawn.rules[2],
        inspection: drawn.rules[3],
      },
      delivery: { weights: { tasks: drawn.tasks / 10, milestones: (10 - drawn.tasks) / 10 } },
      reporting: {
        weights: {
          completeness: drawn.completeness / 10,
          timeliness: timeliness / 10,
          quality: (10 - drawn.completeness - timeliness) / 10,
        },
      },
      inspection: {
        ...DEFAULT_SCHEME.inspection,
        deductions: { critical: drawn.critical, major: 4, minor: 1 },
      },
    });
  });

const target = fc.record({
  id: fc.integer({ min: 1, max: 50 }),
  indicator: fc.constantFrom('a', 'b', 'c'),
  year: fc.constant(2020),
  status: fc.constantFrom(...PROGRESS_STATUSES),
  shareAttained: fc.option(fc.double({ min: -0.5, max: 1.5, noNaN: true })),
});
const task = fc.record({
  id: fc.integer({ min: 1, max: 50 }),
  title: fc.constantFrom('t', 'u'),
  dueOn: day,
  doneOn: fc.option(day),
});
const milestone = fc.record({
  id: fc.integer({ min: 1, max: 50 }),
  taskId: fc.integer({ min: 1, max: 5 }),
  title: fc.constantFrom('m', 'n'),
  dueOn: day,
  doneOn: fc.option(day),
});
const form = fc.record({
  dataSet: fc.constantFrom('A', 'B', 'C'),
  period: fc.constantFrom('2020', '2020Q1', '2020S2'),
  valuesExpected: fc.integer({ min: 0, max: 20 }),
  valuesReported: fc.integer({ min: 0, max: 25 }),
  submission: fc.constantFrom(...SUBMISSION_TIMINGS),
  returned: fc.boolean(),
});
const finding = fc.record({
  id: fc.integer({ min: 1, max: 50 }),
  severity: fc.constantFrom(...FINDING_SEVERITIES),
  description: fc.constantFrom('f', 'g'),
});
const overdue = fc.record({
  id: fc.integer({ min: 1, max: 50 }),
  findingId: fc.integer({ min: 1, max: 50 }),
  title: fc.constantFrom('r'),
  dueOn: day,
});

const inputs: fc.Arbitrary<UnitEvaluationInputs> = fc.record({
  unit: fc.constant('110000'),
  targets: fc.uniqueArray(target, { selector: (t) => t.id, maxLength: 6 }),
  tasks: fc.uniqueArray(task, { selector: (t) => t.id, maxLength: 6 }),
  milestones: fc.uniqueArray(milestone, { selector: (m) => m.id, maxLength: 6 }),
  forms: fc.uniqueArray(form, { selector: (f) => `${f.dataSet}/${f.period}`, maxLength: 5 }),
  inspection: fc.record({
    inspections: fc.integer({ min: 0, max: 2 }),
    openFindings: fc.uniqueArray(finding, { selector: (f) => f.id, maxLength: 12 }),
    overdueRectifications: fc.uniqueArray(overdue, { selector: (r) => r.id, maxLength: 4 }),
  }),
});

const permutation = <T>(items: readonly T[]) =>
  fc.shuffledSubarray([...items], { minLength: items.length });

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('scoreUnit properties', () => {
  it('gives identical output for the same inputs in any order', () => {
    const drawn = fc.tuple(scheme, inputs).chain(([s, i]) =>
      fc.tuple(
        fc.constant(s),
        fc.constant(i),
        fc.record({
          unit: fc.constant(i.unit),
          targets: permutation(i.targets),
          tasks: permutation(i.tasks),
          milestones: permutation(i.milestones),
          forms: permutation(i.forms),
          inspection: fc.record({
            inspections: fc.constant(i.inspection.inspections),
            openFindings: permutation(i.inspection.openFindings),
            overdueRectifications: permutation(i.inspection.overdueRectifications),
          }),
        }),
      ),
    );
    fc.assert(
      fc.property(drawn, ([s, original, shuffled]) => {
        expect(scoreUnit(s, shuffled)).toEqual(scoreUnit(s, original));
      }),
    );
  });

  it('adds the items up to the components and the components to the total, within 0..100', () => {
    fc.assert(
      fc.property(scheme, inputs, (s, i) => {
        const score = scoreUnit(s, i);
        for (const component of score.components) {
          expect(component.points).toBe(sum(component.items.map((item) => item.points)));
          expect(component.points).toBeGreaterThanOrEqual(0);
          expect(component.points).toBeLessThanOrEqual(component.effectiveWeight + EPSILON);
        }
        expect(score.total).toBe(sum(score.components.map((c) => c.points)));
        const flat = sum(score.components.flatMap((c) => c.items.map((item) => item.points)));
        expect(Math.abs(score.total - flat)).toBeLessThan(EPSILON);
        expect(score.total).toBeGreaterThanOrEqual(0);
        expect(score.total).toBeLessThanOrEqual(100 + EPSILON);
      }),
    );
  });

  it('never lowers the score when one input gets better', () => {
    /** The target's score under the scheme, as the scheme's table states it. */
    const targetScore = (s: EvaluationScheme, t: TargetInput) => {
      const rule = s.outcome.statusPoints[t.status];
      if (rule !== 'share_attained') return rule;
      return t.shareAttained === null ? 0 : Math.min(1, Math.max(0, t.shareAttained));
    };
    type Change = (s: EvaluationScheme, i: UnitEvaluationInputs) => UnitEvaluationInputs | null;
    const improvements: fc.Arbitrary<Change> = fc.oneof(
      fc.tuple(fc.nat(), target).map(([at, replacement]): Change => (s, i) => {
        if (i.targets.length === 0) return null;
        const index = at % i.targets.length;
        const old = i.targets[index]!;
        const better = { ...replacement, id: old.id };
        if (targetScore(s, better) < targetScore(s, old)) return null;
        return { ...i, targets: i.targets.map((t, k) => (k === index ? better : t)) };
      }),
      fc.nat().map(
        (at): Change =>
          (_s, i) =>
            i.tasks.length === 0
              ? null
              : {
                  ...i,
                  tasks: i.tasks.map((t, k) =>
                    k === at % i.tasks.length ? { ...t, doneOn: t.dueOn } : t,
                  ),
                },
      ),
      fc.nat().map(
        (at): Change =>
          (_s, i) =>
            i.milestones.length === 0
              ? null
              : {
                  ...i,
                  milestones: i.milestones.map((m, k) =>
                    k === at % i.milestones.length ? { ...m, doneOn: m.dueOn } : m,
                  ),
                },
      ),
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 10 })).map(
        ([at, more]): Change =>
          (_s, i) =>
            i.forms.length === 0
              ? null
              : {
                  ...i,
                  forms: i.forms.map((f, k) =>
                    k === at % i.forms.length
                      ? { ...f, valuesReported: f.valuesReported + more }
                      : f,
                  ),
                },
      ),
      // Submitted on time and accepted: better on timeliness and on quality.
      fc.nat().map(
        (at): Change =>
          (_s, i) =>
            i.forms.length === 0
              ? null
              : {
                  ...i,
                  forms: i.forms.map((f, k) =>
                    k === at % i.forms.length
                      ? { ...f, submission: 'on_time' as const, returned: false }
                      : f,
                  ),
                },
      ),
      // A finding or an overdue item fewer, while inspection keeps some input (without any,
      // the scheme's no-input rule applies instead, which is a different question).
      fc.tuple(fc.nat(), fc.boolean()).map(([at, findingNotItem]): Change => (_s, i) => {
        const { inspections, openFindings, overdueRectifications } = i.inspection;
        const list = findingNotItem ? openFindings : overdueRectifications;
        if (list.length === 0) return null;
        if (inspections === 0 && openFindings.length + overdueRectifications.length === 1) {
          return null;
        }
        const index = at % list.length;
        const fewer = list.filter((_, k) => k !== index);
        return {
          ...i,
          inspection: findingNotItem
            ? { ...i.inspection, openFindings: fewer as typeof openFindings }
            : { ...i.inspection, overdueRectifications: fewer as typeof overdueRectifications },
        };
      }),
    );
    fc.assert(
      fc.property(scheme, inputs, improvements, (s, i, improve) => {
        const better = improve(s, i);
        fc.pre(better !== null);
        expect(scoreUnit(s, better).total).toBeGreaterThanOrEqual(scoreUnit(s, i).total - EPSILON);
      }),
      { numRuns: 500 },
    );
  });
});
