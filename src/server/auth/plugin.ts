/**
 * Authorization in one place. Every API route declares `config.policy`: the
 * action it takes and where the org unit it touches is found. This plugin
 * resolves the principal (session cookie or bearer token), checks CSRF on
 * cookie-authenticated writes, and asks the policy before validation, so an
 * unauthorised caller learns nothing about the request's shape.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import '@fastify/cookie';
import fp from 'fastify-plugin';
import { decide, type Action, type Principal } from '../../core/access/policy.js';
import type { AccessService, ResolvedSession } from '../../services/access.service.js';

/**
 * Where a route finds the org unit it acts on: a path parameter, a query
 * parameter, a (dotted) field of the JSON body, or a resolver that looks the
 * unit up from what the request names (e.g. a role assignment's unit).
 * null: the route acts on no unit, which for a scoped action means nationwide.
 */
export type UnitSource =
  | { param: string }
  | { query: string }
  | { body: string }
  | { resolve: (request: FastifyRequest) => Promise<string | null> }
  | null;

export interface RoutePolicy {
  action: Action;
  unit: UnitSource;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  policy: RoutePolicy;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyRequest {
    principal: Principal;
    session: ResolvedSession | null;
  }
}

export const SESSION_COOKIE = 'planwatch_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  access: AccessService;
  /** Filled with every route registered under the plugin's scope, for the route-by-role test. */
  registry: RegisteredRoute[];
}

export class MissingPolicyError extends Error {
  override name = 'MissingPolicyError';
}

async function authPlugin(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const { access, registry } = options;
  app.decorateRequest('principal', null as never);
  app.decorateRequest('session', null);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const policy = route.config?.policy;
    if (!policy)
      throw new MissingPolicyError(
        `Route ${methods.join(',')} ${route.url} declares no policy (config.policy)`,
      );
    for (const method of methods)
      if (method !== 'HEAD') registry.push({ method, url: route.url, policy });
  });

  app.addHook('onRequest', async (request, reply) => {
    request.principal = { kind: 'anonymous' };
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const principal = match ? await access.resolveToken(match[1]!) : null;
      if (!principal)
        return deny(reply, 401, 'invalid_token', 'The API token is invalid, expired or revoked');
      request.principal = principal;
      return;
    }
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) {
      const session = await access.resolveSession(secret);
      if (session) {
        request.principal = session.principal;
        request.session = session;
      }
    }
    if (!SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      if (origin !== undefined && !sameOrigin(origin, request)) {
        return deny(reply, 403, 'cross_origin', `Requests from ${origin} are not accepted`);
      }
      if (request.session && request.headers[CSRF_HEADER] !== request.session.csrfToken) {
        return deny(
          reply,
          403,
          'csrf',
          `Missing or wrong ${CSRF_HEADER} header: send the csrfToken of GET /api/session`,
        );
      }
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    const policy = request.routeOptions.config.policy;
    if (!policy) return deny(reply, 500, 'internal', 'route without policy');
    let unitPath: string | null = null;
    const code = await unitCode(request, policy.unit);
    if (code !== null && policy.action !== 'read:published') {
      unitPath = await access.unitPath(code);
      if (unitPath === null) {
        // Anonymous callers learn only that they must sign in.
        if (request.principal.kind === 'anonymous')
          return deny(reply, 401, 'unauthorized', 'Sign in first: this needs an account');
        return deny(reply, 404, 'not_found', `No org unit has code ${code}`);
      }
    }
    const decision = decide(request.principal, policy.action, unitPath);
    if (!decision.allowed)
      return deny(
        reply,
        decision.status,
        decision.status === 401 ? 'unauthorized' : 'forbidden',
        decision.reason,
      );
  });
}

async function unitCode(request: FastifyRequest, source: UnitSource): Promise<string | null> {
  if (source === null) return null;
  if ('resolve' in source) return source.resolve(request);
  const [bag, path] =
    'param' in source
      ? [request.params, source.param]
      : 'query' in source
        ? [request.query, source.query]
        : [request.body, source.body];
  let value: unknown = bag;
  for (const key of path.split('.')) {
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    // request.host follows X-Forwarded-Host when TRUST_PROXY is set, so a proxy in front is no cross-origin caller.
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

function deny(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.status(status).send({ error, message });
}

export const auth = fp(authPlugin, { name: 'planwatch-auth', dependencies: ['@fastify/cookie'] });

/** Anyone may: published data, documentation, signing in. */
export const PUBLIC: RoutePolicy = { action: 'read:published', unit: null };
/** Any signed-in user, for themselves. */
export const SELF: RoutePolicy = { action: 'self', unit: null };
