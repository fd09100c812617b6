/**
 * Tasks over HTTP: creating and breaking down within one's scope, listing
 * with filters and visibility, the detail, changes under a version check,
 * coverage per measure; every refusal names its field and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskCoverage, TaskDetail, TaskSummary } from '../../../api/tasks-contract.js';
import { describeEachStore } from '../../../test-support/stores.js';
import {
  GIGABIT_TASK,
  startTaskApi,
  TASK_PEOPLE,
  taskCounts,
  type TaskTestApi,
} from './task-test-api.js';

type ErrorBody = { error: string; message: string; details?: { path: string; message: string }[] };

describeEachStore('tasks over HTTP', (fixture) => {
  let api: TaskTestApi;
  /** Tasks made in beforeAll: a national one for Hubei, broken down to Wuhan; one for Hunan. */
  let hubeiTask: TaskDetail;
  let wuhanTask: TaskDetail;
  let hunanTask: TaskDetail;

  let coverageBefore: { nation: TaskCoverage; hunan: TaskCoverage };

  beforeAll(async () => {
    api = await startTaskApi(
      fixture.store,
      [
        ...TASK_PEOPLE,
        ['hubei-viewer', 'viewer', '420000'],
        ['wuhan-coordinator', 'coordinator', '420100'],
        ['miit', 'reporter', 'MIIT'],
        ['nobody', 'viewer', '110000'],
      ],
      '2026-05-01',
    );
    const coverageOf = async (user: string) =>
      (await api.call(user, 'GET', '/api/plans/nids-2016/task-coverage')).json<TaskCoverage>();
    coverageBefore = { nation: await coverageOf('nation'), hunan: await coverageOf('hunan') };
    hubeiTask = await create('nation', {
      ...GIGABIT_TASK,
      participants: ['MIIT'],
      milestones: [{ title: 'Plan approved', dueOn: '2026-03-31' }],
      deliverables: ['Provincial gigabit plan'],
    });
    wuhanTask = await create('hubei', {
      parentTaskId: hubeiTask.id,
      title: 'Gigabit in Wuhan',
      leadUnit: '420100',
      startOn: '2026-02-01',
      dueOn: '2026-04-30',
    });
    hunanTask = await create('nation', {
      measure: 'III.2.4',
      title: 'Universal service in Hunan villages',
      leadUnit: '430000',
      startOn: '2026-01-01',
      dueOn: '2027-06-30',
    });
  });
  afterAll(async () => api.close());

  async function create(user: string, body: object): Promise<TaskDetail> {
    const response = await api.call(user, 'POST', '/api/tasks', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<TaskDetail>();
  }

  const list = async (user: string, query: string) => {
    const response = await api.call(user, 'GET', `/api/tasks${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: TaskSummary[]; total: number }>();
  };
  // The store's example breakdown is there too; these tests look at their own tasks.
  const titles = async (user: string, query = '') =>
    (await list(user, query)).items.filter((task) => !task.isExample).map((task) => task.title);

  describe('creating', () => {
    it('answers with the detail: measure, units, assigner, milestones, sub-tasks', async () => {
      expect(hubeiTask).toMatchObject({
        plan: 'nids-2016',
        measure: { path: 'III.2.3', title: 'Optimizing and upgrading broadband networks' },
        parentTaskId: null,
        leadUnit: { code: '420000', level: 'province' },
        assignedBy: { code: 'CN' },
        participants: [{ code: 'MIIT' }],
        status: 'not_started',
        percentComplete: 0,
        isExample: false,
        milestones: [{ title: 'Plan approved', dueOn: '2026-03-31', doneOn: null }],
        deliverables: ['Provincial gigabit plan'],
        version: 1,
        updates: [],
        warnings: [],
      });
      expect(wuhanTask).toMatchObject({
        parentTaskId: hubeiTask.id,
        measure: { path: 'III.2.3' },
        assignedBy: { code: '420000' },
      });
      const parent = (
        await api.call('hubei', 'GET', `/api/tasks/${hubeiTask.id}`)
      ).json<TaskDetail>();
      expect(parent.subTaskCount).toBe(1);
      expect(parent.subTasks.map((task) => task.id)).toEqual([wuhanTask.id]);
    });

    it('tells the lead unit’s people, once per task', async () => {
      const told = await fixture.store.db
        .selectFrom('notification')
        .innerJoin('userAccount', 'userAccount.id', 'notification.userId')
        .select(['userAccount.username', 'notification.dedupeKey'])
        .where('notification.stage', '=', 'task_assigned')
        .orderBy('userAccount.username')
        .execute();
      expect(told).toEqual([
        { username: 'hubei', dedupeKey: `task_assigned:${hubeiTask.id}:420000` },
        { username: 'hunan', dedupeKey: `task_assigned:${hunanTask.id}:430000` },
        { username: 'wuhan', dedupeKey: `task_assigned:${wuhanTask.id}:420100` },
        { username: 'wuhan-coordinator', dedupeKey: `task_assigned:${wuhanTask.id}:420100` },
      ]);
    });

    it('takes the deepest managing unit of the caller as the assigner of a top-level task', async () => {
      const own = await create('hubei', {
        measure: 'III.2.3',
        title: 'Hubei’s own broadband task',
        leadUnit: '420100',
        startOn: '2026-03-01',
        dueOn: '2026-06-30',
      });
      expect(own.assignedBy.code).toBe('420000');
      expect(own.parentTaskId).toBe(null);
    });

    it.each<[string, string, object, string, RegExp]>([
      [
        'due before start',
        'nation',
        { startOn: '2026-06-01', dueOn: '2026-05-31' },
        'dueOn',
        /due date 2026-05-31 is before the start date 2026-06-01/,
      ],
      [
        'a milestone outside the task',
        'nation',
        {
          milestones: [
            { title: 'Ok', dueOn: '2026-02-01' },
            { title: 'Late', dueOn: '2027-02-01' },
          ],
        },
        'milestones[1].dueOn',
        /milestone "Late" is due 2027-02-01, outside/,
      ],
      [
        'a node that is not a measure',
        'nation',
        { measure: 'III.2' },
        'measure',
        /is a section, not a measure/,
      ],
      ['an unknown measure', 'nation', { measure: 'IX.9.9' }, 'measure', /has no node IX\.9\.9/],
      ['an unknown plan', 'nation', { plan: 'no-plan' }, 'plan', /no plan has code no-plan/],
      ['no measure', 'nation', { measure: undefined }, 'measure', /name the measure/],
      [
        'an unknown indicator',
        'nation',
        { indicators: ['no_such'] },
        'indicators[0]',
        /no indicator/,
      ],
      [
        'an unknown participant',
        'nation',
        { participants: ['999999'] },
        'participants[0]',
        /no org unit/,
      ],
      [
        'the lead as participant',
        'nation',
        { participants: ['420000'] },
        'participants[0]',
        /is the lead unit/,
      ],
      [
        'a participant twice',
        'nation',
        { participants: ['MIIT', 'MIIT'] },
        'participants[1]',
        /named twice/,
      ],
      ['an empty title', 'nation', { title: '  ' }, 'body.title', /.+/],
    ])('refuses %s (400 naming the field)', async (_name, user, change, field, message) => {
      const before = await taskCounts(fixture.store);
      const response = await api.call(user, 'POST', '/api/tasks', {
        measure: 'III.2.3',
        title: 'A task',
        leadUnit: '420000',
        startOn: '2026-01-01',
        dueOn: '2026-12-31',
        ...change,
      });
      expect(response.statusCode, response.body).toBe(400);
      const error = response.json<ErrorBody>();
      const problem = error.details?.find((detail) => detail.path === field);
      expect(problem, response.body).toBeDefined();
      expect(problem!.message).toMatch(message);
      expect(await taskCounts(fixture.store)).toEqual(before);
    });

    it('refuses a sub-task outside its parent’s span or of another measure', async () => {
      const before = await taskCounts(fixture.store);
      const outside = await api.call('hubei', 'POST', '/api/tasks', {
        parentTaskId: hubeiTask.id,
        title: 'Too late',
        leadUnit: '420100',
        startOn: '2025-12-01',
        dueOn: '2027-01-31',
      });
      expect(outside.statusCode).toBe(400);
      expect(outside.json<ErrorBody>().details).toEqual([
        {
          path: 'startOn',
          message: expect.stringMatching(
            /starts 2025-12-01, before its parent task \d+ .* starts \(2026-01-01\)/,
          ),
        },
        {
          path: 'dueOn',
          message: expect.stringMatching(
            /due 2027-01-31, after its parent .* is due \(2026-12-31\)/,
          ),
        },
      ]);
      const otherMeasure = await api.call('hubei', 'POST', '/api/tasks', {
        parentTaskId: hubeiTask.id,
        measure: 'III.2.4',
        title: 'Other measure',
        leadUnit: '420100',
        startOn: '2026-02-01',
        dueOn: '2026-03-01',
      });
      expect(otherMeasure.statusCode).toBe(400);
      expect(otherMeasure.json<ErrorBody>().details![0]).toMatchObject({
        path: 'measure',
        message: expect.stringMatching(/parent's measure III\.2\.3, not III\.2\.4/),
      });
      expect(await taskCounts(fixture.store)).toEqual(before);
    });

    it('refuses units outside the caller’s scope (403 naming the unit), writing nothing', async () => {
      const before = await taskCounts(fixture.store);
      const base = {
        measure: 'III.2.3',
        title: 'Out of scope',
        startOn: '2026-01-01',
        dueOn: '2026-12-31',
      };
      const lead = await api.call('hubei', 'POST', '/api/tasks', { ...base, leadUnit: '430000' });
      expect(lead.statusCode).toBe(403);
      expect(lead.json<ErrorBody>().message).toContain('430000');
      const participant = await api.call('hubei', 'POST', '/api/tasks', {
        ...base,
        leadUnit: '420100',
        participants: ['420200', '430100'],
      });
      expect(participant.statusCode).toBe(403);
      expect(participant.json<ErrorBody>().message).toMatch(/may not assign tasks on unit 430100/);
      // Someone else's task: the prefecture may not break down the province's task.
      const foreignParent = await api.call('wuhan-coordinator', 'POST', '/api/tasks', {
        parentTaskId: hubeiTask.id,
        title: 'Not mine to break down',
        leadUnit: '420102',
        startOn: '2026-02-01',
        dueOn: '2026-03-01',
      });
      expect(foreignParent.statusCode).toBe(403);
      expect(foreignParent.json<ErrorBody>().message).toMatch(
        /420000, the lead unit of the parent/,
      );
      const reporter = await api.call('wuhan', 'POST', '/api/tasks', {
        ...base,
        leadUnit: '420100',
      });
      expect(reporter.statusCode).toBe(403);
      expect(
        (await api.call(null, 'POST', '/api/tasks', { ...base, leadUnit: '420100' })).statusCode,
      ).toBe(401);
      expect(await taskCounts(fixture.store)).toEqual(before);
    });
  });

  describe('reading', () => {
    it('shows each caller the tasks led by, shared with or assigned by units in their scope', async () => {
      expect(await titles('nation')).toEqual(
        expect.arrayContaining([hubeiTask.title, wuhanTask.title, hunanTask.title]),
      );
      // Wuhan sees its own task; the province's task only as its assigner would, so not.
      expect(await titles('wuhan')).toEqual(expect.arrayContaining([wuhanTask.title]));
      expect(await titles('wuhan')).not.toContain(hubeiTask.title);
      // MIIT participates in the Hubei task.
      expect(await titles('miit')).toEqual([hubeiTask.title]);
      expect(await titles('hunan')).toEqual([hunanTask.title]);
      expect(await titles('nobody')).toEqual([]);
      expect((await api.call(null, 'GET', '/api/tasks')).statusCode).toBe(401);
      expect((await api.call('hunan', 'GET', `/api/tasks/${hubeiTask.id}`)).statusCode).toBe(404);
      expect((await api.call('miit', 'GET', `/api/tasks/${hubeiTask.id}`)).statusCode).toBe(200);
      expect((await api.call('nation', 'GET', '/api/tasks/999999')).statusCode).toBe(404);
    });

    it('filters by plan, measure, unit (and subtree), status, dates, parent, mine, overdue and words', async () => {
      expect(await titles('nation', '?measure=III.2.4')).toEqual([hunanTask.title]);
      expect(await titles('nation', '?plan=nids-2016&measure=III.2.4')).toEqual([hunanTask.title]);
      expect(await titles('nation', '?plan=other&measure=III.2.4')).toEqual([]);
      expect(await titles('nation', '?unit=420000')).toEqual([hubeiTask.title]);
      expect(await titles('nation', '?unit=420000&subtree=true')).toEqual(
        expect.arrayContaining([hubeiTask.title, wuhanTask.title]),
      );
      expect(await titles('nation', '?unit=420000&subtree=true')).not.toContain(hunanTask.title);
      expect(await titles('nation', `?parentTaskId=${hubeiTask.id}`)).toEqual([wuhanTask.title]);
      expect(await titles('nation', '?topLevel=true')).not.toContain(wuhanTask.title);
      expect(await titles('nation', '?dueFrom=2027-01-01')).toEqual([hunanTask.title]);
      expect(await titles('nation', '?dueTo=2026-04-30')).toEqual([wuhanTask.title]);
      expect(await titles('nation', '?status=not_started,done&q=VILLAGES')).toEqual([
        hunanTask.title,
      ]);
      expect(await titles('nation', '?status=done&status=delayed')).toEqual([]);
      // Today is 2026-05-01: the Wuhan task (due 2026-04-30, not done) is overdue.
      expect(await titles('nation', '?overdue=true')).toEqual([wuhanTask.title]);
      expect(await titles('wuhan', '?mine=true')).toEqual([
        wuhanTask.title,
        'Hubei’s own broadband task',
      ]);
      expect(await titles('miit', '?mine=true')).toEqual([hubeiTask.title]);
      expect(await titles('hubei', '?mine=true')).toEqual([hubeiTask.title]);

      const paged = await list('nation', '?limit=1&offset=1');
      expect(paged.items).toHaveLength(1);
      expect(paged.total).toBeGreaterThanOrEqual(3);
      const all = await list('nation', '');
      const dues = all.items.map((task) => task.dueOn);
      expect(dues).toEqual([...dues].sort());
    });

    it('refuses a unit filter outside the caller’s read scope, and bad filters', async () => {
      expect((await api.call('hunan', 'GET', '/api/tasks?unit=420000')).statusCode).toBe(403);
      expect((await api.call('hunan', 'GET', '/api/tasks?unit=NOPE')).statusCode).toBe(404);
      const status = await api.call('nation', 'GET', '/api/tasks?status=late');
      expect(status.statusCode).toBe(400);
      expect(status.json<ErrorBody>().message).toContain('late');
      expect((await api.call('nation', 'GET', '/api/tasks?limit=1001')).statusCode).toBe(400);
    });

    it('counts the tasks of each measure the caller sees', async () => {
      const coverage = async (user: string) =>
        (await api.call(user, 'GET', '/api/plans/nids-2016/task-coverage')).json<TaskCoverage>();
      /** What this suite's tasks added to a measure's counts (the example breakdown is there too). */
      const added = (now: TaskCoverage, before: TaskCoverage, path: string) => {
        const after = now.measures.find((m) => m.path === path)!;
        const earlier = before.measures.find((m) => m.path === path)!;
        return Object.fromEntries(
          (['topLevelTasks', 'tasks', 'done', 'delayed', 'atRisk', 'overdue'] as const).map(
            (key) => [key, after[key] - earlier[key]],
          ),
        );
      };
      const nation = await coverage('nation');
      expect(nation.measures).toHaveLength(56);
      expect(added(nation, coverageBefore.nation, 'III.2.3')).toEqual({
        topLevelTasks: 2,
        tasks: 3,
        done: 0,
        delayed: 0,
        atRisk: 0,
        overdue: 1,
      });
      expect(added(nation, coverageBefore.nation, 'III.2.4')).toMatchObject({ tasks: 1 });
      expect(added(nation, coverageBefore.nation, 'III.1.1')).toMatchObject({ tasks: 0 });
      const hunan = await coverage('hunan');
      expect(added(hunan, coverageBefore.hunan, 'III.2.3')).toMatchObject({ tasks: 0 });
      expect(added(hunan, coverageBefore.hunan, 'III.2.4')).toMatchObject({ tasks: 1 });
      expect(hunan.measures.find((m) => m.path === 'III.2.4')!.tasks).toBe(
        (await titles('hunan', '?measure=III.2.4')).length,
      );
      expect((await api.call(null, 'GET', '/api/plans/nids-2016/task-coverage')).statusCode).toBe(
        401,
      );
      expect((await api.call('nation', 'GET', '/api/plans/nope/task-coverage')).statusCode).toBe(
        404,
      );
    });
  });

  describe('changing', () => {
    it('changes what is sent, marks milestones done, moves the version on and audits', async () => {
      const changed = await api.call('nation', 'PATCH', `/api/tasks/${hubeiTask.id}`, {
        version: hubeiTask.version,
        title: 'Gigabit broadband in every prefecture capital by 2026',
        milestones: [{ title: 'Plan approved', dueOn: '2026-03-31', doneOn: '2026-03-20' }],
      });
      expect(changed.statusCode, changed.body).toBe(200);
      const task = changed.json<TaskDetail>();
      expect(task).toMatchObject({
        title: 'Gigabit broadband in every prefecture capital by 2026',
        version: hubeiTask.version + 1,
        milestones: [{ title: 'Plan approved', doneOn: '2026-03-20' }],
        participants: [{ code: 'MIIT' }],
        deliverables: ['Provincial gigabit plan'],
      });
      const audit = await fixture.store.db
        .selectFrom('auditLog')
        .select(['action', 'entityId'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({ action: 'task.change', entityId: String(hubeiTask.id) });
      hubeiTask = task;
    });

    it('answers a stale version with 409 and the task as it is now', async () => {
      const before = await taskCounts(fixture.store);
      const stale = await api.call('nation', 'PATCH', `/api/tasks/${hubeiTask.id}`, {
        version: hubeiTask.version - 1,
        title: 'Overwritten?',
      });
      expect(stale.statusCode).toBe(409);
      const body = stale.json<ErrorBody & { current: TaskDetail }>();
      expect(body.message).toMatch(/after you loaded version 1/);
      expect(body.current).toMatchObject({
        id: hubeiTask.id,
        version: hubeiTask.version,
        title: hubeiTask.title,
      });
      expect(await taskCounts(fixture.store)).toEqual(before);
    });

    it('refuses a parent link that closes a cycle, naming the chain', async () => {
      const before = await taskCounts(fixture.store);
      const cycle = await api.call('nation', 'PATCH', `/api/tasks/${hubeiTask.id}`, {
        version: hubeiTask.version,
        parentTaskId: wuhanTask.id,
      });
      expect(cycle.statusCode).toBe(400);
      expect(cycle.json<ErrorBody>().details).toContainEqual({
        path: 'parentTaskId',
        message: expect.stringContaining(`${hubeiTask.id} → ${wuhanTask.id} → ${hubeiTask.id}`),
      });
      const self = await api.call('nation', 'PATCH', `/api/tasks/${hubeiTask.id}`, {
        version: hubeiTask.version,
        parentTaskId: hubeiTask.id,
      });
      expect(self.statusCode).toBe(400);
      expect(await taskCounts(fixture.store)).toEqual(before);
    });

    it('refuses dates that leave a sub-task outside, or a milestone outside', async () => {
      const shrink = await api.call('nation', 'PATCH', `/api/tasks/${hubeiTask.id}`, {
        version: hubeiTask.version,
        dueOn: '2026-04-01',
      });
      expect(shrink.statusCode).toBe(400);
      expect(shrink.json<ErrorBody>().details).toContainEqual({
        path: 'dueOn',
        message: expect.stringMatching(
          /sub-task \d+ "Gigabit in Wuhan" is due 2026-04-30, after 2026-04-01/,
        ),
      });
      const milestone = await api.call('hubei', 'PATCH', `/api/tasks/${wuhanTask.id}`, {
        version: wuhanTask.version,
        milestones: [{ title: 'Too late', dueOn: '2026-05-30' }],
      });
      expect(milestone.statusCode).toBe(400);
      expect(milestone.json<ErrorBody>().details![0]!.path).toBe('milestones[0].dueOn');
    });

    it('lets only managers of the task’s units change it', async () => {
      const before = await taskCounts(fixture.store);
      const body = { version: hubeiTask.version, title: 'Mine now' };
      expect(
        (await api.call('hunan', 'PATCH', `/api/tasks/${hubeiTask.id}`, body)).statusCode,
      ).toBe(403);
      expect(
        (await api.call('wuhan', 'PATCH', `/api/tasks/${hubeiTask.id}`, body)).statusCode,
      ).toBe(403);
      expect((await api.call(null, 'PATCH', `/api/tasks/${hubeiTask.id}`, body)).statusCode).toBe(
        401,
      );
      const moveOut = await api.call('hubei', 'PATCH', `/api/tasks/${wuhanTask.id}`, {
        version: wuhanTask.version,
        leadUnit: '430100',
      });
      expect(moveOut.statusCode).toBe(403);
      expect(moveOut.json<ErrorBody>().message).toContain('430100');
      expect(await taskCounts(fixture.store)).toEqual(before);
    });

    it('moves a sub-task to another lead unit and tells that unit', async () => {
      const moved = await api.call('hubei', 'PATCH', `/api/tasks/${wuhanTask.id}`, {
        version: wuhanTask.version,
        leadUnit: '420200',
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json<TaskDetail>()).toMatchObject({
        leadUnit: { code: '420200' },
        assignedBy: { code: '420000' },
        version: wuhanTask.version + 1,
      });
      const moveBack = await api.call('hubei', 'PATCH', `/api/tasks/${wuhanTask.id}`, {
        version: wuhanTask.version + 1,
        leadUnit: '420100',
        parentTaskId: null,
      });
      expect(moveBack.statusCode, moveBack.body).toBe(200);
      expect(moveBack.json<TaskDetail>()).toMatchObject({
        parentTaskId: null,
        assignedBy: { code: '420000' },
      });
    });
  });
});
