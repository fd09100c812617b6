/**
 * Task breakdown files through the API, by the same service as `planwatch
 * tasks import` and `tasks export`:
 *
 * - `POST /api/tasks/import?fileName=…&orgUnit=…&dryRun=…`: the file (CSV or
 *   .xlsx) as the raw body; all or nothing. `orgUnit` names where the caller
 *   manages tasks (the policy checks task:manage there; without it,
 *   nationwide); the service checks every row's units against their scope.
 *   200 with the report, 400 with every problem at its line and column, 403
 *   naming a unit outside the caller's scope.
 * - `GET /api/tasks/export?format=csv|xlsx&unit=…`: the tasks the caller sees
 *   (led within `unit`'s subtree when given) in the same layout.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../../api/contract.js';
import { TASK_EXPORT_FORMATS } from '../../../services/tasks/task-export.service.js';
import { actorOfRequest } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { acceptRawUploads, dryRunQuery, uploadErrors } from '../../raw-upload.js';

/** A breakdown is a few thousand rows at most; a file this large is no breakdown. */
export const TASK_UPLOAD_LIMIT = 16 * 1024 * 1024;

const importReportSchema = z.object({
  file: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable().describe('The text encoding of a CSV file; null for workbooks'),
  sha256: z.string(),
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int().describe('Tasks written: 0 on a dry run'),
  tasks: z
    .array(
      z.object({
        ref: z.string(),
        id: z.number().int().nullable().describe('The new task; null on a dry run'),
        sheet: z.string().nullable(),
        line: z.number().int(),
      }),
    )
    .describe('Each row in file order'),
  conversions: z
    .array(
      z.object({
        sheet: z.string().nullable(),
        line: z.number().int(),
        column: z.number().int(),
        columnName: z.string(),
        from: z.string(),
        to: z.string(),
        how: z.string(),
      }),
    )
    .describe('Dates read from other forms (2026/6/30, 2026年6月30日, Excel serials)'),
});

export function taskImportRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const uploadOf = acceptRawUploads(app);

    app.post(
      '/tasks/import',
      {
        config: { policy: { action: 'task:manage', unit: { query: 'orgUnit' } } },
        bodyLimit: TASK_UPLOAD_LIMIT,
        schema: {
          tags: ['tasks'],
          summary:
            'Import a task breakdown (CSV in UTF-8, UTF-16 or GBK, or .xlsx) sent as the raw body; all or nothing; problems name file, line and column',
          querystring: z.object({
            fileName: z.string().min(1).max(255).describe('The file name, for the report'),
            orgUnit: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .describe(
                'Where the caller manages tasks; without it, a nationwide grant is needed. Every row is checked against the caller’s scope.',
              ),
            dryRun: dryRunQuery,
          }),
          response: { 200: importReportSchema, ...uploadErrors },
        },
      },
      async (request, reply) => {
        const body = uploadOf(request);
        const chunks: Buffer[] = [];
        let size = 0;
        // The raw stream is ours to limit: Fastify's bodyLimit covers the parsers that read it.
        for await (const chunk of body) {
          size += (chunk as Buffer).length;
          if (size > TASK_UPLOAD_LIMIT) {
            body.destroy();
            return reply.status(413).send({
              error: 'too_large',
              message: `The file is larger than ${TASK_UPLOAD_LIMIT / 1024 / 1024} MiB: no task breakdown is`,
            });
          }
          chunks.push(chunk as Buffer);
        }
        return context.services.taskImport.importBytes(
          Buffer.concat(chunks),
          request.query.fileName.split(/[\\/]/).pop()!,
          request.principal,
          actorOfRequest(request),
          { dryRun: request.query.dryRun },
        );
      },
    );

    app.get(
      '/tasks/export',
      {
        config: { policy: { action: 'read:unpublished', unit: { query: 'unit' } } },
        schema: {
          tags: ['tasks'],
          summary:
            'The tasks the caller sees in the task breakdown layout (CSV or .xlsx), which POST /api/tasks/import reads back',
          querystring: z.object({
            format: z.enum(TASK_EXPORT_FORMATS).default('csv'),
            lang: z.enum(['en', 'zh']).default('en').describe('Header names: codes or Chinese'),
            unit: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .describe('Tasks led by this unit or below it; without it, a nationwide reader'),
            plan: z.string().min(1).max(64).optional(),
            measure: z.string().min(1).max(64).optional(),
          }),
          response: {
            200: z.any().describe('The file'),
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
            404: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const file = await context.services.taskExport.export(request.principal, {
          format: request.query.format,
          language: request.query.lang,
          unit: request.query.unit,
          plan: request.query.plan,
          measure: request.query.measure,
        });
        return reply
          .header('content-type', file.mediaType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.body);
      },
    );
  };
}
