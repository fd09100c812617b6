/**
 * Targets below the nation: a national target broken down into provincial
 * ones (entered or imported), the check that they add up to the national
 * target by the indicator's rule, and evidence recorded against qualitative
 * targets (milestones).
 */
import type { Kysely } from 'kysely';
import { NATION_CODE } from '../../core/org-units.js';
import type { Database } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { InputError, NotFoundError, type Problem } from '../errors.js';

export interface Cascade {
  indicator: string;
  year: number;
  aggregation: string;
  national: { value: number; comparator: string | null } | null;
  provinces: { orgUnit: string; nameZh: string; nameEn: string | null; value: number | null }[];
  combined: number | null;
  missing: string[];
  consistent: boolean | null;
  message: string;
}

/** Provincial targets are rounded as published; beyond this relative gap they do not add up. */
const CASCADE_TOLERANCE = 0.005;

export class TargetService {
  constructor(private readonly db: Kysely<Database>) {}

  async cascade(indicatorCode: string, year: number): Promise<Cascade> {
    const indicator = await this.db
      .selectFrom('indicator')
      .select(['code', 'aggregation', 'kind'])
      .where('code', '=', indicatorCode)
      .executeTakeFirst();
    if (!indicator) throw new NotFoundError(`No indicator has code ${indicatorCode}`);
    const targets = await this.db
      .selectFrom('target')
      .select(['orgUnitCode', 'value', 'comparator'])
      .where('indicatorCode', '=', indicatorCode)
      .where('year', '=', year)
      .where('kind', '=', 'numeric')
      .execute();
    const byUnit = new Map(targets.map((t) => [t.orgUnitCode, t]));
    const provinces = await this.db
      .selectFrom('orgUnit')
      .select(['code', 'nameZh', 'nameEn'])
      .where('parentCode', '=', NATION_CODE)
      .where('level', '=', 'province')
      .orderBy('sortOrder')
      .execute();
    const rows = provinces.map((p) => ({
      orgUnit: p.code,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      value: byUnit.get(p.code)?.value ?? null,
    }));
    const given = rows.filter((row) => row.value !== null).map((row) => row.value!);
    const missing = rows.filter((row) => row.value === null).map((row) => row.orgUnit);
    const nationalRow = byUnit.get(NATION_CODE);
    const national =
      nationalRow && nationalRow.value !== null
        ? { value: nationalRow.value, comparator: nationalRow.comparator }
        : null;
    const base = {
      indicator: indicatorCode,
      year,
      aggregation: indicator.aggregation,
      national,
      provinces: rows,
      missing,
    };
    if (given.length === 0) {
      return {
        ...base,
        combined: null,
        consistent: null,
        message: 'No provincial targets are recorded for this year.',
      };
    }
    const sum = given.reduce((total, v) => total + v, 0);
    const combined =
      indicator.aggregation === 'sum' || indicator.aggregation === 'last'
        ? sum
        : indicator.aggregation === 'average'
          ? sum / given.length
          : null;
    if (combined === null) {
      return {
        ...base,
        combined: null,
        consistent: null,
        message: `Targets of an indicator aggregated by ${indicator.aggregation} cannot be combined without weights; compare them one by one.`,
      };
    }
    if (!national) {
      return {
        ...base,
        combined,
        consistent: null,
        message: 'There is no national target for this year to compare with.',
      };
    }
    const gap = combined - national.value;
    const consistent =
      Math.abs(gap) <= CASCADE_TOLERANCE * Math.max(Math.abs(national.value), 1e-12) &&
      missing.length === 0;
    const what = indicator.aggregation === 'average' ? 'average' : 'sum';
    const shown = (value: number) => Number(value.toPrecision(12));
    const message =
      missing.length > 0
        ? `${missing.length} of ${rows.length} provinces have no target; the ${what} of the other ${given.length} is ${shown(combined)} against the national ${national.value}.`
        : consistent
          ? `The provincial targets ${what === 'sum' ? 'add up' : 'average'} to ${shown(combined)}, the national target is ${national.value}: consistent.`
          : `The provincial targets ${what === 'sum' ? 'add up' : 'average'} to ${shown(combined)} but the national target is ${national.value} (${gap > 0 ? '+' : ''}${shown(gap)}).`;
    return { ...base, combined, consistent, message };
  }

  /** Records provincial (or any sub-national) targets of an indicator for a year, replacing earlier ones. */
  async saveTargets(
    indicatorCode: string,
    input: { year: number; targets: { orgUnit: string; value: number }[] },
    actor: Actor,
  ): Promise<Cascade> {
    await this.db.transaction().execute(async (trx) => {
      const national = await trx
        .selectFrom('target')
        .selectAll()
        .where('indicatorCode', '=', indicatorCode)
        .where('year', '=', input.year)
        .where('orgUnitCode', '=', NATION_CODE)
        .where('kind', '=', 'numeric')
        .executeTakeFirst();
      if (!national) {
        throw new NotFoundError(
          `${indicatorCode} has no national numeric target for ${input.year} to break down`,
        );
      }
      const problems: Problem[] = [];
      const seen = new Set<string>();
      const units = await trx
        .selectFrom('orgUnit')
        .select(['code', 'level'])
        .where(
          'code',
          'in',
          input.targets.map((t) => t.orgUnit),
        )
        .execute();
      const levelOf = new Map(units.map((u) => [u.code, u.level]));
      input.targets.forEach((t, i) => {
        const level = levelOf.get(t.orgUnit);
        if (!level)
          problems.push({
            path: `targets[${i}].orgUnit`,
            message: `no org unit has code ${t.orgUnit}`,
          });
        else if (level === 'nation' || level === 'department')
          problems.push({
            path: `targets[${i}].orgUnit`,
            message: `${t.orgUnit} is the ${level}, not a region below the nation`,
          });
        if (seen.has(t.orgUnit))
          problems.push({ path: `targets[${i}].orgUnit`, message: `${t.orgUnit} is given twice` });
        seen.add(t.orgUnit);
      });
      if (problems.length > 0)
        throw new InputError(`${problems.length} provincial targets cannot be saved`, problems);
      const before = await trx
        .selectFrom('target')
        .select(['orgUnitCode', 'value'])
        .where('indicatorCode', '=', indicatorCode)
        .where('year', '=', input.year)
        .where('orgUnitCode', 'in', [...seen])
        .execute();
      await trx
        .deleteFrom('target')
        .where('indicatorCode', '=', indicatorCode)
        .where('year', '=', input.year)
        .where('orgUnitCode', 'in', [...seen])
        .execute();
      await trx
        .insertInto('target')
        .values(
          input.targets.map((t) => ({
            indicatorCode,
            orgUnitCode: t.orgUnit,
            year: input.year,
            kind: 'numeric' as const,
            value: t.value,
            comparator: national.comparator,
            baselineYear: null,
            baselineValue: null,
            derivation: `breakdown of the national ${input.year} target`,
            milestoneEn: null,
            milestoneZh: null,
            status: null,
            sentence: national.sentence,
            planNodeId: national.planNodeId,
          })),
        )
        .execute();
      await appendAudit(trx, actor, {
        action: 'target.breakdown',
        entityType: 'indicator',
        entityId: `${indicatorCode}/${input.year}`,
        before,
        after: input.targets,
      });
    });
    return this.cascade(indicatorCode, input.year);
  }

  /** The target a piece of evidence is for, with its unit (for the policy). */
  async targetUnit(targetId: number): Promise<string | null> {
    // The policy asks before validation: the id may be anything a path holds (NaN fails a PostgreSQL query).
    if (!Number.isInteger(targetId) || targetId < 1 || targetId > 2_147_483_647) return null;
    const row = await this.db
      .selectFrom('target')
      .select('orgUnitCode')
      .where('id', '=', targetId)
      .executeTakeFirst();
    return row?.orgUnitCode ?? null;
  }

  async addEvidence(
    targetId: number,
    input: { status: string; note: string; link?: string | null | undefined },
    actor: Actor,
  ) {
    return this.db.transaction().execute(async (trx) => {
      const target = await trx
        .selectFrom('target')
        .select(['id', 'kind'])
        .where('id', '=', targetId)
        .executeTakeFirst();
      if (!target) throw new NotFoundError(`No target has id ${targetId}`);
      if (target.kind !== 'qualitative') {
        throw new InputError(
          `Target ${targetId} is numeric: its progress comes from the figures, not from evidence`,
          [{ path: 'targetId', message: 'a numeric target' }],
        );
      }
      const row = await trx
        .insertInto('targetEvidence')
        .values({
          targetId,
          status: input.status,
          note: input.note,
          link: input.link ?? null,
          recordedBy: actor.name,
          recordedAt: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, actor, {
        action: 'target.evidence',
        entityType: 'target',
        entityId: String(targetId),
        after: { status: row.status, note: row.note, link: row.link },
      });
      return row;
    });
  }

  async evidence(targetId: number) {
    return this.db
      .selectFrom('targetEvidence')
      .selectAll()
      .where('targetId', '=', targetId)
      .orderBy('recordedAt')
      .orderBy('id')
      .execute();
  }
}
