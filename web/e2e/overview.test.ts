import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../src/api/contract';
import { screenshot } from './support/browser';
import { expectChart, expectText, htmlLang, settle, setupApp, storedLang } from './support/app';

const app = setupApp();

const CARDS = ['information_consumption', 'ecommerce_volume', 'intl_export_bandwidth'] as const;

describe('Overview', () => {
  it('shows the quantified targets in Chinese by default, then in English after switching in the header', async () => {
    const { items } = await app.api<{ items: Indicator[] }>('/api/indicators?plan=nids-2016');
    const byCode = new Map(items.map((i) => [i.code, i]));
    for (const code of CARDS)
      expect(byCode.get(code)?.latest, `${code} has a latest value`).toBeTruthy();

    const { page, errors } = await app.open('/');
    expect(await storedLang(page)).toBeNull();

    // Chinese (the default)
    await expectText(page.locator('h2'), '国家信息化发展战略纲要');
    expect(await htmlLang(page)).toBe('zh-CN');
    await expectText(page.locator('.pw-header'), '概览', '规划文本', '指标');
    const consumption = page.getByTestId('target-card-information_consumption');
    await expectText(
      consumption,
      '信息消费规模',
      '2020 年目标',
      '不低于 6 万亿元',
      '2025 年目标',
      '不低于 12 万亿元',
    );
    await expectText(consumption, '完成目标的 96.7%', '2020 实际 5.8 万亿元');
    const ecommerce = page.getByTestId('target-card-ecommerce_volume');
    await expectText(ecommerce, '电子商务交易规模', '不低于 38 万亿元', '不低于 67 万亿元');
    await expectText(ecommerce, '完成目标的 97.9%', '2020 实际 37.21 万亿元，目标 38 万亿元');
    const bandwidth = page.getByTestId('target-card-intl_export_bandwidth');
    await expectText(
      bandwidth,
      '国际互联网出口带宽',
      '不低于 20 Tbps',
      '不低于 48 Tbps',
      '11.51 Tbps',
    );
    // Latest values with unit and period, as the API reports them.
    const latestEcommerce = byCode.get('ecommerce_volume')!.latest!;
    await expectText(
      ecommerce.getByTestId('latest-value'),
      `${latestEcommerce.value} 万亿元 (${latestEcommerce.period})`,
    );
    const latestConsumption = byCode.get('information_consumption')!.latest!;
    await expectText(
      consumption.getByTestId('latest-value'),
      `${latestConsumption.value} 万亿元 (${latestConsumption.period})`,
    );
    for (const code of CARDS) await expectChart(page.getByTestId(`chart-${code}`));

    await expectText(
      page.getByTestId('qualitative-targets'),
      '定性目标',
      '中国－东盟信息港',
      '数据不足',
    );
    await expectText(page.getByTestId('context-indicators'), '背景指标', '网民规模', '亿人');
    await settle(page);
    await screenshot(page, 'overview-zh-CN');

    // Switch to English through the header.
    await page.locator('.pw-lang').getByText('English', { exact: true }).click();
    await expectText(
      page.locator('h2'),
      'Outline of the National Informatization Development Strategy',
    );
    expect(await htmlLang(page)).toBe('en');
    expect(await storedLang(page)).toBe('en');
    await expectText(page.locator('.pw-header'), 'Overview', 'Plan', 'Indicators');
    await expectText(
      consumption,
      'Information consumption',
      '2020 target',
      'at least 6 trillion yuan',
      '2025 target',
      'at least 12 trillion yuan',
      '96.7% of target',
    );
    await expectText(
      ecommerce,
      'E-commerce trading volume',
      'at least 38 trillion yuan',
      'at least 67 trillion yuan',
      '97.9% of target',
      '2020 actual 37.21 trillion yuan vs target 38 trillion yuan',
      `${latestEcommerce.value} trillion yuan (${latestEcommerce.period})`,
    );
    await expectText(
      bandwidth,
      'International Internet export bandwidth',
      'at least 20 Tbps',
      'at least 48 Tbps',
      '11.51 Tbps (2020 H2)',
      '57.6% of target',
    );
    await expectText(
      page.getByTestId('qualitative-targets'),
      'Qualitative targets',
      'China-ASEAN Information Port',
      'Insufficient data',
    );
    await expectText(page.getByTestId('context-indicators'), 'Internet users', 'billion persons');
    await expectText(page.locator('footer'), 'Data sources', 'CNNIC');
    for (const code of CARDS) await expectChart(page.getByTestId(`chart-${code}`));
    await settle(page);
    await screenshot(page, 'overview-en');

    // The choice is kept.
    await page.reload();
    await expectText(
      page.locator('h2'),
      'Outline of the National Informatization Development Strategy',
    );
    expect(await htmlLang(page)).toBe('en');

    expect(errors).toEqual([]);
  });

  it('links each indicator card to its page', async () => {
    const { page, errors } = await app.open('/', { lang: 'en' });
    await page
      .getByTestId('target-card-ecommerce_volume')
      .getByRole('link', { name: 'E-commerce trading volume' })
      .click();
    await expectText(page.getByTestId('indicator-name'), 'E-commerce trading volume');
    expect(new URL(page.url()).pathname).toBe('/indicators/ecommerce_volume');
    expect(errors).toEqual([]);
  });
});
