import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, orgUnitListSchema, orgUnitSchema } from '../../../api/contract.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import { orgUnitListQuery, orgUnitParams } from './schema.js';

export function orgUnitRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/org-units',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['org units'],
          summary:
            'Organisation units: the nation, provinces, prefectures, counties (GB/T 2260) and central departments',
          querystring: orgUnitListQuery,
          response: { 200: orgUnitListSchema, 400: errorSchema },
        },
      },
      async (request) =>
        context.services.catalogue.listOrgUnits({
          parentCode: request.query.parent,
          level: request.query.level,
          search: request.query.q,
          limit: request.query.limit,
          offset: request.query.offset,
        }),
    );
    app.get(
      '/org-units/:code',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['org units'],
          summary: 'One organisation unit',
          params: orgUnitParams,
          response: { 200: orgUnitSchema, 404: errorSchema },
        },
      },
      async (request) => context.services.catalogue.getOrgUnit(request.params.code),
    );
  };
}
