import type { Action } from '../../auth/session';

/** Who opens the inspection workspace: readers of a unit's records, inspectors, owners of items. */
export const INSPECTION_ACTIONS: readonly Action[] = [
  'read:unpublished',
  'inspection:write',
  'task:report',
];
