import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema } from '../../../api/contract.js';
import { presentWarning } from '../../../api/task-presenters.js';
import { actorOfRequest } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import {
  warningListQuery,
  warningListSchema,
  warningRunBody,
  warningRunSummarySchema,
} from './schema.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function warningRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { warnings } = context.services;
  return async (app) => {
    app.get(
      '/warnings',
      {
        config: { policy: { action: 'read:unpublished', unit: { query: 'unit' } } },
        schema: {
          tags: ['warnings'],
          summary:
            'Early warnings (overdue, milestones, no update, indicators off track) about units within your scope',
          querystring: warningListQuery,
          response: { 200: warningListSchema, ...errors },
        },
      },
      async (request) => {
        const { unit, open, kind, limit, offset } = request.query;
        const page = await warnings.list(request.principal, {
          unit,
          open: open === undefined ? undefined : open === 'true',
          kind,
          limit,
          offset,
        });
        return { items: page.items.map(presentWarning), total: page.total };
      },
    );

    app.post(
      '/warnings/run',
      {
        config: { policy: { action: 'plan:configure', unit: null } },
        schema: {
          tags: ['warnings'],
          summary:
            'Run the daily early-warning check now (again, if it ran): raises, escalates and resolves warnings and queues digests; nothing is sent twice',
          body: warningRunBody,
          response: { 200: warningRunSummarySchema, ...errors },
        },
      },
      async (request) =>
        warnings.runDaily(request.body.day ?? warnings.today(), {
          force: true,
          actor: actorOfRequest(request),
        }),
    );
  };
}
