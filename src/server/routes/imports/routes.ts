/**
 * Imports through the API, by the same engine as `planwatch data import`:
 *
 * - `POST /api/imports?fileName=…&orgUnit=…&dryRun=…`: the file as the raw body
 *   (application/octet-stream, text/csv or an Excel type), streamed to a
 *   temporary file and imported from there, up to UPLOAD_LIMIT bytes.
 * - `POST /api/data-values/import`: `{ values: [...], dryRun? }` as JSON;
 *   problems name `values[i].field`, i counted from 0.
 *
 * Both answer 200 with the report, or 400 with every problem (the error
 * handler's `details`). `orgUnit` names the unit the values are for: the
 * policy checks the caller may enter data there (without it: nationwide),
 * and the engine checks every value's unit lies within it and may be written.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../../api/contract.js';
import { actorOfRequest } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { acceptRawUploads, dryRunQuery, uploadErrors } from '../../raw-upload.js';

/** A national file at county level is about 620 MiB (docs/benchmarks.md): files that large go through the CLI. */
export const UPLOAD_LIMIT = 256 * 1024 * 1024;
const JSON_LIMIT = 32 * 1024 * 1024;

const reportSchema = z.object({
  file: z.string(),
  encoding: z.string(),
  layout: z.string(),
  sha256: z.string(),
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  missing: z.number().int(),
});

const jsonValueSchema = z.object({
  indicator: z.string().max(200),
  orgUnit: z.string().max(200),
  period: z.string().max(64),
  disaggregation: z.string().max(1000).nullish(),
  value: z.union([z.number(), z.string().max(200)]),
  comment: z.string().max(10_000).nullish(),
  source: z.string().max(10_000).nullish(),
});

const orgUnit = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe(
    'The unit the values are for: every value must be in its subtree. Without it, the caller needs a nationwide grant.',
  );

export function importRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const uploadOf = acceptRawUploads(app);

    app.post(
      '/imports',
      {
        config: { policy: { action: 'data:write', unit: { query: 'orgUnit' } } },
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          tags: ['imports'],
          summary:
            'Import values from a file (plain CSV or SDMX-CSV in UTF-8, UTF-16 or GBK, or an .xlsx workbook) sent as the raw body; all or nothing',
          querystring: z.object({
            fileName: z
              .string()
              .min(1)
              .max(255)
              .describe('The file name, for reports and revisions'),
            orgUnit,
            dryRun: dryRunQuery,
          }),
          response: { 200: reportSchema, ...uploadErrors },
        },
      },
      async (request, reply) => {
        const body = uploadOf(request);
        const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'planwatch-upload-'));
        const file = path.join(dir, randomBytes(8).toString('hex'));
        try {
          let size = 0;
          const limit = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              size += chunk.length;
              if (size > UPLOAD_LIMIT) callback(new UploadTooLarge());
              else callback(null, chunk);
            },
          });
          try {
            await pipeline(body, limit, fs.createWriteStream(file));
          } catch (error) {
            if (error instanceof UploadTooLarge)
              return reply.status(413).send({
                error: 'too_large',
                message: `The file is larger than ${UPLOAD_LIMIT / 1024 / 1024} MiB: import it with planwatch data import`,
              });
            throw error;
          }
          return await context.services.dataImport.importFile(
            file,
            request.principal,
            actorOfRequest(request),
            {
              dryRun: request.query.dryRun,
              name: path.basename(request.query.fileName),
              withinUnit: request.query.orgUnit,
            },
          );
        } finally {
          await fs.promises.rm(dir, { recursive: true, force: true });
        }
      },
    );

    app.post(
      '/data-values/import',
      {
        config: { policy: { action: 'data:write', unit: { body: 'orgUnit' } } },
        bodyLimit: JSON_LIMIT,
        schema: {
          tags: ['imports'],
          summary:
            'Import values sent as JSON, checked and written like a file; problems name values[i].field (i from 0)',
          body: z.object({
            orgUnit,
            values: z.array(jsonValueSchema).max(500_000),
            dryRun: z.boolean().default(false),
          }),
          response: { 200: reportSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema },
        },
      },
      async (request) =>
        context.services.dataImport.importJson(
          request.body.values,
          request.principal,
          actorOfRequest(request),
          { dryRun: request.body.dryRun, name: 'values', withinUnit: request.body.orgUnit },
        ),
    );
  };
}

class UploadTooLarge extends Error {
  override name = 'UploadTooLarge';
}
