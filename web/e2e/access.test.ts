/**
 * Accounts, roles and sessions in the browser: what anonymous visitors see,
 * signing in and out, two provincial reporters who each see only their own
 * drafts, and an administrator managing users, tokens and the audit log.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, DataValue, User } from '../../src/api/contract';
import { expectText, noToasts, settle, setupApp } from './support/app';
import { screenshot, type TrackedPage } from './support/browser';
import { createUser, csrfTokenOf, pickOption, signIn, type NewUser } from './support/users';

const app = setupApp();

const HUBEI: NewUser = {
  username: 'hubei.reporter',
  displayName: 'Hubei Reporter',
  password: 'hubei-reporter-pass-1',
  roles: ['reporter:420000'],
};
const HUNAN: NewUser = {
  username: 'hunan.reporter',
  displayName: '湖南填报员',
  password: 'hunan-reporter-pass-1',
  roles: ['reporter:430000'],
};
const ADMIN: NewUser = {
  username: 'ada.admin',
  displayName: 'Ada Admin',
  password: 'ada-admin-password-1',
  admin: true,
};
const CAROL = {
  username: 'carol.reviewer',
  displayName: 'Carol Reviewer',
  password: 'carol-reviewer-pass-1',
};

/** The browser logs the failed requests these tests provoke on purpose. */
const failedWith = (status: number) =>
  new RegExp(`Failed to load resource: the server responded with a status of ${status}`);

const users = new Map<string, User>();

beforeAll(async () => {
  for (const user of [HUBEI, HUNAN, ADMIN])
    users.set(user.username, await createUser(app.server, user));
});

const header = (page: Page) => page.locator('.pw-header');

async function valuesVisibleAt(page: Page, orgUnit: string): Promise<DataValue[]> {
  return page.evaluate(async (code) => {
    const response = await fetch(`/api/data-values?orgUnit=${code}`);
    return ((await response.json()) as { items: DataValue[] }).items;
  }, orgUnit);
}

async function enterValue(
  page: Page,
  indicatorTitle: string,
  period: string,
  value: string,
  comment: string,
): Promise<void> {
  const entry = page.getByTestId('data-entry');
  await pickOption(page, entry.getByTestId('entry-indicator'), indicatorTitle, indicatorTitle);
  await entry.getByTestId('entry-period').fill(period);
  await entry.locator('input#value').fill(value);
  await entry.getByTestId('entry-comment').fill(comment);
  await entry.getByTestId('entry-save').click();
}

describe('Accounts and access', () => {
  let hubei: TrackedPage;
  let hunan: TrackedPage;
  let admin: TrackedPage;

  it('shows anonymous visitors no data or admin screens and sends them to sign in', async () => {
    const { page, errors } = await app.open('/', { lang: 'en' });
    await expectText(header(page), 'Overview', 'Plan', 'Indicators', 'Sign in');
    const nav = await header(page).locator('.pw-menu').innerText();
    expect(nav).not.toContain('My data');
    expect(nav).not.toContain('Administration');
    expect(await page.getByTestId('user-menu').count()).toBe(0);

    await page.goto('/admin/users');
    await expectText(page.getByTestId('sign-in-page'), 'Sign in', 'Username', 'Password');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/sign-in');
    expect(url.searchParams.get('next')).toBe('/admin/users');
    await expectText(page.getByTestId('sign-in-next'), '/admin/users');

    await page.goto('/data');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'sign-in-en');
    // Anonymous visitors do not even ask for a session: nothing failed.
    expect(errors).toEqual([]);
  });

  it('says so when the password is wrong', async () => {
    const { page, errors } = await app.open('/sign-in', {
      lang: 'zh-CN',
      allowErrors: [failedWith(401)],
    });
    await page.locator('#username').fill(HUNAN.username);
    await page.locator('#password').fill('not-the-password');
    await page.getByTestId('sign-in-submit').click();
    await expectText(page.locator('.ant-alert'), '用户名或密码错误');
    await expectText(page.getByTestId('sign-in-error'), 'Wrong user name or password');
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'sign-in-error-zh-CN');
    expect(errors).toEqual([]);
  });

  it('lets each provincial reporter enter drafts for their own province only', async () => {
    // Hubei, in English: /data sends to sign-in and back.
    hubei = await app.open('/data', { lang: 'en' });
    await expectText(hubei.page.getByTestId('sign-in-page'), 'Sign in');
    await signIn(hubei.page, HUBEI);
    await expect.poll(() => new URL(hubei.page.url()).pathname).toBe('/data');
    await expectText(header(hubei.page), 'My data');
    expect(await header(hubei.page).locator('.pw-menu').innerText()).not.toContain(
      'Administration',
    );
    await expectText(hubei.page.getByTestId('unit-select'), 'Hubei (420000)', 'Reporter');
    await enterValue(
      hubei.page,
      'Internet penetration rate',
      '2024',
      '71.5',
      'Hubei statistics bureau, preliminary',
    );
    const hubeiTable = hubei.page.getByTestId('data-values');
    await expectText(
      hubeiTable,
      'Values of Hubei (420000)',
      'Internet penetration rate',
      '71.5%',
      'Draft',
      'Hubei statistics bureau, preliminary',
      HUBEI.username,
    );

    // Hunan, in Chinese, in another browser context.
    hunan = await app.open('/data', { lang: 'zh-CN', allowErrors: [failedWith(403)] });
    await signIn(hunan.page, HUNAN);
    await expectText(hunan.page.getByTestId('unit-select'), '湖南省 (430000)', '填报员');
    await enterValue(hunan.page, '互联网普及率', '2024', '70.2', '湖南省统计局初步数');
    const hunanTable = hunan.page.getByTestId('data-values');
    await expectText(hunanTable, '湖南省 (430000) 的数据', '互联网普及率', '70.2%', '草稿');
    const hunanText = await hunanTable.innerText();
    expect(hunanText).not.toContain('71.5');
    expect(hunanText).not.toContain('Hubei statistics bureau');

    // Each sees only the drafts of their own province, through the API as well.
    const hubeiSeenByHunan = await valuesVisibleAt(hunan.page, '420000');
    expect(hubeiSeenByHunan.filter((v) => v.status === 'draft')).toEqual([]);
    const hunanSeenByHubei = await valuesVisibleAt(hubei.page, '430000');
    expect(hunanSeenByHubei.filter((v) => v.status === 'draft')).toEqual([]);
    const ownHubei = await valuesVisibleAt(hubei.page, '420000');
    expect(ownHubei).toEqual([
      expect.objectContaining({
        indicatorCode: 'internet_penetration',
        orgUnitCode: '420000',
        period: '2024',
        value: 71.5,
        status: 'draft',
        comment: 'Hubei statistics bureau, preliminary',
      }),
    ]);
    // Nor anonymously.
    const anonymous = await app.api<{ items: DataValue[] }>('/api/data-values?orgUnit=420000');
    expect(anonymous.items.filter((v) => v.status === 'draft')).toEqual([]);

    // Writing for Hubei from the Hunan reporter's page is refused.
    const token = await csrfTokenOf(hunan.page);
    const refused = await hunan.page.evaluate(async (csrf) => {
      const response = await fetch('/api/data-values', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({
          indicatorCode: 'internet_penetration',
          orgUnitCode: '420000',
          period: '2024',
          value: 1,
          comment: null,
        }),
      });
      return { status: response.status, body: (await response.json()) as { error: string } };
    }, token);
    expect(refused.status).toBe(403);
    expect((await valuesVisibleAt(hubei.page, '420000')).map((v) => v.value)).toEqual([71.5]);

    await noToasts(hubei.page);

    await settle(hubei.page);
    await screenshot(hubei.page, 'my-data-hubei-en');
    await noToasts(hunan.page);
    await settle(hunan.page);
    await screenshot(hunan.page, 'my-data-hunan-zh-CN');
    expect(hubei.errors).toEqual([]);
    expect(hunan.errors).toEqual([]);
  });

  it('lets an administrator create a user with a role and see it in the audit log', async () => {
    admin = await app.open('/admin/users', { lang: 'en' });
    await expectText(admin.page.getByTestId('sign-in-page'), 'Sign in');
    await signIn(admin.page, ADMIN);
    await expect.poll(() => new URL(admin.page.url()).pathname).toBe('/admin/users');
    await expectText(header(admin.page), 'My data', 'Administration');
    const table = admin.page.getByTestId('users');
    await expectText(
      table,
      'Users (3)',
      'Hubei Reporter',
      'Reporter · Hubei',
      '湖南填报员',
      'Reporter · Hunan',
      'Ada Admin',
      'Administrator · China (national)',
    );

    // Create Carol, reviewer for Hubei.
    await admin.page.getByTestId('create-user').click();
    const dialog = admin.page.getByRole('dialog');
    await expectText(dialog, 'New user');
    await dialog.locator('#create-user_username').fill(CAROL.username);
    await dialog.locator('#create-user_displayName').fill(CAROL.displayName);
    await dialog.locator('#create-user_password').fill(CAROL.password);
    await pickOption(admin.page, dialog.locator('.pw-grant-row .ant-select').first(), 'Reviewer');
    await pickOption(
      admin.page,
      dialog.locator('.pw-grant-row .ant-select').nth(1),
      'Hubei (420000)',
      'Hubei',
    );
    await settle(admin.page);
    await screenshot(admin.page, 'admin-create-user-en');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expectText(table, 'Users (4)', 'Carol Reviewer', 'Reviewer · Hubei');
    const carolRow = table.locator('tr', { hasText: 'Carol Reviewer' });

    // Grant one more role and take it back.
    await carolRow.getByTestId('add-role-carol.reviewer').click();
    const grantDialog = admin.page.getByRole('dialog');
    await pickOption(admin.page, grantDialog.locator('.ant-select').first(), 'Viewer');
    await pickOption(
      admin.page,
      grantDialog.locator('.ant-select').nth(1),
      'Hunan (430000)',
      'Hunan',
    );
    await grantDialog.getByRole('button', { name: 'Grant' }).click();
    await expectText(carolRow, 'Reviewer · Hubei', 'Viewer · Hunan');
    await carolRow.getByTestId('role-viewer-430000').locator('.ant-tag-close-icon').click();
    await admin.page.locator('.ant-modal-confirm').getByRole('button', { name: 'Remove' }).click();
    await expect
      .poll(async () => carolRow.innerText(), { timeout: 15_000 })
      .not.toContain('Viewer · Hunan');
    await expectText(carolRow, 'Reviewer · Hubei');
    await noToasts(admin.page);
    await settle(admin.page);
    await screenshot(admin.page, 'admin-users-en');

    // The same screen in Chinese.
    await admin.page.locator('.pw-lang').getByText('中文', { exact: true }).click();
    await expectText(table, '用户（4）', '审核员 · 湖北省', '管理员 · 全国');
    await noToasts(admin.page);
    await settle(admin.page);
    await screenshot(admin.page, 'admin-users-zh-CN');
    await admin.page.locator('.pw-lang').getByText('English', { exact: true }).click();
    await expectText(table, 'Users (4)');

    // The audit log, newest first: Carol's history from the Users screen.
    const carol = (
      await admin.page.evaluate(async () => {
        const response = await fetch('/api/users');
        return ((await response.json()) as { items: User[] }).items;
      })
    ).find((u) => u.username === CAROL.username)!;
    await carolRow.getByRole('link', { name: 'History' }).click();
    expect(new URL(admin.page.url()).search).toBe(`?entityType=user&entityId=${carol.id}`);
    const audit = admin.page.getByTestId('audit');
    await expectText(audit, 'user.create', `${carol.id}`, ADMIN.username);
    const entries = await admin.page.evaluate(async (id) => {
      const response = await fetch(`/api/audit?entityType=user&entityId=${id}`);
      return ((await response.json()) as { items: AuditEntry[] }).items;
    }, carol.id);
    const created = entries.find((e) => e.action === 'user.create')!;
    expect(created).toBeTruthy();
    const createdRow = audit.locator('tr', { hasText: 'user.create' });
    await expectText(createdRow, created.hash.slice(0, 12));
    await createdRow.locator('.ant-table-row-expand-icon').click();
    await expectText(
      audit.getByTestId(`audit-detail-${created.seq}`),
      'carol.reviewer',
      'Carol Reviewer',
      'reviewer',
      '420000',
      created.hash,
    );
    // Every entry of the unfiltered log too.
    await audit.getByTestId('audit-clear').click();
    await expectText(audit, 'user.create', 'session.sign_in', 'data_value.write');
    await admin.page.goto(`/admin/audit?entityType=user&entityId=${carol.id}`);
    await admin.page
      .locator('tr', { hasText: 'user.create' })
      .locator('.ant-table-row-expand-icon')
      .click();
    await expectText(admin.page.getByTestId(`audit-detail-${created.seq}`), 'carol.reviewer');
    await noToasts(admin.page);
    await settle(admin.page);
    await screenshot(admin.page, 'admin-audit-en');
    expect(admin.errors).toEqual([]);
  });

  it('lets a signed-in user create an API token, shows its secret once, and revoke it', async () => {
    const { page, errors } = admin;
    await page.getByTestId('admin-tab-tokens').click();
    const tokens = page.getByTestId('tokens');
    await expectText(tokens, 'New API token', 'You have no API tokens.');
    await page.locator('#token_name').fill('Monthly upload');
    const expiry = new Date(Date.now() + 90 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await page.locator('#token_expiresAt').click();
    await page.locator('#token_expiresAt').fill(expiry);
    // Leaving the field keeps the typed date (Enter would submit the form).
    await page.keyboard.press('Tab');
    await page.getByTestId('create-token').click();
    const secret = page.getByTestId('token-secret');
    await expectText(secret, 'shown only this once');
    const value = (await page.getByTestId('token-secret-value').innerText()).trim();
    expect(value.length).toBeGreaterThan(20);
    await expectText(tokens, 'Monthly upload', 'Administrator · China (national)', 'Active');
    // The form was reset, not submitted again.
    expect(await tokens.locator('.ant-form-item-explain-error').count()).toBe(0);
    const listed = await page.evaluate(async () => {
      const response = await fetch('/api/tokens');
      return ((await response.json()) as { items: Array<{ name: string; expiresAt: string }> })
        .items;
    });
    expect(listed.map((t) => t.name)).toEqual(['Monthly upload']);
    const expiresIn = new Date(listed[0]!.expiresAt).getTime() - Date.now();
    expect(expiresIn / 86_400_000).toBeGreaterThan(89);
    expect(expiresIn / 86_400_000).toBeLessThan(92);

    // The token works as a bearer credential.
    const me = await fetch(`${app.server.baseUrl}/api/tokens`, {
      headers: { authorization: `Bearer ${value}` },
    });
    expect(me.status).toBe(200);
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'admin-tokens-en');

    await page.getByTestId('token-secret-done').click();
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    const row = tokens.locator('tr', { hasText: 'Monthly upload' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Revoke' }).click();
    await expectText(row, 'Revoked');
    const after = await fetch(`${app.server.baseUrl}/api/tokens`, {
      headers: { authorization: `Bearer ${value}` },
    });
    expect(after.status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('lets a reviewer read drafts without entering any, and change their password', async () => {
    const { page, errors } = await app.open('/account', { lang: 'zh-CN' });
    await signIn(page, CAROL);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    const account = page.getByTestId('account-page');
    await expectText(account, '账户', 'Carol Reviewer', 'carol.reviewer', '审核员 · 湖北省');

    // A reviewer on Hubei reads its drafts but may not enter values.
    await page.getByTestId('nav-data').click();
    await expectText(page.getByTestId('data-values'), '湖北省 (420000) 的数据', '71.5%', '草稿');
    expect(await page.getByTestId('data-entry').count()).toBe(0);
    expect(await header(page).locator('.pw-menu').innerText()).not.toContain('系统管理');

    // The password form checks length and confirmation before asking the server.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-account').click();
    const form = page.getByTestId('password-form');
    await form.locator('#currentPassword').fill(CAROL.password);
    await form.locator('#newPassword').fill('too-short');
    await form.locator('#confirm').fill('something-else');
    await form.getByRole('button', { name: '修改密码' }).click();
    await expectText(form, '至少 12 个字符', '两次输入的密码不一致');
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'account-zh-CN');

    const newPassword = 'carol-new-password-2';
    await form.locator('#newPassword').fill(newPassword);
    await form.locator('#confirm').fill(newPassword);
    await form.getByRole('button', { name: '修改密码' }).click();
    // Changing the password ends the session: sign in again with the new one.
    await expectText(page.getByTestId('sign-in-page'), '登录');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
    await signIn(page, { ...CAROL, password: newPassword });
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    expect(errors).toEqual([]);
  });

  it('returns to anonymous on sign-out, and everywhere on "sign out everywhere"', async () => {
    const { page, errors } = admin;
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-sign-out').click();
    await expectText(header(page), 'Sign in');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    const nav = await header(page).locator('.pw-menu').innerText();
    expect(nav).not.toContain('My data');
    expect(nav).not.toContain('Administration');
    await page.goto('/admin/users');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    expect(errors).toEqual([]);

    // The Hubei reporter signs out everywhere; the page then is anonymous.
    await hubei.page.getByTestId('user-menu').click();
    await hubei.page.getByTestId('menu-sign-out-everywhere').click();
    await hubei.page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: 'Sign out everywhere' })
      .click();
    await expectText(header(hubei.page), 'Sign in');
    const status = await hubei.page.evaluate(async () => (await fetch('/api/session')).status);
    expect(status).toBe(401);
    expect(hubei.errors.filter((e) => !failedWith(401).test(e))).toEqual([]);
  });
});
