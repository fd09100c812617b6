import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localPlanListSchema, planListQuerySchema } from '../../../api/alignment-contract.js';
import { errorSchema, planSchema } from '../../../api/contract.js';
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
          summary:
            'The plans in the store: the national ones first, then the local plans with their owner unit and the plan they follow',
          querystring: planListQuerySchema,
          response: { 200: localPlanListSchema, 404: errorSchema },
        },
      },
      async (request) => ({ items: await context.services.alignment.listPlans(request.query) }),
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
