import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEME,
  evaluationSchemeSchema,
  rankUnits,
  roundPoints,
  scoreUnit,
  type EvaluationScheme,
  type UnitEvaluationInputs,
  type UnitScore,
} from './index.js';

const none: Omit<UnitEvaluationInputs, 'unit'> = {
  targets: [],
  tasks: [],
  milestones: [],
  forms: [],
  inspection: { inspections: 0, openFindings: [], overdueRectifications: [] },
};

/**
 * Three provinces under DEFAULT_SCHEME (outcome 40, delivery 25 = tasks 60% +
 * milestones 40%, reporting 20 = completeness 40% + timeliness 30% + quality
 * 30%, inspection 15 less 10 / 4 / 1 per critical / major / minor finding and
 * 2 per overdue rectification, out of 100 of the component).
 */
const beijing: UnitEvaluationInputs = {
  unit: '110000',
  // outcome 40: (0.979 + 1) × 40 / 2 = 39.58
  targets: [
    {
      id: 2,
      indicator: 'ecommerce_volume',
      year: 2020,
      status: 'missed',
      shareAttained: 0.979,
    },
    { id: 1, indicator: 'broadband_users', year: 2020, status: 'achieved', shareAttained: 1.1 },
  ],
  // tasks 15: 3 of 4 on time = 11.25; milestones 10: 2 of 2 = 10; delivery 21.25
  tasks: [
    { id: 101, title: 'Fibre to villages', dueOn: '2020-06-30', doneOn: '2020-06-15' },
    { id: 102, title: 'Open data portal', dueOn: '2020-09-30', doneOn: '2020-09-30' },
    { id: 103, title: 'E-government hub', dueOn: '2020-12-31', doneOn: '2020-11-02' },
    { id: 104, title: 'Rural e-commerce', dueOn: '2020-10-31', doneOn: '2021-01-15' },
  ],
  milestones: [
    { id: 11, taskId: 101, title: 'Pilot', dueOn: '2020-03-31', doneOn: '2020-03-20' },
    { id: 12, taskId: 103, title: 'Design', dueOn: '2020-05-31', doneOn: '2020-05-31' },
  ],
  // completeness 8 × 18 / 20 = 7.2; timeliness 6 × 1 / 2 = 3; quality 6 × 1 / 2 = 3; reporting 13.2
  forms: [
    {
      dataSet: 'NIDS_Q',
      period: '2020Q4',
      valuesExpected: 10,
      valuesReported: 8,
      submission: 'late',
      returned: true,
    },
    {
      dataSet: 'NIDS_A',
      period: '2020',
      valuesExpected: 10,
      valuesReported: 10,
      submission: 'on_time',
      returned: false,
    },
  ],
  // inspection 15 − 15 × 4% − 15 × 2% = 14.1
  inspection: {
    inspections: 1,
    openFindings: [{ id: 7, severity: 'major', description: 'Data not shared' }],
    overdueRectifications: [{ id: 9, findingId: 7, title: 'Share data', dueOn: '2020-10-31' }],
  },
};
// Beijing total: 39.58 + 21.25 + 13.2 + 14.1 = 88.13

const shanghai: UnitEvaluationInputs = {
  ...none,
  unit: '310000',
  // No targets: outcome's 40 spread over 60 points → × 100/60:
  // delivery 41.667 (tasks 25, milestones 16.667), reporting 33.333, inspection 25.
  // tasks 2 of 2 = 25; milestone 0 of 1 = 0; delivery 25
  tasks: [
    { id: 201, title: 'Smart city', dueOn: '2020-12-31', doneOn: '2020-12-01' },
    { id: 202, title: 'Cloud platform', dueOn: '2020-08-31', doneOn: '2020-08-01' },
  ],
  milestones: [{ id: 21, taskId: 201, title: 'Sensors', dueOn: '2020-06-30', doneOn: null }],
  // one full, on-time, accepted form: 33.333
  forms: [
    {
      dataSet: 'NIDS_A',
      period: '2020',
      valuesExpected: 20,
      valuesReported: 20,
      submission: 'on_time',
      returned: false,
    },
  ],
  // 25 − 25 × 10% = 22.5
  inspection: {
    inspections: 1,
    openFindings: [{ id: 31, severity: 'critical', description: 'Security audit missing' }],
    overdueRectifications: [],
  },
};
// Shanghai total: 25 + 33.333… + 22.5 = 80.8333… → 80.83

const guangdong: UnitEvaluationInputs = {
  ...none,
  unit: '440000',
  // No forms: reporting's 20 spread over 80 points → × 100/80:
  // outcome 50, delivery 31.25 (tasks 18.75, milestones 12.5), inspection 18.75.
  // outcome: (0 + 0 + 1 + 0.6) × 50 / 4 = 20
  targets: [
    { id: 41, indicator: 'a_index', year: 2020, status: 'deterioration', shareAttained: null },
    { id: 42, indicator: 'b_index', year: 2020, status: 'insufficient_data', shareAttained: null },
    { id: 43, indicator: 'c_index', year: 2020, status: 'achieved', shareAttained: 1 },
    {
      id: 44,
      indicator: 'd_index',
      year: 2020,
      status: 'acceleration_needed',
      shareAttained: null,
    },
  ],
  // tasks 2 of 5 on time: 7.5; milestones 3 of 4: 9.375; delivery 16.875
  tasks: [
    { id: 301, title: 'T1', dueOn: '2020-03-31', doneOn: '2020-03-31' },
    { id: 302, title: 'T2', dueOn: '2020-06-30', doneOn: '2020-06-01' },
    { id: 303, title: 'T3', dueOn: '2020-06-30', doneOn: '2020-07-01' },
    { id: 304, title: 'T4', dueOn: '2020-09-30', doneOn: null },
    { id: 305, title: 'T5', dueOn: '2020-12-31', doneOn: null },
  ],
  milestones: [
    { id: 51, taskId: 301, title: 'M1', dueOn: '2020-02-28', doneOn: '2020-02-01' },
    { id: 52, taskId: 302, title: 'M2', dueOn: '2020-04-30', doneOn: '2020-04-30' },
    { id: 53, taskId: 303, title: 'M3', dueOn: '2020-05-31', doneOn: '2020-05-01' },
    { id: 54, taskId: 304, title: 'M4', dueOn: '2020-08-31', doneOn: null },
  ],
  // Not inspected in 2020, but findings from before are still open:
  // 2 critical (20) + 1 major (4) + 3 minor (3) + 2 overdue (4) = 31 of 100 → 18.75 × 0.69 = 12.9375
  inspection: {
    inspections: 0,
    openFindings: [
      { id: 61, severity: 'minor', description: 'f61' },
      { id: 62, severity: 'critical', description: 'f62' },
      { id: 63, severity: 'minor', description: 'f63' },
      { id: 64, severity: 'major', description: 'f64' },
      { id: 65, severity: 'critical', description: 'f65' },
      { id: 66, severity: 'minor', description: 'f66' },
    ],
    overdueRectifications: [
      { id: 71, findingId: 62, title: 'r71', dueOn: '2020-09-30' },
      { id: 72, findingId: 65, title: 'r72', dueOn: '2020-11-30' },
    ],
  },
};
// Guangdong total: 20 + 16.875 + 12.9375 = 49.8125 → 49.81

const PRECISION = 9;

function componentPoints(score: UnitScore): Record<string, number> {
  return Object.fromEntries(score.components.map((c) => [c.key, c.points]));
}

describe('scoreUnit: three provinces computed by hand', () => {
  const scores = [beijing, shanghai, guangdong].map((inputs) => scoreUnit(DEFAULT_SCHEME, inputs));

  it.each<[string, Record<string, number>, number, number]>([
    [
      '110000',
      { outcome: 39.58, delivery: 21.25, reporting: 13.2, inspection: 14.1 },
      88.13,
      88.13,
    ],
    [
      '310000',
      { outcome: 0, delivery: 25, reporting: 100 / 3, inspection: 22.5 },
      80 + 5 / 6,
      80.83,
    ],
    [
      '440000',
      { outcome: 20, delivery: 16.875, reporting: 0, inspection: 12.9375 },
      49.8125,
      49.81,
    ],
  ])('%s', (unit, components, total, shown) => {
    const score = scores.find((s) => s.unit === unit)!;
    const points = componentPoints(score);
    for (const [key, expected] of Object.entries(components)) {
      expect(points[key], key).toBeCloseTo(expected, PRECISION);
    }
    expect(score.total).toBeCloseTo(total, PRECISION);
    expect(roundPoints(score.total)).toBe(shown);
  });

  it('ranks them against the previous year', () => {
    const previous = new Map([
      ['110000', { rank: 2, total: 85 }],
      ['310000', { rank: 1, total: 90 }],
    ]);
    expect(rankUnits(scores, previous).map(({ total: _total, ...rest }) => rest)).toEqual([
      {
        unit: '110000',
        shownTotal: 88.13,
        rank: 1,
        previousRank: 2,
        previousTotal: 85,
        rankChange: 1,
        totalChange: 3.13,
      },
      {
        unit: '310000',
        shownTotal: 80.83,
        rank: 2,
        previousRank: 1,
        previousTotal: 90,
        rankChange: -1,
        totalChange: -9.17,
      },
      {
        unit: '440000',
        shownTotal: 49.81,
        rank: 3,
        previousRank: null,
        previousTotal: null,
        rankChange: null,
        totalChange: null,
      },
    ]);
  });

  it('explains every point of Beijing, naming its inputs', () => {
    const score = scores[0]!;
    const rows = score.components.flatMap((c) =>
      c.items.map((item) => [c.key, item.ref, item.kind, roundPoints(item.points), item.reason.en]),
    );
    expect(rows).toEqual([
      [
        'outcome',
        'target:1',
        'target',
        20,
        'Target broadband_users 2020: achieved → 1 × 40 / 2 targets = 20.00 points',
      ],
      [
        'outcome',
        'target:2',
        'target',
        19.58,
        'Target ecommerce_volume 2020: missed at 97.9% attained → 0.979 × 40 / 2 targets = 19.58 points',
      ],
      [
        'delivery',
        'task:101',
        'task',
        3.75,
        'Task 101 “Fibre to villages” due 2020-06-30: done 2020-06-15, on time → 1 × 15 / 4 tasks = 3.75 points',
      ],
      [
        'delivery',
        'task:102',
        'task',
        3.75,
        'Task 102 “Open data portal” due 2020-09-30: done 2020-09-30, on time → 1 × 15 / 4 tasks = 3.75 points',
      ],
      [
        'delivery',
        'task:104',
        'task',
        0,
        'Task 104 “Rural e-commerce” due 2020-10-31: done 2021-01-15, after its due date → 0 × 15 / 4 tasks = 0.00 points',
      ],
      [
        'delivery',
        'task:103',
        'task',
        3.75,
        'Task 103 “E-government hub” due 2020-12-31: done 2020-11-02, on time → 1 × 15 / 4 tasks = 3.75 points',
      ],
      [
        'delivery',
        'milestone:11',
        'milestone',
        5,
        'Milestone 11 “Pilot” of task 101 due 2020-03-31: done 2020-03-20, on time → 1 × 10 / 2 milestones = 5.00 points',
      ],
      [
        'delivery',
        'milestone:12',
        'milestone',
        5,
        'Milestone 12 “Design” of task 103 due 2020-05-31: done 2020-05-31, on time → 1 × 10 / 2 milestones = 5.00 points',
      ],
      [
        'reporting',
        'NIDS_A/2020',
        'completeness',
        4,
        'Form NIDS_A 2020: 10 of 10 values reported → 10 / 20 × 8 values expected = 4.00 points',
      ],
      [
        'reporting',
        'NIDS_Q/2020Q4',
        'completeness',
        3.2,
        'Form NIDS_Q 2020Q4: 8 of 10 values reported → 8 / 20 × 8 values expected = 3.20 points',
      ],
      [
        'reporting',
        'NIDS_A/2020',
        'timeliness',
        3,
        'Form NIDS_A 2020: submitted on time → 1 × 6 / 2 forms = 3.00 points',
      ],
      [
        'reporting',
        'NIDS_Q/2020Q4',
        'timeliness',
        0,
        'Form NIDS_Q 2020Q4: submitted late → 0 × 6 / 2 forms = 0.00 points',
      ],
      [
        'reporting',
        'NIDS_A/2020',
        'quality',
        3,
        'Form NIDS_A 2020: not returned → 1 × 6 / 2 submitted forms = 3.00 points',
      ],
      [
        'reporting',
        'NIDS_Q/2020Q4',
        'quality',
        0,
        'Form NIDS_Q 2020Q4: returned for correction → 0 × 6 / 2 submitted forms = 0.00 points',
      ],
      [
        'inspection',
        'inspection',
        'inspection_start',
        15,
        'Inspected 1 time in 2020: starts at 15.00 points',
      ],
      [
        'inspection',
        'finding:7',
        'finding',
        -0.6,
        'Open major finding 7 “Data not shared”: −4 / 100 × 15 = −0.60 points',
      ],
      [
        'inspection',
        'rectification:9',
        'overdue_rectification',
        -0.3,
        'Rectification item 9 “Share data” of finding 7, overdue since 2020-10-31: −2 / 100 × 15 = −0.30 points',
      ],
    ]);
    expect(score.components[0]!.items[1]!.reason.zh).toBe(
      '目标 ecommerce_volume 2020：未达成，完成 97.9% → 0.979 × 40 / 2 个目标 = 19.58 分',
    );
  });

  it('says where a component without inputs went', () => {
    const outcome = scores[1]!.components[0]!;
    expect(outcome).toMatchObject({ key: 'outcome', weight: 40, effectiveWeight: 0, points: 0 });
    expect(outcome.items.map((item) => [item.kind, item.reason.en])).toEqual([
      [
        'no_inputs',
        'Outcome: no inputs for 2020; its 40 points are spread over delivery, reporting, inspection in proportion to their weights',
      ],
    ]);
    const delivery = scores[1]!.components[1]!;
    expect(delivery.effectiveWeight).toBeCloseTo(125 / 3, PRECISION);
    expect(delivery.items[0]!.reason).toEqual({
      en: 'Weight 25 × 100 / 60 = 41.67, taking a share of outcome, which had no inputs',
      zh: '权重 25 × 100 / 60 = 41.67，分担无评价依据的目标成效的分值',
    });
  });

  it('deducts worst findings first and names each', () => {
    const inspection = scores[2]!.components[3]!;
    expect(inspection.items.map((item) => [item.ref, item.points])).toEqual([
      ['inspection', 0], // the note on the weight taken over from reporting
      ['inspection', 18.75],
      ['finding:62', -1.875],
      ['finding:65', -1.875],
      ['finding:64', -0.75],
      ['finding:61', -0.1875],
      ['finding:63', -0.1875],
      ['finding:66', -0.1875],
      ['rectification:71', -0.375],
      ['rectification:72', -0.375],
    ]);
    expect(inspection.items[1]!.reason.en).toBe(
      'Inspected 0 times in 2020: starts at 18.75 points',
    );
  });
});

function scheme(change: (s: EvaluationScheme) => void): EvaluationScheme {
  const copy = structuredClone(DEFAULT_SCHEME);
  change(copy);
  return evaluationSchemeSchema.parse(copy);
}

describe('scoreUnit: rules one at a time', () => {
  const form = {
    dataSet: 'D',
    period: '2020',
    valuesExpected: 10,
    valuesReported: 10,
    submission: 'on_time' as const,
    returned: false,
  };

  it.each<[string, EvaluationScheme, UnitEvaluationInputs, Record<string, number>]>([
    [
      'nothing at all, every component reweighted: 0',
      DEFAULT_SCHEME,
      { ...none, unit: 'X' },
      { outcome: 0, delivery: 0, reporting: 0, inspection: 0 },
    ],
    [
      '"full" for a component without inputs, the rest spread over the others',
      scheme((s) => (s.whenNoInputs.inspection = 'full')),
      { ...none, unit: 'X', forms: [form] },
      // kept: reporting 20 + inspection 15 = 35 → reporting 57.14, inspection 42.86 in full
      { outcome: 0, delivery: 0, reporting: 2000 / 35, inspection: 1500 / 35 },
    ],
    [
      '"none" keeps the weight but awards nothing',
      scheme(
        (s) =>
          (s.whenNoInputs = {
            outcome: 'none',
            delivery: 'none',
            reporting: 'none',
            inspection: 'none',
          }),
      ),
      { ...none, unit: 'X', forms: [form] },
      { outcome: 0, delivery: 0, reporting: 20, inspection: 0 },
    ],
    [
      'a missed target without a share attained scores 0; a share above 1 counts as 1',
      DEFAULT_SCHEME,
      {
        ...none,
        unit: 'X',
        targets: [
          { id: 1, indicator: 'a', year: 2020, status: 'missed', shareAttained: null },
          { id: 2, indicator: 'b', year: 2020, status: 'missed', shareAttained: 1.4 },
        ],
      },
      { outcome: 50, delivery: 0, reporting: 0, inspection: 0 },
    ],
    [
      'more values than expected count as expected',
      DEFAULT_SCHEME,
      { ...none, unit: 'X', forms: [{ ...form, valuesReported: 12 }] },
      { outcome: 0, delivery: 0, reporting: 100, inspection: 0 },
    ],
    [
      'no milestones: the tasks carry all of delivery',
      DEFAULT_SCHEME,
      {
        ...none,
        unit: 'X',
        tasks: [
          { id: 1, title: 't', dueOn: '2020-05-01', doneOn: '2020-05-01' },
          { id: 2, title: 'u', dueOn: '2020-05-01', doneOn: null },
        ],
      },
      { outcome: 0, delivery: 50, reporting: 0, inspection: 0 },
    ],
    [
      'nothing submitted: quality drops out, completeness and timeliness carry reporting',
      DEFAULT_SCHEME,
      { ...none, unit: 'X', forms: [{ ...form, valuesReported: 7, submission: 'not_submitted' }] },
      // completeness 0.4/0.7 × 100 × 0.7 = 40, timeliness 0
      { outcome: 0, delivery: 0, reporting: 40, inspection: 0 },
    ],
    [
      'deductions stop at the floor of 0',
      DEFAULT_SCHEME,
      {
        ...none,
        unit: 'X',
        inspection: {
          inspections: 1,
          openFindings: Array.from({ length: 11 }, (_, i) => ({
            id: i + 1,
            severity: 'critical' as const,
            description: `f${i + 1}`,
          })),
          overdueRectifications: [{ id: 1, findingId: 1, title: 'r', dueOn: '2020-01-01' }],
        },
      },
      { outcome: 0, delivery: 0, reporting: 0, inspection: 0 },
    ],
  ])('%s', (_name, usedScheme, inputs, expected) => {
    const score = scoreUnit(usedScheme, inputs);
    const points = componentPoints(score);
    for (const [key, value] of Object.entries(expected)) {
      expect(points[key], key).toBeCloseTo(value, PRECISION);
    }
  });

  it('marks a unit without any input as not evaluated, whatever the scheme awards', () => {
    const full = scheme(
      (s) =>
        (s.whenNoInputs = {
          outcome: 'full',
          delivery: 'full',
          reporting: 'full',
          inspection: 'full',
        }),
    );
    expect(scoreUnit(DEFAULT_SCHEME, { ...none, unit: 'X' }).evaluated).toBe(false);
    const nothingButFull = scoreUnit(full, { ...none, unit: 'X' });
    expect(nothingButFull.evaluated).toBe(false);
    expect(nothingButFull.total).toBe(100);
    expect(scoreUnit(DEFAULT_SCHEME, { ...none, unit: 'X', forms: [form] }).evaluated).toBe(true);
  });

  it('says when the floor cuts a deduction short', () => {
    // Every other component is spread away, so inspection carries 100 points.
    const finding = (id: number, severity: 'critical' | 'major' | 'minor') => ({
      id,
      severity,
      description: `f${id}`,
    });
    const score = scoreUnit(DEFAULT_SCHEME, {
      ...none,
      unit: 'X',
      inspection: {
        inspections: 1,
        openFindings: [
          ...Array.from({ length: 9 }, (_, i) => finding(i + 1, 'critical')),
          finding(10, 'major'),
          finding(11, 'major'),
          finding(12, 'major'),
          finding(13, 'minor'),
        ],
        overdueRectifications: [],
      },
    });
    const items = score.components[3]!.items;
    expect(items.slice(-3).map((item) => [item.points, item.reason.en, item.reason.zh])).toEqual([
      [
        -4,
        'Open major finding 11 “f11”: −4 / 100 × 100 = −4.00 points',
        '未整改完毕的较重问题 11“f11”：−4 / 100 × 100 = −4.00 分',
      ],
      [
        -2,
        'Open major finding 12 “f12”: −4 / 100 × 100 = −4.00 points, cut to −2.00 at the floor of 0',
        '未整改完毕的较重问题 12“f12”：−4 / 100 × 100 = −4.00 分，以 0 分为底，实扣 2.00 分',
      ],
      [
        0,
        'Open minor finding 13 “f13”: −1 / 100 × 100 = −1.00 points, nothing left above the floor of 0',
        '未整改完毕的一般问题 13“f13”：−1 / 100 × 100 = −1.00 分，已扣至 0 分，不再扣分',
      ],
    ]);
    expect(score.total).toBe(0);
  });
});
