import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../../api/contract.js';
import {
  bulkApproveSchema,
  completenessSchema,
  dataSetSummarySchema,
  formSaveSchema,
  formSchema,
  reasonedRefSchema,
  submissionListItemSchema,
  submissionRefSchema,
} from '../../../api/reporting-contract.js';
import { SUBMISSION_STATES } from '../../../core/reporting/approval.js';
import { buildFormTemplate } from '../../../services/reporting/template.service.js';
import { actorOfRequest } from '../../auth/actor.js';
import { PUBLIC, SELF } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import { errorResponses } from '../../error-responses.js';

const params = z.object({ code: z.string().min(1).max(64) });
const unitPeriod = z.object({
  orgUnit: z.string().min(1).max(64),
  period: z
    .string()
    .min(4)
    .max(8)
    .describe('A period of the data set: 2025, 2025S1, 2025Q3 or 202507'),
});
const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ['reporting'];

export function dataSetRoutes(context: AppContext): FastifyPluginAsyncZod {
  const reporting = context.services.reporting;
  return async (app) => {
    app.get(
      '/data-sets',
      {
        config: { policy: PUBLIC },
        schema: {
          tags,
          summary: 'Data sets (reporting forms)',
          response: { 200: z.object({ items: z.array(dataSetSummarySchema) }) },
        },
      },
      async () => ({ items: await reporting.summaries() }),
    );
    app.get(
      '/data-sets/:code',
      {
        config: { policy: PUBLIC },
        schema: {
          tags,
          summary: 'One data set',
          params,
          response: { 200: dataSetSummarySchema, 404: errorSchema },
        },
      },
      async (request) => reporting.summaryOf(request.params.code),
    );
    app.put(
      '/data-sets/:code',
      {
        config: { policy: { action: 'plan:configure', unit: null } },
        schema: {
          tags,
          summary:
            'Create or replace a data set: indicators, categories, reporting units, windows, approval levels and rules',
          params,
          body: z.record(z.string(), z.unknown()),
          response: {
            200: z.object({
              code: z.string(),
              created: z.boolean(),
              indicators: z.number().int(),
              orgUnits: z.number().int(),
              rules: z.number().int(),
            }),
            ...errors,
          },
        },
      },
      async (request) =>
        context.services.dataSets.save(
          { ...request.body, code: request.params.code },
          actorOfRequest(request),
          'body',
        ),
    );
    app.get(
      '/data-sets/:code/form',
      {
        config: { policy: { action: 'read:unpublished', unit: { query: 'orgUnit' } } },
        schema: {
          tags,
          summary:
            'The entry form of one unit and period: values, checks, submission state, and what you may do',
          params,
          querystring: unitPeriod,
          response: { 200: formSchema, ...errors },
        },
      },
      async (request) =>
        reporting.form(
          request.principal,
          request.params.code,
          request.query.orgUnit,
          request.query.period,
        ),
    );
    app.get(
      '/data-sets/:code/template.xlsx',
      {
        config: { policy: { action: 'read:unpublished', unit: { query: 'orgUnit' } } },
        schema: {
          tags,
          summary:
            'An Excel template of the form, with what is stored so far, to fill in and upload back through the import',
          params,
          querystring: unitPeriod.extend({ lang: z.enum(['zh', 'en']).default('zh') }),
          response: {
            200: z
              .any()
              .describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { fileName, workbook } = await buildFormTemplate(reporting, request.principal, {
          dataSet: request.params.code,
          orgUnit: request.query.orgUnit,
          period: request.query.period,
          language: request.query.lang,
        });
        return reply
          .header(
            'content-type',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .send(workbook);
      },
    );
    app.put(
      '/data-sets/:code/form',
      {
        config: { policy: { action: 'data:write', unit: { query: 'orgUnit' } } },
        schema: {
          tags,
          summary:
            'Save values of the form as drafts, all or nothing; a changed value needs the version you loaded',
          params,
          querystring: unitPeriod,
          body: formSaveSchema,
          response: { 200: formSchema, ...errors },
        },
      },
      async (request) =>
        reporting.saveForm(
          request.principal,
          request.params.code,
          request.query.orgUnit,
          request.query.period,
          request.body,
          actorOfRequest(request),
        ),
    );
    app.post(
      '/data-sets/:code/submit',
      {
        config: { policy: { action: 'data:write', unit: { body: 'orgUnit' } } },
        schema: {
          tags,
          summary:
            'Submit the form for approval; refused while a check fails (errors, and warnings without a comment)',
          params,
          body: submissionRefSchema,
          response: { 200: formSchema, ...errors },
        },
      },
      async (request) =>
        reporting.submit(
          request.principal,
          request.params.code,
          request.body.orgUnit,
          request.body.period,
          actorOfRequest(request),
        ),
    );
    app.post(
      '/data-sets/:code/approve',
      {
        // Each item is checked at the level it waits for, which may lie above the unit's own scope.
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'Approve submissions of many units and periods at once, each at the level it waits for; all or nothing',
          params,
          body: bulkApproveSchema,
          response: {
            200: z.object({
              approved: z.array(
                z.object({
                  orgUnit: z.string(),
                  period: z.string(),
                  state: z.string(),
                  approvedLevels: z.number().int(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) =>
        reporting.approve(
          request.principal,
          request.params.code,
          request.body.items,
          actorOfRequest(request),
        ),
    );
    app.post(
      '/data-sets/:code/return',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary: 'Return a submission to its reporter with a reason',
          params,
          body: reasonedRefSchema,
          response: { 200: formSchema, ...errors },
        },
      },
      async (request) =>
        reporting.returnSubmission(
          request.principal,
          request.params.code,
          request.body,
          actorOfRequest(request),
        ),
    );
    app.post(
      '/data-sets/:code/unlock',
      {
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'Unlock an approved submission (the final approving level only), with a reason; it goes back to the reporter',
          params,
          body: reasonedRefSchema,
          response: { 200: formSchema, ...errors },
        },
      },
      async (request) =>
        reporting.unlock(
          request.principal,
          request.params.code,
          request.body,
          actorOfRequest(request),
        ),
    );
    app.get(
      '/data-sets/:code/submissions',
      {
        // Without ?under the list spans every scope the caller reads (the service checks each).
        config: { policy: SELF },
        schema: {
          tags,
          summary:
            'Submissions within your scope (or under a unit), saying which you may approve now',
          params,
          querystring: z.object({
            period: z.string().min(4).max(8).optional(),
            state: z.enum(SUBMISSION_STATES).optional(),
            under: z.string().min(1).max(64).optional(),
          }),
          response: { 200: z.object({ items: z.array(submissionListItemSchema) }), ...errors },
        },
      },
      async (request) => ({
        items: await reporting.submissions(request.principal, request.params.code, request.query),
      }),
    );
    app.get(
      '/data-sets/:code/completeness',
      {
        config: { policy: { action: 'read:unpublished', unit: { query: 'under' } } },
        schema: {
          tags,
          summary: 'Who has reported a period, on time or late, and who has not',
          params,
          querystring: z.object({
            period: z.string().min(4).max(8),
            under: z.string().min(1).max(64).default('CN'),
          }),
          response: { 200: completenessSchema, ...errors },
        },
      },
      async (request) =>
        reporting.completeness(
          request.principal,
          request.params.code,
          request.query.period,
          request.query.under,
        ),
    );
  };
}
