import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices } from '../services/container.js';
import { ensureDefaults } from '../services/defaults.service.js';
import { describeEachStore } from '../test-support/stores.js';
import { buildApp } from './app.js';

describeEachStore('HTTP API', (fixture) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    app = await buildApp({
      context: { services: createServices(fixture.store), store: fixture.store, version: 'test' },
      logLevel: 'silent',
      webRoot: null,
    });
  });
  afterAll(async () => app.close());

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };

  it('answers health with the engine in use', async () => {
    expect(await get('/api/health')).toEqual({
      status: 200,
      body: { status: 'ok', store: fixture.location.engine, version: 'test' },
    });
  });

  it('serves the plan tree with notes of every correction the importer made', async () => {
    const { status, body } = await get('/api/plans/nids-2016');
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: 'nids-2016', issuedOn: '2016-07-27' });
    const kinds = (body.notes as { kind: string }[]).map((note) => note.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'renumbered',
        'roman-numbered-section',
        'stray-title-terminator',
        'footer-dropped',
      ]),
    );
    const tree = body.tree as {
      path: string;
      children: { path: string; indicatorCodes: string[]; children: unknown[] }[];
    }[];
    const objectives = tree
      .find((chapter) => chapter.path === 'II')!
      .children.find((section) => section.path === 'II.2')!;
    expect(
      (objectives.children as { path: string; indicatorCodes: string[] }[])[0]!.indicatorCodes,
    ).toContain('information_consumption');
  });

  it('lists plans', async () => {
    const { body } = await get('/api/plans');
    expect((body.items as { code: string; nodeCount: number }[])[0]).toMatchObject({
      code: 'nids-2016',
      nodeCount: 94,
    });
  });

  it('serves an indicator with its series, every basis kept, and its sources', async () => {
    const { status, body } = await get('/api/indicators/fixed_broadband_household_penetration');
    expect(status).toBe(200);
    const values = body.values as { period: string; value: number; basis: string }[];
    expect(values.filter((value) => value.period === '2015').map((value) => value.value)).toEqual([
      40, 52.6,
    ]);
    expect((body.sources as { key: string }[]).map((source) => source.key)).toEqual(
      expect.arrayContaining(['F1', 'F7', 'F8']),
    );
  });

  it('filters data values by indicator, unit and period range', async () => {
    const { status, body } = await get(
      '/api/data-values?indicator=users_5g&orgUnit=CN&from=2022&to=2023',
    );
    expect(status).toBe(200);
    expect((body.items as { period: string }[]).map((value) => value.period)).toEqual([
      '2022',
      '2023',
    ]);
  });

  it('finds org units by parent, level and name', async () => {
    const children = await get('/api/org-units?parent=420000&limit=5');
    expect(children.status).toBe(200);
    expect(children.body.total).toBeGreaterThan(5);
    expect((children.body.items as unknown[]).length).toBe(5);
    const byName = await get(`/api/org-units?q=${encodeURIComponent('武汉')}`);
    expect((byName.body.items as { code: string }[]).map((unit) => unit.code)).toContain('420100');
    expect((await get('/api/org-units/CN-DEPT')).body).toMatchObject({
      level: 'department',
      nameEn: 'Central departments',
    });
  });

  it.each([
    ['/api/plans/nope', 404, 'No plan has code nope'],
    ['/api/indicators/nope', 404, 'No indicator has code nope'],
    ['/api/indicators?plan=nope', 404, 'No plan has code nope'],
    ['/api/org-units/999999', 404, 'No org unit has code 999999'],
    ['/api/data-values?period=2020Q5', 400, 'quarter 5 is outside 1-4'],
    ['/api/data-values?from=20x0', 400, 'from: \\"20x0\\" is not a period code'],
    ['/api/org-units?limit=0', 400, 'querystring.limit'],
    ['/api/org-units?level=village', 400, 'querystring.level'],
    ['/api/nothing-here', 404, 'No route GET /api/nothing-here'],
  ])('%s answers %i naming the problem', async (url, status, message) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body)).toContain(message);
  });

  it('documents every route in the OpenAPI document', async () => {
    const { status, body } = await get('/api/openapi.json');
    expect(status).toBe(200);
    const paths = Object.keys(body.paths as object);
    for (const route of [
      '/api/health',
      '/api/org-units',
      '/api/org-units/{code}',
      '/api/plans',
      '/api/plans/{code}',
      '/api/indicators',
      '/api/indicators/{code}',
      '/api/data-values',
    ]) {
      expect(paths).toContain(route);
    }
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});
