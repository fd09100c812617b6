/**
 * A county reports through the whole approval chain in the browser: the
 * Jiang'an district reporter fills the annual form (keyboard and a block
 * pasted from a spreadsheet, checks as they type), submits it; the Wuhan
 * prefecture reviewer returns it with a reason; the reporter corrects and
 * resubmits; prefecture, Hubei province and the national office approve it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectText, noToasts, settle, setupApp } from './support/app';
import { screenshot, type TrackedPage } from './support/browser';
import { createUser, signInAt, type NewUser } from './support/users';

const app = setupApp();
const FORM = '/report/nids-annual/420102/2025';

const COUNTY: NewUser = {
  username: 'jiangan.reporter',
  displayName: '江岸区填报员',
  password: 'jiangan-reporter-pass-1',
  roles: ['reporter:420102'],
};
const PREFECTURE: NewUser = {
  username: 'wuhan.reviewer',
  displayName: 'Wuhan Reviewer',
  password: 'wuhan-reviewer-pass-1',
  roles: ['reviewer:420100'],
};
const PROVINCE: NewUser = {
  username: 'hubei.reviewer',
  displayName: 'Hubei Reviewer',
  password: 'hubei-reviewer-pass-1',
  roles: ['reviewer:420000'],
};
const NATION: NewUser = {
  username: 'office.reviewer',
  displayName: 'National Office',
  password: 'office-reviewer-pass-1',
  roles: ['reviewer:CN'],
};

beforeAll(async () => {
  for (const user of [COUNTY, PREFECTURE, PROVINCE, NATION]) await createUser(app.server, user);
});

const cell = (page: Page, indicator: string, part: string, column = 'value') =>
  page.getByTestId(`cell-${indicator}-${part}-${column}`);

async function focusedCell(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

/** Pastes tab- and newline-separated text into the focused cell, as a spreadsheet's copy does. */
async function pasteBlock(page: Page, text: string): Promise<void> {
  await page.evaluate((block) => {
    const data = new DataTransfer();
    data.setData('text/plain', block);
    document.activeElement?.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

async function approveAs(user: NewUser, expectedState: string, lang: 'en' | 'zh-CN' = 'en') {
  const tracked = await app.open('/sign-in', { lang });
  await signInAt(tracked.page, user, FORM);
  const { page } = tracked;
  await expectText(page.getByTestId('approve'), 'Approve');
  await page.getByTestId('approve').click();
  await expectText(page.getByTestId('form-state'), expectedState);
  return tracked;
}

describe('Reporting through multi-level approval', () => {
  let reporter: TrackedPage;

  it('lets the county reporter fill the form with the keyboard and a pasted block, checked as typed', async () => {
    reporter = await app.open('/sign-in', { lang: 'zh-CN' });
    const { page } = reporter;
    await signInAt(page, COUNTY, FORM);
    await expectText(page.getByTestId('form-unit'), '江岸区', '420102');
    await expectText(page.getByTestId('form-state'), '草稿');
    await expectText(page.getByTestId('approval-steps'), '填报', '地市级', '省级', '国家');
    await expectText(page.getByTestId('findings'), '必填');

    // Type the total, then Arrow Down to the urban part and paste urban and rural from a spreadsheet.
    await cell(page, 'fixed_broadband_subscribers', 'total').click();
    await page.keyboard.type('0.004');
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell(page)).toBe('cell-fixed_broadband_subscribers-AREA=URBAN-value');
    await pasteBlock(page, '0.003\t城镇住户调查\n0.001\t农村住户调查\n');
    expect(await cell(page, 'fixed_broadband_subscribers', 'AREA=RURAL').inputValue()).toBe(
      '0.001',
    );
    expect(
      await cell(page, 'fixed_broadband_subscribers', 'AREA=RURAL', 'comment').inputValue(),
    ).toBe('农村住户调查');

    // An ambiguous number is refused in its cell, not guessed.
    await cell(page, 'internet_users', 'total').fill('1,23');
    expect(await cell(page, 'internet_users', 'total').getAttribute('aria-invalid')).toBe('true');
    await cell(page, 'internet_users', 'total').fill('0.0068');
    expect(await cell(page, 'internet_users', 'total').getAttribute('aria-invalid')).toBeNull();

    await cell(page, 'mobile_phone_users', 'total').fill('0.011');
    // 5G users above mobile users: the rule fails at once, in Chinese, and blocks submission.
    await cell(page, 'users_5g', 'total').fill('0.02');
    await cell(page, 'base_stations_4g', 'total').fill('0.3');
    await cell(page, 'base_stations_5g', 'total').fill('0.15');
    await expectText(page.getByTestId('finding-rule'), '5G用户数不超过移动电话用户数', '0.02');
    expect(await page.getByTestId('submit').isDisabled()).toBe(true);
    await settle(page);
    await screenshot(page, 'report-form-rule-zh-CN');

    await cell(page, 'users_5g', 'total').fill('0.005');
    await expectText(page.getByTestId('checks-pass'), '全部校验通过');
    await page.getByTestId('save').click();
    await expectText(page.getByTestId('save-state'), '修改均已保存');
    await page.getByTestId('submit').click();
    await expectText(page.getByTestId('form-state'), '已提交');
    await expectText(page.getByTestId('form-timeliness'), '迟报');
    expect(await cell(page, 'users_5g', 'total').getAttribute('readonly')).not.toBeNull();
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'report-form-submitted-zh-CN');
  });

  it('lets the prefecture reviewer return it with a reason, and the reporter correct and resubmit', async () => {
    const { page } = await app.open('/sign-in', { lang: 'en' });
    await signInAt(page, PREFECTURE, FORM);
    await expectText(page.getByTestId('form-state'), 'Submitted');
    expect(await page.getByTestId('save').count()).toBe(0);
    await page.getByTestId('return').click();
    await page.getByTestId('reason').fill('Rural broadband looks low: check the township returns');
    await page.getByTestId('reason-ok').click();
    await expectText(page.getByTestId('form-state'), 'Returned');
    await noToasts(page);
    await settle(page);
    await screenshot(page, 'report-form-returned-en');

    const reporterPage = reporter.page;
    await reporterPage.reload();
    await expectText(reporterPage.getByTestId('return-reason'), 'Rural broadband looks low');
    await cell(reporterPage, 'fixed_broadband_subscribers', 'total').fill('0.0045');
    await cell(reporterPage, 'fixed_broadband_subscribers', 'AREA=RURAL').fill('0.0015');
    await expectText(reporterPage.getByTestId('checks-pass'), '全部校验通过');
    await reporterPage.getByTestId('submit').click();
    await expectText(reporterPage.getByTestId('form-state'), '已提交');
  });

  it('is approved by the prefecture, the province and the national office in turn, then locked', async () => {
    await approveAs(PREFECTURE, 'Submitted');
    const province = await approveAs(PROVINCE, 'Submitted');
    await expectText(province.page.getByTestId('approval-steps'), 'National office');
    const nation = await approveAs(NATION, 'Approved (locked)');
    await expectText(nation.page.getByTestId('unlock'), 'Unlock');
    await noToasts(nation.page);
    await settle(nation.page);
    await screenshot(nation.page, 'report-form-approved-en');

    const reporterPage = reporter.page;
    await reporterPage.reload();
    await expectText(reporterPage.getByTestId('form-state'), '已审核（锁定）');
    expect(await reporterPage.getByTestId('submit').count()).toBe(0);
    const history = await reporterPage.locator('.ant-timeline').innerText();
    expect(history).toContain('地市级退回');
    expect(history).toContain('国家审核通过');
    expect(reporter.errors).toEqual([]);
  });

  it('imports a filled file after a dry run, and names every problem of a bad one', async () => {
    const { page } = reporter;
    await page.goto('/report/nids-annual/420102/2024');
    await expectText(page.getByTestId('form-state'), '草稿');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-upload-'));
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'indicator,org_unit,period,value\ninternet_users,420102,2024,1.234,5\nusers_5g,420103,2024,0.004\n',
    );
    await page.getByTestId('upload-input').setInputFiles(bad);
    await expectText(page.getByTestId('upload-error'), 'bad.csv', '420103');
    await page.locator('.ant-modal-close').click();

    // GBK, as older office software saves it.
    const good = path.join(dir, '江岸区2024.csv');
    fs.writeFileSync(
      good,
      gbk(
        'indicator,org_unit,period,value,comment\ninternet_users,420102,2024,"0.0066",区统计局\nusers_5g,420102,2024,０.００４,\n',
      ),
    );
    await page.getByTestId('upload-input').setInputFiles(good);
    await expectText(page.getByTestId('upload-preview'), '2');
    await settle(page);
    await screenshot(page, 'report-upload-preview-zh-CN');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect
      .poll(() => cell(page, 'internet_users', 'total').inputValue(), { timeout: 15_000 })
      .toBe('0.0066');
    expect(await cell(page, 'users_5g', 'total').inputValue()).toBe('0.004');
    expect(await cell(page, 'internet_users', 'total', 'comment').inputValue()).toBe('区统计局');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** GBK bytes (Node has no GBK encoder): ASCII and the few characters this test writes. */
function gbk(text: string): Buffer {
  const table: Record<string, number[]> = {
    区: [0xc7, 0xf8],
    统: [0xcd, 0xb3],
    计: [0xbc, 0xc6],
    局: [0xbe, 0xd6],
  };
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else if (char === '０') bytes.push(0xa3, 0xb0);
    else if (char === '．') bytes.push(0xa3, 0xae);
    else if (char === '４') bytes.push(0xa3, 0xb4);
    else if (table[char]) bytes.push(...table[char]);
    else throw new Error(`no GBK bytes for ${char} in this test`);
  }
  return Buffer.from(bytes);
}
