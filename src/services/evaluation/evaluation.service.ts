/**
 * The annual evaluation run (Outline VI(4)): gathers every province's and
 * central department's inputs as of a cut-off day, scores them under the
 * year's scheme, ranks them against the previous year's published run and
 * stores a draft; publishing freezes it. Inputs are hashed, so equal hashes
 * mean equal scores.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  DEFAULT_SCHEME,
  evaluationSchemeSchema,
  rankUnits,
  scoreUnit,
  type EvaluationScheme,
  type PreviousRank,
  type UnitEvaluationInputs,
  type UnitScore,
} from '../../core/evaluation/index.js';
import type { Tx } from '../../db/connect.js';
import { lockAuditChain } from '../../db/dialects/index.js';
import type { Database, EvaluationRunStatus } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { EvaluationInputs } from './evaluation-inputs.js';
import { EvaluationViews } from './evaluation-views.js';

export interface EvaluationScoreView {
  unit: string;
  total: number;
  /** Null when the unit had no inputs at all (not evaluated, not ranked). */
  rank: number | null;
  rankChange: number | null;
  totalChange: number | null;
  detail: UnitScore;
}

export interface EvaluationRunView {
  id: number;
  year: number;
  status: EvaluationRunStatus;
  cutoffOn: string;
  schemeVersion: number;
  inputsSha256: string;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  /** By rank, then unit code. */
  scores: EvaluationScoreView[];
}

export interface RunOptions {
  cutoffOn: string;
  /** The year's stored scheme version; by default the latest (DEFAULT_SCHEME as version 1 when none). */
  schemeVersion?: number | undefined;
  actor: Actor;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** SHA-256 of what decides the scores: the scheme and every unit's inputs. */
export function inputsSha256(
  scheme: EvaluationScheme,
  inputs: readonly UnitEvaluationInputs[],
): string {
  return createHash('sha256').update(JSON.stringify({ scheme, inputs })).digest('hex');
}

export class EvaluationService {
  private readonly inputs: EvaluationInputs;
  /** Rankings, scorecards and schemes as people read them. */
  readonly views: EvaluationViews;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.inputs = new EvaluationInputs(db);
    this.views = new EvaluationViews(db);
  }

  /** The default cut-off day: today (UTC) by the service's clock. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** Every evaluated unit's inputs as of the cut-off day. */
  async gatherInputs(year: number, cutoffOn: string): Promise<UnitEvaluationInputs[]> {
    checkYearAndCutoff(year, cutoffOn);
    return this.inputs.gather(year, cutoffOn);
  }

  /** Scores the year and stores it as the year's draft (replacing an earlier draft). */
  async run(year: number, options: RunOptions): Promise<EvaluationRunView> {
    checkYearAndCutoff(year, options.cutoffOn);
    const inputs = await this.inputs.gather(year, options.cutoffOn);
    const runId = await this.db.transaction().execute(async (trx) => {
      // Runs, publishing and new scheme versions read what they replace: one at a time (see serialise).
      await serialise(trx);
      const scheme = await this.scheme(trx, year, options.schemeVersion, options.actor);
      const scores = inputs.map((unit) => scoreUnit(scheme.definition, unit));
      const ranked = rankUnits(
        scores.filter((score) => score.evaluated),
        await this.previousRanks(trx, year - 1),
      );
      const rankedUnits = new Set(ranked.map((unit) => unit.unit));
      const unranked = scores.filter((score) => !rankedUnits.has(score.unit));
      const replaced = await trx
        .selectFrom('evaluationRun')
        .select('id')
        .where('year', '=', year)
        .where('status', '=', 'draft')
        .execute();
      const replacedIds = replaced.map((run) => run.id);
      if (replacedIds.length > 0) {
        await trx.deleteFrom('evaluationScore').where('runId', 'in', replacedIds).execute();
        await trx.deleteFrom('evaluationRun').where('id', 'in', replacedIds).execute();
      }
      const sha256 = inputsSha256(scheme.definition, inputs);
      const run = await trx
        .insertInto('evaluationRun')
        .values({
          year,
          schemeId: scheme.id,
          cutoffOn: options.cutoffOn,
          status: 'draft',
          inputsSha256: sha256,
          createdBy: options.actor.name,
          createdAt: this.now().toISOString(),
          publishedBy: null,
          publishedAt: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const byUnit = new Map(scores.map((score) => [score.unit, score]));
      const rows = [
        ...ranked.map((unit) => ({
          runId: run.id,
          orgUnitCode: unit.unit,
          total: unit.total,
          rank: unit.rank,
          rankChange: unit.rankChange,
          totalChange: unit.totalChange,
          detail: JSON.stringify(byUnit.get(unit.unit)),
        })),
        ...unranked.map((score) => ({
          runId: run.id,
          orgUnitCode: score.unit,
          total: score.total,
          rank: null,
          rankChange: null,
          totalChange: null,
          detail: JSON.stringify(score),
        })),
      ];
      // Inserted in slices: one statement per 74 units is fine, but plans may evaluate more.
      for (let start = 0; start < rows.length; start += 500) {
        await trx
          .insertInto('evaluationScore')
          .values(rows.slice(start, start + 500))
          .execute();
      }
      await appendAudit(trx, options.actor, {
        action: 'evaluation_run.create',
        entityType: 'evaluation_run',
        entityId: String(run.id),
        ...(replacedIds.length > 0 ? { before: { replacedDrafts: replacedIds } } : {}),
        after: {
          year,
          cutoffOn: options.cutoffOn,
          schemeVersion: scheme.definition.version,
          inputsSha256: sha256,
          units: rows.length,
          ranked: ranked.length,
        },
      });
      return run.id;
    });
    return this.byId(runId);
  }

  /**
   * Stores a new version of the year's scheme (the year's first stored
   * version is 1, or 2 when the default was already stored by a run). Runs keep
   * the version they were scored under.
   */
  async createSchemeVersion(
    year: number,
    input: Omit<EvaluationScheme, 'version' | 'year'>,
    actor: Actor,
  ): Promise<number> {
    const parsed = evaluationSchemeSchema.safeParse({ ...input, year, version: 1 });
    if (!parsed.success) {
      throw new InputError(
        'The evaluation scheme is not valid',
        parsed.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        })),
      );
    }
    return this.db.transaction().execute(async (trx) => {
      await serialise(trx);
      const latest = await trx
        .selectFrom('evaluationScheme')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('year', '=', year)
        .executeTakeFirst();
      const version = Number(latest?.version ?? 0) + 1;
      await this.storeScheme(trx, { ...parsed.data, year, version }, actor);
      return version;
    });
  }

  /** Freezes a draft: it is never recomputed or replaced, and is what `get` returns for its year. */
  async publish(runId: number, actor: Actor): Promise<EvaluationRunView> {
    await this.db.transaction().execute(async (trx) => {
      await serialise(trx);
      const run = await trx
        .selectFrom('evaluationRun')
        .select(['id', 'year', 'status'])
        .where('id', '=', runId)
        .executeTakeFirst();
      if (!run) throw new NotFoundError(`No evaluation run has id ${runId}`);
      if (run.status === 'published') {
        throw new ConflictError(`Evaluation run ${runId} is already published`);
      }
      const published = await trx
        .selectFrom('evaluationRun')
        .select('id')
        .where('year', '=', run.year)
        .where('status', '=', 'published')
        .executeTakeFirst();
      if (published) {
        throw new ConflictError(
          `The ${run.year} evaluation is already published as run ${published.id}; a published run is never replaced`,
        );
      }
      const at = this.now().toISOString();
      await trx
        .updateTable('evaluationRun')
        .set({ status: 'published', publishedBy: actor.name, publishedAt: at })
        .where('id', '=', runId)
        .execute();
      await appendAudit(trx, actor, {
        action: 'evaluation_run.publish',
        entityType: 'evaluation_run',
        entityId: String(runId),
        before: { status: 'draft' },
        after: { status: 'published', publishedAt: at },
      });
    });
    return this.byId(runId);
  }

  /** The year's published run, else its draft. */
  async get(year: number): Promise<EvaluationRunView> {
    const runs = await this.db
      .selectFrom('evaluationRun')
      .select(['id', 'status'])
      .where('year', '=', year)
      .execute();
    const chosen =
      runs.find((run) => run.status === 'published') ?? runs.find((run) => run.status === 'draft');
    if (!chosen) throw new NotFoundError(`No evaluation has been run for ${year}`);
    return this.byId(chosen.id);
  }

  async byId(runId: number): Promise<EvaluationRunView> {
    const run = await this.db
      .selectFrom('evaluationRun')
      .innerJoin('evaluationScheme', 'evaluationScheme.id', 'evaluationRun.schemeId')
      .selectAll('evaluationRun')
      .select('evaluationScheme.version as schemeVersion')
      .where('evaluationRun.id', '=', runId)
      .executeTakeFirst();
    if (!run) throw new NotFoundError(`No evaluation run has id ${runId}`);
    const scores = await this.db
      .selectFrom('evaluationScore')
      .selectAll()
      .where('runId', '=', runId)
      .execute();
    // Ranked first by rank, then the units not evaluated; each by code.
    scores.sort(
      (a, b) =>
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
        (a.orgUnitCode < b.orgUnitCode ? -1 : a.orgUnitCode > b.orgUnitCode ? 1 : 0),
    );
    return {
      id: run.id,
      year: run.year,
      status: run.status,
      cutoffOn: run.cutoffOn,
      schemeVersion: run.schemeVersion,
      inputsSha256: run.inputsSha256,
      createdBy: run.createdBy,
      createdAt: run.createdAt,
      publishedBy: run.publishedBy,
      publishedAt: run.publishedAt,
      scores: scores.map((score) => ({
        unit: score.orgUnitCode,
        total: Number(score.total),
        rank: score.rank,
        rankChange: score.rankChange,
        totalChange: score.totalChange === null ? null : Number(score.totalChange),
        detail: JSON.parse(score.detail) as UnitScore,
      })),
    };
  }

  /** The year's scheme: the version asked for, else the latest; DEFAULT_SCHEME stored as version 1 when the year has none. */
  private async scheme(
    trx: Tx,
    year: number,
    version: number | undefined,
    actor: Actor,
  ): Promise<{ id: number; definition: EvaluationScheme }> {
    let query = trx.selectFrom('evaluationScheme').selectAll().where('year', '=', year);
    if (version !== undefined) query = query.where('version', '=', version);
    const stored = await query.orderBy('version', 'desc').executeTakeFirst();
    if (stored) {
      return {
        id: stored.id,
        definition: evaluationSchemeSchema.parse(JSON.parse(stored.definition)),
      };
    }
    if (version !== undefined) {
      throw new NotFoundError(`The ${year} evaluation scheme has no version ${version}`);
    }
    const definition: EvaluationScheme = { ...DEFAULT_SCHEME, year, version: 1 };
    return { id: await this.storeScheme(trx, definition, actor), definition };
  }

  private async storeScheme(trx: Tx, definition: EvaluationScheme, actor: Actor): Promise<number> {
    const created = await trx
      .insertInto('evaluationScheme')
      .values({
        year: definition.year,
        version: definition.version,
        definition: JSON.stringify(definition),
        createdBy: actor.name,
        createdAt: this.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'evaluation_scheme.create',
      entityType: 'evaluation_scheme',
      entityId: String(created.id),
      after: definition,
    });
    return created.id;
  }

  /** Ranks and totals of the previous year's published run; none when it was never published. */
  private async previousRanks(trx: Tx, year: number): Promise<Map<string, PreviousRank>> {
    const rows = await trx
      .selectFrom('evaluationScore')
      .innerJoin('evaluationRun', 'evaluationRun.id', 'evaluationScore.runId')
      .select(['evaluationScore.orgUnitCode', 'evaluationScore.rank', 'evaluationScore.total'])
      .where('evaluationRun.year', '=', year)
      .where('evaluationRun.status', '=', 'published')
      .where('evaluationScore.rank', 'is not', null)
      .execute();
    return new Map(
      rows.map((row) => [row.orgUnitCode, { rank: row.rank!, total: Number(row.total) }]),
    );
  }
}

/**
 * Evaluation writes read the year's drafts, published run or latest scheme
 * version and then replace or add to them. Two at once on PostgreSQL (read
 * committed) would both see the same state: two drafts of a year, a draft
 * published as another run replaces it, a version stored twice. They take
 * the audit chain's lock first, which each takes anyway to append its entry;
 * SQLite has one writer at a time already.
 */
function serialise(trx: Tx): Promise<void> {
  return lockAuditChain(trx);
}

function checkYearAndCutoff(year: number, cutoffOn: string): void {
  const problems = [];
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    problems.push({ path: 'year', message: `must be a year from 2000 to 2100, not ${year}` });
  }
  if (!validDay(cutoffOn)) {
    problems.push({ path: 'cutoffOn', message: `must be a day as YYYY-MM-DD, not "${cutoffOn}"` });
  }
  if (problems.length > 0) throw new InputError('The evaluation cannot be run', problems);
}
