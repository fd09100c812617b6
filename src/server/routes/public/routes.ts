/**
 * The versioned public API (`/api/public/v1`): no sign-in, published figures
 * only (never drafts, whoever calls), paged with a `next` link in the body and
 * in a `Link` header, limited per client. Caching (ETag, 304) is done for
 * every public GET by server/http-cache.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  publicIndicatorDetailSchema,
  publicIndicatorListSchema,
  publicIndicatorQuery,
  publicSearchQuery,
  publicSearchSchema,
  publicValueListSchema,
  publicValueQuery,
} from '../../../api/public-contract.js';
import { planProgressSchema } from '../../../api/analytics-contract.js';
import { planSchema } from '../../../api/contract.js';
import { releaseListSchema, releaseQuerySchema } from '../../../api/releases-contract.js';
import { publicRateLimitOf } from '../../../config.js';
import { linkWith } from '../../../core/open-data/public-paging.js';
import { PublicApiService, type Page } from '../../../services/open-data/public-api.service.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';
import { publicRateLimit } from './rate-limit.js';

const tags = ['public API v1'];
const codeParams = z.object({ code: z.string().min(1).max(64) });

/** The link to the next page (relative: the same path and query, moved on), also as a Link header. */
function nextLink(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page<unknown>,
): string | null {
  if (page.next === null) return null;
  const link =
    'cursor' in page.next
      ? linkWith(request.url, { cursor: page.next.cursor, offset: null })
      : linkWith(request.url, { offset: page.next.offset, cursor: null });
  reply.header('link', `<${link}>; rel="next"`);
  return link;
}

export function publicApiRoutes(context: AppContext): FastifyPluginAsyncZod {
  const service = new PublicApiService(context.services);
  const config = { policy: PUBLIC, rateLimit: publicRateLimit(publicRateLimitOf()) };
  return async (app) => {
    app.get(
      '/indicators',
      {
        config,
        schema: {
          tags,
          summary: 'Indicators in code order with targets and latest published national figure',
          description:
            'Paged: `limit` (at most 500) with `cursor` (from the `next` link) or `offset`. `total` counts every match; `next` (and the `Link` header) leads to the following page.',
          querystring: publicIndicatorQuery,
          response: { 200: publicIndicatorListSchema, ...errorResponses(400, 404, 429) },
        },
      },
      async (request, reply) => {
        const page = await service.listIndicators(request.query);
        return {
          items: page.items,
          total: page.total!,
          limit: page.limit,
          next: nextLink(request, reply, page),
        };
      },
    );
    app.get(
      '/indicators/:code',
      {
        config,
        schema: {
          tags,
          summary:
            'One indicator: definition (en, zh), unit, targets, published national series with sources, progress to each target with its explanation',
          params: codeParams,
          response: { 200: publicIndicatorDetailSchema, ...errorResponses(404, 429) },
        },
      },
      async (request) => service.indicator(request.params.code),
    );
    app.get(
      '/indicators/:code/values',
      {
        config,
        schema: {
          tags,
          summary:
            'Published values of one indicator, by unit and period, optionally as published on a day',
          params: codeParams,
          querystring: publicValueQuery,
          response: { 200: publicValueListSchema, ...errorResponses(400, 404, 429) },
        },
      },
      async (request, reply) => {
        const page = await service.values(request.params.code, request.query);
        return {
          items: page.items,
          limit: page.limit,
          offset: page.offset,
          next: nextLink(request, reply, page),
        };
      },
    );
    app.get(
      '/plans/:code',
      {
        config,
        schema: {
          tags,
          summary: 'A plan’s text as a tree: chapters, sections and measures with their targets',
          params: codeParams,
          response: { 200: planSchema, ...errorResponses(404, 429) },
        },
      },
      async (request) => service.plan(request.params.code),
    );
    app.get(
      '/progress',
      {
        config,
        schema: {
          tags,
          summary:
            'Every target of a plan at a unit, judged on published figures: status with its inputs, formula and explanation',
          querystring: z.object({
            plan: z.string().trim().min(1).max(64).default('nids-2016'),
            orgUnit: z.string().trim().min(1).max(32).default('CN'),
          }),
          response: { 200: planProgressSchema, ...errorResponses(400, 404, 429) },
        },
      },
      async (request) => service.progress(request.query.plan, request.query.orgUnit),
    );
    app.get(
      '/search',
      {
        config,
        schema: {
          tags,
          summary: 'Indicators (codes, names) and plan text (titles, text), in English or Chinese',
          querystring: publicSearchQuery,
          response: { 200: publicSearchSchema, ...errorResponses(400, 429) },
        },
      },
      async (request, reply) => {
        const page = await service.search(request.query);
        return {
          items: page.items,
          total: page.total!,
          limit: page.limit,
          offset: page.offset,
          next: nextLink(request, reply, page),
        };
      },
    );
    app.get(
      '/releases',
      {
        config,
        schema: {
          tags,
          summary: 'The release calendar: when each data set’s period is (or was) published',
          querystring: releaseQuerySchema,
          response: { 200: releaseListSchema, ...errorResponses(400, 429) },
        },
      },
      async (request) => service.releases(request.query),
    );
  };
}
