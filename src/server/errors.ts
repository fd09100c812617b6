/**
 * The one place where errors become HTTP statuses. Every 4xx names the
 * problem; a 500 is logged with its stack and says nothing internal.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  LockedError,
  NotFoundError,
  UnauthorizedError,
} from '../services/errors.js';

/** Domain errors and the HTTP status each becomes. */
const DOMAIN_ERRORS: ReadonlyArray<[new (...args: never[]) => Error, number, string]> = [
  [UnauthorizedError, 401, 'unauthorized'],
  [ForbiddenError, 403, 'forbidden'],
  [NotFoundError, 404, 'not_found'],
  [ConflictError, 409, 'conflict'],
  [LockedError, 423, 'locked'],
];

export interface ErrorHandlingOptions {
  /** Answer unknown GET paths outside /api with the web app's index page (client-side routes). */
  spaFallback: boolean;
}

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const issues = (error as { validation: unknown }).validation as {
        instancePath: string;
        message?: string;
      }[];
      return reply.status(400).send({
        error: 'invalid_request',
        message: `The ${where} is not valid: ${issues.map((issue) => describeIssue(where, issue.instancePath, issue.message)).join('; ')}`,
        details: issues.map((issue) => ({
          path: `${where}${issue.instancePath.replaceAll('/', '.')}`,
          message: issue.message ?? 'invalid',
        })),
      });
    }
    if (error instanceof InputError) {
      return reply.status(400).send({
        error: 'invalid_input',
        message: error.message,
        details: error.problems.map((problem) => ({
          path: [problem.path, problem.line, problem.column]
            .filter((part) => part !== undefined)
            .join(':'),
          message: problem.message,
        })),
      });
    }
    for (const [type, status, code] of DOMAIN_ERRORS) {
      if (!(error instanceof type)) continue;
      const current = error instanceof ConflictError ? (error as ConflictError).current : undefined;
      return reply.status(status).send({
        error: code,
        message: error.message,
        ...(current === undefined ? {} : { current }),
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, body too large, unsupported media type...
      return reply
        .status(status)
        .send({ error: error.code ?? 'bad_request', message: error.message });
    }
    if (isStoreBusy(error)) {
      // The request waited for a connection (or a lock) and gave up: a load peak, not a fault.
      request.log.warn({ err: error }, 'store busy');
      return reply.status(503).header('retry-after', '2').send({
        error: 'busy',
        message: 'The store was too busy to answer in time. Try again in a few seconds.',
      });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send({ error: 'internal', message: 'Internal error; it has been logged.' });
  });

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    const isApi = pathname === '/api' || pathname.startsWith('/api/');
    if (options.spaFallback && request.method === 'GET' && !isApi) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: 'not_found', message: `No route ${request.method} ${pathname}` });
  });
}

function describeIssue(where: string, instancePath: string, message: string | undefined): string {
  const field = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return `${field ? `${where}.${field}` : where}: ${message ?? 'invalid'}`;
}

/**
 * PostgreSQL's pool gave no connection in time, or SQLite's busy timeout ran
 * out. Writes are conditional on the version the writer saw, so repeating one is safe.
 */
export function isStoreBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.message === 'timeout exceeded when trying to connect') return true;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}
