/**
 * The province comparison: with only the shipped (national) figures it says
 * no province has a figure; with TEST DATA (made-up provincial e-commerce
 * figures and provincial 2025 targets, see support/testData.ts) written as a
 * signed-in administrator, the choropleth and the sorted bars show them,
 * coloured by whether each province meets its own target, in both languages.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type TrackedPage } from './support/browser';
import { expectChart, expectText, settle, setupApp } from './support/app';
import { seedTestData, TEST_ADMIN } from './support/testData';
import { createUser, signInAt } from './support/users';

const app = setupApp();

beforeAll(async () => {
  await createUser(app.server, TEST_ADMIN);
});

async function svgTexts(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).locator('svg text').allTextContents()).join('|');
}

describe('Province comparison', () => {
  it('says that the shipped data has no provincial figures', async () => {
    const { page, errors } = await app.open('/compare', { lang: 'en' });
    await expectText(page.locator('h2'), 'Provinces compared');
    await expectText(
      page.getByTestId('compare-no-provinces'),
      'No province has a figure for 2022 yet.',
      'national figures only',
    );
    await expectText(
      page.getByTestId('compare-national'),
      'National (reported)',
      '43.83 trillion yuan',
    );
    await expectChart(page.getByTestId('province-choropleth'), 34);
    await expectText(page.getByTestId('compare-map'), 'Natural Earth', 'not an official map');
    expect(errors).toEqual([]);
  });

  let admin: TrackedPage;

  it('maps the test figures by province, coloured by their own 2025 targets (English)', async () => {
    admin = await app.open('/sign-in', { lang: 'en' });
    const { page } = admin;
    await signInAt(page, TEST_ADMIN, '/compare');
    await seedTestData(page, { targets: true });
    await page.goto('/compare?indicator=ecommerce_volume');

    await expectText(page.getByTestId('compare-period'), '2025');
    await expectText(
      page.getByTestId('compare-cascade'),
      '6 of 34 provinces have a 2025 target.',
      'They do not add up to the national target.',
    );
    await expectText(page.getByTestId('compare-mode'), 'Own 2025 target', 'Value');
    await expectText(
      page.getByTestId('compare-national'),
      'Units below add up to (11 reporting)',
      '24.07 trillion yuan',
      'Provinces with a figure',
      '9 / 34',
    );
    const map = page.getByTestId('compare-map');
    await expectChart(page.getByTestId('province-choropleth'), 34);
    await expectText(
      map,
      'Meets its 2025 target',
      'Not yet at its 2025 target',
      'No provincial target',
      'No data',
    );
    const bars = page.getByTestId('compare-bar-chart');
    await expectChart(bars, 9);
    await expect.poll(() => svgTexts(page, 'compare-bar-chart')).toContain('Guangdong');
    const texts = await svgTexts(page, 'compare-bar-chart');
    // Sorted by value, the largest first, each with its unit.
    expect(texts.indexOf('Guangdong')).toBeLessThan(texts.indexOf('Henan'));
    expect(texts).toContain('4.8 trillion yuan');
    expect(texts).toContain('Hubei');
    expect(texts).toContain('1.07 trillion yuan');
    // Guangdong meets its target (green), Zhejiang does not (orange), Shandong has none (grey).
    const fills = await bars
      .locator('svg path')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
    expect(fills.filter((f) => f === '#389e0d')).toHaveLength(3);
    expect(fills.filter((f) => f === '#fa8c16')).toHaveLength(3);
    expect(fills.filter((f) => f === '#8c8c8c')).toHaveLength(3);
    await page.mouse.move(0, 0);
    await settle(page);
    await screenshot(page, 'compare-status-en');

    // Continuous colours by value.
    await page.getByTestId('compare-mode').getByText('Value', { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('mode')).toBe('value');
    await expect.poll(() => svgTexts(page, 'province-choropleth')).toContain('4.8 trillion yuan');
    await settle(page);
    await screenshot(page, 'compare-value-en');
    expect(admin.errors).toEqual([]);
  });

  it('shows the same in Chinese and opens the pivot table for a province', async () => {
    const { page } = admin;
    await page.goto('/compare?indicator=ecommerce_volume');
    await page.locator('.pw-lang').getByText('中文', { exact: true }).click();
    await expectText(page.locator('h2'), '分省对比');
    await expectText(page.getByTestId('compare-cascade'), '34 个省份中有 6 个设定了 2025 年目标。');
    await expectText(
      page.getByTestId('compare-map'),
      '达到本省 2025 年目标',
      '尚未达到本省 2025 年目标',
      '未设省级目标',
      '无数据',
      '非官方地图',
    );
    await expect.poll(() => svgTexts(page, 'compare-bar-chart')).toContain('广东省');
    expect(await svgTexts(page, 'compare-bar-chart')).toContain('4.8 万亿元');
    await page.mouse.move(0, 0);
    await settle(page);
    await screenshot(page, 'compare-status-zh-CN');

    // The Guangdong bar (the first, the largest) opens the pivot table drilled into Guangdong.
    const first = page.getByTestId('compare-bar-chart').locator('svg path[fill="#389e0d"]').first();
    await first.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/pivot');
    const url = new URL(page.url());
    expect(url.searchParams.get('unit')).toBe('440000');
    expect(url.searchParams.get('indicator')).toBe('ecommerce_volume');
    await expectText(page.getByTestId('pivot-breadcrumbs'), '全国', '广东省');
    expect(admin.errors).toEqual([]);
  });
});
