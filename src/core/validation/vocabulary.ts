/**
 * The words of rule definitions, apart from their zod schema: the checks
 * import these, so the browser's form runs them without shipping zod.
 */

export const COMPARE_OPERATORS = ['<=', '<', '>=', '>', '=', '!='] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];

/** What a compare rule does when an operand is not given: not evaluated (DHIS2's SKIP_IF_ANY_VALUE_MISSING), or counted as 0. */
export const MISSING_VALUE_STRATEGIES = ['skip', 'zero'] as const;
export type MissingValueStrategy = (typeof MISSING_VALUE_STRATEGIES)[number];

export const DEFAULT_MISSING_VALUE_STRATEGY: MissingValueStrategy = 'skip';
