/**
 * The annual evaluation (Outline VI(4)): the year's scheme in versions, runs,
 * publishing, the ranking and one unit's scorecard. Signed-in users read
 * published runs; the national coordinating office (evaluation:manage,
 * nationwide) also sees drafts, changes the scheme, runs and publishes.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  evaluationRankingSchema,
  evaluationRunCreateSchema,
  evaluationRunListSchema,
  evaluationSchemeInputSchema,
  evaluationSchemeViewSchema,
  reportQuerySchema,
  runIdParamsSchema,
  scorecardParamsSchema,
  scorecardSchema,
  yearParamsSchema,
} from '../../../api/evaluation-contract.js';
import { ConfigError } from '../../../config.js';
import { decide } from '../../../core/access/policy.js';
import { actorOfRequest } from '../../auth/actor.js';
import { SELF } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';

const tags = ['evaluation'];

const REPORT_TYPES = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
const MANAGE = { action: 'evaluation:manage', unit: null } as const;

/** Drafts are for those who run evaluations; everyone else sees published runs only. */
function managesEvaluations(request: FastifyRequest): boolean {
  return decide(request.principal, 'evaluation:manage', null).allowed;
}

export function evaluationRoutes(context: AppContext): FastifyPluginAsyncZod {
  const { evaluation, report } = context.services;
  const { views } = evaluation;

  return async (app) => {
    app.get(
      '/evaluations',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary: 'Evaluation runs by year (drafts only for those who manage evaluations)',
          response: { 200: evaluationRunListSchema, ...errorResponses(401) },
        },
      },
      async (request) => {
        const manages = managesEvaluations(request);
        return views.runs(manages, manages);
      },
    );
    app.get(
      '/evaluations/:year',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'The year’s ranking: the published run, else the draft for those who manage evaluations',
          params: yearParamsSchema,
          response: { 200: evaluationRankingSchema, ...errorResponses(400, 401, 404) },
        },
      },
      async (request) => views.ranking(request.params.year, managesEvaluations(request)),
    );
    app.get(
      '/evaluations/:year/units/:code',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'A unit’s scorecard: components, every item that gave or cost points, and its trend',
          params: scorecardParamsSchema,
          response: { 200: scorecardSchema, ...errorResponses(400, 401, 404) },
        },
      },
      async (request) =>
        views.scorecard(request.params.year, request.params.code, managesEvaluations(request)),
    );
    app.post(
      '/evaluations/:year/runs',
      {
        config: { policy: MANAGE },
        schema: {
          tags,
          summary:
            'Score and rank the provinces and central departments as of a cut-off day (replaces the year’s draft)',
          params: yearParamsSchema,
          body: evaluationRunCreateSchema,
          response: { 201: evaluationRankingSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const { year } = request.params;
        const run = await evaluation.run(year, {
          cutoffOn: request.body.cutoffOn ?? evaluation.today(),
          schemeVersion: request.body.schemeVersion,
          actor: actorOfRequest(request),
        });
        return reply.status(201).send(await views.ranking(run.year, true));
      },
    );
    app.post(
      '/evaluation-runs/:id/publish',
      {
        config: { policy: MANAGE },
        schema: {
          tags,
          summary: 'Publish a draft run: it is frozen and shown for its year from then on',
          params: runIdParamsSchema,
          response: { 200: evaluationRankingSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const run = await evaluation.publish(request.params.id, actorOfRequest(request));
        return views.ranking(run.year, true);
      },
    );
    app.get(
      '/evaluation-schemes/:year',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'The year’s evaluation scheme: the current version, how it maps inputs to points, and every version',
          params: yearParamsSchema,
          response: { 200: evaluationSchemeViewSchema, ...errorResponses(400, 401) },
        },
      },
      async (request) => views.scheme(request.params.year),
    );
    app.post(
      '/evaluation-schemes/:year',
      {
        config: { policy: MANAGE },
        schema: {
          tags,
          summary: 'Store a new version of the year’s scheme (weights adding up to 100)',
          params: yearParamsSchema,
          body: evaluationSchemeInputSchema,
          response: { 201: evaluationSchemeViewSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        await evaluation.createSchemeVersion(
          request.params.year,
          request.body,
          actorOfRequest(request),
        );
        return reply.status(201).send(await views.scheme(request.params.year));
      },
    );
    app.get(
      '/evaluations/:year/report',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'The yearly report: progress to every target, task delivery, inspections, the ranking (a draft only for those who manage evaluations) and an annex of figures, as PDF, HTML or an Excel workbook',
          params: yearParamsSchema,
          querystring: reportQuerySchema,
          response: {
            200: z.any().describe('application/pdf, text/html or an Excel workbook (.xlsx)'),
            ...errorResponses(400, 401, 503),
          },
        },
      },
      async (request, reply) => {
        const { year } = request.params;
        const { lang, format } = request.query;
        const options = { withDrafts: managesEvaluations(request) };
        let body: Buffer | string;
        try {
          body =
            format === 'pdf'
              ? await report.pdf(year, lang, options)
              : format === 'xlsx'
                ? await report.xlsx(year, lang, options)
                : await report.html(year, lang, options);
        } catch (error) {
          // No browser to print with: the server's setup, not the request.
          if (error instanceof ConfigError) {
            return reply.status(503).send({ error: 'unavailable', message: error.message });
          }
          throw error;
        }
        const fileName = `planwatch-report-${year}-${lang}.${format}`;
        return reply
          .type(REPORT_TYPES[format])
          .header(
            'content-disposition',
            `${format === 'html' ? 'inline' : 'attachment'}; filename="${fileName}"`,
          )
          .send(body);
      },
    );
  };
}
