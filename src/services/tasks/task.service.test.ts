/**
 * Breakdowns (what the bulk import calls): rows under existing tasks or
 * earlier rows, all or nothing, every problem of every row named by its
 * row and field, units outside the caller's scope refused.
 */
import { beforeAll, expect, it } from 'vitest';
import type { TaskDetail } from '../../api/tasks-contract.js';
import { taskCounts } from '../../server/routes/tasks/task-test-api.js';
import {
  PASSWORD,
  principalOf,
  rejectionOf,
  type UserPrincipal,
} from '../../test-support/access.js';
import { describeEachStore } from '../../test-support/stores.js';
import { AccessService } from '../access.service.js';
import { ensureDefaults } from '../defaults.service.js';
import { ConflictError, ForbiddenError, InputError } from '../errors.js';
import { TaskService, type BreakdownRow } from './task.service.js';

const actor = { name: 'user:0:test', ip: null };

describeEachStore('TaskService.createBreakdown', (fixture) => {
  let tasks: TaskService;
  let hubei: UserPrincipal;
  let existingId: number;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    const access = new AccessService(fixture.store.db);
    const user = await access.createUser(
      null,
      {
        username: 'hubei-coordinator',
        displayName: 'Hubei',
        password: PASSWORD,
        roles: [{ role: 'coordinator', orgUnitCode: '420000' }],
      },
      actor,
    );
    hubei = await principalOf(access, user);
    tasks = new TaskService(fixture.store.db, {
      filesDir: fixture.location.dataDir,
      now: () => new Date('2026-02-01T08:00:00Z'),
    });
    const [created] = await tasks.createBreakdown(hubei, actor, [
      row('top', { measure: 'IV.2.6', leadUnit: '420000' }),
    ]);
    existingId = created!.id;
  });

  function row(ref: string, fields: Partial<BreakdownRow> = {}): BreakdownRow {
    return {
      ref,
      title: `Task ${ref}`,
      leadUnit: '420100',
      startOn: '2026-01-01',
      dueOn: '2026-12-31',
      ...fields,
    };
  }

  it('creates rows under an existing task and under earlier rows, in order, in one go', async () => {
    const before = await taskCounts(fixture.store);
    const created = await tasks.createBreakdown(
      hubei,
      actor,
      [
        row('wuhan', { parentTaskId: existingId, dueOn: '2026-10-31' }),
        row('jiangan', { parentRef: 'wuhan', leadUnit: '420102', dueOn: '2026-09-30' }),
        row('huangshi', { parentTaskId: existingId, leadUnit: '420200', participants: ['420100'] }),
      ],
      { isExample: true },
    );
    expect(created.map((task) => task.ref)).toEqual(['wuhan', 'jiangan', 'huangshi']);
    const rows = await fixture.store.db
      .selectFrom('task')
      .innerJoin('planNode', 'planNode.id', 'task.planNodeId')
      .select([
        'task.id',
        'task.parentTaskId',
        'task.leadUnitCode',
        'task.assignedByUnitCode',
        'task.isExample',
        'planNode.path',
      ])
      .where(
        'task.id',
        'in',
        created.map((task) => task.id),
      )
      .orderBy('task.id')
      .execute();
    expect(rows).toEqual([
      {
        id: created[0]!.id,
        parentTaskId: existingId,
        leadUnitCode: '420100',
        assignedByUnitCode: '420000',
        isExample: 1,
        path: 'IV.2.6',
      },
      {
        id: created[1]!.id,
        parentTaskId: created[0]!.id,
        leadUnitCode: '420102',
        assignedByUnitCode: '420100',
        isExample: 1,
        path: 'IV.2.6',
      },
      {
        id: created[2]!.id,
        parentTaskId: existingId,
        leadUnitCode: '420200',
        assignedByUnitCode: '420000',
        isExample: 1,
        path: 'IV.2.6',
      },
    ]);
    const after = await taskCounts(fixture.store);
    expect(after.task - before.task).toBe(3);
    expect(after.taskParticipant - before.taskParticipant).toBe(1);
    expect(after.auditHead - before.auditHead).toBe(3);
  });

  it('names every problem of every row, and creates none', async () => {
    const before = await taskCounts(fixture.store);
    const error = await rejectionOf(
      tasks.createBreakdown(hubei, actor, [
        row('a', { measure: 'IV.2.6', leadUnit: 'NOPE' }),
        row('b', { measure: 'IV.2.6', dueOn: '2025-12-31' }),
        row('c', { parentRef: 'd' }),
        row('d', { parentRef: 'a' }),
        row('b', { measure: 'IV.2.6' }),
        row('f', { parentTaskId: existingId, dueOn: '2027-01-31', parentRef: null }),
        row('g', { parentTaskId: existingId, parentRef: 'b' }),
        row('h', { measure: 'IV.2', startOn: 'soon' }),
      ]),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'rows[0].leadUnit: no org unit has code NOPE',
      'rows[1].dueOn: the due date 2025-12-31 is before the start date 2026-01-01',
      'rows[2].parentRef: row "d" comes later: list a parent before its sub-tasks',
      'rows[3].parentRef: row "a" cannot be created (see its problems)',
      'rows[4].ref: "b" is the ref of row 2 too',
      expect.stringMatching(
        /^rows\[5\]\.dueOn: the sub-task is due 2027-01-31, after its parent task/,
      ),
      'rows[6].parentRef: name the parent by parentTaskId or by parentRef, not both',
      'rows[7].startOn: a date as YYYY-MM-DD',
    ]);
    expect(error.message).toMatch(/^The breakdown cannot be created: rows\[0\]\.leadUnit/);
    expect(await taskCounts(fixture.store)).toEqual(before);
  });

  it('refuses rows on units outside the caller’s scope, naming row and unit; creates none', async () => {
    const before = await taskCounts(fixture.store);
    const error = await rejectionOf(
      tasks.createBreakdown(hubei, actor, [
        row('ok', { measure: 'IV.2.6' }),
        row('out', { measure: 'IV.2.6', leadUnit: '430000' }),
        row('shared', { measure: 'IV.2.6', participants: ['MIIT'] }),
      ]),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toContain('430000 (rows[1].leadUnit)');
    expect(error.message).toContain('MIIT (rows[2].participants[0])');
    expect(await taskCounts(fixture.store)).toEqual(before);
  });

  it('keeps one of two changes made from the same version; the other gets the task as it is now', async () => {
    const [created] = await tasks.createBreakdown(hubei, actor, [
      row('race', { measure: 'IV.2.6' }),
    ]);
    const results = await Promise.allSettled([
      tasks.change(hubei, actor, created!.id, { version: 1, title: 'First writer' }),
      tasks.change(hubei, actor, created!.id, { version: 1, title: 'Second writer' }),
    ]);
    const saved = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected');
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const conflict = (refused[0] as PromiseRejectedResult).reason as ConflictError;
    expect(conflict).toBeInstanceOf(ConflictError);
    const winner = (saved[0] as PromiseFulfilledResult<TaskDetail>).value;
    expect(conflict.current).toMatchObject({ version: 2, title: winner.title });
    const audited = await fixture.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityType', '=', 'task')
      .where('entityId', '=', String(created!.id))
      .execute();
    expect(audited.map((entry) => entry.action)).toEqual(['task.create', 'task.change']);
  });

  it('moves the assigner of sub-tasks along when their parent changes lead unit', async () => {
    const [parent, child] = await tasks.createBreakdown(hubei, actor, [
      row('parent', { measure: 'IV.2.6', leadUnit: '420100' }),
      row('child', { parentRef: 'parent', leadUnit: '420102' }),
    ]);
    await tasks.change(hubei, actor, parent!.id, { version: 1, leadUnit: '420200' });
    const moved = await fixture.store.db
      .selectFrom('task')
      .select(['assignedByUnitCode', 'version'])
      .where('id', '=', child!.id)
      .executeTakeFirstOrThrow();
    expect(moved).toEqual({ assignedByUnitCode: '420200', version: 2 });
  });

  it('refuses anonymous callers', async () => {
    const error = await rejectionOf(
      tasks.createBreakdown({ kind: 'anonymous' }, actor, [row('x', { measure: 'IV.2.6' })]),
    );
    expect(error.name).toBe('UnauthorizedError');
  });
});
