/**
 * What people read of the evaluation: the runs of each year, a year's
 * ranking, one unit's scorecard with its trend, and the year's scheme with
 * its versions. Drafts are seen only by those who manage evaluations; the
 * route decides that and passes `withDrafts`.
 */
import type { Kysely } from 'kysely';
import type {
  ComponentPoints,
  EvaluationRanking,
  EvaluationRunList,
  EvaluationRunSummary,
  EvaluationSchemeView,
  RankingRow,
  Scorecard,
  ScorecardHistoryPoint,
} from '../../api/evaluation-contract.js';
import {
  DEFAULT_SCHEME,
  describeScheme,
  evaluationSchemeSchema,
  type EvaluationScheme,
  type UnitScore,
} from '../../core/evaluation/index.js';
import type { Database } from '../../db/schema.js';
import { NotFoundError } from '../errors.js';

interface UnitRef {
  code: string;
  nameZh: string;
  nameEn: string | null;
  level: string;
}

function componentPoints(detail: UnitScore): ComponentPoints[] {
  return detail.components.map((component) => ({
    key: component.key,
    weight: component.weight,
    effectiveWeight: component.effectiveWeight,
    points: component.points,
  }));
}

/** Ranked first by rank, then the units not evaluated; ties by code. */
function byRankThenCode(
  a: { rank: number | null; code: string },
  b: { rank: number | null; code: string },
): number {
  const rankA = a.rank ?? Number.MAX_SAFE_INTEGER;
  const rankB = b.rank ?? Number.MAX_SAFE_INTEGER;
  return rankA - rankB || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export class EvaluationViews {
  constructor(private readonly db: Kysely<Database>) {}

  async runs(withDrafts: boolean, canManage: boolean): Promise<EvaluationRunList> {
    const runs = await this.runRows({ publishedOnly: !withDrafts });
    return {
      runs: runs.sort((a, b) => b.year - a.year || b.id - a.id),
      canManage,
    };
  }

  /** The year's published run, else (for managers) its draft. */
  async ranking(year: number, withDrafts: boolean): Promise<EvaluationRanking> {
    const run = await this.runOfYear(year, withDrafts);
    const scores = await this.db
      .selectFrom('evaluationScore')
      .innerJoin('orgUnit', 'orgUnit.code', 'evaluationScore.orgUnitCode')
      .select([
        'evaluationScore.orgUnitCode as code',
        'evaluationScore.total',
        'evaluationScore.rank',
        'evaluationScore.rankChange',
        'evaluationScore.totalChange',
        'evaluationScore.detail',
        'orgUnit.nameZh',
        'orgUnit.nameEn',
        'orgUnit.level',
      ])
      .where('evaluationScore.runId', '=', run.id)
      .execute();
    scores.sort(byRankThenCode);
    return {
      run,
      rows: scores.map((score) =>
        rankingRow(
          { code: score.code, nameZh: score.nameZh, nameEn: score.nameEn, level: score.level },
          score,
          JSON.parse(score.detail) as UnitScore,
        ),
      ),
    };
  }

  async scorecard(year: number, code: string, withDrafts: boolean): Promise<Scorecard> {
    const run = await this.runOfYear(year, withDrafts);
    const unit = await this.db
      .selectFrom('orgUnit')
      .select(['code', 'nameZh', 'nameEn', 'level'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!unit) throw new NotFoundError(`No org unit has code ${code}`);
    const score = await this.db
      .selectFrom('evaluationScore')
      .selectAll()
      .where('runId', '=', run.id)
      .where('orgUnitCode', '=', code)
      .executeTakeFirst();
    if (!score) {
      throw new NotFoundError(
        `${code} ${unit.nameEn ?? unit.nameZh} is not scored in the ${year} evaluation: only provinces and central departments are`,
      );
    }
    const detail = JSON.parse(score.detail) as UnitScore;
    return {
      run,
      row: rankingRow(unit, score, detail),
      components: detail.components.map((component) => ({
        key: component.key,
        weight: component.weight,
        effectiveWeight: component.effectiveWeight,
        points: component.points,
        items: component.items,
      })),
      history: await this.history(code, withDrafts),
    };
  }

  /** The unit in every year: the published run, else (for managers) the draft. */
  private async history(code: string, withDrafts: boolean): Promise<ScorecardHistoryPoint[]> {
    let query = this.db
      .selectFrom('evaluationScore')
      .innerJoin('evaluationRun', 'evaluationRun.id', 'evaluationScore.runId')
      .select([
        'evaluationRun.id as runId',
        'evaluationRun.year',
        'evaluationRun.status',
        'evaluationScore.total',
        'evaluationScore.rank',
        'evaluationScore.detail',
        (eb) =>
          eb
            .selectFrom('evaluationScore as ranked')
            .select((inner) => inner.fn.countAll<number | string>().as('n'))
            .whereRef('ranked.runId', '=', 'evaluationRun.id')
            .where('ranked.rank', 'is not', null)
            .as('rankedUnits'),
      ])
      .where('evaluationScore.orgUnitCode', '=', code);
    if (!withDrafts) query = query.where('evaluationRun.status', '=', 'published');
    const rows = await query.execute();
    const byYear = new Map<number, (typeof rows)[number]>();
    for (const row of rows) {
      const kept = byYear.get(row.year);
      // A published run is what counts for its year; a draft only stands in before it.
      if (!kept || (kept.status === 'draft' && row.status === 'published'))
        byYear.set(row.year, row);
    }
    return [...byYear.values()]
      .sort((a, b) => a.year - b.year)
      .map((row) => {
        const detail = JSON.parse(row.detail) as UnitScore;
        return {
          year: row.year,
          runId: row.runId,
          status: row.status,
          evaluated: detail.evaluated !== false,
          total: Number(row.total),
          rank: row.rank,
          rankedUnits: Number(row.rankedUnits ?? 0),
          components: componentPoints(detail),
        };
      });
  }

  async scheme(year: number): Promise<EvaluationSchemeView> {
    const versions = await this.db
      .selectFrom('evaluationScheme')
      .select([
        'evaluationScheme.version',
        'evaluationScheme.createdBy',
        'evaluationScheme.createdAt',
        'evaluationScheme.definition',
        (eb) =>
          eb
            .selectFrom('evaluationRun')
            .select((inner) => inner.fn.countAll<number | string>().as('n'))
            .whereRef('evaluationRun.schemeId', '=', 'evaluationScheme.id')
            .as('runs'),
      ])
      .where('year', '=', year)
      .orderBy('version', 'desc')
      .execute();
    const newest = versions[0];
    const current: EvaluationScheme = newest
      ? evaluationSchemeSchema.parse(JSON.parse(newest.definition))
      : { ...DEFAULT_SCHEME, year, version: 1 };
    return {
      year,
      current,
      stored: newest !== undefined,
      versions: versions.map((version) => ({
        version: version.version,
        createdBy: version.createdBy,
        createdAt: version.createdAt,
        runs: Number(version.runs ?? 0),
      })),
      description: { en: describeScheme(current, 'en'), zh: describeScheme(current, 'zh') },
    };
  }

  /** The published run of the year, else its draft when drafts are shown. */
  async runOfYear(year: number, withDrafts: boolean): Promise<EvaluationRunSummary> {
    const runs = await this.runRows({ year });
    const published = runs.find((run) => run.status === 'published');
    if (published) return published;
    const draft = runs.find((run) => run.status === 'draft');
    if (draft && withDrafts) return draft;
    throw new NotFoundError(
      draft
        ? `The ${year} evaluation has not been published yet`
        : `No evaluation has been run for ${year}`,
    );
  }

  private async runRows(filter: {
    year?: number;
    publishedOnly?: boolean;
  }): Promise<EvaluationRunSummary[]> {
    let query = this.db
      .selectFrom('evaluationRun')
      .innerJoin('evaluationScheme', 'evaluationScheme.id', 'evaluationRun.schemeId')
      .select([
        'evaluationRun.id',
        'evaluationRun.year',
        'evaluationRun.status',
        'evaluationRun.cutoffOn',
        'evaluationScheme.version as schemeVersion',
        'evaluationRun.inputsSha256',
        'evaluationRun.createdBy',
        'evaluationRun.createdAt',
        'evaluationRun.publishedBy',
        'evaluationRun.publishedAt',
        (eb) =>
          eb
            .selectFrom('evaluationScore')
            .select((inner) => inner.fn.countAll<number | string>().as('n'))
            .whereRef('evaluationScore.runId', '=', 'evaluationRun.id')
            .as('units'),
        (eb) =>
          eb
            .selectFrom('evaluationScore')
            .select((inner) => inner.fn.countAll<number | string>().as('n'))
            .whereRef('evaluationScore.runId', '=', 'evaluationRun.id')
            .where('evaluationScore.rank', 'is not', null)
            .as('ranked'),
      ]);
    if (filter.year !== undefined) query = query.where('evaluationRun.year', '=', filter.year);
    if (filter.publishedOnly) query = query.where('evaluationRun.status', '=', 'published');
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      year: row.year,
      status: row.status,
      cutoffOn: row.cutoffOn,
      schemeVersion: row.schemeVersion,
      inputsSha256: row.inputsSha256,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      publishedBy: row.publishedBy,
      publishedAt: row.publishedAt,
      units: Number(row.units ?? 0),
      ranked: Number(row.ranked ?? 0),
    }));
  }
}

function rankingRow(
  unit: UnitRef,
  score: {
    total: number;
    rank: number | null;
    rankChange: number | null;
    totalChange: number | null;
  },
  detail: UnitScore,
): RankingRow {
  return {
    unit: { code: unit.code, nameZh: unit.nameZh, nameEn: unit.nameEn, level: unit.level },
    // Runs stored before units without inputs were told apart lack the flag: they were all ranked.
    evaluated: detail.evaluated !== false,
    total: Number(score.total),
    rank: score.rank,
    rankChange: score.rankChange,
    totalChange: score.totalChange === null ? null : Number(score.totalChange),
    components: componentPoints(detail),
  };
}
