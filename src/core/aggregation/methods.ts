/**
 * How an indicator's values combine: across time (the months of a quarter,
 * the quarters of a year) and across org units (the provinces of the
 * nation). Two separate choices, as in DHIS2's "last value (sum in org unit
 * hierarchy)": users are counted at the end of a year (last) and added up
 * across provinces (sum); e-commerce is added up both ways.
 */

/** Across the sub-periods of a period: flows add up, stocks take the last, rates average. */
export const TIME_AGGREGATIONS = ['sum', 'average', 'last', 'none'] as const;
export type TimeAggregation = (typeof TIME_AGGREGATIONS)[number];

/**
 * Across the org units below a unit. `weighted_average` needs a weight
 * (population, households) and is not aggregated until one is named.
 * `last` is kept for catalogues written before time and space were separate:
 * across units it adds up, like `sum`.
 */
export const SPACE_AGGREGATIONS = ['sum', 'average', 'weighted_average', 'last', 'none'] as const;
export type SpaceAggregation = (typeof SPACE_AGGREGATIONS)[number];

export interface AggregationRule {
  time: TimeAggregation;
  space: SpaceAggregation;
  /** For `weighted_average`: the indicator whose figure weighs each unit's. */
  weight?: string | null | undefined;
}

/** Whether values of units below are combined into a figure for the unit above. */
export function aggregatesAcrossUnits(rule: AggregationRule): boolean {
  if (rule.space === 'weighted_average') return Boolean(rule.weight);
  return rule.space === 'sum' || rule.space === 'average' || rule.space === 'last';
}

/**
 * The running parts of an aggregate: the sum of the units' figures and how
 * many units gave one. Both add up, so a change anywhere below updates every
 * aggregate above by a difference, without reading the other units.
 */
export interface AggregateParts {
  sum: number;
  count: number;
  /** For weighted averages: the sum of the weights (the sum is then of weight x figure). */
  weight: number;
}

/** The figure an aggregate stands for; null when no unit gave one. */
export function aggregateValue(rule: AggregationRule, parts: AggregateParts): number | null {
  if (parts.count <= 0) return null;
  if (rule.space === 'weighted_average') return parts.weight > 0 ? parts.sum / parts.weight : null;
  return rule.space === 'average' ? parts.sum / parts.count : parts.sum;
}
