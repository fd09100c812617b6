/**
 * HTTP caching of public reads on both engines: strong ETags and public
 * Cache-Control for anonymous GETs, 304 (and full answers from memory) with
 * no query at all — every query the services make is counted through a
 * Kysely plugin — signed-in readers never cached or shared, and the ETag
 * moving with this instance's writes, a release, and (after the background
 * read of the version) another instance's writes. The background timer is
 * faked, so nothing here depends on time passing.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServices } from '../services/container.js';
import { ensureDefaults } from '../services/defaults.service.js';
import { signInUsers } from '../test-support/http.js';
import { describeEachStore } from '../test-support/stores.js';
import { buildApp } from './app.js';
import { isPublicCachePath, noneMatch } from './http-cache.js';

const INDICATOR = '/api/public/v1/indicators/internet_users';
const ACTOR = { name: 'other-instance', ip: null };

describe('conditional request rules', () => {
  it('matches If-None-Match lists, weak tags and *, and only the public prefixes', () => {
    expect(noneMatch('"a", "b"', '"b"')).toBe(true);
    expect(noneMatch('W/"b"', '"b"')).toBe(true);
    expect(noneMatch('*', '"b"')).toBe(true);
    expect(noneMatch('"a"', '"b"')).toBe(false);
    expect(noneMatch(undefined, '"b"')).toBe(false);
    expect(isPublicCachePath('/api/public/v1/search?q=x')).toBe(true);
    expect(isPublicCachePath('/api/sdmx/data/ALL')).toBe(true);
    expect(isPublicCachePath('/api/catalog.ttl')).toBe(true);
    expect(isPublicCachePath('/api/indicators')).toBe(false);
    expect(isPublicCachePath('/api/data-values?x=/api/public/v1/')).toBe(false);
  });
});

describeEachStore('HTTP cache of public reads', (fixture) => {
  let app: FastifyInstance;
  let headers: Record<string, Record<string, string>>;
  let queries = 0;
  let clock = new Date('2021-05-01T08:00:00Z');

  const get = (url: string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({ method: 'GET', url, headers: extra });
  const etagOf = async (url = INDICATOR) => String((await get(url)).headers.etag);

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    headers = await signInUsers(fixture.store, [['nation-coordinator', 'coordinator', 'CN']]);
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    // Only the version's background read uses setInterval: tests read it when they choose.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const counted = { ...fixture.store, db: fixture.store.db.withPlugin(counter) };
    app = await buildApp({
      context: {
        services: createServices(counted, { now: () => clock }),
        store: fixture.store,
        version: 'test',
      },
      logLevel: 'silent',
      webRoot: null,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    vi.useRealTimers();
  });

  it('answers 304 and repeats full answers from memory without a single query', async () => {
    const first = await get(INDICATOR);
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers.vary).toBe('Accept');

    const before = queries;
    const conditional = await get(INDICATOR, { 'if-none-match': `"other", W/${etag}` });
    expect(conditional.statusCode).toBe(304);
    expect(conditional.body).toBe('');
    expect(conditional.headers.etag).toBe(etag);
    expect(conditional.headers['cache-control']).toBe('public, max-age=60');
    const again = await get(INDICATOR);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(queries).toBe(before);

    // HEAD answers carry the same tag as the GET.
    const url = '/api/public/v1/releases?dataSet=nids-annual';
    const head = await app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    const full = await get(url);
    expect(full.headers.etag).toBe(head.headers.etag);
    expect(full.json()).toEqual({ releases: [] });

    // Another representation (Accept) or another URL is another tag.
    expect((await get(INDICATOR, { accept: 'application/json' })).headers.etag).not.toBe(etag);
    expect(await etagOf(`${INDICATOR}/values`)).not.toBe(etag);
    // The counter does count: a new URL needed the store.
    expect(queries).toBeGreaterThan(before);
  });

  it('never caches or shares what a signed-in reader or a refused request gets', async () => {
    const etag = await etagOf();
    const signedIn = await get(INDICATOR, {
      ...headers['nation-coordinator'],
      'if-none-match': etag,
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
    expect(signedIn.headers.etag).toBeUndefined();

    const refused = await get('/api/public/v1/indicators?limit=9999');
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.headers.etag).toBeUndefined();
    const internal = await get('/api/indicators');
    expect(internal.statusCode).toBe(200);
    expect(internal.headers.etag).toBeUndefined();
  });

  it('moves the ETag with a write, a release, and (once read) another instance’s write', async () => {
    const initial = await etagOf();
    const scheduled = await app.inject({
      method: 'PUT',
      url: '/api/releases',
      headers: headers['nation-coordinator'],
      payload: { dataSet: 'nids-annual', period: '2020', releaseOn: '2021-06-30' },
    });
    expect(scheduled.statusCode).toBe(200);
    const afterWrite = await etagOf();
    expect(afterWrite).not.toBe(initial);
    expect((await get(INDICATOR, { 'if-none-match': initial })).statusCode).toBe(200);

    clock = new Date('2021-06-30T00:05:00Z');
    const run = await app.inject({
      method: 'POST',
      url: '/api/releases/run',
      headers: headers['nation-coordinator'],
    });
    expect(run.statusCode).toBe(200);
    const afterRelease = await etagOf();
    expect(afterRelease).not.toBe(afterWrite);

    // Another instance (its own services on the same store) schedules a release: this
    // instance learns of it from the store's newest audit entry, read in the background.
    const calendarTag = await etagOf('/api/public/v1/releases');
    const other = createServices(fixture.store, { now: () => clock });
    await other.releases.schedule(
      { dataSet: 'nids-annual', period: '2021', releaseOn: '2022-06-30' },
      ACTOR,
    );
    expect(await etagOf()).toBe(afterRelease);
    const stale = await get('/api/public/v1/releases', { 'if-none-match': calendarTag });
    expect(stale.statusCode).toBe(304);
    await app.publicDataVersion.refresh();
    const afterOther = await etagOf();
    expect(afterOther).not.toBe(afterRelease);
    const calendar = await get('/api/public/v1/releases', { 'if-none-match': calendarTag });
    expect(calendar.statusCode).toBe(200);
    expect(calendar.body).toContain('2022-06-30');
  });
});
