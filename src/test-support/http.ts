/**
 * The API of a test store over HTTP (Fastify's inject), with users signed in
 * by name: `call('hubei', 'PUT', url, body)` sends their session cookie and
 * CSRF token; `call(null, ...)` is an anonymous visitor.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../core/access/policy.js';
import type { Store } from '../db/connect.js';
import { buildApp } from '../server/app.js';
import { AccessService } from '../services/access.service.js';
import { createServices, type ServiceOptions } from '../services/container.js';
import { PASSWORD } from './access.js';

export type TestUser = readonly [username: string, role: Role, orgUnitCode: string];

export interface TestApi {
  app: FastifyInstance;
  headers: Record<string, Record<string, string>>;
  call(
    user: string | null,
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse>;
}

/** Creates the users and signs them in: each one's session cookie and CSRF header, by name. */
export async function signInUsers(
  store: Store,
  users: readonly TestUser[],
): Promise<Record<string, Record<string, string>>> {
  const access = new AccessService(store.db);
  const headers: Record<string, Record<string, string>> = {};
  for (const [username, role, orgUnitCode] of users) {
    await access.createUser(
      null,
      { username, displayName: username, password: PASSWORD, roles: [{ role, orgUnitCode }] },
      { name: 'test', ip: null },
    );
    const { secret, session } = await access.signIn(username, PASSWORD, {
      ip: null,
      userAgent: null,
    });
    headers[username] = {
      cookie: `planwatch_session=${secret}`,
      'x-csrf-token': session.csrfToken,
    };
  }
  return headers;
}

export async function startTestApi(
  store: Store,
  users: readonly TestUser[],
  serviceOptions: ServiceOptions = {},
): Promise<TestApi> {
  const headers = await signInUsers(store, users);
  const app = await buildApp({
    context: { services: createServices(store, serviceOptions), store, version: 'test' },
    logLevel: 'silent',
    webRoot: null,
  });
  return {
    app,
    headers,
    call: (user, method, url, payload) =>
      app.inject({ method, url, payload, headers: user ? headers[user] : {} }),
  };
}
