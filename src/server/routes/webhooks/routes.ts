import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../../api/contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import { policyById } from '../../auth/policy-by-id.js';
import type { AppContext } from '../../context.js';
import {
  webhookCreateBody,
  webhookCreatedSchema,
  webhookListQuery,
  webhookParams,
  webhookSchema,
} from './schema.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

/** Subscriptions that receive warnings and escalations as signed JSON POSTs. */
export function webhookRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { webhooks } = context.services;
  return async (app) => {
    app.get(
      '/webhooks',
      {
        config: { policy: { action: 'task:manage', unit: { query: 'unit' } } },
        schema: {
          tags: ['webhooks'],
          summary: 'Active webhooks on units within your task-management scope (secrets not shown)',
          querystring: webhookListQuery,
          response: { 200: z.object({ items: z.array(webhookSchema) }), ...errors },
        },
      },
      async (request) => ({ items: await webhooks.list(request.principal, request.query.unit) }),
    );

    app.post(
      '/webhooks',
      {
        config: { policy: { action: 'task:manage', unit: { body: 'orgUnitCode' } } },
        schema: {
          tags: ['webhooks'],
          summary:
            "Subscribe a URL to the warnings of a unit's subtree; the answer shows the signing secret once",
          body: webhookCreateBody,
          response: { 201: webhookCreatedSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await webhooks.create(request.principal, request.body, actorOfRequest(request))),
    );

    app.delete(
      '/webhooks/:id',
      {
        config: { policy: policyById('task:manage', (id) => webhooks.unitOf(id)) },
        schema: {
          tags: ['webhooks'],
          summary: 'Stop a webhook: nothing more is sent to it',
          params: webhookParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await webhooks.remove(request.principal, request.params.id, actorOfRequest(request));
        return reply.status(204).send(null);
      },
    );
  };
}
