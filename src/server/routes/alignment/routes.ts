/**
 * Local plans aligned to a higher plan: import a unit's plan, link its nodes
 * to the measures they implement, the alignment matrix. A unit's plan is its
 * breakdown of the national one, so changing it takes task:manage on the
 * plan's owner unit; the plan text and its links are public like the Outline.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  alignmentMatrixQuerySchema,
  alignmentMatrixSchema,
  alignmentSuggestionsSchema,
  bulkAlignmentRequestSchema,
  localPlanImportRequestSchema,
  localPlanImportResultSchema,
  MAX_PLAN_BODY_BYTES,
  nodeAlignmentRequestSchema,
  planAlignmentSchema,
} from '../../../api/alignment-contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import { PUBLIC, type RoutePolicy } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';

const errors = errorResponses(400, 401, 403, 404, 409);
const planParams = z.object({ code: z.string().min(1).max(64) });
const nodeParams = planParams.extend({ path: z.string().min(1).max(64) });
const suggestionQuery = z.object({
  limit: z.coerce.number().int().min(1).max(10).default(3).describe('Suggestions per node'),
});

export function alignmentRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { alignment } = context.services;
  /** task:manage on the unit that owns the plan named in the path (a plan without owner: nationwide). */
  const manageOwnersPlan: RoutePolicy = {
    action: 'task:manage',
    unit: {
      resolve: async (request: FastifyRequest) => {
        const { code } = request.params as { code?: string };
        return typeof code === 'string' ? alignment.ownerOf(code) : null;
      },
    },
  };

  return async (app) => {
    app.post(
      '/plans',
      {
        bodyLimit: MAX_PLAN_BODY_BYTES,
        config: { policy: { action: 'task:manage', unit: { body: 'ownerUnit' } } },
        schema: {
          tags: ['plans'],
          summary:
            "Import a unit's own plan (Chinese or English numbering) following another plan; any problem with its line and column, and nothing is written",
          body: localPlanImportRequestSchema,
          response: { 201: localPlanImportResultSchema, ...errors },
        },
      },
      async (request, reply) => {
        const result = await alignment.importLocalPlan(
          {
            ...request.body,
            source: `POST /api/plans by ${request.principal.kind === 'user' ? request.principal.username : 'unknown'}`,
            fileName: 'text',
          },
          actorOfRequest(request),
        );
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/plans/:code/alignment',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['plans'],
          summary:
            'Every node of a plan, in document order, with the measure of the plan it follows that the node implements',
          params: planParams,
          response: { 200: planAlignmentSchema, ...errors },
        },
      },
      async (request) => alignment.alignment(request.params.code),
    );

    app.put(
      '/plans/:code/nodes/:path/alignment',
      {
        config: { policy: manageOwnersPlan },
        schema: {
          tags: ['plans'],
          summary:
            'Link a node of a local plan to the measure it implements (a measure of the plan it follows), or unlink it with null',
          params: nodeParams,
          body: nodeAlignmentRequestSchema,
          response: { 200: planAlignmentSchema, ...errors },
        },
      },
      async (request) =>
        alignment.setNodeAlignment(
          request.params.code,
          request.params.path,
          request.body.measure,
          actorOfRequest(request),
        ),
    );

    app.put(
      '/plans/:code/alignment',
      {
        config: { policy: manageOwnersPlan },
        schema: {
          tags: ['plans'],
          summary:
            'Link several nodes at once (only the nodes named change): all or nothing, every problem listed',
          params: planParams,
          body: bulkAlignmentRequestSchema,
          response: { 200: planAlignmentSchema, ...errors },
        },
      },
      async (request) =>
        alignment.setAlignments(request.params.code, request.body, actorOfRequest(request)),
    );

    app.get(
      '/plans/:code/alignment/suggestions',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['plans'],
          summary:
            'For each node of a local plan, the measures of the plan it follows sharing the most key terms (suggestions only, never applied)',
          params: planParams,
          querystring: suggestionQuery,
          response: { 200: alignmentSuggestionsSchema, ...errors },
        },
      },
      async (request) => alignment.suggestions(request.params.code, request.query.limit),
    );

    app.get(
      '/plans/:code/alignment-matrix',
      {
        config: { policy: { action: 'read:unpublished', unit: { query: 'unit' } } },
        schema: {
          tags: ['plans'],
          summary:
            'For every measure of a plan and every unit of a level (or every unit with a local plan) within a subtree: the aligned local nodes and the tasks, with coverage',
          params: planParams,
          querystring: alignmentMatrixQuerySchema,
          response: { 200: alignmentMatrixSchema, ...errors },
        },
      },
      async (request) => alignment.matrix(request.params.code, request.query),
    );
  };
}
