/**
 * The reporting part of the HTTP API: data sets, the entry form of one
 * unit and period, submissions through approval, completeness. Shared with
 * the web app like contract.ts.
 */
import { z } from 'zod';
import { APPROVAL_LEVELS, SUBMISSION_STATES } from '../core/reporting/approval.js';
import { REPORTING_STATUSES } from '../core/reporting/timeliness.js';
import { orgUnitSchema } from './contract.js';

const bilingual = z.object({ en: z.string(), zh: z.string() });

export const categorySchema = z.object({
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  options: z.array(z.object({ code: z.string(), nameEn: z.string(), nameZh: z.string() })),
});

export const dataSetSummarySchema = z.object({
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  periodType: z.enum(['year', 'half_year', 'quarter', 'month']),
  opensAfterDays: z.number().int(),
  closesAfterDays: z.number().int(),
  approvalLevels: z.array(z.enum(APPROVAL_LEVELS)),
  indicatorCodes: z.array(z.string()),
  orgUnitCount: z.number().int(),
});
export type DataSetSummary = z.infer<typeof dataSetSummarySchema>;

export const formIndicatorSchema = z.object({
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  unit: z.string().nullable(),
  unitMult: z.number().int(),
  unitLabel: bilingual,
  required: z.boolean(),
  minValue: z.number().nullable(),
  maxValue: z.number().nullable(),
  outlierThreshold: z.number().nullable(),
  categories: z.array(categorySchema),
  /** The unit's earlier totals of this indicator, oldest first (for the outlier check). */
  history: z.array(z.number()),
  historyPeriods: z.array(z.string()),
});
export type FormIndicator = z.infer<typeof formIndicatorSchema>;

export const formRowSchema = z.object({
  indicator: z.string(),
  /** '' for the total, else "AREA=URBAN". */
  disaggregation: z.string(),
  label: bilingual,
  value: z.number().nullable(),
  comment: z.string().nullable(),
  source: z.string().nullable(),
  /** null when nothing is stored yet; send it back as expectedVersion to change the value. */
  version: z.number().int().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type FormRow = z.infer<typeof formRowSchema>;

export const findingSchema = z.object({
  check: z.enum([
    'required',
    'range',
    'parts',
    'parts_incomplete',
    'outlier',
    'rule',
    'not_finite',
  ]),
  ruleCode: z.string().optional(),
  severity: z.enum(['error', 'warning']),
  subjects: z.array(z.object({ indicator: z.string(), disaggregation: z.string() })),
  numbers: z.record(z.string(), z.number().nullable()),
  message: bilingual,
});
export type FindingView = z.infer<typeof findingSchema>;

export const submissionEventSchema = z.object({
  action: z.enum(['submit', 'approve', 'return', 'unlock']),
  level: z.string().nullable(),
  state: z.enum(SUBMISSION_STATES),
  actor: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});

export const submissionSchema = z.object({
  state: z.enum(SUBMISSION_STATES),
  approvedLevels: z.number().int(),
  /** The levels that approve this unit's report, lowest first. */
  path: z.array(z.enum(APPROVAL_LEVELS)),
  awaitedLevel: z.enum(APPROVAL_LEVELS).nullable(),
  firstSubmittedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  reason: z.string().nullable(),
  /** 0 before the first submission. */
  version: z.number().int(),
  events: z.array(submissionEventSchema),
});
export type SubmissionView = z.infer<typeof submissionSchema>;

export const formSchema = z.object({
  dataSet: dataSetSummarySchema,
  orgUnit: orgUnitSchema,
  period: z.string(),
  window: z.object({ opensOn: z.string(), closesOn: z.string() }),
  reportingStatus: z.enum(REPORTING_STATUSES),
  submission: submissionSchema,
  indicators: z.array(formIndicatorSchema),
  rows: z.array(formRowSchema),
  rules: z.array(
    z.object({
      code: z.string(),
      severity: z.enum(['error', 'warning']),
      nameEn: z.string(),
      nameZh: z.string(),
      definition: z.unknown(),
    }),
  ),
  findings: z.array(findingSchema),
  /** The findings that stop submission now: errors, and warnings without a comment. */
  blocking: z.array(findingSchema),
  permissions: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    approve: z.boolean(),
    return: z.boolean(),
    unlock: z.boolean(),
  }),
});
export type FormView = z.infer<typeof formSchema>;

export const formSaveSchema = z.object({
  values: z
    .array(
      z.object({
        indicator: z.string().min(1).max(64),
        disaggregation: z.string().max(200).default(''),
        value: z.number().finite(),
        comment: z.string().max(2000).nullable().default(null),
        source: z.string().max(500).nullable().default(null),
        expectedVersion: z.number().int().min(1).optional(),
      }),
    )
    .max(10_000),
});
export type FormSave = z.input<typeof formSaveSchema>;

export const submissionRefSchema = z.object({
  orgUnit: z.string().min(1).max(64),
  period: z.string().min(4).max(8),
});
export const reasonedRefSchema = submissionRefSchema.extend({
  reason: z.string().trim().min(1, 'say why').max(2000),
});
export const bulkApproveSchema = z.object({
  items: z.array(submissionRefSchema).min(1).max(10_000),
});

export const submissionListItemSchema = z.object({
  orgUnit: orgUnitSchema,
  period: z.string(),
  submission: submissionSchema.omit({ events: true }),
  /** Whether the caller may approve or return it now. */
  canAct: z.boolean(),
});
export type SubmissionListItem = z.infer<typeof submissionListItemSchema>;

export const completenessSchema = z.object({
  dataSet: z.string(),
  period: z.string(),
  window: z.object({ opensOn: z.string(), closesOn: z.string() }),
  under: orgUnitSchema,
  summary: z.object({
    expected: z.number().int(),
    reported: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    completeness: z.number().nullable(),
    timeliness: z.number().nullable(),
    byStatus: z.record(z.enum(REPORTING_STATUSES), z.number().int()),
  }),
  /** One row per unit directly below `under` that has reporting units in its subtree, with their summary. */
  children: z.array(
    z.object({
      orgUnit: orgUnitSchema,
      expected: z.number().int(),
      reported: z.number().int(),
      onTime: z.number().int(),
      late: z.number().int(),
      completeness: z.number().nullable(),
    }),
  ),
  /** Every reporting unit in the subtree. */
  units: z.array(
    z.object({
      orgUnit: orgUnitSchema,
      status: z.enum(REPORTING_STATUSES),
      state: z.enum(SUBMISSION_STATES),
      firstSubmittedAt: z.string().nullable(),
      awaitedLevel: z.enum(APPROVAL_LEVELS).nullable(),
    }),
  ),
});
export type Completeness = z.infer<typeof completenessSchema>;
