/**
 * The release calendar over HTTP on both engines, on a controllable clock:
 * Hubei's approved 2020 figures stay invisible to the public (values,
 * history, export, published aggregates) until the release day; the release
 * publishes them with a revision that `asOf` reads as a vintage; an approval
 * after the release is published by the next check; refusals name the field.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Release, ReleaseList, ReleaseRun } from '../../../api/releases-contract.js';
import { createServices } from '../../../services/container.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { signInUsers } from '../../../test-support/http.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { buildApp } from '../../app.js';

const PROVINCE_FORM = (unit: string) =>
  `/api/data-sets/nids-annual/form?orgUnit=${unit}&period=2020`;
const FORM_VALUES = [
  { indicator: 'fixed_broadband_subscribers', value: 0.2 },
  { indicator: 'internet_users', value: 0.4 },
  { indicator: 'mobile_phone_users', value: 0.6 },
  { indicator: 'users_5g', value: 0.1 },
  { indicator: 'base_stations_5g', value: 3 },
];
const HUBEI_INTERNET = '/api/data-values?indicator=internet_users&orgUnit=420000&period=2020';

describeEachStore('release calendar over HTTP', (fixture) => {
  let app: FastifyInstance;
  let headers: Record<string, Record<string, string>>;
  let clock = new Date('2021-05-01T08:00:00Z');

  const call = (
    user: string | null,
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    payload?: object,
  ) => app.inject({ method, url, payload, headers: user ? headers[user] : {} });

  async function approvedForm(unit: string, reporter: string): Promise<void> {
    const saved = await call(reporter, 'PUT', PROVINCE_FORM(unit), { values: FORM_VALUES });
    expect(saved.statusCode).toBe(200);
    const submitted = await call(reporter, 'POST', '/api/data-sets/nids-annual/submit', {
      orgUnit: unit,
      period: '2020',
    });
    expect(submitted.statusCode).toBe(200);
    const approved = await call('nation-reviewer', 'POST', '/api/data-sets/nids-annual/approve', {
      items: [{ orgUnit: unit, period: '2020' }],
    });
    expect(approved.statusCode).toBe(200);
  }

  /** What the public reads of Hubei's 2020 internet users: now, and as published on a day. */
  async function publicValues(asOf?: string): Promise<number[]> {
    const response = await call(null, 'GET', `${HUBEI_INTERNET}${asOf ? `&asOf=${asOf}` : ''}`);
    expect(response.statusCode).toBe(200);
    return response.json<{ items: { value: number }[] }>().items.map((item) => item.value);
  }

  /** Provinces counted in the nation's published 2020 aggregate of internet users. */
  async function publishedAggregateCount(): Promise<number> {
    const row = await fixture.store.db
      .selectFrom('dataValueAggregate')
      .select('unitCount')
      .where('indicatorCode', '=', 'internet_users')
      .where('orgUnitCode', '=', 'CN')
      .where('period', '=', '2020')
      .where('disaggregation', '=', '')
      .where('published', '=', 1)
      .executeTakeFirst();
    return Number(row?.unitCount ?? 0);
  }

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    headers = await signInUsers(fixture.store, [
      ['hubei-reporter', 'reporter', '420000'],
      ['hunan-reporter', 'reporter', '430000'],
      ['nation-reviewer', 'reviewer', 'CN'],
      ['nation-coordinator', 'coordinator', 'CN'],
    ]);
    app = await buildApp({
      context: {
        services: createServices(fixture.store, { now: () => clock }),
        store: fixture.store,
        version: 'test',
      },
      logLevel: 'silent',
      webRoot: null,
    });
  });
  afterAll(async () => app.close());

  it('keeps approved figures from the public until their release day, then publishes a vintage', async () => {
    await approvedForm('420000', 'hubei-reporter');
    const before = await publishedAggregateCount();
    expect(await publicValues()).toEqual([]);
    // Hubei's reporter still sees its own approved figure.
    const own = await call('hubei-reporter', 'GET', HUBEI_INTERNET);
    expect(own.json<{ items: { value: number }[] }>().items.map((item) => item.value)).toEqual([
      0.4,
    ]);

    const scheduled = await call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2020',
      releaseOn: '2021-06-30',
      note: 'Annual statistics 2020',
    });
    expect(scheduled.statusCode).toBe(200);
    expect(scheduled.json<Release>()).toMatchObject({
      status: 'scheduled',
      releaseOn: '2021-06-30',
    });
    const calendar = await call(null, 'GET', '/api/releases?dataSet=nids-annual');
    expect(
      calendar.json<ReleaseList>().releases.map((r) => [r.period, r.releaseOn, r.status]),
    ).toEqual([['2020', '2021-06-30', 'scheduled']]);

    clock = new Date('2021-06-29T23:59:00Z');
    const early = await call('nation-coordinator', 'POST', '/api/releases/run');
    expect(early.json<ReleaseRun>()).toEqual({ day: '2021-06-29', released: [], latePublished: 0 });
    expect(await publicValues()).toEqual([]);
    const exported = await call(
      null,
      'GET',
      '/api/data-values/export?format=csv&dataSet=nids-annual&under=420000',
    );
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('420000');
    const history = await call(
      null,
      'GET',
      '/api/data-values/history?indicator=internet_users&orgUnit=420000&period=2020',
    );
    expect(history.statusCode).toBe(404);
    expect(history.json<{ message: string }>().message).toContain('that you may see');
    expect(await publishedAggregateCount()).toBe(before);

    clock = new Date('2021-06-30T00:05:00Z');
    const run = await call('nation-coordinator', 'POST', '/api/releases/run');
    const released = run.json<ReleaseRun>();
    expect(released.released.map((r) => [r.period, r.status, r.valuesPublished])).toEqual([
      ['2020', 'released', FORM_VALUES.length],
    ]);
    expect(await publicValues()).toEqual([0.4]);
    expect(await publishedAggregateCount()).toBe(before + 1);
    // The vintages: nothing as published on the day before, the figure from the release day.
    expect(await publicValues('2021-06-29')).toEqual([]);
    expect(await publicValues('2021-06-30')).toEqual([0.4]);
    const revisions = await call(
      null,
      'GET',
      '/api/data-values/history?indicator=internet_users&orgUnit=420000&period=2020',
    );
    expect(
      revisions.json<{ items: { status: string; reason: string | null }[] }>().items.at(-1),
    ).toMatchObject({
      status: 'published',
      reason: 'Released with nids-annual 2020 (release day 2021-06-30)',
    });

    // Running again publishes nothing twice.
    const again = await call('nation-coordinator', 'POST', '/api/releases/run');
    expect(again.json<ReleaseRun>()).toMatchObject({ released: [], latePublished: 0 });

    // Hunan is approved after the release: the next check publishes it.
    await approvedForm('430000', 'hunan-reporter');
    const late = await call('nation-coordinator', 'POST', '/api/releases/run');
    expect(late.json<ReleaseRun>()).toMatchObject({
      released: [],
      latePublished: FORM_VALUES.length,
    });
    const listed = await call(null, 'GET', '/api/releases');
    expect(listed.json<ReleaseList>().releases[0]!.valuesPublished).toBe(2 * FORM_VALUES.length);
  });

  it('refuses a release it cannot take, naming the field, and never moves one that happened', async () => {
    const moved = await call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2020',
      releaseOn: '2021-09-30',
    });
    expect(moved.statusCode).toBe(409);
    expect(moved.json<{ message: string }>().message).toContain('was released on 2021-06-30');

    const wrong = await call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2021Q1',
      releaseOn: '2021-02-30',
    });
    expect(wrong.statusCode).toBe(400);
    const problems = JSON.stringify(wrong.json());
    expect(problems).toContain('nids-annual is reported by year, and 2021Q1 is a quarter');
    expect(problems).toContain('2021-02-30\\" is not a day');
    const tooEarly = await call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2021',
      releaseOn: '2021-12-31',
    });
    expect(tooEarly.statusCode).toBe(400);
    expect(JSON.stringify(tooEarly.json())).toContain(
      'must come after the period ends (2021-12-31)',
    );
    const unknown = await call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nope',
      period: '2021',
      releaseOn: '2022-06-30',
    });
    expect(unknown.statusCode).toBe(404);
    const reporter = await call('hubei-reporter', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2021',
      releaseOn: '2022-06-30',
    });
    expect(reporter.statusCode).toBe(403);
    const anonymousRun = await call(null, 'POST', '/api/releases/run');
    expect(anonymousRun.statusCode).toBe(401);
    const calendar = await call(null, 'GET', '/api/releases');
    expect(calendar.json<ReleaseList>().releases).toHaveLength(1);
  });
});
