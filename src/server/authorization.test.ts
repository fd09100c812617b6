/**
 * Route by role: every route the server registers, every role, acting on a
 * unit outside the role's subtree is refused (403), anonymous access to
 * anything unpublished is refused (401), and published reads never carry
 * another province's unpublished values.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { actionsOf, ROLES, type Role } from '../core/access/policy.js';
import { AccessService } from '../services/access.service.js';
import { createServices } from '../services/container.js';
import { DataEntryService } from '../services/data-entry.service.js';
import { ensureDefaults } from '../services/defaults.service.js';
import { TaskService } from '../services/tasks/task.service.js';
import { describeEachStore } from '../test-support/stores.js';
import { buildApp } from './app.js';
import { auth, MissingPolicyError, type RegisteredRoute } from './auth/plugin.js';

const OWN = '420000'; // Hubei: where every tested role is held
const OTHER = '430000'; // Hunan: the unit outside their subtree
const MARKER = 123456.789; // a Hunan draft value that must never leak
const PASSWORD = 'route by role 2016';

interface Caller {
  label: string;
  role: Role | null;
  headers: Record<string, string>;
}

describeEachStore('authorization of every route', (fixture) => {
  let app: FastifyInstance;
  const callers: Caller[] = [{ label: 'anonymous', role: null, headers: {} }];
  const ids = { userId: '0', assignmentId: '0', tokenId: '0', taskId: '0', updateId: '0' };

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    const access = new AccessService(db);
    const system = { name: 'system:test', ip: null };
    // A Hunan reporter owns the things the Hubei roles try to reach.
    const hunan = await access.createUser(
      null,
      {
        username: 'hunan',
        displayName: 'Hunan',
        password: PASSWORD,
        roles: [{ role: 'reporter', orgUnitCode: OTHER }],
      },
      system,
    );
    ids.userId = String(hunan.id);
    ids.assignmentId = String(hunan.roles[0]!.id);
    const hunanPrincipal = (await access.resolveSession(
      (await access.signIn('hunan', PASSWORD, { ip: null, userAgent: null })).secret,
    ))!.principal;
    await new DataEntryService(db).writeDraft(
      hunanPrincipal,
      {
        indicatorCode: 'internet_users',
        orgUnitCode: OTHER,
        period: '2024',
        value: MARKER,
        comment: null,
      },
      system,
    );
    const token = await access.createToken(
      hunanPrincipal,
      {
        name: 'hunan system',
        grants: [{ role: 'reporter', orgUnitCode: OTHER }],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      system,
    );
    ids.tokenId = String(token.id);
    // A Hunan task with an update: the task routes' resolvers find Hunan through them.
    const tasks = new TaskService(db, { filesDir: fixture.location.dataDir });
    const nationalAdmin = {
      kind: 'user' as const,
      userId: 0,
      username: 'system',
      via: 'session' as const,
      grants: [{ role: 'admin' as const, orgUnitCode: 'CN', orgUnitPath: '/CN/' }],
    };
    const task = await tasks.create(nationalAdmin, system, {
      measure: 'III.2.3',
      title: 'Hunan task',
      leadUnit: OTHER,
      startOn: '2026-01-01',
      dueOn: '2026-12-31',
    });
    ids.taskId = String(task.id);
    const update = await tasks.postUpdate(hunanPrincipal, system, task.id, {
      status: 'on_track',
      percentComplete: 10,
    });
    ids.updateId = String(update.id);

    for (const role of ROLES) {
      await access.createUser(
        null,
        {
          username: `hubei-${role}`,
          displayName: role,
          password: PASSWORD,
          roles: [{ role, orgUnitCode: OWN }],
        },
        system,
      );
      const { secret, session } = await access.signIn(`hubei-${role}`, PASSWORD, {
        ip: null,
        userAgent: null,
      });
      callers.push({
        label: `${role} of Hubei`,
        role,
        headers: { cookie: `planwatch_session=${secret}`, 'x-csrf-token': session.csrfToken },
      });
    }
    app = await buildApp({
      context: { services: createServices(fixture.store), store: fixture.store, version: 'test' },
      logLevel: 'silent',
      webRoot: null,
    });
    await app.ready();
  });
  afterAll(async () => app.close());

  /** A request that acts on `unit` in the place the route's policy looks for it. */
  function requestFor(route: RegisteredRoute, unit: string) {
    let url = route.url
      .replace(':code', unit)
      .replace(':assignmentId', ids.assignmentId)
      .replace(
        ':id',
        route.url.startsWith('/api/tokens')
          ? ids.tokenId
          : route.url.startsWith('/api/tasks/')
            ? ids.taskId
            : route.url.startsWith('/api/task-updates/')
              ? ids.updateId
              : ids.userId,
      );
    let body: unknown = undefined;
    const source = route.policy.unit;
    if (source && 'query' in source) url += `?${source.query}=${unit}`;
    if (source && 'body' in source) {
      body = source.body
        .split('.')
        .reverse()
        .reduce<unknown>((inner, key) => (/^\d+$/.test(key) ? [inner] : { [key]: inner }), unit);
    }
    if (body === undefined && route.method !== 'GET' && route.method !== 'DELETE') body = {};
    return { method: route.method as 'GET', url, payload: body as object | undefined };
  }

  it('knows a policy for every route it registers', () => {
    const withPolicy = new Set(app.policyRoutes.map((route) => `${route.method} ${route.url}`));
    const without = app.allRoutes.filter(
      (route) => !withPolicy.has(`${route.method} ${route.url}`),
    );
    // Only the interactive API documentation (static, public) lives outside the policy.
    expect(without.filter((route) => !route.url.startsWith('/api/docs'))).toEqual([]);
    expect(app.policyRoutes.length).toBeGreaterThanOrEqual(17);
  });

  it('refuses to register a route that declares no policy', async () => {
    const build = async () => {
      const bare = Fastify();
      await bare.register(fastifyCookie);
      await bare.register(async (api) => {
        await api.register(auth, { access: new AccessService(fixture.store.db), registry: [] });
        api.get('/no-policy', async () => 'open');
      });
      await bare.ready();
    };
    await expect(build()).rejects.toThrow(MissingPolicyError);
  });

  it('refuses every role acting outside its subtree (403) and anonymous callers (401)', async () => {
    const failures: string[] = [];
    for (const route of app.policyRoutes) {
      const { action, unit } = route.policy;
      if (action === 'read:published') continue;
      const unscoped = action === 'self' || action === 'token:manage';
      for (const caller of callers) {
        // A user's own session, password and tokens are theirs anywhere (and signing out would end the test's sessions).
        if (unscoped && caller.role !== null) continue;
        const response = await app.inject({ ...requestFor(route, OTHER), headers: caller.headers });
        const expected = caller.role === null ? 401 : 403;
        if (response.statusCode !== expected) {
          failures.push(
            `${caller.label}: ${route.method} ${route.url} (${action}, unit ${JSON.stringify(unit)}) answered ${response.statusCode}, expected ${expected}`,
          );
        }
        if (response.statusCode >= 500)
          failures.push(
            `${caller.label}: ${route.method} ${route.url} answered ${response.statusCode}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets each role act inside its own subtree where its role allows, and nowhere else (the control)', async () => {
    const failures: string[] = [];
    for (const route of app.policyRoutes) {
      const { action, unit } = route.policy;
      if (
        action === 'read:published' ||
        action === 'self' ||
        action === 'token:manage' ||
        unit === null
      )
        continue;
      if ('resolve' in unit) continue; // needs a record on the unit; covered by the service tests
      for (const caller of callers.filter((c) => c.role !== null)) {
        const response = await app.inject({ ...requestFor(route, OWN), headers: caller.headers });
        const allowed = actionsOf(caller.role!).includes(action);
        const refused = response.statusCode === 401 || response.statusCode === 403;
        if (allowed === refused) {
          failures.push(
            `${caller.label}: ${route.method} ${route.url} on ${OWN} answered ${response.statusCode}: ${response.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never shows another province’s unpublished values through a public read', async () => {
    const failures: string[] = [];
    const publicGets = app.policyRoutes.filter(
      (route) => route.policy.action === 'read:published' && route.method === 'GET',
    );
    expect(publicGets.length).toBeGreaterThan(5);
    const urls = publicGets.flatMap((route) =>
      route.url.includes(':code')
        ? [
            route.url.replace(
              ':code',
              route.url.startsWith('/api/indicators')
                ? 'internet_users'
                : route.url.startsWith('/api/plans')
                  ? 'nids-2016'
                  : OTHER,
            ),
          ]
        : [route.url, `${route.url}?orgUnit=${OTHER}`, `${route.url}?indicator=internet_users`],
    );
    for (const url of urls) {
      for (const caller of callers) {
        const response = await app.inject({ method: 'GET', url, headers: caller.headers });
        if (
          response.statusCode === 401 ||
          response.statusCode === 403 ||
          response.statusCode >= 500
        ) {
          failures.push(`${caller.label}: GET ${url} answered ${response.statusCode}`);
        }
        if (response.body.includes(String(MARKER)))
          failures.push(`${caller.label}: GET ${url} shows the Hunan draft`);
      }
    }
    expect(failures).toEqual([]);
  });
});
