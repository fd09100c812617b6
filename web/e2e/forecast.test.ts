/**
 * The trajectory chart of an indicator: the figures, the targets, and the
 * log-linear forecast to the 2025 target with its 80% and 95% prediction
 * bands and the chance of reaching it (e-commerce: 62.65 trillion yuan
 * projected, 20% chance of at least 67), with each target's status and
 * Explain drawer.
 */
import { describe, expect, it } from 'vitest';
import type { TargetProgressView } from '../../src/api/analytics-contract';
import { drawerScreenshot, screenshot } from './support/browser';
import { expectChart, expectText, settle, setupApp } from './support/app';

const app = setupApp();

async function chartTexts(page: import('playwright-core').Page): Promise<string> {
  return (await page.getByTestId('indicator-chart').locator('svg text').allTextContents()).join(
    '|',
  );
}

describe('Indicator trajectory and forecast', () => {
  it('e-commerce: the 2025 forecast with its bands and chance (English)', async () => {
    const { items } = await app.api<{ items: TargetProgressView[] }>(
      '/api/indicators/ecommerce_volume/progress',
    );
    const f2025 = items.find((i) => i.target.year === 2025)?.forecast;
    expect(f2025?.projected).toBeCloseTo(62.65, 2);
    expect(f2025?.probability).toBeCloseTo(0.2047, 3);

    const { page, errors } = await app.open('/indicators/ecommerce_volume', { lang: 'en' });
    await expectText(page.getByTestId('indicator-name'), 'E-commerce trading volume');
    await expectText(page.getByTestId('status-2020'), 'Missed');
    await expectText(page.getByTestId('status-2025'), 'Acceleration needed');
    await expectText(
      page.getByTestId('chart-forecast-2025'),
      'Forecast for 2025: 62.65 trillion yuan',
      '(trend 10.8% a year over 7 figures)',
      '80% interval 56.13 trillion yuan – 69.94 trillion yuan',
      '95% interval 51.73 trillion yuan – 75.89 trillion yuan',
    );
    await expectText(
      page.getByTestId('chart-forecast-2025-chance'),
      '20% chance of reaching at least 67 trillion yuan by 2025',
    );
    await expectText(
      page.getByTestId('forecast-2025'),
      'Forecast for 2025: 62.65 trillion yuan',
      '20% chance',
    );
    const chart = page.getByTestId('indicator-chart');
    await expectChart(chart, 8);
    await expect.poll(() => chartTexts(page)).toContain('Trend and forecast to 2025');
    const texts = await chartTexts(page);
    expect(texts).toContain('80% prediction interval');
    expect(texts).toContain('95% prediction interval');
    expect(texts).toContain('62.65 trillion yuan');
    expect(texts).toContain('20% chance');
    expect(texts).toContain('trillion yuan'); // the axis names the unit
    // The two bands are filled areas.
    const filled = await chart
      .locator('svg path[fill-opacity]')
      .evaluateAll(
        (paths) => paths.filter((p) => Number(p.getAttribute('fill-opacity')) < 0.5).length,
      );
    expect(filled).toBeGreaterThanOrEqual(2);
    await page.mouse.move(0, 0);
    await settle(page);
    await screenshot(page, 'indicator-forecast-en');

    await page.getByTestId('explain-2025').click();
    await expectText(page.getByTestId('explain-status'), 'Acceleration needed');
    await expectText(page.getByTestId('explain-summary'), 'CR = 0.905');
    await expectText(
      page.getByTestId('explain-forecast'),
      '20% chance of at least 67 trillion yuan',
    );
    await settle(page);
    await drawerScreenshot(page, 'indicator-explain-2025-en');
    expect(errors).toEqual([]);
  });

  it('e-commerce: the same forecast in Chinese', async () => {
    const { page, errors } = await app.open('/indicators/ecommerce_volume', { lang: 'zh-CN' });
    await expectText(page.getByTestId('indicator-name'), '电子商务交易规模');
    await expectText(page.getByTestId('status-2020'), '未达成');
    await expectText(page.getByTestId('status-2025'), '需加快进度');
    await expectText(
      page.getByTestId('chart-forecast-2025'),
      '2025 年预测：62.65 万亿元',
      '80% 区间 56.13 万亿元 – 69.94 万亿元',
    );
    await expectText(
      page.getByTestId('chart-forecast-2025-chance'),
      '2025 年达到不低于 67 万亿元的概率 20%',
    );
    await expectChart(page.getByTestId('indicator-chart'), 8);
    await expect.poll(() => chartTexts(page)).toContain('趋势及到 2025 年的预测');
    expect(await chartTexts(page)).toContain('62.65 万亿元');
    expect(await chartTexts(page)).toContain('概率 20%');
    await page.mouse.move(0, 0);
    await settle(page);
    await screenshot(page, 'indicator-forecast-zh-CN');

    await page.getByTestId('explain-2020').click();
    await expectText(page.getByTestId('explain-status'), '未达成');
    await expectText(page.getByTestId('explain-summary'), '完成目标的 97.9%');
    expect(errors).toEqual([]);
  });
});
