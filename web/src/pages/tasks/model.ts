/**
 * The pure part of the task pages: status colours, "today" arithmetic, the
 * groups of "My tasks", the rows of the Gantt chart, the days of the
 * calendar and where a server error belongs in a form. No React, no I/O:
 * "today" is always an argument.
 */
import { actionsOf, type Action, type Role } from '../../../../src/core/access/policy';
import { STATUSES_NEEDING_A_REASON } from '../../../../src/core/tasks/task-rules';
import type { TaskStatus, TaskSummary } from './api';

export const TASK_STATUSES: readonly TaskStatus[] = [
  'not_started',
  'on_track',
  'at_risk',
  'delayed',
  'done',
];

/** Ant Design tag colours: on track green, at risk amber, delayed red, done blue, not started grey. */
export const STATUS_TAG_COLORS: Record<TaskStatus, string> = {
  not_started: 'default',
  on_track: 'green',
  at_risk: 'orange',
  delayed: 'red',
  done: 'blue',
};

/** The same colours for charts (Ant Design's palette). */
export const STATUS_CHART_COLORS: Record<TaskStatus, string> = {
  not_started: '#bfbfbf',
  on_track: '#52c41a',
  at_risk: '#faad14',
  delayed: '#f5222d',
  done: '#1677ff',
};

/** Amber and red need a reason (the server's rule, src/core/tasks). */
export function needsReason(status: TaskStatus | undefined): boolean {
  return status !== undefined && STATUSES_NEEDING_A_REASON.has(status);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The local calendar day of a moment as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** YYYY-MM-DD plus `days` (negative goes back). */
export function addDays(day: string, days: number): string {
  if (!ISO_DAY.test(day)) throw new Error(`not a day: ${day}`);
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Past its due day and not done. */
export function isOverdue(task: Pick<TaskSummary, 'dueOn' | 'status'>, today: string): boolean {
  return task.status !== 'done' && task.dueOn < today;
}

export type MyTaskGroup = 'overdue' | 'soon' | 'later' | 'done';
export const MY_TASK_GROUPS: readonly MyTaskGroup[] = ['overdue', 'soon', 'later', 'done'];
/** "Due soon" means within this many days from today. */
export const SOON_DAYS = 30;

export function myTaskGroup(
  task: Pick<TaskSummary, 'dueOn' | 'status'>,
  today: string,
): MyTaskGroup {
  if (task.status === 'done') return 'done';
  if (task.dueOn < today) return 'overdue';
  if (task.dueOn <= addDays(today, SOON_DAYS)) return 'soon';
  return 'later';
}

const byDueThenId = (a: TaskSummary, b: TaskSummary) =>
  a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id - b.id;

/** The reporter's tasks in the four groups, each soonest due first. */
export function groupMyTasks(
  tasks: readonly TaskSummary[],
  today: string,
): Record<MyTaskGroup, TaskSummary[]> {
  const groups: Record<MyTaskGroup, TaskSummary[]> = { overdue: [], soon: [], later: [], done: [] };
  for (const task of tasks) groups[myTaskGroup(task, today)].push(task);
  for (const group of MY_TASK_GROUPS) groups[group].sort(byDueThenId);
  return groups;
}

/** The board's columns: every status, in order, with its tasks (soonest due first). */
export function boardColumns(
  tasks: readonly TaskSummary[],
): { status: TaskStatus; tasks: TaskSummary[] }[] {
  return TASK_STATUSES.map((status) => ({
    status,
    tasks: tasks.filter((task) => task.status === status).sort(byDueThenId),
  }));
}

export interface MeasureGroup {
  measure: TaskSummary['measure'];
  tasks: TaskSummary[];
}

/** Tasks by measure, in the plan's order (node ids follow the text). */
export function groupByMeasure(tasks: readonly TaskSummary[]): MeasureGroup[] {
  const groups = new Map<number, MeasureGroup>();
  for (const task of tasks) {
    const group = groups.get(task.measure.id);
    if (group) group.tasks.push(task);
    else groups.set(task.measure.id, { measure: task.measure, tasks: [task] });
  }
  return [...groups.values()].sort((a, b) => a.measure.id - b.measure.id);
}

export interface GanttRow {
  task: TaskSummary;
  /** 0 for a task whose parent is not shown, 1 for its sub-tasks, and so on. */
  depth: number;
}

/**
 * One measure's tasks as Gantt rows: each task followed by its sub-tasks
 * (depth first), siblings by start day. A task whose parent is not among
 * them starts a tree of its own. Tasks in a parent cycle (which the server
 * refuses) would be dropped rather than loop.
 */
export function ganttRows(tasks: readonly TaskSummary[]): GanttRow[] {
  const ids = new Set(tasks.map((task) => task.id));
  const children = new Map<number | null, TaskSummary[]>();
  for (const task of tasks) {
    const parent =
      task.parentTaskId !== null && ids.has(task.parentTaskId) ? task.parentTaskId : null;
    const list = children.get(parent) ?? [];
    list.push(task);
    children.set(parent, list);
  }
  const byStart = (a: TaskSummary, b: TaskSummary) =>
    a.startOn < b.startOn ? -1 : a.startOn > b.startOn ? 1 : a.id - b.id;
  const rows: GanttRow[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number) => {
    for (const task of [...(children.get(parent) ?? [])].sort(byStart)) {
      if (seen.has(task.id)) continue;
      seen.add(task.id);
      rows.push({ task, depth });
      walk(task.id, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}

/** The first and last day a chart must show: every start, due day and milestone, and today. */
export function ganttSpan(tasks: readonly TaskSummary[], today: string): [string, string] {
  let first = today;
  let last = today;
  for (const task of tasks) {
    for (const day of [task.startOn, task.dueOn, ...task.milestones.map((m) => m.dueOn)]) {
      if (day < first) first = day;
      if (day > last) last = day;
    }
  }
  return [first, last];
}

export interface CalendarEntry {
  kind: 'due' | 'milestone';
  task: TaskSummary;
  /** The milestone's title; null for a task's due day. */
  milestone: string | null;
  done: boolean;
}

/** Due days and milestones by day (YYYY-MM-DD), each day's entries due first, then by task. */
export function calendarEntries(tasks: readonly TaskSummary[]): Map<string, CalendarEntry[]> {
  const days = new Map<string, CalendarEntry[]>();
  const add = (day: string, entry: CalendarEntry) => {
    const list = days.get(day) ?? [];
    list.push(entry);
    days.set(day, list);
  };
  for (const task of tasks) {
    add(task.dueOn, { kind: 'due', task, milestone: null, done: task.status === 'done' });
    for (const milestone of task.milestones)
      add(milestone.dueOn, {
        kind: 'milestone',
        task,
        milestone: milestone.title,
        done: milestone.doneOn !== null,
      });
  }
  for (const list of days.values())
    list.sort((a, b) => (a.kind !== b.kind ? (a.kind === 'due' ? -1 : 1) : a.task.id - b.task.id));
  return days;
}

export type FieldName = (string | number)[];

export interface PlacedErrors {
  /** Errors to show under form fields, by the field's name path. */
  fields: { name: FieldName; errors: string[] }[];
  /** Details that name no field of the form (shown above it). */
  rest: { path: string; message: string }[];
}

/**
 * Puts the server's error details next to the form fields they name.
 * Paths come as `body.milestones.0.dueOn` (request validation),
 * `milestones[0].dueOn` (the services), or with the multipart part in front
 * (`update.reason`). `fields` maps each top-level field to how deep its name
 * goes: `leaf` fields (a select, an upload) take the error themselves, `list`
 * fields keep the item index and sub-field.
 */
export function placeErrors(
  details: readonly { path: string; message: string }[],
  fields: Readonly<Record<string, 'leaf' | 'list'>>,
): PlacedErrors {
  const placed = new Map<string, { name: FieldName; errors: string[] }>();
  const rest: PlacedErrors['rest'] = [];
  for (const detail of details) {
    const parts = detail.path
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter((part) => part !== '');
    const known = (part: string | undefined) => part !== undefined && Object.hasOwn(fields, part);
    while (parts.length > 1 && !known(parts[0])) parts.shift();
    const head = parts[0];
    const shape = head !== undefined && known(head) ? fields[head] : undefined;
    if (head === undefined || shape === undefined) {
      rest.push({ path: detail.path, message: detail.message });
      continue;
    }
    const name: FieldName =
      shape === 'leaf' ? [head] : parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const key = JSON.stringify(name);
    const entry = placed.get(key) ?? { name, errors: [] };
    entry.errors.push(detail.message);
    placed.set(key, entry);
  }
  return { fields: [...placed.values()], rest };
}

export interface RoleGrant {
  role: Role;
  orgUnitCode: string;
}

/**
 * Whether one of the grants allows the action on a unit, given the unit's
 * chain from the nation down to itself (roles cover their subtree). Only for
 * showing buttons: the server decides every request.
 */
export function allowedAt(
  grants: readonly RoleGrant[],
  action: Action,
  chain: readonly string[],
): boolean {
  return grants.some(
    (grant) => chain.includes(grant.orgUnitCode) && actionsOf(grant.role).includes(action),
  );
}

/** The units where the grants allow the action (each with its subtree), without repeats. */
export function unitsAllowing(grants: readonly RoleGrant[], action: Action): string[] {
  return [
    ...new Set(grants.filter((g) => actionsOf(g.role).includes(action)).map((g) => g.orgUnitCode)),
  ];
}

const MiB = 1024 * 1024;

/** The server's evidence limits (src/services/tasks/evidence-store.ts), shown and checked before sending. */
export const EVIDENCE_LIMITS = { maxFileBytes: 20 * MiB, maxTotalBytes: 50 * MiB, maxFiles: 10 };

/** The extensions the server accepts (it judges the bytes; src/services/tasks/evidence-content.ts). */
export const EVIDENCE_EXTENSIONS = [
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'docx',
  'xlsx',
  'pptx',
  'zip',
  'txt',
  'md',
  'csv',
] as const;

export type EvidenceProblem =
  | { kind: 'tooMany'; max: number }
  | { kind: 'tooLarge'; file: string; max: number }
  | { kind: 'totalTooLarge'; max: number }
  | { kind: 'type'; file: string };

/** What the server would refuse in these files, found before uploading them. */
export function evidenceProblems(
  files: readonly { name: string; size: number }[],
  limits = EVIDENCE_LIMITS,
): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  if (files.length > limits.maxFiles) problems.push({ kind: 'tooMany', max: limits.maxFiles });
  let total = 0;
  for (const file of files) {
    total += file.size;
    const dot = file.name.lastIndexOf('.');
    const extension = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
    if (!(EVIDENCE_EXTENSIONS as readonly string[]).includes(extension))
      problems.push({ kind: 'type', file: file.name });
    if (file.size > limits.maxFileBytes)
      problems.push({ kind: 'tooLarge', file: file.name, max: limits.maxFileBytes });
  }
  if (total > limits.maxTotalBytes)
    problems.push({ kind: 'totalTooLarge', max: limits.maxTotalBytes });
  return problems;
}
