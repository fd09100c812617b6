/**
 * The national dashboard on the shipped figures: status counts for 2020 and
 * 2025, every target in a table, and the Explain drawer that shows the
 * inputs, formula, steps and band behind a status (e-commerce: 2020 missed
 * at 37.21 / 38 = 97.9%; 2025 acceleration needed at CR = 0.905).
 */
import { describe, expect, it } from 'vitest';
import type { PlanProgressView } from '../../src/api/analytics-contract';
import { drawerScreenshot, screenshot } from './support/browser';
import { expectChart, expectText, settle, setupApp } from './support/app';
import { createUser, csrfTokenOf, signInAt, type NewUser } from './support/users';

const app = setupApp();

describe('Progress dashboard', () => {
  it('shows the status counts and explains the e-commerce targets (English)', async () => {
    const progress = await app.api<PlanProgressView>('/api/progress?plan=nids-2016');
    const count = (year: number, status: string) =>
      progress.counts.find((c) => c.year === year && c.status === status)?.count ?? 0;
    expect(count(2020, 'missed')).toBe(4);

    const { page, errors } = await app.open('/dashboard', { lang: 'en' });
    await expectText(page.locator('h2'), 'Progress dashboard');
    await expectText(page.getByTestId('dashboard-meta'), 'UNSD Progress Chart method');
    await expectText(
      page.getByTestId('year-card-2020'),
      '2020 targets (17)',
      `${count(2020, 'missed')} Missed`,
      'Insufficient data',
      'Quantified targets: 4 (Missed: 4)',
    );
    await expectText(
      page.getByTestId('count-2025-acceleration_needed'),
      String(count(2025, 'acceleration_needed')),
      'Acceleration needed',
    );
    await expectText(page.getByTestId('count-2025-on_track'), '1', 'On track');
    await expectChart(page.getByTestId('status-chart'));

    const table = page.getByTestId('progress-table');
    const row2020 = table
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: 'E-commerce trading volume' })
      .filter({ hasText: '38 trillion' });
    await expectText(
      row2020,
      '2020',
      'at least 38 trillion yuan',
      '37.21 trillion yuan (2020)',
      'Missed',
      '97.9% of target',
    );
    const row2025 = table
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: 'E-commerce trading volume' })
      .filter({ hasText: '67 trillion' });
    await expectText(
      row2025,
      'at least 67 trillion yuan',
      '43.83 trillion yuan (2022)',
      'Acceleration needed',
      '65.4% of target',
      'CR = 0.905',
      '20% chance by 2025',
    );
    await settle(page);
    await screenshot(page, 'dashboard-en');

    // 2020: the target year's figure decides; 37.21 / 38 = 97.9%, missed.
    await page.getByTestId('explain-ecommerce_volume-2020').click();
    const drawer = page.getByTestId('explain-body');
    await expectText(page.getByTestId('explain-status'), 'Missed');
    await expectText(
      page.getByTestId('explain-summary'),
      '2020: 37.21 trillion yuan against a target of at least 38 trillion yuan, 97.9% of the target: Missed.',
      'Final',
    );
    await expectText(
      drawer.getByTestId('explain-inputs'),
      '20.8 trillion yuan',
      'stated by the plan',
      '37.21 trillion yuan',
      'at least 38 trillion yuan',
    );
    await expectText(drawer.getByTestId('explain-steps'), 'shareAttained', 'x / x*', '97.9%');
    await expectText(drawer.getByTestId('bands-unused'), 'Not used for this target');
    await expectText(
      drawer.getByTestId('explain-notes'),
      '2 figures after the target year 2020 are left out',
    );
    expect(await drawer.getByTestId('band-here').count()).toBe(0);
    await settle(page);
    await drawerScreenshot(page, 'dashboard-explain-2020-en');
    expect(new URL(page.url()).searchParams.get('explain')).toBe(String(idOf(progress, 2020)));

    // 2025: CR = CAGRa / CAGRr = 11.24% / 12.41% = 0.905, in [0.5, 0.95): acceleration needed.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('explain-body').count()).toBe(0);
    await page.getByTestId('explain-ecommerce_volume-2025').click();
    await expectText(page.getByTestId('explain-status'), 'Acceleration needed');
    await expectText(
      page.getByTestId('explain-summary'),
      'From 20.8 trillion yuan (2015) to 43.83 trillion yuan (2022)',
      'CR = 0.905',
      'Fair progress, but acceleration needed',
    );
    const steps = drawer.getByTestId('explain-steps');
    await expectText(steps, 't - t0', '7 years', 'CAGRa', '11.24%', 'CAGRr', '12.41%', '0.905');
    const matched = drawer.locator('.pw-band-match');
    expect(await matched.count()).toBe(1);
    await expectText(
      matched,
      '0.5 ≤ CR < 0.95',
      'Fair progress, but acceleration needed',
      'Acceleration needed',
      'CR = 0.905',
    );
    await expectText(
      drawer.getByTestId('explain-forecast'),
      '62.65 trillion yuan',
      '56.13 trillion yuan – 69.94 trillion yuan',
      '20% chance of at least 67 trillion yuan in 2025',
    );
    await settle(page);
    await drawerScreenshot(page, 'dashboard-explain-2025-en');
    expect(errors).toEqual([]);
  });

  it('filters by status and explains a milestone (Chinese)', async () => {
    const { page, errors } = await app.open('/dashboard', { lang: 'zh-CN' });
    await expectText(page.locator('h2'), '目标进展看板');
    await expectText(
      page.getByTestId('year-card-2020'),
      '2020 年目标（17 项）',
      '未达成',
      '数据不足',
    );
    await expectText(page.getByTestId('count-2020-missed'), '4', '未达成');
    await expectChart(page.getByTestId('status-chart'));
    await settle(page);
    await screenshot(page, 'dashboard-zh-CN');

    // A count filters the table to its targets.
    await page.getByTestId('count-2020-missed').click();
    const rows = page.getByTestId('progress-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(4);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain('未达成');
      expect(text).toContain('2020');
    }
    await expectText(page.getByTestId('status-filter'), '未达成');

    await page.getByTestId('explain-ecommerce_volume-2020').click();
    await expectText(page.getByTestId('explain-status'), '未达成');
    await expectText(
      page.getByTestId('explain-summary'),
      '2020：37.21 万亿元，目标不低于 38 万亿元，完成目标的 97.9%：未达成。',
    );
    await expectText(page.getByTestId('explain-inputs'), '20.8 万亿元', '规划明确给出');
    await expectText(page.getByTestId('explain-steps'), '目标完成比例', '97.9%');
    await expectText(page.getByTestId('explain-notes'), '目标年份 2020 之后的 2 个数值未计入');
    await settle(page);
    await drawerScreenshot(page, 'dashboard-explain-2020-zh-CN');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('explain-body').count()).toBe(0);

    // A milestone without evidence: insufficient data, and the decision table says why.
    await page.getByTestId('status-filter').locator('.ant-tag-close-icon').click();
    await page.getByTestId('explain-china_asean_information_port-2020').click();
    await expectText(page.getByTestId('explain-status'), '数据不足');
    await expectText(
      page.getByTestId('explain-milestone'),
      '建成中国－东盟信息港',
      '2020年12月31日',
      '尚无佐证记录',
      '已截止',
    );
    await expectText(page.getByTestId('explain-summary'), '该里程碑尚无佐证记录', '数据不足');
    expect(await page.locator('.pw-band-match').count()).toBe(0);
    await expectText(page.getByTestId('explain-rules'), '进行中', '尚未截止', '未达成');
    await expectText(page.getByTestId('explain-notes'), '截至今天没有佐证记录。');
    await settle(page);
    await drawerScreenshot(page, 'dashboard-explain-milestone-zh-CN');
    expect(errors).toEqual([]);
  });

  it('is linked from the overview, which shows the status summary', async () => {
    const { page, errors } = await app.open('/', { lang: 'en' });
    await expectText(
      page.getByTestId('progress-summary'),
      'Progress to the targets',
      '2020 targets',
      'Missed: 4',
      '2025 targets',
      'On track: 1',
    );
    await expectText(page.getByTestId('target-card-ecommerce_volume'), 'Missed');
    await page.getByTestId('open-dashboard').click();
    await expectText(page.locator('h2'), 'Progress dashboard');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(errors).toEqual([]);
  });
});

describe('Milestone evidence', () => {
  const INSPECTOR: NewUser = {
    username: 'office.inspector',
    displayName: 'Inspection Office',
    password: 'office-inspector-pass-1',
    roles: ['inspector:CN'],
  };

  it('judges a milestone by the evidence an inspector records, and highlights the rule', async () => {
    await createUser(app.server, INSPECTOR);
    const progress = await app.api<PlanProgressView>('/api/progress?plan=nids-2016');
    const milestone = progress.items.find(
      (i) => i.target.indicator === 'online_silk_road' && i.target.year === 2020,
    );
    expect(milestone?.milestone?.status).toBe('insufficient_data');

    const { page, errors } = await app.open('/sign-in', { lang: 'en' });
    await signInAt(page, INSPECTOR, '/dashboard');
    const csrf = await csrfTokenOf(page);
    const status = await page.evaluate(
      async ({ id, token }) => {
        const response = await fetch(`/api/targets/${id}/evidence`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token },
          body: JSON.stringify({
            status: 'in_progress',
            note: 'Test evidence (e2e): pilot cross-border e-commerce zones under way',
          }),
        });
        return response.status;
      },
      { id: milestone!.target.id, token: csrf },
    );
    expect(status).toBe(201);

    await page.goto(`/dashboard?explain=${milestone!.target.id}`);
    // Recorded today, after the 2020 deadline, still in progress: missed, and final.
    await expectText(page.getByTestId('explain-status'), 'Missed');
    await expectText(
      page.getByTestId('explain-summary'),
      'Latest evidence: in progress',
      'Still in progress after the deadline.',
      'Final',
    );
    await expectText(
      page.getByTestId('explain-milestone'),
      'Online Silk Road initially built',
      'Test evidence (e2e): pilot cross-border e-commerce zones under way',
      'Passed, evidence recorded after it',
    );
    const matched = page.locator('.pw-band-match');
    expect(await matched.count()).toBe(1);
    await expectText(matched, 'in progress', 'Passed, evidence recorded after it', 'Missed', 'yes');
    await settle(page);
    await drawerScreenshot(page, 'dashboard-explain-evidence-en');
    expect(errors).toEqual([]);
  });
});

function idOf(progress: PlanProgressView, year: number): number {
  const item = progress.items.find(
    (i) => i.target.indicator === 'ecommerce_volume' && i.target.year === year,
  );
  if (!item) throw new Error(`no e-commerce target for ${year}`);
  return item.target.id;
}
