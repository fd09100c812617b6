import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, planSchema, planSummarySchema } from '../../../api/contract.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';

const planParams = z.object({ code: z.string().min(1).max(64) });

export function planRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/plans',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['plans'],
          summary: 'The plans in the store',
          response: { 200: z.object({ items: z.array(planSummarySchema) }) },
        },
      },
      async () => ({ items: await context.services.catalogue.listPlans() }),
    );
    app.get(
      '/plans/:code',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['plans'],
          summary:
            "A plan with its tree of chapters, sections, principles, objectives and measures, and the importer's notes",
          params: planParams,
          response: { 200: planSchema, 404: errorSchema },
        },
      },
      async (request) => context.services.catalogue.getPlan(request.params.code),
    );
  };
}
