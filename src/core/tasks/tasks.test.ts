import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../reporting/timeliness.js';
import {
  checkSchedule,
  checkUpdate,
  cycleThrough,
  taskWarnings,
  type TaskState,
  type TaskUpdateInput,
} from './index.js';

describe('checkSchedule', () => {
  it.each<[string, Parameters<typeof checkSchedule>[0], string[]]>([
    ['a valid schedule', { startOn: '2026-01-01', dueOn: '2026-12-31', milestones: [] }, []],
    ['one day long', { startOn: '2026-03-01', dueOn: '2026-03-01', milestones: [] }, []],
    [
      'due before start',
      { startOn: '2026-06-01', dueOn: '2026-05-31', milestones: [] },
      ['dueOn: the due date 2026-05-31 is before the start date 2026-06-01'],
    ],
    [
      'not a date',
      { startOn: '2026-02-30', dueOn: 'soon', milestones: [] },
      [
        'startOn: "2026-02-30" is not a date (YYYY-MM-DD)',
        'dueOn: "soon" is not a date (YYYY-MM-DD)',
      ],
    ],
    [
      'a milestone outside the task',
      {
        startOn: '2026-01-01',
        dueOn: '2026-06-30',
        milestones: [
          { title: 'pilot', dueOn: '2026-03-31' },
          { title: 'rollout', dueOn: '2026-09-30' },
        ],
      },
      [
        'milestones[1].dueOn: milestone "rollout" is due 2026-09-30, outside the task\'s 2026-01-01 to 2026-06-30',
      ],
    ],
  ])('%s', (_name, schedule, expected) => {
    expect(checkSchedule(schedule).map((p) => `${p.field}: ${p.message}`)).toEqual(expected);
  });
});

describe('cycleThrough', () => {
  // 1 <- 2 <- 3 (3's parent is 2, 2's parent is 1)
  const parents = new Map<number, number | null>([
    [1, null],
    [2, 1],
    [3, 2],
    [4, null],
  ]);
  it.each<[number, number | null, number[] | null]>([
    [4, 3, null],
    [1, null, null],
    [1, 3, [1, 3, 2, 1]],
    [2, 2, [2, 2]],
    [4, 4, [4, 4]],
  ])('task %i under %s', (task, parent, expected) => {
    expect(cycleThrough(task, parent, parents)).toEqual(expected);
  });

  it('never accepts a link that makes a task its own ancestor (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        (rawParents, task, parent) => {
          // A forest: each task's parent has a smaller id (no cycles to begin with).
          const parentOf = new Map<number, number | null>(
            rawParents.map((p, id) => [id, p < id ? p : null]),
          );
          const cycle = cycleThrough(task, parent, parentOf);
          let ancestor: number | null = parent;
          let isAncestorOrSelf = false;
          while (ancestor !== null) {
            if (ancestor === task) isAncestorOrSelf = true;
            ancestor = ancestor === task ? null : (parentOf.get(ancestor) ?? null);
          }
          expect(cycle !== null).toBe(isAncestorOrSelf);
        },
      ),
    );
  });
});

describe('checkUpdate', () => {
  it.each<[TaskUpdateInput, string[]]>([
    [{ status: 'on_track', percentComplete: 40, reason: null }, []],
    [{ status: 'delayed', percentComplete: 40, reason: 'Procurement stalled' }, []],
    [{ status: 'delayed', percentComplete: 40, reason: '  ' }, ['reason']],
    [{ status: 'at_risk', percentComplete: 10, reason: null }, ['reason']],
    [{ status: 'done', percentComplete: 90, reason: null }, ['percentComplete']],
    [{ status: 'on_track', percentComplete: 101, reason: null }, ['percentComplete']],
    [{ status: 'on_track', percentComplete: Number.NaN, reason: null }, ['percentComplete']],
  ])('%j', (update, fields) => {
    expect(checkUpdate(update).map((p) => p.field)).toEqual(fields);
  });
});

describe('taskWarnings', () => {
  const task: TaskState = {
    id: 7,
    startOn: '2026-01-01',
    dueOn: '2026-06-30',
    latestStatus: 'on_track',
    lastUpdateOn: '2026-03-01',
    milestones: [{ title: 'pilot in 3 provinces', dueOn: '2026-04-30', doneOn: null }],
  };
  const kinds = (today: string, state: TaskState = task) =>
    taskWarnings(state, today).map((w) => `${w.kind}${w.escalate ? '!' : ''} since ${w.since}`);

  it.each<[string, string[]]>([
    ['2026-03-30', []],
    ['2026-03-31', ['no_update since 2026-03-31']],
    ['2026-04-16', ['milestone_due_soon since 2026-04-16', 'no_update! since 2026-03-31']],
    ['2026-04-30', ['milestone_due_soon since 2026-04-16', 'no_update! since 2026-03-31']],
    ['2026-05-01', ['milestone_overdue since 2026-05-01', 'no_update! since 2026-03-31']],
    ['2026-05-08', ['milestone_overdue! since 2026-05-01', 'no_update! since 2026-03-31']],
    [
      '2026-07-01',
      [
        'overdue since 2026-07-01',
        'milestone_overdue! since 2026-05-01',
        'no_update! since 2026-03-31',
      ],
    ],
  ])('on %s', (today, expected) => {
    expect(kinds(today)).toEqual(expected);
  });

  it('stays quiet for a task that is done or not yet started', () => {
    expect(kinds('2027-01-01', { ...task, latestStatus: 'done' })).toEqual([]);
    expect(kinds('2025-12-01', { ...task, lastUpdateOn: null })).toEqual([]);
  });

  it('keeps one key per occurrence, so a daily run sends each warning once (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 60 }),
        (offset, later) => {
          const today = addDays('2026-01-01', offset);
          const after = addDays(today, later);
          const first = taskWarnings(task, today);
          const again = taskWarnings(task, after);
          for (const warning of first) {
            const same = again.find(
              (w) => w.kind === warning.kind && w.milestone === warning.milestone,
            );
            // Still holding later: the same key (not sent again); escalation only ever switches on.
            if (same && warning.kind !== 'milestone_due_soon') {
              expect(same.key).toBe(warning.key);
              expect(!warning.escalate || same.escalate).toBe(true);
            }
            expect(warning.since <= today).toBe(true);
          }
        },
      ),
    );
  });
});
