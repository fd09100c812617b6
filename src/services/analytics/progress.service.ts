/**
 * Where each target stands: the series a target is measured on (a unit's
 * reported figures, else what the units below add up to), the plan's
 * progress method applied to it with every input shown, a log-linear
 * forecast to the target year, and milestones judged from recorded evidence.
 */
import type { Kysely } from 'kysely';
import { scopesFor, type Principal } from '../../core/access/policy.js';
import { aggregateValue, aggregatesAcrossUnits } from '../../core/aggregation/index.js';
import {
  assessMilestone,
  assessProgress,
  forecast,
  PROGRESS_METHODS,
  targetTime,
  type Assessment,
  type Comparator,
  type Forecast,
  type MilestoneAssessment,
  type MilestoneEvidenceStatus,
  type ProgressMethod,
} from '../../core/progress/index.js';
import { NATION_CODE } from '../../core/org-units.js';
import { AggregateRepository } from '../../db/repositories/aggregate.repository.js';
import { DataValueRepository } from '../../db/repositories/data-value.repository.js';
import type { Database, IndicatorRow, TargetRow } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { NotFoundError } from '../errors.js';
import { ruleOf } from './analytics.service.js';

export interface SeriesPoint {
  period: string;
  value: number;
  /** Time in year-end units (2020 = the end of 2020). */
  t: number;
  origin: 'reported' | 'aggregated';
}

export interface Series {
  basis: string;
  points: SeriesPoint[];
}

export interface TargetProgress {
  target: {
    id: number;
    indicator: string;
    orgUnit: string;
    year: number;
    kind: 'numeric' | 'qualitative';
    value: number | null;
    comparator: string | null;
    milestoneEn: string | null;
    milestoneZh: string | null;
    sentence: string;
  };
  indicator: {
    code: string;
    nameEn: string;
    nameZh: string;
    unit: string | null;
    unitMult: number;
  };
  /** The series the status was computed on (the basis with the most recent figure). */
  series: Series | null;
  assessment: Assessment | null;
  milestone: MilestoneAssessment | null;
  forecast: Forecast | null;
  /** Every series at the unit, one per basis, for charts. */
  otherSeries: Series[];
}

export interface PlanProgress {
  plan: string;
  method: ProgressMethod;
  orgUnit: string;
  asOf: string;
  items: TargetProgress[];
  /** Per target year, how many targets have each status. */
  counts: { year: number; status: string; count: number }[];
}

export class ProgressService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
  ) {}

  /**
   * Every target of the plan at the unit with its assessment. `observationsUpTo`
   * (a year) assesses as at the end of that year: later figures are left out and
   * qualitative milestones are judged on that day, as a yearly report needs.
   */
  async plan(
    principal: Principal,
    planCode: string,
    orgUnit = NATION_CODE,
    options: { observationsUpTo?: number } = {},
  ): Promise<PlanProgress> {
    const plan = await this.db
      .selectFrom('plan')
      .select(['id', 'code', 'progressMethod'])
      .where('code', '=', planCode)
      .executeTakeFirst();
    if (!plan) throw new NotFoundError(`No plan has code ${planCode}`);
    const targets = await this.db
      .selectFrom('target')
      .innerJoin('planNode', 'planNode.id', 'target.planNodeId')
      .selectAll('target')
      .where('planNode.planId', '=', plan.id)
      .where('target.orgUnitCode', '=', orgUnit)
      .orderBy('target.year')
      .orderBy('target.indicatorCode')
      .execute();
    const method = methodOf(plan.progressMethod);
    const upTo = options.observationsUpTo;
    const today = this.today();
    const asOf = upTo !== undefined && `${upTo}-12-31` < today ? `${upTo}-12-31` : today;
    const items = await this.assess(principal, targets, method, { upTo, asOf });
    return {
      plan: plan.code,
      method,
      orgUnit,
      asOf,
      items,
      counts: countByYearAndStatus(items),
    };
  }

  /** Chooses how progress to a plan's targets is assessed. */
  async setMethod(planCode: string, method: ProgressMethod, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const plan = await trx
        .selectFrom('plan')
        .select(['id', 'progressMethod'])
        .where('code', '=', planCode)
        .executeTakeFirst();
      if (!plan) throw new NotFoundError(`No plan has code ${planCode}`);
      await trx
        .updateTable('plan')
        .set({ progressMethod: method })
        .where('id', '=', plan.id)
        .execute();
      await appendAudit(trx, actor, {
        action: 'plan.progress_method',
        entityType: 'plan',
        entityId: planCode,
        before: { progressMethod: plan.progressMethod },
        after: { progressMethod: method },
      });
    });
  }

  /** The targets of one indicator at one unit, under the method of the plan each belongs to. */
  async indicator(
    principal: Principal,
    code: string,
    orgUnit = NATION_CODE,
  ): Promise<TargetProgress[]> {
    const indicator = await this.db
      .selectFrom('indicator')
      .select('code')
      .where('code', '=', code)
      .executeTakeFirst();
    if (!indicator) throw new NotFoundError(`No indicator has code ${code}`);
    const targets = await this.db
      .selectFrom('target')
      .innerJoin('planNode', 'planNode.id', 'target.planNodeId')
      .innerJoin('plan', 'plan.id', 'planNode.planId')
      .selectAll('target')
      .select('plan.progressMethod')
      .where('target.indicatorCode', '=', code)
      .where('target.orgUnitCode', '=', orgUnit)
      .orderBy('target.year')
      .execute();
    const items: TargetProgress[] = [];
    for (const target of targets) {
      items.push(...(await this.assess(principal, [target], methodOf(target.progressMethod))));
    }
    return items;
  }

  private async assess(
    principal: Principal,
    targets: readonly TargetRow[],
    method: ProgressMethod,
    at: { upTo?: number | undefined; asOf: string } = { asOf: this.today() },
  ): Promise<TargetProgress[]> {
    const items: TargetProgress[] = [];
    const seriesCache = new Map<string, Series[]>();
    for (const target of targets) {
      const indicator = await this.db
        .selectFrom('indicator')
        .selectAll()
        .where('code', '=', target.indicatorCode)
        .executeTakeFirstOrThrow();
      const cacheKey = `${target.indicatorCode}/${target.orgUnitCode}`;
      let all = seriesCache.get(cacheKey);
      if (!all) {
        all = await this.seriesAt(principal, indicator, target.orgUnitCode);
        const upTo = at.upTo;
        if (upTo !== undefined) {
          // targetTime puts a period at its end: 2020 is 2020, 2021S1 is 2020.5 + 1.
          all = all
            .map((series) => ({ ...series, points: series.points.filter((p) => p.t <= upTo) }))
            .filter((series) => series.points.length > 0);
        }
        seriesCache.set(cacheKey, all);
      }
      const item: TargetProgress = {
        target: {
          id: target.id,
          indicator: target.indicatorCode,
          orgUnit: target.orgUnitCode,
          year: target.year,
          kind: target.kind,
          value: target.value,
          comparator: target.comparator,
          milestoneEn: target.milestoneEn,
          milestoneZh: target.milestoneZh,
          sentence: target.sentence,
        },
        indicator: {
          code: indicator.code,
          nameEn: indicator.nameEn,
          nameZh: indicator.nameZh,
          unit: indicator.unit,
          unitMult: indicator.unitMult,
        },
        series: null,
        assessment: null,
        milestone: null,
        forecast: null,
        otherSeries: all,
      };
      if (target.kind === 'qualitative') {
        item.milestone = assessMilestone(await this.evidence(target.id), target.year, at.asOf);
      } else if (target.value !== null) {
        const series = chooseSeries(all, target.year);
        item.series = series;
        const comparator = (target.comparator ?? 'at_least') as Comparator;
        item.assessment = assessProgress(
          {
            direction: indicator.direction,
            target: { year: target.year, value: target.value, comparator },
            ...(target.baselineYear !== null && target.baselineValue !== null
              ? {
                  baseline: {
                    t: target.baselineYear,
                    value: target.baselineValue,
                    period: String(target.baselineYear),
                    source: 'target' as const,
                  },
                }
              : {}),
            observations: series?.points ?? [],
          },
          method,
        );
        if (!item.assessment.final && series) {
          item.forecast = forecast(
            series.points.filter((p) => p.t <= target.year),
            target.year,
            target.value,
            item.assessment.inputs.appliedComparator,
          );
        }
      }
      items.push(item);
    }
    return items;
  }

  /** Every series of the indicator at the unit, one per basis: reported figures, else aggregated years. */
  private async seriesAt(
    principal: Principal,
    indicator: IndicatorRow,
    orgUnit: string,
  ): Promise<Series[]> {
    const scopes = scopesFor(principal, 'read:unpublished');
    const unit = await this.db
      .selectFrom('orgUnit')
      .select(['code', 'path'])
      .where('code', '=', orgUnit)
      .executeTakeFirst();
    if (!unit) throw new NotFoundError(`No org unit has code ${orgUnit}`);
    const reported = await new DataValueRepository(this.db).list({
      indicatorCodes: [indicator.code],
      orgUnitCode: orgUnit,
      disaggregation: '',
      unpublishedWithin: scopes,
    });
    const byBasis = new Map<string, SeriesPoint[]>();
    for (const value of reported) {
      let points = byBasis.get(value.basis);
      if (!points) byBasis.set(value.basis, (points = []));
      points.push({
        period: value.period,
        value: value.value,
        t: targetTime(value.period),
        origin: 'reported',
      });
    }
    const rule = ruleOf(indicator);
    if (aggregatesAcrossUnits(rule)) {
      const seesDrafts = scopes.some((scope) => unit.path.startsWith(scope));
      const rows = await new AggregateRepository(this.db).find({
        indicatorCodes: [indicator.code],
        orgUnitCodes: [orgUnit],
        disaggregation: '',
        published: seesDrafts ? 0 : 1,
      });
      const aggregated = new Map<string, SeriesPoint[]>();
      for (const row of rows) {
        if (row.period.length !== 4 || byBasis.has(row.basis)) continue;
        const value = aggregateValue(rule, {
          sum: row.valueSum,
          count: row.unitCount,
          weight: row.weightSum,
        });
        if (value === null) continue;
        let points = aggregated.get(row.basis);
        if (!points) aggregated.set(row.basis, (points = []));
        points.push({ period: row.period, value, t: Number(row.period), origin: 'aggregated' });
      }
      for (const [basis, points] of aggregated) byBasis.set(basis, points);
    }
    return [...byBasis]
      .map(([basis, points]) => ({ basis, points: points.sort((a, b) => a.t - b.t) }))
      .sort((a, b) => a.basis.localeCompare(b.basis));
  }

  private async evidence(targetId: number) {
    const rows = await this.db
      .selectFrom('targetEvidence')
      .select(['status', 'recordedAt', 'note'])
      .where('targetId', '=', targetId)
      .orderBy('recordedAt')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      status: row.status as MilestoneEvidenceStatus,
      recordedAt: row.recordedAt,
      note: row.note,
    }));
  }
}

function methodOf(value: string): ProgressMethod {
  return (PROGRESS_METHODS as readonly string[]).includes(value)
    ? (value as ProgressMethod)
    : 'unsd_cagr_ratio';
}

/**
 * The series a target is measured on: figures the unit reported for itself
 * when there are any (what the units below add up to may cover only some of
 * them), else the aggregated ones; of those, the basis whose latest figure by
 * the target year is the most recent; on a tie, the one with more figures
 * (one basis, never two mixed).
 */
export function chooseSeries(all: readonly Series[], targetYear: number): Series | null {
  const reported = all.filter((series) => series.points.some((p) => p.origin === 'reported'));
  let best: { series: Series; latest: number; count: number } | null = null;
  for (const series of reported.length > 0 ? reported : all) {
    const usable = series.points.filter((p) => p.t <= targetYear);
    const candidate = {
      series,
      latest: usable.length > 0 ? usable[usable.length - 1]!.t : -Infinity,
      count: usable.length,
    };
    if (
      !best ||
      candidate.latest > best.latest ||
      (candidate.latest === best.latest && candidate.count > best.count)
    )
      best = candidate;
  }
  return best?.series ?? null;
}

function countByYearAndStatus(items: readonly TargetProgress[]) {
  const counts = new Map<string, { year: number; status: string; count: number }>();
  for (const item of items) {
    const status = item.assessment?.status ?? item.milestone?.status ?? 'insufficient_data';
    const key = `${item.target.year}/${status}`;
    const entry = counts.get(key) ?? { year: item.target.year, status, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => a.year - b.year || a.status.localeCompare(b.status));
}
