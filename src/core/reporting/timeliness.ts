/**
 * When a period of a data set may be reported, and whether a unit reported
 * on time. A data set opens each period a number of days after the period
 * ends and closes some days later; a period may override both dates.
 * Timeliness counts the first submission: a return for correction does not
 * make an on-time report late.
 */
import { periodEnd, type Period } from '../periods.js';
import type { SubmissionState } from './approval.js';

export interface ReportingWindow {
  /** First day reports are accepted (ISO date). */
  opensOn: string;
  /** Last day a report counts as on time (ISO date, inclusive). */
  closesOn: string;
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function reportingWindow(
  period: Period,
  defaults: { opensAfterDays: number; closesAfterDays: number },
  override?: ReportingWindow | null,
): ReportingWindow {
  if (override) return override;
  const end = periodEnd(period);
  return {
    opensOn: addDays(end, defaults.opensAfterDays),
    closesOn: addDays(end, defaults.closesAfterDays),
  };
}

export const REPORTING_STATUSES = [
  'on_time',
  'late',
  'returned',
  'overdue',
  'not_due',
  'not_open',
] as const;
/**
 * - on_time / late: submitted (or approved), first submitted by / after the closing day;
 * - returned: sent back for correction, not submitted again yet;
 * - overdue: nothing submitted and the window has closed;
 * - not_due: nothing submitted, the window is open;
 * - not_open: the window has not opened yet.
 */
export type ReportingStatus = (typeof REPORTING_STATUSES)[number];

export interface SubmissionFacts {
  state: SubmissionState;
  /** ISO date-time of the first submission, if any. */
  firstSubmittedAt: string | null;
}

/** `today` is an ISO date in the reporting calendar (the caller decides the time zone). */
export function reportingStatus(
  submission: SubmissionFacts | null,
  window: ReportingWindow,
  today: string,
): ReportingStatus {
  if (submission && (submission.state === 'submitted' || submission.state === 'approved')) {
    const first = submission.firstSubmittedAt?.slice(0, 10) ?? today;
    return first <= window.closesOn ? 'on_time' : 'late';
  }
  if (submission?.state === 'returned') return 'returned';
  if (today < window.opensOn) return 'not_open';
  return today > window.closesOn ? 'overdue' : 'not_due';
}

export interface CompletenessSummary {
  expected: number;
  reported: number;
  onTime: number;
  late: number;
  /** reported / expected, 0-1; null when nothing is expected. */
  completeness: number | null;
  /** onTime / expected, 0-1. */
  timeliness: number | null;
  byStatus: Record<ReportingStatus, number>;
}

export function summariseCompleteness(statuses: readonly ReportingStatus[]): CompletenessSummary {
  const byStatus = Object.fromEntries(REPORTING_STATUSES.map((s) => [s, 0])) as Record<
    ReportingStatus,
    number
  >;
  for (const status of statuses) byStatus[status]++;
  const expected = statuses.length;
  const reported = byStatus.on_time + byStatus.late;
  return {
    expected,
    reported,
    onTime: byStatus.on_time,
    late: byStatus.late,
    completeness: expected === 0 ? null : reported / expected,
    timeliness: expected === 0 ? null : byStatus.on_time / expected,
    byStatus,
  };
}
