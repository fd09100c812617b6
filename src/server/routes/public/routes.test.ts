/**
 * The versioned public API over HTTP on both engines, on a controllable
 * clock: paging (cursor and offset, `next` link and `Link` header), filters,
 * the indicator with its progress, search over indicators and plan text in
 * both languages, drafts never shown (not even to a signed-in reader with
 * read scope) until their release, `asOf` vintages, per-client rate limits
 * (429 with Retry-After) and the routes in the OpenAPI document.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type {
  PublicIndicatorDetail,
  PublicIndicatorList,
  PublicSearchResult,
  PublicValueList,
} from '../../../api/public-contract.js';
import type { PlanProgressView } from '../../../api/analytics-contract.js';
import type { DataValue, Plan } from '../../../api/contract.js';
import type { ReleaseList } from '../../../api/releases-contract.js';
import { createServices } from '../../../services/container.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import {
  approveForm,
  HUBEI_2020_FORM,
  NIDS_ANNUAL_2020_RELEASE,
  RELEASE_TEAM,
  scheduleRelease,
  startClockedApi,
  type ClockedApi,
} from '../../../test-support/clocked-api.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { buildApp } from '../../app.js';

const V1 = '/api/public/v1';
const HUBEI_VALUES = `${V1}/indicators/internet_users/values?orgUnit=420000`;

describeEachStore('public API v1 over HTTP', (fixture) => {
  let api: ClockedApi;

  const get = (url: string, user: string | null = null): Promise<LightMyRequestResponse> =>
    api.call(user, 'GET', url);

  async function hubeiValues(asOf?: string, user: string | null = null): Promise<number[]> {
    const response = await get(`${HUBEI_VALUES}${asOf ? `&asOf=${asOf}` : ''}`, user);
    expect(response.statusCode).toBe(200);
    return response.json<PublicValueList>().items.map((item) => item.value);
  }

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startClockedApi(fixture.store, RELEASE_TEAM, {
      start: new Date('2021-05-01T08:00:00Z'),
    });
  });
  afterAll(async () => api.close());

  it('pages indicators by cursor and by offset, with next links, Link headers and filters', async () => {
    const first = await get(`${V1}/indicators?limit=7`);
    expect(first.statusCode).toBe(200);
    const page = first.json<PublicIndicatorList>();
    expect(page.items).toHaveLength(7);
    expect(page.total).toBeGreaterThan(14);
    expect(page.next).toMatch(/^\/api\/public\/v1\/indicators\?limit=7&cursor=[\w-]+$/);
    expect(first.headers.link).toBe(`<${page.next}>; rel="next"`);

    // Following the links visits every indicator once, in code order.
    const codes = page.items.map((item) => item.code);
    let next = page.next;
    while (next !== null) {
      const response = await get(next);
      const body = response.json<PublicIndicatorList>();
      expect(body.total).toBe(page.total);
      codes.push(...body.items.map((item) => item.code));
      next = body.next;
      if (next === null) expect(response.headers.link).toBeUndefined();
    }
    expect(codes).toHaveLength(page.total);
    expect(codes).toEqual([...codes].sort());

    const byOffset = (await get(`${V1}/indicators?limit=7&offset=7`)).json<PublicIndicatorList>();
    expect(byOffset.items.map((item) => item.code)).toEqual(codes.slice(7, 14));
    expect(byOffset.next).toBe(`${V1}/indicators?limit=7&offset=14`);
    const all = (await get(`${V1}/indicators?limit=500`)).json<PublicIndicatorList>();
    expect(all.items).toHaveLength(page.total);
    expect(all.next).toBeNull();

    const broadband = (
      await get(`${V1}/indicators?q=${encodeURIComponent('宽带')}`)
    ).json<PublicIndicatorList>();
    expect(broadband.total).toBeGreaterThan(0);
    expect(broadband.total).toBeLessThan(page.total);
    for (const item of broadband.items) expect(item.nameZh).toContain('宽带');
    const english = (await get(`${V1}/indicators?q=Internet%20users`)).json<PublicIndicatorList>();
    expect(english.items.map((item) => item.code)).toContain('internet_users');
    const inPlan = (
      await get(`${V1}/indicators?plan=nids-2016&limit=500`)
    ).json<PublicIndicatorList>();
    expect(inPlan.total).toBeGreaterThan(0);
    for (const item of inPlan.items)
      expect(item.planNodes.some((node) => node.planCode === 'nids-2016')).toBe(true);

    expect((await get(`${V1}/indicators?plan=nope`)).statusCode).toBe(404);
    const tooMany = await get(`${V1}/indicators?limit=501`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json<{ message: string }>().message).toContain('limit');
    const both = await get(`${V1}/indicators?offset=1&cursor=${page.next!.split('cursor=')[1]}`);
    expect(both.statusCode).toBe(400);
    expect(both.json<{ message: string }>().message).toBe('Give cursor or offset, not both');
    const forged = await get(`${V1}/indicators?cursor=not-ours`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json<{ message: string }>().message).toContain('not one this API gave out');
  });

  it('gives an indicator with its definition, latest figure and source, and progress with the reason', async () => {
    const response = await get(`${V1}/indicators/internet_users`);
    expect(response.statusCode).toBe(200);
    const indicator = response.json<PublicIndicatorDetail>();
    expect(indicator).toMatchObject({ code: 'internet_users', nameZh: '网民规模', unit: 'person' });
    expect(indicator.definitionEn).not.toBe('');
    expect(indicator.definitionZh).not.toBe('');
    expect(indicator.latest?.status).toBe('published');
    expect(indicator.latestSource?.key).toBe(indicator.latest?.sourceKey);
    expect(indicator.values.every((value) => value.status === 'published')).toBe(true);

    // An indicator with a national target gets its progress status and the reasoning behind it.
    const all = (await get(`${V1}/indicators?limit=500`)).json<PublicIndicatorList>();
    const targeted = all.items.find((item) =>
      item.targets.some((target) => target.orgUnitCode === 'CN' && target.kind === 'numeric'),
    )!;
    const detail = (await get(`${V1}/indicators/${targeted.code}`)).json<PublicIndicatorDetail>();
    expect(detail.progress.length).toBeGreaterThan(0);
    const assessed = detail.progress.find((item) => item.assessment !== null);
    expect(assessed?.assessment?.formula).not.toBe('');
    expect(assessed?.assessment?.status).not.toBe('');

    const missing = await get(`${V1}/indicators/nope`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ message: string }>().message).toBe('No indicator has code nope');
  });

  it('pages values and refuses a bad period or asOf, naming it', async () => {
    const first = (
      await get(`${V1}/indicators/internet_users/values?orgUnit=CN&limit=2`)
    ).json<PublicValueList>();
    expect(first.items).toHaveLength(2);
    expect(first.next).toBe(`${V1}/indicators/internet_users/values?orgUnit=CN&limit=2&offset=2`);
    const second = (await get(first.next!)).json<PublicValueList>();
    expect(second.items[0]!.period > first.items[1]!.period).toBe(true);
    const range = (
      await get(`${V1}/indicators/internet_users/values?orgUnit=CN&from=2017&to=2018`)
    ).json<PublicValueList>();
    expect(range.items.map((item) => item.period)).toEqual(['2017', '2018']);
    const bad = await get(`${V1}/indicators/internet_users/values?from=2017X&asOf=yesterday`);
    expect(bad.statusCode).toBe(400);
    const message = bad.json<{ message: string }>().message;
    expect(message).toContain('from:');
    expect(message).toContain('asOf: "yesterday" is not a date');
    expect((await get(`${V1}/indicators/nope/values`)).statusCode).toBe(404);
  });

  it('shows no draft to anyone until its release, then each release as a vintage', async () => {
    await approveForm(api, HUBEI_2020_FORM);

    expect(await hubeiValues()).toEqual([]);
    // The nation's reviewer may read drafts elsewhere, never through the public API.
    const internal = await get(
      '/api/data-values?indicator=internet_users&orgUnit=420000&period=2020',
      'nation-reviewer',
    );
    expect(internal.json<{ items: unknown[] }>().items).toHaveLength(1);
    expect(await hubeiValues(undefined, 'nation-reviewer')).toEqual([]);
    const indicator = (
      await get(`${V1}/indicators/internet_users`, 'nation-reviewer')
    ).json<PublicIndicatorDetail>();
    expect(indicator.values.every((value) => value.status === 'published')).toBe(true);

    await scheduleRelease(api, NIDS_ANNUAL_2020_RELEASE);
    const calendar = (await get(`${V1}/releases?dataSet=nids-annual`)).json<ReleaseList>();
    expect(calendar.releases.map((r) => [r.period, r.releaseOn, r.status])).toEqual([
      ['2020', '2021-06-30', 'scheduled'],
    ]);

    api.setClock(new Date('2021-06-30T00:05:00Z'));
    expect((await api.call('nation-coordinator', 'POST', '/api/releases/run')).statusCode).toBe(
      200,
    );
    expect(await hubeiValues()).toEqual([0.4]);
    expect(await hubeiValues('2021-06-29')).toEqual([]);
    expect(await hubeiValues('2021-06-30')).toEqual([0.4]);
    const released = (await get(`${V1}/releases`)).json<ReleaseList>();
    expect(released.releases[0]).toMatchObject({ status: 'released', valuesPublished: 5 });

    // A revision of the published figure: the public sees the new figure with its note,
    // and the vintage of release day still reads the figure as first published.
    const internalValue = (
      await get(
        '/api/data-values?indicator=internet_users&orgUnit=420000&period=2020',
        'nation-reviewer',
      )
    ).json<{ items: DataValue[] }>().items[0]!;
    api.setClock(new Date('2021-07-02T10:00:00Z'));
    const revise = (user: string, body: Record<string, unknown>) =>
      api.call(user, 'POST', '/api/data-values/revisions', {
        indicatorCode: 'internet_users',
        orgUnitCode: '420000',
        period: '2020',
        value: 0.45,
        note: 'Corrected after the provincial survey was re-weighted',
        expectedVersion: internalValue.version,
        ...body,
      });
    // A reporter may not revise; nor may anyone without a note.
    expect((await revise('hubei-reporter', {})).statusCode).toBe(403);
    const noNote = await revise('nation-reviewer', { note: '  ' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json<{ details: { path: string }[] }>().details[0]!.path).toBe('body.note');
    const revised = await revise('nation-reviewer', {});
    expect(revised.statusCode).toBe(200);
    expect(revised.json<DataValue>()).toMatchObject({
      value: 0.45,
      status: 'published',
      version: internalValue.version + 1,
      revisedAt: '2021-07-02T10:00:00.000Z',
      revisionNote: 'Corrected after the provincial survey was re-weighted',
    });
    expect((await revise('nation-reviewer', { value: 0.5 })).statusCode).toBe(409);

    const notes = async (asOf?: string) =>
      (await get(`${HUBEI_VALUES}${asOf ? `&asOf=${asOf}` : ''}`))
        .json<PublicValueList>()
        .items.map((item) => [item.value, item.revisionNote]);
    expect(await notes()).toEqual([
      [0.45, 'Corrected after the provincial survey was re-weighted'],
    ]);
    expect(await notes('2021-06-30')).toEqual([[0.4, null]]);
    expect(await notes('2021-07-01')).toEqual([[0.4, null]]);
    expect(await notes('2021-07-02')).toEqual([
      [0.45, 'Corrected after the provincial survey was re-weighted'],
    ]);
  });

  it('gives a plan as text and every target of it with its status, on published figures', async () => {
    const plan = await get(`${V1}/plans/nids-2016`);
    expect(plan.statusCode).toBe(200);
    const body = plan.json<Plan>();
    expect(body.code).toBe('nids-2016');
    expect(body.tree.length).toBeGreaterThanOrEqual(6);
    expect((await get(`${V1}/plans/no-such-plan`)).statusCode).toBe(404);

    const progress = (await get(`${V1}/progress`)).json<PlanProgressView>();
    expect(progress).toMatchObject({ plan: 'nids-2016', orgUnit: 'CN' });
    expect(progress.items.length).toBe(35);
    expect(progress.bands.length).toBeGreaterThan(0);
    const hubei = (await get(`${V1}/progress?orgUnit=420000`)).json<PlanProgressView>();
    expect(hubei.orgUnit).toBe('420000');
    expect((await get(`${V1}/progress?plan=no-such-plan`)).statusCode).toBe(404);
  });

  it('finds indicators and plan text in English and Chinese, paged', async () => {
    const english = (await get(`${V1}/search?q=internet%20users`)).json<PublicSearchResult>();
    expect(english.items[0]).toMatchObject({
      kind: 'indicator',
      code: 'internet_users',
      href: `${V1}/indicators/internet_users`,
    });
    const chinese = (
      await get(`${V1}/search?q=${encodeURIComponent('信息化')}&limit=3`)
    ).json<PublicSearchResult>();
    expect(chinese.total).toBeGreaterThan(3);
    expect(chinese.items).toHaveLength(3);
    expect(chinese.next).toBe(`${V1}/search?q=${encodeURIComponent('信息化')}&limit=3&offset=3`);
    const nodes = (
      await get(`${V1}/search?q=${encodeURIComponent('信息化')}&limit=500`)
    ).json<PublicSearchResult>();
    const local = nodes.items.find((hit) => hit.kind === 'plan_node');
    expect(local).toMatchObject({ titleEn: null, href: `/api/public/v1/plans/${local!.plan}` });
    expect(local!.snippet).toContain('信息化');
    // The Outline is kept in its English translation.
    const outline = (
      await get(`${V1}/search?q=informatization%20development&limit=500`)
    ).json<PublicSearchResult>();
    const node = outline.items.find((hit) => hit.plan === 'nids-2016');
    expect(node).toMatchObject({
      kind: 'plan_node',
      titleZh: null,
      href: '/api/public/v1/plans/nids-2016',
    });
    expect(node!.snippet.toLowerCase()).toContain('informatization');
    const none = (await get(`${V1}/search?q=zzzqqq`)).json<PublicSearchResult>();
    expect(none).toMatchObject({ items: [], total: 0, next: null });
    expect((await get(`${V1}/search`)).statusCode).toBe(400);
  });

  it('lists the v1 routes in the OpenAPI document', async () => {
    const document = (await get('/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
    for (const path of [
      '/indicators',
      '/indicators/{code}',
      '/indicators/{code}/values',
      '/search',
      '/releases',
    ])
      expect(Object.keys(document.paths)).toContain(`${V1}${path}`);
  });

  it('limits each client: 429 with Retry-After past the limit, anonymous by address, tokens by token', async () => {
    vi.stubEnv('PLANWATCH_PUBLIC_RATE_LIMIT', '2');
    const limited = await buildApp({
      context: { services: createServices(fixture.store), store: fixture.store, version: 'test' },
      logLevel: 'silent',
      webRoot: null,
    });
    vi.unstubAllEnvs();
    try {
      const created = await limited.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: api.headers['nation-reviewer'],
        payload: {
          name: 'rate limit test',
          grants: [{ role: 'reviewer', orgUnitCode: 'CN' }],
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      });
      expect(created.statusCode).toBe(201);
      const bearer = { authorization: `Bearer ${created.json<{ token: string }>().token}` };
      const from = (remoteAddress: string, extra: Record<string, string> = {}) =>
        limited.inject({ method: 'GET', url: `${V1}/releases`, remoteAddress, headers: extra });

      expect((await from('10.0.0.1')).statusCode).toBe(200);
      expect((await from('10.0.0.1')).statusCode).toBe(200);
      const refused = await from('10.0.0.1');
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json<{ message: string }>().message).toContain(
        'at most 2 requests a minute per client',
      );
      // Another address, and a token from the refused address, each have their own allowance.
      expect((await from('10.0.0.2')).statusCode).toBe(200);
      expect((await from('10.0.0.1', bearer)).statusCode).toBe(200);
      expect((await from('10.0.0.3', bearer)).statusCode).toBe(200);
      expect((await from('10.0.0.4', bearer)).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
