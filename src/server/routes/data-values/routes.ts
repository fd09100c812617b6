import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dataValueListSchema,
  dataValueRevisionSchema,
  dataValueSchema,
  dataValueWriteSchema,
  errorSchema,
  publishedRevisionSchema,
} from '../../../api/contract.js';
import { EXPORT_FORMATS } from '../../../services/data-export.service.js';
import { actorOfRequest } from '../../auth/actor.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';

const query = z.object({
  indicator: z.string().min(1).max(64).optional(),
  orgUnit: z.string().min(1).max(64).optional(),
  period: z
    .string()
    .min(1)
    .max(16)
    .optional()
    .describe('Exactly this period: 2020, 2020S1, 2020Q3 or 202007'),
  from: z
    .string()
    .min(1)
    .max(16)
    .optional()
    .describe('Periods ending on or after the start of this period'),
  to: z
    .string()
    .min(1)
    .max(16)
    .optional()
    .describe('Periods ending on or before the end of this period'),
  asOf: z
    .string()
    .min(10)
    .max(40)
    .optional()
    .describe(
      'The values as they were at this date (end of day, UTC) or date-time: 2024-06-30 or 2024-06-30T12:00:00Z',
    ),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});

export function dataValueRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/data-values',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['data values'],
          summary: 'Data values, in series order',
          querystring: query,
          response: { 200: dataValueListSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => ({
        items: await context.services.catalogue.listDataValues(request.query, request.principal),
      }),
    );
    app.get(
      '/data-values/history',
      {
        // Published states are public; the drafts among them only within the reader's scope.
        config: { policy: PUBLIC },
        schema: {
          tags: ['data values'],
          summary: 'Every state one value has had, oldest first: value, who, when and why',
          querystring: z.object({
            indicator: z.string().min(1).max(64),
            orgUnit: z.string().min(1).max(64),
            period: z.string().min(1).max(16),
            basis: z.string().max(200).default(''),
          }),
          response: {
            200: z.object({ items: z.array(dataValueRevisionSchema) }),
            400: errorSchema,
            404: errorSchema,
          },
        },
      },
      async (request) => ({
        items: await context.services.catalogue.valueHistory(request.query, request.principal),
      }),
    );
    app.get(
      '/data-values/export',
      {
        // Published values are public; drafts are included only within the reader's scope.
        config: { policy: PUBLIC },
        schema: {
          tags: ['data values'],
          summary:
            'Export reported values of a selection as CSV, Excel or SDMX-CSV, in the layouts the import reads back unchanged',
          querystring: z.object({
            format: z.enum(EXPORT_FORMATS).default('csv'),
            dataSet: z.string().min(1).max(64).optional(),
            indicator: z
              .string()
              .min(1)
              .max(2000)
              .optional()
              .describe('Indicator codes, separated by commas'),
            under: z.string().min(1).max(64).optional().describe('A unit: its whole subtree'),
            from: z.string().min(4).max(8).optional(),
            to: z.string().min(4).max(8).optional(),
            lang: z.enum(['zh', 'en']).default('zh'),
          }),
          response: { 200: z.any(), 400: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { format, dataSet, indicator, under, from, to, lang } = request.query;
        const file = await context.services.dataExport.export(
          {
            format,
            dataSet,
            indicators: indicator?.split(',').map((code) => code.trim()),
            under,
            from,
            to,
            language: lang,
          },
          request.principal,
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.body);
      },
    );
    app.put(
      '/data-values',
      {
        config: { policy: { action: 'data:write', unit: { body: 'orgUnitCode' } } },
        schema: {
          tags: ['data values'],
          summary: 'Enter a value for a unit in your scope; it is saved as an unpublished draft',
          body: dataValueWriteSchema,
          response: {
            200: dataValueSchema,
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) =>
        context.services.dataEntry.writeDraft(
          request.principal,
          request.body,
          actorOfRequest(request),
        ),
    );
    app.post(
      '/data-values/revisions',
      {
        config: { policy: { action: 'data:review', unit: { body: 'orgUnitCode' } } },
        schema: {
          tags: ['data values'],
          summary:
            'Revise a published figure of a unit in your scope: it stays public, with the note saying why; the earlier vintage stays readable with asOf',
          body: publishedRevisionSchema,
          response: {
            200: dataValueSchema,
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) =>
        context.services.dataRevision.revisePublished(
          request.principal,
          request.body,
          actorOfRequest(request),
        ),
    );
  };
}
