import { z } from 'zod';
import { orgUnitLevels } from '../../../api/contract.js';

export const orgUnitListQuery = z.object({
  parent: z.string().min(1).optional().describe('Only the direct children of this unit'),
  level: z.enum(orgUnitLevels).optional(),
  q: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Code prefix or part of the Chinese or English name'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const orgUnitParams = z.object({ code: z.string().min(1).max(64) });
