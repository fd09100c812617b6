/**
 * What the daily check reads of tasks, straight from the tables: the open
 * tasks, each one's schedule and latest update as the core's TaskState, and
 * the warnings it has open.
 */
import type { Kysely } from 'kysely';
import { TASK_UPDATE_STATUSES, type TaskUpdateStatus } from '../../core/tasks/task-rules.js';
import type { TaskState } from '../../core/tasks/warnings.js';
import type { Database } from '../../db/schema.js';

export interface CheckedTask {
  id: number;
  title: string;
  planId: number;
  leadUnitCode: string;
  leadUnitNameZh: string;
  leadUnitNameEn: string | null;
  assignedByUnitCode: string;
  done: boolean;
  state: TaskState;
  indicators: string[];
}

export interface OpenWarningRow {
  id: number;
  key: string;
  kind: string;
  since: string;
  raisedOn: string;
  escalatedOn: string | null;
}

/** Ids of the tasks not done, in id order. */
export async function openTaskIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('task')
    .select('id')
    .where('status', '!=', 'done')
    .where('doneOn', 'is', null)
    // The shipped example breakdown is no one's work: it must not fill real people's inboxes.
    .where('isExample', '=', 0)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Ids of done tasks that still have open warnings. */
export async function doneTaskIdsWithOpenWarnings(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('warning')
    .innerJoin('task', 'task.id', 'warning.taskId')
    .select('task.id')
    .distinct()
    .where('warning.resolvedOn', 'is', null)
    .where((eb) => eb.or([eb('task.status', '=', 'done'), eb('task.doneOn', 'is not', null)]))
    .orderBy('task.id')
    .execute();
  return rows.map((row) => row.id);
}

/** One task as the check sees it, read in the transaction that acts on it. */
export async function checkedTask(
  db: Kysely<Database>,
  taskId: number,
): Promise<CheckedTask | undefined> {
  const task = await db
    .selectFrom('task')
    .innerJoin('planNode', 'planNode.id', 'task.planNodeId')
    .innerJoin('orgUnit', 'orgUnit.code', 'task.leadUnitCode')
    .select([
      'task.id',
      'task.title',
      'planNode.planId',
      'task.leadUnitCode',
      'orgUnit.nameZh as leadUnitNameZh',
      'orgUnit.nameEn as leadUnitNameEn',
      'task.assignedByUnitCode',
      'task.startOn',
      'task.dueOn',
      'task.status',
      'task.lastUpdateOn',
      'task.doneOn',
    ])
    .where('task.id', '=', taskId)
    .executeTakeFirst();
  if (!task) return undefined;
  const milestones = await db
    .selectFrom('taskMilestone')
    .select(['title', 'dueOn', 'doneOn'])
    .where('taskId', '=', taskId)
    .orderBy('sortOrder')
    .orderBy('id')
    .execute();
  const indicators = await db
    .selectFrom('taskIndicator')
    .select('indicatorCode')
    .where('taskId', '=', taskId)
    .orderBy('indicatorCode')
    .execute();
  const done = task.status === 'done' || task.doneOn !== null;
  return {
    id: task.id,
    title: task.title,
    planId: task.planId,
    leadUnitCode: task.leadUnitCode,
    leadUnitNameZh: task.leadUnitNameZh,
    leadUnitNameEn: task.leadUnitNameEn,
    assignedByUnitCode: task.assignedByUnitCode,
    done,
    state: {
      id: task.id,
      startOn: task.startOn,
      dueOn: task.dueOn,
      // The task row keeps its latest update's status and day; not_started with no day is "no update yet".
      latestStatus: done ? 'done' : task.lastUpdateOn === null ? null : updateStatus(task.status),
      lastUpdateOn: task.lastUpdateOn,
      milestones,
    },
    indicators: indicators.map((row) => row.indicatorCode),
  };
}

export async function openWarningsOf(
  db: Kysely<Database>,
  taskId: number,
): Promise<OpenWarningRow[]> {
  return db
    .selectFrom('warning')
    .select(['id', 'key', 'kind', 'since', 'raisedOn', 'escalatedOn'])
    .where('taskId', '=', taskId)
    .where('resolvedOn', 'is', null)
    .orderBy('id')
    .execute();
}

function updateStatus(status: string): TaskUpdateStatus | null {
  return (TASK_UPDATE_STATUSES as readonly string[]).includes(status)
    ? (status as TaskUpdateStatus)
    : null;
}
