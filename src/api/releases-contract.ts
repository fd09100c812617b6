/**
 * The release calendar (Outline III(3)): when each data set's period is
 * released to the public. Approved values stay invisible to the public until
 * their release; each release is a vintage (`asOf`). Shared with the web app
 * like contract.ts.
 */
import { z } from 'zod';

export const releaseStatuses = ['scheduled', 'released'] as const;
export type ReleaseStatusName = (typeof releaseStatuses)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

export const releaseSchema = z.object({
  id: z.number().int(),
  dataSet: z.object({ code: z.string(), nameEn: z.string(), nameZh: z.string() }),
  period: z.string(),
  /** Released by the first scheduled check on or after this day (UTC). */
  releaseOn: z.string(),
  status: z.enum(releaseStatuses),
  note: z.string().nullable(),
  releasedAt: z.string().nullable(),
  /** Approved values published under this release (at the release and by later approvals). */
  valuesPublished: z.number().int(),
});
export type Release = z.infer<typeof releaseSchema>;

export const releaseListSchema = z.object({
  /** By release day, then data set and period. */
  releases: z.array(releaseSchema),
});
export type ReleaseList = z.infer<typeof releaseListSchema>;

export const releaseQuerySchema = z.object({
  dataSet: z.string().trim().min(1).max(64).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
});
export type ReleaseQuery = z.infer<typeof releaseQuerySchema>;

export const releaseSchedule = z
  .object({
    dataSet: z.string().trim().min(1).max(64),
    period: z.string().trim().min(4).max(16),
    releaseOn: isoDay,
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();
export type ReleaseSchedule = z.infer<typeof releaseSchedule>;

export const releaseRunSchema = z.object({
  /** The day releases were due by. */
  day: z.string(),
  /** Releases that happened in this run. */
  released: z.array(releaseSchema),
  /** Values of approvals that came after their release, published in this run. */
  latePublished: z.number().int(),
});
export type ReleaseRun = z.infer<typeof releaseRunSchema>;
