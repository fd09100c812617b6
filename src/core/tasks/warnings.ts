/**
 * Early warnings for one task on one day, from its schedule and its latest
 * update: overdue, a milestone due soon or overdue, no update for too long.
 * Each warning says since when its condition holds, so a scheduler can send
 * it once (its key) and escalate it to the supervising unit once it has been
 * left unresolved for `escalateAfterDays`. Pure: "today" is an argument.
 */
import { addDays } from '../reporting/timeliness.js';
import type { TaskUpdateStatus } from './task-rules.js';

export interface WarningPolicy {
  /** A milestone this many days ahead or fewer is due soon. */
  dueSoonDays: number;
  /** A task not updated for this many days (since its start or its last update) is stale. */
  staleAfterDays: number;
  /** Left unresolved this many days after it began, a warning goes up to the supervising unit. */
  escalateAfterDays: number;
}

export const DEFAULT_WARNING_POLICY: WarningPolicy = {
  dueSoonDays: 14,
  staleAfterDays: 30,
  escalateAfterDays: 7,
};

export interface TaskState {
  id: number;
  startOn: string;
  dueOn: string;
  /** The latest update's status and day; null before the first update. */
  latestStatus: TaskUpdateStatus | null;
  lastUpdateOn: string | null;
  milestones: readonly { title: string; dueOn: string; doneOn: string | null }[];
}

export type WarningKind = 'overdue' | 'milestone_due_soon' | 'milestone_overdue' | 'no_update';

export interface TaskWarning {
  kind: WarningKind;
  taskId: number;
  /** The milestone concerned, if any. */
  milestone: string | null;
  /** The first day the condition held. */
  since: string;
  /** Stable for one occurrence: the same warning is sent once. */
  key: string;
  /** Unresolved long enough to go to the supervising unit. */
  escalate: boolean;
}

export function taskWarnings(
  task: TaskState,
  today: string,
  policy: WarningPolicy = DEFAULT_WARNING_POLICY,
): TaskWarning[] {
  if (task.latestStatus === 'done') return [];
  const warnings: TaskWarning[] = [];
  const add = (kind: WarningKind, since: string, milestone: string | null = null) => {
    if (since > today) return;
    warnings.push({
      kind,
      taskId: task.id,
      milestone,
      since,
      key: [kind, task.id, milestone ?? '', since].join(':'),
      // A reminder ahead of a deadline is not a failure: it never goes up.
      escalate: kind !== 'milestone_due_soon' && addDays(since, policy.escalateAfterDays) <= today,
    });
  };
  add('overdue', addDays(task.dueOn, 1));
  for (const milestone of task.milestones) {
    if (milestone.doneOn !== null) continue;
    if (milestone.dueOn < today)
      add('milestone_overdue', addDays(milestone.dueOn, 1), milestone.title);
    else add('milestone_due_soon', addDays(milestone.dueOn, -policy.dueSoonDays), milestone.title);
  }
  if (task.startOn <= today) {
    add('no_update', addDays(task.lastUpdateOn ?? task.startOn, policy.staleAfterDays));
  }
  return warnings;
}
