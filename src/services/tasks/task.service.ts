/**
 * Tasks under a plan's measures: created and broken down the unit tree,
 * changed under a version check, reported on with evidence files, reviewed.
 * Who sees a task: readers of its lead unit, its assigning unit or one of its
 * participants (decided in SQL). Every change is audited in its own
 * transaction, with the notices it causes (Notices).
 */
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  presentTaskSummary,
  presentTaskUpdate,
  presentWarning,
} from '../../api/task-presenters.js';
import {
  taskChangeSchema,
  taskCreateSchema,
  taskListQuerySchema,
  taskStatuses,
  taskUpdateCreateSchema,
  taskUpdateReviewSchema,
  type TaskChange,
  type TaskCoverage,
  type TaskCreate,
  type TaskDetail,
  type TaskList,
  type TaskListQuery,
  type TaskSummary,
  type TaskUpdate,
} from '../../api/tasks-contract.js';
import {
  actionsOf,
  decide,
  scopesFor,
  type Action,
  type Principal,
  type Role,
} from '../../core/access/policy.js';
import { findUnstorableText } from '../../core/storable-text.js';
import { checkSchedule, checkUpdate, cycleThrough } from '../../core/tasks/index.js';
import type { Db, Tx } from '../../db/connect.js';
import {
  TaskRepository,
  type TaskListFilter,
  type TaskListRow,
  type TaskVisibility,
} from '../../db/repositories/task.repository.js';
import { UserRepository } from '../../db/repositories/user.repository.js';
import type { OrgUnitRow, TaskRow } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  UnauthorizedError,
  type Problem,
} from '../errors.js';
import {
  DEFAULT_EVIDENCE_LIMITS,
  discardOnFailure,
  EvidenceStore,
  type EvidenceBatch,
  type EvidenceLimits,
} from './evidence-store.js';
import { Notices, OWNER_ROLES } from './notices.js';

export interface TaskServiceOptions {
  /** The clock "today" comes from. */
  now?: () => Date;
  /** Where evidence files are kept. */
  filesDir: string;
  /** Smaller limits for tests; by default 20 MiB per file, 50 MiB per update, 10 files. */
  evidenceLimits?: Partial<EvidenceLimits> | undefined;
}

/** One row of a breakdown: a task, named by `ref`, under an existing task or an earlier row. */
export type BreakdownRow = TaskCreate & { ref: string; parentRef?: string | null };

export interface BreakdownOptions {
  /** Marks the tasks as part of the example breakdown shipped with the demo data. */
  isExample?: boolean;
}

/** What a breakdown created: each row's ref with the new task's id, in row order. */
export interface CreatedTask {
  ref: string;
  id: number;
}

/** An evidence file ready to be streamed to the client. */
export interface AttachmentDownload {
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  content: Readable;
}

type UserPrincipal = Extract<Principal, { kind: 'user' }>;
type ParsedCreate = z.output<typeof taskCreateSchema>;

/** Who is told that an update was posted at the assigning unit. */
const UPDATE_WATCHERS = ['coordinator', 'reviewer'] as const;

/** A row of a breakdown once checked: everything the insert needs. */
interface PlannedTask {
  ref: string;
  input: ParsedCreate;
  planNodeId: number;
  parent: { existing: TaskRow } | { row: number } | null;
  leadUnit: OrgUnitRow;
  assignedByUnitCode: string;
}

export class TaskService {
  readonly evidence: EvidenceStore;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    options: TaskServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.evidence = new EvidenceStore(options.filesDir, {
      ...DEFAULT_EVIDENCE_LIMITS,
      ...options.evidenceLimits,
    });
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  // ---- creating and breaking down ----

  /**
   * Creates every row's task in one transaction, all or nothing. Every problem
   * of every row is collected first (`rows[3].dueOn`); units outside the
   * caller's scope are refused (403) naming them.
   */
  async createBreakdown(
    principal: Principal,
    actor: Actor,
    rows: readonly BreakdownRow[],
    options: BreakdownOptions = {},
  ): Promise<CreatedTask[]> {
    return this.createRows(principal, actor, rows, options, (index) => `rows[${index}].`);
  }

  /** Creates one task (the one-row case of a breakdown); 201 with its detail. */
  async create(principal: Principal, actor: Actor, input: TaskCreate): Promise<TaskDetail> {
    const [created] = await this.createRows(
      principal,
      actor,
      [{ ...input, ref: 'task' }],
      {},
      () => '',
    );
    return this.get(principal, created!.id);
  }

  private async createRows(
    principal: Principal,
    actor: Actor,
    rows: readonly BreakdownRow[],
    options: BreakdownOptions,
    prefix: (index: number) => string,
  ): Promise<CreatedTask[]> {
    const user = signedIn(principal);
    const repository = new TaskRepository(this.db);
    // Problems by row, reported in row order whichever check found them.
    const problems: (Problem & { row: number })[] = [];
    const forbidden: string[] = [];
    const problem = (index: number, field: string, message: string) =>
      problems.push({ row: index, path: `${prefix(index)}${field}`, message });

    // Shapes first: each row on its own, then the refs between rows.
    const parsed: (ParsedCreate | null)[] = rows.map((row, index) => {
      const result = taskCreateSchema.safeParse(row);
      if (result.success) return result.data;
      for (const issue of result.error.issues) problem(index, fieldPath(issue.path), issue.message);
      return null;
    });
    const rowByRef = new Map<string, number>();
    rows.forEach((row, index) => {
      if (typeof row.ref !== 'string' || row.ref.trim() === '') {
        problem(index, 'ref', 'every row needs a ref that later rows can name as their parent');
      } else if (rowByRef.has(row.ref)) {
        problem(index, 'ref', `"${row.ref}" is the ref of row ${rowByRef.get(row.ref)! + 1} too`);
      } else rowByRef.set(row.ref, index);
    });

    // Everything the rows refer to, loaded at once.
    const existingParents = new Map(
      (
        await repository.getMany(
          parsed.flatMap((row) => (row?.parentTaskId != null ? [row.parentTaskId] : [])),
        )
      ).map((task) => [task.id, task]),
    );
    const units = new Map(
      (
        await repository.units([
          ...parsed.flatMap((row) => (row ? [row.leadUnit, ...row.participants] : [])),
          ...[...existingParents.values()].map((task) => task.leadUnitCode),
        ])
      ).map((unit) => [unit.code, unit]),
    );
    const indicators = await repository.existingIndicators(
      parsed.flatMap((row) => row?.indicators ?? []),
    );
    const measures = new MeasureLookup(repository);

    const planned: (PlannedTask | null)[] = [];
    for (const [index, input] of parsed.entries()) {
      const raw = rows[index]!;
      if (!input) {
        planned.push(null);
        continue;
      }
      const rowProblems = problems.length;
      // The parent: an existing task or an earlier row.
      let parent: PlannedTask['parent'] = null;
      let parentSpan: { startOn: string; dueOn: string; label: string } | null = null;
      let parentLead: OrgUnitRow | undefined;
      let parentNodeId: number | null = null;
      const parentRef = raw.parentRef ?? null;
      if (input.parentTaskId != null && parentRef !== null) {
        problem(index, 'parentRef', 'name the parent by parentTaskId or by parentRef, not both');
      } else if (input.parentTaskId != null) {
        const existing = existingParents.get(input.parentTaskId);
        if (!existing) problem(index, 'parentTaskId', `no task has id ${input.parentTaskId}`);
        else {
          parent = { existing };
          parentSpan = { ...existing, label: `task ${existing.id} "${existing.title}"` };
          parentLead = units.get(existing.leadUnitCode);
          parentNodeId = existing.planNodeId;
        }
      } else if (parentRef !== null) {
        const parentIndex = rowByRef.get(parentRef);
        if (parentIndex === undefined) problem(index, 'parentRef', `no row has ref "${parentRef}"`);
        else if (parentIndex >= index)
          problem(
            index,
            'parentRef',
            `row "${parentRef}" comes later: list a parent before its sub-tasks`,
          );
        else {
          const parentRow = planned[parentIndex];
          // A parent row with problems of its own is reported there.
          if (parentRow) {
            parent = { row: parentIndex };
            parentSpan = { ...parentRow.input, label: `row "${parentRef}"` };
            parentLead = parentRow.leadUnit;
            parentNodeId = parentRow.planNodeId;
          } else if (problems.length === rowProblems) {
            problem(index, 'parentRef', `row "${parentRef}" cannot be created (see its problems)`);
          }
        }
      }

      // The measure: a sub-task implements its parent's.
      let planNodeId: number | null = null;
      const named =
        input.measure !== undefined
          ? await measures.find(input.plan, input.measure)
          : { problem: null, node: null };
      if (named.problem) problem(index, named.problem.field, named.problem.message);
      if (parentNodeId !== null) {
        if (named.node && named.node.id !== parentNodeId) {
          const parentMeasure = await measures.pathOf(parentNodeId);
          problem(
            index,
            'measure',
            `a sub-task implements its parent's measure ${parentMeasure}, not ${input.measure}: leave measure out or name that one`,
          );
        }
        planNodeId = parentNodeId;
      } else if (input.measure === undefined) {
        if (parent === null && input.parentTaskId == null && parentRef === null)
          problem(index, 'measure', 'name the measure the task implements (e.g. III.3.3)');
      } else planNodeId = named.node?.id ?? null;

      // Units: known, the lead not among the participants, none twice.
      const leadUnit = units.get(input.leadUnit);
      if (!leadUnit) problem(index, 'leadUnit', `no org unit has code ${input.leadUnit}`);
      checkParticipants(input.leadUnit, input.participants, units, (field, message) =>
        problem(index, field, message),
      );
      checkIndicators(input.indicators, indicators, (field, message) =>
        problem(index, field, message),
      );

      // Dates: in order, milestones within, within the parent's span.
      for (const found of checkSchedule(input)) problem(index, found.field, found.message);
      if (parentSpan) {
        for (const found of spanProblems(input, parentSpan))
          problem(index, found.field, found.message);
      }

      // Scope: the caller manages the lead unit, every participant and the parent's lead unit.
      const where = (field: string) => (prefix(index) ? ` (${prefix(index)}${field})` : '');
      if (leadUnit && !allowed(user, 'task:manage', leadUnit.path))
        forbidden.push(`${leadUnit.code}${where('leadUnit')}`);
      input.participants.forEach((code, position) => {
        const unit = units.get(code);
        if (unit && !allowed(user, 'task:manage', unit.path))
          forbidden.push(`${code}${where(`participants[${position}]`)}`);
      });
      if (parentLead && !allowed(user, 'task:manage', parentLead.path))
        forbidden.push(`${parentLead.code}, the lead unit of the parent${where('parentTaskId')}`);

      const assignedByUnitCode =
        parentLead?.code ?? (leadUnit ? deepestGrant(user, 'task:manage', leadUnit.path) : null);
      if (
        problems.length > rowProblems ||
        !leadUnit ||
        planNodeId === null ||
        assignedByUnitCode === null
      ) {
        planned.push(null);
        continue;
      }
      planned.push({ ref: raw.ref, input, planNodeId, parent, leadUnit, assignedByUnitCode });
    }

    if (forbidden.length > 0) {
      throw new ForbiddenError(
        `${user.username} may not assign tasks on unit${forbidden.length > 1 ? 's' : ''} ${forbidden.join('; ')}: a unit outside your scope; nothing was created`,
      );
    }
    if (problems.length > 0) {
      const inRowOrder = problems
        .sort((a, b) => a.row - b.row)
        .map(({ path, message }) => ({ path, message }));
      throw new InputError(
        `${rows.length > 1 ? 'The breakdown' : 'The task'} cannot be created: ${summarise(inRowOrder)}`,
        inRowOrder,
      );
    }

    const createdAt = this.now().toISOString();
    // Inside a caller's transaction (a dry run, the defaults of a new store) it joins that one.
    const inTransaction = <T>(run: (trx: Tx) => Promise<T>): Promise<T> =>
      this.db.isTransaction ? run(this.db as Tx) : this.db.transaction().execute(run);
    return inTransaction(async (trx) => {
      const tasks = new TaskRepository(trx);
      const notices = new Notices(trx, this.now);
      const created: CreatedTask[] = [];
      for (const task of planned as PlannedTask[]) {
        const parentTaskId =
          task.parent === null
            ? null
            : 'existing' in task.parent
              ? task.parent.existing.id
              : created[task.parent.row]!.id;
        const id = await tasks.insert({
          planNodeId: task.planNodeId,
          parentTaskId,
          title: task.input.title,
          description: task.input.description,
          leadUnitCode: task.leadUnit.code,
          assignedByUnitCode: task.assignedByUnitCode,
          startOn: task.input.startOn,
          dueOn: task.input.dueOn,
          deliverables: task.input.deliverables,
          isExample: options.isExample ?? false,
          createdBy: actor.name,
          createdAt,
        });
        await tasks.replaceParticipants(id, task.input.participants);
        await tasks.replaceIndicators(id, task.input.indicators);
        await tasks.replaceMilestones(
          id,
          task.input.milestones.map((milestone) => ({ ...milestone, doneOn: null })),
        );
        await appendAudit(trx, actor, {
          action: 'task.create',
          entityType: 'task',
          entityId: String(id),
          after: {
            planNodeId: task.planNodeId,
            parentTaskId,
            title: task.input.title,
            leadUnit: task.leadUnit.code,
            assignedBy: task.assignedByUnitCode,
            participants: task.input.participants,
            startOn: task.input.startOn,
            dueOn: task.input.dueOn,
            milestones: task.input.milestones,
            deliverables: task.input.deliverables,
            indicators: task.input.indicators,
            isExample: options.isExample ?? false,
          },
        });
        await tellAssigned(
          notices,
          id,
          task.input.title,
          task.leadUnit.code,
          task.assignedByUnitCode,
          task.input.dueOn,
        );
        created.push({ ref: task.ref, id });
      }
      return created;
    });
  }

  // ---- changing ----

  /** Changes a task the caller manages, if it is still at the version they saw (409 otherwise). */
  async change(
    principal: Principal,
    actor: Actor,
    taskId: number,
    change: TaskChange,
  ): Promise<TaskDetail> {
    const user = signedIn(principal);
    const repository = new TaskRepository(this.db);
    const task = await repository.get(taskId);
    if (!task || !(await repository.isVisible(taskId, visibilityOf(user))))
      throw new NotFoundError(`No task has id ${taskId}`);
    const parsed = taskChangeSchema.safeParse(change);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => ({
        path: fieldPath(issue.path),
        message: issue.message,
      }));
      throw new InputError(`The change cannot be saved: ${summarise(problems)}`, problems);
    }
    const input = parsed.data;
    const [currentLead] = await repository.units([task.leadUnitCode]);
    if (!allowed(user, 'task:manage', currentLead!.path)) {
      throw new ForbiddenError(
        `${user.username} may not change task ${taskId}: its lead unit ${task.leadUnitCode} is outside your scope`,
      );
    }
    if (input.version !== task.version) throw await this.stale(user, task, input.version);

    const problems: Problem[] = [];
    const forbidden: string[] = [];
    const problem = (path: string, message: string) => problems.push({ path, message });
    const currentParticipants = await repository.participantCodes(taskId);
    const currentMilestones = (await repository.milestonesOf([taskId])).map((milestone) => ({
      title: milestone.title,
      dueOn: milestone.dueOn,
      doneOn: milestone.doneOn,
    }));
    const next = {
      title: input.title ?? task.title,
      description: input.description ?? task.description,
      leadUnit: input.leadUnit ?? task.leadUnitCode,
      participants: input.participants ?? currentParticipants,
      parentTaskId: input.parentTaskId === undefined ? task.parentTaskId : input.parentTaskId,
      startOn: input.startOn ?? task.startOn,
      dueOn: input.dueOn ?? task.dueOn,
      milestones: input.milestones ?? currentMilestones,
      deliverables: input.deliverables ?? (JSON.parse(task.deliverables) as string[]),
      indicators: input.indicators,
    };

    const parentChanged = next.parentTaskId !== task.parentTaskId;
    const parent = next.parentTaskId === null ? undefined : await repository.get(next.parentTaskId);
    const units = new Map(
      (
        await repository.units([
          next.leadUnit,
          ...next.participants,
          ...(parent ? [parent.leadUnitCode] : []),
        ])
      ).map((unit) => [unit.code, unit]),
    );
    const leadUnit = units.get(next.leadUnit);
    if (!leadUnit) problem('leadUnit', `no org unit has code ${next.leadUnit}`);
    checkParticipants(next.leadUnit, next.participants, units, problem);
    if (next.indicators !== undefined) {
      const known = await repository.existingIndicators(next.indicators);
      checkIndicators(next.indicators, known, problem);
    }
    for (const found of checkSchedule(next)) problem(found.field, found.message);
    next.milestones.forEach((milestone, index) => {
      if (milestone.doneOn !== null && !isRealDate(milestone.doneOn))
        problem(`milestones[${index}].doneOn`, `"${milestone.doneOn}" is not a date (YYYY-MM-DD)`);
    });

    if (next.parentTaskId !== null) {
      if (!parent) problem('parentTaskId', `no task has id ${next.parentTaskId}`);
      else {
        if (parentChanged) {
          if (parent.planNodeId !== task.planNodeId) {
            problem(
              'parentTaskId',
              `task ${parent.id} implements another measure: a sub-task implements its parent's measure`,
            );
          } else {
            const cycle = cycleThrough(
              taskId,
              parent.id,
              await repository.parentLinks(task.planNodeId),
            );
            if (cycle)
              problem(
                'parentTaskId',
                `task ${parent.id} lies under task ${taskId}: the link would close the cycle ${cycle.join(' → ')}`,
              );
          }
          const parentLead = units.get(parent.leadUnitCode);
          if (parentLead && !allowed(user, 'task:manage', parentLead.path))
            forbidden.push(`${parentLead.code}, the lead unit of the new parent task ${parent.id}`);
        }
        for (const found of spanProblems(next, {
          ...parent,
          label: `task ${parent.id} "${parent.title}"`,
        }))
          problem(found.field, found.message);
      }
    }
    // The sub-tasks must still fit.
    for (const child of await repository.children(taskId)) {
      if (child.startOn < next.startOn)
        problem(
          'startOn',
          `sub-task ${child.id} "${child.title}" starts ${child.startOn}, before ${next.startOn}`,
        );
      if (child.dueOn > next.dueOn)
        problem(
          'dueOn',
          `sub-task ${child.id} "${child.title}" is due ${child.dueOn}, after ${next.dueOn}`,
        );
    }

    const leadChanged = next.leadUnit !== task.leadUnitCode;
    if (leadChanged && leadUnit && !allowed(user, 'task:manage', leadUnit.path))
      forbidden.push(`${leadUnit.code} (leadUnit)`);
    if (input.participants !== undefined) {
      input.participants.forEach((code, index) => {
        const unit = units.get(code);
        if (unit && !allowed(user, 'task:manage', unit.path))
          forbidden.push(`${code} (participants[${index}])`);
      });
    }
    if (forbidden.length > 0) {
      throw new ForbiddenError(
        `${user.username} may not assign tasks on unit${forbidden.length > 1 ? 's' : ''} ${forbidden.join('; ')}: a unit outside your scope; nothing was changed`,
      );
    }
    if (problems.length > 0 || !leadUnit)
      throw new InputError(`The change cannot be saved: ${summarise(problems)}`, problems);

    // The assigning unit follows the parent; a top-level task's follows whoever (re)assigns it.
    const assignedByUnitCode = parent
      ? parent.leadUnitCode
      : parentChanged || leadChanged
        ? (deepestGrant(user, 'task:manage', leadUnit.path) ?? task.assignedByUnitCode)
        : task.assignedByUnitCode;
    const updatedAt = this.now().toISOString();
    const saved = await this.db.transaction().execute(async (trx) => {
      const tasks = new TaskRepository(trx);
      const changed = await tasks.change(taskId, input.version, {
        parentTaskId: next.parentTaskId,
        title: next.title,
        description: next.description,
        leadUnitCode: next.leadUnit,
        assignedByUnitCode,
        startOn: next.startOn,
        dueOn: next.dueOn,
        deliverables: next.deliverables,
        updatedAt,
      });
      // Someone changed it since it was read: nothing written; the 409 is built after the rollback.
      if (!changed) return false;
      if (input.participants !== undefined)
        await tasks.replaceParticipants(taskId, input.participants);
      if (input.indicators !== undefined) await tasks.replaceIndicators(taskId, input.indicators);
      if (input.milestones !== undefined) await tasks.replaceMilestones(taskId, input.milestones);
      const reassigned = leadChanged
        ? await tasks.reassignChildren(taskId, next.leadUnit, updatedAt)
        : [];
      await appendAudit(trx, actor, {
        action: 'task.change',
        entityType: 'task',
        entityId: String(taskId),
        before: {
          version: task.version,
          parentTaskId: task.parentTaskId,
          title: task.title,
          description: task.description,
          leadUnit: task.leadUnitCode,
          assignedBy: task.assignedByUnitCode,
          participants: currentParticipants,
          deliverables: JSON.parse(task.deliverables) as unknown,
          startOn: task.startOn,
          dueOn: task.dueOn,
          milestones: currentMilestones,
        },
        after: {
          version: input.version + 1,
          ...next,
          assignedBy: assignedByUnitCode,
          ...(reassigned.length > 0 ? { subTasksNowAssignedBy: next.leadUnit, reassigned } : {}),
        },
      });
      if (leadChanged)
        await tellAssigned(
          new Notices(trx, this.now),
          taskId,
          next.title,
          next.leadUnit,
          assignedByUnitCode,
          next.dueOn,
        );
      return true;
    });
    if (!saved) throw await this.stale(user, task, input.version);
    return this.get(principal, taskId);
  }

  /** The 409 of a stale change, with the task as it is now. */
  private async stale(user: UserPrincipal, task: TaskRow, seen: number): Promise<ConflictError> {
    const current = await this.get(user, task.id);
    const row = await new TaskRepository(this.db).get(task.id);
    return new ConflictError(
      `Task ${task.id} was changed (now version ${current.version}, at ${row?.updatedAt ?? task.updatedAt}) after you loaded version ${seen}; your change was not saved`,
      current,
    );
  }

  // ---- reading ----

  /** Tasks the caller sees, filtered; by due date then id. */
  async list(principal: Principal, query: TaskListQuery): Promise<TaskList> {
    const user = signedIn(principal);
    const result = taskListQuerySchema.safeParse(query);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => ({
        path: fieldPath(issue.path),
        message: issue.message,
      }));
      throw new InputError(`The task filter is not valid: ${summarise(problems)}`, problems);
    }
    const parsed = result.data;
    const filter: TaskListFilter = {
      planCode: parsed.plan,
      measurePath: parsed.measure,
      dueFrom: parsed.dueFrom,
      dueTo: parsed.dueTo,
      parentTaskId: parsed.parentTaskId,
      topLevel: parsed.topLevel === 'true',
      titleSearch: parsed.q?.trim(),
      limit: parsed.limit,
      offset: parsed.offset,
    };
    if (parsed.status !== undefined) {
      const statuses = (Array.isArray(parsed.status) ? parsed.status : [parsed.status])
        .flatMap((text) => text.split(','))
        .map((text) => text.trim())
        .filter((text) => text !== '');
      const unknown = statuses.filter(
        (status) => !(taskStatuses as readonly string[]).includes(status),
      );
      if (unknown.length > 0)
        throw new InputError(`Unknown status ${unknown.join(', ')}`, [
          {
            path: 'status',
            message: `not one of ${taskStatuses.join(', ')}: ${unknown.join(', ')}`,
          },
        ]);
      filter.statuses = statuses;
    }
    if (parsed.unit !== undefined) {
      const [unit] = await new TaskRepository(this.db).units([parsed.unit]);
      if (!unit) throw new NotFoundError(`No org unit has code ${parsed.unit}`);
      const decision = decide(user, 'read:unpublished', unit.path);
      if (!decision.allowed) throw new ForbiddenError(decision.reason);
      if (parsed.subtree === 'true') filter.leadUnderPath = unit.path;
      else filter.leadUnitCode = unit.code;
    }
    if (parsed.overdue === 'true') filter.overdueOn = this.today();
    if (parsed.mine === 'true') {
      // Units where the caller does the work or hands it out, not the subtrees below them.
      filter.mineUnitCodes = [
        ...new Set(
          user.grants
            .filter((grant) => grantAllows(grant.role, ['task:report', 'task:manage']))
            .map((grant) => grant.orgUnitCode),
        ),
      ];
    }
    return this.summaries(filter, visibilityOf(user));
  }

  /** One task with its sub-tasks, updates (newest first, with evidence) and warnings; 404 when the caller does not see it. */
  async get(principal: Principal, taskId: number): Promise<TaskDetail> {
    const user = signedIn(principal);
    const repository = new TaskRepository(this.db);
    const visibility = visibilityOf(user);
    const {
      items: [summary],
    } = await this.summaries({ ids: [taskId], limit: 1, offset: 0 }, visibility);
    const task = await repository.get(taskId);
    if (!summary || !task) throw new NotFoundError(`No task has id ${taskId}`);
    const [subTasks, updates, warnings, indicators] = await Promise.all([
      this.summaries({ parentTaskId: taskId, limit: 1000, offset: 0 }, visibility),
      repository.updatesOf(taskId),
      repository.warningsOf(taskId),
      repository.indicatorCodes(taskId),
    ]);
    const evidence = await repository.attachmentsOf(
      'task_update',
      updates.map((update) => update.id),
    );
    return {
      ...summary,
      description: task.description,
      deliverables: JSON.parse(task.deliverables) as string[],
      indicators,
      subTasks: subTasks.items,
      updates: updates.map((update) =>
        presentTaskUpdate(
          update,
          evidence.filter((file) => file.ownerId === update.id),
        ),
      ),
      warnings: warnings.map(presentWarning),
      createdBy: task.createdBy,
      createdAt: task.createdAt,
    };
  }

  private async summaries(
    filter: TaskListFilter,
    visibility: TaskVisibility,
  ): Promise<{ items: TaskSummary[]; total: number }> {
    const repository = new TaskRepository(this.db);
    const { rows, total } = await repository.list(filter, visibility);
    const ids = rows.map((row) => row.id);
    const [participants, milestones, subTasks, warnings] = await Promise.all([
      repository.participantsOf(ids),
      repository.milestonesOf(ids),
      repository.subTaskCounts(ids),
      repository.openWarningCounts(ids),
    ]);
    return {
      items: rows.map((row: TaskListRow) =>
        presentTaskSummary(row, {
          participants: participants.filter((unit) => unit.taskId === row.id),
          milestones: milestones.filter((milestone) => milestone.taskId === row.id),
          subTaskCount: subTasks.get(row.id) ?? 0,
          openWarnings: warnings.get(row.id) ?? 0,
        }),
      ),
      total,
    };
  }

  /** For every measure of a plan, counts over the tasks the caller sees. */
  async coverage(principal: Principal, planCode: string): Promise<TaskCoverage> {
    const user = signedIn(principal);
    const repository = new TaskRepository(this.db);
    const plan = await repository.planByCode(planCode);
    if (!plan) throw new NotFoundError(`No plan has code ${planCode}`);
    const [measures, counts] = await Promise.all([
      repository.measures(plan.id),
      repository.coverageCounts(plan.id, this.today(), visibilityOf(user)),
    ]);
    const byNode = new Map(counts.map((row) => [row.planNodeId, row]));
    return {
      plan: plan.code,
      measures: measures.map((measure) => {
        const count = byNode.get(measure.id);
        return {
          id: measure.id,
          path: measure.path,
          title: measure.title,
          topLevelTasks: count?.topLevel ?? 0,
          tasks: count?.all ?? 0,
          done: count?.done ?? 0,
          delayed: count?.delayed ?? 0,
          atRisk: count?.atRisk ?? 0,
          overdue: count?.overdue ?? 0,
        };
      }),
    };
  }

  // ---- what the routes' policies look up ----

  /** The lead unit of a task, or null when there is no such task. */
  async leadUnitOf(taskId: number): Promise<string | null> {
    if (!Number.isSafeInteger(taskId)) return null;
    return (await new TaskRepository(this.db).get(taskId))?.leadUnitCode ?? null;
  }

  /** The lead unit of the task an update belongs to. */
  async leadUnitOfUpdate(updateId: number): Promise<string | null> {
    if (!Number.isSafeInteger(updateId)) return null;
    const update = await new TaskRepository(this.db).getUpdate(updateId);
    return update ? this.leadUnitOf(update.taskId) : null;
  }

  /**
   * The unit on whose behalf the caller reports on a task: its lead unit or a
   * participant where they hold task:report; the lead unit when none (the
   * policy then refuses, naming it). Null when there is no such task.
   */
  async reportingUnitFor(principal: Principal, taskId: number): Promise<string | null> {
    if (!Number.isSafeInteger(taskId)) return null;
    const repository = new TaskRepository(this.db);
    const task = await repository.get(taskId);
    if (!task) return null;
    const unit = await this.reportingUnit(principal, repository, task);
    return unit?.code ?? task.leadUnitCode;
  }

  private async reportingUnit(
    principal: Principal,
    repository: TaskRepository,
    task: TaskRow,
  ): Promise<OrgUnitRow | null> {
    const codes = [task.leadUnitCode, ...(await repository.participantCodes(task.id))];
    const units = new Map((await repository.units(codes)).map((unit) => [unit.code, unit]));
    for (const code of codes) {
      const unit = units.get(code);
      if (unit && allowed(principal, 'task:report', unit.path)) return unit;
    }
    return null;
  }

  // ---- progress updates ----

  /** A new upload for an update's evidence, within the configured limits. */
  evidenceBatch(): EvidenceBatch {
    return this.evidence.batch();
  }

  /**
   * Posts a progress update, with the evidence files already stored in `batch`
   * (discarded when anything fails). Reported delays raise a warning that goes
   * up to the assigning unit at once.
   */
  async postUpdate(
    principal: Principal,
    actor: Actor,
    taskId: number,
    body: unknown,
    batch: EvidenceBatch | null = null,
  ): Promise<TaskUpdate> {
    return discardOnFailure(batch, () => this.writeUpdate(principal, actor, taskId, body, batch));
  }

  private async writeUpdate(
    principal: Principal,
    actor: Actor,
    taskId: number,
    body: unknown,
    batch: EvidenceBatch | null,
  ): Promise<TaskUpdate> {
    const user = signedIn(principal);
    const repository = new TaskRepository(this.db);
    const task = await repository.get(taskId);
    if (!task || !(await repository.isVisible(taskId, visibilityOf(user))))
      throw new NotFoundError(`No task has id ${taskId}`);
    if (!(await this.reportingUnit(user, repository, task))) {
      throw new ForbiddenError(
        `${user.username} may not report on task ${taskId}: report on tasks of unit ${task.leadUnitCode} or of a participant needs a reporter role there`,
      );
    }
    const unstorable = findUnstorableText(body, 'update');
    if (unstorable !== null)
      throw new InputError(
        `${unstorable} holds a NUL character or an unpaired surrogate: send well-formed UTF-8 text`,
        [{ path: unstorable, message: 'not storable text' }],
      );
    const parsed = taskUpdateCreateSchema.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => ({
        path: fieldPath(issue.path) || 'update',
        message: issue.message,
      }));
      throw new InputError(`The update cannot be posted: ${summarise(problems)}`, problems);
    }
    const input = parsed.data;
    const today = this.today();
    const reportedOn = input.reportedOn ?? today;
    const problems: Problem[] = checkUpdate(input).map((found) => ({
      path: found.field,
      message: found.message,
    }));
    if (!isRealDate(reportedOn))
      problems.push({ path: 'reportedOn', message: `"${reportedOn}" is not a date (YYYY-MM-DD)` });
    else if (reportedOn > today)
      problems.push({
        path: 'reportedOn',
        message: `${reportedOn} is in the future: an update reports on today (${today}) or earlier`,
      });
    if (problems.length > 0)
      throw new InputError(`The update cannot be posted: ${summarise(problems)}`, problems);

    const postedAt = this.now().toISOString();
    const files = batch?.files ?? [];
    const updateId = await this.db.transaction().execute(async (trx) => {
      const tasks = new TaskRepository(trx);
      const notices = new Notices(trx, this.now);
      const id = await tasks.insertUpdate({
        taskId,
        status: input.status,
        percentComplete: input.percentComplete,
        narrative: input.narrative,
        reason: input.reason?.trim() ? input.reason.trim() : null,
        reportedOn,
        postedBy: actor.name,
        postedAt,
      });
      await tasks.insertAttachments(
        files.map((file) => ({
          ownerType: 'task_update',
          ownerId: id,
          ...file,
          uploadedBy: actor.name,
          uploadedAt: postedAt,
        })),
      );
      const done = input.status === 'done';
      await tasks.recordProgress(taskId, {
        status: input.status,
        percentComplete: input.percentComplete,
        lastUpdateOn:
          task.lastUpdateOn !== null && task.lastUpdateOn > reportedOn
            ? task.lastUpdateOn
            : reportedOn,
        doneOn: done ? reportedOn : null,
        updatedAt: postedAt,
      });
      await appendAudit(trx, actor, {
        action: 'task.update',
        entityType: 'task',
        entityId: String(taskId),
        before: {
          version: task.version,
          status: task.status,
          percentComplete: task.percentComplete,
        },
        after: {
          version: task.version + 1,
          updateId: id,
          status: input.status,
          percentComplete: input.percentComplete,
          reason: input.reason,
          reportedOn,
          evidence: files.map((file) => ({ fileName: file.fileName, sha256: file.sha256 })),
        },
      });
      // An update ends "no update for N days"; done ends every warning of the task.
      await notices.resolve(
        await tasks.openWarningIds(taskId, done ? undefined : ['no_update']),
        today,
      );
      if (input.status === 'at_risk' || input.status === 'delayed') {
        const status = input.status === 'delayed' ? 'delayed' : 'at risk';
        const warning = await notices.raise(
          {
            key: `reported_delay:${taskId}:${id}`,
            kind: 'reported_delay',
            taskId,
            indicatorCode: null,
            milestone: null,
            orgUnitCode: task.leadUnitCode,
            escalationUnitCode:
              task.assignedByUnitCode === task.leadUnitCode ? null : task.assignedByUnitCode,
            since: reportedOn,
            message: `Task ${taskId} "${task.title}" (${task.leadUnitCode}) reported ${status} on ${reportedOn}: ${input.reason!.trim()}`,
            link: `/tasks/${taskId}`,
          },
          today,
        );
        // The supervising unit hears of a delay the day it is reported, not a week later.
        await notices.escalate(warning.id, today);
      }
      await notices.tell(task.assignedByUnitCode, UPDATE_WATCHERS, {
        stage: 'update_posted',
        dedupeKey: `update_posted:${id}`,
        subject: `Update on task ${taskId} "${task.title}": ${input.status.replace('_', ' ')}, ${input.percentComplete}%`,
        body: `${user.username} reported task ${taskId} "${task.title}" (${task.leadUnitCode}) ${input.status.replace('_', ' ')} at ${input.percentComplete}% on ${reportedOn}${input.narrative ? `: ${input.narrative}` : ''}`,
        link: `/tasks/${taskId}`,
        warningId: null,
      });
      return id;
    });
    return this.presentUpdate(updateId);
  }

  private async presentUpdate(updateId: number): Promise<TaskUpdate> {
    const repository = new TaskRepository(this.db);
    const update = await repository.getUpdate(updateId);
    if (!update) throw new NotFoundError(`No task update has id ${updateId}`);
    return presentTaskUpdate(update, await repository.attachmentsOf('task_update', [updateId]));
  }

  /** Accepts or queries an update (a query needs a note); nobody reviews their own. */
  async review(
    principal: Principal,
    actor: Actor,
    updateId: number,
    body: z.input<typeof taskUpdateReviewSchema>,
  ): Promise<TaskUpdate> {
    const user = signedIn(principal);
    const repository = new TaskRepository(this.db);
    const update = await repository.getUpdate(updateId);
    const task = update ? await repository.get(update.taskId) : undefined;
    if (!update || !task || !(await repository.isVisible(task.id, visibilityOf(user))))
      throw new NotFoundError(`No task update has id ${updateId}`);
    const [lead] = await repository.units([task.leadUnitCode]);
    const decision = decide(user, 'task:review', lead!.path);
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    if (userIdOf(update.postedBy) === user.userId) {
      throw new ForbiddenError(
        `${user.username} posted update ${updateId}: someone else reviews it`,
      );
    }
    const input = taskUpdateReviewSchema.parse(body);
    const note = input.note?.trim() ? input.note.trim() : null;
    if (input.decision === 'query' && note === null) {
      throw new InputError('A query needs a note saying what is unclear or missing', [
        { path: 'note', message: 'say what the reporter should clarify or add' },
      ]);
    }
    const state = input.decision === 'accept' ? 'accepted' : 'queried';
    const at = this.now().toISOString();
    const posterUnit = await this.posterUnit(repository, update.postedBy, task);
    await this.db.transaction().execute(async (trx) => {
      await new TaskRepository(trx).review(updateId, { state, by: actor.name, at, note });
      const entry = await appendAudit(trx, actor, {
        action: 'task_update.review',
        entityType: 'task_update',
        entityId: String(updateId),
        before: { reviewState: update.reviewState, reviewNote: update.reviewNote },
        after: { reviewState: state, reviewNote: note },
      });
      await new Notices(trx, this.now).tell(posterUnit, OWNER_ROLES, {
        stage: 'update_reviewed',
        // Each review is news, also a second one of the same update: keyed by its audit entry.
        dedupeKey: `update_reviewed:${updateId}:${entry.seq}`,
        subject: `Update ${updateId} on task ${task.id} "${task.title}" ${state}`,
        body: `${actor.name} ${state} the update of ${update.reportedOn} on task ${task.id} "${task.title}"${note ? `: ${note}` : ''}`,
        link: `/tasks/${task.id}`,
        warningId: null,
      });
    });
    return this.presentUpdate(updateId);
  }

  /** The unit the poster reported for: their deepest task:report grant over the task's units. */
  private async posterUnit(repository: TaskRepository, postedBy: string, task: TaskRow) {
    const userId = userIdOf(postedBy);
    if (userId === null) return task.leadUnitCode;
    const codes = [task.leadUnitCode, ...(await repository.participantCodes(task.id))];
    const units = await repository.units(codes);
    const grants = await new UserRepository(this.db).assignments([userId]);
    let best: { code: string; depth: number } | null = null;
    for (const grant of grants) {
      if (!grantAllows(grant.role as Role, ['task:report'])) continue;
      if (!units.some((unit) => unit.path.startsWith(grant.orgUnitPath))) continue;
      const depth = grant.orgUnitPath.split('/').length;
      if (!best || depth > best.depth) best = { code: grant.orgUnitCode, depth };
    }
    return best?.code ?? task.leadUnitCode;
  }

  // ---- evidence downloads ----

  /** An evidence file for a caller who sees the task it belongs to; 404 otherwise. */
  async openAttachment(principal: Principal, attachmentId: number): Promise<AttachmentDownload> {
    const user = signedIn(principal);
    const repository = new TaskRepository(this.db);
    const attachment = await repository.attachment(attachmentId);
    const notFound = new NotFoundError(`No attachment has id ${attachmentId}`);
    if (!attachment || attachment.ownerType !== 'task_update') throw notFound;
    const update = await repository.getUpdate(attachment.ownerId);
    if (!update || !(await repository.isVisible(update.taskId, visibilityOf(user)))) throw notFound;
    return {
      fileName: attachment.fileName,
      mediaType: attachment.mediaType,
      sizeBytes: attachment.sizeBytes,
      content: await this.evidence.open(attachment.storageKey, attachment.sizeBytes),
    };
  }
}

// ---- helpers ----

function signedIn(principal: Principal): UserPrincipal {
  if (principal.kind === 'anonymous')
    throw new UnauthorizedError('Sign in first: this needs an account');
  return principal;
}

function allowed(principal: Principal, action: Action, unitPath: string): boolean {
  return decide(principal, action, unitPath).allowed;
}

function grantAllows(role: Role, actions: readonly Action[]): boolean {
  return actions.some((action) => actionsOf(role).includes(action));
}

/** The deepest unit where the principal holds `action` over `unitPath`: who assigns a top-level task. */
function deepestGrant(principal: UserPrincipal, action: Action, unitPath: string): string | null {
  let best: { code: string; path: string } | null = null;
  for (const grant of principal.grants) {
    if (!unitPath.startsWith(grant.orgUnitPath)) continue;
    if (!grantAllows(grant.role, [action])) continue;
    if (!best || grant.orgUnitPath.length > best.path.length)
      best = { code: grant.orgUnitCode, path: grant.orgUnitPath };
  }
  return best?.code ?? null;
}

/** The subtrees the principal reads tasks in; null: everything (a grant on the nation). */
function visibilityOf(principal: UserPrincipal): TaskVisibility {
  const scopes = scopesFor(principal, 'read:unpublished');
  return scopes.some((path) => path.split('/').filter(Boolean).length === 1) ? null : scopes;
}

/** The user id in an actor name ("user:12:wang", "token:12:wang"), or null for others. */
function userIdOf(actorName: string): number | null {
  const match = /^(?:user|token):(\d+):/.exec(actorName);
  return match ? Number(match[1]) : null;
}

/** A zod issue path as a field path: milestones[1].dueOn. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function summarise(problems: readonly Problem[]): string {
  const shown = problems.slice(0, 20).map((p) => `${p.path}: ${p.message}`);
  const more = problems.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function checkParticipants(
  leadUnit: string,
  participants: readonly string[],
  units: ReadonlyMap<string, OrgUnitRow>,
  problem: (field: string, message: string) => void,
): void {
  const seen = new Set<string>();
  participants.forEach((code, index) => {
    const field = `participants[${index}]`;
    if (!units.has(code)) problem(field, `no org unit has code ${code}`);
    else if (code === leadUnit)
      problem(field, `${code} is the lead unit; it is not also a participant`);
    else if (seen.has(code)) problem(field, `${code} is named twice`);
    seen.add(code);
  });
}

function checkIndicators(
  codes: readonly string[],
  known: ReadonlySet<string>,
  problem: (field: string, message: string) => void,
): void {
  const seen = new Set<string>();
  codes.forEach((code, index) => {
    const field = `indicators[${index}]`;
    if (!known.has(code)) problem(field, `no indicator has code ${code}`);
    else if (seen.has(code)) problem(field, `${code} is named twice`);
    seen.add(code);
  });
}

/** A sub-task's dates lie within its parent's. */
function spanProblems(
  task: { startOn: string; dueOn: string },
  parent: { startOn: string; dueOn: string; label: string },
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (task.startOn < parent.startOn)
    problems.push({
      field: 'startOn',
      message: `the sub-task starts ${task.startOn}, before its parent ${parent.label} starts (${parent.startOn})`,
    });
  if (task.dueOn > parent.dueOn)
    problems.push({
      field: 'dueOn',
      message: `the sub-task is due ${task.dueOn}, after its parent ${parent.label} is due (${parent.dueOn})`,
    });
  return problems;
}

async function tellAssigned(
  notices: Notices,
  taskId: number,
  title: string,
  leadUnit: string,
  assignedBy: string,
  dueOn: string,
): Promise<void> {
  await notices.tell(leadUnit, OWNER_ROLES, {
    stage: 'task_assigned',
    dedupeKey: `task_assigned:${taskId}:${leadUnit}`,
    subject: `New task for ${leadUnit}: ${title}`,
    body: `${assignedBy} assigned task ${taskId} "${title}" to ${leadUnit}, due ${dueOn}`,
    link: `/tasks/${taskId}`,
    warningId: null,
  });
}

/** Measures by plan code and path, looked up once per batch. */
class MeasureLookup {
  private readonly plans = new Map<string, { id: number } | undefined>();
  private readonly nodes = new Map<string, Awaited<ReturnType<TaskRepository['planNode']>>>();

  constructor(private readonly repository: TaskRepository) {}

  async find(
    planCode: string,
    path: string,
  ): Promise<{
    node: { id: number } | null;
    problem: { field: string; message: string } | null;
  }> {
    if (!this.plans.has(planCode))
      this.plans.set(planCode, await this.repository.planByCode(planCode));
    const plan = this.plans.get(planCode);
    if (!plan)
      return { node: null, problem: { field: 'plan', message: `no plan has code ${planCode}` } };
    const key = `${plan.id}\u0000${path}`;
    if (!this.nodes.has(key)) this.nodes.set(key, await this.repository.planNode(plan.id, path));
    const node = this.nodes.get(key);
    if (!node)
      return {
        node: null,
        problem: { field: 'measure', message: `plan ${planCode} has no node ${path}` },
      };
    if (node.kind !== 'measure')
      return {
        node: null,
        problem: {
          field: 'measure',
          message: `${path} of plan ${planCode} is a ${node.kind}, not a measure: tasks implement measures`,
        },
      };
    return { node, problem: null };
  }

  async pathOf(planNodeId: number): Promise<string> {
    return (await this.repository.planNodeById(planNodeId))?.path ?? String(planNodeId);
  }
}
