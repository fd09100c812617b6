import type { Action } from '../../auth/session';

/** Who sees the task pages: anyone whose roles read a unit's unpublished records, or work on tasks. */
export const TASK_ACTIONS: readonly Action[] = [
  'read:unpublished',
  'task:manage',
  'task:report',
  'task:review',
];
