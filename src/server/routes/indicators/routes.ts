import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, indicatorDetailSchema, indicatorListSchema } from '../../../api/contract.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';

const listQuery = z.object({
  plan: z.string().min(1).max(64).optional().describe('Only indicators linked to this plan'),
});
const params = z.object({ code: z.string().min(1).max(64) });

export function indicatorRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/indicators',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['indicators'],
          summary: 'Indicators with their targets and latest national value',
          querystring: listQuery,
          response: { 200: indicatorListSchema, 404: errorSchema },
        },
      },
      async (request) => ({
        items: await context.services.catalogue.listIndicators(
          request.query.plan,
          request.principal,
        ),
      }),
    );
    app.get(
      '/indicators/:code',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['indicators'],
          summary:
            'One indicator with its targets, national series (every basis kept apart) and sources',
          params,
          response: { 200: indicatorDetailSchema, 404: errorSchema },
        },
      },
      async (request) =>
        context.services.catalogue.getIndicator(request.params.code, request.principal),
    );
  };
}
