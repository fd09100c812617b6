/**
 * The public open-data portal (/open) without signing in, in Chinese and
 * English, each page checked by axe-core (WCAG 2.1 A and AA rules: no
 * serious or critical violation).
 *
 * Before looking, the test walks the release path through the API: Hubei
 * and Guangdong report their 2025 annual form, the national reviewer
 * approves it, the coordinator releases nids-annual 2025 today; Hubei's 2024
 * form is approved too but its release is scheduled next year (embargoed);
 * Hubei's reporter leaves a draft e-commerce figure; the reviewer then
 * revises Hubei's published 2025 Internet users with a note. The portal must
 * show the released figures (map and table), the revision note and the
 * earlier vintage, and never the embargoed or draft figures.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataValue, Session } from '../../src/api/contract';
import type { PublicIndicatorDetail, PublicSearchResult } from '../../src/api/public-contract';
import type { Release, ReleaseList, ReleaseRun } from '../../src/api/releases-contract';
import { expectChart, expectText, htmlLang, settle, setupApp } from './support/app';
import { screenshot, type TrackedPage } from './support/browser';
import { createUser, type NewUser } from './support/users';

const app = setupApp();

const axeSource = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const DATA_SET = 'nids-annual';
const RELEASED = '2025';
const EMBARGOED = '2024';
const HUBEI = '420000';
const GUANGDONG = '440000';
const REVISION_NOTE = 'Corrected after the provincial re-survey';
/** Hubei's Internet users, 100 million persons: as released, then as revised. */
const HUBEI_RELEASED = 0.4;
const HUBEI_REVISED = 0.42;
/** Distinctive figures that must never reach the portal. */
const EMBARGOED_USERS = 0.3901; // 3,901 万人 / 39.01 million persons
const DRAFT_ECOMMERCE = 9.87; // trillion yuan

const reporter = (code: string): NewUser => ({
  username: `portal.reporter.${code}`,
  displayName: `Reporter ${code}`,
  password: `reporter-${code}-secret-1`,
  roles: [`reporter:${code}`],
});
const REVIEWER: NewUser = {
  username: 'portal.reviewer',
  displayName: 'National reviewer',
  password: 'national-reviewer-secret-1',
  roles: ['reviewer:CN'],
};
const COORDINATOR: NewUser = {
  username: 'portal.coordinator',
  displayName: 'National coordinator',
  password: 'national-coordinator-secret-1',
  roles: ['coordinator:CN'],
};

/** One value for each indicator of the nids-annual form, Internet users given. */
function formValues(internetUsers: number) {
  return [
    { indicator: 'fixed_broadband_subscribers', value: 0.2 },
    { indicator: 'internet_users', value: internetUsers },
    { indicator: 'mobile_phone_users', value: 0.6 },
    { indicator: 'users_5g', value: 0.1 },
    { indicator: 'base_stations_5g', value: 3 },
  ];
}

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
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${app.server.baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The unit's reporter saves and submits the form; the national reviewer approves it. */
async function approveForm(code: string, period: string, internetUsers: number) {
  const session = await apiSignIn(reporter(code));
  const form = `/api/data-sets/${DATA_SET}/form?orgUnit=${code}&period=${period}`;
  await call(session, 'PUT', form, { values: formValues(internetUsers) });
  await call(session, 'POST', `/api/data-sets/${DATA_SET}/submit`, { orgUnit: code, period });
  const reviewer = await apiSignIn(REVIEWER);
  await call(reviewer, 'POST', `/api/data-sets/${DATA_SET}/approve`, {
    items: [{ orgUnit: code, period }],
  });
}

const publicValues = (code: string, query = '') =>
  app.api<{ items: DataValue[] }>(
    `/api/public/v1/indicators/${code}/values?limit=500${query ? `&${query}` : ''}`,
  );

/** When nids-annual 2025 was released: a moment between the release and the revision. */
let releasedAt = '';
let embargoedRelease: Release;

beforeAll(async () => {
  for (const user of [reporter(HUBEI), reporter(GUANGDONG), REVIEWER, COORDINATOR])
    await createUser(app.server, user);
  await approveForm(HUBEI, RELEASED, HUBEI_RELEASED);
  await approveForm(GUANGDONG, RELEASED, 0.8);
  await approveForm(HUBEI, EMBARGOED, EMBARGOED_USERS);

  const coordinator = await apiSignIn(COORDINATOR);
  // Today is only input here (a release day must be after the period): nothing asserts on it.
  const today = new Date().toISOString().slice(0, 10);
  const nextYear = new Date().getUTCFullYear() + 1;
  await call(coordinator, 'PUT', '/api/releases', {
    dataSet: DATA_SET,
    period: RELEASED,
    releaseOn: today,
    note: 'Annual figures of the provinces',
  });
  embargoedRelease = await call<Release>(coordinator, 'PUT', '/api/releases', {
    dataSet: DATA_SET,
    period: EMBARGOED,
    releaseOn: `${nextYear}-06-30`,
  });
  const run = await call<ReleaseRun>(coordinator, 'POST', '/api/releases/run');
  const release = run.released.find((r) => r.period === RELEASED);
  expect(release?.valuesPublished).toBe(10);
  expect(run.released.map((r) => r.period)).not.toContain(EMBARGOED);
  releasedAt = release!.releasedAt!;

  // A draft, written by a signed-in reporter: the public never sees it.
  const hubei = await apiSignIn(reporter(HUBEI));
  const draft = await call<DataValue>(hubei, 'PUT', '/api/data-values', {
    indicatorCode: 'ecommerce_volume',
    orgUnitCode: HUBEI,
    period: RELEASED,
    value: DRAFT_ECOMMERCE,
    comment: 'TEST DATA (browser tests), not a real figure',
  });
  expect(draft.status).toBe('draft');

  // The reviewer corrects Hubei's published figure, with a note.
  const [published] = (await publicValues('internet_users', `orgUnit=${HUBEI}`)).items;
  expect(published?.value).toBe(HUBEI_RELEASED);
  const reviewer = await apiSignIn(REVIEWER);
  await call(reviewer, 'POST', '/api/data-values/revisions', {
    indicatorCode: 'internet_users',
    orgUnitCode: HUBEI,
    period: RELEASED,
    value: HUBEI_REVISED,
    note: REVISION_NOTE,
    expectedVersion: published!.version,
  });
});

/** Runs axe-core on the page as it is; fails on serious or critical violations, saying what and where. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  // Evaluated through the DevTools protocol: the server's CSP forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (tags) =>
      (
        window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  );
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n    at ${v.nodes
          .slice(0, 5)
          .map((n) => n.target.join(' '))
          .join('\n    at ')}`,
    );
  expect(serious, `axe on ${name}:\n${serious.join('\n')}`).toEqual([]);
}

/** Every API request the portal made went to the public API or the catalogue: no session, no drafts. */
function trackApiRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) paths.push(url.pathname);
  });
  return paths;
}

function expectOnlyPublicApi(paths: readonly string[]): void {
  const other = paths.filter(
    (p) => !p.startsWith('/api/public/v1/') && !p.startsWith('/api/catalog'),
  );
  expect(other).toEqual([]);
}

async function switchLanguage(page: Page, lang: 'zh-CN' | 'en'): Promise<void> {
  await page.getByTestId(`open-lang-${lang}`).click();
  await expect.poll(() => htmlLang(page)).toBe(lang);
}

async function pageText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

/** Fetches a download link through the page's request context: 200 and the expected content type. */
async function expectDownload(page: Page, testId: string, contentType: RegExp): Promise<string> {
  const href = await page.getByTestId(testId).getAttribute('href');
  expect(href, testId).toBeTruthy();
  const response = await page.request.get(href!);
  expect(response.status(), `${testId} ${href}`).toBe(200);
  expect(response.headers()['content-type'], `${testId} ${href}`).toMatch(contentType);
  return href!;
}

function expectNoErrors(tracked: TrackedPage): void {
  expect(tracked.errors).toEqual([]);
}

describe('Open-data portal (no sign-in)', () => {
  it('shows the Outline’s targets with progress in Chinese, then in English after the switch', async () => {
    const tracked = await app.open('/open');
    const { page } = tracked;
    const requests = trackApiRequests(page);
    await page.reload();

    await expectText(page.locator('h1'), '《国家信息化发展战略纲要》目标与进展');
    expect(await htmlLang(page)).toBe('zh-CN');
    await expectText(
      page.getByTestId('open-nav'),
      '目标',
      '指标',
      '搜索',
      '规划文本',
      '发布日历',
      '数据与接口',
    );
    await expectText(page.getByTestId('open-sign-in'), '登录');
    const ecommerce = page.getByTestId('open-target-ecommerce_volume-2020');
    await expectText(
      ecommerce,
      '电子商务交易规模',
      '不低于 38 万亿元',
      '37.21 万亿元',
      '97.9%',
      '未达成',
    );
    await expectText(
      page.getByTestId('open-target-intl_export_bandwidth-2025'),
      '不低于 48 Tbps',
      '11.51 Tbps',
    );
    await expectText(page.getByTestId('open-next-releases'), '近期发布', '2024');
    // The portal has no menu of the signed-in app.
    expect(await page.locator('.pw-header, .ant-menu').count()).toBe(0);
    // The first Tab reaches the skip link; it leads to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('open-main');
    await settle(page);
    await expectAccessible(page, '/open zh-CN');
    await screenshot(page, 'portal-home-zh-CN');

    await switchLanguage(page, 'en');
    await expectText(
      page.locator('h1'),
      'Outline of the National Informatization Development Strategy: targets and progress',
    );
    await expectText(
      page.getByTestId('open-nav'),
      'Targets',
      'Indicators',
      'Search',
      'Plan text',
      'Release calendar',
      'Data & API',
    );
    await expectText(
      ecommerce,
      'E-commerce trading volume',
      'at least 38 trillion yuan',
      '37.21 trillion yuan',
      'Missed',
    );
    expect(await page.title()).toContain('Planwatch open data');
    await settle(page);
    await expectAccessible(page, '/open en');
    await screenshot(page, 'portal-home-en');

    expectOnlyPublicApi(requests);
    expect(requests.some((p) => p === '/api/public/v1/progress')).toBe(true);
    expectNoErrors(tracked);
  });

  it('shows an indicator: definition, progress, chart and table of the published figures, sources and working downloads', async () => {
    const detail = await app.api<PublicIndicatorDetail>(
      '/api/public/v1/indicators/ecommerce_volume',
    );
    expect(detail.values.length).toBeGreaterThan(3);
    // The draft stays a draft: not public, whoever asks.
    expect((await publicValues('ecommerce_volume', `orgUnit=${HUBEI}`)).items).toEqual([]);

    const tracked = await app.open('/open/indicators/ecommerce_volume');
    const { page } = tracked;
    const requests = trackApiRequests(page);
    await page.reload();

    await expectText(page.getByTestId('open-indicator-name'), '电子商务交易规模');
    await expectText(page.getByTestId('open-unit'), '万亿元');
    const table = page.getByTestId('open-values');
    // Every published national figure, as the API gives it, with its unit.
    await expectText(table, ...detail.values.map((v) => `${v.value} 万亿元`));
    await expectText(
      page.getByTestId('open-progress-2020'),
      '2020 年目标：不低于 38 万亿元',
      '未达成',
    );
    await expectText(page.getByTestId('open-explain-2020'), '37.21 万亿元', '97.9%');
    await expectChart(page.getByTestId('open-chart'));
    expect(await page.getByTestId('open-chart').getAttribute('aria-label')).toContain('万亿元');
    await expectText(page.getByTestId('open-sources'), detail.sources[0]!.title);
    await expectText(page.getByTestId('open-map-empty'), '尚无省份发布该指标的数据');
    expect(await pageText(page)).not.toContain(String(DRAFT_ECOMMERCE));

    // The catalogue publishes SDMX for the national series (no CSV/Excel of reported values).
    await expectDownload(page, 'open-download-sdmx-csv', /^application\/vnd\.sdmx\.data\+csv/);
    await expectDownload(page, 'open-download-sdmx-json', /^application\/vnd\.sdmx\.data\+json/);
    expect(await page.getByTestId('open-download-csv').count()).toBe(0);
    await settle(page);
    await expectAccessible(page, 'ecommerce_volume zh-CN');
    await screenshot(page, 'portal-indicator-zh-CN');

    await switchLanguage(page, 'en');
    await expectText(page.getByTestId('open-indicator-name'), 'E-commerce trading volume');
    await expectText(page.getByTestId('open-unit'), 'trillion yuan');
    await expectText(table, ...detail.values.map((v) => `${v.value} trillion yuan`));
    await expectText(
      page.getByTestId('open-progress-2025'),
      'Target for 2025: at least 67 trillion yuan',
    );
    await expectText(
      page.getByTestId('open-vintage-status'),
      'Showing the latest published figures.',
    );
    await settle(page);
    await expectAccessible(page, 'ecommerce_volume en');
    await screenshot(page, 'portal-indicator-en');

    expectOnlyPublicApi(requests);
    expectNoErrors(tracked);
  });

  it('maps the released provincial figures with a table, shows the revision note and an earlier vintage, never embargoed figures', async () => {
    const values = (await publicValues('internet_users')).items;
    const provincial = values.filter((v) => v.orgUnitCode !== 'CN');
    expect(provincial.map((v) => `${v.orgUnitCode}:${v.period}:${v.value}`).sort()).toEqual([
      `${HUBEI}:${RELEASED}:${HUBEI_REVISED}`,
      `${GUANGDONG}:${RELEASED}:0.8`,
    ]);
    // As published at the release: Hubei's figure before the revision.
    const vintage = await publicValues('internet_users', `orgUnit=${HUBEI}&asOf=${releasedAt}`);
    expect(vintage.items.map((v) => v.value)).toEqual([HUBEI_RELEASED]);

    const tracked = await app.open('/open/indicators/internet_users', { lang: 'en' });
    const { page } = tracked;

    const map = page.getByTestId('open-map');
    await expectText(map, 'Internet users by province, 2025');
    await expectChart(page.getByTestId('province-choropleth'));
    const provinces = page.getByTestId('open-province-table');
    await expectText(provinces, 'Guangdong', '80 million persons', 'Hubei', '42 million persons');
    await expectText(provinces, `Revised on`, REVISION_NOTE);
    expect(await page.getByTestId('open-map-period').locator('option').allInnerTexts()).toEqual([
      RELEASED,
    ]);
    const text = await pageText(page);
    expect(text).not.toContain('39.01 million');
    expect(text).not.toContain('40 million persons');

    // Every format the catalogue lists for the indicator downloads.
    await expectDownload(page, 'open-download-csv', /^text\/csv/);
    await expectDownload(page, 'open-download-xlsx', /spreadsheetml/);
    await expectDownload(page, 'open-download-sdmx-csv', /^application\/vnd\.sdmx\.data\+csv/);
    await expectDownload(page, 'open-download-sdmx-json', /^application\/vnd\.sdmx\.data\+json/);
    await settle(page);
    await expectAccessible(page, 'internet_users en');
    await screenshot(page, 'portal-indicator-provinces-en');

    await switchLanguage(page, 'zh-CN');
    await expectText(provinces, '广东省', '8,000 万人', '湖北省', '4,200 万人', '修订');
    await expectText(page.getByTestId('open-vintage-status'), '当前显示最新发布的数据');
    await settle(page);
    await expectAccessible(page, 'internet_users zh-CN');
    await screenshot(page, 'portal-indicator-provinces-zh-CN');

    // The vintage of the release (a moment, as a link may carry it): Hubei as first published.
    await page.goto(`/open/indicators/internet_users?asOf=${encodeURIComponent(releasedAt)}`);
    await expectText(page.getByTestId('open-vintage-status'), '当前显示截至', '已发布的数据');
    await expectText(provinces, '湖北省', '4,000 万人', '广东省', '8,000 万人');
    expect(await pageText(page)).not.toContain(REVISION_NOTE);
    const sdmx = await expectDownload(
      page,
      'open-download-sdmx-csv',
      /^application\/vnd\.sdmx\.data\+csv/,
    );
    expect(sdmx).toContain(`asOf=${encodeURIComponent(releasedAt)}`);
    await screenshot(page, 'portal-indicator-vintage-zh-CN');

    // A day before anything was published, chosen in the form: nothing to show, and it says so.
    await page.getByTestId('open-as-of').fill('2020-01-01');
    await page.getByTestId('open-as-of-apply').click();
    await expectText(page.getByTestId('open-vintage-status'), '2020年1月1日');
    await expectText(page.getByTestId('open-no-values'), '截至该日尚未发布全国数据');
    await expectText(page.getByTestId('open-map-empty'), '截至该日尚无省份发布该指标的数据');
    expect(page.url()).toContain('asOf=2020-01-01');
    await settle(page);
    await expectAccessible(page, 'internet_users as of 2020-01-01 zh-CN');
    await page.getByTestId('open-as-of-latest').click();
    await expectText(provinces, '4,200 万人');
    expectNoErrors(tracked);
  }, 120_000);

  it('says so when an indicator does not exist, and leads back to the portal', async () => {
    const tracked = await app.open('/open/indicators/no_such_indicator', {
      lang: 'en',
      allowErrors: [/status of 404/],
    });
    const { page } = tracked;
    await expectText(page.locator('h1'), 'Indicator no_such_indicator');
    await expectText(page.getByTestId('open-error'), 'HTTP 404', 'Back to the portal');
    expect(await page.title()).toContain('Indicator no_such_indicator');
    await expectAccessible(page, 'unknown indicator en');
    await page.getByRole('link', { name: "Back to the portal's front page" }).click();
    await expectText(page.locator('h1'), 'targets and progress');
    expectNoErrors(tracked);
  });

  it('searches indicators and plan text, and a plan hit opens the plan at its item', async () => {
    const hits = await app.api<PublicSearchResult>(
      `/api/public/v1/search?q=${encodeURIComponent('宽带')}&limit=50`,
    );
    expect(hits.total).toBeGreaterThan(0);

    const tracked = await app.open(`/open/search?q=${encodeURIComponent('宽带')}`);
    const { page } = tracked;
    await expectText(page.locator('h1'), '搜索');
    await expectText(page.getByTestId('open-search-count'), `共有 ${hits.total} 条结果`);
    await expectText(page.getByTestId('open-hits'), '固定宽带家庭普及率', '指标');
    expect(
      await page
        .getByTestId('open-hits')
        .getByRole('link', { name: '固定宽带家庭普及率', exact: true })
        .getAttribute('href'),
    ).toBe('/open/indicators/fixed_broadband_household_penetration');
    await settle(page);
    await expectAccessible(page, 'search 宽带 zh-CN');
    await screenshot(page, 'portal-search-zh-CN');

    await switchLanguage(page, 'en');
    await expectText(page.getByTestId('open-hits'), 'Fixed broadband household penetration rate');
    // The search box, by its label, in English.
    await page.getByLabel('Search indicators and the plan text').fill('broadband');
    await page.getByTestId('open-search-submit').click();
    await expectText(page.getByTestId('open-search-count'), 'results for “broadband”');
    const planHit = page.getByTestId('open-hits').locator('a[href^="/open/plan#"]').first();
    const href = (await planHit.getAttribute('href'))!;
    const path = decodeURIComponent(href.split('#')[1]!);
    const title = (await planHit.innerText()).trim();
    await settle(page);
    await expectAccessible(page, 'search broadband en');
    await screenshot(page, 'portal-search-en');

    await planHit.click();
    await expect.poll(() => page.url()).toContain(`/open/plan#`);
    const heading = page.locator(`[id="${path}"]`);
    await expectText(heading, title);
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    expectNoErrors(tracked);
  });

  it('shows the plan text with its contents, and says it is an English translation', async () => {
    const tracked = await app.open('/open/plan');
    const { page } = tracked;
    await expectText(
      page.locator('h1'),
      'Outline of the National Informatization Development Strategy',
    );
    expect(await page.locator('h1').getAttribute('lang')).toBe('en');
    await expectText(page.getByTestId('open-plan-language'), '规划文本为英文译本');
    await expectText(page.locator('nav.open-toc'), '目录', 'Guiding ideology');
    expect(await page.locator('[id="II.2.1"]').count()).toBe(1);
    await settle(page);
    await expectAccessible(page, '/open/plan zh-CN');
    await screenshot(page, 'portal-plan-zh-CN');

    await switchLanguage(page, 'en');
    await expectText(page.locator('nav.open-toc'), 'Contents');
    expect(await page.getByTestId('open-plan-language').count()).toBe(0);
    await settle(page);
    await expectAccessible(page, '/open/plan en');
    await screenshot(page, 'portal-plan-en');
    expectNoErrors(tracked);
  }, 120_000);

  it('shows the release calendar: the release that happened and the one to come', async () => {
    const { releases } = await app.api<ReleaseList>('/api/public/v1/releases');
    expect(releases.map((r) => `${r.period}:${r.status}`).sort()).toEqual([
      `${EMBARGOED}:scheduled`,
      `${RELEASED}:released`,
    ]);

    const tracked = await app.open('/open/releases', { lang: 'en' });
    const { page } = tracked;
    await expectText(page.locator('h1'), 'Release calendar');
    const upcoming = page.getByTestId(`open-release-${DATA_SET}-${EMBARGOED}`);
    await expectText(
      page.getByTestId('open-upcoming-table'),
      'Annual informatization statistics (network and users)',
    );
    await expectText(upcoming, `30 June ${embargoedRelease.releaseOn.slice(0, 4)}`, EMBARGOED);
    await expectText(
      page.getByTestId(`open-release-${DATA_SET}-${RELEASED}`),
      RELEASED,
      '10',
      'Annual figures of the provinces',
    );
    await settle(page);
    await expectAccessible(page, '/open/releases en');
    await screenshot(page, 'portal-releases-en');

    await switchLanguage(page, 'zh-CN');
    await expectText(page.locator('h1'), '发布日历');
    await expectText(page.getByTestId('open-upcoming-table'), '信息化发展年度统计（网络与用户）');
    await expectText(upcoming, `${embargoedRelease.releaseOn.slice(0, 4)}年6月30日`);
    await settle(page);
    await expectAccessible(page, '/open/releases zh-CN');
    await screenshot(page, 'portal-releases-zh-CN');
    expectNoErrors(tracked);
  });

  it('links the catalogue, SDMX and the API documentation, and the indicator list filters by words', async () => {
    const tracked = await app.open('/open/data');
    const { page } = tracked;
    await expectText(page.locator('h1'), '数据与接口');
    for (const [testId, type] of [
      ['open-data-catalogue', /^application\/ld\+json|^text\/turtle/],
      ['open-data-sdmx', /^application\/vnd\.sdmx/],
      ['open-data-api', /^text\/html|^application\/json/],
    ] as const) {
      for (const href of await page
        .getByTestId(testId)
        .locator('a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))) {
        const response = await page.request.get(href);
        expect(response.status(), href).toBe(200);
        expect(response.headers()['content-type'], href).toMatch(type);
      }
    }
    await settle(page);
    await expectAccessible(page, '/open/data zh-CN');
    await screenshot(page, 'portal-data-zh-CN');
    await switchLanguage(page, 'en');
    await expectText(page.locator('h1'), 'Data & API');
    await expectAccessible(page, '/open/data en');
    await screenshot(page, 'portal-data-en');

    await page.getByTestId('open-nav').getByRole('link', { name: 'Indicators' }).click();
    await expectText(page.locator('h1'), 'Indicators');
    const total = (await app.api<{ total: number }>('/api/public/v1/indicators?limit=500')).total;
    await expectText(page.getByTestId('open-indicator-count'), `${total} of ${total} indicators`);
    await page.getByLabel('Filter indicators').fill('broadband');
    await expectText(
      page.getByTestId('open-indicator-fixed_broadband_subscribers'),
      'Fixed broadband subscribers',
    );
    await expect.poll(() => page.getByTestId('open-indicator-ecommerce_volume').count()).toBe(0);
    expect(page.url()).toContain('q=broadband');
    await settle(page);
    await expectAccessible(page, '/open/indicators en');
    await screenshot(page, 'portal-indicators-en');
    await switchLanguage(page, 'zh-CN');
    await expectText(
      page.getByTestId('open-indicator-fixed_broadband_subscribers'),
      '固定互联网宽带接入用户数',
      '亿户',
    );
    await expectAccessible(page, '/open/indicators zh-CN');
    await screenshot(page, 'portal-indicators-zh-CN');
    expectNoErrors(tracked);
  });
});
