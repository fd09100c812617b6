/**
 * A province aligns its own plan to the Outline, in the browser: the Hubei
 * coordinator imports a short Chinese local plan (an example written for
 * this test: first pasted with a measure placed before any section, which the
 * importer refuses with its line and column, then read corrected from a .txt
 * file), links two of
 * its measures to national measures and saves both at once; the alignment
 * matrix then shows Hubei covering those two measures and no other, the
 * "uncovered only" filter hides them, and a cell lists the local node. In
 * Chinese, then once in English.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectText, noToasts, settle, setupApp } from './support/app';
import { drawerScreenshot, screenshot, type TrackedPage } from './support/browser';
import { createUser, signInAt, type NewUser } from './support/users';

const app = setupApp();

const HUBEI: NewUser = {
  username: 'hubei.coordinator',
  displayName: '湖北省信息化办公室',
  password: 'hubei-coordinator-pass-1',
  roles: ['coordinator:420000'],
};

const CODE = 'hb-info-example';
const TITLE = '湖北省信息化发展规划（测试示例）';

/** TEST DATA: a made-up provincial plan, not Hubei's real one. */
const PLAN_TEXT = [
  '湖北省信息化发展规划（测试示例）',
  '',
  '本文为浏览器测试编写的示例，并非湖北省的真实规划。',
  '',
  '一、主要任务',
  '',
  '（一）加强信息资源建设',
  '',
  '1. 建设政务数据共享平台。编制政务信息资源目录，推动政务信息资源共享开放。',
  '2. 发展智慧医疗。推进远程医疗和电子健康档案互通共享。',
  '',
  '（二）发展数字经济',
  '',
  '1. 推进智能制造。培育工业互联网平台。',
  '',
].join('\n');

/** The same text with the section heading of line 7 missing: its measures have no section. */
const BROKEN_TEXT = PLAN_TEXT.replace('（一）加强信息资源建设\n\n', '');

/** The national measures the two local measures implement. */
const DATA_SHARING = { node: 'I.1.1', measure: 'III.3.1' };
const HEALTH = { node: 'I.1.2', measure: 'IV.4.3' };

beforeAll(async () => {
  await createUser(app.server, HUBEI);
});

async function switchTo(page: Page, label: '中文' | 'English'): Promise<void> {
  await page.locator('.pw-lang').getByText(label, { exact: true }).click();
}

/** Opens an Ant Design select, types to search and clicks the first option with `text`. */
async function choose(page: Page, select: Locator, typed: string, text = typed): Promise<void> {
  await select.click();
  await page.keyboard.type(typed);
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
}

const cell = (page: Page, measure: string, unit = '420000') =>
  page.getByTestId(`cell-${measure}-${unit}`);

/** The measures the matrix shows as covered (an aligned local node) for a unit. */
async function coveredMeasures(page: Page, unit = '420000'): Promise<string[]> {
  const cells = page.locator(`[data-testid$="-${unit}"][data-state="covered"]`);
  const ids = await cells.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
  return ids.map((id) => id!.replace(/^cell-/, '').replace(`-${unit}`, '')).sort();
}

describe('A provincial plan aligned to the Outline', () => {
  let coordinator: TrackedPage;
  /** What Hubei covered before (the example plan shipped with the demo data covers some). */
  let coveredBefore: string[] = [];
  let measureCount = 0;

  it('starts from the matrix as it is', async () => {
    coordinator = await app.open('/sign-in', { lang: 'zh-CN', allowErrors: [/status of 400/] });
    const { page, errors } = coordinator;
    await signInAt(page, HUBEI, '/alignment');
    const matrix = page.getByTestId('alignment-matrix');
    await expectText(matrix, '国家举措', '湖北省', DATA_SHARING.measure, HEALTH.measure);
    coveredBefore = await coveredMeasures(page);
    measureCount = await matrix.locator('tr[data-measure]').count();
    expect(measureCount).toBeGreaterThan(50);
    expect(coveredBefore).not.toContain(DATA_SHARING.measure);
    expect(coveredBefore).not.toContain(HEALTH.measure);
    expect(errors).toEqual([]);
  });

  it('refuses a plan text with a misplaced measure, naming the line, then imports the corrected text', async () => {
    const { page, errors } = coordinator;
    await page.getByTestId('local-plans-link').click();
    await expectText(page.getByTestId('local-plans'), '规划', '所属单位');
    expect(await page.getByTestId('local-plans').innerText()).not.toContain(TITLE);
    await page.getByTestId('import-plan').click();
    const form = page.getByTestId('import-form');
    await expectText(form, '湖北省 (420000)', 'Outline of the National Informatization');

    await form.locator('#import-form_code').fill('HB plan');
    await form.locator('#import-form_text').fill(BROKEN_TEXT);
    await page.getByTestId('import-submit').click();
    await expectText(form, '请使用小写字母、数字和连字符');
    await form.locator('#import-form_code').fill(CODE);
    await page.getByTestId('import-submit').click();
    const problems = page.getByTestId('import-text-problems');
    await expectText(
      problems,
      '处问题',
      '第 7 行第 1 列',
      '1. 建设政务数据共享平台',
      'comes before any section of chapter I',
    );
    await expectText(page.getByTestId('import-error'), `cannot be imported as plan ${CODE}`);
    // Clicking the problem selects its line in the text.
    await problems.locator('.pw-align-problem').first().click();
    const selected = await form
      .locator('#import-form_text')
      .evaluate((area: HTMLTextAreaElement) =>
        area.value.slice(area.selectionStart, area.selectionEnd),
      );
    expect(selected).toBe(
      '1. 建设政务数据共享平台。编制政务信息资源目录，推动政务信息资源共享开放。',
    );
    await settle(page);
    await screenshot(page, 'alignment-import-problem-zh-CN');

    // The corrected text from a .txt file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-e2e-plan-'));
    const file = path.join(dir, 'hubei-plan-example.txt');
    fs.writeFileSync(file, PLAN_TEXT, 'utf8');
    await page.getByTestId('import-file').setInputFiles(file);
    await expectText(form, '已读取 hubei-plan-example.txt');
    await expect.poll(() => form.locator('#import-form_text').inputValue()).toBe(PLAN_TEXT);
    fs.rmSync(dir, { recursive: true, force: true });
    await page.getByTestId('import-submit').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/alignment/plans/${CODE}`);
    await expectText(page.getByTestId('local-plan-title'), TITLE);
    await expectText(page.getByTestId('local-plan-page'), '湖北省的规划', '6 个条目中已对应 0 个');
    expect(errors).toEqual([]);
  });

  it('links two local measures to national measures and saves both at once', async () => {
    const { page, errors } = coordinator;
    const table = page.getByTestId('link-table');
    await expectText(table, '建设政务数据共享平台', '发展智慧医疗', '推进智能制造');
    await choose(page, page.getByTestId(`link-${DATA_SHARING.node}`), DATA_SHARING.measure);
    await choose(page, page.getByTestId(`link-${HEALTH.node}`), HEALTH.measure);
    await expectText(page.getByTestId('link-changes'), '2 处修改未保存');
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'alignment-links-zh-CN');
    await page.getByTestId('link-save').click();
    await expectText(page.locator('.ant-message'), '已保存 2 条对应关系');
    await expectText(page.getByTestId('local-plan-page'), '6 个条目中已对应 2 个');
    await expectText(page.getByTestId('link-changes'), '0 处修改未保存');
    expect(await page.getByTestId('link-save').isDisabled()).toBe(true);

    await page.goto('/alignment/plans');
    await expectText(page.getByTestId('local-plans'), TITLE, CODE, '湖北省', '2 / 6');
    expect(errors).toEqual([]);
  });

  it('shows Hubei covering those two measures as well, and no other new one, in the matrix', async () => {
    const { page, errors } = coordinator;
    await page.goto('/alignment');
    const matrix = page.getByTestId('alignment-matrix');
    await expectText(page.getByTestId('alignment-scope'), '湖北省');
    await expectText(matrix, '国家举措', '湖北省', DATA_SHARING.measure, HEALTH.measure);
    expect(await matrix.locator('thead th[data-unit]').count()).toBe(1);
    await expect
      .poll(() => coveredMeasures(page))
      .toEqual([...coveredBefore, DATA_SHARING.measure, HEALTH.measure].sort());
    await expectText(matrix.locator(`tr[data-measure="${DATA_SHARING.measure}"]`), '100%');
    await expectText(
      page.getByTestId('alignment-stats'),
      '已承接举措',
      `${coveredBefore.length + 2}`,
      `/ ${measureCount}`,
    );
    await settle(page);
    await screenshot(page, 'alignment-matrix-zh-CN');

    await cell(page, DATA_SHARING.measure).click();
    const drawer = page.getByTestId('cell-drawer');
    await expectText(drawer, '对应的地方规划条目（1 个）', '建设政务数据共享平台', TITLE);
    await settle(page);
    await drawerScreenshot(page, 'alignment-cell-zh-CN');
    await drawer.getByTestId(`node-${CODE}-${DATA_SHARING.node}`).click();
    await expect
      .poll(() => `${new URL(page.url()).pathname}${new URL(page.url()).search}`)
      .toBe(`/alignment/plans/${CODE}?node=${DATA_SHARING.node}`);
    await expect
      .poll(() => page.locator(`tr[data-row-key="${DATA_SHARING.node}"]`).getAttribute('class'))
      .toContain('pw-align-focused');

    // Only the measures no unit covers: the two linked ones are gone with the others covered.
    await page.goto('/alignment?uncovered=1');
    await expectText(matrix, '国家举措');
    await expect
      .poll(() => matrix.locator('tr[data-measure]').count())
      .toBe(measureCount - coveredBefore.length - 2);
    expect(await matrix.locator(`tr[data-measure="${DATA_SHARING.measure}"]`).count()).toBe(0);
    expect(await matrix.locator(`tr[data-measure="${HEALTH.measure}"]`).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows the same in English, with the units that have a local plan as columns', async () => {
    const { page, errors } = coordinator;
    await page.goto('/alignment');
    await switchTo(page, 'English');
    const matrix = page.getByTestId('alignment-matrix');
    await expectText(page.locator('.pw-page-title'), 'Alignment matrix');
    await expectText(matrix, 'National measure', 'Hubei', 'Measures covered');
    await page.getByTestId('alignment-columns').getByText('Units with a local plan').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('columns')).toBe('plans');
    await expectText(page.getByTestId('alignment-stats'), 'With a local plan', '1');
    await expect
      .poll(() => coveredMeasures(page))
      .toEqual([...coveredBefore, DATA_SHARING.measure, HEALTH.measure].sort());
    expect(await cell(page, DATA_SHARING.measure).getAttribute('aria-label')).toMatch(
      /^Hubei covers III\.3\.1 \(aligned local nodes: 1; tasks: \d+\)$/,
    );
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'alignment-matrix-en');
    expect(errors).toEqual([]);
  });
});
