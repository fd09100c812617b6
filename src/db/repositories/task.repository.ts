/**
 * Tasks, their participants, indicators, milestones, progress updates and
 * evidence rows. Who may see a task is decided here, in SQL, by unit path
 * prefixes: its lead unit, its assigning unit or one of its participants lies
 * within one of the reader's scopes.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { inBatches, selectByKeys } from '../batch.js';
import type {
  AttachmentRow,
  Database,
  OrgUnitRow,
  PlanNodeRow,
  TaskMilestoneRow,
  TaskRow,
  TaskUpdateReviewState,
  TaskUpdateRow,
  WarningRow,
} from '../schema.js';

/**
 * The subtrees (materialised paths) a reader sees tasks in; null: every task
 * (a nationwide reader). An empty list sees nothing.
 */
export type TaskVisibility = readonly string[] | null;

export interface TaskListFilter {
  planCode?: string | undefined;
  measurePath?: string | undefined;
  /** Tasks led by this unit, or (with `leadUnderPath`) by any unit in its subtree. */
  leadUnitCode?: string | undefined;
  leadUnderPath?: string | undefined;
  statuses?: readonly string[] | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Tasks not done whose due date is before this day. */
  overdueOn?: string | undefined;
  parentTaskId?: number | undefined;
  topLevel?: boolean | undefined;
  /** Tasks led by one of these units or with one of them among the participants. */
  mineUnitCodes?: readonly string[] | undefined;
  titleSearch?: string | undefined;
  ids?: readonly number[] | undefined;
  limit: number;
  offset: number;
}

/** A task with what its summary shows: plan, measure, lead and assigning units. */
export interface TaskListRow extends TaskRow {
  planCode: string;
  measurePath: string;
  measureTitle: string;
  leadNameZh: string;
  leadNameEn: string | null;
  leadLevel: string;
  leadPath: string;
  assignerNameZh: string;
  assignerNameEn: string | null;
  assignerLevel: string;
  assignerPath: string;
}

export interface ParticipantRow {
  taskId: number;
  code: string;
  nameZh: string;
  nameEn: string | null;
  level: string;
  path: string;
}

/** A task's columns as the service gives them: deliverables a list, isExample a flag. */
export type NewTask = Pick<
  TaskRow,
  | 'planNodeId'
  | 'parentTaskId'
  | 'title'
  | 'description'
  | 'leadUnitCode'
  | 'assignedByUnitCode'
  | 'startOn'
  | 'dueOn'
  | 'createdBy'
  | 'createdAt'
> & { deliverables: readonly string[]; isExample: boolean };

export type TaskFieldsChange = Omit<
  NewTask,
  'planNodeId' | 'isExample' | 'createdBy' | 'createdAt'
> &
  Pick<TaskRow, 'updatedAt'>;

export type TaskProgressChange = Pick<
  TaskRow,
  'status' | 'percentComplete' | 'doneOn' | 'updatedAt'
> & { lastUpdateOn: string };

export type NewMilestone = Pick<TaskMilestoneRow, 'title' | 'dueOn' | 'doneOn'>;

export type NewTaskUpdate = Omit<
  TaskUpdateRow,
  'id' | 'reviewState' | 'reviewedBy' | 'reviewedAt' | 'reviewNote'
>;

/** An evidence file's row before the store gives it an id. */
export type NewAttachment = Omit<AttachmentRow, 'id'>;

export interface CoverageCountRow {
  planNodeId: number;
  all: number;
  topLevel: number;
  done: number;
  delayed: number;
  atRisk: number;
  overdue: number;
}

type TaskScope = ExpressionBuilder<
  Database & { lead: Database['orgUnit']; assigner: Database['orgUnit'] },
  'task' | 'lead' | 'assigner'
>;

export class TaskRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // ---- what tasks refer to ----

  async planByCode(code: string): Promise<{ id: number; code: string } | undefined> {
    return this.db
      .selectFrom('plan')
      .select(['id', 'code'])
      .where('code', '=', code)
      .executeTakeFirst();
  }

  async planNode(planId: number, path: string): Promise<PlanNodeRow | undefined> {
    return this.db
      .selectFrom('planNode')
      .selectAll()
      .where('planId', '=', planId)
      .where('path', '=', path)
      .executeTakeFirst();
  }

  async planNodeById(id: number): Promise<PlanNodeRow | undefined> {
    return this.db.selectFrom('planNode').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every measure of a plan in document order. */
  async measures(planId: number): Promise<PlanNodeRow[]> {
    return this.db
      .selectFrom('planNode')
      .selectAll()
      .where('planId', '=', planId)
      .where('kind', '=', 'measure')
      .orderBy('sortOrder')
      .execute();
  }

  async units(codes: readonly string[]): Promise<OrgUnitRow[]> {
    return selectByKeys(codes, (batch) =>
      this.db.selectFrom('orgUnit').selectAll().where('code', 'in', batch).execute(),
    );
  }

  async existingIndicators(codes: readonly string[]): Promise<Set<string>> {
    const rows = await selectByKeys(codes, (batch) =>
      this.db.selectFrom('indicator').select('code').where('code', 'in', batch).execute(),
    );
    return new Set(rows.map((row) => row.code));
  }

  // ---- tasks ----

  async get(id: number): Promise<TaskRow | undefined> {
    return this.db.selectFrom('task').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async getMany(ids: readonly number[]): Promise<TaskRow[]> {
    return selectByKeys(ids, (batch) =>
      this.db.selectFrom('task').selectAll().where('id', 'in', batch).execute(),
    );
  }

  /** Each task of a measure with its parent: the links a new parent must not close into a cycle. */
  async parentLinks(planNodeId: number): Promise<Map<number, number | null>> {
    const rows = await this.db
      .selectFrom('task')
      .select(['id', 'parentTaskId'])
      .where('planNodeId', '=', planNodeId)
      .execute();
    return new Map(rows.map((row) => [row.id, row.parentTaskId]));
  }

  /** The direct sub-tasks of a task. */
  async children(id: number): Promise<TaskRow[]> {
    return this.db
      .selectFrom('task')
      .selectAll()
      .where('parentTaskId', '=', id)
      .orderBy('dueOn')
      .orderBy('id')
      .execute();
  }

  async participantCodes(taskId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('taskParticipant')
      .select('orgUnitCode')
      .where('taskId', '=', taskId)
      .orderBy('orgUnitCode')
      .execute();
    return rows.map((row) => row.orgUnitCode);
  }

  async indicatorCodes(taskId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('taskIndicator')
      .select('indicatorCode')
      .where('taskId', '=', taskId)
      .orderBy('indicatorCode')
      .execute();
    return rows.map((row) => row.indicatorCode);
  }

  async insert(task: NewTask): Promise<number> {
    const row = await this.db
      .insertInto('task')
      .values({
        planNodeId: task.planNodeId,
        parentTaskId: task.parentTaskId,
        title: task.title,
        description: task.description,
        leadUnitCode: task.leadUnitCode,
        assignedByUnitCode: task.assignedByUnitCode,
        startOn: task.startOn,
        dueOn: task.dueOn,
        deliverables: JSON.stringify(task.deliverables),
        status: 'not_started',
        percentComplete: 0,
        lastUpdateOn: null,
        doneOn: null,
        isExample: task.isExample ? 1 : 0,
        createdBy: task.createdBy,
        createdAt: task.createdAt,
        updatedAt: task.createdAt,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Changes a task if it is still at `expectedVersion`; false when someone changed it first. */
  async change(id: number, expectedVersion: number, change: TaskFieldsChange): Promise<boolean> {
    const result = await this.db
      .updateTable('task')
      .set({
        parentTaskId: change.parentTaskId,
        title: change.title,
        description: change.description,
        leadUnitCode: change.leadUnitCode,
        assignedByUnitCode: change.assignedByUnitCode,
        startOn: change.startOn,
        dueOn: change.dueOn,
        deliverables: JSON.stringify(change.deliverables),
        updatedAt: change.updatedAt,
        version: expectedVersion + 1,
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Sub-tasks are assigned by their parent's lead unit: when it changes, so does theirs. */
  async reassignChildren(
    parentId: number,
    assignedByUnitCode: string,
    at: string,
  ): Promise<number[]> {
    const rows = await this.db
      .updateTable('task')
      .set((eb) => ({ assignedByUnitCode, updatedAt: at, version: eb('version', '+', 1) }))
      .where('parentTaskId', '=', parentId)
      .where('assignedByUnitCode', '<>', assignedByUnitCode)
      .returning('id')
      .execute();
    return rows.map((row) => row.id).sort((a, b) => a - b);
  }

  /** Records the latest update's status and figures; the version moves on. */
  async recordProgress(id: number, progress: TaskProgressChange): Promise<void> {
    await this.db
      .updateTable('task')
      .set((eb) => ({
        status: progress.status,
        percentComplete: progress.percentComplete,
        lastUpdateOn: progress.lastUpdateOn,
        doneOn: progress.doneOn,
        updatedAt: progress.updatedAt,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
  }

  async replaceParticipants(taskId: number, codes: readonly string[]): Promise<void> {
    await this.db.deleteFrom('taskParticipant').where('taskId', '=', taskId).execute();
    for (const batch of inBatches(codes, 2)) {
      await this.db
        .insertInto('taskParticipant')
        .values(batch.map((orgUnitCode) => ({ taskId, orgUnitCode })))
        .execute();
    }
  }

  async replaceIndicators(taskId: number, codes: readonly string[]): Promise<void> {
    await this.db.deleteFrom('taskIndicator').where('taskId', '=', taskId).execute();
    for (const batch of inBatches(codes, 2)) {
      await this.db
        .insertInto('taskIndicator')
        .values(batch.map((indicatorCode) => ({ taskId, indicatorCode })))
        .execute();
    }
  }

  async replaceMilestones(taskId: number, milestones: readonly NewMilestone[]): Promise<void> {
    await this.db.deleteFrom('taskMilestone').where('taskId', '=', taskId).execute();
    const rows = milestones.map((milestone, index) => ({ taskId, ...milestone, sortOrder: index }));
    for (const batch of inBatches(rows, 5)) {
      await this.db.insertInto('taskMilestone').values(batch).execute();
    }
  }

  // ---- reading tasks as their summaries show them ----

  /** Tasks matching the filter that the reader sees, by due date then id, with the total. */
  async list(
    filter: TaskListFilter,
    visibility: TaskVisibility,
  ): Promise<{ rows: TaskListRow[]; total: number }> {
    if (visibility !== null && visibility.length === 0) return { rows: [], total: 0 };
    if (filter.ids?.length === 0 || filter.statuses?.length === 0) return { rows: [], total: 0 };
    let select = this.db
      .selectFrom('task')
      .innerJoin('planNode', 'planNode.id', 'task.planNodeId')
      .innerJoin('plan', 'plan.id', 'planNode.planId')
      .innerJoin('orgUnit as lead', 'lead.code', 'task.leadUnitCode')
      .innerJoin('orgUnit as assigner', 'assigner.code', 'task.assignedByUnitCode');
    if (filter.planCode !== undefined) select = select.where('plan.code', '=', filter.planCode);
    if (filter.measurePath !== undefined)
      select = select.where('planNode.path', '=', filter.measurePath);
    if (filter.leadUnderPath !== undefined)
      select = select.where('lead.path', 'like', `${filter.leadUnderPath}%`);
    else if (filter.leadUnitCode !== undefined)
      select = select.where('task.leadUnitCode', '=', filter.leadUnitCode);
    if (filter.statuses !== undefined) select = select.where('task.status', 'in', filter.statuses);
    if (filter.dueFrom !== undefined) select = select.where('task.dueOn', '>=', filter.dueFrom);
    if (filter.dueTo !== undefined) select = select.where('task.dueOn', '<=', filter.dueTo);
    if (filter.overdueOn !== undefined)
      select = select.where('task.dueOn', '<', filter.overdueOn).where('task.status', '<>', 'done');
    if (filter.parentTaskId !== undefined)
      select = select.where('task.parentTaskId', '=', filter.parentTaskId);
    if (filter.topLevel) select = select.where('task.parentTaskId', 'is', null);
    if (filter.ids !== undefined) select = select.where('task.id', 'in', filter.ids);
    if (filter.titleSearch !== undefined && filter.titleSearch !== '') {
      const pattern = `%${escapeLike(filter.titleSearch.toLowerCase())}%`;
      select = select.where((eb) => like(eb.fn('lower', ['task.title']), pattern));
    }
    const mine = filter.mineUnitCodes;
    if (mine !== undefined) {
      if (mine.length === 0) return { rows: [], total: 0 };
      select = select.where((eb) =>
        eb.or([
          eb('task.leadUnitCode', 'in', mine),
          eb.exists(
            eb
              .selectFrom('taskParticipant')
              .select('taskParticipant.taskId')
              .whereRef('taskParticipant.taskId', '=', 'task.id')
              .where('taskParticipant.orgUnitCode', 'in', mine),
          ),
        ]),
      );
    }
    if (visibility !== null) select = select.where((eb) => visibleTo(eb, visibility));

    const [rows, count] = await Promise.all([
      select
        .selectAll('task')
        .select([
          'plan.code as planCode',
          'planNode.path as measurePath',
          'planNode.title as measureTitle',
          'lead.nameZh as leadNameZh',
          'lead.nameEn as leadNameEn',
          'lead.level as leadLevel',
          'lead.path as leadPath',
          'assigner.nameZh as assignerNameZh',
          'assigner.nameEn as assignerNameEn',
          'assigner.level as assignerLevel',
          'assigner.path as assignerPath',
        ])
        .orderBy('task.dueOn')
        .orderBy('task.id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      select.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  /** Whether the reader sees the task (404 otherwise, so its existence is not revealed). */
  async isVisible(id: number, visibility: TaskVisibility): Promise<boolean> {
    const { rows } = await this.list({ ids: [id], limit: 1, offset: 0 }, visibility);
    return rows.length === 1;
  }

  async participantsOf(taskIds: readonly number[]): Promise<ParticipantRow[]> {
    return selectByKeys(taskIds, (batch) =>
      this.db
        .selectFrom('taskParticipant')
        .innerJoin('orgUnit', 'orgUnit.code', 'taskParticipant.orgUnitCode')
        .select([
          'taskParticipant.taskId',
          'orgUnit.code',
          'orgUnit.nameZh',
          'orgUnit.nameEn',
          'orgUnit.level',
          'orgUnit.path',
        ])
        .where('taskParticipant.taskId', 'in', batch)
        .orderBy('orgUnit.sortOrder')
        .orderBy('orgUnit.code')
        .execute(),
    );
  }

  async milestonesOf(taskIds: readonly number[]): Promise<TaskMilestoneRow[]> {
    return selectByKeys(taskIds, (batch) =>
      this.db
        .selectFrom('taskMilestone')
        .selectAll()
        .where('taskId', 'in', batch)
        .orderBy('taskId')
        .orderBy('sortOrder')
        .execute(),
    );
  }

  /** How many sub-tasks each task has (all of them, whoever sees them). */
  async subTaskCounts(taskIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await selectByKeys(taskIds, (batch) =>
      this.db
        .selectFrom('task')
        .select(['parentTaskId', (eb) => eb.fn.countAll<number>().as('n')])
        .where('parentTaskId', 'in', batch)
        .groupBy('parentTaskId')
        .execute(),
    );
    return new Map(rows.map((row) => [row.parentTaskId!, Number(row.n)]));
  }

  async openWarningCounts(taskIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await selectByKeys(taskIds, (batch) =>
      this.db
        .selectFrom('warning')
        .select(['taskId', (eb) => eb.fn.countAll<number>().as('n')])
        .where('resolvedOn', 'is', null)
        .where('taskId', 'in', batch)
        .groupBy('taskId')
        .execute(),
    );
    return new Map(rows.map((row) => [row.taskId!, Number(row.n)]));
  }

  async warningsOf(taskId: number): Promise<WarningRow[]> {
    return this.db
      .selectFrom('warning')
      .selectAll()
      .where('taskId', '=', taskId)
      .orderBy('raisedOn', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** The open warnings of a task, optionally of some kinds only. */
  async openWarningIds(taskId: number, kinds?: readonly string[]): Promise<number[]> {
    let select = this.db
      .selectFrom('warning')
      .select('id')
      .where('taskId', '=', taskId)
      .where('resolvedOn', 'is', null);
    if (kinds !== undefined) select = select.where('kind', 'in', kinds);
    return (await select.execute()).map((row) => row.id);
  }

  /** Per measure of a plan, counts over the tasks the reader sees. */
  async coverageCounts(
    planId: number,
    today: string,
    visibility: TaskVisibility,
  ): Promise<CoverageCountRow[]> {
    if (visibility !== null && visibility.length === 0) return [];
    const countWhen = (condition: Expression<SqlBool>) =>
      sql<number>`sum(case when ${condition} then 1 else 0 end)`;
    let select = this.db
      .selectFrom('task')
      .innerJoin('planNode', 'planNode.id', 'task.planNodeId')
      .innerJoin('orgUnit as lead', 'lead.code', 'task.leadUnitCode')
      .innerJoin('orgUnit as assigner', 'assigner.code', 'task.assignedByUnitCode')
      .where('planNode.planId', '=', planId);
    if (visibility !== null) select = select.where((eb) => visibleTo(eb, visibility));
    const rows = await select
      .select((eb) => [
        'task.planNodeId',
        eb.fn.countAll<number>().as('all'),
        countWhen(eb('task.parentTaskId', 'is', null)).as('topLevel'),
        countWhen(eb('task.status', '=', 'done')).as('done'),
        countWhen(eb('task.status', '=', 'delayed')).as('delayed'),
        countWhen(eb('task.status', '=', 'at_risk')).as('atRisk'),
        countWhen(eb.and([eb('task.status', '<>', 'done'), eb('task.dueOn', '<', today)])).as(
          'overdue',
        ),
      ])
      .groupBy('task.planNodeId')
      .execute();
    return rows.map((row) => ({
      planNodeId: row.planNodeId,
      all: Number(row.all),
      topLevel: Number(row.topLevel),
      done: Number(row.done),
      delayed: Number(row.delayed),
      atRisk: Number(row.atRisk),
      overdue: Number(row.overdue),
    }));
  }

  // ---- progress updates and their evidence ----

  async insertUpdate(update: NewTaskUpdate): Promise<number> {
    const row = await this.db
      .insertInto('taskUpdate')
      .values({
        ...update,
        reviewState: 'pending',
        reviewedBy: null,
        reviewedAt: null,
        reviewNote: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async getUpdate(id: number): Promise<TaskUpdateRow | undefined> {
    return this.db.selectFrom('taskUpdate').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A task's updates, newest first. */
  async updatesOf(taskId: number): Promise<TaskUpdateRow[]> {
    return this.db
      .selectFrom('taskUpdate')
      .selectAll()
      .where('taskId', '=', taskId)
      .orderBy('postedAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  async review(
    id: number,
    review: { state: TaskUpdateReviewState; by: string; at: string; note: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('taskUpdate')
      .set({
        reviewState: review.state,
        reviewedBy: review.by,
        reviewedAt: review.at,
        reviewNote: review.note,
      })
      .where('id', '=', id)
      .execute();
  }

  async insertAttachments(attachments: readonly NewAttachment[]): Promise<void> {
    for (const batch of inBatches(attachments, 9)) {
      await this.db.insertInto('attachment').values(batch).execute();
    }
  }

  async attachment(id: number): Promise<AttachmentRow | undefined> {
    return this.db.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async attachmentsOf(ownerType: string, ownerIds: readonly number[]): Promise<AttachmentRow[]> {
    return selectByKeys(ownerIds, (batch) =>
      this.db
        .selectFrom('attachment')
        .selectAll()
        .where('ownerType', '=', ownerType)
        .where('ownerId', 'in', batch)
        .orderBy('id')
        .execute(),
    );
  }
}

/** The task's lead unit, assigning unit or a participant lies within one of the scopes. */
function visibleTo(eb: TaskScope, scopes: readonly string[]): Expression<SqlBool> {
  return eb.or([
    ...scopes.flatMap((path) => [
      eb('lead.path', 'like', `${path}%`),
      eb('assigner.path', 'like', `${path}%`),
    ]),
    eb.exists(
      eb
        .selectFrom('taskParticipant')
        .innerJoin('orgUnit as participant', 'participant.code', 'taskParticipant.orgUnitCode')
        .select('taskParticipant.taskId')
        .whereRef('taskParticipant.taskId', '=', 'task.id')
        .where((inner) =>
          inner.or(scopes.map((path) => inner('participant.path', 'like', `${path}%`))),
        ),
    ),
  ]);
}

/** LIKE with an explicit escape character: SQLite has no default one, PostgreSQL's is the same. */
function like(value: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${value} like ${pattern} escape '\\'`;
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (char) => `\\${char}`);
}
