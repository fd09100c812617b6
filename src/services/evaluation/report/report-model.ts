/**
 * Everything the yearly report shows for a year, gathered from the store into
 * one plain object (no rendering): the default plan's targets with the latest
 * published figure up to the year, its source and the status the dashboard
 * shows; task delivery; inspection results; the evaluation ranking; and every
 * figure behind it. Unit and indicator names come in both languages.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../../../core/access/policy.js';
import { COMPONENT_KEYS, type ComponentKey } from '../../../core/evaluation/index.js';
import { NATION_CODE, type OrgUnitLevel } from '../../../core/org-units.js';
import type { ProgressMethod, ProgressStatus } from '../../../core/progress/index.js';
import { DataValueRepository } from '../../../db/repositories/data-value.repository.js';
import type { Database } from '../../../db/schema.js';
import type { SeverityCounts } from '../../../api/inspections-contract.js';
import type { ProgressService, Series, TargetProgress } from '../../analytics/progress.service.js';
import { DEFAULT_PLAN_CODE } from '../../defaults.service.js';
import { NotFoundError } from '../../errors.js';
import { OPERATOR, type InspectionService } from '../../inspections/inspection.service.js';
import type { EvaluationRunView, EvaluationService } from '../evaluation.service.js';
import type { ReportLanguage } from './report-text.js';

/** Figures in the report are the published ones, as anyone may read them. */
const PUBLIC_READER: Principal = { kind: 'anonymous' };

export interface ReportUnit {
  code: string;
  nameZh: string;
  nameEn: string | null;
  level: OrgUnitLevel;
}

export interface ReportSource {
  key: string;
  title: string;
  whereFound: string | null;
  /** The month the source's own title gives ("Jan 2016" → 2016-01); null when it gives none. */
  releasedIn: string | null;
}

/** One published figure as stored: in the indicator's unit and multiplier. */
export interface ReportFigure {
  indicator: string;
  indicatorNameEn: string;
  indicatorNameZh: string;
  orgUnit: ReportUnit;
  period: string;
  value: number;
  unit: string | null;
  unitMult: number;
  basis: string;
  confidence: string | null;
  source: ReportSource | null;
}

export interface ReportTarget {
  /** As the dashboard has it (GET /api/progress): the target, its indicator, status and inputs. */
  progress: TargetProgress;
  status: ProgressStatus;
  /** The latest published figure up to the report's year, on the basis the status rests on. */
  latest: ReportFigure | null;
  /** That basis's figures up to the report's year, for the chart. */
  seriesToYear: { period: string; value: number }[];
  /**
   * The period of the figure the status rests on when it is after the report's
   * year (targets beyond the year are assessed on every figure to date).
   */
}

export const DELIVERY_STATES = ['on_time', 'late', 'open'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface ReportTask {
  id: number;
  title: string;
  leadUnit: ReportUnit;
  dueOn: string;
  doneOn: string | null;
  delivery: DeliveryState;
}

export interface DeliveryCounts {
  due: number;
  onTime: number;
  late: number;
  open: number;
}

export interface TaskDelivery {
  /** Levels with tasks due, in the order nation, province, prefecture, county, department. */
  byLevel: (DeliveryCounts & { level: OrgUnitLevel })[];
  total: DeliveryCounts;
  tasks: ReportTask[];
}

export interface InspectionUnitResult {
  unit: ReportUnit;
  inspections: number;
  openFindings: SeverityCounts;
  openFindingTotal: number;
  openRectifications: number;
  overdueRectifications: number;
}

export interface InspectionResults {
  /** The day overdue items are counted against. */
  asOf: string;
  units: InspectionUnitResult[];
  total: Omit<InspectionUnitResult, 'unit'>;
}

export interface RankingRow {
  rank: number;
  unit: ReportUnit;
  total: number;
  components: Record<ComponentKey, number>;
  rankChange: number | null;
  totalChange: number | null;
}

export interface ReportEvaluation {
  id: number;
  status: EvaluationRunView['status'];
  cutoffOn: string;
  schemeVersion: number;
  publishedAt: string | null;
  /** By rank, then unit code. */
  ranked: RankingRow[];
  /** Units without any inputs: listed, not ranked. */
  notEvaluated: ReportUnit[];
}

export interface ReportModel {
  year: number;
  lang: ReportLanguage;
  generatedAt: string;
  plan: {
    code: string;
    title: string;
    issuers: string[];
    issuedOn: string | null;
    method: ProgressMethod;
  };
  /** The day the statuses were assessed on. */
  assessedOn: string;
  targets: ReportTarget[];
  delivery: TaskDelivery;
  inspections: InspectionResults;
  /** The year's published run, else its draft (when drafts are shown); null when none. */
  evaluation: ReportEvaluation | null;
  /** True when the year has only a draft run and the reader may not see drafts. */
  evaluationUnpublished: boolean;
  /** Every published national figure of the plan's indicators up to the year. */
  figures: ReportFigure[];
}

export interface ReportSources {
  progress: ProgressService;
  inspections: InspectionService;
  evaluation: EvaluationService;
}

const LEVEL_ORDER: readonly OrgUnitLevel[] = [
  'nation',
  'province',
  'prefecture',
  'county',
  'department',
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "CNNIC 47th Statistical Report (Feb 2021)" → "2021-02"; null when the title names no month. */
export function releaseMonthOf(sourceTitle: string): string | null {
  const match = /\((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})\)\s*$/i.exec(
    sourceTitle,
  );
  if (!match) return null;
  const month = MONTHS.indexOf(match[1]!.slice(0, 3).toLowerCase()) + 1;
  return `${match[2]}-${String(month).padStart(2, '0')}`;
}

const yearOfPeriod = (period: string) => Number(period.slice(0, 4));

export class ReportModelBuilder {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sources: ReportSources,
    private readonly now: () => Date,
  ) {}

  async build(
    year: number,
    lang: ReportLanguage,
    options: { withDrafts?: boolean } = {},
  ): Promise<ReportModel> {
    const plan = await this.db
      .selectFrom('plan')
      .select(['code', 'title', 'issuers', 'issuedOn'])
      .where('code', '=', DEFAULT_PLAN_CODE)
      .executeTakeFirst();
    if (!plan) throw new NotFoundError(`The store has no plan ${DEFAULT_PLAN_CODE}`);
    // As at the end of the year: a later figure must not decide a status in this year's report.
    const progress = await this.sources.progress.plan(PUBLIC_READER, DEFAULT_PLAN_CODE, undefined, {
      observationsUpTo: year,
    });
    const units = await this.units();
    const figures = await this.figures(
      [...new Set(progress.items.map((item) => item.target.indicator))],
      year,
      units,
    );
    return {
      year,
      lang,
      generatedAt: this.now().toISOString(),
      plan: {
        code: plan.code,
        title: plan.title,
        issuers: parseIssuers(plan.issuers),
        issuedOn: plan.issuedOn,
        method: progress.method,
      },
      assessedOn: progress.asOf,
      targets: progress.items.map((item) =>
        reportTarget(item, year, figures, units.get(NATION_CODE)!),
      ),
      delivery: await this.delivery(year, units),
      inspections: await this.inspections(year, units),
      ...(await this.evaluation(year, units, options.withDrafts ?? true)),
      figures,
    };
  }

  private async units(): Promise<Map<string, ReportUnit>> {
    const rows = await this.db
      .selectFrom('orgUnit')
      .select(['code', 'nameZh', 'nameEn', 'level'])
      .execute();
    return new Map(rows.map((row) => [row.code, row]));
  }

  /** Published national figures (totals) of the indicators, every basis, periods up to the year. */
  private async figures(
    indicators: readonly string[],
    year: number,
    units: ReadonlyMap<string, ReportUnit>,
  ): Promise<ReportFigure[]> {
    const names = new Map(
      (
        await this.db
          .selectFrom('indicator')
          .select(['code', 'nameEn', 'nameZh', 'unit', 'unitMult'])
          .where('code', 'in', [...indicators, ''])
          .execute()
      ).map((row) => [row.code, row]),
    );
    const values = await new DataValueRepository(this.db).list({
      indicatorCodes: indicators,
      orgUnitCode: NATION_CODE,
      disaggregation: '',
      periodTo: `${year}Z`,
      unpublishedWithin: [],
    });
    const sources = new Map(
      (await this.db.selectFrom('source').selectAll().execute()).map((row) => [row.key, row]),
    );
    const nation = units.get(NATION_CODE);
    if (!nation) throw new NotFoundError(`The store has no org unit ${NATION_CODE}`);
    return values
      .filter((value) => yearOfPeriod(value.period) <= year)
      .map((value): ReportFigure => {
        const indicator = names.get(value.indicatorCode)!;
        const source = value.sourceKey === null ? undefined : sources.get(value.sourceKey);
        return {
          indicator: value.indicatorCode,
          indicatorNameEn: indicator.nameEn,
          indicatorNameZh: indicator.nameZh,
          orgUnit: nation,
          period: value.period,
          value: value.value,
          unit: indicator.unit,
          unitMult: indicator.unitMult,
          basis: value.basis,
          confidence: value.confidence,
          source: source
            ? {
                key: source.key,
                title: source.title,
                whereFound: source.whereFound,
                releasedIn: releaseMonthOf(source.title),
              }
            : null,
        };
      })
      .sort(
        (a, b) =>
          a.indicator.localeCompare(b.indicator) ||
          a.basis.localeCompare(b.basis) ||
          a.period.localeCompare(b.period),
      );
  }

  /** Tasks due in the year (not the shipped examples), by how they were delivered. */
  private async delivery(
    year: number,
    units: ReadonlyMap<string, ReportUnit>,
  ): Promise<TaskDelivery> {
    const rows = await this.db
      .selectFrom('task')
      .select(['id', 'title', 'leadUnitCode', 'dueOn', 'doneOn'])
      .where('dueOn', '>=', `${year}-01-01`)
      .where('dueOn', '<=', `${year}-12-31`)
      .where('isExample', '=', 0)
      .orderBy('dueOn')
      .orderBy('id')
      .execute();
    const tasks = rows.map((row): ReportTask => ({
      id: row.id,
      title: row.title,
      leadUnit: units.get(row.leadUnitCode)!,
      dueOn: row.dueOn,
      doneOn: row.doneOn,
      delivery: row.doneOn === null ? 'open' : row.doneOn <= row.dueOn ? 'on_time' : 'late',
    }));
    const count = (list: readonly ReportTask[]): DeliveryCounts => ({
      due: list.length,
      onTime: list.filter((task) => task.delivery === 'on_time').length,
      late: list.filter((task) => task.delivery === 'late').length,
      open: list.filter((task) => task.delivery === 'open').length,
    });
    return {
      byLevel: LEVEL_ORDER.map((level) => ({
        level,
        ...count(tasks.filter((task) => task.leadUnit.level === level)),
      })).filter((row) => row.due > 0),
      total: count(tasks),
      tasks,
    };
  }

  private async inspections(
    year: number,
    units: ReadonlyMap<string, ReportUnit>,
  ): Promise<InspectionResults> {
    const summary = await this.sources.inspections.summary(OPERATOR, year);
    const results = summary.items.map((item): InspectionUnitResult => ({
      unit: units.get(item.unit.code)!,
      inspections: item.inspections,
      openFindings: item.openFindings,
      openFindingTotal: item.openFindingTotal,
      openRectifications: item.openRectifications,
      overdueRectifications: item.overdueRectifications,
    }));
    const sum = (pick: (result: InspectionUnitResult) => number) =>
      results.reduce((total, result) => total + pick(result), 0);
    return {
      asOf: summary.today,
      units: results,
      total: {
        inspections: sum((r) => r.inspections),
        openFindings: {
          critical: sum((r) => r.openFindings.critical),
          major: sum((r) => r.openFindings.major),
          minor: sum((r) => r.openFindings.minor),
        },
        openFindingTotal: sum((r) => r.openFindingTotal),
        openRectifications: sum((r) => r.openRectifications),
        overdueRectifications: sum((r) => r.overdueRectifications),
      },
    };
  }

  private async evaluation(
    year: number,
    units: ReadonlyMap<string, ReportUnit>,
    withDrafts: boolean,
  ): Promise<{ evaluation: ReportEvaluation | null; evaluationUnpublished: boolean }> {
    let run: EvaluationRunView;
    try {
      run = await this.sources.evaluation.get(year);
    } catch (error) {
      if (error instanceof NotFoundError) return { evaluation: null, evaluationUnpublished: false };
      throw error;
    }
    if (run.status !== 'published' && !withDrafts) {
      return { evaluation: null, evaluationUnpublished: true };
    }
    const ranked: RankingRow[] = [];
    const notEvaluated: ReportUnit[] = [];
    for (const score of run.scores) {
      const unit = units.get(score.unit)!;
      // Not ranked: no rank stored, or a unit scored without any inputs.
      const rank: number | null = score.rank;
      if (rank === null || score.detail.evaluated === false) {
        notEvaluated.push(unit);
        continue;
      }
      const components = Object.fromEntries(
        COMPONENT_KEYS.map((key) => [
          key,
          score.detail.components.find((component) => component.key === key)?.points ?? 0,
        ]),
      ) as Record<ComponentKey, number>;
      ranked.push({
        rank,
        unit,
        total: score.total,
        components,
        rankChange: score.rankChange,
        totalChange: score.totalChange,
      });
    }
    return {
      evaluation: {
        id: run.id,
        status: run.status,
        cutoffOn: run.cutoffOn,
        schemeVersion: run.schemeVersion,
        publishedAt: run.publishedAt,
        ranked,
        notEvaluated,
      },
      evaluationUnpublished: false,
    };
  }
}

function parseIssuers(stored: string): string[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.map(String) : [stored];
  } catch {
    return [stored];
  }
}

/** The basis the status rests on, else the one with the latest figure up to the year. */
function basisOf(item: TargetProgress, year: number): Series | null {
  if (item.series) return item.series;
  let best: { series: Series; latest: number } | null = null;
  for (const series of item.otherSeries) {
    const usable = series.points.filter((point) => yearOfPeriod(point.period) <= year);
    const latest = usable.length > 0 ? usable[usable.length - 1]!.t : -Infinity;
    if (usable.length > 0 && (!best || latest > best.latest)) best = { series, latest };
  }
  return best?.series ?? null;
}

function reportTarget(
  item: TargetProgress,
  year: number,
  figures: readonly ReportFigure[],
  nation: ReportUnit,
): ReportTarget {
  const status = item.assessment?.status ?? item.milestone?.status ?? 'insufficient_data';
  const series = basisOf(item, year);
  const points = (series?.points ?? []).filter((point) => yearOfPeriod(point.period) <= year);
  const last = points[points.length - 1];
  const stored =
    last && series
      ? figures.find(
          (figure) =>
            figure.indicator === item.target.indicator &&
            figure.basis === series.basis &&
            figure.period === last.period,
        )
      : undefined;
  // A figure the units below add up to has no row of its own, so no source.
  const latest: ReportFigure | null =
    stored ??
    (last && series
      ? {
          indicator: item.indicator.code,
          indicatorNameEn: item.indicator.nameEn,
          indicatorNameZh: item.indicator.nameZh,
          orgUnit: nation,
          period: last.period,
          value: last.value,
          unit: item.indicator.unit,
          unitMult: item.indicator.unitMult,
          basis: series.basis,
          confidence: null,
          source: null,
        }
      : null);
  return {
    progress: item,
    status,
    latest,
    seriesToYear: points.map((point) => ({ period: point.period, value: point.value })),
  };
}
