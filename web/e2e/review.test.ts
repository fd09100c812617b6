/**
 * Reviewing and completeness in the browser: three Wuhan districts report
 * the annual form for 2025 through the API; the Wuhan prefecture reviewer
 * returns one with a reason and approves the other two in one go, which
 * then wait for the province; completeness under Wuhan counts 2 of 14;
 * a national reviewer sees the provinces as a tile map and drills down.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/api/contract';
import type { FormView } from '../../src/api/reporting-contract';
import { expectText, noToasts, settle, setupApp } from './support/app';
import { screenshot, SCREENSHOT_DIR } from './support/browser';
import { createUser, signInAt, type NewUser } from './support/users';

const app = setupApp();
const DATA_SET = 'nids-annual';
const PERIOD = '2025';

const WUHAN: NewUser = {
  username: 'wuhan.reviewer',
  displayName: 'Wuhan Reviewer',
  password: 'wuhan-reviewer-pass-1',
  roles: ['reviewer:420100'],
};
const NATION: NewUser = {
  username: 'office.reviewer',
  displayName: '国家信息化办公室',
  password: 'office-reviewer-pass-1',
  roles: ['reviewer:CN'],
};
/** 江汉区, 硚口区 and 汉阳区 of Wuhan. */
const DISTRICTS = ['420103', '420104', '420105'] as const;
const reporterOf = (code: string): NewUser => ({
  username: `reporter.${code}`,
  displayName: `Reporter ${code}`,
  password: `reporter-${code}-pass-1`,
  roles: [`reporter:${code}`],
});

/** A complete form that passes every check. */
const VALUES = [
  { indicator: 'fixed_broadband_subscribers', value: 0.004 },
  { indicator: 'fixed_broadband_subscribers', disaggregation: 'AREA=URBAN', value: 0.003 },
  { indicator: 'fixed_broadband_subscribers', disaggregation: 'AREA=RURAL', value: 0.001 },
  { indicator: 'internet_users', value: 0.0068 },
  { indicator: 'mobile_phone_users', value: 0.011 },
  { indicator: 'users_5g', value: 0.005 },
  { indicator: 'base_stations_4g', value: 0.3 },
  { indicator: 'base_stations_5g', value: 0.15 },
];

interface ApiSession {
  cookie: string;
  csrf: string;
}

async function apiSignIn(user: NewUser): Promise<ApiSession> {
  const response = await fetch(`${app.server.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${user.username}: ${response.status}`);
  const session = (await response.json()) as Session;
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: session.csrfToken };
}

async function call<T>(
  session: ApiSession,
  method: 'PUT' | 'POST',
  path: string,
  body: unknown,
): Promise<T> {
  const response = await fetch(`${app.server.baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The reporter of a district saves the complete form and submits it. */
async function report(code: string): Promise<void> {
  const session = await apiSignIn(reporterOf(code));
  const saved = await call<FormView>(
    session,
    'PUT',
    `/api/data-sets/${DATA_SET}/form?orgUnit=${code}&period=${PERIOD}`,
    { values: VALUES },
  );
  expect(saved.blocking).toEqual([]);
  expect(saved.permissions.submit).toBe(true);
  const submitted = await call<FormView>(session, 'POST', `/api/data-sets/${DATA_SET}/submit`, {
    orgUnit: code,
    period: PERIOD,
  });
  expect(submitted.submission.state).toBe('submitted');
  expect(submitted.submission.awaitedLevel).toBe('prefecture');
}

beforeAll(async () => {
  for (const user of [WUHAN, NATION, ...DISTRICTS.map(reporterOf)])
    await createUser(app.server, user);
  for (const code of DISTRICTS) await report(code);
});

const row = (page: Page, code: string): Locator =>
  page.locator(`[data-testid="review-list"] tr[data-row-key="${code}|${PERIOD}"]`);

async function stepOf(page: Page, code: string, step: string): Promise<string> {
  return (await row(page, code).locator(`[data-step="${step}"]`).innerText()).trim();
}

/** A screenshot of one element, drawn like the full page (the sticky header stays at the top). */
async function screenshotOf(page: Page, element: Locator, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await element.boundingBox();
  if (!box) throw new Error(`${name}: the element is not visible`);
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    clip: box,
  });
}

async function switchTo(page: Page, label: '中文' | 'English'): Promise<void> {
  await page.locator('.pw-lang').getByText(label, { exact: true }).click();
}

describe('Reviewing reports and following completeness', () => {
  it('lets the prefecture reviewer return one report and approve two in bulk', async () => {
    const { page, errors } = await app.open('/sign-in', { lang: 'en' });
    await signInAt(page, WUHAN, '/review');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/review');
    const list = page.getByTestId('review-list');
    await expectText(list, 'Reports (3)', '420103', '420104', '420105', 'Submitted');
    expect(await stepOf(page, '420103', 'awaited')).toBe('Prefecture');
    await expectText(row(page, '420103'), 'reporter.420103', 'Open form', 'Return');
    expect(await page.getByTestId('approve-selected').isDisabled()).toBe(true);

    // Return 汉阳区: a reason is required.
    await page.getByTestId('return-420105').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: 'Return the report of' });
    await expectText(dialog, '汉阳区', '2025', 'Reason');
    await dialog.getByRole('button', { name: 'Return to the reporter' }).click();
    await expectText(dialog, 'Say why the report goes back');
    await page
      .getByTestId('return-reason')
      .fill('Base stations: the 2025 count of 5G sites is missing the new towers; please check.');
    await dialog.getByRole('button', { name: 'Return to the reporter' }).click();
    await expectText(page.locator('.ant-message'), 'went back to the reporter');
    await expectText(list, 'Reports (2)');
    expect(await row(page, '420105').count()).toBe(0);

    // Select both and approve them at once.
    await row(page, '420103').locator('.ant-checkbox-input').check();
    await expectText(page.getByTestId('approve-selected'), 'Approve selected (1)');
    await row(page, '420104').locator('.ant-checkbox-input').check();
    await expectText(page.getByTestId('approve-selected'), 'Approve selected (2)');
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'review-selected-en');

    await page.getByTestId('approve-selected').click();
    const confirm = page.getByTestId('approve-confirm');
    await expectText(confirm, 'All or nothing', '江汉区 · 2025', '硚口区 · 2025');
    await expectText(page.locator('.ant-modal-confirm-title'), 'Approve 2 reports?');
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expectText(page.locator('.ant-message'), '2 reports approved');

    // Both still wait, now for the province: the prefecture step is done, nothing left to select.
    await expect.poll(() => stepOf(page, '420103', 'awaited')).toBe('Province');
    expect(await stepOf(page, '420103', 'done')).toBe('Prefecture');
    expect(await stepOf(page, '420104', 'awaited')).toBe('Province');
    expect(await row(page, '420103').locator('.ant-checkbox-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('approve-selected').isDisabled()).toBe(true);
    expect(await row(page, '420103').getByTestId('return-420103').count()).toBe(0);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'review-approved-en');

    // The returned report, with its reason, under the "Returned" filter, in Chinese.
    await switchTo(page, '中文');
    await page.goto('/review?state=returned');
    await expectText(list, '报表（1 份）', '汉阳区', '已退回', 'missing the new towers');
    await page.goto('/review');
    await expectText(list, '报表（2 份）', '江汉区', '硚口区');
    expect(await stepOf(page, '420104', 'awaited')).toBe('省级');
    await settle(page);
    await screenshot(page, 'review-approved-zh-CN');
    expect(errors).toEqual([]);
  });

  it('counts 2 of 14 reported under Wuhan, where the reviewer starts', async () => {
    const { page, errors } = await app.open('/sign-in', { lang: 'zh-CN' });
    await signInAt(page, WUHAN, '/completeness');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/completeness');
    // Defaults: the annual form, 2025 (the latest period open on 2026-11-26), the reviewer's unit.
    await expectText(page.getByTestId('completeness-breadcrumbs'), '武汉市');
    await expectText(page.getByTestId('completeness-period'), '2025');
    await expectText(page.getByTestId('summary-expected'), '应报单位', '14', '个');
    await expectText(page.getByTestId('summary-reported'), '已报', '2');
    await expectText(page.getByTestId('summary-completeness'), '14%');
    const units = page.getByTestId('completeness-units');
    await expectText(units, '填报单位（14 个）', '江汉区', '迟报', '待省级审核', '已退回');
    expect(await page.getByTestId('completeness-map').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'completeness-wuhan-zh-CN');

    // The same by URL, in English.
    await switchTo(page, 'English');
    await page.goto(`/completeness?dataSet=${DATA_SET}&period=${PERIOD}&under=420100`);
    await expectText(page.getByTestId('summary-reported'), 'Reported', '2', 'units');
    await expectText(page.getByTestId('summary-expected'), 'Expected', '14');
    await expectText(units, 'Reporting units (14)', 'Late', 'Waiting for province', 'Returned');
    await settle(page);
    await screenshot(page, 'completeness-wuhan-en');
    expect(errors).toEqual([]);
  });

  it('shows the national reviewer the provinces as a tile map and drills down', async () => {
    const { page, errors } = await app.open('/sign-in', { lang: 'zh-CN' });
    await signInAt(page, NATION, '/completeness');
    const map = page.getByTestId('completeness-map');
    await expectText(map, '各省填报完整率', '湖北', '新疆', '香港', '已报单位占比', '无填报单位');
    const hubei = page.getByTestId('tile-420000');
    expect(await hubei.getAttribute('aria-label')).toMatch(/^湖北：应报 \d+ 个，已报 2 个/);
    expect(await page.locator('[data-testid^="tile-"][data-class]').count()).toBe(34);
    await expectText(page.getByTestId('completeness-children'), '湖北省', '北京市');
    await settle(page);
    await screenshot(page, 'completeness-nation-zh-CN');
    await screenshotOf(page, map, 'completeness-map-zh-CN');

    await switchTo(page, 'English');
    await expectText(
      map,
      'Completeness by province',
      'Hubei',
      'Inner',
      'Mongolia',
      'Share of units reported',
    );
    expect(await hubei.getAttribute('aria-label')).toMatch(/^Hubei: 2 of \d+ units reported/);
    await settle(page);
    await screenshot(page, 'completeness-nation-en');
    await screenshotOf(page, map, 'completeness-map-en');

    // Click Hubei on the map, then Wuhan in the table; the breadcrumbs lead back.
    await hubei.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('under')).toBe('420000');
    await expectText(page.getByTestId('completeness-breadcrumbs'), 'Hubei');
    await expectText(page.getByTestId('completeness-children'), '武汉市');
    expect(await page.getByTestId('completeness-map').count()).toBe(0);
    await page.getByTestId('drill-420100').click();
    await expectText(page.getByTestId('summary-expected'), '14');
    await expectText(page.getByTestId('completeness-breadcrumbs'), 'Hubei', '武汉市');
    await settle(page);
    await screenshot(page, 'completeness-drill-en');
    await page.getByTestId('completeness-breadcrumbs').getByText('Hubei').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('under')).toBe('420000');

    // The national office sees the two reports waiting for the province: nothing to select.
    await page.goto('/review');
    await expectText(page.getByTestId('review-list'), 'Reports (2)', 'Province');
    expect(await page.getByTestId('approve-selected').isDisabled()).toBe(true);
    expect(await row(page, '420103').locator('.ant-checkbox-input').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});
