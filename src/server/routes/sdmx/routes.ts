/**
 * SDMX REST (2.x style) over published values, for anyone: the structure
 * (dataflows, the data structure definition with its codelists) and data
 * queries by flow, key, period and vintage, as SDMX-JSON 2.0 or SDMX-CSV 2.0.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  SDMX_CSV_DATA,
  SDMX_JSON_DATA,
  SDMX_JSON_STRUCTURE,
  sdmxDataParamsSchema,
  sdmxDataQuerySchema,
  sdmxFlowParamsSchema,
  sdmxMessageSchema,
  sdmxStructureParamsSchema,
  type SdmxDataQueryParams,
} from '../../../api/sdmx-contract.js';
import type { SdmxDataFormat } from '../../../services/open-data/sdmx.service.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';
import { publicRateLimitOf } from '../../../config.js';
import { publicRateLimit } from '../public/rate-limit.js';

const tags = ['sdmx'];

/** format= wins; else the Accept header: SDMX-CSV when it asks for CSV, SDMX-JSON otherwise. */
function formatOf(request: FastifyRequest, query: SdmxDataQueryParams): SdmxDataFormat {
  if (query.format) return query.format === 'csvdata' ? 'csv' : 'json';
  const accept = request.headers.accept ?? '';
  return /application\/vnd\.sdmx\.data\+csv|text\/csv/i.test(accept) ? 'csv' : 'json';
}

/** Public, and limited per client like the public API (anonymous by address, tokens by token). */
const OPEN_DATA = { policy: PUBLIC, rateLimit: publicRateLimit(publicRateLimitOf()) };

export function sdmxRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { sdmx } = context.services;
  return async (app) => {
    const structureReply = (reply: FastifyReply) => reply.type(SDMX_JSON_STRUCTURE);

    app.get(
      '/structure/dataflow/:agency',
      {
        config: OPEN_DATA,
        schema: {
          tags,
          summary: 'SDMX dataflows of an agency (PLANWATCH): one per data set, and ALL',
          params: sdmxFlowParamsSchema,
          response: { 200: sdmxMessageSchema, ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        structureReply(reply);
        return sdmx.dataflows(request.params.agency);
      },
    );
    app.get(
      '/structure/dataflow/:agency/:id',
      {
        config: OPEN_DATA,
        schema: {
          tags,
          summary: 'One SDMX dataflow',
          params: sdmxFlowParamsSchema,
          response: { 200: sdmxMessageSchema, ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        structureReply(reply);
        return sdmx.dataflows(request.params.agency, request.params.id);
      },
    );
    app.get(
      '/structure/datastructure/:agency/:id',
      {
        config: OPEN_DATA,
        schema: {
          tags,
          summary: 'The data structure definition PLANWATCH:DSD_PLANWATCH(1.0) with its codelists',
          params: sdmxStructureParamsSchema,
          response: { 200: sdmxMessageSchema, ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        structureReply(reply);
        return sdmx.dataStructure(request.params.agency, request.params.id);
      },
    );

    const dataRoute = {
      config: OPEN_DATA,
      schema: {
        tags,
        summary:
          'Published values of a dataflow by key and period, as SDMX-JSON 2.0 (default) or SDMX-CSV 2.0',
        params: sdmxDataParamsSchema,
        querystring: sdmxDataQuerySchema,
        response: errorResponses(400, 404),
      },
    } as const;
    const answer = async (
      request: FastifyRequest<{
        Params: { flow: string; key?: string | undefined };
        Querystring: SdmxDataQueryParams;
      }>,
      reply: FastifyReply,
    ) => {
      const format = formatOf(request, request.query);
      const body = await sdmx.data(
        {
          flow: request.params.flow,
          key: request.params.key,
          startPeriod: request.query.startPeriod,
          endPeriod: request.query.endPeriod,
          asOf: request.query.asOf,
        },
        format,
      );
      reply.header('vary', 'accept');
      if (format === 'csv') {
        return reply.type(SDMX_CSV_DATA).send(body);
      }
      return reply.type(SDMX_JSON_DATA).send(JSON.stringify(body));
    };
    app.get('/data/:flow', dataRoute, answer);
    app.get('/data/:flow/:key', dataRoute, answer);
  };
}
