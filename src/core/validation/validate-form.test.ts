import { describe, expect, it } from 'vitest';
import type { CategoryModel } from '../disaggregation.js';
import { modifiedZScore } from './modified-z-score.js';
import type { RuleDefinitionInput } from './rule-definition.js';
import {
  blockingFindings,
  formValueKey,
  validateForm,
  type Finding,
  type FormIndicator,
  type FormValue,
  type FormValues,
  type Severity,
  type ValidationRule,
} from './validate-form.js';

const AREA: CategoryModel = {
  code: 'AREA',
  nameEn: 'Area',
  nameZh: '地区',
  options: [
    { code: 'URBAN', nameEn: 'Urban', nameZh: '城镇' },
    { code: 'RURAL', nameEn: 'Rural', nameZh: '农村' },
  ],
};
const ENTERPRISE: CategoryModel = {
  code: 'ENTERPRISE',
  nameEn: 'Enterprise',
  nameZh: '企业类型',
  options: [
    { code: 'SOE', nameEn: 'state-owned', nameZh: '国有' },
    { code: 'PRIVATE', nameEn: 'private', nameZh: '民营' },
  ],
};

const NAMES: Record<string, [string, string]> = {
  mobile_users: ['Mobile users', '移动电话用户'],
  users_5g: ['5G mobile phone users', '5G移动电话用户'],
  broadband: ['Fixed broadband users', '固定宽带用户'],
  enterprises: ['Enterprises online', '上网企业'],
  broadband_share: ['Broadband penetration', '宽带普及率'],
};

function indicator(code: string, overrides: Partial<FormIndicator> = {}): FormIndicator {
  const [nameEn, nameZh] = NAMES[code] ?? [code, code];
  return {
    code,
    nameEn,
    nameZh,
    required: false,
    minValue: null,
    maxValue: null,
    outlierThreshold: null,
    categories: [],
    history: [],
    ...overrides,
  };
}

/** Cells as [indicator, disaggregation, value, comment?]. */
function values(...cells: [string, string, number | null, string?][]): FormValues {
  return new Map<string, FormValue>(
    cells.map(([code, key, value, comment]) => [
      formValueKey(code, key),
      { value, comment: comment ?? null },
    ]),
  );
}

function rule(
  code: string,
  definition: RuleDefinitionInput,
  severity: Severity = 'error',
): ValidationRule {
  return { code, severity, nameEn: `rule ${code}`, nameZh: `规则${code}`, definition };
}

/** A finding's gist: check, severity and the cells it names. */
function gist(finding: Finding): string {
  const cells = finding.subjects.map((s) => `${s.indicator}|${s.disaggregation}`).join(' ');
  return `${finding.check} ${finding.severity} ${cells}`;
}

function gists(
  indicators: FormIndicator[],
  formValues: FormValues,
  rules: ValidationRule[] = [],
): string[] {
  return validateForm({ indicators, values: formValues, rules }).map(gist);
}

const URBAN = 'AREA=URBAN';
const RURAL = 'AREA=RURAL';
const URBAN_SOE = 'AREA=URBAN;ENTERPRISE=SOE';
const URBAN_PRIVATE = 'AREA=URBAN;ENTERPRISE=PRIVATE';
const RURAL_SOE = 'AREA=RURAL;ENTERPRISE=SOE';
const RURAL_PRIVATE = 'AREA=RURAL;ENTERPRISE=PRIVATE';

describe('validateForm: not a finite number', () => {
  it.each<[string, FormIndicator, FormValues, string[]]>([
    [
      'NaN',
      indicator('mobile_users'),
      values(['mobile_users', '', NaN]),
      ['not_finite error mobile_users|'],
    ],
    [
      'Infinity',
      indicator('mobile_users', { required: true, maxValue: 10 }),
      values(['mobile_users', '', Infinity]),
      ['not_finite error mobile_users|'],
    ],
    [
      '-Infinity below a minimum',
      indicator('mobile_users', { minValue: 0 }),
      values(['mobile_users', '', -Infinity]),
      ['not_finite error mobile_users|'],
    ],
    [
      'a part, which is then left out of the parts check',
      indicator('broadband', { categories: [AREA] }),
      values(['broadband', '', 10], ['broadband', URBAN, NaN], ['broadband', RURAL, 3]),
      [`not_finite error broadband|${URBAN}`],
    ],
    [
      'a part of a required indicator without total: given, so not "required"',
      indicator('broadband', {
        categories: [AREA],
        required: true,
        outlierThreshold: 3.5,
        history: [1, 2, 3, 4],
      }),
      values(['broadband', URBAN, Infinity], ['broadband', RURAL, 3]),
      [`not_finite error broadband|${URBAN}`],
    ],
  ])('%s', (_, form, formValues, expected) => {
    expect(gists([form], formValues)).toEqual(expected);
  });

  it('reports the total first, then the parts in key order', () => {
    const findings = validateForm({
      indicators: [indicator('broadband', { categories: [AREA] })],
      values: values(
        ['broadband', RURAL, -Infinity],
        ['broadband', URBAN, NaN],
        ['broadband', '', Infinity],
      ),
      rules: [],
    });
    expect(findings.map(gist)).toEqual([
      'not_finite error broadband|',
      `not_finite error broadband|${URBAN}`,
      `not_finite error broadband|${RURAL}`,
    ]);
  });

  it('says which number it got', () => {
    const [finding] = validateForm({
      indicators: [indicator('broadband', { categories: [AREA] })],
      values: values(['broadband', URBAN, NaN]),
      rules: [],
    });
    expect(finding!.message).toEqual({
      en: 'Fixed broadband users (Urban) is not a finite number (NaN).',
      zh: '固定宽带用户（城镇）不是有限数值（NaN）。',
    });
  });
});

describe('validateForm: required', () => {
  it.each<[string, FormIndicator, FormValues, string[]]>([
    [
      'no cell at all',
      indicator('mobile_users', { required: true }),
      values(),
      ['required error mobile_users|'],
    ],
    [
      'a cell without value',
      indicator('mobile_users', { required: true }),
      values(['mobile_users', '', null, 'n/a']),
      ['required error mobile_users|'],
    ],
    [
      '0 is a value',
      indicator('mobile_users', { required: true }),
      values(['mobile_users', '', 0]),
      [],
    ],
    [
      'a negative value',
      indicator('mobile_users', { required: true }),
      values(['mobile_users', '', -3]),
      [],
    ],
    ['not required', indicator('mobile_users'), values(), []],
    [
      'a value for another indicator does not count',
      indicator('mobile_users', { required: true }),
      values(['users_5g', '', 5]),
      ['required error mobile_users|'],
    ],
    [
      'a part does not stand for the total without categories',
      indicator('mobile_users', { required: true }),
      values(['mobile_users', URBAN, 5]),
      ['required error mobile_users|'],
    ],
    [
      'every part given stands for the total',
      indicator('broadband', { required: true, categories: [AREA] }),
      values(['broadband', URBAN, 4], ['broadband', RURAL, 6]),
      [],
    ],
    [
      'some parts given: required and incomplete',
      indicator('broadband', { required: true, categories: [AREA] }),
      values(['broadband', URBAN, 4], ['broadband', RURAL, null]),
      [
        'required error broadband|',
        `parts_incomplete warning broadband|${URBAN} broadband|${RURAL}`,
      ],
    ],
    [
      'no parts and no total',
      indicator('broadband', { required: true, categories: [AREA, ENTERPRISE] }),
      values(),
      ['required error broadband|'],
    ],
  ])('%s', (_, form, formValues, expected) => {
    expect(gists([form], formValues)).toEqual(expected);
  });

  it('names the indicator and, with categories, how to satisfy it', () => {
    const findings = validateForm({
      indicators: [
        indicator('mobile_users', { required: true }),
        indicator('broadband', { required: true, categories: [AREA] }),
      ],
      values: values(),
      rules: [],
    });
    expect(findings.map((finding) => finding.message)).toEqual([
      { en: 'Mobile users is required but not given.', zh: '移动电话用户为必填项，尚未填写。' },
      {
        en: 'Fixed broadband users is required: give the total or every part.',
        zh: '固定宽带用户为必填项：请填写合计或全部分项。',
      },
    ]);
  });
});

describe('validateForm: range', () => {
  const bounded = (
    minValue: number | null,
    maxValue: number | null,
    extra: Partial<FormIndicator> = {},
  ) => indicator('mobile_users', { minValue, maxValue, ...extra });

  it.each<[string, FormIndicator, FormValues, string[]]>([
    [
      'below the minimum',
      bounded(0, null),
      values(['mobile_users', '', -1]),
      ['range error mobile_users|'],
    ],
    ['at the minimum', bounded(0, null), values(['mobile_users', '', 0]), []],
    ['at the maximum', bounded(null, 100), values(['mobile_users', '', 100]), []],
    [
      'just above the maximum',
      bounded(null, 100),
      values(['mobile_users', '', 100.000001]),
      ['range error mobile_users|'],
    ],
    [
      'negative bounds, below',
      bounded(-10, -5),
      values(['mobile_users', '', -11]),
      ['range error mobile_users|'],
    ],
    ['negative bounds, inside', bounded(-10, -5), values(['mobile_users', '', -7]), []],
    [
      'negative bounds, above',
      bounded(-10, -5),
      values(['mobile_users', '', -4]),
      ['range error mobile_users|'],
    ],
    ['no bounds', bounded(null, null), values(['mobile_users', '', -1e300]), []],
    ['not given', bounded(1, 2), values(['mobile_users', '', null]), []],
    [
      'a part below the minimum',
      bounded(0, null, { categories: [AREA] }),
      values(['mobile_users', '', 5], ['mobile_users', URBAN, 7], ['mobile_users', RURAL, -2]),
      [`range error mobile_users|${RURAL}`],
    ],
    [
      'a total derived from its parts, above the maximum: the parts are named',
      bounded(null, 10, { categories: [AREA] }),
      values(['mobile_users', URBAN, 7], ['mobile_users', RURAL, 6]),
      [`range error mobile_users|${URBAN} mobile_users|${RURAL}`],
    ],
  ])('%s', (_, form, formValues, expected) => {
    expect(gists([form], formValues)).toEqual(expected);
  });

  it('quotes value and bound, grouped, with the unit', () => {
    const [finding] = validateForm({
      indicators: [bounded(0, 1_000_000, { unit: { en: '10k subscribers', zh: '万户' } })],
      values: values(['mobile_users', '', 1_234_567.5]),
      rules: [],
    });
    expect(finding!.numbers).toEqual({ value: 1_234_567.5, min: 0, max: 1_000_000 });
    expect(finding!.message).toEqual({
      en: 'Mobile users = 1,234,567.5 10k subscribers is above the maximum 1,000,000 10k subscribers.',
      zh: '移动电话用户 = 1,234,567.5万户，超过上限 1,000,000万户。',
    });
  });

  it('names a part by its options and a derived total as the sum of the parts', () => {
    const findings = validateForm({
      indicators: [bounded(0, 10, { categories: [AREA, ENTERPRISE] })],
      values: values(
        ['mobile_users', URBAN_SOE, -1],
        ['mobile_users', URBAN_PRIVATE, 5],
        ['mobile_users', RURAL_SOE, 5],
        ['mobile_users', RURAL_PRIVATE, 5],
      ),
      rules: [],
    });
    expect(findings.map((finding) => finding.message)).toEqual([
      {
        en: 'Mobile users (sum of the parts) = 14 is above the maximum 10.',
        zh: '移动电话用户（分项之和） = 14，超过上限 10。',
      },
      {
        en: 'Mobile users (Urban, state-owned) = -1 is below the minimum 0.',
        zh: '移动电话用户（城镇，国有） = -1，低于下限 0。',
      },
    ]);
  });

  it('shows tiny numbers in scientific notation instead of rounding them to 0', () => {
    const [finding] = validateForm({
      indicators: [bounded(null, 0)],
      values: values(['mobile_users', '', 1.5e-9]),
      rules: [],
    });
    expect(finding!.message.en).toBe('Mobile users = 1.5E-9 is above the maximum 0.');
  });
});

describe('validateForm: parts against the total', () => {
  const byArea = indicator('broadband', { categories: [AREA] });
  const byAreaAndEnterprise = indicator('broadband', { categories: [AREA, ENTERPRISE] });
  const all4 = (a: number | null, b: number | null, c: number | null, d: number | null) =>
    [
      ['broadband', URBAN_SOE, a],
      ['broadband', URBAN_PRIVATE, b],
      ['broadband', RURAL_SOE, c],
      ['broadband', RURAL_PRIVATE, d],
    ] as [string, string, number | null][];
  const allSubjects = `broadband|${URBAN_SOE} broadband|${URBAN_PRIVATE} broadband|${RURAL_SOE} broadband|${RURAL_PRIVATE}`;

  it.each<[string, FormIndicator, FormValues, string[]]>([
    [
      'parts that sum to the total',
      byArea,
      values(['broadband', '', 10], ['broadband', URBAN, 4], ['broadband', RURAL, 6]),
      [],
    ],
    [
      'parts that do not',
      byArea,
      values(['broadband', '', 10], ['broadband', URBAN, 4], ['broadband', RURAL, 5]),
      [`parts error broadband| broadband|${URBAN} broadband|${RURAL}`],
    ],
    [
      '0.1 + 0.2 against 0.3',
      byArea,
      values(['broadband', '', 0.3], ['broadband', URBAN, 0.1], ['broadband', RURAL, 0.2]),
      [],
    ],
    [
      '0.1 + 0.2000001 against 0.3',
      byArea,
      values(['broadband', '', 0.3], ['broadband', URBAN, 0.1], ['broadband', RURAL, 0.2000001]),
      [`parts error broadband| broadband|${URBAN} broadband|${RURAL}`],
    ],
    [
      'negative parts',
      byArea,
      values(['broadband', '', -3], ['broadband', URBAN, -5], ['broadband', RURAL, 2]),
      [],
    ],
    [
      'all zero',
      byArea,
      values(['broadband', '', 0], ['broadband', URBAN, 0], ['broadband', RURAL, 0]),
      [],
    ],
    [
      'parts of 0 against a total that is not',
      byArea,
      values(['broadband', '', 1e-12], ['broadband', URBAN, 0], ['broadband', RURAL, 0]),
      [`parts error broadband| broadband|${URBAN} broadband|${RURAL}`],
    ],
    [
      'cancelling parts: 0.1 + 1e12 − 1e12 is 0.10009765625 in doubles, still 0.1',
      byAreaAndEnterprise,
      values(['broadband', '', 0.1], ...all4(0.1, 1e12, -1e12, 0)),
      [],
    ],
    [
      'a difference of one in a billion of the figures is reported',
      byAreaAndEnterprise,
      values(['broadband', '', 4e9 + 5], ...all4(1e9, 1e9, 1e9, 1e9)),
      [`parts error broadband| ${allSubjects}`],
    ],
    [
      'two of four parts',
      byAreaAndEnterprise,
      values(['broadband', '', 10], ...all4(4, null, 6, null)),
      [`parts_incomplete warning ${allSubjects}`],
    ],
    [
      'three of four parts, no total',
      byAreaAndEnterprise,
      values(...all4(null, 1, 2, 3)),
      [`parts_incomplete warning ${allSubjects}`],
    ],
    ['no parts, a total', byAreaAndEnterprise, values(['broadband', '', 10]), []],
    [
      'no parts as null cells, a total',
      byAreaAndEnterprise,
      values(['broadband', '', 10], ...all4(null, null, null, null)),
      [],
    ],
    ['all parts, no total', byAreaAndEnterprise, values(...all4(1, 2, 3, 4)), []],
    [
      'a total that is not finite',
      byArea,
      values(['broadband', '', NaN], ['broadband', URBAN, 4], ['broadband', RURAL, 5]),
      ['not_finite error broadband|'],
    ],
    [
      'a cell outside the categories is ignored',
      byArea,
      values(
        ['broadband', '', 10],
        ['broadband', URBAN, 4],
        ['broadband', RURAL, 6],
        ['broadband', 'AREA=SUBURBAN', 99],
      ),
      [],
    ],
  ])('%s', (_, form, formValues, expected) => {
    expect(gists([form], formValues)).toEqual(expected);
  });

  it('quotes sum, total and difference', () => {
    const [finding] = validateForm({
      indicators: [indicator('broadband', { categories: [AREA], unit: { en: '10k', zh: '万户' } })],
      values: values(['broadband', '', 1000], ['broadband', URBAN, 400], ['broadband', RURAL, 500]),
      rules: [],
    });
    expect(finding!.numbers).toEqual({ total: 1000, sum: 900, difference: -100 });
    expect(finding!.message).toEqual({
      en: 'Fixed broadband users: the parts sum to 900 10k, but the total is 1,000 10k.',
      zh: '固定宽带用户：各分项之和为 900万户，与合计 1,000万户 不符。',
    });
  });

  it('counts and names the missing parts', () => {
    const [finding] = validateForm({
      indicators: [byAreaAndEnterprise],
      values: values(...all4(4, null, 6, null)),
      rules: [],
    });
    expect(finding!.numbers).toEqual({ given: 2, expected: 4 });
    expect(finding!.message).toEqual({
      en: 'Fixed broadband users: parts incomplete, 2 of 4 given; missing: Urban, private; Rural, private.',
      zh: '固定宽带用户：分项不完整，应填 4 项，已填 2 项；未填：城镇，民营；农村，民营。',
    });
  });

  it('lists missing parts of one category with commas', () => {
    const [finding] = validateForm({
      indicators: [
        indicator('broadband', {
          categories: [
            {
              ...AREA,
              options: [...AREA.options, { code: 'TOWN', nameEn: 'Town', nameZh: '乡镇' }],
            },
          ],
        }),
      ],
      values: values(['broadband', URBAN, 1]),
      rules: [],
    });
    expect(finding!.message.en).toContain('1 of 3 given; missing: Rural, Town.');
    expect(finding!.message.zh).toContain('未填：农村、乡镇。');
  });

  it('names at most five missing parts', () => {
    const many: CategoryModel = {
      code: 'REGION',
      nameEn: 'Region',
      nameZh: '区域',
      options: Array.from({ length: 9 }, (_, i) => ({
        code: `R${i}`,
        nameEn: `Region ${i}`,
        nameZh: `区域${i}`,
      })),
    };
    const [finding] = validateForm({
      indicators: [indicator('broadband', { categories: [many] })],
      values: values(['broadband', 'REGION=R0', 1]),
      rules: [],
    });
    expect(finding!.message.en).toBe(
      'Fixed broadband users: parts incomplete, 1 of 9 given; missing: Region 1, Region 2, Region 3, Region 4, Region 5 and 3 more.',
    );
    expect(finding!.message.zh).toBe(
      '固定宽带用户：分项不完整，应填 9 项，已填 1 项；未填：区域1、区域2、区域3、区域4、区域5等 8 项。',
    );
  });
});

describe('validateForm: outlier', () => {
  // median 100, deviations 0 2 2 1 1: MAD 1
  const steady = [100, 102, 98, 101, 99];
  const watched = (
    history: number[],
    threshold: number | null = 3.5,
    extra: Partial<FormIndicator> = {},
  ) => indicator('mobile_users', { history, outlierThreshold: threshold, ...extra });

  it.each<[string, FormIndicator, number | null, string[]]>([
    ['far above the history', watched(steady), 110, ['outlier warning mobile_users|']],
    ['far below the history', watched(steady), 90, ['outlier warning mobile_users|']],
    ['within the threshold', watched(steady), 104, []],
    ['no threshold', watched(steady, null), 1e9, []],
    ['empty history', watched([]), 1e9, []],
    ['three points of history', watched([100, 100, 100]), 1e9, []],
    ['not given', watched(steady), null, []],
    [
      'MAD 0: mean absolute deviation, far',
      watched([100, 100, 100, 100, 120]),
      130,
      ['outlier warning mobile_users|'],
    ],
    ['MAD 0: mean absolute deviation, near', watched([100, 100, 100, 100, 120]), 105, []],
    ['no spread, the same value', watched([50, 50, 50, 50]), 50, []],
    [
      'no spread, another value',
      watched([50, 50, 50, 50]),
      50.5,
      ['outlier warning mobile_users|'],
    ],
    [
      'negative numbers',
      watched([-100, -102, -98, -101, -99]),
      -110,
      ['outlier warning mobile_users|'],
    ],
    ['negative numbers, within', watched([-100, -102, -98, -101, -99]), -97, []],
    [
      'a score exactly at the threshold is not an outlier',
      watched(steady, modifiedZScore(110, steady)!.score),
      110,
      [],
    ],
    [
      'just under the score is',
      watched(steady, modifiedZScore(110, steady)!.score - 1e-9),
      110,
      ['outlier warning mobile_users|'],
    ],
  ])('%s', (_, form, value, expected) => {
    expect(gists([form], values(['mobile_users', '', value]))).toEqual(expected);
  });

  it('checks a total derived from its parts, naming the parts', () => {
    const form = watched(steady, 3.5, { categories: [AREA] });
    expect(gists([form], values(['mobile_users', URBAN, 60], ['mobile_users', RURAL, 60]))).toEqual(
      [`outlier warning mobile_users|${URBAN} mobile_users|${RURAL}`],
    );
  });

  it('quotes value, score, threshold, median and MAD', () => {
    const [finding] = validateForm({
      indicators: [
        watched([1000, 1020, 980, 1010, 990], 3.5, { unit: { en: '10k subscribers', zh: '万户' } }),
      ],
      values: values(['mobile_users', '', 1500]),
      rules: [],
    });
    // median 1,000, MAD 10: 0.6745 × 500 / 10
    expect(finding!.numbers).toEqual({
      value: 1500,
      median: 1000,
      mad: 10,
      meanAd: 12,
      score: expect.closeTo(33.725, 9),
      threshold: 3.5,
    });
    expect(finding!.message).toEqual({
      en: "Mobile users = 1,500 10k subscribers is unusual against this unit's earlier values: modified z-score 33.73 exceeds 3.5 (median 1,000 10k subscribers, MAD 10 10k subscribers).",
      zh: '移动电话用户 = 1,500万户，与本单位以往数值相比异常：修正 Z 分数 33.73，超过阈值 3.5（中位数 1,000万户，MAD 10万户）。',
    });
  });

  it('names the mean absolute deviation when it used it', () => {
    const [finding] = validateForm({
      indicators: [watched([100, 100, 100, 100, 120])],
      values: values(['mobile_users', '', 80]),
      rules: [],
    });
    expect(finding!.numbers).toMatchObject({ median: 100, mad: 0, meanAd: 4 });
    expect(finding!.message.en).toBe(
      "Mobile users = 80 is unusual against this unit's earlier values: modified z-score -3.99 exceeds 3.5 (median 100, mean absolute deviation 4).",
    );
    expect(finding!.message.zh).toBe(
      '移动电话用户 = 80，与本单位以往数值相比异常：修正 Z 分数 -3.99，超过阈值 3.5（中位数 100，平均绝对偏差 4）。',
    );
  });

  it('says a history without spread plainly, with no infinite number', () => {
    const [finding] = validateForm({
      indicators: [watched([50, 50, 50, 50])],
      values: values(['mobile_users', '', 50.5]),
      rules: [],
    });
    expect(finding!.numbers).toEqual({
      value: 50.5,
      median: 50,
      mad: 0,
      meanAd: 0,
      score: null,
      threshold: 3.5,
    });
    expect(JSON.parse(JSON.stringify(finding!.numbers))).toEqual(finding!.numbers);
    expect(finding!.message).toEqual({
      en: 'Mobile users = 50.5 differs from all earlier values of this unit (each 50).',
      zh: '移动电话用户 = 50.5，与本单位以往数值（均为 50）不同。',
    });
  });
});

describe('validateForm: compare rules', () => {
  const form = [
    indicator('mobile_users'),
    indicator('users_5g'),
    indicator('broadband', { categories: [AREA] }),
    indicator('enterprises'),
  ];
  const compare = (
    left: [string, number?, string?][],
    operator: '<=' | '<' | '>=' | '>' | '=' | '!=',
    right: [string, number?, string?][],
    missing?: 'skip' | 'zero',
  ): RuleDefinitionInput => {
    const terms = (side: [string, number?, string?][]) =>
      side.map(([indicatorCode, coefficient, disaggregation]) => ({
        indicator: indicatorCode,
        ...(coefficient === undefined ? {} : { coefficient }),
        ...(disaggregation === undefined ? {} : { disaggregation }),
      }));
    return {
      kind: 'compare',
      left: terms(left),
      operator,
      right: terms(right),
      ...(missing ? { missing } : {}),
    };
  };
  const cellsOf = (a: number | null, b: number | null) =>
    values(['users_5g', '', a], ['mobile_users', '', b]);
  const fiveG = compare([['users_5g']], '<=', [['mobile_users']]);

  it.each<[string, RuleDefinitionInput, FormValues, [number, number] | null]>([
    ['≤ fails', fiveG, cellsOf(1200, 1000), [1200, 1000]],
    ['≤ holds', fiveG, cellsOf(900, 1000), null],
    ['≤ holds at equality', fiveG, cellsOf(1000, 1000), null],
    [
      '< fails at equality',
      compare([['users_5g']], '<', [['mobile_users']]),
      cellsOf(1000, 1000),
      [1000, 1000],
    ],
    ['< holds', compare([['users_5g']], '<', [['mobile_users']]), cellsOf(999, 1000), null],
    ['≥ fails', compare([['users_5g']], '>=', [['mobile_users']]), cellsOf(999, 1000), [999, 1000]],
    [
      '≥ holds at equality',
      compare([['users_5g']], '>=', [['mobile_users']]),
      cellsOf(1000, 1000),
      null,
    ],
    [
      '> fails at equality',
      compare([['users_5g']], '>', [['mobile_users']]),
      cellsOf(1000, 1000),
      [1000, 1000],
    ],
    ['> holds', compare([['users_5g']], '>', [['mobile_users']]), cellsOf(1001, 1000), null],
    ['= fails', compare([['users_5g']], '=', [['mobile_users']]), cellsOf(5, 6), [5, 6]],
    ['= holds', compare([['users_5g']], '=', [['mobile_users']]), cellsOf(6, 6), null],
    ['!= fails', compare([['users_5g']], '!=', [['mobile_users']]), cellsOf(5, 5), [5, 5]],
    ['!= holds', compare([['users_5g']], '!=', [['mobile_users']]), cellsOf(5, 6), null],
    ['negative values', fiveG, cellsOf(-1, -2), [-1, -2]],
    [
      '0.1 + 0.2 = 0.3 within the tolerance',
      compare([['users_5g'], ['enterprises']], '=', [['mobile_users']]),
      values(['users_5g', '', 0.1], ['enterprises', '', 0.2], ['mobile_users', '', 0.3]),
      null,
    ],
    [
      '0.1 + 0.2 != 0.3 fails within the tolerance',
      compare([['users_5g'], ['enterprises']], '!=', [['mobile_users']]),
      values(['users_5g', '', 0.1], ['enterprises', '', 0.2], ['mobile_users', '', 0.3]),
      [0.1 + 0.2, 0.3],
    ],
    [
      '0.1 + 0.2 < 0.3 fails: equal within the tolerance',
      compare([['users_5g'], ['enterprises']], '<', [['mobile_users']]),
      values(['users_5g', '', 0.1], ['enterprises', '', 0.2], ['mobile_users', '', 0.3]),
      [0.1 + 0.2, 0.3],
    ],
    [
      'coefficients: 2 × 10 − 5 ≥ 16 fails',
      compare(
        [
          ['users_5g', 2],
          ['enterprises', -1],
        ],
        '>=',
        [['mobile_users']],
      ),
      values(['users_5g', '', 10], ['enterprises', '', 5], ['mobile_users', '', 16]),
      [15, 16],
    ],
    [
      'coefficients: 2 × 10 − 5 ≥ 15 holds',
      compare(
        [
          ['users_5g', 2],
          ['enterprises', -1],
        ],
        '>=',
        [['mobile_users']],
      ),
      values(['users_5g', '', 10], ['enterprises', '', 5], ['mobile_users', '', 15]),
      null,
    ],
    [
      'fractional coefficient on the right',
      compare([['users_5g']], '<=', [['mobile_users', 0.5]]),
      cellsOf(600, 1000),
      [600, 500],
    ],
    ['missing, skip by default: not evaluated', fiveG, cellsOf(1200, null), null],
    [
      'missing, skip: not evaluated',
      compare([['users_5g']], '<=', [['mobile_users']], 'skip'),
      values(['users_5g', '', 1200]),
      null,
    ],
    [
      'missing, zero: evaluated with 0',
      compare([['users_5g']], '<=', [['mobile_users']], 'zero'),
      cellsOf(1200, null),
      [1200, 0],
    ],
    [
      'missing, zero: holds with 0',
      compare([['users_5g']], '<=', [['mobile_users']], 'zero'),
      cellsOf(null, 5),
      null,
    ],
    [
      'all missing, zero: 0 ≤ 0',
      compare([['users_5g']], '<=', [['mobile_users']], 'zero'),
      values(),
      null,
    ],
    [
      'all missing, zero: 0 < 0 fails',
      compare([['users_5g']], '<', [['mobile_users']], 'zero'),
      values(),
      [0, 0],
    ],
    [
      'not finite, zero: not evaluated',
      compare([['users_5g']], '<=', [['mobile_users']], 'zero'),
      cellsOf(NaN, 5),
      null,
    ],
    [
      'a part as operand',
      compare([['broadband', 1, URBAN]], '<=', [['mobile_users']]),
      values(['broadband', URBAN, 30], ['mobile_users', '', 20]),
      [30, 20],
    ],
    [
      'a total derived from its parts',
      compare([['broadband']], '<=', [['mobile_users']]),
      values(['broadband', URBAN, 15], ['broadband', RURAL, 10], ['mobile_users', '', 20]),
      [25, 20],
    ],
    [
      'a total with a part missing is missing',
      compare([['broadband']], '<=', [['mobile_users']]),
      values(['broadband', URBAN, 15], ['mobile_users', '', 1]),
      null,
    ],
    [
      'an indicator outside the form, named by its code',
      compare([['other_indicator']], '<=', [['mobile_users']]),
      values(['other_indicator', '', 3], ['mobile_users', '', 1]),
      [3, 1],
    ],
  ])('%s', (_, definition, formValues, failure) => {
    const findings = validateForm({
      indicators: form,
      values: formValues,
      rules: [rule('r1', definition)],
    }).filter((finding) => finding.check === 'rule');
    if (failure === null) {
      expect(findings).toEqual([]);
    } else {
      expect(findings).toHaveLength(1);
      expect(findings[0]!.ruleCode).toBe('r1');
      expect(findings[0]!.numbers).toEqual({ left: failure[0], right: failure[1] });
    }
  });

  it('writes the message of the example', () => {
    const [finding] = validateForm({
      indicators: form,
      values: cellsOf(1200, 1000),
      rules: [
        {
          code: 'users_5g_le_mobile',
          severity: 'error',
          nameEn: '5G users ≤ mobile users',
          nameZh: '5G用户数不超过移动电话用户数',
          definition: fiveG,
        },
      ],
    });
    expect(finding).toEqual({
      check: 'rule',
      ruleCode: 'users_5g_le_mobile',
      severity: 'error',
      subjects: [
        { indicator: 'users_5g', disaggregation: '' },
        { indicator: 'mobile_users', disaggregation: '' },
      ],
      numbers: { left: 1200, right: 1000 },
      message: {
        en: 'Rule "5G users ≤ mobile users" (users_5g_le_mobile) fails: 5G mobile phone users = 1,200 is not ≤ Mobile users = 1,000.',
        zh: '规则“5G用户数不超过移动电话用户数”（users_5g_le_mobile）未通过：5G移动电话用户 = 1,200，不满足 ≤ 移动电话用户 = 1,000。',
      },
    });
  });

  it('writes linear combinations with their coefficients, labels and shared units', () => {
    const unit = { en: '10k', zh: '万户' };
    const [finding] = validateForm({
      indicators: [
        indicator('broadband', { categories: [AREA], unit }),
        indicator('users_5g', { unit }),
        indicator('mobile_users', { unit: { en: 'households', zh: '户' } }),
      ],
      values: values(
        ['broadband', URBAN, 10],
        ['broadband', RURAL, 4],
        ['users_5g', '', 3],
        ['mobile_users', '', 5],
      ),
      rules: [
        rule(
          'combo',
          compare(
            [
              ['broadband', -2, URBAN],
              ['broadband', 1, RURAL],
              ['users_5g', -0.5],
            ],
            '>',
            [['mobile_users'], ['users_5g', 1]],
          ),
          'warning',
        ),
      ],
    });
    expect(finding!.severity).toBe('warning');
    expect(finding!.numbers).toEqual({ left: -17.5, right: 8 });
    expect(finding!.subjects).toEqual([
      { indicator: 'broadband', disaggregation: URBAN },
      { indicator: 'broadband', disaggregation: RURAL },
      { indicator: 'users_5g', disaggregation: '' },
      { indicator: 'mobile_users', disaggregation: '' },
    ]);
    expect(finding!.message).toEqual({
      en: 'Rule "rule combo" (combo) fails: −2 × Fixed broadband users (Urban) + Fixed broadband users (Rural) − 0.5 × 5G mobile phone users = -17.5 10k is not > Mobile users + 5G mobile phone users = 8.',
      zh: '规则“规则combo”（combo）未通过：−2 × 固定宽带用户（城镇） + 固定宽带用户（农村） − 0.5 × 5G移动电话用户 = -17.5万户，不满足 > 移动电话用户 + 5G移动电话用户 = 8。',
    });
  });

  it('phrases = and != and says which missing values counted as 0', () => {
    const findings = validateForm({
      indicators: form,
      values: values(['users_5g', '', 5], ['enterprises', '', 5]),
      rules: [
        rule('eq', compare([['users_5g']], '=', [['mobile_users'], ['broadband']], 'zero')),
        rule('ne', compare([['users_5g']], '!=', [['enterprises']])),
      ],
    });
    expect(findings.map((finding) => finding.message)).toEqual([
      {
        en: 'Rule "rule eq" (eq) fails: 5G mobile phone users = 5 does not equal Mobile users + Fixed broadband users = 0. Not given, counted as 0: Mobile users, Fixed broadband users.',
        zh: '规则“规则eq”（eq）未通过：5G移动电话用户 = 5，不等于 移动电话用户 + 固定宽带用户 = 0。未填写、按 0 计：移动电话用户、固定宽带用户。',
      },
      {
        en: 'Rule "rule ne" (ne) fails: 5G mobile phone users = 5 equals Enterprises online = 5.',
        zh: '规则“规则ne”（ne）未通过：5G移动电话用户 = 5，等于 上网企业 = 5。',
      },
    ]);
    expect(findings[0]!.subjects).toEqual([
      { indicator: 'users_5g', disaggregation: '' },
      { indicator: 'mobile_users', disaggregation: '' },
      { indicator: 'broadband', disaggregation: '' },
    ]);
  });

  it('names a derived total and its parts as subjects', () => {
    const [finding] = validateForm({
      indicators: form,
      values: values(['broadband', URBAN, 15], ['broadband', RURAL, 10], ['mobile_users', '', 20]),
      rules: [rule('r', compare([['broadband']], '<=', [['mobile_users']]))],
    });
    expect(finding!.message.en).toContain(
      'Fixed broadband users (sum of the parts) = 25 is not ≤ Mobile users = 20.',
    );
    expect(finding!.message.zh).toContain(
      '固定宽带用户（分项之和） = 25，不满足 ≤ 移动电话用户 = 20。',
    );
    expect(finding!.subjects).toEqual([
      { indicator: 'broadband', disaggregation: URBAN },
      { indicator: 'broadband', disaggregation: RURAL },
      { indicator: 'mobile_users', disaggregation: '' },
    ]);
  });
});

describe('validateForm: share rules', () => {
  const form = [indicator('broadband_share', { unit: { en: '%', zh: '%' }, categories: [AREA] })];
  const share = rule('share', { kind: 'share', indicator: 'broadband_share' }, 'warning');
  const urbanShare = rule('urban_share', {
    kind: 'share',
    indicator: 'broadband_share',
    disaggregation: URBAN,
  });

  it.each<[string, ValidationRule, FormValues, number | null]>([
    ['0 exactly', share, values(['broadband_share', '', 0]), null],
    ['100 exactly', share, values(['broadband_share', '', 100]), null],
    ['in between', share, values(['broadband_share', '', 57.3]), null],
    ['just below 0', share, values(['broadband_share', '', -0.1]), -0.1],
    ['just above 100', share, values(['broadband_share', '', 100.000001]), 100.000001],
    ['not given', share, values(), null],
    ['not finite', share, values(['broadband_share', '', Infinity]), null],
    ['a part', urbanShare, values(['broadband_share', URBAN, 120]), 120],
    [
      'a part, total fine',
      urbanShare,
      values(['broadband_share', '', 50], ['broadband_share', URBAN, 50]),
      null,
    ],
  ])('%s', (_, shareRule, formValues, failing) => {
    const findings = validateForm({
      indicators: form,
      values: formValues,
      rules: [shareRule],
    }).filter((finding) => finding.check === 'rule');
    if (failing === null) expect(findings).toEqual([]);
    else
      expect(findings.map((finding) => finding.numbers)).toEqual([
        { value: failing, min: 0, max: 100 },
      ]);
  });

  it('names value and rule in both languages', () => {
    const [finding] = validateForm({
      indicators: form,
      values: values(['broadband_share', URBAN, 120.5], ['broadband_share', RURAL, 20]),
      rules: [{ ...urbanShare, nameEn: 'Penetration is a percentage', nameZh: '普及率为百分比' }],
    });
    expect(finding).toEqual({
      severity: 'error',
      ruleCode: 'urban_share',
      subjects: [{ indicator: 'broadband_share', disaggregation: URBAN }],
      check: 'rule',
      numbers: { value: 120.5, min: 0, max: 100 },
      message: expect.anything(),
    });
    expect(finding!.message).toEqual({
      en: 'Rule "Penetration is a percentage" (urban_share) fails: Broadband penetration (Urban) = 120.5% is not between 0 and 100.',
      zh: '规则“普及率为百分比”（urban_share）未通过：宽带普及率（城镇） = 120.5%，不在 0 到 100 之间。',
    });
  });
});

describe('validateForm: the whole form', () => {
  it('lists indicators in order, each check in order, then the rules in order', () => {
    const indicators = [
      indicator('users_5g', { required: true }),
      indicator('broadband', {
        categories: [AREA],
        minValue: 0,
        outlierThreshold: 3.5,
        history: [10, 11, 9, 10, 10],
      }),
    ];
    const formValues = values(
      ['broadband', '', 150],
      ['broadband', URBAN, -1],
      ['broadband', RURAL, NaN],
      ['mobile_users', '', 1],
    );
    const rules = [
      rule('b', { kind: 'share', indicator: 'broadband' }),
      rule(
        'a',
        {
          kind: 'compare',
          left: [{ indicator: 'broadband' }],
          operator: '<=',
          right: [{ indicator: 'mobile_users' }],
        },
        'warning',
      ),
    ];
    expect(gists(indicators, formValues, rules)).toEqual([
      'required error users_5g|',
      `not_finite error broadband|${RURAL}`,
      `range error broadband|${URBAN}`,
      'outlier warning broadband|',
      'rule error broadband|',
      'rule warning broadband| mobile_users|',
    ]);
  });

  it('finds nothing in a clean form', () => {
    expect(
      validateForm({
        indicators: [
          indicator('mobile_users', {
            required: true,
            minValue: 0,
            outlierThreshold: 3.5,
            history: [1, 2, 3, 4],
          }),
        ],
        values: values(['mobile_users', '', 3]),
        rules: [rule('s', { kind: 'share', indicator: 'mobile_users' })],
      }),
    ).toEqual([]);
  });
});

describe('blockingFindings', () => {
  const indicators = [
    indicator('mobile_users', { required: true }),
    indicator('broadband', { categories: [AREA] }),
    indicator('users_5g', { outlierThreshold: 3.5, history: [10, 11, 9, 10, 10] }),
  ];
  const findingsFor = (formValues: FormValues) =>
    validateForm({ indicators, values: formValues, rules: [] });

  it('blocks on errors even when commented, and on warnings without a comment', () => {
    const formValues = values(
      ['mobile_users', '', null, 'we do not collect this'],
      ['broadband', URBAN, 4],
      ['users_5g', '', 100],
    );
    const findings = findingsFor(formValues);
    expect(findings.map(gist)).toEqual([
      'required error mobile_users|',
      `parts_incomplete warning broadband|${URBAN} broadband|${RURAL}`,
      'outlier warning users_5g|',
    ]);
    expect(blockingFindings(findings, formValues)).toEqual(findings);
  });

  it('lets a warning pass once one of its cells carries a comment', () => {
    const formValues = values(
      ['mobile_users', '', 7],
      ['broadband', URBAN, 4],
      ['broadband', RURAL, null, 'rural survey not yet published'],
      ['users_5g', '', 100, 'new network launched'],
    );
    const findings = findingsFor(formValues);
    expect(findings.map((finding) => finding.check)).toEqual(['parts_incomplete', 'outlier']);
    expect(blockingFindings(findings, formValues)).toEqual([]);
  });

  it.each<[string, string | undefined]>([
    ['no comment', undefined],
    ['an empty comment', ''],
    ['a comment of spaces', ' \u3000\n'],
  ])('blocks a warning with %s', (_, comment) => {
    const formValues = values(['mobile_users', '', 7], ['users_5g', '', 100, comment]);
    const findings = findingsFor(formValues);
    expect(blockingFindings(findings, formValues).map((finding) => finding.check)).toEqual([
      'outlier',
    ]);
  });

  it('ignores comments on cells the warning does not name', () => {
    const formValues = values(['mobile_users', '', 7, 'explained'], ['users_5g', '', 100]);
    expect(
      blockingFindings(findingsFor(formValues), formValues).map((finding) => finding.check),
    ).toEqual(['outlier']);
  });

  it('keeps the order of the findings', () => {
    const formValues = values(['broadband', URBAN, 4], ['users_5g', '', 100]);
    const findings = findingsFor(formValues);
    expect(blockingFindings(findings, formValues).map((finding) => finding.check)).toEqual([
      'required',
      'parts_incomplete',
      'outlier',
    ]);
  });
});
