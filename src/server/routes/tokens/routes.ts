import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiTokenCreatedSchema,
  apiTokenCreateSchema,
  apiTokenSchema,
  errorSchema,
} from '../../../api/contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';

const MANAGE = { action: 'token:manage', unit: null } as const;
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function tokenRoutes(context: AppContext): FastifyPluginAsyncZod {
  const access = context.services.access;
  return async (app) => {
    app.get(
      '/tokens',
      {
        config: { policy: MANAGE },
        schema: {
          tags: ['API tokens'],
          summary: 'Your API tokens',
          response: { 200: z.object({ items: z.array(apiTokenSchema) }), ...errors },
        },
      },
      async (request) => ({ items: await access.listTokens(request.principal) }),
    );
    app.post(
      '/tokens',
      {
        config: { policy: MANAGE },
        schema: {
          tags: ['API tokens'],
          summary: 'Create an API token carrying some of your roles; the secret is shown once',
          body: apiTokenCreateSchema,
          response: { 201: apiTokenCreatedSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await access.createToken(request.principal, request.body, actorOfRequest(request))),
    );
    app.delete(
      '/tokens/:id',
      {
        config: { policy: MANAGE },
        schema: {
          tags: ['API tokens'],
          summary: 'Revoke one of your API tokens',
          // Ids are PostgreSQL integers: a larger number is no id.
          params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await access.revokeToken(request.principal, request.params.id, actorOfRequest(request));
        return reply.status(204).send(null);
      },
    );
  };
}
