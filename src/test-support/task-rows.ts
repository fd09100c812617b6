/**
 * Tasks written straight into the tables for the early-warning and alignment tests, the
 * way the task service keeps them: the task row carries its latest update's
 * status and day, and done tasks their day of completion.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface TaskSeed {
  title: string;
  leadUnit: string;
  assignedBy: string;
  startOn: string;
  dueOn: string;
  milestones?: { title: string; dueOn: string; doneOn?: string | null }[];
  indicators?: string[];
  /** The measure's path in the Outline. */
  measure?: string;
  /** A first update already posted. */
  update?: { status: string; reportedOn: string };
}

export async function insertTask(db: Kysely<Database>, seed: TaskSeed): Promise<number> {
  const node = await db
    .selectFrom('planNode')
    .innerJoin('plan', 'plan.id', 'planNode.planId')
    .select('planNode.id')
    .where('plan.code', '=', 'nids-2016')
    .where('planNode.path', '=', seed.measure ?? 'III.1.1')
    .executeTakeFirstOrThrow();
  const at = '2026-01-01T00:00:00.000Z';
  const { id } = await db
    .insertInto('task')
    .values({
      planNodeId: node.id,
      parentTaskId: null,
      title: seed.title,
      description: '',
      leadUnitCode: seed.leadUnit,
      assignedByUnitCode: seed.assignedBy,
      startOn: seed.startOn,
      dueOn: seed.dueOn,
      deliverables: '[]',
      status: 'not_started',
      percentComplete: 0,
      lastUpdateOn: null,
      doneOn: null,
      isExample: 0,
      createdBy: 'test',
      createdAt: at,
      updatedAt: at,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [index, milestone] of (seed.milestones ?? []).entries()) {
    await db
      .insertInto('taskMilestone')
      .values({
        taskId: id,
        title: milestone.title,
        dueOn: milestone.dueOn,
        doneOn: milestone.doneOn ?? null,
        sortOrder: index,
      })
      .execute();
  }
  for (const indicatorCode of seed.indicators ?? []) {
    await db.insertInto('taskIndicator').values({ taskId: id, indicatorCode }).execute();
  }
  if (seed.update) await postUpdate(db, id, seed.update.status, seed.update.reportedOn);
  return id;
}

/** A progress update, and the task row following it. */
export async function postUpdate(
  db: Kysely<Database>,
  taskId: number,
  status: string,
  reportedOn: string,
): Promise<void> {
  await db
    .insertInto('taskUpdate')
    .values({
      taskId,
      status,
      percentComplete: status === 'done' ? 100 : 50,
      narrative: `${status} on ${reportedOn}`,
      reason: status === 'delayed' || status === 'at_risk' ? 'a reason' : null,
      reportedOn,
      postedBy: 'test',
      postedAt: `${reportedOn}T09:00:00.000Z`,
      reviewState: 'pending',
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
    })
    .execute();
  await db
    .updateTable('task')
    .set({
      status,
      percentComplete: status === 'done' ? 100 : 50,
      lastUpdateOn: reportedOn,
      doneOn: status === 'done' ? reportedOn : null,
    })
    .where('id', '=', taskId)
    .execute();
}

export async function markMilestoneDone(
  db: Kysely<Database>,
  taskId: number,
  title: string,
  doneOn: string,
): Promise<void> {
  await db
    .updateTable('taskMilestone')
    .set({ doneOn })
    .where('taskId', '=', taskId)
    .where('title', '=', title)
    .execute();
}
