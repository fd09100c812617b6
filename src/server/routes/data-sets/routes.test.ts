import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FormView } from '../../../api/reporting-contract.js';
import { isProblemList } from '../../../test-support/records.js';
import { readWorkbookRecords } from '../../../formats/xlsx.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { startTestApi, type TestApi } from '../../../test-support/http.js';
import { describeEachStore } from '../../../test-support/stores.js';

const FORM = '/api/data-sets/nids-annual/form?orgUnit=420102&period=2025';

describeEachStore('reporting over HTTP', (fixture) => {
  let api: TestApi;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startTestApi(fixture.store, [
      ['county', 'reporter', '420102'],
      ['wuhan', 'reviewer', '420100'],
      ['hubei', 'reviewer', '420000'],
    ]);
  });
  afterAll(async () => api.app.close());

  const call: TestApi['call'] = (...args) => api.call(...args);

  it('reads, saves, exports a template, submits, locks, returns and refuses the wrong level', async () => {
    expect((await call(null, 'GET', FORM)).statusCode).toBe(401);
    expect((await call('county', 'GET', FORM.replace('420102', '420103'))).statusCode).toBe(403);
    const saved = await call('county', 'PUT', FORM, {
      values: [
        { indicator: 'fixed_broadband_subscribers', value: 0.004 },
        { indicator: 'fixed_broadband_subscribers', disaggregation: 'AREA=URBAN', value: 0.003 },
        { indicator: 'fixed_broadband_subscribers', disaggregation: 'AREA=RURAL', value: 0.001 },
        { indicator: 'internet_users', value: 0.0068, source: '区统计局年报' },
        { indicator: 'mobile_phone_users', value: 0.011 },
        { indicator: 'users_5g', value: 0.005 },
        { indicator: 'base_stations_5g', value: 0.15 },
      ],
    });
    expect(saved.statusCode).toBe(200);
    const form = saved.json<FormView>();
    expect(form.blocking).toEqual([]);
    expect(form.rows.find((row) => row.indicator === 'internet_users')?.source).toBe(
      '区统计局年报',
    );

    const template = await call(
      'county',
      'GET',
      '/api/data-sets/nids-annual/template.xlsx?orgUnit=420102&period=2025&lang=zh',
    );
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-disposition']).toContain('nids-annual_420102_2025.xlsx');
    const records = [];
    for await (const item of readWorkbookRecords(template.rawPayload)) {
      if (isProblemList(item)) throw new Error(JSON.stringify(item));
      records.push(item);
    }
    const rural = records.find(
      (record) =>
        record.indicator === 'fixed_broadband_subscribers' &&
        record.disaggregation === 'AREA=RURAL',
    );
    expect(rural).toMatchObject({ orgUnit: '420102', period: '2025', value: '0.001' });
    expect(records).toHaveLength(form.rows.length);

    const submitted = await call('county', 'POST', '/api/data-sets/nids-annual/submit', {
      orgUnit: '420102',
      period: '2025',
    });
    expect(submitted.json<FormView>().submission.state).toBe('submitted');
    const locked = await call('county', 'PUT', FORM, {
      values: [{ indicator: 'users_5g', value: 0.004, expectedVersion: 1 }],
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json<{ message: string }>().message).toMatch(/submitted and locked/);

    const wrongLevel = await call('hubei', 'POST', '/api/data-sets/nids-annual/approve', {
      items: [{ orgUnit: '420102', period: '2025' }],
    });
    expect(wrongLevel.statusCode).toBe(403);
    expect(wrongLevel.json<{ message: string }>().message).toMatch(
      /waits for the prefecture level/,
    );

    const noReason = await call('wuhan', 'POST', '/api/data-sets/nids-annual/return', {
      orgUnit: '420102',
      period: '2025',
      reason: '  ',
    });
    expect(noReason.statusCode).toBe(400);
    const returned = await call('wuhan', 'POST', '/api/data-sets/nids-annual/return', {
      orgUnit: '420102',
      period: '2025',
      reason: 'Check the rural count',
    });
    expect(returned.json<FormView>().submission).toMatchObject({
      state: 'returned',
      reason: 'Check the rural count',
    });
    const completeness = await call(
      'wuhan',
      'GET',
      '/api/data-sets/nids-annual/completeness?period=2025&under=420100',
    );
    expect(completeness.statusCode).toBe(200);
    expect(completeness.json<{ summary: { expected: number } }>().summary.expected).toBe(14);
  });
});
