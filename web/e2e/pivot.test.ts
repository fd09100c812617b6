/**
 * The pivot table with TEST DATA (made-up provincial and prefectural
 * e-commerce figures, see support/testData.ts, written as a signed-in
 * administrator): the nation and its provinces, a drill-down to Hubei and
 * its prefectures (Hubei's figure is what they add up to) and on to Wuhan's
 * districts, back up by the breadcrumbs, and the CSV and Excel exports of the
 * same selection.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type TrackedPage } from './support/browser';
import { expectText, settle, setupApp } from './support/app';
import { seedTestData, TEST_ADMIN, TEST_DATA_COMMENT } from './support/testData';
import { createUser, signInAt } from './support/users';

const app = setupApp();

beforeAll(async () => {
  await createUser(app.server, TEST_ADMIN);
});

const row = (page: Page, name: string) =>
  page.getByTestId('pivot-table').locator('tbody tr.ant-table-row').filter({ hasText: name });

/** The texts of a row's cells, the unit first. */
async function cells(page: Page, name: string): Promise<string[]> {
  return (await row(page, name).first().locator('td').allInnerTexts()).map((t) =>
    t.replace(/\s+/g, ' ').trim(),
  );
}

describe('Pivot table', () => {
  let admin: TrackedPage;

  it('shows the nation and the provinces, drills down to prefectures and counties (English)', async () => {
    admin = await app.open('/sign-in', { lang: 'en' });
    const { page } = admin;
    await signInAt(page, TEST_ADMIN, '/pivot');
    await seedTestData(page, { targets: false });
    await page.goto('/pivot?indicator=ecommerce_volume&from=2019&to=2025');

    await expectText(page.locator('h2'), 'Pivot table');
    await expectText(
      page.getByTestId('pivot-group-ecommerce_volume'),
      'E-commerce trading volume (trillion yuan)',
    );
    await expectText(page.getByTestId('pivot-breadcrumbs'), 'China (national)');
    await expectText(page.getByTestId('pivot-legend'), 'reported', 'from the units below');
    // Columns: only the periods with a figure, 2019-2022 national and 2024-2025 from the test data.
    // Polled: the columns appear once the figures have come (the table renders before them).
    const yearHeaders = async () =>
      (await page.getByTestId('pivot-table').locator('thead th').allInnerTexts())
        .map((h) => h.trim())
        .filter((h) => /^\d{4}$/.test(h));
    await expect
      .poll(yearHeaders, { timeout: 15_000 })
      .toEqual(['2019', '2020', '2021', '2022', '2024', '2025']);
    await expect.poll(async () => (await cells(page, 'China (national)')).length).toBe(7);
    const nation = await cells(page, 'China (national)');
    expect(nation[2]).toBe('37.21 trillion yuan●'); // 2020, reported by the nation
    expect(nation[6]).toBe('24.07 trillion yuanΣ'); // 2025, what the units below add up to
    expect(await cells(page, 'Guangdong')).toEqual([
      'Guangdong 440000',
      '—',
      '—',
      '—',
      '—',
      '4.5 trillion yuan●',
      '4.8 trillion yuan●',
    ]);
    const hubei = await cells(page, 'Hubei');
    expect(hubei[6]).toBe('1.07 trillion yuanΣ');

    // The marker says where a figure comes from.
    await row(page, 'Hubei').getByTestId('pivot-value').hover();
    await expectText(page.locator('.ant-tooltip'), 'Sum of 3 units below');
    await page.mouse.move(0, 0);
    await settle(page);
    await screenshot(page, 'pivot-nation-en');

    // Nation -> Hubei: its prefectures.
    await page.getByTestId('drill-420000').click();
    await expectText(page.getByTestId('pivot-breadcrumbs'), 'China (national)', 'Hubei');
    expect(new URL(page.url()).searchParams.get('unit')).toBe('420000');
    await expectText(page.getByTestId('pivot-self'), 'Hubei', '420000');
    // Only 2025 has figures under Hubei.
    await expect
      .poll(() => cells(page, '武汉市'))
      .toEqual(['武汉市 420100', '0.85 trillion yuan●']);
    expect(await cells(page, '宜昌市')).toEqual(['宜昌市 420500', '0.12 trillion yuan●']);
    expect(await cells(page, '襄阳市')).toEqual(['襄阳市 420600', '0.1 trillion yuan●']);
    expect(await cells(page, 'Hubei')).toEqual(['Hubei 420000', '1.07 trillion yuanΣ']);
    expect(await row(page, '黄石市').count()).toBe(1); // a prefecture without figures is listed
    await settle(page);
    await screenshot(page, 'pivot-hubei-en');

    // Hubei -> Wuhan: its districts (counties), which have no figures; back up by the breadcrumb.
    await page.getByTestId('drill-420100').click();
    await expectText(page.getByTestId('pivot-breadcrumbs'), 'China (national)', 'Hubei', '武汉市');
    await expectText(page.getByTestId('pivot-table'), '江岸区', '420102');
    expect(await page.getByTestId('drill-420102').count()).toBe(0); // counties are the bottom
    await page.getByTestId('pivot-breadcrumbs').getByText('Hubei', { exact: true }).click();
    await expectText(page.getByTestId('pivot-self'), 'Hubei');
    expect(admin.errors).toEqual([]);
  });

  it('exports the selection as CSV and Excel', async () => {
    const { page } = admin;
    await page.goto('/pivot?indicator=ecommerce_volume&unit=420000&from=2019&to=2025');
    await expectText(page.getByTestId('pivot-self'), 'Hubei');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = fs.readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'indicator,indicator_name,org_unit,org_unit_name,period,basis,value,unit,unit_mult,origin,units_below',
    );
    expect(
      lines.some((l) => /^ecommerce_volume,.*,420100,.*,2025,.*,0\.85,.*reported/.test(l)),
    ).toBe(true);
    expect(
      lines.some((l) => /^ecommerce_volume,.*,420000,.*,2025,.*,1\.07,.*aggregated,3$/.test(l)),
    ).toBe(true);
    expect(lines).toHaveLength(1 + 4); // Hubei and its three prefectures with a 2025 figure

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = fs.readFileSync(await xlsx.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(TEST_DATA_COMMENT).toContain('TEST DATA');
    expect(admin.errors).toEqual([]);
  });

  it('says the same in Chinese', async () => {
    const { page } = admin;
    await page.goto(
      '/pivot?indicator=ecommerce_volume,information_consumption&unit=420000&from=2019&to=2025',
    );
    await page.locator('.pw-lang').getByText('中文', { exact: true }).click();
    await expectText(page.locator('h2'), '数据透视');
    await expectText(page.getByTestId('pivot-breadcrumbs'), '全国', '湖北省');
    await expectText(
      page.getByTestId('pivot-group-ecommerce_volume'),
      '电子商务交易规模（万亿元）',
    );
    await expectText(page.getByTestId('pivot-group-information_consumption'), '信息消费规模');
    await expectText(page.getByTestId('pivot-table'), '所选年份无数据');
    await expect.poll(async () => (await cells(page, '武汉市'))[1]).toBe('0.85 万亿元●');
    await row(page, '湖北省').getByTestId('pivot-value').first().hover();
    await expectText(page.locator('.ant-tooltip'), '3 个下级单位合计');
    await page.mouse.move(0, 0);
    await settle(page);
    await screenshot(page, 'pivot-hubei-zh-CN');
    expect(admin.errors).toEqual([]);
  });
});
