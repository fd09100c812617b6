/**
 * The progress statuses of targets, their order and their colours: defined
 * once here so the dashboard, the explain view, the indicator page, the
 * province map and the charts show a status the same way everywhere.
 * Labels are in the translation files under `progress.status.<status>`.
 */
import type { TargetProgressView } from '../api/client';
import { PROGRESS_STATUSES, type ProgressStatus } from '../../../src/core/progress/assess';

export { PROGRESS_STATUSES, type ProgressStatus };

export interface StatusStyle {
  /** Solid colour: charts, map areas, the dot of a legend. */
  color: string;
  /** Tag text and border, readable on `background`. */
  text: string;
  border: string;
  background: string;
}

/**
 * Outcomes (achieved, missed) are the strongest green and red; the
 * trajectory statuses run from green through gold and orange to red; no
 * data is grey.
 */
export const STATUS_STYLES: Readonly<Record<ProgressStatus, StatusStyle>> = {
  achieved: { color: '#389e0d', text: '#237804', border: '#95de64', background: '#f6ffed' },
  on_track: { color: '#7cb305', text: '#3f6600', border: '#d3f261', background: '#fcffe6' },
  acceleration_needed: {
    color: '#fadb14',
    text: '#874d00',
    border: '#ffe58f',
    background: '#fffbe6',
  },
  limited_progress: { color: '#fa8c16', text: '#ad4e00', border: '#ffc069', background: '#fff7e6' },
  deterioration: { color: '#f5222d', text: '#a8071a', border: '#ffa39e', background: '#fff1f0' },
  missed: { color: '#a8071a', text: '#820014', border: '#ff7875', background: '#fff1f0' },
  insufficient_data: {
    color: '#bfbfbf',
    text: '#595959',
    border: '#d9d9d9',
    background: '#fafafa',
  },
};

/** Display order: outcomes first, then the trajectory from best to worst, then no data. */
export const STATUS_ORDER: readonly ProgressStatus[] = [
  'achieved',
  'missed',
  'on_track',
  'acceleration_needed',
  'limited_progress',
  'deterioration',
  'insufficient_data',
];

export function isProgressStatus(value: string): value is ProgressStatus {
  return (PROGRESS_STATUSES as readonly string[]).includes(value);
}

/** A status from the API as one of ours; anything unknown reads as insufficient data. */
export function asStatus(value: string | null | undefined): ProgressStatus {
  return value && isProgressStatus(value) ? value : 'insufficient_data';
}

export function statusStyle(status: string): StatusStyle {
  return STATUS_STYLES[asStatus(status)];
}

/** The status of a target: its numeric assessment, else its milestone, else no data. */
export function statusOfItem(item: TargetProgressView): ProgressStatus {
  return asStatus(item.assessment?.status ?? item.milestone?.status);
}

/** True when the status will not change (the target year's value is in, or the evidence is final). */
export function isFinal(item: TargetProgressView): boolean {
  return item.assessment?.final ?? item.milestone?.final ?? false;
}

/** Translation key of what `final` means for the target: a figure for the target year, or evidence. */
export function finalityKey(item: TargetProgressView): string {
  const milestone = item.assessment === null && item.milestone !== null;
  return `progress.${isFinal(item) ? 'final' : 'provisional'}${milestone ? 'Milestone' : ''}`;
}

/** Status counts of one target year in display order, with zeros left out. */
export function countsOf(
  counts: readonly { year: number; status: string; count: number }[],
  year: number,
): { status: ProgressStatus; count: number }[] {
  const byStatus = new Map<ProgressStatus, number>();
  for (const entry of counts) {
    if (entry.year !== year) continue;
    const status = asStatus(entry.status);
    byStatus.set(status, (byStatus.get(status) ?? 0) + entry.count);
  }
  return STATUS_ORDER.flatMap((status) => {
    const count = byStatus.get(status) ?? 0;
    return count > 0 ? [{ status, count }] : [];
  });
}

/**
 * Whether a figure meets a target (province colours on the map): the
 * comparator as the plan states it, `approach` read in the indicator's
 * desired direction.
 */
export type TargetMet = 'met' | 'not_met' | 'no_target';

export const TARGET_MET_COLORS: Readonly<Record<TargetMet, string>> = {
  met: STATUS_STYLES.achieved.color,
  not_met: STATUS_STYLES.limited_progress.color,
  no_target: '#8c8c8c',
};

export function meetsTarget(
  value: number,
  target: number,
  comparator: string | null,
  direction: string = 'increase',
): boolean {
  const applied =
    comparator === 'approach' || comparator === null
      ? direction === 'decrease'
        ? 'at_most'
        : 'at_least'
      : comparator;
  return applied === 'at_most' ? value <= target : value >= target;
}
