import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Warning } from '../../../api/tasks-contract.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { startTestApi, type TestApi } from '../../../test-support/http.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { insertTask } from '../../../test-support/task-rows.js';

interface WarningPage {
  items: Warning[];
  total: number;
}

describeEachStore('early warnings over HTTP', (fixture) => {
  let api: TestApi;
  const tasks: Record<string, number> = {};

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startTestApi(fixture.store, [
      ['nation', 'admin', 'CN'],
      ['hubei', 'viewer', '420000'],
      ['hubei-coord', 'coordinator', '420000'],
    ]);
    for (const [name, leadUnit, assignedBy] of [
      ['hubei', '420000', 'CN'],
      ['wuhan', '420100', '420000'],
      ['hunan', '430000', 'CN'],
    ] as const) {
      tasks[name] = await insertTask(fixture.store.db, {
        title: `${name} task`,
        leadUnit,
        assignedBy,
        startOn: '2026-01-01',
        dueOn: '2026-03-31',
      });
    }
  });
  afterAll(async () => api.app.close());

  it('runs the check for a day on a national grant only, again without telling anyone twice', async () => {
    expect(
      (await api.call('hubei-coord', 'POST', '/api/warnings/run', { day: '2026-04-01' }))
        .statusCode,
    ).toBe(403);
    const first = await api.call('nation', 'POST', '/api/warnings/run', { day: '2026-04-01' });
    expect(first.statusCode, first.body).toBe(200);
    // Each task: overdue since 1 April and no update since 31 January.
    expect(first.json()).toMatchObject({
      day: '2026-04-01',
      run: 'claimed',
      raised: 6,
    });
    const again = await api.call('nation', 'POST', '/api/warnings/run', { day: '2026-04-01' });
    expect(again.json()).toMatchObject({ run: 'forced', raised: 0 });
    const bad = await api.call('nation', 'POST', '/api/warnings/run', { day: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('2026-02-30');
    expect(
      (await api.call('nation', 'POST', '/api/warnings/run', { day: 'yesterday' })).statusCode,
    ).toBe(400);
  });

  it('lists the warnings of a subtree within the reader’s scope, with filters', async () => {
    const hubei = await api.call('hubei', 'GET', '/api/warnings?unit=420000');
    expect(hubei.statusCode, hubei.body).toBe(200);
    const page = hubei.json<WarningPage>();
    expect(page.total).toBe(4);
    expect(new Set(page.items.map((item) => item.taskId))).toEqual(
      new Set([tasks.hubei, tasks.wuhan]),
    );
    expect((await api.call('hubei', 'GET', '/api/warnings?unit=430000')).statusCode).toBe(403);
    expect((await api.call('hubei', 'GET', '/api/warnings')).statusCode).toBe(403);
    expect((await api.call(null, 'GET', '/api/warnings?unit=420000')).statusCode).toBe(401);

    const nation = (await api.call('nation', 'GET', '/api/warnings')).json<WarningPage>();
    expect(nation.total).toBe(6);
    expect(new Set(nation.items.map((item) => item.taskId))).toEqual(
      new Set([tasks.hubei, tasks.wuhan, tasks.hunan]),
    );
    const overdue = (
      await api.call('nation', 'GET', '/api/warnings?kind=overdue&open=true')
    ).json<WarningPage>();
    expect(overdue.items.map((item) => [item.kind, item.since])).toEqual([
      ['overdue', '2026-04-01'],
      ['overdue', '2026-04-01'],
      ['overdue', '2026-04-01'],
    ]);
    expect(
      (await api.call('nation', 'GET', '/api/warnings?open=false')).json<WarningPage>().total,
    ).toBe(0);
    expect((await api.call('nation', 'GET', '/api/warnings?kind=late')).statusCode).toBe(400);
    expect(
      (await api.call('nation', 'GET', '/api/warnings?limit=2')).json<WarningPage>().items,
    ).toHaveLength(2);
  });
});
