/**
 * The annual evaluation part of the HTTP API (Outline VI(4): outcome
 * evaluation whose results count in assessing leading cadres): the year's
 * scheme in versions, runs scored as of a cut-off day, publishing (which
 * freezes a run), the ranking, one unit's scorecard with every item that
 * gave or cost points, and its trend over the published years.
 * Shared with the web app like contract.ts.
 */
import { z } from 'zod';
import {
  checkWeightsAddUp,
  COMPONENT_KEYS,
  evaluationSchemeObject,
  evaluationSchemeSchema,
} from '../core/evaluation/scheme.js';
import { unitRefSchema } from './tasks-contract.js';

export const evaluationComponentKeys = COMPONENT_KEYS;
export type EvaluationComponentKey = (typeof COMPONENT_KEYS)[number];
export const evaluationRunStatuses = ['draft', 'published'] as const;
export type EvaluationRunStatusName = (typeof evaluationRunStatuses)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

export const yearParamsSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

const bilingualSchema = z.object({ en: z.string(), zh: z.string() });

export const scoreItemSchema = z.object({
  /** `target:12`, `task:5`, `milestone:7`, `<data set>/<period>`, `finding:3`, `rectification:9`, or a component key. */
  ref: z.string(),
  kind: z.string(),
  /** Awarded (negative for a deduction). */
  points: z.number(),
  /** At stake on this item (0 for deductions and notes). */
  max: z.number(),
  reason: bilingualSchema,
});
export type ScoreItem = z.infer<typeof scoreItemSchema>;

/** A component's points without its items (for rankings). */
export const componentPointsSchema = z.object({
  key: z.enum(COMPONENT_KEYS),
  /** The scheme's weight. */
  weight: z.number(),
  /** After spreading the weights of components without inputs. */
  effectiveWeight: z.number(),
  points: z.number(),
});
export type ComponentPoints = z.infer<typeof componentPointsSchema>;

export const componentScoreSchema = componentPointsSchema.extend({
  items: z.array(scoreItemSchema),
});
export type ComponentScore = z.infer<typeof componentScoreSchema>;

export const rankingRowSchema = z.object({
  unit: unitRefSchema,
  /** False when the unit had no inputs at all: not ranked. */
  evaluated: z.boolean(),
  /** Full precision; show it with two decimals (the ranking compares those). */
  total: z.number(),
  rank: z.number().int().nullable(),
  /** Previous rank − rank (positive: moved up); null when not ranked in the previous published year. */
  rankChange: z.number().int().nullable(),
  totalChange: z.number().nullable(),
  components: z.array(componentPointsSchema),
});
export type RankingRow = z.infer<typeof rankingRowSchema>;

export const evaluationRunSummarySchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  status: z.enum(evaluationRunStatuses),
  /** The day the inputs were taken as of. */
  cutoffOn: z.string(),
  schemeVersion: z.number().int(),
  /** SHA-256 of the scheme and every unit's inputs: equal hashes, equal scores. */
  inputsSha256: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Units scored (provinces and central departments). */
  units: z.number().int(),
  /** Units ranked (with inputs). */
  ranked: z.number().int(),
});
export type EvaluationRunSummary = z.infer<typeof evaluationRunSummarySchema>;

export const evaluationRunListSchema = z.object({
  /** Newest year first; drafts only for those who manage evaluations. */
  runs: z.array(evaluationRunSummarySchema),
  /** Whether the caller may run, publish and change schemes. */
  canManage: z.boolean(),
});
export type EvaluationRunList = z.infer<typeof evaluationRunListSchema>;

export const evaluationRankingSchema = z.object({
  run: evaluationRunSummarySchema,
  /** Ranked units by rank then code, then the units not evaluated. */
  rows: z.array(rankingRowSchema),
});
export type EvaluationRanking = z.infer<typeof evaluationRankingSchema>;

export const scorecardHistoryPointSchema = z.object({
  year: z.number().int(),
  runId: z.number().int(),
  status: z.enum(evaluationRunStatuses),
  evaluated: z.boolean(),
  total: z.number(),
  rank: z.number().int().nullable(),
  /** How many units were ranked that year. */
  rankedUnits: z.number().int(),
  components: z.array(componentPointsSchema),
});
export type ScorecardHistoryPoint = z.infer<typeof scorecardHistoryPointSchema>;

export const scorecardSchema = z.object({
  run: evaluationRunSummarySchema,
  row: rankingRowSchema,
  /** Every item that gave or cost points, by component. */
  components: z.array(componentScoreSchema),
  /** The unit in every year with a run the caller sees (published, or drafts for managers), oldest first. */
  history: z.array(scorecardHistoryPointSchema),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

export const scorecardParamsSchema = yearParamsSchema.extend({
  code: z.string().trim().min(1).max(64),
});

export const evaluationRunCreateSchema = z
  .object({
    /** The day inputs are taken as of; by default today (UTC). */
    cutoffOn: isoDay.optional(),
    /** The year's scheme version; by default the latest. */
    schemeVersion: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();
export type EvaluationRunCreate = z.infer<typeof evaluationRunCreateSchema>;

export const runIdParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
});

/** A scheme as the office writes it: the year and version are the server's. */
export const evaluationSchemeInputSchema = evaluationSchemeObject
  .omit({ version: true, year: true })
  .strict()
  .superRefine(checkWeightsAddUp);
export type EvaluationSchemeInput = z.infer<typeof evaluationSchemeInputSchema>;

export const evaluationSchemeDefinitionSchema = evaluationSchemeSchema;
export type EvaluationSchemeDefinition = z.infer<typeof evaluationSchemeSchema>;

export const schemeRowSchema = z.object({
  component: z.enum(COMPONENT_KEYS),
  input: z.string(),
  points: z.string(),
});

export const evaluationSchemeVersionSchema = z.object({
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Runs scored under this version. */
  runs: z.number().int(),
});

export const evaluationSchemeViewSchema = z.object({
  year: z.number().int(),
  /** The newest stored version, or the default the first run would store as version 1. */
  current: evaluationSchemeSchema,
  /** False when no version is stored yet (current is the default). */
  stored: z.boolean(),
  versions: z.array(evaluationSchemeVersionSchema),
  /** The current scheme as rows of "input → points", in both languages. */
  description: z.object({ en: z.array(schemeRowSchema), zh: z.array(schemeRowSchema) }),
});
export type EvaluationSchemeView = z.infer<typeof evaluationSchemeViewSchema>;

export const reportQuerySchema = z.object({
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  format: z.enum(['html', 'pdf', 'xlsx']).default('pdf'),
});
