import { z } from 'zod';
import { warningKinds, warningSchema } from '../../../api/tasks-contract.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const warningListQuery = z.object({
  unit: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Warnings about this unit and the units below it (without it: nationwide)'),
  open: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: unresolved only; false: resolved only'),
  kind: z.enum(warningKinds).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const warningListSchema = z.object({
  items: z.array(warningSchema).describe('Newest first'),
  total: z.number().int(),
});

export const warningRunBody = z
  .object({ day: isoDate.optional().describe('The day to check; today (UTC) when omitted') })
  .default({});

export const warningRunSummarySchema = z.object({
  day: z.string(),
  run: z
    .enum(['claimed', 'taken_over', 'forced', 'skipped'])
    .describe('forced: the day had run before and ran again, sending nothing twice'),
  tasksChecked: z.number().int(),
  raised: z.number().int(),
  escalated: z.number().int(),
  resolved: z.number().int(),
  offTrackTargets: z.number().int(),
  digestsQueued: z.number().int(),
  failures: z.array(z.object({ taskId: z.number().int().nullable(), message: z.string() })),
});
