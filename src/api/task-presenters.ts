/** Task rows to the shapes of tasks-contract.ts, for the API and the CLI's `--json`. */
import type {
  Attachment,
  TaskSummary,
  TaskUpdate,
  Warning,
  taskStatuses,
  warningKinds,
} from './tasks-contract.js';
import type { ParticipantRow, TaskListRow } from '../db/repositories/task.repository.js';
import type { AttachmentRow, TaskMilestoneRow, TaskUpdateRow, WarningRow } from '../db/schema.js';

type TaskStatus = (typeof taskStatuses)[number];

/** What a summary needs beyond the task's own row. */
export interface TaskSummaryExtras {
  participants: readonly ParticipantRow[];
  milestones: readonly TaskMilestoneRow[];
  subTaskCount: number;
  openWarnings: number;
}

export function presentTaskSummary(row: TaskListRow, extras: TaskSummaryExtras): TaskSummary {
  return {
    id: row.id,
    plan: row.planCode,
    measure: { id: row.planNodeId, path: row.measurePath, title: row.measureTitle },
    parentTaskId: row.parentTaskId,
    title: row.title,
    leadUnit: {
      code: row.leadUnitCode,
      nameZh: row.leadNameZh,
      nameEn: row.leadNameEn,
      level: row.leadLevel,
    },
    assignedBy: {
      code: row.assignedByUnitCode,
      nameZh: row.assignerNameZh,
      nameEn: row.assignerNameEn,
      level: row.assignerLevel,
    },
    participants: extras.participants.map((unit) => ({
      code: unit.code,
      nameZh: unit.nameZh,
      nameEn: unit.nameEn,
      level: unit.level,
    })),
    startOn: row.startOn,
    dueOn: row.dueOn,
    status: row.status as TaskStatus,
    percentComplete: row.percentComplete,
    lastUpdateOn: row.lastUpdateOn,
    doneOn: row.doneOn,
    isExample: row.isExample === 1,
    subTaskCount: extras.subTaskCount,
    openWarnings: extras.openWarnings,
    milestones: extras.milestones.map((milestone) => ({
      id: milestone.id,
      title: milestone.title,
      dueOn: milestone.dueOn,
      doneOn: milestone.doneOn,
    })),
    version: row.version,
  };
}

export function presentAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    fileName: row.fileName,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt,
    href: `/api/attachments/${row.id}`,
  };
}

export function presentTaskUpdate(
  row: TaskUpdateRow,
  evidence: readonly AttachmentRow[],
): TaskUpdate {
  return {
    id: row.id,
    taskId: row.taskId,
    status: row.status as TaskStatus,
    percentComplete: row.percentComplete,
    narrative: row.narrative,
    reason: row.reason,
    reportedOn: row.reportedOn,
    postedBy: row.postedBy,
    postedAt: row.postedAt,
    reviewState: row.reviewState,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    reviewNote: row.reviewNote,
    evidence: evidence.map(presentAttachment),
  };
}

export function presentWarning(row: WarningRow): Warning {
  return {
    id: row.id,
    kind: row.kind as (typeof warningKinds)[number],
    taskId: row.taskId,
    indicatorCode: row.indicatorCode,
    milestone: row.milestone,
    orgUnitCode: row.orgUnitCode,
    escalationUnitCode: row.escalationUnitCode,
    since: row.since,
    raisedOn: row.raisedOn,
    escalatedOn: row.escalatedOn,
    resolvedOn: row.resolvedOn,
    message: row.message,
  };
}
