/**
 * The tasks part of the HTTP API: tasks under a plan's measures, assigned
 * down the unit tree, their progress updates with evidence, early warnings
 * and the inbox. Shared with the web app like contract.ts.
 */
import { z } from 'zod';
import { TASK_UPDATE_STATUSES } from '../core/tasks/task-rules.js';

export const taskStatuses = TASK_UPDATE_STATUSES;
export const reviewStates = ['pending', 'accepted', 'queried'] as const;
export const warningKinds = [
  'overdue',
  'milestone_due_soon',
  'milestone_overdue',
  'no_update',
  'reported_delay',
  'indicator_off_track',
] as const;

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** An org unit as tasks, updates and inspections name it. */
export const unitRefSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  level: z.string(),
});

export const milestoneSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
});

export const taskSummarySchema = z.object({
  id: z.number().int(),
  plan: z.string().describe('The plan code'),
  measure: z.object({ id: z.number().int(), path: z.string(), title: z.string() }),
  parentTaskId: z.number().int().nullable(),
  title: z.string(),
  leadUnit: unitRefSchema,
  assignedBy: unitRefSchema.describe('The unit that assigned the task and supervises it'),
  participants: z.array(unitRefSchema),
  startOn: z.string(),
  dueOn: z.string(),
  status: z.enum(taskStatuses),
  percentComplete: z.number(),
  lastUpdateOn: z.string().nullable(),
  doneOn: z.string().nullable(),
  isExample: z.boolean().describe('Part of the example breakdown shipped with the demo data'),
  subTaskCount: z.number().int(),
  openWarnings: z.number().int(),
  milestones: z.array(milestoneSchema),
  version: z.number().int(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const taskListSchema = z.object({
  items: z.array(taskSummarySchema),
  total: z.number().int(),
});

/** An evidence file: of a task update, or of a rectification item. */
export const attachmentSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  /** Where to download it (signed-in users who see what it is evidence for). */
  href: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const taskUpdateSchema = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  status: z.enum(taskStatuses),
  percentComplete: z.number(),
  narrative: z.string(),
  reason: z.string().nullable(),
  reportedOn: z.string(),
  postedBy: z.string(),
  postedAt: z.string(),
  reviewState: z.enum(reviewStates),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  evidence: z.array(attachmentSchema),
});
export type TaskUpdate = z.infer<typeof taskUpdateSchema>;

export const warningSchema = z.object({
  id: z.number().int(),
  kind: z.enum(warningKinds),
  taskId: z.number().int().nullable(),
  indicatorCode: z.string().nullable(),
  milestone: z.string().nullable(),
  orgUnitCode: z.string(),
  escalationUnitCode: z.string().nullable(),
  since: z.string(),
  raisedOn: z.string(),
  escalatedOn: z.string().nullable(),
  resolvedOn: z.string().nullable(),
  message: z.string(),
});
export type Warning = z.infer<typeof warningSchema>;

export const taskDetailSchema = taskSummarySchema.extend({
  description: z.string(),
  deliverables: z.array(z.string()),
  indicators: z.array(z.string()),
  subTasks: z.array(taskSummarySchema),
  updates: z.array(taskUpdateSchema).describe('Newest first'),
  warnings: z.array(warningSchema),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

/** A task's id as a request names one: ids are PostgreSQL integers, and a larger number fails the query. */
const taskIdSchema = z.number().int().positive().max(2_147_483_647);

export const taskCreateSchema = z.object({
  plan: z.string().default('nids-2016'),
  /** The measure's path in the plan ("III.3.3"); a sub-task may omit it and takes its parent's. */
  measure: z.string().optional(),
  parentTaskId: taskIdSchema.nullable().optional(),
  title: z.string().trim().min(1).max(500),
  description: z.string().max(20_000).default(''),
  leadUnit: z.string().min(1),
  participants: z.array(z.string().min(1)).max(500).default([]),
  startOn: isoDate,
  dueOn: isoDate,
  milestones: z
    .array(z.object({ title: z.string().trim().min(1).max(500), dueOn: isoDate }))
    .max(100)
    .default([]),
  deliverables: z.array(z.string().trim().min(1).max(1000)).max(100).default([]),
  indicators: z.array(z.string().min(1)).max(100).default([]),
});
export type TaskCreate = z.input<typeof taskCreateSchema>;

export const taskChangeSchema = z.object({
  /** The version the caller saw: a stale one is answered 409 with the task as it is now. */
  version: z.number().int(),
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(20_000).optional(),
  leadUnit: z.string().min(1).optional(),
  participants: z.array(z.string().min(1)).max(500).optional(),
  parentTaskId: taskIdSchema.nullable().optional(),
  startOn: isoDate.optional(),
  dueOn: isoDate.optional(),
  milestones: z
    .array(
      z.object({
        title: z.string().trim().min(1).max(500),
        dueOn: isoDate,
        doneOn: isoDate.nullable().default(null),
      }),
    )
    .max(100)
    .optional(),
  deliverables: z.array(z.string().trim().min(1).max(1000)).max(100).optional(),
  indicators: z.array(z.string().min(1)).max(100).optional(),
});
export type TaskChange = z.input<typeof taskChangeSchema>;

/** The JSON part of a posted update (multipart field `update`, or the whole JSON body without files). */
export const taskUpdateCreateSchema = z.object({
  status: z.enum(taskStatuses),
  percentComplete: z.number().min(0).max(100),
  narrative: z.string().max(20_000).default(''),
  reason: z.string().max(5_000).nullable().default(null),
  /** The day the update speaks of; today when omitted. */
  reportedOn: isoDate.optional(),
});
export type TaskUpdateCreate = z.input<typeof taskUpdateCreateSchema>;

export const taskUpdateReviewSchema = z.object({
  decision: z.enum(['accept', 'query']),
  note: z.string().max(5_000).nullable().default(null),
});

export const notificationSchema = z.object({
  id: z.number().int(),
  stage: z.string().describe('warning, escalation, task_assigned, update_posted, update_reviewed…'),
  subject: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  warningId: z.number().int().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const inboxSchema = z.object({
  items: z.array(notificationSchema),
  unread: z.number().int(),
});

/** `GET /api/tasks`: every filter is optional; `status` may repeat or be a comma list. */
export const taskListQuerySchema = z.object({
  plan: z.string().min(1).max(64).optional(),
  measure: z.string().min(1).max(64).optional().describe('A measure path, e.g. III.3.3'),
  unit: z.string().min(1).max(64).optional().describe('The lead unit'),
  subtree: z
    .enum(['true', 'false'])
    .optional()
    .describe('With unit: also tasks led by units below it'),
  status: z
    .union([z.string().max(200), z.array(z.string().max(200)).max(10)])
    .optional()
    .describe('not_started, on_track, at_risk, delayed, done; repeat or separate by commas'),
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
  overdue: z.enum(['true', 'false']).optional().describe('Not done and past the due date'),
  parentTaskId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  topLevel: z.enum(['true', 'false']).optional().describe('Only tasks without a parent'),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .describe('Tasks led by, or shared with, the units where you report or manage tasks'),
  q: z.string().max(200).optional().describe('Words in the title'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskListQuery = z.input<typeof taskListQuerySchema>;
export type TaskList = z.infer<typeof taskListSchema>;

/** `GET /api/plans/:code/task-coverage`: for every measure, counts over the tasks the caller sees. */
export const taskCoverageSchema = z.object({
  plan: z.string(),
  measures: z.array(
    z.object({
      id: z.number().int(),
      path: z.string(),
      title: z.string(),
      topLevelTasks: z.number().int(),
      tasks: z.number().int().describe('Top-level tasks and sub-tasks'),
      done: z.number().int(),
      delayed: z.number().int(),
      atRisk: z.number().int(),
      overdue: z.number().int().describe('Not done and past the due date'),
    }),
  ),
});
export type TaskCoverage = z.infer<typeof taskCoverageSchema>;
