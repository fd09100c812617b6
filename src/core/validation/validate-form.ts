/**
 * The validation of one reported form: the values of a data set for one org
 * unit and one period, checked before submission. Automatic checks (not a
 * finite number, required, range, parts against the total, outlier against
 * the unit's own history) run for every indicator of the form; the data
 * set's rules (rule-definition.ts) run after them. Every finding names the
 * values involved, the numbers it quotes, and says what is wrong in English
 * and Chinese.
 *
 * Order, so the same form always gives the same list: indicators in the
 * order given, for each the checks in the order above (cells total first,
 * then parts in disaggregationKeys order); then the rules in the order given.
 *
 * A value is *given* when it is not null; a given value that is not a finite
 * number is reported once (not_finite) and left out of every other check. An
 * indicator with categories whose total is not given but whose parts all are
 * has that sum as its total: required, range, outlier and the rules use it.
 */
import {
  disaggregationKeys,
  disaggregationLabel,
  TOTAL,
  type CategoryModel,
} from '../disaggregation.js';
import {
  formatNumber,
  formatQuantity,
  formatScore,
  listLabels,
  valueLabel,
  type Bilingual,
  type Language,
} from './format.js';
import { modifiedZScore, type ModifiedZScore } from './modified-z-score.js';
import type {
  CompareRuleDefinitionInput,
  ExpressionTermInput,
  RuleDefinitionInput,
} from './rule-definition.js';
import { DEFAULT_MISSING_VALUE_STRATEGY, type CompareOperator } from './vocabulary.js';

export type { Bilingual, Language } from './format.js';

export type Severity = 'error' | 'warning';

export type CheckKind =
  'required' | 'range' | 'parts' | 'parts_incomplete' | 'outlier' | 'rule' | 'not_finite';

export interface FormIndicator {
  code: string;
  nameEn: string;
  nameZh: string;
  /** Text appended to quoted numbers ('10k subscribers' / '万户'); absent or null for none. */
  unit?: Bilingual | null;
  /** The total must be given (or every part). */
  required: boolean;
  minValue: number | null;
  maxValue: number | null;
  /** The largest |modified z-score| that is not an outlier, typically 3.5; null: no outlier check. */
  outlierThreshold: number | null;
  categories: readonly CategoryModel[];
  /** The unit's own earlier totals of this indicator, oldest first. */
  history: readonly number[];
}

export interface FormValue {
  /** null: not given. */
  value: number | null;
  comment: string | null;
}

/** Values by formValueKey(indicator, disaggregation). Keys outside the form are read only by rules. */
export type FormValues = ReadonlyMap<string, FormValue>;

export interface ValidationRule {
  code: string;
  severity: Severity;
  nameEn: string;
  nameZh: string;
  definition: RuleDefinitionInput;
}

export interface FormInput {
  indicators: readonly FormIndicator[];
  values: FormValues;
  rules: readonly ValidationRule[];
}

export interface FindingSubject {
  indicator: string;
  disaggregation: string;
}

export interface Finding {
  check: CheckKind;
  /** Set for check 'rule' only. */
  ruleCode?: string;
  severity: Severity;
  /** The cells involved, for highlighting; a total derived from its parts is its parts. */
  subjects: FindingSubject[];
  /** The numbers the message quotes; null where a number is undefined or infinite (JSON holds neither). */
  numbers: Record<string, number | null>;
  message: Bilingual;
}

/**
 * Two sums of figures are taken as equal when they differ by at most this
 * share of the sum of their terms' magnitudes. Adding n doubles in any order
 * errs by at most about n × 1.1e-16 × Σ|terms|, so 1e-9 absorbs the rounding
 * of millions of terms (0.1 + 0.2 is 0.3) while a difference of more than a
 * billionth of the figures is still reported. Measured against the terms,
 * not the result, so cancelling terms (1e12 − 1e12 + 0.1) do not shrink it.
 */
export const RELATIVE_TOLERANCE = 1e-9;

/** The key of one cell in FormValues: `${indicator}|${disaggregation}`, '' for the total. */
export function formValueKey(indicator: string, disaggregation: string = TOTAL): string {
  return `${indicator}|${disaggregation}`;
}

/** Every finding of the form, in the order described above; never throws. */
export function validateForm(input: FormInput): Finding[] {
  const form = new FormReader(input.indicators, input.values);
  const findings: Finding[] = [];
  for (const indicator of input.indicators) findings.push(...checkIndicator(indicator, form));
  for (const rule of input.rules) {
    const finding = checkRule(rule, form);
    if (finding) findings.push(finding);
  }
  return findings;
}

/**
 * The findings that block submission: every error, and every warning none of
 * whose values carries a comment (a warning may stand once it is explained).
 */
export function blockingFindings(findings: readonly Finding[], values: FormValues): Finding[] {
  return findings.filter(
    (finding) =>
      finding.severity === 'error' ||
      !finding.subjects.some((subject) => {
        const comment = values.get(
          formValueKey(subject.indicator, subject.disaggregation),
        )?.comment;
        return comment != null && comment.trim() !== '';
      }),
  );
}

// ---------------------------------------------------------------------------
// Reading cells

/** A cell as the checks see it. */
type Operand =
  | { state: 'value'; value: number; subjects: FindingSubject[]; derivedFromParts: boolean }
  | { state: 'missing'; subjects: FindingSubject[] }
  | { state: 'not_finite'; subjects: FindingSubject[] };

class FormReader {
  private readonly byCode = new Map<string, FormIndicator>();

  constructor(
    indicators: readonly FormIndicator[],
    private readonly values: FormValues,
  ) {
    for (const indicator of indicators) {
      if (!this.byCode.has(indicator.code)) this.byCode.set(indicator.code, indicator);
    }
  }

  indicator(code: string): FormIndicator | undefined {
    return this.byCode.get(code);
  }

  /** The value as entered: null when not given. */
  entered(indicator: string, disaggregation: string): number | null {
    return this.values.get(formValueKey(indicator, disaggregation))?.value ?? null;
  }

  /** A cell's value; a total not given is the sum of its parts when every part is given. */
  operand(code: string, disaggregation: string): Operand {
    const subjects = [{ indicator: code, disaggregation }];
    const entered = this.entered(code, disaggregation);
    if (entered !== null) {
      return Number.isFinite(entered)
        ? { state: 'value', value: entered, subjects, derivedFromParts: false }
        : { state: 'not_finite', subjects };
    }
    const categories = this.indicator(code)?.categories ?? [];
    if (disaggregation !== TOTAL || categories.length === 0) return { state: 'missing', subjects };
    const parts = disaggregationKeys(categories).map((key) => ({
      subject: { indicator: code, disaggregation: key },
      value: this.entered(code, key),
    }));
    const partSubjects = parts.map((part) => part.subject);
    if (parts.some((part) => part.value === null)) return { state: 'missing', subjects };
    if (parts.some((part) => !Number.isFinite(part.value))) {
      return { state: 'not_finite', subjects: partSubjects };
    }
    const sum = parts.reduce((total, part) => total + (part.value ?? 0), 0);
    return { state: 'value', value: sum, subjects: partSubjects, derivedFromParts: true };
  }

  label(code: string, disaggregation: string, language: Language, derivedFromParts = false) {
    return valueLabel(code, this.indicator(code), disaggregation, language, derivedFromParts);
  }

  quantity(code: string, value: number, language: Language): string {
    return formatQuantity(value, this.indicator(code)?.unit, language);
  }
}

// ---------------------------------------------------------------------------
// Automatic checks

function checkIndicator(indicator: FormIndicator, form: FormReader): Finding[] {
  const { code } = indicator;
  const parts = disaggregationKeys(indicator.categories);
  const cells = [TOTAL, ...parts];
  const findings: Finding[] = [];

  for (const key of cells) {
    const entered = form.entered(code, key);
    if (entered !== null && !Number.isFinite(entered)) {
      findings.push(notFinite(form, code, key, entered));
    }
  }

  const total = form.operand(code, TOTAL);
  if (indicator.required && total.state === 'missing') {
    findings.push(required(indicator));
  }

  const rangeOperands: { key: string; operand: Operand }[] = [{ key: TOTAL, operand: total }];
  for (const key of parts) rangeOperands.push({ key, operand: form.operand(code, key) });
  for (const { key, operand } of rangeOperands) {
    const finding = range(form, indicator, key, operand);
    if (finding) findings.push(finding);
  }

  if (parts.length > 0) {
    const finding = partsAgainstTotal(form, indicator, parts);
    if (finding) findings.push(finding);
  }

  const outlierFinding = outlier(form, indicator, total);
  if (outlierFinding) findings.push(outlierFinding);

  return findings;
}

function notFinite(form: FormReader, code: string, key: string, value: number): Finding {
  const shown = String(value);
  return {
    check: 'not_finite',
    severity: 'error',
    subjects: [{ indicator: code, disaggregation: key }],
    numbers: {},
    message: {
      en: `${form.label(code, key, 'en')} is not a finite number (${shown}).`,
      zh: `${form.label(code, key, 'zh')}不是有限数值（${shown}）。`,
    },
  };
}

function required(indicator: FormIndicator): Finding {
  const hasParts = indicator.categories.length > 0;
  return {
    check: 'required',
    severity: 'error',
    subjects: [{ indicator: indicator.code, disaggregation: TOTAL }],
    numbers: {},
    message: hasParts
      ? {
          en: `${indicator.nameEn} is required: give the total or every part.`,
          zh: `${indicator.nameZh}为必填项：请填写合计或全部分项。`,
        }
      : {
          en: `${indicator.nameEn} is required but not given.`,
          zh: `${indicator.nameZh}为必填项，尚未填写。`,
        },
  };
}

function range(
  form: FormReader,
  indicator: FormIndicator,
  key: string,
  operand: Operand,
): Finding | null {
  if (operand.state !== 'value') return null;
  const { value } = operand;
  const { code, minValue, maxValue } = indicator;
  const below = minValue !== null && value < minValue;
  const above = maxValue !== null && value > maxValue;
  const bound = below ? minValue : above ? maxValue : null;
  if (bound === null) return null;

  const text = (language: Language) => {
    const label = form.label(code, key, language, operand.derivedFromParts);
    const shown = form.quantity(code, value, language);
    const limit = form.quantity(code, bound, language);
    if (language === 'zh') {
      return `${label} = ${shown}，${below ? '低于下限' : '超过上限'} ${limit}。`;
    }
    return `${label} = ${shown} is ${below ? 'below the minimum' : 'above the maximum'} ${limit}.`;
  };
  return {
    check: 'range',
    severity: 'error',
    subjects: operand.subjects,
    numbers: { value, min: minValue, max: maxValue },
    message: { en: text('en'), zh: text('zh') },
  };
}

function partsAgainstTotal(
  form: FormReader,
  indicator: FormIndicator,
  parts: readonly string[],
): Finding | null {
  const { code } = indicator;
  const partValues = parts.map((key) => form.entered(code, key));
  const given = partValues.filter((value) => value !== null).length;
  const partSubjects = parts.map((key) => ({ indicator: code, disaggregation: key }));

  if (given > 0 && given < parts.length) {
    const missing = parts.filter((_, index) => partValues[index] === null);
    const list = (language: Language) =>
      listLabels(
        missing.map((key) => disaggregationLabel(key, indicator.categories, language)),
        language,
      );
    return {
      check: 'parts_incomplete',
      severity: 'warning',
      subjects: partSubjects,
      numbers: { given, expected: parts.length },
      message: {
        en: `${indicator.nameEn}: parts incomplete, ${given} of ${parts.length} given; missing: ${list('en')}.`,
        zh: `${indicator.nameZh}：分项不完整，应填 ${parts.length} 项，已填 ${given} 项；未填：${list('zh')}。`,
      },
    };
  }

  const total = form.entered(code, TOTAL);
  if (given === 0 || total === null || !Number.isFinite(total)) return null;
  const finiteParts: number[] = [];
  for (const value of partValues) {
    if (value === null || !Number.isFinite(value)) return null;
    finiteParts.push(value);
  }
  const sum = finiteParts.reduce((accumulated, value) => accumulated + value, 0);
  const magnitude = finiteParts.reduce((accumulated, value) => accumulated + Math.abs(value), 0);
  if (nearlyEqual(sum, total, Math.max(magnitude, Math.abs(total)))) return null;

  const quantity = (value: number, language: Language) => form.quantity(code, value, language);
  return {
    check: 'parts',
    severity: 'error',
    subjects: [{ indicator: code, disaggregation: TOTAL }, ...partSubjects],
    numbers: { total, sum, difference: sum - total },
    message: {
      en: `${indicator.nameEn}: the parts sum to ${quantity(sum, 'en')}, but the total is ${quantity(total, 'en')}.`,
      zh: `${indicator.nameZh}：各分项之和为 ${quantity(sum, 'zh')}，与合计 ${quantity(total, 'zh')} 不符。`,
    },
  };
}

function outlier(form: FormReader, indicator: FormIndicator, total: Operand): Finding | null {
  const threshold = indicator.outlierThreshold;
  if (threshold === null || total.state !== 'value') return null;
  const result = modifiedZScore(total.value, indicator.history);
  if (result === null || !(Math.abs(result.score) > threshold)) return null;

  const { code } = indicator;
  const value = total.value;
  return {
    check: 'outlier',
    severity: 'warning',
    subjects: total.subjects,
    numbers: {
      value,
      median: result.median,
      mad: result.mad,
      meanAd: result.meanAd,
      score: Number.isFinite(result.score) ? result.score : null,
      threshold,
    },
    message: {
      en: outlierText(form, code, value, threshold, result, total.derivedFromParts, 'en'),
      zh: outlierText(form, code, value, threshold, result, total.derivedFromParts, 'zh'),
    },
  };
}

function outlierText(
  form: FormReader,
  code: string,
  value: number,
  threshold: number,
  result: ModifiedZScore,
  derivedFromParts: boolean,
  language: Language,
): string {
  const label = form.label(code, TOTAL, language, derivedFromParts);
  const shown = form.quantity(code, value, language);
  const median = form.quantity(code, result.median, language);
  const limit = formatNumber(threshold, language);
  const score = formatScore(result.score, language);
  if (result.method === 'degenerate') {
    return language === 'zh'
      ? `${label} = ${shown}，与本单位以往数值（均为 ${median}）不同。`
      : `${label} = ${shown} differs from all earlier values of this unit (each ${median}).`;
  }
  const spread =
    result.method === 'mad'
      ? `MAD ${form.quantity(code, result.mad, language)}`
      : language === 'zh'
        ? `平均绝对偏差 ${form.quantity(code, result.meanAd, language)}`
        : `mean absolute deviation ${form.quantity(code, result.meanAd, language)}`;
  return language === 'zh'
    ? `${label} = ${shown}，与本单位以往数值相比异常：修正 Z 分数 ${score}，超过阈值 ${limit}（中位数 ${median}，${spread}）。`
    : `${label} = ${shown} is unusual against this unit's earlier values: modified z-score ${score} exceeds ${limit} (median ${median}, ${spread}).`;
}

// ---------------------------------------------------------------------------
// Rules

function checkRule(rule: ValidationRule, form: FormReader): Finding | null {
  const { definition } = rule;
  switch (definition.kind) {
    case 'compare':
      return compareRule(rule, definition, form);
    case 'share':
      return shareRule(rule, definition.indicator, definition.disaggregation ?? TOTAL, form);
  }
}

interface EvaluatedTerm {
  indicator: string;
  disaggregation: string;
  coefficient: number;
  operand: Operand;
  /** The value used: the operand's, or 0 for a missing operand under missing: 'zero'. */
  value: number;
}

function compareRule(
  rule: ValidationRule,
  definition: CompareRuleDefinitionInput,
  form: FormReader,
): Finding | null {
  const missingStrategy = definition.missing ?? DEFAULT_MISSING_VALUE_STRATEGY;
  const evaluate = (terms: readonly ExpressionTermInput[]): EvaluatedTerm[] | null => {
    const evaluated: EvaluatedTerm[] = [];
    for (const term of terms) {
      const disaggregation = term.disaggregation ?? TOTAL;
      const operand = form.operand(term.indicator, disaggregation);
      // A number that is not finite is already an error of its own; comparing it would only echo it.
      if (operand.state === 'not_finite') return null;
      if (operand.state === 'missing' && missingStrategy === 'skip') return null;
      evaluated.push({
        indicator: term.indicator,
        disaggregation,
        coefficient: term.coefficient ?? 1,
        operand,
        value: operand.state === 'value' ? operand.value : 0,
      });
    }
    return evaluated;
  };
  const left = evaluate(definition.left);
  const right = evaluate(definition.right);
  if (left === null || right === null) return null;

  const leftSum = sumTerms(left);
  const rightSum = sumTerms(right);
  const magnitude = [...left, ...right].reduce(
    (total, term) => total + Math.abs(term.coefficient * term.value),
    0,
  );
  if (holds(definition.operator, leftSum, rightSum, magnitude)) return null;

  const subjects = uniqueSubjects([...left, ...right].flatMap((term) => term.operand.subjects));
  const missing = [...left, ...right].filter((term) => term.operand.state === 'missing');
  const text = (language: Language) => {
    const side = (terms: EvaluatedTerm[], sum: number) =>
      `${expressionLabel(terms, form, language)} = ${sideQuantity(terms, sum, form, language)}`;
    const counted =
      missing.length === 0
        ? ''
        : language === 'zh'
          ? `未填写、按 0 计：${listLabels(uniqueLabels(missing, form, language), language)}。`
          : ` Not given, counted as 0: ${listLabels(uniqueLabels(missing, form, language), language)}.`;
    const phrase = OPERATOR_FAILURE[language][definition.operator];
    return language === 'zh'
      ? `${ruleHeading(rule, 'zh')}${side(left, leftSum)}，${phrase} ${side(right, rightSum)}。${counted}`
      : `${ruleHeading(rule, 'en')}${side(left, leftSum)} ${phrase} ${side(right, rightSum)}.${counted}`;
  };
  return {
    check: 'rule',
    ruleCode: rule.code,
    severity: rule.severity,
    subjects,
    numbers: { left: leftSum, right: rightSum },
    message: { en: text('en'), zh: text('zh') },
  };
}

/** What a failed comparison says: "a = 5 is not ≤ b = 3". */
const OPERATOR_FAILURE: Record<Language, Record<CompareOperator, string>> = {
  en: {
    '<=': 'is not ≤',
    '<': 'is not <',
    '>=': 'is not ≥',
    '>': 'is not >',
    '=': 'does not equal',
    '!=': 'equals',
  },
  zh: {
    '<=': '不满足 ≤',
    '<': '不满足 <',
    '>=': '不满足 ≥',
    '>': '不满足 >',
    '=': '不等于',
    '!=': '等于',
  },
};

/** Equality within RELATIVE_TOLERANCE of the terms' magnitude; the strict operators exclude it. */
function holds(operator: CompareOperator, left: number, right: number, magnitude: number): boolean {
  const equal = nearlyEqual(left, right, magnitude);
  switch (operator) {
    case '=':
      return equal;
    case '!=':
      return !equal;
    case '<=':
      return equal || left < right;
    case '<':
      return !equal && left < right;
    case '>=':
      return equal || left > right;
    case '>':
      return !equal && left > right;
  }
}

function nearlyEqual(a: number, b: number, magnitude: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * magnitude;
}

function sumTerms(terms: readonly EvaluatedTerm[]): number {
  return terms.reduce((total, term) => total + term.coefficient * term.value, 0);
}

/** "Urban users + Rural users", "2 × A − B", "−A". */
function expressionLabel(
  terms: readonly EvaluatedTerm[],
  form: FormReader,
  language: Language,
): string {
  return terms
    .map((term, index) => {
      const label = form.label(
        term.indicator,
        term.disaggregation,
        language,
        term.operand.state === 'value' && term.operand.derivedFromParts,
      );
      const magnitude = Math.abs(term.coefficient);
      const product = magnitude === 1 ? label : `${formatNumber(magnitude, language)} × ${label}`;
      const negative = term.coefficient < 0;
      if (index === 0) return negative ? `−${product}` : product;
      return negative ? ` − ${product}` : ` + ${product}`;
    })
    .join('');
}

/** A side's sum carries a unit only when every term of it has the same unit. */
function sideQuantity(
  terms: readonly EvaluatedTerm[],
  sum: number,
  form: FormReader,
  language: Language,
): string {
  const units = terms.map((term) => form.indicator(term.indicator)?.unit ?? null);
  const first = units[0] ?? null;
  const shared = units.every((unit) => unit?.en === first?.en && unit?.zh === first?.zh);
  return formatQuantity(sum, shared ? first : null, language);
}

function shareRule(
  rule: ValidationRule,
  code: string,
  disaggregation: string,
  form: FormReader,
): Finding | null {
  const operand = form.operand(code, disaggregation);
  if (operand.state !== 'value') return null;
  const { value } = operand;
  if (value >= 0 && value <= 100) return null;
  const text = (language: Language) => {
    const label = form.label(code, disaggregation, language, operand.derivedFromParts);
    const shown = form.quantity(code, value, language);
    return language === 'zh'
      ? `${ruleHeading(rule, 'zh')}${label} = ${shown}，不在 0 到 100 之间。`
      : `${ruleHeading(rule, 'en')}${label} = ${shown} is not between 0 and 100.`;
  };
  return {
    check: 'rule',
    ruleCode: rule.code,
    severity: rule.severity,
    subjects: operand.subjects,
    numbers: { value, min: 0, max: 100 },
    message: { en: text('en'), zh: text('zh') },
  };
}

function ruleHeading(rule: ValidationRule, language: Language): string {
  return language === 'zh'
    ? `规则“${rule.nameZh}”（${rule.code}）未通过：`
    : `Rule "${rule.nameEn}" (${rule.code}) fails: `;
}

function uniqueSubjects(subjects: readonly FindingSubject[]): FindingSubject[] {
  const seen = new Set<string>();
  return subjects.filter((subject) => {
    const key = formValueKey(subject.indicator, subject.disaggregation);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function uniqueLabels(
  terms: readonly EvaluatedTerm[],
  form: FormReader,
  language: Language,
): string[] {
  return [
    ...new Set(terms.map((term) => form.label(term.indicator, term.disaggregation, language))),
  ];
}
