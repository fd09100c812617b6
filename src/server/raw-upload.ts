/**
 * Files sent as the raw request body (CSV or Excel), for the import routes:
 * the body stream is kept aside rather than parsed, so each route reads it
 * under its own size limit.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorSchema } from '../api/contract.js';
import { InputError } from '../services/errors.js';

/** The content types a file may be sent as; the first is what clients are told to use. */
const FILE_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
];

/** `?dryRun=true|false` of an import: checks everything, writes nothing. */
export const dryRunQuery = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

/** The refusals of an upload route besides its report. */
export const uploadErrors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  413: errorSchema,
};

/**
 * Takes file bodies in this plugin and returns how a route gets its request's
 * stream (400 when the body was not sent as a file).
 */
export function acceptRawUploads(
  app: Pick<FastifyInstance, 'addContentTypeParser'>,
): (request: FastifyRequest) => Readable {
  // Kept out of `request.body`, which the text guard walks.
  const uploads = new WeakMap<FastifyRequest, Readable>();
  app.addContentTypeParser(FILE_TYPES, (request, payload, done) => {
    uploads.set(request, payload);
    done(null, { upload: true });
  });
  return (request) => {
    const body = uploads.get(request);
    if (!body)
      throw new InputError(`Send the file as the body, with Content-Type ${FILE_TYPES[0]}`);
    return body;
  };
}
