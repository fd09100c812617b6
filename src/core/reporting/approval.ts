/**
 * Multi-level approval of a unit's submission of a data set for a period,
 * as a pure state machine. A data set names the org-unit levels that approve
 * in turn (county -> prefecture -> province -> nation, lowest first); a unit's
 * submission passes through those strictly above its own level. Submitted and
 * approved submissions are locked; a return or an unlock sends it back to the
 * reporter with a reason.
 */
import type { OrgUnitLevel } from '../org-units.js';

export const SUBMISSION_STATES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** Levels that may approve, from the bottom of the hierarchy up. */
export const APPROVAL_LEVELS = ['county', 'prefecture', 'province', 'nation'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

/** Distance from the top: a unit is approved only by levels with a smaller rank. */
const RANK: Record<OrgUnitLevel, number> = {
  nation: 0,
  department: 1,
  province: 1,
  prefecture: 2,
  county: 3,
};

export interface SubmissionStatus {
  state: SubmissionState;
  /** How many levels of the unit's approval path have approved. */
  approvedLevels: number;
}

export const NOT_STARTED: SubmissionStatus = { state: 'draft', approvedLevels: 0 };

export type SubmissionAction =
  | { kind: 'submit' }
  | { kind: 'approve'; level: ApprovalLevel }
  | { kind: 'return'; level: ApprovalLevel; reason: string }
  | { kind: 'unlock'; level: ApprovalLevel; reason: string };

export type Transition = { ok: true; status: SubmissionStatus } | { ok: false; message: string };

/** The levels that approve a unit's submission, in order: those of the data set strictly above the unit. */
export function approvalPath(
  dataSetLevels: readonly ApprovalLevel[],
  unitLevel: OrgUnitLevel,
): ApprovalLevel[] {
  return [...dataSetLevels]
    .sort((a, b) => RANK[b] - RANK[a])
    .filter((level) => RANK[level] < RANK[unitLevel]);
}

/** Values may change only while the submission is a draft or has been returned. */
export function isLocked(status: SubmissionStatus): boolean {
  return status.state === 'submitted' || status.state === 'approved';
}

/** The level whose decision the submission waits for, if any. */
export function awaitedLevel(
  status: SubmissionStatus,
  path: readonly ApprovalLevel[],
): ApprovalLevel | null {
  return status.state === 'submitted' ? (path[status.approvedLevels] ?? null) : null;
}

export function nextStatus(
  status: SubmissionStatus,
  action: SubmissionAction,
  path: readonly ApprovalLevel[],
): Transition {
  switch (action.kind) {
    case 'submit': {
      if (status.state === 'submitted') return { ok: false, message: 'it is submitted already' };
      if (status.state === 'approved') {
        return { ok: false, message: 'it is approved and locked; ask the approver to unlock it' };
      }
      // A unit at the top of the path (the national office's own report) has no one above it to approve.
      return {
        ok: true,
        status:
          path.length === 0
            ? { state: 'approved', approvedLevels: 0 }
            : { state: 'submitted', approvedLevels: 0 },
      };
    }
    case 'approve': {
      const awaited = awaitedLevel(status, path);
      if (awaited === null) return { ok: false, message: notAwaiting(status) };
      if (action.level !== awaited) {
        return { ok: false, message: `it waits for the ${awaited} level, not the ${action.level}` };
      }
      const approvedLevels = status.approvedLevels + 1;
      return {
        ok: true,
        status: {
          state: approvedLevels === path.length ? 'approved' : 'submitted',
          approvedLevels,
        },
      };
    }
    case 'return': {
      if (action.reason.trim() === '') return { ok: false, message: 'a return needs a reason' };
      const awaited = awaitedLevel(status, path);
      if (awaited === null) return { ok: false, message: notAwaiting(status) };
      if (action.level !== awaited) {
        return { ok: false, message: `it waits for the ${awaited} level, not the ${action.level}` };
      }
      return { ok: true, status: { state: 'returned', approvedLevels: 0 } };
    }
    case 'unlock': {
      if (action.reason.trim() === '') return { ok: false, message: 'an unlock needs a reason' };
      if (status.state !== 'approved') return { ok: false, message: 'it is not approved' };
      const finalLevel = path[path.length - 1];
      if (finalLevel !== undefined && action.level !== finalLevel) {
        return {
          ok: false,
          message: `only the ${finalLevel} level, which approved it last, may unlock it`,
        };
      }
      return { ok: true, status: { state: 'returned', approvedLevels: 0 } };
    }
  }
}

function notAwaiting(status: SubmissionStatus): string {
  switch (status.state) {
    case 'draft':
      return 'it has not been submitted';
    case 'returned':
      return 'it was returned and has not been submitted again';
    case 'approved':
      return 'it is approved already';
    case 'submitted':
      return 'it has passed every approval level';
  }
}
