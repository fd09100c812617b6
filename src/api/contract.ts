/**
 * The HTTP API's response shapes, one zod schema per resource. The server
 * validates and documents its responses with them (OpenAPI), and the web app
 * imports the inferred types, so both sides share one definition.
 */
import { z } from 'zod';

export const healthSchema = z.object({
  status: z.literal('ok'),
  store: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});

export const orgUnitLevels = ['nation', 'province', 'prefecture', 'county', 'department'] as const;

export const orgUnitSchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(orgUnitLevels),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  /** Edition of the administrative division codes (GB/T 2260) the code belongs to; null for departments. */
  divisionEdition: z.string().nullable(),
});

export const orgUnitListSchema = z.object({
  items: z.array(orgUnitSchema),
  total: z.number().int(),
});

export const planNodeKinds = ['chapter', 'section', 'principle', 'objective', 'measure'] as const;

export interface PlanNodeTree {
  id: number;
  kind: (typeof planNodeKinds)[number];
  number: string;
  printedNumber: string | null;
  path: string;
  title: string;
  text: string;
  indicatorCodes: string[];
  children: PlanNodeTree[];
}

export const planNodeTreeSchema: z.ZodType<PlanNodeTree> = z.lazy(() =>
  z.object({
    id: z.number().int(),
    kind: z.enum(planNodeKinds),
    number: z.string(),
    printedNumber: z.string().nullable(),
    path: z.string(),
    title: z.string(),
    text: z.string(),
    indicatorCodes: z.array(z.string()),
    children: z.array(planNodeTreeSchema),
  }),
);

export const importNoteSchema = z.object({
  line: z.number().int(),
  kind: z.string(),
  message: z.string(),
});

export const planSummarySchema = z.object({
  code: z.string(),
  title: z.string(),
  issuers: z.array(z.string()),
  issuedOn: z.string().nullable(),
  source: z.string(),
  nodeCount: z.number().int(),
});

export const planSchema = planSummarySchema.extend({
  preamble: z.string(),
  notes: z.array(importNoteSchema),
  tree: z.array(planNodeTreeSchema),
});

export const targetSchema = z.object({
  id: z.number().int(),
  indicatorCode: z.string(),
  orgUnitCode: z.string(),
  year: z.number().int(),
  kind: z.enum(['numeric', 'qualitative']),
  value: z.number().nullable(),
  comparator: z.string().nullable(),
  baselineYear: z.number().int().nullable(),
  baselineValue: z.number().nullable(),
  derivation: z.string().nullable(),
  milestoneEn: z.string().nullable(),
  milestoneZh: z.string().nullable(),
  status: z.string().nullable(),
  sentence: z.string(),
  planCode: z.string(),
  planNodePath: z.string(),
});

export const dataValueSchema = z.object({
  indicatorCode: z.string(),
  orgUnitCode: z.string(),
  period: z.string(),
  periodType: z.enum(['year', 'half_year', 'quarter', 'month']),
  /** In the indicator's unit and multiplier. */
  value: z.number(),
  /** How the figure was defined; values on different bases are kept apart. */
  basis: z.string(),
  sourceKey: z.string().nullable(),
  confidence: z.enum(['high', 'medium', 'low']).nullable(),
  /** The value and unit exactly as published, before conversion to the indicator's multiplier. */
  publishedValue: z.string().nullable(),
  publishedUnit: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const sourceSchema = z.object({
  key: z.string(),
  title: z.string(),
  whereFound: z.string().nullable(),
});

export const indicatorSchema = z.object({
  code: z.string(),
  kind: z.enum(['numeric', 'qualitative']),
  nameEn: z.string(),
  nameZh: z.string(),
  unit: z.string().nullable(),
  unitMult: z.number().int(),
  direction: z.enum(['increase', 'decrease', 'none']),
  aggregation: z.string(),
  definitionEn: z.string(),
  definitionZh: z.string(),
  source: z.string().nullable(),
  planNodes: z.array(z.object({ planCode: z.string(), path: z.string(), title: z.string() })),
  targets: z.array(targetSchema),
  /** The most recent national value (latest period; on ties, the first basis alphabetically), or null. */
  latest: dataValueSchema.nullable(),
});

export const indicatorDetailSchema = indicatorSchema.extend({
  values: z.array(dataValueSchema),
  sources: z.array(sourceSchema),
});

export const indicatorListSchema = z.object({ items: z.array(indicatorSchema) });
export const dataValueListSchema = z.object({ items: z.array(dataValueSchema) });

export const errorSchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type Health = z.infer<typeof healthSchema>;
export type OrgUnit = z.infer<typeof orgUnitSchema>;
export type PlanSummary = z.infer<typeof planSummarySchema>;
export type Plan = z.infer<typeof planSchema>;
export type Target = z.infer<typeof targetSchema>;
export type DataValue = z.infer<typeof dataValueSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorDetail = z.infer<typeof indicatorDetailSchema>;
export type ApiError = z.infer<typeof errorSchema>;
