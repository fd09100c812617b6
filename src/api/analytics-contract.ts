/**
 * Response shapes of the analytics API: figures by indicator x org unit x
 * period, progress to targets with their explanation, forecasts, the target
 * cascade and the evidence behind milestones.
 */
import { z } from 'zod';

export const cellSchema = z.object({
  indicator: z.string(),
  orgUnit: z.string(),
  period: z.string(),
  basis: z.string(),
  value: z.number(),
  origin: z
    .enum(['reported', 'aggregated', 'computed'])
    .describe(
      'reported: the unit reported it (rolled up over time by the indicator rule); aggregated: what the units below add up to; computed: the indicator formula over its parts',
    ),
  reported: z.number().nullable(),
  aggregated: z.number().nullable(),
  units: z.number().int().nullable().describe('How many units below gave a figure'),
  formula: z
    .object({ numerator: z.number(), denominator: z.number(), factor: z.number() })
    .nullable(),
});
export const cellListSchema = z.object({ items: z.array(cellSchema) });

const stepSchema = z.object({ name: z.string(), formula: z.string(), value: z.number() });
const bandSchema = z.object({
  status: z.string(),
  from: z.number().nullable(),
  to: z.number().nullable(),
});
const timedSchema = z.object({ t: z.number(), period: z.string(), value: z.number() });

export const assessmentSchema = z.object({
  status: z.string(),
  method: z.string(),
  final: z.boolean(),
  reason: z.string().optional(),
  inputs: z.object({
    base: timedSchema.extend({ source: z.enum(['target', 'series']) }).nullable(),
    latest: timedSchema.nullable(),
    target: z.object({ year: z.number(), value: z.number(), comparator: z.string() }),
    appliedComparator: z.string(),
    direction: z.string(),
  }),
  formula: z.string(),
  steps: z.array(stepSchema),
  ratio: z.number().nullable(),
  band: bandSchema.extend({ label: z.string() }).nullable(),
  shareAttained: z.number().nullable(),
  notes: z.array(z.string()),
});

export const milestoneAssessmentSchema = z.object({
  status: z.string(),
  final: z.boolean(),
  reason: z.string().optional(),
  inputs: z.object({
    targetYear: z.number(),
    deadline: z.string(),
    today: z.string(),
    latest: z
      .object({ status: z.string(), recordedAt: z.string(), note: z.string().optional() })
      .nullable(),
    ignoredAfterToday: z.number(),
  }),
  timing: z.string(),
  rule: z
    .object({
      evidence: z.string(),
      timing: z.string(),
      status: z.string(),
      final: z.boolean(),
      explanation: z.string(),
    })
    .nullable(),
  notes: z.array(z.string()),
});

export const forecastSchema = z.object({
  targetYear: z.number(),
  targetValue: z.number(),
  comparator: z.string(),
  n: z.number().int(),
  fit: z
    .object({
      n: z.number(),
      slope: z.number(),
      intercept: z.number(),
      annualGrowth: z.number(),
      residualStandardError: z.number().nullable(),
    })
    .nullable(),
  projected: z.number().nullable(),
  intervals: z.array(z.object({ level: z.number(), lower: z.number(), upper: z.number() })),
  probability: z.number().nullable(),
  points: z.array(
    z.object({
      t: z.number(),
      value: z.number(),
      lower80: z.number().nullable(),
      upper80: z.number().nullable(),
      lower95: z.number().nullable(),
      upper95: z.number().nullable(),
    }),
  ),
  formula: z.string(),
  notes: z.array(z.string()),
});

const seriesSchema = z.object({
  basis: z.string(),
  points: z.array(
    z.object({
      period: z.string(),
      value: z.number(),
      t: z.number(),
      origin: z.enum(['reported', 'aggregated']),
    }),
  ),
});

export const targetProgressSchema = z.object({
  target: z.object({
    id: z.number().int(),
    indicator: z.string(),
    orgUnit: z.string(),
    year: z.number().int(),
    kind: z.enum(['numeric', 'qualitative']),
    value: z.number().nullable(),
    comparator: z.string().nullable(),
    milestoneEn: z.string().nullable(),
    milestoneZh: z.string().nullable(),
    sentence: z.string(),
  }),
  indicator: z.object({
    code: z.string(),
    nameEn: z.string(),
    nameZh: z.string(),
    unit: z.string().nullable(),
    unitMult: z.number().int(),
  }),
  series: seriesSchema.nullable(),
  assessment: assessmentSchema.nullable(),
  milestone: milestoneAssessmentSchema.nullable(),
  forecast: forecastSchema.nullable(),
  otherSeries: z.array(seriesSchema),
});

export const planProgressSchema = z.object({
  plan: z.string(),
  method: z.string(),
  orgUnit: z.string(),
  asOf: z.string(),
  bands: z.array(bandSchema.extend({ label: z.string().optional() })),
  items: z.array(targetProgressSchema),
  counts: z.array(z.object({ year: z.number(), status: z.string(), count: z.number().int() })),
});

export const indicatorProgressSchema = z.object({ items: z.array(targetProgressSchema) });

export const cascadeSchema = z.object({
  indicator: z.string(),
  year: z.number().int(),
  aggregation: z.string(),
  national: z.object({ value: z.number(), comparator: z.string().nullable() }).nullable(),
  provinces: z.array(
    z.object({
      orgUnit: z.string(),
      nameZh: z.string(),
      nameEn: z.string().nullable(),
      value: z.number().nullable(),
    }),
  ),
  /** Sum (or average) of the provincial targets, by the indicator's aggregation. */
  combined: z.number().nullable(),
  missing: z.array(z.string()),
  consistent: z.boolean().nullable(),
  message: z.string(),
});

export const provincialTargetsWriteSchema = z.object({
  year: z.number().int().min(1900).max(2100),
  targets: z
    .array(
      z.object({
        orgUnit: z.string().min(1).max(32),
        value: z.number().finite(),
      }),
    )
    .min(1)
    .max(100),
});

export const evidenceWriteSchema = z.object({
  status: z.enum(['not_started', 'in_progress', 'achieved', 'not_achieved']),
  note: z.string().trim().min(3).max(4000),
  link: z.string().url().max(2000).nullish(),
});

export const evidenceSchema = z.object({
  id: z.number().int(),
  targetId: z.number().int(),
  status: z.string(),
  note: z.string(),
  link: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export type Cell = z.infer<typeof cellSchema>;
export type TargetProgressView = z.infer<typeof targetProgressSchema>;
export type PlanProgressView = z.infer<typeof planProgressSchema>;
export type AssessmentView = z.infer<typeof assessmentSchema>;
export type ForecastView = z.infer<typeof forecastSchema>;
export type CascadeView = z.infer<typeof cascadeSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;
