/**
 * The rules a task and its progress updates must keep, before anything is
 * written: dates in order, sub-task links without cycles, a reason for every
 * red or amber status. Each problem names its field.
 */
export const TASK_UPDATE_STATUSES = [
  'not_started',
  'on_track',
  'at_risk',
  'delayed',
  'done',
] as const;
export type TaskUpdateStatus = (typeof TASK_UPDATE_STATUSES)[number];

/** Amber (at risk) and red (delayed): strategy tools require a note, and so do we. */
export const STATUSES_NEEDING_A_REASON: ReadonlySet<TaskUpdateStatus> = new Set([
  'at_risk',
  'delayed',
]);

export interface FieldProblem {
  field: string;
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export interface TaskSchedule {
  startOn: string;
  dueOn: string;
  milestones: readonly { title: string; dueOn: string }[];
}

/** Dates are real ISO dates, the due date is not before the start, milestones fall within. */
export function checkSchedule(schedule: TaskSchedule): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of ['startOn', 'dueOn'] as const) {
    if (!isIsoDate(schedule[field]))
      problems.push({ field, message: `"${schedule[field]}" is not a date (YYYY-MM-DD)` });
  }
  const datesValid = problems.length === 0;
  if (datesValid && schedule.dueOn < schedule.startOn) {
    problems.push({
      field: 'dueOn',
      message: `the due date ${schedule.dueOn} is before the start date ${schedule.startOn}`,
    });
  }
  schedule.milestones.forEach((milestone, index) => {
    const field = `milestones[${index}].dueOn`;
    if (!isIsoDate(milestone.dueOn)) {
      problems.push({ field, message: `"${milestone.dueOn}" is not a date (YYYY-MM-DD)` });
    } else if (
      datesValid &&
      (milestone.dueOn < schedule.startOn || milestone.dueOn > schedule.dueOn)
    ) {
      problems.push({
        field,
        message: `milestone "${milestone.title}" is due ${milestone.dueOn}, outside the task's ${schedule.startOn} to ${schedule.dueOn}`,
      });
    }
  });
  return problems;
}

/**
 * The cycle a new parent link would close, as the chain of task ids from the
 * task back to itself; null when the link is fine. `parentOf` gives each
 * existing task's parent.
 */
export function cycleThrough(
  taskId: number,
  newParentId: number | null,
  parentOf: ReadonlyMap<number, number | null>,
): number[] | null {
  const chain = [taskId];
  let current = newParentId;
  const seen = new Set<number>([taskId]);
  while (current !== null) {
    chain.push(current);
    if (current === taskId) return chain;
    // A cycle elsewhere in the existing links is not this link's doing; stop rather than loop.
    if (seen.has(current)) return null;
    seen.add(current);
    current = parentOf.get(current) ?? null;
  }
  return null;
}

export interface TaskUpdateInput {
  status: TaskUpdateStatus;
  percentComplete: number;
  reason: string | null;
}

/** A red or amber status needs a reason; percent complete is 0-100, and 100 when done. */
export function checkUpdate(update: TaskUpdateInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (STATUSES_NEEDING_A_REASON.has(update.status) && !(update.reason ?? '').trim()) {
    problems.push({
      field: 'reason',
      message: `a task reported ${update.status.replace('_', ' ')} needs a reason`,
    });
  }
  if (
    !Number.isFinite(update.percentComplete) ||
    update.percentComplete < 0 ||
    update.percentComplete > 100
  ) {
    problems.push({
      field: 'percentComplete',
      message: `${update.percentComplete} is not a percentage from 0 to 100`,
    });
  } else if (update.status === 'done' && update.percentComplete !== 100) {
    problems.push({
      field: 'percentComplete',
      message: `a task reported done is 100% complete, not ${update.percentComplete}%`,
    });
  }
  return problems;
}
