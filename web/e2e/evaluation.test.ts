/**
 * The annual evaluation in the browser: three provinces get inputs through
 * the HTTP API (TEST DATA: 2020 targets with reported values, tasks due in
 * 2020 done on time, late or not at all, a milestone, and an inspection of
 * Hubei with a critical and a minor finding still open); the national
 * coordinator finds no evaluation yet, runs 2020 from the page, checks the
 * ranking against the API, the map and the scheme, opens Hubei's scorecard,
 * compares two provinces and publishes; a second, stale page is refused
 * publishing again; all of it in English and in Chinese; a Beijing reporter
 * then sees the published ranking without the coordinator's buttons.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/api/contract';
import type { EvaluationRanking, Scorecard } from '../../src/api/evaluation-contract';
import { expectChart, expectText, noToasts, settle, setupApp } from './support/app';
import { screenshot, type TrackedPage } from './support/browser';
import { createUser, pickOption, signInAt, type NewUser } from './support/users';

const app = setupApp();

const NATION: NewUser = {
  username: 'office.coordinator',
  displayName: 'National Office Coordinator',
  password: 'office-coordinator-pass-1',
  roles: ['coordinator:CN'],
};
/** Writes the test data: an administrator reports on the provinces' tasks and records findings. */
const SEEDER: NewUser = {
  username: 'evaluation.test.data',
  displayName: 'Evaluation test data',
  password: 'evaluation-test-data-1',
  admin: true,
};
const BEIJING: NewUser = {
  username: 'beijing.reporter',
  displayName: '北京市填报员',
  password: 'beijing-reporter-pass-1',
  roles: ['reporter:110000'],
};

/** Every record the test writes says so. */
const TEST_DATA = 'TEST DATA (browser test of the evaluation), not a real record';
const SEEDED_PROVINCES = ['110000', '310000', '420000'];

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
  method: 'GET' | 'PUT' | 'POST' | 'PATCH',
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

interface CreatedTask {
  id: number;
  version: number;
  milestones: { title: string; dueOn: string }[];
}

/** A 2020 task led by the province under measure III.3.3; done on `doneOn` when given. */
async function task(
  session: ApiSession,
  leadUnit: string,
  title: string,
  dueOn: string,
  doneOn: string | null,
  milestone?: { title: string; dueOn: string; doneOn: string | null },
): Promise<void> {
  const created = await call<CreatedTask>(session, 'POST', '/api/tasks', {
    measure: 'III.3.3',
    title: `TEST DATA: ${title}`,
    description: TEST_DATA,
    leadUnit,
    startOn: '2020-01-01',
    dueOn,
    milestones: milestone ? [{ title: milestone.title, dueOn: milestone.dueOn }] : [],
  });
  let version = created.version;
  if (doneOn !== null) {
    await call(session, 'POST', `/api/tasks/${created.id}/updates`, {
      status: 'done',
      percentComplete: 100,
      narrative: TEST_DATA,
      reportedOn: doneOn,
    });
    version += 1;
  }
  if (milestone?.doneOn) {
    await call(session, 'PATCH', `/api/tasks/${created.id}`, {
      version,
      milestones: [{ title: milestone.title, dueOn: milestone.dueOn, doneOn: milestone.doneOn }],
    });
  }
}

/**
 * The three provinces' 2020 inputs (made up):
 * - Beijing: e-commerce target 3.0 trillion yuan met (3.2); one task done on time with its
 *   milestone met, one not done;
 * - Shanghai: target 3.5 missed (2.8); one task done late;
 * - Hubei: target 1.2 missed (1.0); one task done on time; inspected in September 2020 with a
 *   critical and a minor finding still open.
 */
async function seedInputs(): Promise<void> {
  const session = await apiSignIn(SEEDER);
  await call(session, 'PUT', '/api/indicators/ecommerce_volume/targets', {
    year: 2020,
    targets: [
      { orgUnit: '110000', value: 3.0 },
      { orgUnit: '310000', value: 3.5 },
      { orgUnit: '420000', value: 1.2 },
    ],
  });
  for (const [orgUnitCode, value] of [
    ['110000', 3.2],
    ['310000', 2.8],
    ['420000', 1.0],
  ] as const)
    await call(session, 'PUT', '/api/data-values', {
      indicatorCode: 'ecommerce_volume',
      orgUnitCode,
      period: '2020',
      value,
      comment: TEST_DATA,
    });

  await task(
    session,
    '110000',
    'Beijing gigabit fibre in every district',
    '2020-06-30',
    '2020-06-15',
    {
      title: 'District deployment plan approved',
      dueOn: '2020-03-31',
      doneOn: '2020-03-20',
    },
  );
  await task(session, '110000', 'Beijing open data portal upgrade', '2020-11-30', null);
  await task(
    session,
    '310000',
    'Shanghai one-stop government services',
    '2020-09-30',
    '2020-10-20',
  );
  await task(
    session,
    '420000',
    'Hubei provincial data sharing platform',
    '2020-12-31',
    '2020-12-01',
  );

  const plan = await call<{ id: number }>(session, 'POST', '/api/inspection-plans', {
    year: 2020,
    title: 'TEST DATA: inspection of the Outline’s implementation, 2020',
    orgUnit: 'CN',
    description: TEST_DATA,
  });
  const inspection = await call<{ id: number }>(
    session,
    'POST',
    `/api/inspection-plans/${plan.id}/inspections`,
    { orgUnit: '420000', scheduledOn: '2020-09-01', inspectors: ['TEST DATA inspector'] },
  );
  await call(session, 'PATCH', `/api/inspections/${inspection.id}`, {
    heldOn: '2020-09-02',
    summary: TEST_DATA,
  });
  for (const [severity, description] of [
    ['critical', 'TEST DATA: provincial data centres run without off-site backups'],
    ['minor', 'TEST DATA: the open data catalogue lists retired data sets'],
  ] as const)
    await call(session, 'POST', `/api/inspections/${inspection.id}/findings`, {
      severity,
      description,
    });
}

beforeAll(async () => {
  for (const user of [NATION, SEEDER, BEIJING]) await createUser(app.server, user);
  await seedInputs();
});

/** GET from the page's own session (drafts need the coordinator's). */
function pageApi<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return (await response.json()) as T;
  }, path);
}

async function switchTo(page: Page, label: '中文' | 'English'): Promise<void> {
  await page.locator('.pw-lang').getByText(label, { exact: true }).click();
}

/** The ranking table's rows as shown: unit code, rank, total. */
async function shownRanking(table: Locator) {
  return table.locator('tr[data-row-key]').evaluateAll((rows) =>
    rows.map((row) => ({
      code: row.getAttribute('data-row-key'),
      rank: row.querySelector('[data-testid="rank"]')?.textContent ?? null,
      total: row.querySelector('[data-testid="total"]')?.textContent ?? null,
      notEvaluated: row.querySelector('[data-testid="not-evaluated"]') !== null,
    })),
  );
}

/**
 * Ranks and totals as the table must show them (two decimals; en-US and
 * zh-CN agree below 1000): the ranked units, and with `all` the units not
 * evaluated after them.
 */
function expectedRanking(ranking: EvaluationRanking, all = false) {
  return ranking.rows
    .filter((row) => all || row.evaluated)
    .map((row) => ({
      code: row.unit.code,
      rank: row.rank === null ? null : String(row.rank),
      total: row.evaluated ? row.total.toFixed(2) : null,
      notEvaluated: !row.evaluated,
    }));
}

function itemOfKind(card: Scorecard, kind: string) {
  const item = card.components.flatMap((c) => c.items).find((i) => i.kind === kind);
  if (!item) throw new Error(`no ${kind} item in the scorecard of ${card.row.unit.code}`);
  return item;
}

describe('The annual evaluation in the browser', () => {
  let office: TrackedPage;
  let ranking: EvaluationRanking;

  it('shows the coordinator an empty state, runs 2020 from the page and ranks as the API does', async () => {
    office = await app.open('/sign-in', { lang: 'en' });
    const { page, errors } = office;
    await signInAt(page, NATION, '/evaluation');
    await expectText(page.getByTestId('evaluation-title'), 'Annual evaluation');
    await expectText(
      page.getByTestId('evaluation-empty'),
      'No evaluation has been run yet',
      'tasks the unit (or a unit below it) leads that fall due in the year',
      'Run evaluation',
    );
    await settle(page);
    await screenshot(page, 'evaluation-empty-en');

    await page.getByTestId('run-evaluation-empty').click();
    const dialog = page.locator('.ant-modal');
    await expectText(dialog, 'Run the annual evaluation', 'Cut-off day');
    await pickOption(page, dialog.getByTestId('run-year'), '2020');
    await dialog.getByRole('button', { name: 'Run' }).click();
    await expectText(page.locator('.ant-message'), 'The 2020 evaluation was run:');
    await expectText(page.getByTestId('run-status'), 'Evaluation 2020', 'Draft', 'version 1');
    await expect.poll(() => new URL(page.url()).searchParams.get('year')).toBe('2020');

    ranking = await pageApi<EvaluationRanking>(page, '/api/evaluations/2020');
    expect(ranking.run.status).toBe('draft');
    await expectText(
      page.getByTestId('run-status'),
      `${ranking.run.ranked} ranked of ${ranking.run.units} evaluated`,
    );
    // The seeded provinces lead, each with its own total: the other provinces only had a form
    // to report (not reported), the departments had nothing at all.
    const seeded = ranking.rows.filter((row) => SEEDED_PROVINCES.includes(row.unit.code));
    expect(seeded.map((row) => row.rank).sort()).toEqual([1, 2, 3]);
    expect(new Set(seeded.map((row) => row.total.toFixed(2))).size).toBe(3);
    const unranked = ranking.rows.filter((row) => !row.evaluated).length;
    expect(unranked).toBeGreaterThan(0);

    const table = page.getByTestId('ranking-table');
    await expect.poll(() => shownRanking(table)).toEqual(expectedRanking(ranking));
    await page.getByTestId('toggle-unranked').click();
    await expectText(page.getByTestId('toggle-unranked'), 'Hide the units not evaluated');
    await expect.poll(() => shownRanking(table)).toEqual(expectedRanking(ranking, true));
    await expectText(page.getByTestId('run-hash'), ranking.run.inputsSha256.slice(0, 12));
    const first = ranking.rows[0]!;
    await expectText(table.locator(`tr[data-row-key="${first.unit.code}"]`), first.unit.nameEn!);
    await expectText(table.locator('tr.pw-eval-unranked').first(), 'Not evaluated');

    await expectChart(page.getByTestId('province-choropleth'), 30);
    await expectText(page.getByTestId('map-departments-note'), 'Central departments');
    await expectText(
      page.getByTestId('scheme-panel'),
      'Scheme 2020, version 1',
      'Outcome',
      '40 pts',
      'Target status: missed',
    );
    await page.getByTestId('report-menu').hover();
    await expect
      .poll(() => page.getByTestId('report-pdf').getAttribute('href'))
      .toBe('/api/evaluations/2020/report?lang=en&format=pdf');
    await page.mouse.move(0, 0);
    await page.getByTestId('toggle-unranked').click();
    await expectText(
      page.getByTestId('toggle-unranked'),
      `Show the ${unranked} units not evaluated`,
    );
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'evaluation-ranking-en');
    expect(errors).toEqual([]);
  });

  it('opens Hubei’s scorecard with every item and its reason in English, and the charts', async () => {
    const { page, errors } = office;
    await page.getByTestId('scorecard-link-420000').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/evaluation/2020/units/420000');
    await expectText(page.getByTestId('scorecard-title'), 'Hubei: evaluation 2020');
    const card = await pageApi<Scorecard>(page, '/api/evaluations/2020/units/420000');
    expect(card.row.rank).not.toBeNull();
    await expectText(
      page.getByTestId('scorecard-header'),
      card.row.total.toFixed(2),
      `${card.row.rank} of ${card.run.ranked}`,
    );
    const critical = itemOfKind(card, 'finding');
    const target = itemOfKind(card, 'target');
    await expectText(page.getByTestId('items-inspection'), critical.reason.en);
    await expectText(page.getByTestId('items-outcome'), target.reason.en);
    const inspection = card.components.find((c) => c.key === 'inspection')!;
    await expectText(
      page.getByTestId('component-points-inspection'),
      `${inspection.points.toFixed(2)} / ${inspection.effectiveWeight.toFixed(2)} pts`,
    );
    await expectChart(page.getByTestId('components-chart'));
    await expectChart(page.getByTestId('trend-chart'));
    await settle(page);
    await screenshot(page, 'evaluation-scorecard-en');
    expect(errors).toEqual([]);
  });

  it('compares two provinces picked in the ranking, then another through the picker', async () => {
    const { page, errors } = office;
    await page.getByTestId('back-to-ranking').click();
    const table = page.getByTestId('ranking-table');
    await table.locator('tr[data-row-key="110000"] .ant-checkbox-input').check();
    await table.locator('tr[data-row-key="420000"] .ant-checkbox-input').check();
    await expectText(page.getByTestId('compare-selected'), 'Compare (2/2)');
    // A third unit cannot be ticked while two are.
    expect(await table.locator('tr[data-row-key="310000"] .ant-checkbox-input').isDisabled()).toBe(
      true,
    );
    await page.getByTestId('compare-selected').click();
    await expect.poll(() => page.url()).toContain('/evaluation/2020/compare?a=110000&b=420000');
    await expectText(page.getByTestId('compare-title'), 'Comparison of two units, 2020');
    const beijing = ranking.rows.find((row) => row.unit.code === '110000')!;
    await expectText(page.getByTestId('summary-110000'), 'Beijing', beijing.total.toFixed(2));
    await expectText(page.getByTestId('summary-420000'), 'Hubei');
    await expectChart(page.getByTestId('compare-chart'));
    await expectText(
      page.getByTestId('compare-component-inspection'),
      'Beijing',
      'Hubei',
      'critical',
    );

    await pickOption(page, page.getByTestId('compare-b'), 'Shanghai (310000)');
    await expect.poll(() => new URL(page.url()).searchParams.get('b')).toBe('310000');
    await expectText(page.getByTestId('summary-310000'), 'Shanghai');
    await expectChart(page.getByTestId('compare-chart'));
    await settle(page);
    await screenshot(page, 'evaluation-compare-en');
    expect(errors).toEqual([]);
  });

  it('publishes after a confirmation that the run is frozen; a stale page is refused', async () => {
    const { page, errors } = office;
    const stale = await app.open('/sign-in', { lang: 'en', allowErrors: [/status of 409/] });
    await signInAt(stale.page, NATION, '/evaluation?year=2020');
    await expectText(stale.page.getByTestId('run-status'), 'Draft');

    await page.goto('/evaluation?year=2020');
    await page.getByTestId('publish').click();
    const dialog = page.locator('.ant-modal');
    await expectText(dialog, 'Publish the 2020 evaluation?', 'A published run is frozen');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expectText(page.locator('.ant-message'), 'The 2020 evaluation is published.');
    await expectText(page.getByTestId('run-status'), 'Published', 'Published runs are frozen');
    expect(await page.getByTestId('publish').count()).toBe(0);
    const published = await pageApi<EvaluationRanking>(page, '/api/evaluations/2020');
    expect(published.run.status).toBe('published');
    expect(expectedRanking(published)).toEqual(expectedRanking(ranking));

    await stale.page.getByTestId('publish').click();
    await stale.page.locator('.ant-modal').getByRole('button', { name: 'Publish' }).click();
    await expectText(
      stale.page.getByTestId('run-status'),
      'The evaluation cannot be published',
      'already published',
    );
    await settle(stale.page);
    await screenshot(stale.page, 'evaluation-publish-refused-en');
    expect(stale.errors).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows the ranking, a scorecard and the comparison in Chinese', async () => {
    const { page, errors } = office;
    await switchTo(page, '中文');
    await expectText(page.getByTestId('evaluation-title'), '年度评估');
    await expectText(page.getByTestId('run-status'), '2020 年度评估', '已发布', '第 1 版');
    const table = page.getByTestId('ranking-table');
    await expectText(table, '排名', '总分（分）', '目标成效', '北京市', '湖北省', '个未参评单位');
    await expect.poll(() => shownRanking(table)).toEqual(expectedRanking(ranking));
    await page.getByTestId('toggle-unranked').click();
    await expect.poll(() => shownRanking(table)).toEqual(expectedRanking(ranking, true));
    await expectText(page.getByTestId('toggle-unranked'), '隐藏未参评单位');
    await page.getByTestId('toggle-unranked').click();
    await expectText(page.getByTestId('scheme-panel'), '2020 年评估方案（第 1 版）', '40 分');
    await expectText(page.getByTestId('map-departments-note'), '中央部门');
    await expectChart(page.getByTestId('province-choropleth'), 30);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'evaluation-ranking-zh-CN');

    await page.getByTestId('scorecard-link-420000').click();
    await expectText(page.getByTestId('scorecard-title'), '湖北省 2020 年度评估');
    const card = await pageApi<Scorecard>(page, '/api/evaluations/2020/units/420000');
    await expectText(page.getByTestId('scorecard-page'), '已发布', `第 ${card.row.rank} 名`);
    await expectText(page.getByTestId('items-inspection'), itemOfKind(card, 'finding').reason.zh);
    await expectText(page.getByTestId('items-outcome'), itemOfKind(card, 'target').reason.zh);
    await expectChart(page.getByTestId('components-chart'));
    await expectChart(page.getByTestId('trend-chart'));
    await settle(page);
    await screenshot(page, 'evaluation-scorecard-zh-CN');

    await page.goto('/evaluation/2020/compare?a=110000&b=420000');
    await expectText(page.getByTestId('compare-title'), '2020 年两单位对比');
    await expectText(page.getByTestId('summary-110000'), '北京市', '总分');
    await expectChart(page.getByTestId('compare-chart'));
    await settle(page);
    await screenshot(page, 'evaluation-compare-zh-CN');
    expect(errors).toEqual([]);
  });

  it('shows a Beijing reporter the published ranking without running or publishing', async () => {
    const { page, errors } = await app.open('/sign-in', { lang: 'zh-CN' });
    await signInAt(page, BEIJING);
    await page.getByTestId('nav-evaluation').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/evaluation');
    await expectText(page.getByTestId('run-status'), '2020 年度评估', '已发布');
    await expect
      .poll(() => shownRanking(page.getByTestId('ranking-table')))
      .toEqual(expectedRanking(ranking));
    expect(await page.getByTestId('run-evaluation').count()).toBe(0);
    expect(await page.getByTestId('publish').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
