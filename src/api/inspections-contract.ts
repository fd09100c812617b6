/**
 * The inspections part of the HTTP API (Outline VI(4): annual inspections):
 * inspection plans per year by an inspecting unit, inspections of units in
 * its subtree, findings with severity, rectification items owned by units
 * below the inspected one, and closure. Open findings and overdue
 * rectification items per inspected unit feed the annual evaluation.
 * Shared with the web app like contract.ts.
 */
import { z } from 'zod';
import { attachmentSchema, isoDate, unitRefSchema } from './tasks-contract.js';

export const findingSeverities = ['minor', 'major', 'critical'] as const;
export type FindingSeverity = (typeof findingSeverities)[number];
export const findingStatuses = ['open', 'closed'] as const;
export const rectificationStatuses = ['open', 'done'] as const;

const unitCode = z.string().trim().min(1).max(64);
const inspectorNames = z.array(z.string().trim().min(1).max(200)).max(50);

export const inspectionUnitRefSchema = unitRefSchema;
export type InspectionUnitRef = z.infer<typeof inspectionUnitRefSchema>;

/** Counts of open findings by severity. */
export const severityCountsSchema = z.object({
  minor: z.number().int(),
  major: z.number().int(),
  critical: z.number().int(),
});
export type SeverityCounts = z.infer<typeof severityCountsSchema>;

/** An evidence file of a rectification item: the same shape as a task update's evidence. */
export const evidenceFileSchema = attachmentSchema;

export const rectificationItemSchema = z.object({
  id: z.number().int(),
  findingId: z.number().int(),
  title: z.string(),
  ownerUnit: inspectionUnitRefSchema,
  dueOn: z.string(),
  status: z.enum(rectificationStatuses),
  /** Open and past its due day (by the server's today). */
  overdue: z.boolean(),
  doneOn: z.string().nullable(),
  doneBy: z.string().nullable(),
  note: z.string().nullable(),
  evidenceLink: z.string().nullable(),
  /** Files sent when it was marked done; `href` downloads one (GET /api/rectification-evidence/:id). */
  evidence: z.array(evidenceFileSchema),
});
export type RectificationItem = z.infer<typeof rectificationItemSchema>;

export const findingSchema = z.object({
  id: z.number().int(),
  inspectionId: z.number().int(),
  severity: z.enum(findingSeverities),
  description: z.string(),
  /** The measure the finding concerns, if any. */
  measure: z.object({ plan: z.string(), path: z.string(), title: z.string() }).nullable(),
  taskId: z.number().int().nullable(),
  status: z.enum(findingStatuses),
  closedOn: z.string().nullable(),
  closedBy: z.string().nullable(),
  closureNote: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  rectifications: z.array(rectificationItemSchema),
});
export type Finding = z.infer<typeof findingSchema>;

export const inspectionSummarySchema = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  /** The inspected unit. */
  orgUnit: inspectionUnitRefSchema,
  scheduledOn: z.string(),
  heldOn: z.string().nullable(),
  inspectors: z.array(z.string()),
  summary: z.string(),
  findingCount: z.number().int(),
  openFindings: severityCountsSchema,
});
export type InspectionSummary = z.infer<typeof inspectionSummarySchema>;

export const inspectionPlanSummarySchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  /** The inspecting unit. */
  orgUnit: inspectionUnitRefSchema,
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Counts cover the inspections the reader sees (all of them from the inspecting unit). */
  inspectionCount: z.number().int(),
  findingCount: z.number().int(),
  openFindings: severityCountsSchema,
});
export type InspectionPlanSummary = z.infer<typeof inspectionPlanSummarySchema>;

export const inspectionPlanListSchema = z.object({
  items: z.array(inspectionPlanSummarySchema),
  total: z.number().int(),
});

export const inspectionPlanDetailSchema = inspectionPlanSummarySchema.extend({
  inspections: z.array(inspectionSummarySchema).describe('By scheduled day'),
});
export type InspectionPlanDetail = z.infer<typeof inspectionPlanDetailSchema>;

export const inspectionDetailSchema = inspectionSummarySchema.extend({
  plan: z.object({
    id: z.number().int(),
    year: z.number().int(),
    title: z.string(),
    orgUnit: inspectionUnitRefSchema,
  }),
  createdBy: z.string(),
  createdAt: z.string(),
  findings: z.array(findingSchema),
});
export type InspectionDetail = z.infer<typeof inspectionDetailSchema>;

/** A finding in a list across inspections, with where it was found. */
export const findingListItemSchema = findingSchema.extend({
  inspection: z.object({
    id: z.number().int(),
    planId: z.number().int(),
    year: z.number().int(),
    orgUnit: inspectionUnitRefSchema.describe('The inspected unit'),
    inspectingUnit: inspectionUnitRefSchema,
    scheduledOn: z.string(),
    heldOn: z.string().nullable(),
  }),
});
export type FindingListItem = z.infer<typeof findingListItemSchema>;

export const findingListSchema = z.object({
  items: z.array(findingListItemSchema),
  total: z.number().int(),
});

/** Per inspected unit: what the annual evaluation reads. */
export const inspectionUnitSummarySchema = z.object({
  unit: inspectionUnitRefSchema,
  inspections: z.number().int(),
  openFindings: severityCountsSchema,
  openFindingTotal: z.number().int(),
  openRectifications: z.number().int(),
  overdueRectifications: z.number().int(),
});
export type InspectionUnitSummary = z.infer<typeof inspectionUnitSummarySchema>;

export const inspectionYearSummarySchema = z.object({
  year: z.number().int(),
  /** The day overdue is counted against. */
  today: z.string(),
  items: z.array(inspectionUnitSummarySchema),
});
export type InspectionYearSummary = z.infer<typeof inspectionYearSummarySchema>;

// Requests

export const inspectionPlanCreateSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(1).max(500),
  /** The inspecting unit. */
  orgUnit: unitCode,
  description: z.string().max(20_000).default(''),
});
export type InspectionPlanCreate = z.input<typeof inspectionPlanCreateSchema>;

export const inspectionPlanQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const inspectionCreateSchema = z.object({
  /** The inspected unit: within the plan's unit's subtree. */
  orgUnit: unitCode,
  /** Within the plan's year. */
  scheduledOn: isoDate,
  inspectors: inspectorNames.default([]),
});
export type InspectionCreate = z.input<typeof inspectionCreateSchema>;

export const inspectionChangeSchema = z.object({
  heldOn: isoDate.nullable().optional(),
  summary: z.string().max(50_000).optional(),
  inspectors: inspectorNames.optional(),
});
export type InspectionChange = z.input<typeof inspectionChangeSchema>;

export const findingCreateSchema = z.object({
  severity: z.enum(findingSeverities),
  description: z.string().trim().min(1).max(20_000),
  /** The measure concerned: the plan's code and the node's path ("III.3.3"). */
  measure: z
    .object({ plan: z.string().min(1).default('nids-2016'), path: z.string().trim().min(1) })
    .nullable()
    .optional(),
  taskId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
});
export type FindingCreate = z.input<typeof findingCreateSchema>;

export const rectificationCreateSchema = z.object({
  title: z.string().trim().min(1).max(1000),
  /** Within the inspected unit's subtree. */
  ownerUnit: unitCode,
  /** Not before the day of the finding's inspection. */
  dueOn: isoDate,
});
export type RectificationCreate = z.input<typeof rectificationCreateSchema>;

/**
 * Marking a rectification item done: a note and evidence, a link or files or
 * both. Sent as JSON, or as multipart/form-data with this JSON in field
 * `done` and up to 10 files in field `evidence` (20 MiB each, 50 MiB in all;
 * PDF, images, Office files, ZIP, UTF-8 text and CSV, judged by content).
 */
export const rectificationDoneSchema = z.object({
  note: z.string().trim().min(1).max(20_000),
  evidenceLink: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
});
export type RectificationDone = z.input<typeof rectificationDoneSchema>;

export const findingCloseSchema = z.object({
  note: z.string().trim().min(1).max(20_000),
});
export type FindingClose = z.input<typeof findingCloseSchema>;

export const findingQuerySchema = z.object({
  /** Findings of inspections of this unit or units below it. */
  unit: unitCode.optional(),
  status: z.enum(findingStatuses).optional(),
  severity: z.enum(findingSeverities).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type FindingQuery = z.infer<typeof findingQuerySchema>;

export const inspectionSummaryQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
});
