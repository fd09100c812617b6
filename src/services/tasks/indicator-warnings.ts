/**
 * Which targets are off track on a day, for the plans whose open tasks are
 * linked to indicators. The status is the one GET /api/progress shows, by
 * each plan's own method, at the plan's own unit (the nation for the
 * Outline), from published figures only: a draft is nobody's alarm yet.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../../core/access/policy.js';
import { NATION_CODE } from '../../core/org-units.js';
import type { ProgressStatus } from '../../core/progress/index.js';
import type { Database } from '../../db/schema.js';
import { ProgressService, type TargetProgress } from '../analytics/progress.service.js';

/**
 * Statuses that call for action: behind the pace the target needs, stalled,
 * going the wrong way, or missed. Achieved, on track and "not enough data"
 * do not.
 */
export const OFF_TRACK_STATUSES: ReadonlySet<ProgressStatus> = new Set<ProgressStatus>([
  'acceleration_needed',
  'limited_progress',
  'deterioration',
  'missed',
]);

export interface OffTrackTarget {
  planId: number;
  indicator: string;
  indicatorNameEn: string;
  indicatorNameZh: string;
  orgUnit: string;
  year: number;
  status: ProgressStatus;
}

const PUBLISHED_ONLY: Principal = { kind: 'anonymous' };

/**
 * The status that makes a target off track, or null. A final status (the
 * target year's figure is in) is history that no task can change any more,
 * so only open targets warn.
 */
export function offTrackStatus(
  progress: Pick<TargetProgress, 'assessment' | 'milestone'>,
): ProgressStatus | null {
  const judged = progress.assessment ?? progress.milestone;
  if (!judged || judged.final) return null;
  return OFF_TRACK_STATUSES.has(judged.status) ? judged.status : null;
}

export async function offTrackTargets(
  db: Kysely<Database>,
  today: string,
): Promise<OffTrackTarget[]> {
  const plans = await db
    .selectFrom('task')
    .innerJoin('taskIndicator', 'taskIndicator.taskId', 'task.id')
    .innerJoin('planNode', 'planNode.id', 'task.planNodeId')
    .innerJoin('plan', 'plan.id', 'planNode.planId')
    .select(['plan.id', 'plan.code', 'plan.ownerOrgUnitCode'])
    .distinct()
    .where('task.status', '!=', 'done')
    .where('task.doneOn', 'is', null)
    .where('task.isExample', '=', 0)
    .orderBy('plan.id')
    .execute();
  const progress = new ProgressService(db, () => today);
  const found: OffTrackTarget[] = [];
  for (const plan of plans) {
    const assessed = await progress.plan(
      PUBLISHED_ONLY,
      plan.code,
      plan.ownerOrgUnitCode ?? NATION_CODE,
    );
    for (const item of assessed.items) {
      const status = offTrackStatus(item);
      if (status === null) continue;
      found.push({
        planId: plan.id,
        indicator: item.target.indicator,
        indicatorNameEn: item.indicator.nameEn,
        indicatorNameZh: item.indicator.nameZh,
        orgUnit: item.target.orgUnit,
        year: item.target.year,
        status,
      });
    }
  }
  return found;
}
