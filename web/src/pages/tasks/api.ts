/**
 * The tasks and inbox API as the web app calls it: URLs and the few writes.
 * Types come from the shared contract (src/api/tasks-contract.ts).
 */
import type { z } from 'zod';
import type {
  inboxSchema,
  TaskChange,
  TaskCreate,
  TaskDetail,
  TaskSummary,
  TaskUpdate,
  TaskUpdateCreate,
  taskListSchema,
} from '../../../../src/api/tasks-contract';
import { sendForm, sendJson } from '../../api/client';

export type {
  Attachment,
  Notification,
  TaskCoverage,
  TaskDetail,
  TaskSummary,
  TaskUpdate,
  Warning,
} from '../../../../src/api/tasks-contract';
export type TaskList = z.infer<typeof taskListSchema>;
/** The inbox page: the notices asked for, how many match (`total`) and how many are unread. */
export type Inbox = z.infer<typeof inboxSchema> & { total?: number };
export type TaskStatus = TaskSummary['status'];

/** What GET /api/tasks filters on (every field optional). */
export interface TaskFilter {
  plan?: string;
  measure?: string;
  unit?: string;
  subtree?: boolean;
  status?: TaskStatus;
  dueFrom?: string;
  dueTo?: string;
  overdue?: boolean;
  parentTaskId?: number;
  topLevel?: boolean;
  mine?: boolean;
  q?: string;
  limit?: number;
  offset?: number;
}

type QueryValue = string | number | boolean | undefined;

function query(params: Readonly<Record<string, QueryValue>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

export const taskApi = {
  tasks: (filter: TaskFilter) => `/api/tasks${query({ ...filter })}`,
  task: (id: number | string) => `/api/tasks/${enc(String(id))}`,
  updates: (id: number) => `/api/tasks/${id}/updates`,
  review: (updateId: number) => `/api/task-updates/${updateId}/review`,
  coverage: (plan: string) => `/api/plans/${enc(plan)}/task-coverage`,
  inbox: (limit = 50) => `/api/inbox${query({ limit })}`,
  markRead: (id: number) => `/api/inbox/${id}/read`,
  markAllRead: () => '/api/inbox/read-all',
};

export function createTask(task: TaskCreate): Promise<TaskDetail> {
  return sendJson<TaskDetail>('POST', taskApi.tasks({}), task);
}

export function changeTask(id: number, change: TaskChange): Promise<TaskDetail> {
  return sendJson<TaskDetail>('PATCH', taskApi.task(id), change);
}

/** Posts an update; with evidence files it goes as multipart (field `update` + files in `evidence`). */
export function postUpdate(
  taskId: number,
  update: TaskUpdateCreate,
  evidence: readonly File[],
): Promise<TaskUpdate> {
  if (evidence.length === 0) return sendJson<TaskUpdate>('POST', taskApi.updates(taskId), update);
  const form = new FormData();
  form.append('update', JSON.stringify(update));
  for (const file of evidence) form.append('evidence', file, file.name);
  return sendForm<TaskUpdate>(taskApi.updates(taskId), form);
}

export function reviewUpdate(
  updateId: number,
  decision: 'accept' | 'query',
  note: string | null,
): Promise<TaskUpdate> {
  return sendJson<TaskUpdate>('POST', taskApi.review(updateId), { decision, note });
}

export function markRead(id: number): Promise<unknown> {
  return sendJson<unknown>('POST', taskApi.markRead(id));
}

export function markAllRead(): Promise<unknown> {
  return sendJson<unknown>('POST', taskApi.markAllRead());
}
