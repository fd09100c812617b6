import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorSchema,
  passwordChangeSchema,
  sessionSchema,
  signInSchema,
} from '../../../api/contract.js';
import { SESSION_IDLE_MS } from '../../../services/access.service.js';
import { UnauthorizedError } from '../../../services/errors.js';
import { actorOfRequest } from '../../auth/actor.js';
import { PUBLIC, SELF, SESSION_COOKIE } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';

export function sessionRoutes(context: AppContext): FastifyPluginAsyncZod {
  const access = context.services.access;
  return async (app) => {
    app.post(
      '/session',
      {
        config: {
          policy: PUBLIC,
          // Per client address: slows guessing; the per-account lockout stops it.
          rateLimit: { max: 10, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['session'],
          summary: 'Sign in with user name and password; sets the session cookie',
          body: signInSchema,
          response: {
            200: sessionSchema,
            400: errorSchema,
            401: errorSchema,
            423: errorSchema,
            429: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const { secret, session } = await access.signIn(
          request.body.username,
          request.body.password,
          {
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          },
        );
        setSessionCookie(request, reply, secret);
        return session;
      },
    );

    app.get(
      '/session',
      {
        config: { policy: SELF },
        schema: {
          tags: ['session'],
          summary: 'The signed-in user, what they may do, and the CSRF token for writes',
          response: { 200: sessionSchema, 401: errorSchema },
        },
      },
      async (request) => {
        if (!request.session)
          throw new UnauthorizedError('This request is not signed in with a session');
        return access.presentSession(
          request.session.principal,
          request.session.csrfToken,
          request.session.expiresAt,
        );
      },
    );

    app.delete(
      '/session',
      {
        config: { policy: SELF },
        schema: {
          tags: ['session'],
          summary: 'Sign out',
          response: { 204: z.null(), 401: errorSchema },
        },
      },
      async (request, reply) => {
        if (request.session)
          await access.signOut(request.session.sessionId, actorOfRequest(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/session/revoke-all',
      {
        config: { policy: SELF },
        schema: {
          tags: ['session'],
          summary: 'Sign out everywhere: end every session of this user',
          response: { 204: z.null(), 401: errorSchema },
        },
      },
      async (request, reply) => {
        await access.signOutEverywhere(request.principal, actorOfRequest(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/account/password',
      {
        config: { policy: SELF },
        schema: {
          tags: ['session'],
          summary: 'Change your password; ends all your sessions',
          body: passwordChangeSchema,
          response: { 204: z.null(), 400: errorSchema, 401: errorSchema },
        },
      },
      async (request, reply) => {
        await access.changePassword(
          request.principal,
          request.body.currentPassword,
          request.body.newPassword,
          actorOfRequest(request),
        );
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );
  };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  });
}
