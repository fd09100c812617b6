/**
 * The release calendar over HTTP on both engines, on a controllable clock:
 * Hubei's approved 2020 figures stay invisible to the public (values,
 * history, export, published aggregates) until the release day; the release
 * publishes them with a revision that `asOf` reads as a vintage; an approval
 * after the release is published by the next check; refusals name the field.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ReleaseList, ReleaseRun } from '../../../api/releases-contract.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import {
  approveForm,
  HUBEI_2020_FORM,
  NIDS_ANNUAL_2020_RELEASE,
  NIDS_ANNUAL_VALUES,
  RELEASE_TEAM,
  scheduleRelease,
  startClockedApi,
  type ClockedApi,
} from '../../../test-support/clocked-api.js';
import { describeEachStore } from '../../../test-support/stores.js';

const HUBEI_INTERNET = '/api/data-values?indicator=internet_users&orgUnit=420000&period=2020';

describeEachStore('release calendar over HTTP', (fixture) => {
  let api: ClockedApi;

  /** What the public reads of Hubei's 2020 internet users: now, and as published on a day. */
  async function publicValues(asOf?: string): Promise<number[]> {
    const response = await api.call(null, 'GET', `${HUBEI_INTERNET}${asOf ? `&asOf=${asOf}` : ''}`);
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
    api = await startClockedApi(
      fixture.store,
      [...RELEASE_TEAM, ['hunan-reporter', 'reporter', '430000']],
      { start: new Date('2021-05-01T08:00:00Z') },
    );
  });
  afterAll(async () => api.close());

  it('keeps approved figures from the public until their release day, then publishes a vintage', async () => {
    await approveForm(api, HUBEI_2020_FORM);
    const before = await publishedAggregateCount();
    expect(await publicValues()).toEqual([]);
    // Hubei's reporter still sees its own approved figure.
    const own = await api.call('hubei-reporter', 'GET', HUBEI_INTERNET);
    expect(own.json<{ items: { value: number }[] }>().items.map((item) => item.value)).toEqual([
      0.4,
    ]);

    const scheduled = await scheduleRelease(api, {
      ...NIDS_ANNUAL_2020_RELEASE,
      note: 'Annual statistics 2020',
    });
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      releaseOn: '2021-06-30',
    });
    const calendar = await api.call(null, 'GET', '/api/releases?dataSet=nids-annual');
    expect(
      calendar.json<ReleaseList>().releases.map((r) => [r.period, r.releaseOn, r.status]),
    ).toEqual([['2020', '2021-06-30', 'scheduled']]);

    api.setClock(new Date('2021-06-29T23:59:00Z'));
    const early = await api.call('nation-coordinator', 'POST', '/api/releases/run');
    expect(early.json<ReleaseRun>()).toEqual({ day: '2021-06-29', released: [], latePublished: 0 });
    expect(await publicValues()).toEqual([]);
    const exported = await api.call(
      null,
      'GET',
      '/api/data-values/export?format=csv&dataSet=nids-annual&under=420000',
    );
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('420000');
    const history = await api.call(
      null,
      'GET',
      '/api/data-values/history?indicator=internet_users&orgUnit=420000&period=2020',
    );
    expect(history.statusCode).toBe(404);
    expect(history.json<{ message: string }>().message).toContain('that you may see');
    expect(await publishedAggregateCount()).toBe(before);

    api.setClock(new Date('2021-06-30T00:05:00Z'));
    const run = await api.call('nation-coordinator', 'POST', '/api/releases/run');
    const released = run.json<ReleaseRun>();
    expect(released.released.map((r) => [r.period, r.status, r.valuesPublished])).toEqual([
      ['2020', 'released', NIDS_ANNUAL_VALUES.length],
    ]);
    expect(await publicValues()).toEqual([0.4]);
    expect(await publishedAggregateCount()).toBe(before + 1);
    // The vintages: nothing as published on the day before, the figure from the release day.
    expect(await publicValues('2021-06-29')).toEqual([]);
    expect(await publicValues('2021-06-30')).toEqual([0.4]);
    const revisions = await api.call(
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
    const again = await api.call('nation-coordinator', 'POST', '/api/releases/run');
    expect(again.json<ReleaseRun>()).toMatchObject({ released: [], latePublished: 0 });

    // Hunan is approved after the release: the next check publishes it.
    await approveForm(api, { ...HUBEI_2020_FORM, unit: '430000', reporter: 'hunan-reporter' });
    const late = await api.call('nation-coordinator', 'POST', '/api/releases/run');
    expect(late.json<ReleaseRun>()).toMatchObject({
      released: [],
      latePublished: NIDS_ANNUAL_VALUES.length,
    });
    const listed = await api.call(null, 'GET', '/api/releases');
    expect(listed.json<ReleaseList>().releases[0]!.valuesPublished).toBe(
      2 * NIDS_ANNUAL_VALUES.length,
    );
  });

  it('refuses a release it cannot take, naming the field, and never moves one that happened', async () => {
    const moved = await api.call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2020',
      releaseOn: '2021-09-30',
    });
    expect(moved.statusCode).toBe(409);
    expect(moved.json<{ message: string }>().message).toContain('was released on 2021-06-30');

    const wrong = await api.call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2021Q1',
      releaseOn: '2021-02-30',
    });
    expect(wrong.statusCode).toBe(400);
    const problems = JSON.stringify(wrong.json());
    expect(problems).toContain('nids-annual is reported by year, and 2021Q1 is a quarter');
    expect(problems).toContain('2021-02-30\\" is not a day');
    const tooEarly = await api.call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2021',
      releaseOn: '2021-12-31',
    });
    expect(tooEarly.statusCode).toBe(400);
    expect(JSON.stringify(tooEarly.json())).toContain(
      'must come after the period ends (2021-12-31)',
    );
    const unknown = await api.call('nation-coordinator', 'PUT', '/api/releases', {
      dataSet: 'nope',
      period: '2021',
      releaseOn: '2022-06-30',
    });
    expect(unknown.statusCode).toBe(404);
    const reporter = await api.call('hubei-reporter', 'PUT', '/api/releases', {
      dataSet: 'nids-annual',
      period: '2021',
      releaseOn: '2022-06-30',
    });
    expect(reporter.statusCode).toBe(403);
    const anonymousRun = await api.call(null, 'POST', '/api/releases/run');
    expect(anonymousRun.statusCode).toBe(401);
    const calendar = await api.call(null, 'GET', '/api/releases');
    expect(calendar.json<ReleaseList>().releases).toHaveLength(1);
  });
});
