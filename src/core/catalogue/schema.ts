/**
 * The indicator catalogue shipped with a plan (data/plans/<code>.indicators.json):
 * indicators, their targets and the plan nodes they measure. Validated with zod
 * when loaded so a broken catalogue names its field instead of loading half.
 */
import { z } from 'zod';
import { TIME_AGGREGATIONS } from '../aggregation/methods.js';
import { UNIT_CODES } from '../units.js';

export const DIRECTIONS = ['increase', 'decrease', 'none'] as const;
export const AGGREGATIONS = ['sum', 'average', 'weighted_average', 'last', 'none'] as const;
export const QUALITATIVE_STATUSES = [
  'not_assessed',
  'not_started',
  'in_progress',
  'achieved',
  'not_achieved',
] as const;
export const COMPARATORS = ['at_least', 'at_most', 'approach'] as const;

const planPath = z
  .string()
  .regex(/^[IVXLC]+(\.\d+)*$/, 'a plan node path like "II.2.1" or "III.2.3"');

const sentence = z.string().min(10, 'the exact sentence of the plan the target comes from');

const numericTarget = z.object({
  kind: z.literal('numeric'),
  year: z.number().int().min(1900).max(2100),
  orgUnit: z.string().min(1),
  value: z.number().finite(),
  comparator: z.enum(COMPARATORS),
  baselineYear: z.number().int().nullable(),
  baselineValue: z.number().finite().nullable(),
  /** How the number was derived where the plan states no number (e.g. from benchmark figures). */
  derivation: z.string().nullable(),
  sentence,
  planNode: planPath,
});

const qualitativeTarget = z.object({
  kind: z.literal('qualitative'),
  year: z.number().int().min(1900).max(2100),
  orgUnit: z.string().min(1),
  milestoneEn: z.string().min(3),
  milestoneZh: z.string().min(2),
  status: z.enum(QUALITATIVE_STATUSES),
  sentence,
  planNode: planPath,
});

export const catalogueTargetSchema = z.discriminatedUnion('kind', [
  numericTarget,
  qualitativeTarget,
]);

export const catalogueIndicatorSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'snake_case code'),
  kind: z.enum(['numeric', 'qualitative']),
  nameEn: z.string().min(2),
  nameZh: z.string().min(2),
  unit: z.enum(UNIT_CODES).nullable(),
  unitMult: z.number().int().min(-3).max(15),
  direction: z.enum(DIRECTIONS),
  /** Across org units. */
  aggregation: z.enum(AGGREGATIONS),
  /** Across the sub-periods of a period: flows `sum`, stocks `last`. */
  timeAggregation: z.enum(TIME_AGGREGATIONS),
  /** A computed indicator: numerator / denominator x factor, over the aggregated parts. */
  formula: z
    .object({
      numerator: z.string().min(1),
      denominator: z.string().min(1),
      factor: z.number().finite().positive(),
    })
    .optional(),
  /** For `weighted_average`: the indicator (population, households) each unit's figure is weighted by. */
  weightIndicator: z.string().min(1).optional(),
  definitionEn: z.string().min(10),
  definitionZh: z.string().min(4),
  source: z.string().nullable(),
  planNodes: z.array(planPath),
  targets: z.array(catalogueTargetSchema),
});

export const catalogueSchema = z.object({
  plan: z.string().min(1),
  indicators: z.array(catalogueIndicatorSchema),
});

export type Catalogue = z.infer<typeof catalogueSchema>;
export type CatalogueIndicator = z.infer<typeof catalogueIndicatorSchema>;
export type CatalogueTarget = z.infer<typeof catalogueTargetSchema>;
