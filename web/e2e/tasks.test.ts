/**
 * Tasks from the national office down to a prefecture, all in the browser:
 * the national coordinator creates a task under measure III.3.3 for Hubei
 * with a milestone; the Hubei coordinator breaks it down to Wuhan; the Wuhan
 * reporter finds it under "My tasks" and posts a delayed update (refused
 * without a reason, then sent with a reason and a PDF as evidence); the
 * escalation reaches the Hubei coordinator's inbox and the board shows the
 * sub-task as delayed; the timeline and the calendar in both languages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectChart, expectText, noToasts, settle, setupApp } from './support/app';
import { drawerScreenshot, screenshot, type TrackedPage } from './support/browser';
import { createUser, signInAt, type NewUser } from './support/users';

const app = setupApp();

const NATION: NewUser = {
  username: 'office.coordinator',
  displayName: 'National Office Coordinator',
  password: 'office-coordinator-pass-1',
  roles: ['coordinator:CN'],
};
const HUBEI: NewUser = {
  username: 'hubei.coordinator',
  displayName: '湖北省信息化办公室',
  password: 'hubei-coordinator-pass-1',
  roles: ['coordinator:420000'],
};
const WUHAN: NewUser = {
  username: 'wuhan.reporter',
  displayName: '武汉市填报员',
  password: 'wuhan-reporter-pass-1',
  roles: ['reporter:420100'],
};

const TASK_TITLE = 'Extend gigabit fibre to every county seat in Hubei';
const SUB_TASK_TITLE = '武汉市城区千兆光网改造';
const MILESTONE = 'Provincial deployment plan approved';
const REASON = '施工许可审批延误，已协调住建部门加快办理';
const EVIDENCE = 'wuhan-fibre-progress.pdf';

/** Days around the real today: the task runs now, its milestone falls today. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

beforeAll(async () => {
  for (const user of [NATION, HUBEI, WUHAN]) await createUser(app.server, user);
});

/**
 * Chooses in an Ant Design select (by its input's id): types to search, clicks
 * the first option with `text` in its own dropdown, waits for the dropdown to
 * close and the choice to show.
 */
async function choose(page: Page, id: string, typed: string, text = typed): Promise<void> {
  const input = page.locator(`#${id}`);
  await input.click();
  await expect.poll(() => input.evaluate((e) => e === document.activeElement)).toBe(true);
  await page.keyboard.type(typed);
  const dropdown = page.locator(`.ant-select-dropdown:has(#${id}_list)`);
  await dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  await expect.poll(() => dropdown.isVisible()).toBe(false);
  await expectText(page.locator(`.ant-select:has(#${id})`), text);
}

/** Types a day into an Ant Design date picker and confirms it. */
async function typeDay(page: Page, input: Locator, day: string): Promise<void> {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(day);
}

async function switchTo(page: Page, label: '中文' | 'English'): Promise<void> {
  await page.locator('.pw-lang').getByText(label, { exact: true }).click();
}

const idFromUrl = (page: Page) => Number(/\/tasks\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1]);

describe('Tasks from the national office down to a prefecture', () => {
  let taskId = 0;
  let subTaskId = 0;
  let office: TrackedPage;
  let province: TrackedPage;

  it('lets the national coordinator create a task for Hubei under a measure, with a milestone', async () => {
    office = await app.open('/sign-in', { lang: 'en' });
    const { page, errors } = office;
    await signInAt(page, NATION, '/tasks');
    await expectText(page.getByTestId('tasks-page'), 'Tasks', 'New task');
    await page.getByTestId('new-task').click();
    const form = page.getByTestId('task-form');
    await expectText(page.locator('.ant-drawer-title'), 'New task');

    await form.locator('#new-task_title').fill(TASK_TITLE);
    await choose(page, 'new-task_measure', 'III.3.3');
    await choose(page, 'new-task_leadUnit', '420000', 'Hubei');
    await typeDay(page, form.locator('#new-task_startOn'), dayFromToday(-30));
    await typeDay(page, form.locator('#new-task_dueOn'), dayFromToday(150));
    await page.getByTestId('add-milestone').click();
    await form.locator('#new-task_milestones_0_title').fill(MILESTONE);
    await typeDay(page, form.locator('#new-task_milestones_0_dueOn'), dayFromToday(0));
    await settle(page);
    await drawerScreenshot(page, 'tasks-new-en');

    await page.getByTestId('task-form-submit').click();
    await expect.poll(() => idFromUrl(page)).toBeGreaterThan(0);
    taskId = idFromUrl(page);
    await expectText(page.getByTestId('task-title'), TASK_TITLE);
    await expectText(page.getByTestId('task-header'), 'III.3.3', 'Hubei', 'China');
    await expectText(page.getByTestId('task-page'), 'Not started');
    expect(await page.getByTestId('task-measure-link').getAttribute('href')).toBe('/plan/III.3.3');
    await expectText(page.getByTestId('task-milestones'), MILESTONE);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'tasks-created-en');

    // The measure's page counts its tasks and leads to them.
    await page.goto('/plan/III.3.3');
    const link = page.getByTestId('measure-tasks-link');
    await expect.poll(() => link.innerText()).toMatch(/Tasks \([1-9]\d*\)/);
    await link.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('measure')).toBe('III.3.3');
    await expectText(page.getByTestId('task-table'), TASK_TITLE, 'Hubei');
    expect(errors).toEqual([]);
  });

  it('lets the Hubei coordinator open it and break it down to Wuhan', async () => {
    province = await app.open('/sign-in', { lang: 'en' });
    const { page, errors } = province;
    await signInAt(page, HUBEI, '/tasks');
    await page.getByTestId(`task-link-${taskId}`).click();
    await expectText(page.getByTestId('task-title'), TASK_TITLE);
    await page.getByTestId('break-down').click();
    const form = page.getByTestId('task-form');
    await expectText(page.locator('.ant-drawer-title'), 'Break down', TASK_TITLE);
    await expectText(page.getByTestId('task-form-parent'), 'III.3.3');

    await form.locator('#sub-task_title').fill(SUB_TASK_TITLE);
    await choose(page, 'sub-task_leadUnit', '420100', '武汉市');
    await typeDay(page, form.locator('#sub-task_startOn'), dayFromToday(-20));
    await typeDay(page, form.locator('#sub-task_dueOn'), dayFromToday(90));
    await settle(page);
    await drawerScreenshot(page, 'tasks-break-down-en');
    await page.getByTestId('task-form-submit').click();

    const subTasks = page.getByTestId('task-subtasks');
    await expectText(subTasks, SUB_TASK_TITLE, '武汉市', 'Not started');
    const href = await subTasks
      .locator('a[data-testid^="task-link-"]')
      .first()
      .getAttribute('href');
    subTaskId = Number(/\/tasks\/(\d+)$/.exec(href ?? '')?.[1]);
    expect(subTaskId).toBeGreaterThan(taskId);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'tasks-sub-task-en');
    expect(errors).toEqual([]);
  });

  it('lets the Wuhan reporter post a delayed update: a reason is required, evidence goes with it', async () => {
    const { page, errors } = await app.open('/sign-in', { lang: 'zh-CN' });
    await signInAt(page, WUHAN, '/tasks/mine');
    const mine = page.getByTestId('my-tasks-page');
    await expectText(mine, '我的任务', SUB_TASK_TITLE);
    await settle(page);
    await screenshot(page, 'tasks-mine-zh-CN');
    await mine.getByTestId(`task-link-${subTaskId}`).click();
    await expectText(page.getByTestId('task-title'), SUB_TASK_TITLE);
    // A reporter neither assigns nor breaks down.
    expect(await page.getByTestId('break-down').count()).toBe(0);

    await page.getByTestId('post-update').click();
    const form = page.getByTestId('update-form');
    await expectText(form, '最多 10 个文件', '20 MB', 'PDF');
    await page.getByTestId('update-status-delayed').click();
    await expectText(form, '须说明原因');
    await page.getByTestId('update-percent').fill('20');
    await page.getByTestId('update-narrative').fill('已完成 3 个城区的光缆敷设。');
    await page.getByTestId('update-submit').click();
    await expectText(form.locator('#task-update_reason_help'), '报告为“滞后”的任务须说明原因');
    await settle(page);
    await screenshot(page, 'tasks-update-refused-zh-CN');

    await page.getByTestId('update-reason').fill(REASON);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-evidence-'));
    const pdf = path.join(dir, EVIDENCE);
    fs.writeFileSync(
      pdf,
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n',
    );
    await form.locator('input[type="file"]').setInputFiles(pdf);
    await expectText(form, EVIDENCE);
    await page.getByTestId('update-submit').click();

    const history = page.getByTestId('update-history');
    await expectText(history, '滞后', '20%', REASON, EVIDENCE, '待审核');
    await expectText(page.getByTestId('task-page'), '滞后');
    const link = history.getByRole('link', { name: EVIDENCE });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/attachments\/\d+$/);
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('application/pdf');
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'tasks-update-posted-zh-CN');
    expect(errors).toEqual([]);
  });

  it('brings the escalation to the Hubei coordinator and shows the sub-task as delayed', async () => {
    const { page, errors } = province;
    await page.goto('/');
    const bell = page.getByTestId('inbox-bell');
    await expect
      .poll(async () => Number(await bell.getAttribute('data-unread')))
      .toBeGreaterThan(0);
    await bell.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/inbox');
    const list = page.getByTestId('inbox-list');
    const escalation = list
      .locator('[data-testid^="inbox-item-"]')
      .filter({ hasText: 'Escalation' })
      .filter({ hasText: SUB_TASK_TITLE });
    await expectText(escalation, 'Escalation', SUB_TASK_TITLE, 'delayed', REASON);
    expect(await escalation.first().getAttribute('data-unread')).toBe('true');
    await page.mouse.move(0, 0); // no tooltip over the list
    await settle(page);
    await screenshot(page, 'tasks-inbox-en');

    // Opening it marks it read and leads to the sub-task.
    await escalation.first().getByRole('button', { name: 'Open task' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/tasks/${subTaskId}`);
    await expectText(page.getByTestId('task-warnings'), 'Reported as delayed');

    // The province queries the update: a note is required.
    const history = page.getByTestId('update-history');
    await history.locator('[data-testid^="query-"]').first().click();
    const dialog = page.locator('.ant-modal').filter({ hasText: 'Query the update of' });
    await dialog.getByRole('button', { name: 'Send query' }).click();
    await expectText(dialog, 'Say what to clarify');
    await page.getByTestId('review-note').fill('Which permits are pending, and since when?');
    await dialog.getByRole('button', { name: 'Send query' }).click();
    await expectText(history, 'Queried', 'Which permits are pending');
    expect(await history.locator('[data-testid^="accept-"]').count()).toBe(0);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'tasks-queried-en');

    await page.goto('/tasks?view=board');
    await expectText(page.getByTestId('board-delayed'), SUB_TASK_TITLE);
    await expectText(page.getByTestId('board-not_started'), TASK_TITLE);
    await settle(page);
    await screenshot(page, 'tasks-board-en');
    expect(errors).toEqual([]);
  });

  it('draws the timeline and the calendar, in English and in Chinese', async () => {
    const { page, errors } = province;
    for (const lang of ['en', 'zh-CN'] as const) {
      if (lang === 'zh-CN') await switchTo(page, '中文');
      await page.goto('/tasks?view=timeline&measure=III.3.3');
      const gantt = page.getByTestId('gantt-III.3.3');
      await expectText(gantt, 'III.3.3');
      const chart = gantt.getByTestId('gantt-chart');
      await expectChart(chart, 4);
      expect(await chart.innerText()).toContain(SUB_TASK_TITLE);
      expect(await chart.innerText()).toContain(lang === 'en' ? 'Today' : '今天');
      await settle(page);
      await screenshot(page, `tasks-gantt-${lang}`);

      if (lang === 'zh-CN') {
        await page.goto('/tasks');
        await expectText(page.getByTestId('task-table'), SUB_TASK_TITLE, '滞后', '示例');
        await settle(page);
        await screenshot(page, 'tasks-list-zh-CN');
      }
      await page.goto('/tasks/calendar');
      const calendar = page.getByTestId('task-calendar');
      await expectText(calendar.getByTestId(`calendar-milestone-${taskId}`), MILESTONE);
      await expectText(page.getByTestId('task-calendar-page'), lang === 'en' ? 'Calendar' : '日历');
      await settle(page);
      await screenshot(page, `tasks-calendar-${lang}`);
    }
    await page.getByTestId(`calendar-milestone-${taskId}`).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/tasks/${taskId}`);
    expect(errors).toEqual([]);
  });

  it('refuses a change made from a stale copy of the task, and shows the task as it is now', async () => {
    const { page, errors } = province;
    await switchTo(page, 'English');
    await page.goto(`/tasks/${taskId}`);
    await page.getByTestId('edit-task').click();
    await expect.poll(() => page.locator('#edit-task_title').inputValue()).toBe(TASK_TITLE);

    // Meanwhile the national office marks the milestone reached.
    const other = office.page;
    await other.goto(`/tasks/${taskId}`);
    await other.getByTestId('edit-task').click();
    await other.getByTestId('milestone-reached-0').check();
    await other.getByTestId('task-form-submit').click();
    await expectText(other.getByTestId('task-milestones'), MILESTONE, 'Reached');

    await page.locator('#edit-task_title').fill(`${TASK_TITLE} (revised)`);
    await page.getByTestId('task-form-submit').click();
    await expectText(
      page.locator('.ant-drawer .pw-form-alert'),
      'Someone changed this task meanwhile',
      'your change was not saved',
    );
    await settle(page);
    await drawerScreenshot(page, 'tasks-edit-conflict-en');
    await page.locator('.ant-drawer-extra').getByRole('button', { name: 'Cancel' }).click();
    await expectText(page.getByTestId('task-milestones'), 'Reached');
    await expectText(page.getByTestId('task-title'), TASK_TITLE);
    expect(await page.getByTestId('task-title').innerText()).not.toContain('revised');
    // The refused request is the one error the browser reports.
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    expect(office.errors).toEqual([]);
  });
});
