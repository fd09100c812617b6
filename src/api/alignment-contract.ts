/**
 * Local plans aligned to the national one (Outline VI(3)): a province or a
 * department imports its own plan and links its nodes to the national measures
 * they implement; the alignment matrix shows, for every national measure,
 * which units answer it (by an aligned local node or by tasks) and which do
 * not. Shared with the web app like contract.ts.
 */
import { z } from 'zod';
import { importNoteSchema, orgUnitLevels, planNodeKinds, planSummarySchema } from './contract.js';

/** Local plans are a few hundred KiB at most; the limits keep one request bounded. */
export const MAX_PLAN_TEXT_CHARS = 2 * 1024 * 1024;
/** POST /api/plans accepts bodies up to this many bytes (the text in UTF-8, escaped in JSON). */
export const MAX_PLAN_BODY_BYTES = 8 * 1024 * 1024;

export const alignmentUnitRefSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  level: z.enum(orgUnitLevels),
});
export type AlignmentUnitRef = z.infer<typeof alignmentUnitRefSchema>;

/**
 * A plan in GET /api/plans: the summary of contract.ts plus who owns it and
 * which plan it follows (both null for the national Outline).
 */
export const localPlanSummarySchema = planSummarySchema.extend({
  ownerUnit: alignmentUnitRefSchema.nullable().describe('The unit whose plan this is'),
  parentPlan: z
    .object({ code: z.string(), title: z.string() })
    .nullable()
    .describe('The plan whose measures this one implements'),
  /** Nodes linked to a measure of the parent plan. */
  alignedNodeCount: z.number().int(),
  /** Shipped with the demo data as an example (its title ends "（示例）" or "(example)"). */
  isExample: z.boolean(),
});
export type LocalPlanSummary = z.infer<typeof localPlanSummarySchema>;

export const planListQuerySchema = z.object({
  /** Only the plans this unit owns (exact code). */
  owner: z.string().min(1).max(64).optional(),
  /** Only the plans that follow this plan. */
  alignsTo: z.string().min(1).max(64).optional(),
});

export const localPlanListSchema = z.object({ items: z.array(localPlanSummarySchema) });

/** POST /api/plans: a local plan as JSON, its text as one string (UTF-8). */
export const localPlanImportRequestSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(64)
    .describe('Lower-case letters, digits and hyphens, e.g. hb-info-2017'),
  ownerUnit: z.string().min(1).max(64).describe('The org unit whose plan it is'),
  alignsTo: z.string().min(1).max(64).describe('The plan it implements, e.g. nids-2016'),
  /** Replaces the title the importer reads from the text's first line. */
  title: z.string().trim().min(1).max(500).optional(),
  text: z.string().min(1).max(MAX_PLAN_TEXT_CHARS),
});
export type LocalPlanImportRequest = z.infer<typeof localPlanImportRequestSchema>;

export const localPlanImportResultSchema = z.object({
  plan: localPlanSummarySchema,
  /** The importer's corrections (renumbered items and the like), kept with the plan. */
  notes: z.array(importNoteSchema),
});

export const alignedMeasureSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  title: z.string(),
});

/** One node of a local plan and the parent plan's measure it implements (or null). */
export const alignmentLinkSchema = z.object({
  node: z.object({
    id: z.number().int(),
    path: z.string(),
    kind: z.enum(planNodeKinds),
    title: z.string(),
  }),
  measure: alignedMeasureSchema.nullable(),
});
export type AlignmentLink = z.infer<typeof alignmentLinkSchema>;

/** GET /api/plans/:code/alignment and the answer to both PUTs: every node, in document order. */
export const planAlignmentSchema = z.object({
  plan: localPlanSummarySchema,
  links: z.array(alignmentLinkSchema),
});
export type PlanAlignment = z.infer<typeof planAlignmentSchema>;

const measureRef = z
  .string()
  .min(1)
  .max(64)
  .nullable()
  .describe('Path of a measure of the parent plan, e.g. III.3.3; null removes the link');

/** PUT /api/plans/:code/nodes/:path/alignment */
export const nodeAlignmentRequestSchema = z.object({ measure: measureRef });

/** PUT /api/plans/:code/alignment: only the nodes named change; all or nothing. */
export const bulkAlignmentRequestSchema = z.object({
  links: z
    .array(z.object({ node: z.string().min(1).max(64), measure: measureRef }))
    .min(1)
    .max(5000),
});
export type BulkAlignmentRequest = z.infer<typeof bulkAlignmentRequestSchema>;

/** GET /api/plans/:code/alignment/suggestions: never applied by themselves. */
export const alignmentSuggestionsSchema = z.object({
  items: z.array(
    z.object({
      node: z.object({ path: z.string(), title: z.string() }),
      current: alignedMeasureSchema.nullable(),
      suggestions: z.array(
        z.object({
          measure: alignedMeasureSchema,
          /** Share of the node's key terms the measure also has (0..1). */
          score: z.number(),
          /** The shared key terms (Chinese character pairs, English words), most telling first. */
          sharedTerms: z.array(z.string()),
        }),
      ),
    }),
  ),
});
export type AlignmentSuggestions = z.infer<typeof alignmentSuggestionsSchema>;

export const matrixLevels = ['province', 'prefecture', 'county', 'department'] as const;

export const alignmentMatrixQuerySchema = z.object({
  /** The units to list: every unit of this level within `unit`; omitted: the units with a local plan. */
  level: z.enum(matrixLevels).optional(),
  /** The subtree to show (default the nation); the reader needs read:unpublished there. */
  unit: z.string().min(1).max(64).optional(),
});
export type AlignmentMatrixQuery = z.infer<typeof alignmentMatrixQuerySchema>;

export const alignmentMatrixSchema = z.object({
  plan: z.object({ code: z.string(), title: z.string() }),
  scopeUnit: alignmentUnitRefSchema,
  level: z.enum(matrixLevels).nullable(),
  /** The columns, in the org-unit tree's order. */
  units: z.array(
    z.object({
      unit: alignmentUnitRefSchema,
      /** Local plans following this plan owned within the unit's subtree. */
      plans: z.array(z.object({ code: z.string(), title: z.string(), isExample: z.boolean() })),
      /** Measures with at least one aligned local node. */
      measuresCovered: z.number().int(),
      /** Measures with at least one task led within the unit's subtree. */
      measuresWithTasks: z.number().int(),
      /** measuresCovered / all measures (0..1). */
      coverage: z.number(),
    }),
  ),
  /** The rows: every measure of the plan, in document order. */
  measures: z.array(
    z.object({
      measure: alignedMeasureSchema,
      /** The chapter and section above it, for grouping rows. */
      ancestors: z.array(z.object({ path: z.string(), title: z.string() })),
      unitsCovered: z.number().int(),
      unitsWithTasks: z.number().int(),
      /** unitsCovered / all units listed (0..1; 0 when none is listed). */
      coverage: z.number(),
    }),
  ),
  /** Only the non-empty cells: a measure and a unit with aligned nodes or tasks. */
  cells: z.array(
    z.object({
      measurePath: z.string(),
      unitCode: z.string(),
      nodes: z.array(z.object({ planCode: z.string(), path: z.string(), title: z.string() })),
      /** Tasks under the measure led by units in the unit's subtree (sub-tasks included). */
      taskCount: z.number().int(),
    }),
  ),
});
export type AlignmentMatrix = z.infer<typeof alignmentMatrixSchema>;
