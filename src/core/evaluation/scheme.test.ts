import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEME,
  describeScheme,
  evaluationSchemeSchema,
  type EvaluationScheme,
} from './index.js';

function problems(scheme: unknown): string[] {
  const result = evaluationSchemeSchema.safeParse(scheme);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const withChanges = (change: (scheme: EvaluationScheme) => void): unknown => {
  const copy = structuredClone(DEFAULT_SCHEME);
  change(copy);
  return copy;
};

describe('evaluationSchemeSchema', () => {
  it.each<[string, unknown, string[]]>([
    ['the default scheme', DEFAULT_SCHEME, []],
    [
      'weights that do not add up to 100',
      withChanges((s) => (s.weights.inspection = 14)),
      [
        'weights: the weights must add up to 100: outcome 40 + delivery 25 + reporting 20 + inspection 14 = 99',
      ],
    ],
    [
      'delivery sub-weights that do not add up to 1',
      withChanges((s) => (s.delivery.weights.milestones = 0.5)),
      ['delivery.weights: the weights must add up to 1: tasks 0.6 + milestones 0.5 = 1.1'],
    ],
    [
      'reporting sub-weights that do not add up to 1',
      withChanges((s) => (s.reporting.weights.quality = 0.2)),
      [
        'reporting.weights: the weights must add up to 1: completeness 0.4 + timeliness 0.3 + quality 0.2 = 0.9',
      ],
    ],
    [
      'a status score above 1',
      withChanges((s) => (s.outcome.statusPoints.on_track = 1.5)),
      ['outcome.statusPoints.on_track: Too big: expected number to be <=1'],
    ],
    [
      'a negative weight',
      withChanges((s) => {
        s.weights.outcome = -10;
        s.weights.delivery = 75;
      }),
      ['weights.outcome: Too small: expected number to be >=0'],
    ],
    [
      'a missing status',
      withChanges((s) => {
        delete (s.outcome.statusPoints as Partial<typeof s.outcome.statusPoints>).missed;
      }),
      ['outcome.statusPoints.missed: Invalid input'],
    ],
    [
      'an unknown no-input rule',
      withChanges((s) => ((s.whenNoInputs as Record<string, string>).outcome = 'average')),
      ['whenNoInputs.outcome: Invalid option: expected one of "reweight"|"full"|"none"'],
    ],
  ])('%s', (_name, scheme, expected) => {
    expect(problems(scheme)).toEqual(expected);
  });
});

describe('describeScheme', () => {
  it('lists every mapping in English, grouped by component', () => {
    const rows = describeScheme(DEFAULT_SCHEME, 'en');
    expect(rows.map((row) => `${row.component} | ${row.input} | ${row.points}`)).toEqual([
      'outcome | Targets cascaded to the unit | 40 points × the average score of its targets, by status:',
      'outcome | Target status: achieved | 1',
      'outcome | Target status: missed | the share of the target attained (0 to 1)',
      'outcome | Target status: on track | 1',
      'outcome | Target status: acceleration needed | 0.6',
      'outcome | Target status: limited progress | 0.3',
      'outcome | Target status: deterioration | 0',
      'outcome | Target status: no data | 0',
      'outcome | No inputs in the year | its 40 points are spread over the other components in proportion to their weights',
      'delivery | Tasks due in the year | 60% of 25 points × the share done by their due date',
      'delivery | Milestones due in the year | 40% of 25 points × the share met by their date',
      'delivery | No inputs in the year | its 25 points are spread over the other components in proportion to their weights',
      'reporting | Completeness | 40% of 20 points × values reported / values expected',
      'reporting | Timeliness | 30% of 20 points × forms submitted on time / forms expected',
      'reporting | Quality | 30% of 20 points × (1 − share of submitted forms returned)',
      'reporting | No inputs in the year | its 20 points are spread over the other components in proportion to their weights',
      'inspection | Start | 15 points, less the deductions below (each out of 100 of the component), never below 0',
      'inspection | Open critical finding | −10 per finding',
      'inspection | Open major finding | −4 per finding',
      'inspection | Open minor finding | −1 per finding',
      'inspection | Overdue rectification item | −2 per item',
      'inspection | No inputs in the year | its 15 points are spread over the other components in proportion to their weights',
    ]);
  });

  it('follows the scheme and the language', () => {
    const scheme = evaluationSchemeSchema.parse(
      withChanges((s) => {
        s.whenNoInputs.inspection = 'full';
        s.whenNoInputs.delivery = 'none';
        s.inspection.deductions.critical = 12.5;
      }),
    );
    const rows = describeScheme(scheme, 'zh');
    expect(rows).toHaveLength(22);
    expect(rows).toContainEqual({
      component: 'inspection',
      input: '未整改完毕的严重问题',
      points: '每个扣 12.5',
    });
    expect(rows).toContainEqual({
      component: 'inspection',
      input: '当年无评价依据',
      points: '得满分 15 分',
    });
    expect(rows).toContainEqual({
      component: 'delivery',
      input: '当年无评价依据',
      points: '不得分（0/25）',
    });
    expect(rows).toContainEqual({
      component: 'outcome',
      input: '目标状态：未达成',
      points: '目标完成比例（0 至 1）',
    });
  });
});
