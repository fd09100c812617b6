/**
 * An annual inspection in the browser, from plan to closure: a national
 * inspector plans the 2026 inspections, schedules Hubei's, records it as
 * held, records a critical finding and assigns its rectification to Wuhan;
 * closing is refused while the item is open (the server's message names
 * it); the Wuhan reporter finds the item among "Rectification items for my
 * units" and marks it done with a note, a link and a PDF; the inspector then
 * closes the finding. English for the inspector, Chinese for the reporter,
 * and the inspector's closed finding and summary in Chinese too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectText, noToasts, settle, setupApp } from './support/app';
import { screenshot, type TrackedPage } from './support/browser';
import { createUser, signInAt, type NewUser } from './support/users';

const app = setupApp();

const INSPECTOR: NewUser = {
  username: 'office.inspector',
  displayName: 'National Inspection Office',
  password: 'office-inspector-pass-1',
  roles: ['inspector:CN'],
};
const WUHAN: NewUser = {
  username: 'wuhan.reporter',
  displayName: '武汉市填报员',
  password: 'wuhan-reporter-pass-1',
  roles: ['reporter:420100'],
};

const PLAN_TITLE = 'Inspection of the Outline’s implementation, 2026';
const FINDING =
  'Provincial government data centres run without off-site backups; a failure would lose the shared data.';
const ITEM = '武汉市政务数据中心建立异地备份';
const DONE_NOTE = '已在襄阳建成异地灾备中心，每日同步政务数据。';
const EVIDENCE_LINK = 'https://example.org/wuhan/backup-centre-acceptance';
const EVIDENCE_FILE = 'backup-centre-acceptance.pdf';
const CLOSURE = 'Backups verified on site; finding closed.';

beforeAll(async () => {
  for (const user of [INSPECTOR, WUHAN]) await createUser(app.server, user);
});

/** Opens an Ant Design select by its input, types to search and clicks the first option with `text`. */
async function choose(page: Page, input: Locator, typed: string, text = typed): Promise<void> {
  await input.click();
  await page.keyboard.type(typed);
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
}

/** Types a day into an Ant Design date picker and confirms it. */
async function typeDay(input: Locator, day: string): Promise<void> {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(day);
}

async function switchTo(page: Page, label: '中文' | 'English'): Promise<void> {
  await page.locator('.pw-lang').getByText(label, { exact: true }).click();
}

/** The open dialog's primary button. */
function confirmButton(page: Page, name: string): Locator {
  return page.locator('.ant-modal').getByRole('button', { name });
}

const idFromUrl = (page: Page) =>
  Number(/\/inspections\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1]);

describe('An annual inspection from plan to closure', () => {
  let inspector: TrackedPage;
  let inspectionId = 0;
  let findingId = 0;
  let itemId = 0;

  it('lets a national inspector plan 2026, schedule Hubei and record it as held', async () => {
    inspector = await app.open('/sign-in', { lang: 'en', allowErrors: [/status of 409/] });
    const { page, errors } = inspector;
    await signInAt(page, INSPECTOR, '/inspections?year=2026');
    await expectText(page.getByTestId('inspection-plans'), 'Inspection plans of 2026');
    await expectText(page.getByTestId('inspection-year'), '2026');

    await page.getByTestId('new-plan').click();
    await page.locator('#plan-form_title').fill(PLAN_TITLE);
    await expectText(page.getByTestId('plan-form'), 'China (national) (CN)');
    await confirmButton(page, 'Create plan').click();
    await expectText(page.getByTestId('inspection-plans'), PLAN_TITLE, 'China (national)');
    await expectText(page.getByTestId('plan-inspections'), 'No inspection scheduled');

    await page.getByTestId('schedule-inspection').click();
    const form = page.getByTestId('schedule-form');
    await choose(page, form.locator('#schedule-form_orgUnit'), '420000', 'Hubei');
    await typeDay(form.locator('#schedule-form_scheduledOn'), '2026-06-15');
    await form.locator('#schedule-form_inspectors').click();
    await page.keyboard.type('Li Ming');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Zhang Wei');
    await page.keyboard.press('Enter');
    await expectText(form, 'Li Ming', 'Zhang Wei');
    await confirmButton(page, 'Schedule').click();

    await expect.poll(() => idFromUrl(page)).toBeGreaterThan(0);
    inspectionId = idFromUrl(page);
    await expectText(page.getByTestId('inspection-title'), 'Inspection of Hubei, 2026', 'Planned');
    const record = page.getByTestId('inspection-record');
    await expectText(record, 'Li Ming', 'Zhang Wei');
    await typeDay(record.locator('#record-form_heldOn'), '2026-06-16');
    await record
      .locator('#record-form_summary')
      .fill('Three days in Wuhan, Xiangyang and Yichang; the province’s data centres visited.');
    await page.getByTestId('record-save').click();
    await expectText(page.getByTestId('inspection-title'), 'Held');
    await page.reload();
    await expect
      .poll(() => page.locator('#record-form_summary').inputValue())
      .toContain('data centres visited');
    await expect.poll(() => page.locator('#record-form_heldOn').inputValue()).toBe('2026-06-16');
    expect(errors).toEqual([]);
  });

  it('records a critical finding with a rectification item for Wuhan; closing is refused while it is open', async () => {
    const { page, errors } = inspector;
    await page.getByTestId('add-finding').click();
    const form = page.getByTestId('finding-form');
    await form.locator('.ant-radio-button-wrapper').filter({ hasText: 'Critical' }).click();
    await form.locator('#finding-form_description').fill(FINDING);
    await choose(page, form.locator('#finding-form_measure'), 'III.2.1');
    await confirmButton(page, 'Record finding').click();

    const card = page.locator('[data-testid^="finding-"][data-status="open"]');
    await expectText(card, 'Critical', FINDING, 'III.2.1', 'No rectification item assigned');
    findingId = Number((await card.getAttribute('data-testid'))!.replace('finding-', ''));
    await expectText(page.getByTestId('inspection-open'), '1 critical');
    expect(await page.getByTestId('inspection-open').locator('[data-severity]').count()).toBe(1);

    await page.getByTestId(`add-item-${findingId}`).click();
    const itemForm = page.getByTestId('item-form');
    await itemForm.locator('#item-form_title').fill(ITEM);
    await choose(page, itemForm.locator('#item-form_ownerUnit'), '武汉', '武汉市 (420100)');
    await typeDay(itemForm.locator('#item-form_dueOn'), '2026-12-31');
    await confirmButton(page, 'Assign').click();
    const row = card.locator('tr.ant-table-row');
    await expectText(row, ITEM, '武汉市', '420100', 'Open');
    itemId = Number(await row.getAttribute('data-row-key'));
    // The inspector reports for no unit: no "mark done" for them.
    expect(await page.getByTestId(`mark-done-${itemId}`).count()).toBe(0);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'inspections-finding-en');

    await page.getByTestId(`close-finding-${findingId}`).click();
    await expectText(page.locator('.ant-modal'), '1 rectification item is still open');
    await page.getByTestId('close-note').fill(CLOSURE);
    await confirmButton(page, 'Close finding').click();
    await expectText(
      page.getByTestId('close-error'),
      `Finding ${findingId} has open rectification items`,
      `#${itemId} "${ITEM}"`,
      '420100',
    );
    await expectText(page.locator('.ant-modal'), 'The finding cannot be closed yet');
    await settle(page);
    await screenshot(page, 'inspections-close-refused-en');
    await page.locator('.ant-modal').getByRole('button', { name: 'Cancel' }).click();
    await expectText(card, 'Open');

    // The workspace: the plan's inspection with its open critical finding, and the summary.
    await page.goto('/inspections?year=2026');
    await expectText(page.getByTestId(`open-${inspectionId}`), '1 critical');
    await expectText(page.getByTestId('plan-inspections'), 'Hubei', 'Held', 'Li Ming, Zhang Wei');
    const summary = page.getByTestId('unit-summary');
    await expectText(summary, 'Summary by inspected unit, 2026', 'Hubei');
    expect(
      await summary.locator('tr[data-row-key="420000"] .ant-tag-red').first().innerText(),
    ).toBe('1');
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'inspections-workspace-en');
    expect(errors).toEqual([]);
  });

  it('lets the Wuhan reporter mark the item done with a note and evidence, in Chinese', async () => {
    const { page, errors } = await app.open('/sign-in', { lang: 'zh-CN' });
    await signInAt(page, WUHAN);
    await page.getByTestId('nav-work').hover();
    await page.getByTestId('nav-inspections').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/inspections');
    // The items to answer do not depend on the year shown.
    const mine = page.getByTestId('my-items');
    await expectText(mine, '本单位整改事项（1 项）', ITEM, '严重', '湖北省，2026 年', '整改中');
    await settle(page);
    await screenshot(page, 'inspections-reporter-zh-CN');

    await page.getByTestId(`mark-done-${itemId}`).click();
    const form = page.getByTestId('done-form');
    await expectText(page.locator('.ant-modal'), '标记整改完成', ITEM, '最多 10 个文件');
    await confirmButton(page, '标记完成').click();
    await expectText(form, '请说明整改情况');
    await form.locator('#done-form_note').fill(DONE_NOTE);
    await form.locator('#done-form_evidenceLink').fill(EVIDENCE_LINK);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-e2e-evidence-'));
    const pdf = path.join(dir, EVIDENCE_FILE);
    fs.writeFileSync(
      pdf,
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n',
    );
    await form.locator('input[type="file"]').setInputFiles(pdf);
    await expectText(form, EVIDENCE_FILE);
    await settle(page);
    await screenshot(page, 'inspections-mark-done-zh-CN');
    await confirmButton(page, '标记完成').click();
    await expectText(page.locator('.ant-message'), '已标记完成');
    await expectText(mine, '本单位暂无整改事项');
    fs.rmSync(dir, { recursive: true, force: true });

    // The notice's link leads owners to the inspection, where their item shows as done.
    await page.goto(`/inspections/${inspectionId}`);
    await expectText(
      page.getByTestId('inspection-page'),
      '2026 年对湖北省的督查',
      FINDING,
      DONE_NOTE,
      EVIDENCE_FILE,
      '报告人：wuhan.reporter',
    );
    await expectText(page.getByTestId('answered-only'), '仅显示需由本单位整改的问题');
    const done = page.locator(`tr[data-row-key="${itemId}"]`);
    expect(await done.locator(`a[href="${EVIDENCE_LINK}"]`).count()).toBe(1);
    // Reporting for Wuhan does not make one an inspector: no findings, items or closing here.
    expect(await page.getByTestId('add-finding').count()).toBe(0);
    expect(await page.getByTestId(`close-finding-${findingId}`).count()).toBe(0);
    const href = await done.locator('a', { hasText: EVIDENCE_FILE }).getAttribute('href');
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'inspections-done-zh-CN');
    expect(errors).toEqual([]);
  });

  it('lets the inspector close the finding once the item is done', async () => {
    const { page, errors } = inspector;
    await page.goto(`/inspections/${inspectionId}`);
    const card = page.getByTestId(`finding-${findingId}`);
    await expectText(card, ITEM, 'Done', DONE_NOTE, 'Reported by wuhan.reporter');
    // The inspecting unit reads the inspected one: it sees every finding, without the owners' hint.
    expect(await page.getByTestId('answered-only').count()).toBe(0);
    await page.getByTestId(`close-finding-${findingId}`).click();
    expect(await page.locator('.ant-modal .ant-alert-warning').count()).toBe(0);
    await page.getByTestId('close-note').fill(CLOSURE);
    await confirmButton(page, 'Close finding').click();
    await expectText(page.locator('.ant-message'), 'Finding closed');
    await expect.poll(() => card.getAttribute('data-status')).toBe('closed');
    await expectText(card.getByTestId('finding-closure'), 'Closed on', CLOSURE);
    await expectText(page.getByTestId('inspection-open'), 'None open');
    expect(await page.getByTestId(`close-finding-${findingId}`).count()).toBe(0);

    await switchTo(page, '中文');
    await expectText(card, '已销号', '严重', DONE_NOTE);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'inspections-closed-zh-CN');

    await page.goto('/inspections?year=2026');
    await expectText(page.getByTestId('inspection-plans'), '2026 年督查计划', PLAN_TITLE);
    await expectText(page.getByTestId(`open-${inspectionId}`), '无未销号问题');
    const summary = page.getByTestId('unit-summary');
    await expectText(summary, '2026 年各被督查单位情况', '湖北省');
    expect(await summary.locator('tr[data-row-key="420000"] .ant-tag').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'inspections-workspace-zh-CN');
    expect(errors).toEqual([]);
  });
});
