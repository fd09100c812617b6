/**
 * The same pages served from PostgreSQL: the other suites use a fresh SQLite
 * store; this one proves the web app reads the same things from the other engine.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  createStoreLocation,
  pgTestUrl,
  type StoreLocation,
} from '../../src/test-support/stores.js';
import { expectChart, expectText, settle, setupApp } from './support/app';
import { screenshot } from './support/browser';

let location: StoreLocation | undefined;
const enabled = pgTestUrl !== null;

if (!enabled && process.env.CI) {
  describe('web app on PostgreSQL', () => {
    it('runs', () => {
      throw new Error(
        'CI is set but PLANWATCH_TEST_PG_URL is not: the PostgreSQL browser suite must not be skipped',
      );
    });
  });
}

describe.runIf(enabled)('web app on PostgreSQL', () => {
  const app = setupApp(async () => {
    location = await createStoreLocation('postgres');
    return { databaseUrl: location.databaseUrl };
  });
  afterAll(async () => location?.dispose());

  it('serves the Overview, the Plan and an Indicator page', async () => {
    expect((await app.api<{ store: string }>('/api/health')).store).toBe('postgres');

    const overview = await app.open('/', { lang: 'en' });
    await expectText(
      overview.page.getByTestId('target-card-ecommerce_volume'),
      'E-commerce',
      '38 trillion yuan',
    );
    await expectChart(overview.page.getByTestId('target-card-ecommerce_volume'));

    const plan = await app.open('/plan/III.3.3', { lang: 'zh-CN' });
    await expectText(
      plan.page.locator('body'),
      '规划文本',
      '原文印作 12',
      'Establishing basic structures',
    );

    const indicator = await app.open('/indicators/ecommerce_volume', { lang: 'en' });
    await expectText(indicator.page.locator('body'), '37.21', '38 trillion yuan');
    await settle(indicator.page);
    await screenshot(indicator.page, 'indicator-postgres-en');

    for (const tracked of [overview, plan, indicator]) expect(tracked.errors).toEqual([]);
  });
});
