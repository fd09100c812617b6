/**
 * Tasks over HTTP: create and break down, list, read, change under a version
 * check, post progress updates (JSON, or multipart with evidence files),
 * review them, download evidence, and per-measure coverage of a plan.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../../api/contract.js';
import {
  taskChangeSchema,
  taskCoverageSchema,
  taskCreateSchema,
  taskDetailSchema,
  taskListQuerySchema,
  taskListSchema,
  taskUpdateReviewSchema,
  taskUpdateSchema,
} from '../../../api/tasks-contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import { SELF } from '../../auth/plugin.js';
import { policyById } from '../../auth/policy-by-id.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';
import { readJsonWithEvidence, sendEvidenceFile } from '../../evidence-http.js';

const tags = ['tasks'];
const errors = errorResponses(400, 401, 403, 404);
// Ids are PostgreSQL integers: a larger number is no id (and would fail the query, not match nothing).
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const codeParams = z.object({ code: z.string().min(1).max(64) });

export function taskRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { tasks } = context.services;
  return async (app) => {
    // Evidence uploads only: registered here, so no other route accepts multipart bodies.
    await app.register(fastifyMultipart);

    app.post(
      '/tasks',
      {
        // The service also checks every participant unit and, for a sub-task, the parent's lead unit.
        config: { policy: { action: 'task:manage', unit: { body: 'leadUnit' } } },
        schema: {
          tags,
          summary:
            'Create a task under a measure (or a sub-task under a task), led by a unit in your scope',
          body: taskCreateSchema,
          response: { 201: taskDetailSchema, ...errors },
        },
      },
      async (request, reply) => {
        const task = await tasks.create(request.principal, actorOfRequest(request), request.body);
        return reply.status(201).send(task);
      },
    );

    app.get(
      '/tasks',
      {
        // Without ?unit the list spans every scope the caller reads (the service filters in SQL).
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'Tasks you can see (led by, shared with or assigned by units in your scope), by due date',
          querystring: taskListQuerySchema,
          response: { 200: taskListSchema, ...errors },
        },
      },
      async (request) => tasks.list(request.principal, request.query),
    );

    app.get(
      '/tasks/:id',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary: 'A task with its sub-tasks, updates (newest first, with evidence) and warnings',
          params: idParams,
          response: { 200: taskDetailSchema, ...errors },
        },
      },
      async (request) => tasks.get(request.principal, request.params.id),
    );

    app.patch(
      '/tasks/:id',
      {
        config: { policy: policyById('task:manage', (id) => tasks.leadUnitOf(id)) },
        schema: {
          tags,
          summary:
            'Change a task you manage, naming the version you saw (409 with the current task when stale)',
          params: idParams,
          body: taskChangeSchema,
          response: { 200: taskDetailSchema, ...errors, 409: errorSchema },
        },
      },
      async (request) =>
        tasks.change(request.principal, actorOfRequest(request), request.params.id, request.body),
    );

    app.post(
      '/tasks/:id/updates',
      {
        config: {
          // The lead unit, or the participant the caller reports for.
          policy: policyById('task:report', (id, request) =>
            tasks.reportingUnitFor(request.principal, id),
          ),
        },
        schema: {
          tags,
          summary:
            'Post a progress update: JSON (taskUpdateCreate), or multipart/form-data with that JSON in field "update" and up to 10 evidence files in field "evidence"',
          params: idParams,
          response: { 201: taskUpdateSchema, ...errors, 413: errorSchema },
        },
      },
      async (request, reply) => {
        const { body, batch } = await readJsonWithEvidence(
          request,
          () => tasks.evidenceBatch(),
          'update',
        );
        const update = await tasks.postUpdate(
          request.principal,
          actorOfRequest(request),
          request.params.id,
          body,
          batch,
        );
        return reply.status(201).send(update);
      },
    );

    app.post(
      '/task-updates/:id/review',
      {
        config: { policy: policyById('task:review', (id) => tasks.leadUnitOfUpdate(id)) },
        schema: {
          tags,
          summary: 'Accept or query a progress update (a query needs a note)',
          params: idParams,
          body: taskUpdateReviewSchema,
          response: { 200: taskUpdateSchema, ...errors },
        },
      },
      async (request) =>
        tasks.review(request.principal, actorOfRequest(request), request.params.id, request.body),
    );

    app.get(
      '/attachments/:id',
      {
        // Whoever sees the task the file is evidence for (the service checks; 404 otherwise).
        config: { policy: SELF },
        schema: {
          tags,
          summary: 'Download an evidence file',
          params: idParams,
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const file = await tasks.openAttachment(request.principal, request.params.id);
        return sendEvidenceFile(reply, file);
      },
    );

    app.get(
      '/plans/:code/task-coverage',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'For every measure of a plan, how many tasks (top level and all) you can see, done, delayed, at risk and overdue',
          params: codeParams,
          response: { 200: taskCoverageSchema, ...errors },
        },
      },
      async (request) => tasks.coverage(request.principal, request.params.code),
    );
  };
}
