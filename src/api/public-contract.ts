/**
 * The versioned public API (`/api/public/v1`, Outline IV(2): open data
 * interfaces): published figures only, paged, in both languages. Shared by
 * the server (validation, OpenAPI) and any client like contract.ts.
 */
import { z } from 'zod';
import { targetProgressSchema } from './analytics-contract.js';
import { dataValueSchema, indicatorSchema, sourceSchema } from './contract.js';

export const PUBLIC_PAGE_MAX = 500;
export const PUBLIC_PAGE_DEFAULT = 100;

const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(PUBLIC_PAGE_MAX)
  .default(PUBLIC_PAGE_DEFAULT)
  .describe(`Items per page (at most ${PUBLIC_PAGE_MAX})`);
const offset = z.coerce
  .number()
  .int()
  .min(0)
  .max(10_000_000)
  .optional()
  .describe('Items to skip (or use cursor)');

export const publicPageQuery = z.object({ limit, offset });

export const publicIndicatorQuery = z.object({
  limit,
  offset,
  cursor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('The cursor of the previous page’s `next` link (instead of offset)'),
  plan: z.string().trim().min(1).max(64).optional().describe('Only indicators linked to this plan'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words in the code or the English or Chinese name'),
});
export type PublicIndicatorQuery = z.infer<typeof publicIndicatorQuery>;

/** Where the next page is; null on the last page. Also sent as `Link: <…>; rel="next"`. */
const next = z.string().nullable();

export const publicIndicatorListSchema = z.object({
  items: z.array(indicatorSchema),
  /** Indicators matching the filters, on every page together. */
  total: z.number().int(),
  limit: z.number().int(),
  next,
});
export type PublicIndicatorList = z.infer<typeof publicIndicatorListSchema>;

export const publicIndicatorDetailSchema = indicatorSchema.extend({
  /** The source the latest published national figure cites. */
  latestSource: sourceSchema.nullable(),
  /** Every target of the indicator at the nation: status with its inputs, formula and explanation. */
  progress: z.array(targetProgressSchema),
  /** Every published national figure, in series order. */
  values: z.array(dataValueSchema),
  sources: z.array(sourceSchema),
});
export type PublicIndicatorDetail = z.infer<typeof publicIndicatorDetailSchema>;

export const publicValueQuery = z.object({
  orgUnit: z.string().trim().min(1).max(32).optional().describe('Only this org unit (GB/T 2260)'),
  from: z.string().trim().min(1).max(16).optional().describe('First period (e.g. 2018)'),
  to: z.string().trim().min(1).max(16).optional().describe('Last period (e.g. 2020)'),
  asOf: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .describe('As published on this day (2021-06-30) or moment (2021-06-30T12:00:00Z)'),
  limit,
  offset,
});
export type PublicValueQuery = z.infer<typeof publicValueQuery>;

export const publicValueListSchema = z.object({
  items: z.array(dataValueSchema),
  limit: z.number().int(),
  offset: z.number().int(),
  next,
});
export type PublicValueList = z.infer<typeof publicValueListSchema>;

export const publicSearchQuery = z.object({
  q: z.string().trim().min(1).max(200).describe('Words to find, in English or Chinese'),
  limit,
  offset,
});
export type PublicSearchQuery = z.infer<typeof publicSearchQuery>;

export const publicSearchHitSchema = z.object({
  kind: z.enum(['indicator', 'plan_node']),
  /** The indicator's code, or the plan node's path in its plan (e.g. 3.2.1). */
  code: z.string(),
  plan: z.string().nullable(),
  titleEn: z.string().nullable(),
  titleZh: z.string().nullable(),
  /** The text around the first match. */
  snippet: z.string(),
  /** Where the full record is: the public indicator, or the plan. */
  href: z.string(),
});
export type PublicSearchHit = z.infer<typeof publicSearchHitSchema>;

export const publicSearchSchema = z.object({
  items: z.array(publicSearchHitSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  next,
});
export type PublicSearchResult = z.infer<typeof publicSearchSchema>;
