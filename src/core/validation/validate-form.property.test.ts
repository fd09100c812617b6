import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CategoryModel } from '../disaggregation.js';
import { disaggregationKeys } from '../disaggregation.js';
import { MIN_OUTLIER_HISTORY } from './modified-z-score.js';
import type { CompareOperator, CompareRuleDefinitionInput } from './rule-definition.js';
import {
  formValueKey,
  validateForm,
  type FormIndicator,
  type FormValue,
  type FormValues,
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
    { code: 'FOREIGN', nameEn: 'foreign', nameZh: '外资' },
  ],
};
const PARTS = disaggregationKeys([AREA, ENTERPRISE]);

function indicator(code: string, overrides: Partial<FormIndicator> = {}): FormIndicator {
  return {
    code,
    nameEn: `Indicator ${code}`,
    nameZh: `指标${code}`,
    required: false,
    minValue: null,
    maxValue: null,
    outlierThreshold: null,
    categories: [],
    history: [],
    ...overrides,
  };
}

function valuesOf(cells: readonly [string, string, number | null][]): FormValues {
  return new Map<string, FormValue>(
    cells.map(([code, key, value]) => [formValueKey(code, key), { value, comment: null }]),
  );
}

/** Figures as reported: magnitudes from 0 to a trillion, with decimals, either sign. */
const figure = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e12, max: 1e12, noNaN: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 10),
);

describe('parts against the total, properties', () => {
  // Pairs that cancel (x, −x) make the sum's rounding depend on the order the most.
  const cancelling = fc
    .array(figure, { minLength: PARTS.length / 2, maxLength: PARTS.length / 2 })
    .map((halves) =>
      halves.flatMap((value, index) => (index % 2 === 0 ? [value, -value] : [value, value])),
    );
  const partsAndOrder = fc
    .oneof(fc.array(figure, { minLength: PARTS.length, maxLength: PARTS.length }), cancelling)
    .chain((parts) =>
      fc.tuple(fc.constant(parts), fc.shuffledSubarray(parts, { minLength: parts.length })),
    );

  const check = (total: number, parts: readonly number[]) =>
    validateForm({
      indicators: [indicator('x', { categories: [AREA, ENTERPRISE] })],
      values: valuesOf([
        ['x', '', total],
        ...parts.map((value, index): [string, string, number] => ['x', PARTS[index]!, value]),
      ]),
      rules: [],
    }).map((finding) => finding.check);

  it('never reports parts that sum to the total, whatever order they were added in', () => {
    fc.assert(
      fc.property(partsAndOrder, ([parts, shuffled]) => {
        const total = shuffled.reduce((sum, value) => sum + value, 0);
        expect(check(total, parts)).toEqual([]);
      }),
    );
  });

  it('always reports a total off by a millionth of the figures', () => {
    fc.assert(
      fc.property(partsAndOrder, fc.boolean(), ([parts], up) => {
        const sum = parts.reduce((total, value) => total + value, 0);
        const magnitude = parts.reduce((total, value) => total + Math.abs(value), 0);
        const off = (magnitude + 1) * 1e-6 * (up ? 1 : -1);
        expect(check(sum + off, parts)).toEqual(['parts']);
      }),
    );
  });
});

describe('outliers, properties', () => {
  const history = fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), {
    minLength: 0,
    maxLength: 12,
  });
  // Powers of two scale every step of the score exactly, so verdicts cannot flip on rounding at the threshold.
  const factor = fc.integer({ min: -30, max: 30 }).map((exponent) => 2 ** exponent);

  it('gives the same verdict after scaling value and history by a positive constant', () => {
    let outliers = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: -3_000_000, max: 3_000_000 }),
        history,
        factor,
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        (value, points, scale, threshold) => {
          const verdict = (v: number, h: number[]) =>
            validateForm({
              indicators: [indicator('x', { outlierThreshold: threshold, history: h })],
              values: valuesOf([['x', '', v]]),
              rules: [],
            }).map((finding) => finding.check);
          const plain = verdict(value, points);
          if (plain.includes('outlier')) outliers += 1;
          expect(
            verdict(
              value * scale,
              points.map((point) => point * scale),
            ),
          ).toEqual(plain);
        },
      ),
      { numRuns: 300 },
    );
    // The property says nothing if no case was an outlier.
    expect(outliers).toBeGreaterThan(0);
  });

  it('never flags a value when the history is too short', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.array(fc.double({ noNaN: true }), { maxLength: MIN_OUTLIER_HISTORY - 1 }),
        (value, points) => {
          const findings = validateForm({
            indicators: [indicator('x', { outlierThreshold: 0, history: points })],
            values: valuesOf([['x', '', value]]),
            rules: [],
          });
          expect(findings).toEqual([]);
        },
      ),
    );
  });
});

describe('compare rules, properties', () => {
  const CODES = ['a', 'b', 'c', 'd'];
  const MIRROR: Record<CompareOperator, CompareOperator> = {
    '<=': '>=',
    '<': '>',
    '>=': '<=',
    '>': '<',
    '=': '=',
    '!=': '!=',
  };
  const term = fc.record({
    indicator: fc.constantFrom(...CODES),
    coefficient: fc.constantFrom(1, -1, 2, 0.5, -0.25, 3),
  });
  const side = fc.array(term, { minLength: 1, maxLength: 3 });
  const cell = fc.option(
    fc.oneof(
      fc.integer({ min: -20, max: 20 }),
      fc.integer({ min: -200, max: 200 }).map((n) => n / 10),
    ),
    { freq: 5 },
  );
  const definition = fc.record({
    left: side,
    operator: fc.constantFrom<CompareOperator>('<=', '<', '>=', '>', '=', '!='),
    right: side,
    missing: fc.constantFrom('skip' as const, 'zero' as const),
  });
  const cells = fc.tuple(cell, cell, cell, cell);

  const run = (rule: CompareRuleDefinitionInput, values: readonly (number | null)[]) =>
    validateForm({
      indicators: CODES.map((code) => indicator(code)),
      values: valuesOf(CODES.map((code, index) => [code, '', values[index] ?? null])),
      rules: [{ code: 'r', severity: 'error', nameEn: 'r', nameZh: 'r', definition: rule }],
    });

  it('gives the same verdict when the sides are swapped and the operator flipped', () => {
    let failures = 0;
    fc.assert(
      fc.property(definition, cells, (rule, values) => {
        const original = run({ kind: 'compare', ...rule }, values);
        const mirrored = run(
          {
            kind: 'compare',
            left: rule.right,
            operator: MIRROR[rule.operator],
            right: rule.left,
            missing: rule.missing,
          },
          values,
        );
        expect(mirrored.length).toBe(original.length);
        if (original.length > 0) failures += 1;
        for (const [index, finding] of original.entries()) {
          expect(mirrored[index]!.numbers).toEqual({
            left: finding.numbers.right,
            right: finding.numbers.left,
          });
        }
      }),
      { numRuns: 500 },
    );
    expect(failures).toBeGreaterThan(0);
  });

  it('fails exactly one of a comparison and its negation when every value is given', () => {
    const NEGATION: Record<CompareOperator, CompareOperator> = {
      '<=': '>',
      '<': '>=',
      '>=': '<',
      '>': '<=',
      '=': '!=',
      '!=': '=',
    };
    const given = fc.tuple(
      ...CODES.map(() => fc.integer({ min: -1000, max: 1000 }).map((n) => n / 8)),
    );
    fc.assert(
      fc.property(definition, given, (rule, values) => {
        const failed = run({ kind: 'compare', ...rule }, values).length;
        const negationFailed = run(
          { kind: 'compare', ...rule, operator: NEGATION[rule.operator] },
          values,
        ).length;
        expect(failed + negationFailed).toBe(1);
      }),
    );
  });
});

describe('order, properties', () => {
  const form = [
    indicator('a', { required: true, minValue: 0, maxValue: 100 }),
    indicator('b', {
      categories: [AREA],
      outlierThreshold: 3.5,
      history: [10, 12, 11, 9, 10],
      minValue: -50,
    }),
    indicator('c', { required: true, categories: [AREA, ENTERPRISE] }),
  ];
  const keys = [
    ['a', ''],
    ['b', ''],
    ...disaggregationKeys([AREA]).map((key) => ['b', key]),
    ['c', ''],
    ...PARTS.map((key) => ['c', key]),
  ] as const;
  const cellValue = fc.option(
    fc.oneof(fc.integer({ min: -100, max: 200 }), fc.constantFrom(NaN, Infinity, 0.1, 0.2, 0.3)),
    { freq: 3 },
  );
  const rules = [
    {
      code: 'ab',
      severity: 'warning' as const,
      nameEn: 'a ≥ b',
      nameZh: 'a 不小于 b',
      definition: {
        kind: 'compare' as const,
        left: [{ indicator: 'a' }],
        operator: '>=' as const,
        right: [{ indicator: 'b' }],
        missing: 'zero' as const,
      },
    },
    {
      code: 'share',
      severity: 'error' as const,
      nameEn: 'share',
      nameZh: '占比',
      definition: { kind: 'share' as const, indicator: 'a' },
    },
  ];

  it('gives the same findings in the same order whatever the order of the values', () => {
    fc.assert(
      fc.property(
        fc.array(cellValue, { minLength: keys.length, maxLength: keys.length }),
        fc.func(fc.integer()),
        (cellValues, shuffleKey) => {
          const cells = keys.map(([code, key], index): [string, string, number | null] => [
            code,
            key,
            cellValues[index] ?? null,
          ]);
          const shuffled = [...cells]
            .map((entry, index) => ({ entry, rank: shuffleKey(index) }))
            .sort((x, y) => x.rank - y.rank)
            .map(({ entry }) => entry);
          const first = validateForm({ indicators: form, values: valuesOf(cells), rules });
          const again = validateForm({ indicators: form, values: valuesOf(cells), rules });
          const reordered = validateForm({ indicators: form, values: valuesOf(shuffled), rules });
          expect(again).toEqual(first);
          expect(reordered).toEqual(first);
          // Indicators in form order, then rules: the sequence of indicator positions never goes back.
          const positions = first.map((finding) =>
            finding.check === 'rule'
              ? form.length
              : form.findIndex((i) => i.code === finding.subjects[0]?.indicator),
          );
          expect(positions).toEqual([...positions].sort((x, y) => x - y));
        },
      ),
    );
  });
});
