import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskStatus, TaskSummary } from './api';
import {
  addDays,
  allowedAt,
  boardColumns,
  calendarEntries,
  evidenceProblems,
  ganttRows,
  ganttSpan,
  groupByMeasure,
  groupMyTasks,
  isoDay,
  myTaskGroup,
  needsReason,
  placeErrors,
  TASK_STATUSES,
  unitsAllowing,
} from './model';

const unit = (code: string) => ({ code, nameZh: code, nameEn: null, level: 'province' });

function task(id: number, fields: Partial<TaskSummary> = {}): TaskSummary {
  return {
    id,
    plan: 'nids-2016',
    measure: { id: 10, path: 'III.3.3', title: 'Measure' },
    parentTaskId: null,
    title: `Task ${id}`,
    leadUnit: unit('420000'),
    assignedBy: unit('CN'),
    participants: [],
    startOn: '2026-01-01',
    dueOn: '2026-12-31',
    status: 'on_track',
    percentComplete: 0,
    lastUpdateOn: null,
    doneOn: null,
    isExample: false,
    subTaskCount: 0,
    openWarnings: 0,
    milestones: [],
    version: 1,
    ...fields,
  };
}

describe('needsReason', () => {
  it.each<[TaskStatus | undefined, boolean]>([
    ['not_started', false],
    ['on_track', false],
    ['at_risk', true],
    ['delayed', true],
    ['done', false],
    [undefined, false],
  ])('%s → %s', (status, expected) => expect(needsReason(status)).toBe(expected));
});

describe('days', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-12-31', 30, '2027-01-30'],
  ])('%s + %i = %s', (day, n, expected) => expect(addDays(day, n)).toBe(expected));

  it('refuses what is not a day', () => expect(() => addDays('soon', 1)).toThrow('not a day'));

  it('adds and subtracts back to the same day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: -2000, max: 2000 }),
        (date, n) => {
          const day = date.toISOString().slice(0, 10);
          expect(addDays(addDays(day, n), -n)).toBe(day);
        },
      ),
    );
  });

  it('reads the local calendar day of a moment', () => {
    expect(isoDay(new Date(2026, 10, 27, 23, 59))).toBe('2026-11-27');
    expect(isoDay(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01');
  });
});

describe('My tasks groups', () => {
  const today = '2026-06-15';
  it.each<[string, TaskStatus, string]>([
    ['2026-06-14', 'on_track', 'overdue'],
    ['2026-06-14', 'done', 'done'],
    ['2026-06-15', 'delayed', 'soon'],
    ['2026-07-15', 'not_started', 'soon'],
    ['2026-07-16', 'at_risk', 'later'],
    ['2027-01-01', 'done', 'done'],
  ])('due %s, %s → %s', (dueOn, status, group) =>
    expect(myTaskGroup({ dueOn, status }, today)).toBe(group),
  );

  it('puts every task in exactly one group, soonest due first', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            due: fc.integer({ min: -100, max: 200 }),
            status: fc.constantFrom(...TASK_STATUSES),
          }),
          { maxLength: 30 },
        ),
        (specs) => {
          const tasks = specs.map((s, i) =>
            task(i + 1, { dueOn: addDays(today, s.due), status: s.status }),
          );
          const groups = groupMyTasks(tasks, today);
          const all = Object.values(groups).flat();
          expect(all.map((t) => t.id).sort((a, b) => a - b)).toEqual(tasks.map((t) => t.id));
          for (const list of Object.values(groups))
            for (let i = 1; i < list.length; i++)
              expect(list[i - 1]!.dueOn <= list[i]!.dueOn).toBe(true);
          for (const t of groups.overdue) expect(t.dueOn < today && t.status !== 'done').toBe(true);
        },
      ),
    );
  });
});

describe('board', () => {
  it('has a column per status in order, each with its tasks', () => {
    const tasks = [
      task(1, { status: 'delayed', dueOn: '2026-09-01' }),
      task(2, { status: 'done' }),
      task(3, { status: 'delayed', dueOn: '2026-03-01' }),
    ];
    const columns = boardColumns(tasks);
    expect(columns.map((c) => c.status)).toEqual(TASK_STATUSES);
    expect(columns.find((c) => c.status === 'delayed')!.tasks.map((t) => t.id)).toEqual([3, 1]);
    expect(columns.find((c) => c.status === 'on_track')!.tasks).toEqual([]);
  });
});

describe('Gantt rows', () => {
  it('puts sub-tasks under their parent, indented, siblings by start', () => {
    const tasks = [
      task(5, { parentTaskId: 1, startOn: '2026-03-01' }),
      task(1, { startOn: '2026-01-01' }),
      task(4, { parentTaskId: 1, startOn: '2026-02-01' }),
      task(6, { parentTaskId: 4 }),
      task(2, { startOn: '2025-12-01' }),
    ];
    expect(ganttRows(tasks).map((r) => [r.task.id, r.depth])).toEqual([
      [2, 0],
      [1, 0],
      [4, 1],
      [6, 2],
      [5, 1],
    ]);
  });

  it('starts a tree at a sub-task whose parent is not shown', () => {
    const rows = ganttRows([task(7, { parentTaskId: 99 }), task(8, { parentTaskId: 7 })]);
    expect(rows.map((r) => [r.task.id, r.depth])).toEqual([
      [7, 0],
      [8, 1],
    ]);
  });

  it('shows every task once whatever the links', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 12 }), (parents) => {
        // Parents only point to earlier tasks (the server refuses cycles), or to none (0).
        const tasks = parents.map((p, i) =>
          task(i + 1, { parentTaskId: p > 0 && p <= i ? p : null }),
        );
        const rows = ganttRows(tasks);
        expect(rows.map((r) => r.task.id).sort((a, b) => a - b)).toEqual(tasks.map((t) => t.id));
        rows.forEach((row, i) => {
          if (row.depth === 0) return;
          const parentRow = rows
            .slice(0, i)
            .reverse()
            .find((r) => r.depth === row.depth - 1);
          expect(parentRow?.task.id).toBe(row.task.parentTaskId);
        });
      }),
    );
  });

  it('spans every day it must draw, and today', () => {
    const tasks = [
      task(1, {
        startOn: '2026-02-01',
        dueOn: '2026-05-01',
        milestones: [{ id: 1, title: 'm', dueOn: '2026-07-01', doneOn: null }],
      }),
    ];
    expect(ganttSpan(tasks, '2026-03-01')).toEqual(['2026-02-01', '2026-07-01']);
    expect(ganttSpan(tasks, '2025-01-01')).toEqual(['2025-01-01', '2026-07-01']);
  });

  it('groups tasks by measure in the plan order', () => {
    const other = { id: 3, path: 'II.1.1', title: 'Earlier' };
    const groups = groupByMeasure([task(1), task(2, { measure: other }), task(3)]);
    expect(groups.map((g) => [g.measure.path, g.tasks.map((t) => t.id)])).toEqual([
      ['II.1.1', [2]],
      ['III.3.3', [1, 3]],
    ]);
  });
});

describe('calendar', () => {
  it('lists due days and milestones by day, due first', () => {
    const days = calendarEntries([
      task(2, {
        dueOn: '2026-06-30',
        milestones: [{ id: 1, title: 'pilot', dueOn: '2026-03-31', doneOn: '2026-03-30' }],
      }),
      task(1, {
        dueOn: '2026-03-31',
        status: 'done',
        milestones: [{ id: 2, title: 'draft', dueOn: '2026-03-31', doneOn: null }],
      }),
    ]);
    expect(days.get('2026-03-31')!.map((e) => [e.kind, e.task.id, e.milestone, e.done])).toEqual([
      ['due', 1, null, true],
      ['milestone', 1, 'draft', false],
      ['milestone', 2, 'pilot', true],
    ]);
    expect(days.get('2026-06-30')!.map((e) => e.kind)).toEqual(['due']);
    expect([...days.keys()].sort()).toEqual(['2026-03-31', '2026-06-30']);
  });
});

describe('placeErrors', () => {
  const fields = {
    title: 'leaf',
    milestones: 'list',
    participants: 'leaf',
    evidence: 'leaf',
    reason: 'leaf',
  } as const;

  it.each<[string, string, (string | number)[] | null]>([
    ['request validation', 'body.title', ['title']],
    ['a list item', 'body.milestones.0.dueOn', ['milestones', 0, 'dueOn']],
    ['the services', 'milestones[1].dueOn', ['milestones', 1, 'dueOn']],
    ['a multipart part', 'update.reason', ['reason']],
    ['an item of a leaf field', 'participants[2]', ['participants']],
    ['a file with line and column', 'evidence:3:1', null],
    ['a field the form lacks', 'body.version', null],
    ['a prototype name', 'constructor', null],
    ['nothing', '', null],
  ])('%s: %s', (_, path, name) => {
    const placed = placeErrors([{ path, message: 'wrong' }], fields);
    if (name === null) {
      expect(placed.fields).toEqual([]);
      expect(placed.rest).toEqual([{ path, message: 'wrong' }]);
    } else {
      expect(placed.fields).toEqual([{ name, errors: ['wrong'] }]);
      expect(placed.rest).toEqual([]);
    }
  });

  it('gathers several messages for one field', () => {
    const placed = placeErrors(
      [
        { path: 'body.title', message: 'too long' },
        { path: 'title', message: 'taken' },
      ],
      fields,
    );
    expect(placed.fields).toEqual([{ name: ['title'], errors: ['too long', 'taken'] }]);
  });
});

describe('access', () => {
  const grants = [
    { role: 'coordinator' as const, orgUnitCode: '420000' },
    { role: 'reporter' as const, orgUnitCode: '420100' },
  ];
  const wuhan = ['CN', '420000', '420100'];
  it.each<[Parameters<typeof allowedAt>[1], readonly string[], boolean]>([
    ['task:manage', wuhan, true],
    ['task:report', wuhan, true],
    ['task:review', wuhan, true],
    ['task:report', ['CN', '420000'], false],
    ['task:manage', ['CN'], false],
    ['task:manage', ['CN', '430000'], false],
  ])('%s on %j → %s', (action, chain, expected) =>
    expect(allowedAt(grants, action, chain)).toBe(expected),
  );

  it('names the units where an action is allowed', () => {
    expect(unitsAllowing(grants, 'task:manage')).toEqual(['420000']);
    expect(unitsAllowing(grants, 'task:report')).toEqual(['420100']);
  });
});

describe('evidence limits', () => {
  const MiB = 1024 * 1024;
  it.each<[string, { name: string; size: number }[], string[]]>([
    ['a small PDF', [{ name: 'minutes.pdf', size: 10_000 }], []],
    ['upper-case extension', [{ name: 'SCAN.JPG', size: 10_000 }], []],
    ['an executable', [{ name: 'setup.exe', size: 10 }], ['type']],
    ['no extension', [{ name: 'README', size: 10 }], ['type']],
    ['just over 20 MiB', [{ name: 'big.pdf', size: 20 * MiB + 1 }], ['tooLarge']],
    ['exactly 20 MiB', [{ name: 'big.pdf', size: 20 * MiB }], []],
    [
      'three of 18 MiB',
      [1, 2, 3].map((i) => ({ name: `${i}.pdf`, size: 18 * MiB })),
      ['totalTooLarge'],
    ],
    [
      'eleven files',
      Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, size: 1 })),
      ['tooMany'],
    ],
  ])('%s', (_, files, kinds) => expect(evidenceProblems(files).map((p) => p.kind)).toEqual(kinds));
});
