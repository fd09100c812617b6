/**
 * The release calendar: the office sets the day each data set's period is
 * released; on that day (and on every check after it, for approvals that
 * come late) the approved values of that data set and period are published.
 * Until then they are drafts, which the public never reads; afterwards each
 * value's revision records the release, so `asOf` reads every vintage back.
 */
import type { Kysely } from 'kysely';
import type {
  Release,
  ReleaseList,
  ReleaseQuery,
  ReleaseRun,
  ReleaseSchedule,
} from '../../api/releases-contract.js';
import { formatPeriod, periodEnd, tryParsePeriod } from '../../core/periods.js';
import { addDays } from '../../core/reporting/timeliness.js';
import type { Database } from '../../db/schema.js';
import { DataValueRepository } from '../../db/repositories/data-value.repository.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string): boolean {
  return ISO_DAY.test(value) && addDays(value, 0) === value;
}

export class ReleaseService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Today (UTC) by the service's clock. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  async list(query: ReleaseQuery = {}): Promise<ReleaseList> {
    let select = this.selectReleases();
    if (query.dataSet) select = select.where('dataSet.code', '=', query.dataSet);
    if (query.from) select = select.where('release.releaseOn', '>=', query.from);
    if (query.to) select = select.where('release.releaseOn', '<=', query.to);
    const rows = await select
      .orderBy('release.releaseOn')
      .orderBy('dataSet.code')
      .orderBy('release.period')
      .execute();
    return { releases: rows.map(present) };
  }

  /**
   * Sets (or moves) the release day of a data set's period. A release that
   * has happened is never moved: its values are public already.
   */
  async schedule(input: ReleaseSchedule, actor: Actor): Promise<Release> {
    const dataSet = await this.db
      .selectFrom('dataSet')
      .select(['id', 'code', 'periodType'])
      .where('code', '=', input.dataSet)
      .executeTakeFirst();
    if (!dataSet) throw new NotFoundError(`No data set has code ${input.dataSet}`);
    const problems: { path: string; message: string }[] = [];
    const period = tryParsePeriod(input.period);
    if (!period) {
      problems.push({
        path: 'period',
        message: `"${input.period}" is not a period (2020, 2020S1, 2020Q3 or 202007)`,
      });
    } else if (period.type !== dataSet.periodType) {
      problems.push({
        path: 'period',
        message: `${input.dataSet} is reported by ${dataSet.periodType.replace('_', '-')}, and ${input.period} is a ${period.type.replace('_', '-')}`,
      });
    }
    if (!validDay(input.releaseOn)) {
      problems.push({ path: 'releaseOn', message: `"${input.releaseOn}" is not a day` });
    } else if (period && input.releaseOn <= periodEnd(period)) {
      problems.push({
        path: 'releaseOn',
        message: `must come after the period ends (${periodEnd(period)}), not ${input.releaseOn}`,
      });
    }
    if (problems.length > 0) throw new InputError('The release cannot be scheduled', problems);
    const periodCode = formatPeriod(period!);

    const id = await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('release')
        .selectAll()
        .where('dataSetId', '=', dataSet.id)
        .where('period', '=', periodCode)
        .executeTakeFirst();
      if (existing?.status === 'released') {
        throw new ConflictError(
          `${input.dataSet} ${periodCode} was released on ${existing.releasedAt!.slice(0, 10)}; a release that has happened is not moved`,
        );
      }
      const note = input.note ?? null;
      let releaseId: number;
      if (existing) {
        await trx
          .updateTable('release')
          .set({ releaseOn: input.releaseOn, note })
          .where('id', '=', existing.id)
          .execute();
        releaseId = existing.id;
      } else {
        const created = await trx
          .insertInto('release')
          .values({
            dataSetId: dataSet.id,
            period: periodCode,
            releaseOn: input.releaseOn,
            status: 'scheduled',
            note,
            createdBy: actor.name,
            createdAt: this.now().toISOString(),
            releasedAt: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        releaseId = created.id;
      }
      await appendAudit(trx, actor, {
        action: existing ? 'release.move' : 'release.schedule',
        entityType: 'release',
        entityId: String(releaseId),
        ...(existing ? { before: { releaseOn: existing.releaseOn, note: existing.note } } : {}),
        after: { dataSet: input.dataSet, period: periodCode, releaseOn: input.releaseOn, note },
      });
      return releaseId;
    });
    return this.byId(id);
  }

  /**
   * Publishes what is due by `day`: every release on or before it that has
   * not happened, and the approvals that came after a release. Each release
   * in its own transaction, with one audit entry when it published anything.
   */
  async releaseDue(actor: Actor, day: string = this.today()): Promise<ReleaseRun> {
    const due = await this.db
      .selectFrom('release')
      .innerJoin('dataSet', 'dataSet.id', 'release.dataSetId')
      .select([
        'release.id',
        'release.status',
        'release.period',
        'release.releaseOn',
        'release.dataSetId',
        'dataSet.code',
      ])
      .where('release.releaseOn', '<=', day)
      .orderBy('release.releaseOn')
      .orderBy('release.id')
      .execute();
    const released: number[] = [];
    let latePublished = 0;
    for (const release of due) {
      const published = await this.db.transaction().execute(async (trx) => {
        const ids = (
          await trx
            .selectFrom('dataValue')
            .innerJoin('dataSetIndicator', (join) =>
              join
                .onRef('dataSetIndicator.indicatorCode', '=', 'dataValue.indicatorCode')
                .on('dataSetIndicator.dataSetId', '=', release.dataSetId),
            )
            .innerJoin('submission', (join) =>
              join
                .onRef('submission.orgUnitCode', '=', 'dataValue.orgUnitCode')
                .onRef('submission.period', '=', 'dataValue.period')
                .on('submission.dataSetId', '=', release.dataSetId),
            )
            .select('dataValue.id')
            .where('dataValue.period', '=', release.period)
            .where('dataValue.status', '=', 'draft')
            .where('submission.state', '=', 'approved')
            .orderBy('dataValue.id')
            .execute()
        ).map((row) => row.id);
        const at = this.now().toISOString();
        const count = await new DataValueRepository(trx).publishDrafts(ids, {
          reason: `Released with ${release.code} ${release.period} (release day ${release.releaseOn})`,
          by: actor.name,
          at,
        });
        const happening = release.status === 'scheduled';
        if (!happening && count === 0) return 0;
        await trx
          .updateTable('release')
          .set((eb) => ({
            status: 'released',
            releasedAt: happening ? at : eb.ref('releasedAt'),
            valuesPublished: eb('valuesPublished', '+', count),
          }))
          .where('id', '=', release.id)
          .execute();
        await appendAudit(trx, actor, {
          action: happening ? 'release.publish' : 'release.publish_late_approvals',
          entityType: 'release',
          entityId: String(release.id),
          before: { status: release.status },
          after: { status: 'released', day, valuesPublished: count },
        });
        return count;
      });
      if (release.status === 'scheduled') released.push(release.id);
      else latePublished += published;
    }
    const releases = await Promise.all(released.map((id) => this.byId(id)));
    return { day, released: releases, latePublished };
  }

  async byId(id: number): Promise<Release> {
    const row = await this.selectReleases().where('release.id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`No release has id ${id}`);
    return present(row);
  }

  private selectReleases() {
    return this.db
      .selectFrom('release')
      .innerJoin('dataSet', 'dataSet.id', 'release.dataSetId')
      .select([
        'release.id',
        'release.period',
        'release.releaseOn',
        'release.status',
        'release.note',
        'release.releasedAt',
        'release.valuesPublished',
        'dataSet.code',
        'dataSet.nameEn',
        'dataSet.nameZh',
      ]);
  }
}

function present(row: {
  id: number;
  period: string;
  releaseOn: string;
  status: 'scheduled' | 'released';
  note: string | null;
  releasedAt: string | null;
  valuesPublished: number;
  code: string;
  nameEn: string;
  nameZh: string;
}): Release {
  return {
    id: row.id,
    dataSet: { code: row.code, nameEn: row.nameEn, nameZh: row.nameZh },
    period: row.period,
    releaseOn: row.releaseOn,
    status: row.status,
    note: row.note,
    releasedAt: row.releasedAt,
    valuesPublished: Number(row.valuesPublished),
  };
}
