import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { expectText, settle, setupApp } from './support/app';

const app = setupApp();

/** The browser logs the failed request itself; that one is expected here. */
const FAILED_404 = [/Failed to load resource: the server responded with a status of 404/];

describe('Errors', () => {
  it('shows a 404 page for unknown routes (English)', async () => {
    const { page, errors } = await app.open('/no/such/page', { lang: 'en' });
    await expectText(
      page.getByTestId('not-found'),
      'the page you are looking for does not exist',
      '/no/such/page',
    );
    await settle(page);
    await screenshot(page, 'notfound-en');
    await page.getByRole('button', { name: 'Back to the overview' }).click();
    await expectText(
      page.locator('h2'),
      'Outline of the National Informatization Development Strategy',
    );
    expect(errors).toEqual([]);
  });

  it('shows a 404 page for unknown routes (Chinese)', async () => {
    const { page, errors } = await app.open('/no/such/page', { lang: 'zh-CN' });
    await expectText(page.getByTestId('not-found'), '您访问的页面不存在');
    await settle(page);
    await screenshot(page, 'notfound-zh-CN');
    expect(errors).toEqual([]);
  });

  it('shows the API error instead of a blank page when a call fails', async () => {
    const missing = await fetch(`${app.server.baseUrl}/api/indicators/no_such_indicator`);
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as { error: string; message: string };

    const { page, errors } = await app.open('/indicators/no_such_indicator', {
      lang: 'en',
      allowErrors: FAILED_404,
    });
    await expectText(page.getByTestId('error-state'), 'HTTP 404', body.message);
    await expectText(page.locator('.ant-result-title'), 'Could not load the data');
    await settle(page);
    await screenshot(page, 'error-en');
    expect(errors).toEqual([]);
  });
});
