/**
 * Exports the tasks a caller sees in the task breakdown layout (CSV or
 * .xlsx), so that the file imports back as the same breakdown: parents come
 * before their sub-tasks, each task's ref is T<id>, a sub-task names its
 * parent by ref when the parent is in the file and by parent_task_id when it
 * is not (an export of one unit's tasks, whose parent is national).
 * Progress (status, updates) is not part of a breakdown and is not written.
 */
import type { TaskSummary } from '../../api/tasks-contract.js';
import type { Principal } from '../../core/access/policy.js';
import type { Db } from '../../db/connect.js';
import { TaskRepository } from '../../db/repositories/task.repository.js';
import type { BreakdownTask } from '../../formats/task-breakdown.js';
import {
  writeBreakdownCsv,
  writeBreakdownWorkbook,
  type BreakdownHeaderLanguage,
} from '../../formats/task-breakdown-write.js';
import type { TaskService } from './task.service.js';

export const TASK_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type TaskExportFormat = (typeof TASK_EXPORT_FORMATS)[number];

export interface TaskExportRequest {
  format: TaskExportFormat;
  /** Header names: English column codes (default) or their Chinese names. */
  language?: BreakdownHeaderLanguage;
  plan?: string | undefined;
  measure?: string | undefined;
  /** Only tasks led by this unit or units below it. */
  unit?: string | undefined;
}

export interface TaskExportFile {
  fileName: string;
  mediaType: string;
  body: Buffer;
  rows: number;
}

const PAGE = 1000;

export class TaskExportService {
  constructor(
    private readonly db: Db,
    private readonly tasks: TaskService,
  ) {}

  async export(principal: Principal, request: TaskExportRequest): Promise<TaskExportFile> {
    const summaries = await this.visibleTasks(principal, request);
    const details = await this.details(summaries.map((task) => task.id));
    const ordered = parentsFirst(summaries);
    const inFile = new Set(ordered.map((task) => task.id));
    const rows: BreakdownTask[] = ordered.map((task) => {
      const detail = details.get(task.id)!;
      const parentInFile = task.parentTaskId !== null && inFile.has(task.parentTaskId);
      return {
        ref: `T${task.id}`,
        parentRef: parentInFile ? `T${task.parentTaskId!}` : null,
        parentTaskId: parentInFile ? null : task.parentTaskId,
        plan: task.plan,
        // A sub-task takes its parent's measure: the file says so by leaving it out.
        ...(task.parentTaskId === null ? { measure: task.measure.path } : {}),
        title: task.title,
        description: detail.description,
        leadUnit: task.leadUnit.code,
        participants: task.participants.map((unit) => unit.code),
        startOn: task.startOn,
        dueOn: task.dueOn,
        milestones: task.milestones.map((milestone) => ({
          title: milestone.title,
          dueOn: milestone.dueOn,
        })),
        deliverables: detail.deliverables,
        indicators: detail.indicators,
      };
    });
    const language = request.language ?? 'en';
    const stamp = new Date().toISOString().slice(0, 10);
    if (request.format === 'csv') {
      return {
        fileName: `tasks-${stamp}.csv`,
        mediaType: 'text/csv; charset=utf-8',
        body: Buffer.from(writeBreakdownCsv(rows, language), 'utf8'),
        rows: rows.length,
      };
    }
    return {
      fileName: `tasks-${stamp}.xlsx`,
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await writeBreakdownWorkbook(rows, {
        title:
          language === 'zh' ? `任务分解（导出于 ${stamp}）` : `Task breakdown (exported ${stamp})`,
        language,
      }),
      rows: rows.length,
    };
  }

  /** Every task the caller sees (TaskService decides), page by page. */
  private async visibleTasks(
    principal: Principal,
    request: TaskExportRequest,
  ): Promise<TaskSummary[]> {
    const tasks: TaskSummary[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.tasks.list(principal, {
        plan: request.plan,
        measure: request.measure,
        ...(request.unit === undefined ? {} : { unit: request.unit, subtree: 'true' }),
        limit: PAGE,
        offset,
      });
      tasks.push(...page.items);
      if (page.items.length < PAGE || tasks.length >= page.total) return tasks;
    }
  }

  /** What a summary leaves out: description, deliverables, linked indicators. */
  private async details(
    ids: readonly number[],
  ): Promise<Map<number, { description: string; deliverables: string[]; indicators: string[] }>> {
    const repository = new TaskRepository(this.db);
    const details = new Map<
      number,
      { description: string; deliverables: string[]; indicators: string[] }
    >();
    for (const task of await repository.getMany(ids)) {
      details.set(task.id, {
        description: task.description,
        deliverables: JSON.parse(task.deliverables) as string[],
        indicators: await repository.indicatorCodes(task.id),
      });
    }
    return details;
  }
}

/** Depth first from the tasks whose parent is not among them, each level in id (creation) order. */
function parentsFirst(tasks: readonly TaskSummary[]): TaskSummary[] {
  const ids = new Set(tasks.map((task) => task.id));
  const children = new Map<number | null, TaskSummary[]>();
  for (const task of [...tasks].sort((a, b) => a.id - b.id)) {
    const parent =
      task.parentTaskId !== null && ids.has(task.parentTaskId) ? task.parentTaskId : null;
    children.set(parent, [...(children.get(parent) ?? []), task]);
  }
  const ordered: TaskSummary[] = [];
  const visit = (parent: number | null) => {
    for (const task of children.get(parent) ?? []) {
      ordered.push(task);
      visit(task.id);
    }
  };
  visit(null);
  return ordered;
}
