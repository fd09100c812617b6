/**
 * The definition of a data set's validation rule, stored as JSON text and
 * read back through this schema, so a rule that was typed wrong names its
 * field instead of silently never failing. Two kinds:
 * - `compare`: two linear combinations of values compared with an operator
 *   (DHIS2's left side / operator / right side), e.g. 5G users ≤ mobile users;
 * - `share`: a percentage lies between 0 and 100.
 */
import { z } from 'zod';
import {
  COMPARE_OPERATORS,
  DEFAULT_MISSING_VALUE_STRATEGY,
  MISSING_VALUE_STRATEGIES,
} from './vocabulary.js';

export {
  COMPARE_OPERATORS,
  DEFAULT_MISSING_VALUE_STRATEGY,
  MISSING_VALUE_STRATEGIES,
  type CompareOperator,
  type MissingValueStrategy,
} from './vocabulary.js';

/** Canonical disaggregation keys ("AREA=URBAN;ENTERPRISE=SOE") or '' for the total; the form compares keys as written. */
const disaggregationKey = z
  .string()
  .regex(
    /^(?:[^=;\s]+=[^=;\s]+(?:;[^=;\s]+=[^=;\s]+)*)?$/,
    'a disaggregation key like "AREA=URBAN;ENTERPRISE=SOE", or "" for the total',
  );

const term = z.strictObject({
  indicator: z
    .string()
    .min(1, 'an indicator code')
    .refine((code) => code.trim() === code, 'an indicator code without surrounding spaces'),
  disaggregation: disaggregationKey.default(''),
  // A coefficient of 0 drops its term: almost certainly a slip, never a rule anyone meant.
  coefficient: z
    .number()
    .refine((value) => value !== 0, 'a coefficient other than 0')
    .default(1),
});

const expression = z.array(term).nonempty('at least one term');

const compareDefinition = z.strictObject({
  kind: z.literal('compare'),
  left: expression,
  operator: z.enum(COMPARE_OPERATORS),
  right: expression,
  missing: z.enum(MISSING_VALUE_STRATEGIES).default(DEFAULT_MISSING_VALUE_STRATEGY),
});

const shareDefinition = z.strictObject({
  kind: z.literal('share'),
  indicator: term.shape.indicator,
  disaggregation: disaggregationKey.default(''),
});

export const RuleDefinitionSchema = z.discriminatedUnion('kind', [
  compareDefinition,
  shareDefinition,
]);

/** A definition as read back, defaults filled in. */
export type RuleDefinition = z.output<typeof RuleDefinitionSchema>;
/** A definition as written: `disaggregation`, `coefficient` and `missing` may be left out. */
export type RuleDefinitionInput = z.input<typeof RuleDefinitionSchema>;
export type CompareRuleDefinitionInput = Extract<RuleDefinitionInput, { kind: 'compare' }>;
export type ExpressionTermInput = CompareRuleDefinitionInput['left'][number];

export interface RuleDefinitionProblem {
  /** Dotted path into the definition ("left.0.coefficient"); '' for the whole definition. */
  path: string;
  message: string;
}

export type ParsedRuleDefinition =
  { ok: true; definition: RuleDefinition } | { ok: false; problems: RuleDefinitionProblem[] };

/** Checks a definition parsed from its JSON text; never throws. */
export function parseRuleDefinition(json: unknown): ParsedRuleDefinition {
  const result = RuleDefinitionSchema.safeParse(json);
  if (result.success) return { ok: true, definition: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}
