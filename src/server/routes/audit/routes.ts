import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEntrySchema, errorSchema } from '../../../api/contract.js';
import type { AppContext } from '../../context.js';

export function auditRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { policy: { action: 'audit:read', unit: null } },
        schema: {
          tags: ['audit'],
          summary: 'The audit log, newest first; filter by record to see its history',
          querystring: z.object({
            entityType: z.string().min(1).max(64).optional(),
            entityId: z.string().min(1).max(200).optional(),
            // Sequence numbers are PostgreSQL integers: a larger number fails the query.
            beforeSeq: z.coerce.number().int().positive().max(2_147_483_647).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: {
            200: z.object({ items: z.array(auditEntrySchema) }),
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
          },
        },
      },
      async (request) => ({ items: await context.services.audit.list(request.query) }),
    );
  };
}
