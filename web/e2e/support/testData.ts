/**
 * TEST DATA, not real statistics: provincial e-commerce figures and
 * provincial 2025 targets made up for the browser tests of the province map
 * and the pivot table. The data shipped with Planwatch has national figures
 * only. Written through the API as a signed-in administrator, so the figures
 * are drafts: only signed-in users whose scope covers the unit see them.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { NewUser } from './users';
import { csrfTokenOf } from './users';

export const TEST_DATA_COMMENT = 'TEST DATA (browser tests), not a real figure';

export const TEST_ADMIN: NewUser = {
  username: 'analytics.admin',
  displayName: 'Analytics Admin',
  password: 'analytics-admin-pass-1',
  admin: true,
};

/** E-commerce trading volume, trillion yuan (unit multiplier 12): made up. */
export const TEST_VALUES: ReadonlyArray<{ orgUnit: string; period: string; value: number }> = [
  { orgUnit: '440000', period: '2025', value: 4.8 }, // Guangdong
  { orgUnit: '330000', period: '2025', value: 3.9 }, // Zhejiang
  { orgUnit: '320000', period: '2025', value: 3.6 }, // Jiangsu
  { orgUnit: '310000', period: '2025', value: 3.4 }, // Shanghai
  { orgUnit: '110000', period: '2025', value: 3.1 }, // Beijing
  { orgUnit: '370000', period: '2025', value: 2.2 }, // Shandong
  { orgUnit: '510000', period: '2025', value: 1.1 }, // Sichuan
  { orgUnit: '410000', period: '2025', value: 0.9 }, // Henan
  { orgUnit: '440000', period: '2024', value: 4.5 }, // Guangdong, a year earlier
  // Hubei through its prefectures only: Hubei's figure is what they add up to.
  { orgUnit: '420100', period: '2025', value: 0.85 }, // Wuhan
  { orgUnit: '420500', period: '2025', value: 0.12 }, // Yichang
  { orgUnit: '420600', period: '2025', value: 0.1 }, // Xiangyang
];

/** Provincial 2025 targets, trillion yuan: made up (six provinces; the others have none). */
export const TEST_TARGETS: ReadonlyArray<{ orgUnit: string; value: number }> = [
  { orgUnit: '440000', value: 4.5 }, // met
  { orgUnit: '330000', value: 4.2 }, // not met
  { orgUnit: '320000', value: 3.5 }, // met
  { orgUnit: '310000', value: 3.0 }, // met
  { orgUnit: '110000', value: 3.3 }, // not met
  { orgUnit: '510000', value: 1.3 }, // not met
];

/** Writes the test figures (and, when asked, the provincial targets) from a signed-in page. */
export async function seedTestData(page: Page, options: { targets: boolean }): Promise<void> {
  const token = await csrfTokenOf(page);
  const statuses = await page.evaluate(
    async ({ values, targets, comment, token }) => {
      const send = async (method: string, url: string, body: unknown) =>
        (
          await fetch(url, {
            method,
            headers: { 'content-type': 'application/json', 'x-csrf-token': token },
            body: JSON.stringify(body),
          })
        ).status;
      const result: number[] = [];
      for (const v of values)
        result.push(
          await send('PUT', '/api/data-values', {
            indicatorCode: 'ecommerce_volume',
            orgUnitCode: v.orgUnit,
            period: v.period,
            value: v.value,
            comment,
          }),
        );
      if (targets)
        result.push(
          await send('PUT', '/api/indicators/ecommerce_volume/targets', { year: 2025, targets }),
        );
      return result;
    },
    {
      values: TEST_VALUES,
      targets: options.targets ? TEST_TARGETS : null,
      comment: TEST_DATA_COMMENT,
      token,
    },
  );
  expect(statuses.every((s) => s === 200)).toBe(true);
}
