import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { expectChart, expectText, htmlLang, settle, setupApp } from './support/app';

const app = setupApp();

describe('Indicator', () => {
  it('ecommerce_volume: the 2020 target 38 and the 2020 value 37.21 (English)', async () => {
    const { page, errors } = await app.open('/indicators/ecommerce_volume', { lang: 'en' });
    expect(await htmlLang(page)).toBe('en');
    await expectText(page.getByTestId('indicator-name'), 'E-commerce trading volume');
    await expectText(page.locator('.pw-page-meta'), '电子商务交易规模', 'ecommerce_volume');
    await expectText(
      page.locator('.ant-descriptions'),
      'Definition',
      'Unit',
      'trillion yuan',
      'Direction',
      'higher is better',
      'Aggregation',
    );

    const target2020 = page.getByTestId('target-item-2020');
    await expectText(
      target2020,
      '2020 target',
      'at least 38 trillion yuan',
      '97.9% of target',
      '2020 actual 37.21 trillion yuan',
    );
    await expectText(
      target2020.getByTestId('target-sentence'),
      'the e-commerce trading scale is to reach 38 trillion Yuan',
      'II.2.1',
    );
    await expectText(page.getByTestId('target-item-2025'), 'at least 67 trillion yuan');

    const values = page.getByTestId('values');
    const row2020 = values.locator('tbody tr').filter({ hasText: /^\s*2020/ });
    await expectText(row2020, '2020', '37.21 trillion yuan', 'NBS/MOFCOM annual', 'E5', 'medium');
    await expectChart(page.getByTestId('indicator-chart'));

    // The source key carries the source's title as a tooltip.
    await row2020.getByText('E5', { exact: true }).hover();
    await expectText(
      page.locator('.ant-tooltip'),
      'National Bureau of Statistics e-commerce survey 2020',
    );
    await expectText(
      page.getByTestId('sources'),
      'Sources',
      'E5',
      'National Bureau of Statistics e-commerce survey 2020',
    );

    // Plan items it measures link to the plan.
    await page.getByTestId('plan-nodes').getByRole('link').first().click();
    await expectText(page.getByTestId('node-detail'), 'II.2.1');
    await page.goBack();
    await expectText(page.getByTestId('indicator-name'), 'E-commerce trading volume');
    await expectChart(page.getByTestId('indicator-chart'));
    await page.mouse.move(0, 0);
    await settle(page);
    await screenshot(page, 'indicator-en');
    expect(errors).toEqual([]);
  });

  it('ecommerce_volume in Chinese (from localStorage)', async () => {
    const { page, errors } = await app.open('/indicators/ecommerce_volume', { lang: 'zh-CN' });
    expect(await htmlLang(page)).toBe('zh-CN');
    await expectText(page.getByTestId('indicator-name'), '电子商务交易规模');
    await expectText(page.locator('.ant-descriptions'), '定义', '单位', '万亿元', '越大越好');
    await expectText(
      page.getByTestId('target-item-2020'),
      '2020 年目标',
      '不低于 38 万亿元',
      '完成目标的 97.9%',
    );
    const row2020 = page
      .getByTestId('values')
      .locator('tbody tr')
      .filter({ hasText: /^\s*2020/ });
    await expectText(row2020, '37.21 万亿元', 'NBS/MOFCOM annual', 'E5', '中');
    await expectChart(page.getByTestId('indicator-chart'));
    await settle(page);
    await screenshot(page, 'indicator-zh-CN');
    expect(errors).toEqual([]);
  });

  it('fixed_broadband_household_penetration keeps the two 2015 values on their different bases', async () => {
    const { page, errors } = await app.open('/indicators/fixed_broadband_household_penetration', {
      lang: 'en',
    });
    await expectText(
      page.getByTestId('indicator-name'),
      'Fixed broadband household penetration rate',
    );
    await expectText(page.locator('.pw-bases-note'), 'different bases');
    const rows2015 = page
      .getByTestId('values')
      .locator('tbody tr')
      .filter({ hasText: /^\s*2015/ });
    await expectText(
      rows2015.filter({ hasText: '52.6%' }),
      '52.6%',
      '52.6 percent of households',
      'restated basis',
    );
    await expectText(
      rows2015.filter({ hasText: '40%' }),
      '40%',
      '40.0 percent of households',
      '13th Five-Year Plan basis (derived)',
    );
    expect(await rows2015.count()).toBe(2);
    const bases = await rows2015.getByTestId('basis-tag').allInnerTexts();
    expect(new Set(bases).size).toBe(2);
    // One chart series per basis: the legend names both.
    const chart = page.getByTestId('indicator-chart');
    await expectChart(chart);
    const legend = await chart.locator('svg text').allTextContents();
    expect(legend.join('|')).toContain('13th Five-Year Plan basis (derived)');
    expect(legend.join('|')).toContain('restated basis (MIIT / 14th Five-Year Plan)');
    await settle(page);
    await screenshot(page, 'indicator-broadband-en');

    await page.locator('.pw-lang').getByText('中文', { exact: true }).click();
    await expectText(page.getByTestId('indicator-name'), '固定宽带家庭普及率');
    await expectText(page.locator('.pw-bases-note'), '4 种不同口径');
    await expectText(page.getByTestId('values'), '口径', '52.6%', '40%');
    await settle(page);
    await screenshot(page, 'indicator-broadband-zh-CN');
    expect(errors).toEqual([]);
  });
});
