import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataValue, User } from '../api/contract.js';
import { actorOf } from '../services/access.service.js';
import { SYSTEM_ACTOR, verifyAudit } from '../services/audit.service.js';
import { createServices, type Services } from '../services/container.js';
import { ensureDefaults } from '../services/defaults.service.js';
import {
  auditSince,
  expectNoInternals,
  expectUnchanged,
  HOSTILE_STRINGS,
  PASSWORD,
  principalOf,
  snapshot,
} from '../test-support/access.js';
import { findUnstorableText } from '../core/storable-text.js';
import { DataValueRepository } from '../db/repositories/data-value.repository.js';
import { describeEachStore } from '../test-support/stores.js';
import { buildApp } from './app.js';

const INDICATOR = 'users_5g';
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
/** Text a store can keep exactly as sent: well-formed Unicode without NUL. */
const storable = (text: string) => !/\p{Cs}/u.test(text) && !text.includes('\u0000');

interface Signed {
  cookie: string;
  csrf: string;
}

describeEachStore('Security over HTTP', (fixture) => {
  let app: FastifyInstance;
  let services: Services;
  let hubeiReporter: User;
  let hunanReporter: User;
  let nationReporter: User;
  let nationViewer: User;
  let reporterSession: Signed;
  let adminSession: Signed;
  /** A token of the Hubei reporter carrying reporter on Wuhan only. */
  let wuhanToken: string;
  let hunanToken: string;
  let viewerToken: string;

  // Every request comes from its own address unless a test says otherwise, so
  // the sign-in rate limit (10 a minute per address) only bites where tested.
  let addresses = 0;
  const nextAddress = () => {
    addresses += 1;
    return `10.9.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
  };

  /** app.inject that also checks what every response must hold: no 500, and errors say what, never how. */
  async function call(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const response = await app.inject({ remoteAddress: nextAddress(), ...options });
    const label = `${options.method ?? 'GET'} ${options.url}: ${response.body}`;
    expect(response.statusCode, label).toBeLessThan(500);
    if (response.statusCode >= 400) {
      expectNoInternals(response.body);
      const body = response.json<{ error?: unknown; message?: unknown }>();
      expect(typeof body.error).toBe('string');
      expect(typeof body.message).toBe('string');
      expect((body.message as string).length).toBeGreaterThan(0);
    }
    return response;
  }

  const errorOf = (response: LightMyRequestResponse) =>
    response.json<{ error: string; message: string }>();

  const signIn = (username: string, password: string, remoteAddress = nextAddress()) =>
    call({
      method: 'POST',
      url: '/api/session',
      payload: { username, password },
      remoteAddress,
    });

  function sessionOf(response: LightMyRequestResponse): Signed {
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']).split(';')[0]!;
    return { cookie, csrf: response.json<{ csrfToken: string }>().csrfToken };
  }

  const withSession = (session: Signed, csrf: string | null = session.csrf) => ({
    cookie: session.cookie,
    ...(csrf === null ? {} : { 'x-csrf-token': csrf }),
  });

  const draft = (orgUnitCode: string, extra: Record<string, unknown> = {}) => ({
    indicatorCode: INDICATOR,
    orgUnitCode,
    period: '2024',
    value: 1.25,
    comment: null,
    ...extra,
  });

  // These tests are about who may write, not about lost updates: send the version a careful client would.
  const putValue = async (headers: Record<string, string>, payload: unknown) => {
    const body = payload as Record<string, unknown>;
    if (
      body &&
      typeof body === 'object' &&
      !Array.isArray(body) &&
      body.expectedVersion === undefined &&
      findUnstorableText(body, 'body') === null // the store cannot even be asked about NUL
    ) {
      const current = await new DataValueRepository(fixture.store.db).findOne({
        indicatorCode: String(body.indicatorCode),
        orgUnitCode: String(body.orgUnitCode),
        period: String(body.period),
        basis: '',
      });
      if (current)
        return call({
          method: 'PUT',
          url: '/api/data-values',
          headers,
          payload: { ...body, expectedVersion: current.version },
        });
    }
    return call({ method: 'PUT', url: '/api/data-values', headers, payload: payload as object });
  };

  const drafts = async (url: string, headers: Record<string, string> = {}) => {
    const response = await call({ method: 'GET', url, headers });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ items?: DataValue[]; values?: DataValue[] }>();
    return (body.items ?? body.values ?? []).filter((value) => value.status === 'draft');
  };

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    services = createServices(fixture.store);
    app = await buildApp({
      context: { services, store: fixture.store, version: 'test' },
      logLevel: 'silent',
      webRoot: null,
    });
    const create = (username: string, role: User['roles'][number]['role'], orgUnitCode: string) =>
      services.access.createUser(
        null,
        { username, displayName: username, password: PASSWORD, roles: [{ role, orgUnitCode }] },
        SYSTEM_ACTOR,
      );
    [hubeiReporter, hunanReporter, nationReporter, nationViewer] = await Promise.all([
      create('hubei.reporter', 'reporter', '420000'),
      create('hunan.reporter', 'reporter', '430000'),
      create('nation.reporter', 'reporter', 'CN'),
      create('nation.viewer', 'viewer', 'CN'),
      create('hubei.admin', 'admin', '420000'),
      create('lock.me', 'viewer', '420100'),
    ]);
    const token = async (user: User, role: User['roles'][number]['role'], orgUnitCode: string) => {
      const principal = await principalOf(services.access, user);
      return (
        await services.access.createToken(
          principal,
          { name: `${user.username} test`, grants: [{ role, orgUnitCode }], expiresAt: inDays(7) },
          actorOf(principal, null),
        )
      ).token;
    };
    wuhanToken = await token(hubeiReporter, 'reporter', '420100');
    hunanToken = await token(hunanReporter, 'reporter', '430000');
    viewerToken = await token(nationViewer, 'viewer', 'CN');
    reporterSession = sessionOf(await signIn('hubei.reporter', PASSWORD));
    adminSession = sessionOf(await signIn('hubei.admin', PASSWORD));
  });
  afterAll(async () => app?.close());

  describe('session cookie', () => {
    let viewerSession: Signed;
    it('is set on sign-in as HttpOnly and SameSite=Lax, not Secure over plain HTTP', async () => {
      const response = await signIn('nation.viewer', PASSWORD);
      expect(response.statusCode).toBe(200);
      const header = response.headers['set-cookie'];
      expect(typeof header).toBe('string');
      const cookie = header as string;
      expect(cookie).toMatch(/^planwatch_session=pws_[A-Za-z0-9_-]+;/);
      const attributes = cookie.split(';').map((part) => part.trim().toLowerCase());
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('samesite=lax');
      expect(attributes).toContain('path=/');
      expect(attributes).not.toContain('secure');
      const body = response.json<{ csrfToken: string; user: { username: string } }>();
      expect(body.user.username).toBe('nation.viewer');
      // The session secret is only in the cookie, never in the body.
      expect(response.body).not.toContain(cookie.split(';')[0]!.split('=')[1]!);

      const session = sessionOf(response);
      viewerSession = session;
      const current = await call({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: session.cookie },
      });
      expect(current.statusCode).toBe(200);
      expect(current.json()).toMatchObject({
        csrfToken: body.csrfToken,
        user: { username: 'nation.viewer' },
      });
    });

    it('answers 401 to GET /api/session without a valid cookie', async () => {
      const without = await call({ method: 'GET', url: '/api/session' });
      expect(without.statusCode).toBe(401);
      expect(errorOf(without).error).toBe('unauthorized');
      const forged = await call({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: `planwatch_session=pws_${'A'.repeat(43)}` },
      });
      expect(forged.statusCode).toBe(401);
    });

    it('signs out: the cookie no longer works', async () => {
      const session = viewerSession;
      const refused = await call({
        method: 'DELETE',
        url: '/api/session',
        headers: withSession(session, null),
      });
      expect(refused.statusCode).toBe(403);
      const out = await call({
        method: 'DELETE',
        url: '/api/session',
        headers: withSession(session),
      });
      expect(out.statusCode).toBe(204);
      const after = await call({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: session.cookie },
      });
      expect(after.statusCode).toBe(401);
    });
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated write without the x-csrf-token header, or with a wrong one', async () => {
      const before = await snapshot(fixture.store.db);
      const missing = await putValue(withSession(reporterSession, null), draft('420100'));
      expect(missing.statusCode).toBe(403);
      expect(errorOf(missing).error).toBe('csrf');
      for (const wrong of [
        '',
        'wrong',
        reporterSession.csrf.slice(1),
        `${reporterSession.csrf}x`,
        adminSession.csrf,
      ]) {
        const response = await putValue(withSession(reporterSession, wrong), draft('420100'));
        expect(response.statusCode, `token ${JSON.stringify(wrong)}`).toBe(403);
        expect(errorOf(response).error).toBe('csrf');
      }
      const tokenRequest = await call({
        method: 'POST',
        url: '/api/tokens',
        headers: withSession(reporterSession, null),
        payload: {
          name: 'x',
          grants: [{ role: 'viewer', orgUnitCode: '420000' }],
          expiresAt: inDays(1),
        },
      });
      expect(tokenRequest.statusCode).toBe(403);
      await expectUnchanged(fixture.store.db, before);
    });

    it('accepts the write with the right token', async () => {
      const response = await putValue(
        withSession(reporterSession),
        draft('420100', { value: 3.5 }),
      );
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ orgUnitCode: '420100', value: 3.5, status: 'draft' });
    });

    it('refuses writes carrying a foreign Origin, sign-in included', async () => {
      const before = await snapshot(fixture.store.db);
      for (const origin of ['http://evil.example', 'null', 'http://localhost.evil.example']) {
        const write = await call({
          method: 'PUT',
          url: '/api/data-values',
          headers: { ...withSession(reporterSession), origin },
          payload: draft('420100', { value: 666 }),
        });
        expect(write.statusCode, origin).toBe(403);
        const login = await call({
          method: 'POST',
          url: '/api/session',
          headers: { origin },
          payload: { username: 'hubei.reporter', password: PASSWORD },
        });
        expect(login.statusCode, origin).toBe(403);
      }
      await expectUnchanged(fixture.store.db, before);
      // The same origin is welcome.
      const same = await putValue(
        {
          ...withSession(reporterSession),
          host: 'planwatch.example',
          origin: 'http://planwatch.example',
        },
        draft('420100', { value: 3.5 }),
      );
      expect(same.statusCode).toBe(200);
    });

    it('needs no CSRF header for a bearer token', async () => {
      const response = await putValue(
        { authorization: `Bearer ${wuhanToken}` },
        draft('420100', { value: 4 }),
      );
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        value: 4,
        createdBy: `token:${hubeiReporter.id}:hubei.reporter`,
      });
    });
  });

  describe('bearer tokens', () => {
    it("act with the token's grants only", async () => {
      // The user is reporter on all of Hubei; the token only on Wuhan.
      const before = await snapshot(fixture.store.db);
      const province = await putValue({ authorization: `Bearer ${wuhanToken}` }, draft('420000'));
      expect(province.statusCode).toBe(403);
      expect(errorOf(province).error).toBe('forbidden');
      const tokens = await call({
        method: 'POST',
        url: '/api/tokens',
        headers: { authorization: `Bearer ${wuhanToken}` },
        payload: {
          name: 'x',
          grants: [{ role: 'reporter', orgUnitCode: '420100' }],
          expiresAt: inDays(1),
        },
      });
      expect(tokens.statusCode).toBe(403);
      const users = await call({
        method: 'GET',
        url: '/api/users?orgUnit=420000',
        headers: { authorization: `Bearer ${wuhanToken}` },
      });
      expect(users.statusCode).toBe(403);
      const after = await snapshot(fixture.store.db);
      // Using a token records when it was last used; nothing else changes.
      expect({ ...after, tokens: [] }).toEqual({ ...before, tokens: [] });
    });

    it('answer 401 invalid_token when garbage, malformed or revoked', async () => {
      const principal = await principalOf(services.access, hubeiReporter);
      const created = await services.access.createToken(
        principal,
        {
          name: 'to revoke',
          grants: [{ role: 'reporter', orgUnitCode: '420100' }],
          expiresAt: inDays(1),
        },
        actorOf(principal, null),
      );
      const works = await call({
        method: 'GET',
        url: '/api/tokens',
        headers: { authorization: `Bearer ${created.token}` },
      });
      expect(works.statusCode).toBe(200);
      await services.access.revokeToken(principal, created.id, actorOf(principal, null));
      const before = await snapshot(fixture.store.db);
      for (const authorization of [
        'Bearer garbage',
        `Bearer pwt_${'A'.repeat(43)}`,
        `Bearer ${created.token}`,
        `Bearer ${created.prefix}`,
        'Bearer',
        'Basic aHViZWkucmVwb3J0ZXI6Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ==',
        `Bearer ${reporterSession.cookie.split('=')[1]}`,
      ]) {
        for (const [method, url, payload] of [
          ['GET', '/api/data-values?indicator=users_5g', undefined],
          ['PUT', '/api/data-values', draft('420100', { value: 99 })],
        ] as const) {
          const response = await call({
            method,
            url,
            headers: { authorization },
            ...(payload ? { payload } : {}),
          });
          expect(response.statusCode, `${method} with ${authorization}`).toBe(401);
          expect(errorOf(response).error).toBe('invalid_token');
        }
      }
      await expectUnchanged(fixture.store.db, before);
    });
  });

  describe('sign-in refusals', () => {
    it('answers a wrong password and an unknown user alike with 401 unauthorized', async () => {
      const wrong = await signIn('hunan.reporter', 'definitely not it');
      const unknown = await signIn('nobody.at.all', 'definitely not it');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(errorOf(wrong)).toEqual(errorOf(unknown));
      expect(errorOf(wrong).error).toBe('unauthorized');
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it('answers 423 once the account is locked, even to the right password', async () => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        const response = await signIn('lock.me', `wrong guess ${attempt}`);
        expect(response.statusCode).toBe(401);
      }
      const locked = await signIn('lock.me', PASSWORD);
      expect(locked.statusCode).toBe(423);
      expect(errorOf(locked).error).toBe('locked');
      expect(locked.headers['set-cookie']).toBeUndefined();
    });

    it('answers 429 to the 11th sign-in attempt within a minute from one address', async () => {
      const address = '198.51.100.23';
      for (let attempt = 1; attempt <= 10; attempt++) {
        // Empty passwords: refused by validation, counted all the same, no scrypt spent.
        const response = await call({
          method: 'POST',
          url: '/api/session',
          remoteAddress: address,
          payload: { username: 'hubei.reporter', password: '' },
        });
        expect(response.statusCode).toBe(400);
      }
      const before = await snapshot(fixture.store.db);
      const limited = await call({
        method: 'POST',
        url: '/api/session',
        remoteAddress: address,
        payload: { username: 'hubei.reporter', password: PASSWORD },
      });
      expect(limited.statusCode).toBe(429);
      // X-Forwarded-For is not trusted without a proxy configured.
      const spoofed = await call({
        method: 'POST',
        url: '/api/session',
        remoteAddress: address,
        headers: { 'x-forwarded-for': '192.0.2.77' },
        payload: { username: 'hubei.reporter', password: PASSWORD },
      });
      expect(spoofed.statusCode).toBe(429);
      await expectUnchanged(fixture.store.db, before);
      // Another address is not affected.
      const other = await call({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'hubei.reporter', password: '' },
      });
      expect(other.statusCode).toBe(400);
    });
  });

  describe('provincial scope', () => {
    beforeAll(async () => {
      const hunan = await putValue(
        { authorization: `Bearer ${hunanToken}` },
        draft('430000', { value: 43 }),
      );
      expect(hunan.statusCode).toBe(200);
      const principal = await principalOf(services.access, nationReporter);
      await services.dataEntry.writeDraft(
        principal,
        {
          indicatorCode: INDICATOR,
          orgUnitCode: 'CN',
          period: '2031',
          value: 31,
          comment: 'national draft',
        },
        actorOf(principal, null),
      );
    });

    it("keeps Hunan's and the nation's drafts from a Hubei reporter", async () => {
      const headers = withSession(reporterSession);
      expect(await drafts('/api/data-values?orgUnit=430000', headers)).toEqual([]);
      expect(
        await drafts(`/api/data-values?orgUnit=430000&indicator=${INDICATOR}`, headers),
      ).toEqual([]);
      const everything = await drafts(`/api/data-values?indicator=${INDICATOR}`, headers);
      expect(everything.map((value) => value.orgUnitCode)).toEqual(['420100']);
      expect(await drafts(`/api/indicators/${INDICATOR}`, headers)).toEqual([]);
      const list = await call({ method: 'GET', url: '/api/indicators', headers });
      const indicator = list
        .json<{ items: { code: string; latest: DataValue | null }[] }>()
        .items.find((item) => item.code === INDICATOR)!;
      expect(indicator.latest?.status).not.toBe('draft');
    });

    it('shows them to a national viewer (the control)', async () => {
      const headers = { authorization: `Bearer ${viewerToken}` };
      expect(
        (await drafts('/api/data-values?orgUnit=430000', headers)).map((value) => value.value),
      ).toEqual([43]);
      expect(
        (await drafts(`/api/indicators/${INDICATOR}`, headers)).map((value) => value.period),
      ).toEqual(['2031']);
    });

    it('shows no drafts at all to anonymous visitors', async () => {
      expect(await drafts(`/api/data-values?indicator=${INDICATOR}`)).toEqual([]);
      expect(await drafts('/api/data-values?orgUnit=430000')).toEqual([]);
      expect(await drafts('/api/data-values?orgUnit=420100')).toEqual([]);
      expect(await drafts(`/api/indicators/${INDICATOR}`)).toEqual([]);
    });

    it("refuses a Hubei reporter's write for Hunan with 403", async () => {
      const before = await snapshot(fixture.store.db);
      const response = await putValue(withSession(reporterSession), draft('430000', { value: 1 }));
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).error).toBe('forbidden');
      const anonymous = await putValue({}, draft('430000', { value: 1 }));
      expect(anonymous.statusCode).toBe(401);
      await expectUnchanged(fixture.store.db, before);
    });
  });

  describe('security headers', () => {
    it.each([
      ['/api/health', 200],
      [`/api/data-values?indicator=${INDICATOR}&orgUnit=CN`, 200],
      ['/api/session', 401],
      ['/api/nothing-here', 404],
    ])('are set on %s, with no CORS grant to a foreign origin', async (url, status) => {
      const response = await call({
        method: 'GET',
        url,
        headers: { origin: 'http://evil.example' },
      });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBeTruthy();
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('grants no CORS preflight', async () => {
      const response = await app.inject({
        method: 'OPTIONS',
        url: '/api/data-values',
        headers: {
          origin: 'http://evil.example',
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'x-csrf-token, content-type',
        },
      });
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-methods']).toBeUndefined();
    });
  });

  describe('bad input', () => {
    const valid = JSON.stringify(draft('420100', { value: 3.5 }));
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

    // The policy runs before validation: a body that names no org unit is judged as
    // acting nationwide, so a provincial reporter gets 403 rather than 400 there.
    const refusedAsBadOrNationwide = [400, 403];
    it.each([
      [
        'an oversized body (> 1 MiB)',
        'application/json',
        JSON.stringify(draft('420100', { comment: 'x'.repeat(1_100_000) })),
        413,
      ],
      ['malformed JSON', 'application/json', '{"indicatorCode": "users_5g",', 400],
      ['an empty body', 'application/json', '', 400],
      ['a wrong content type (text/plain)', 'text/plain', valid, 415],
      ['a wrong content type (XML)', 'application/xml', '<value>1</value>', 415],
      [
        'a form post',
        'application/x-www-form-urlencoded',
        'indicatorCode=users_5g&orgUnitCode=420100',
        415,
      ],
      ['value "NaN"', 'application/json', valid.replace('3.5', '"NaN"'), 400],
      ['value NaN (not JSON)', 'application/json', valid.replace('3.5', 'NaN'), 400],
      ['value 1e400', 'application/json', valid.replace('3.5', '1e400'), 400],
      ['value -1e400', 'application/json', valid.replace('3.5', '-1e400'), 400],
      ['value null', 'application/json', valid.replace('3.5', 'null'), 400],
      ['value "3.5"', 'application/json', valid.replace('3.5', '"3.5"'), 400],
      [
        'deeply nested JSON in a field',
        'application/json',
        valid.replace('null', deep(10_000)),
        400,
      ],
      [
        'deeply nested JSON as the body',
        'application/json',
        deep(100_000),
        refusedAsBadOrNationwide,
      ],
      [
        'a deeply nested object',
        'application/json',
        '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
        refusedAsBadOrNationwide,
      ],
      [
        'a period of 10 000 characters',
        'application/json',
        valid.replace('"2024"', JSON.stringify('2'.repeat(10_000))),
        400,
      ],
      [
        'a __proto__ key',
        'application/json',
        valid.replace('{', '{"__proto__":{"admin":true},'),
        400,
      ],
      [
        'a constructor.prototype key',
        'application/json',
        valid.replace('{', '{"constructor":{"prototype":{"admin":true}},'),
        400,
      ],
      ['an array for an object', 'application/json', `[${valid}]`, refusedAsBadOrNationwide],
    ])('refuses %s with a 4xx and writes nothing', async (_, contentType, payload, status) => {
      const before = await snapshot(fixture.store.db);
      const response = await call({
        method: 'PUT',
        url: '/api/data-values',
        headers: { ...withSession(reporterSession), 'content-type': contentType },
        payload,
      });
      if (Array.isArray(status)) expect(status).toContain(response.statusCode);
      else expect(response.statusCode).toBe(status);
      await expectUnchanged(fixture.store.db, before);
    });

    it.each([
      '/api/data-values?indicator=%00',
      '/api/data-values?orgUnit=%00',
      '/api/data-values?period=%00',
      '/api/indicators/%00',
      '/api/indicators?plan=%00',
      '/api/org-units/%00',
      '/api/plans/%00',
      '/api/data-values?orgUnit=%ED%A0%80',
      '/api/org-units/%ED%A0%80',
      '/api/data-values?orgUnit=%C0%AF',
      `/api/data-values?orgUnit=${'%27'.repeat(30)}`,
    ])('answers GET %s anonymously with a 4xx or an empty list, never 500', async (url) => {
      const response = await call({ method: 'GET', url });
      if (response.statusCode === 200) {
        expect(response.json<{ items?: unknown[] }>().items ?? []).toEqual([]);
      } else {
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
      }
    });

    it('refuses an oversized sign-in and malformed sign-in JSON without 500', async () => {
      const before = await snapshot(fixture.store.db);
      const big = await call({
        method: 'POST',
        url: '/api/session',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'hubei.reporter', password: 'x'.repeat(2_000_000) }),
      });
      expect(big.statusCode).toBe(413);
      const long = await call({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'hubei.reporter', password: 'x'.repeat(5000) },
      });
      expect(long.statusCode).toBe(400);
      const broken = await call({
        method: 'POST',
        url: '/api/session',
        headers: { 'content-type': 'application/json' },
        payload: '{"username":',
      });
      expect(broken.statusCode).toBe(400);
      const typed = await call({
        method: 'POST',
        url: '/api/session',
        payload: { username: ['hubei.reporter'], password: { $ne: '' } },
      });
      expect(typed.statusCode).toBe(400);
      await expectUnchanged(fixture.store.db, before);
    });

    describe.each(HOSTILE_STRINGS.map((text) => [text]))('the hostile string %j', (text) => {
      it('is refused in every code field of data entry, with 4xx and nothing written', async () => {
        for (const field of ['indicatorCode', 'orgUnitCode', 'period']) {
          const before = await snapshot(fixture.store.db);
          const response = await putValue(
            withSession(reporterSession),
            draft('420100', { [field]: text }),
          );
          expect(response.statusCode, field).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, field).toBeLessThan(500);
          await expectUnchanged(fixture.store.db, before);
        }
      });

      it('comes back byte-for-byte as a comment (or is refused with 400 when no store can keep it)', async () => {
        const response = await putValue(
          withSession(reporterSession),
          draft('420100', { comment: `«${text}»` }),
        );
        if (storable(text)) expect(response.statusCode).toBe(200);
        if (response.statusCode === 200) {
          expect(response.json<DataValue>().comment).toBe(`«${text}»`);
          const [stored] = await drafts(
            `/api/data-values?indicator=${INDICATOR}&orgUnit=420100`,
            withSession(reporterSession),
          );
          expect(stored!.comment).toBe(`«${text}»`);
        } else {
          expect(response.statusCode).toBe(400);
        }
      });

      it('is refused as a user name and a role, and kept exactly as a display name', async () => {
        const headers = withSession(adminSession);
        const index = HOSTILE_STRINGS.indexOf(text);
        const user = (extra: Record<string, unknown>) => ({
          username: `injected.${index}`,
          displayName: 'Injected',
          password: `${text} and a long enough tail`,
          roles: [{ role: 'viewer', orgUnitCode: '420100' }],
          ...extra,
        });
        const before = await snapshot(fixture.store.db);
        for (const extra of [
          { username: text },
          { roles: [{ role: text, orgUnitCode: '420100' }] },
          { roles: [{ role: 'viewer', orgUnitCode: text }] },
          {
            roles: [
              { role: 'viewer', orgUnitCode: '420100' },
              { role: 'viewer', orgUnitCode: text },
            ],
          },
        ]) {
          const response = await call({
            method: 'POST',
            url: '/api/users',
            headers,
            payload: user(extra),
          });
          expect(response.statusCode, JSON.stringify(extra)).toBeGreaterThanOrEqual(400);
        }
        await expectUnchanged(fixture.store.db, before);

        const created = await call({
          method: 'POST',
          url: '/api/users',
          headers,
          payload: user({ displayName: text }),
        });
        if (storable(text)) expect(created.statusCode).toBe(201);
        if (created.statusCode === 201) {
          expect(created.json<User>().displayName).toBe(text);
          const listed = await call({ method: 'GET', url: '/api/users?orgUnit=420000', headers });
          const found = listed
            .json<{ items: User[] }>()
            .items.find((item) => item.username === `injected.${index}`);
          expect(found!.displayName).toBe(text);
        } else {
          expect(created.statusCode).toBe(400);
        }
      });
    });

    it('keeps a hostile password working exactly as typed', async () => {
      // injected.0 was created with this password above.
      const password = `${HOSTILE_STRINGS[0]} and a long enough tail`;
      const wrong = await signIn('injected.0', `${HOSTILE_STRINGS[0]} and a long enough tai`);
      expect(wrong.statusCode).toBe(401);
      const right = await signIn('injected.0', password);
      expect(right.statusCode).toBe(200);
    });
  });

  // Last: a string that breaks the audit chain would fail every later check.
  describe('hostile sign-ins', () => {
    const ordered = [...HOSTILE_STRINGS].sort(
      (a, b) => Number(a === '\ud800') - Number(b === '\ud800'),
    );
    // Unstorable text (NUL, unpaired surrogates) never reaches the sign-in: 400, nothing written.
    const unstorable = (text: string) => text === '\u0000' || text === '\ud800';
    it.each(ordered.map((text) => [text]))(
      'refuses %j as user name and password: 401 with one audit entry, or 400 for unstorable text; the chain intact',
      async (text) => {
        const db = fixture.store.db;
        const before = await snapshot(db);
        const response = await signIn(text, text.padEnd(3, '.'));
        if (unstorable(text)) {
          expect(response.statusCode).toBe(400);
          expect(errorOf(response).error).toBe('invalid_text');
          await expectUnchanged(db, before, 0);
        } else {
          expect(response.statusCode).toBe(401);
          expect(errorOf(response).error).toBe('unauthorized');
          await expectUnchanged(db, before, 1);
          const [entry] = await auditSince(db, before.auditHead);
          expect(entry).toMatchObject({ action: 'session.sign_in_refused' });
        }
        expect(await verifyAudit(db)).toMatchObject({ ok: true });
      },
    );
  });
});
