import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { grantSchema, userCreateSchema, userSchema } from '../../../api/contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';

// Ids are PostgreSQL integers: a larger number is no id (and would fail the query, not match nothing).
const rowId = z.coerce.number().int().positive().max(2_147_483_647);
const userParams = z.object({ id: rowId });
const assignmentParams = userParams.extend({ assignmentId: rowId });
const errors = errorResponses(400, 401, 403, 404, 409);

export function userRoutes(context: AppContext): FastifyPluginAsyncZod {
  const access = context.services.access;
  return async (app) => {
    app.get(
      '/users',
      {
        // Without ?orgUnit the list is nationwide; a provincial administrator names their unit.
        config: { policy: { action: 'user:manage', unit: { query: 'orgUnit' } } },
        schema: {
          tags: ['users'],
          summary: 'Users holding a role within your user-management scope',
          querystring: z.object({ orgUnit: z.string().min(1).max(64).optional() }),
          response: { 200: z.object({ items: z.array(userSchema) }), ...errors },
        },
      },
      async (request) => ({ items: await access.listUsers(request.principal) }),
    );

    app.post(
      '/users',
      {
        config: { policy: { action: 'user:manage', unit: { body: 'roles.0.orgUnitCode' } } },
        schema: {
          tags: ['users'],
          summary: 'Create a user with roles within your scope',
          body: userCreateSchema,
          response: { 201: userSchema, ...errors },
        },
      },
      async (request, reply) => {
        const user = await access.createUser(
          request.principal,
          request.body,
          actorOfRequest(request),
        );
        return reply.status(201).send(user);
      },
    );

    app.post(
      '/users/:id/roles',
      {
        config: { policy: { action: 'user:manage', unit: { body: 'orgUnitCode' } } },
        schema: {
          tags: ['users'],
          summary: 'Grant a role on an org unit within your scope',
          params: userParams,
          body: grantSchema,
          response: { 200: userSchema, ...errors },
        },
      },
      async (request) =>
        access.grantRole(
          request.principal,
          request.params.id,
          request.body,
          actorOfRequest(request),
        ),
    );

    app.delete(
      '/users/:id/roles/:assignmentId',
      {
        config: {
          policy: {
            action: 'user:manage',
            unit: {
              resolve: async (request) => {
                const { assignmentId } = request.params as { assignmentId?: string };
                return context.services.access.assignmentUnit(Number(assignmentId));
              },
            },
          },
        },
        schema: {
          tags: ['users'],
          summary: 'Take a role back',
          params: assignmentParams,
          response: { 200: userSchema, ...errors },
        },
      },
      async (request) =>
        access.revokeRole(
          request.principal,
          request.params.id,
          request.params.assignmentId,
          actorOfRequest(request),
        ),
    );
  };
}
