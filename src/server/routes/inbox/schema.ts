import { z } from 'zod';
import { inboxSchema } from '../../../api/tasks-contract.js';

export const inboxQuery = z.object({
  unread: z.enum(['true', 'false']).optional().describe('true: unread notices only'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const inboxPageSchema = inboxSchema.extend({
  total: z.number().int().describe('How many notices match the filter'),
});

// Ids are PostgreSQL integers: a larger number is no id (and would fail the query, not match nothing).
export const notificationParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
});

export const readAllSchema = z.object({ marked: z.number().int() });

export const emailBody = z.object({
  email: z
    .email('an address such as name@example.org')
    .max(254)
    .nullable()
    .describe('Where the daily digest of your notices goes; null: the inbox only'),
});
