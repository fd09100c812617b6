/**
 * Per-client limits of the public API: anonymous callers by address, API
 * token callers by their token (a digest of it: the secret never becomes a
 * key), signed-in users by account. Over the limit: 429 with Retry-After and
 * a message saying what the limit is.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';

export function publicClientKey(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  // The auth plugin has checked the token already (401 otherwise), so its digest names one client.
  if (authorization !== undefined && request.principal?.kind === 'user') {
    return `token:${createHash('sha256').update(authorization).digest('base64url')}`;
  }
  if (request.principal?.kind === 'user') return `user:${request.principal.userId}`;
  return `ip:${request.ip}`;
}

/** The route config of every public GET: `perMinute` requests a minute per client. */
export function publicRateLimit(perMinute: number): RateLimitOptions {
  return {
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: publicClientKey,
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(
          `Rate limit reached: the public API answers at most ${context.max} requests a minute per client (by address, or by API token); retry in ${Math.ceil(context.ttl / 1000)} s`,
        ),
        { statusCode: 429, code: 'rate_limited' },
      ),
  };
}
