/**
 * The release calendar: public to read (anyone may know when figures come
 * out); the national office schedules releases and may run the due ones at
 * once (the server's scheduler runs them on every tick anyway).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  releaseListSchema,
  releaseQuerySchema,
  releaseRunSchema,
  releaseSchedule,
  releaseSchema,
} from '../../../api/releases-contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';

const tags = ['releases'];
const CONFIGURE = { action: 'plan:configure', unit: null } as const;

export function releaseRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { releases } = context.services;
  return async (app) => {
    app.get(
      '/releases',
      {
        config: { policy: PUBLIC },
        schema: {
          tags,
          summary: 'The release calendar: when each data set’s period is (or was) released',
          querystring: releaseQuerySchema,
          response: { 200: releaseListSchema, ...errorResponses(400) },
        },
      },
      async (request) => releases.list(request.query),
    );
    app.put(
      '/releases',
      {
        config: { policy: CONFIGURE },
        schema: {
          tags,
          summary:
            'Set or move the release day of a data set’s period (not once it has been released)',
          body: releaseSchedule,
          response: { 200: releaseSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => releases.schedule(request.body, actorOfRequest(request)),
    );
    app.post(
      '/releases/run',
      {
        config: { policy: CONFIGURE },
        schema: {
          tags,
          summary: 'Publish the approved values of every release due by today now',
          response: { 200: releaseRunSchema, ...errorResponses(401, 403) },
        },
      },
      async (request) => releases.releaseDue(actorOfRequest(request)),
    );
  };
}
