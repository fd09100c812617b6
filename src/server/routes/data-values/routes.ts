import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dataValueListSchema, errorSchema } from '../../../api/contract.js';
import type { AppContext } from '../../context.js';

const query = z.object({
  indicator: z.string().min(1).max(64).optional(),
  orgUnit: z.string().min(1).max(64).optional(),
  period: z
    .string()
    .min(1)
    .max(16)
    .optional()
    .describe('Exactly this period: 2020, 2020S1, 2020Q3 or 202007'),
  from: z
    .string()
    .min(1)
    .max(16)
    .optional()
    .describe('Periods ending on or after the start of this period'),
  to: z
    .string()
    .min(1)
    .max(16)
    .optional()
    .describe('Periods ending on or before the end of this period'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});

export function dataValueRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/data-values',
      {
        schema: {
          tags: ['data values'],
          summary: 'Data values, in series order',
          querystring: query,
          response: { 200: dataValueListSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => ({
        items: await context.services.catalogue.listDataValues(request.query),
      }),
    );
  };
}
