import { z } from 'zod';

export const webhookSchema = z.object({
  id: z.number().int(),
  orgUnitCode: z.string().describe('Events about this unit and the units below it'),
  url: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const webhookCreatedSchema = webhookSchema.extend({
  secret: z
    .string()
    .describe(
      'Shown once: the key of the X-Planwatch-Signature header (sha256=<hex HMAC-SHA256 of the body>)',
    ),
});

export const webhookCreateBody = z.object({
  orgUnitCode: z.string().min(1).max(64),
  url: z.string().min(1).max(2000).describe('http:// or https:// only'),
});

export const webhookListQuery = z.object({
  unit: z.string().min(1).max(64).optional().describe('Hooks of this unit and the units below it'),
});

// Ids are PostgreSQL integers: a larger number is no id (and would fail the query, not match nothing).
export const webhookParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
});
