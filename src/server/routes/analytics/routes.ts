import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cascadeSchema,
  cellListSchema,
  evidenceSchema,
  evidenceWriteSchema,
  indicatorProgressSchema,
  planProgressSchema,
  provincialTargetsWriteSchema,
} from '../../../api/analytics-contract.js';
import { errorSchema } from '../../../api/contract.js';
import { PERIOD_TYPES } from '../../../core/periods.js';
import { PROGRESS_BANDS, PROGRESS_METHODS } from '../../../core/progress/index.js';
import { actorOfRequest } from '../../auth/actor.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const codes = (description: string) =>
  z
    .string()
    .min(1)
    .max(4000)
    .transform((text) =>
      text
        .split(',')
        .map((code) => code.trim())
        .filter((code) => code !== ''),
    )
    .describe(description);

export const cellQuery = z.object({
  indicator: codes('Indicator codes, separated by commas'),
  orgUnit: codes('Org unit codes, separated by commas').optional(),
  children: z.string().min(1).max(32).optional().describe('A unit and its children'),
  under: z.string().min(1).max(32).optional().describe('Units in this subtree (with level)'),
  level: z.enum(['nation', 'province', 'prefecture', 'county', 'department']).optional(),
  period: codes('Period codes, separated by commas').optional(),
  from: z.coerce.number().int().min(1900).max(2999).optional(),
  to: z.coerce.number().int().min(1900).max(2999).optional(),
  periodType: z.enum(PERIOD_TYPES).optional(),
  basis: z.string().max(200).optional(),
});
type CellQuery = z.infer<typeof cellQuery>;

export function selectionOf(query: CellQuery) {
  return {
    indicators: query.indicator,
    orgUnits: query.orgUnit,
    childrenOf: query.children,
    under: query.under,
    level: query.level,
    periods: query.period,
    from: query.from,
    to: query.to,
    periodType: query.periodType,
    basis: query.basis,
  };
}

const codeParams = z.object({ code: z.string().min(1).max(64) });
// Ids are PostgreSQL integers: a larger number is no id (and would fail the query, not match nothing).
const targetParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export function analyticsRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { analytics, progress, targets } = context.services;
  return async (app) => {
    app.get(
      '/analytics/cells',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['analytics'],
          summary:
            'Figures for indicators x org units x periods: reported, aggregated from the units below (always current), or computed by formula',
          querystring: cellQuery,
          response: { 200: cellListSchema, ...errors },
        },
      },
      async (request) => ({
        items: await analytics.select(request.principal, selectionOf(request.query)),
      }),
    );
    app.get(
      '/analytics/cells/export',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['analytics'],
          summary: 'The same figures as a CSV or Excel file (one row per figure)',
          querystring: cellQuery.extend({
            format: z.enum(['csv', 'xlsx']).default('csv'),
            lang: z.enum(['zh', 'en']).default('zh'),
          }),
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const file = await analytics.exportCells(
          request.principal,
          selectionOf(request.query),
          request.query.format,
          request.query.lang,
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.body);
      },
    );
    app.get(
      '/progress',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['analytics'],
          summary:
            "Every target of a plan at a unit: status by the plan's method with its inputs, formula and band, and a forecast to the target year",
          querystring: z.object({
            plan: z.string().min(1).max(64).default('nids-2016'),
            orgUnit: z.string().min(1).max(32).default('CN'),
          }),
          response: { 200: planProgressSchema, ...errors },
        },
      },
      async (request) => {
        const result = await progress.plan(
          request.principal,
          request.query.plan,
          request.query.orgUnit,
        );
        return { ...result, bands: [...PROGRESS_BANDS[result.method]] };
      },
    );
    app.put(
      '/plans/:code/progress-method',
      {
        config: { policy: { action: 'plan:configure', unit: null } },
        schema: {
          tags: ['analytics'],
          summary: "Choose the method that assesses progress to the plan's targets",
          params: codeParams,
          body: z.object({ method: z.enum(PROGRESS_METHODS) }),
          response: { 200: z.object({ plan: z.string(), method: z.string() }), ...errors },
        },
      },
      async (request) => {
        await progress.setMethod(request.params.code, request.body.method, actorOfRequest(request));
        return { plan: request.params.code, method: request.body.method };
      },
    );
    app.get(
      '/indicators/:code/progress',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['analytics'],
          summary: "One indicator's targets at a unit with status, explanation and forecast",
          params: codeParams,
          querystring: z.object({ orgUnit: z.string().min(1).max(32).default('CN') }),
          response: { 200: indicatorProgressSchema, ...errors },
        },
      },
      async (request) => ({
        items: await progress.indicator(
          request.principal,
          request.params.code,
          request.query.orgUnit,
        ),
      }),
    );
    app.get(
      '/indicators/:code/cascade',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['analytics'],
          summary:
            "A national target's provincial breakdown and whether it adds up by the indicator's aggregation",
          params: codeParams,
          querystring: z.object({ year: z.coerce.number().int().min(1900).max(2100) }),
          response: { 200: cascadeSchema, ...errors },
        },
      },
      async (request) => targets.cascade(request.params.code, request.query.year),
    );
    app.put(
      '/indicators/:code/targets',
      {
        config: { policy: { action: 'plan:configure', unit: null } },
        schema: {
          tags: ['analytics'],
          summary: 'Record provincial (or lower) targets breaking down a national target',
          params: codeParams,
          body: provincialTargetsWriteSchema,
          response: { 200: cascadeSchema, ...errors, 409: errorSchema },
        },
      },
      async (request) =>
        targets.saveTargets(request.params.code, request.body, actorOfRequest(request)),
    );
    app.get(
      '/targets/:id/evidence',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['analytics'],
          summary: 'Evidence recorded against a qualitative target',
          params: targetParams,
          response: { 200: z.object({ items: z.array(evidenceSchema) }), ...errors },
        },
      },
      async (request) => ({ items: await targets.evidence(request.params.id) }),
    );
    app.post(
      '/targets/:id/evidence',
      {
        config: {
          policy: {
            action: 'inspection:write',
            unit: {
              resolve: async (request) => {
                const { id } = request.params as { id?: string };
                return targets.targetUnit(Number(id));
              },
            },
          },
        },
        schema: {
          tags: ['analytics'],
          summary:
            'Record evidence of a qualitative target (its status then follows the latest evidence)',
          params: targetParams,
          body: evidenceWriteSchema,
          response: { 201: evidenceSchema, ...errors },
        },
      },
      async (request, reply) => {
        const row = await targets.addEvidence(
          request.params.id,
          request.body,
          actorOfRequest(request),
        );
        return reply.code(201).send(row);
      },
    );
  };
}
