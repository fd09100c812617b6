import type { Kysely, Transaction } from 'kysely';
import { inBatches, selectByKeys } from '../batch.js';
import { AggregateRepository, groupsOf } from './aggregate.repository.js';
import type { Database, DataValueRevisionRow, DataValueRow, NewDataValue } from '../schema.js';

export interface DataValueQuery {
  indicatorCodes?: readonly string[] | undefined;
  orgUnitCode?: string | undefined;
  orgUnitCodes?: readonly string[] | undefined;
  /** Period codes from this one up to the end of that year ("2015" to "2024Z": every code of 2015-2024). */
  periodFrom?: string | undefined;
  periodTo?: string | undefined;
  /** Inclusive bounds on the period's end date (ISO). */
  endFrom?: string | undefined;
  endTo?: string | undefined;
  period?: string | undefined;
  /** '' for totals only; absent for totals and parts. */
  disaggregation?: string | undefined;
  /** Values of units within this subtree (materialised path). */
  under?: string | undefined;
  basis?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /**
   * Besides published values, unpublished ones of units within these subtrees
   * (materialised paths). Empty: published values only.
   */
  unpublishedWithin?: readonly string[] | undefined;
  /** ISO time: each value as it was then (its last revision recorded by that time); later values are absent. */
  asOf?: string | undefined;
}

export interface DataValueChange {
  value: number;
  comment: string | null;
  sourceNote?: string | null | undefined;
  reason: string | null;
  by: string;
  at: string;
}

export class DataValueRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async findOne(key: {
    indicatorCode: string;
    orgUnitCode: string;
    period: string;
    basis: string;
    disaggregation?: string | undefined;
  }): Promise<DataValueRow | undefined> {
    return this.db
      .selectFrom('dataValue')
      .selectAll()
      .where('indicatorCode', '=', key.indicatorCode)
      .where('orgUnitCode', '=', key.orgUnitCode)
      .where('period', '=', key.period)
      .where('basis', '=', key.basis)
      .where('disaggregation', '=', key.disaggregation ?? '')
      .executeTakeFirst();
  }

  /**
   * Changes a draft if it is still at `expectedVersion`; returns false when
   * someone else changed it first (nothing is written then). Keeps the new
   * state as a revision.
   */
  updateDraft(id: number, expectedVersion: number, change: DataValueChange): Promise<boolean> {
    return this.writeVersion(id, expectedVersion, change, null);
  }

  /**
   * Corrects a published figure if it is still at `expectedVersion`: it stays
   * published, with the note saying why on the value and on its revision, so
   * that earlier vintages keep the figure and note they had. False when the
   * value is not published at that version (nothing is written then).
   */
  revisePublished(
    id: number,
    expectedVersion: number,
    change: DataValueChange & { note: string; sourceKey: string | null },
  ): Promise<boolean> {
    return this.writeVersion(id, expectedVersion, change, change);
  }

  private async writeVersion(
    id: number,
    expectedVersion: number,
    change: DataValueChange,
    revision: { note: string; sourceKey: string | null } | null,
  ): Promise<boolean> {
    const key = await this.db
      .selectFrom('dataValue')
      .select(['indicatorCode', 'orgUnitCode', 'basis', 'disaggregation', 'period'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!key) return false;
    const status = revision === null ? 'draft' : 'published';
    return new AggregateRepository(this.db).around(groupsOf([key]), async () => {
      const result = await this.db
        .updateTable('dataValue')
        .set((eb) => ({
          value: change.value,
          comment: change.comment,
          sourceNote: change.sourceNote ?? null,
          createdBy: change.by,
          createdAt: change.at,
          version: eb('version', '+', 1),
          ...(revision === null
            ? {}
            : {
                revisedAt: change.at,
                revisionNote: revision.note,
                sourceKey: revision.sourceKey,
                // The figure as printed belonged to the value it replaces.
                publishedValue: null,
                publishedUnit: null,
              }),
        }))
        .where('id', '=', id)
        .where('status', '=', status)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await this.db
        .insertInto('dataValueRevision')
        .values({
          dataValueId: id,
          version: expectedVersion + 1,
          value: change.value,
          status,
          comment: change.comment,
          sourceNote: change.sourceNote ?? null,
          reason: change.reason,
          recordedBy: change.by,
          recordedAt: change.at,
          revisionNote: revision?.note ?? null,
        })
        .execute();
      return true;
    });
  }

  /**
   * Publishes drafts (a release): each moves to `published` with its version
   * raised and a revision saying why, in the caller's transaction; the
   * published aggregates follow. Values no longer drafts are left alone.
   * Returns how many were published.
   */
  async publishDrafts(
    ids: readonly number[],
    change: { reason: string; by: string; at: string },
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const keys = await selectByKeys(ids, (batch) =>
      this.db
        .selectFrom('dataValue')
        .select(['id', 'indicatorCode', 'orgUnitCode', 'basis', 'disaggregation', 'period'])
        .where('id', 'in', batch)
        .where('status', '=', 'draft')
        .execute(),
    );
    if (keys.length === 0) return 0;
    return new AggregateRepository(this.db).around(groupsOf(keys), async () => {
      let published = 0;
      for (const batch of inBatches(
        keys.map((key) => key.id),
        1,
      )) {
        const result = await this.db
          .updateTable('dataValue')
          .set((eb) => ({ status: 'published', version: eb('version', '+', 1) }))
          .where('id', 'in', batch)
          .where('status', '=', 'draft')
          .executeTakeFirst();
        published += Number(result.numUpdatedRows);
        await this.db
          .insertInto('dataValueRevision')
          .columns([
            'dataValueId',
            'version',
            'value',
            'status',
            'comment',
            'sourceNote',
            'reason',
            'recordedBy',
            'recordedAt',
          ])
          .expression((eb) =>
            eb
              .selectFrom('dataValue')
              .select([
                'id',
                'version',
                'value',
                'status',
                'comment',
                'sourceNote',
                eb.val(change.reason).as('reason'),
                eb.val(change.by).as('recordedBy'),
                eb.val(change.at).as('recordedAt'),
              ])
              .where('id', 'in', batch),
          )
          .execute();
      }
      return published;
    });
  }

  /** The units and the bases that have published values (for code lists), each once. */
  async publishedUnitsAndBases(): Promise<{ units: string[]; bases: string[] }> {
    const [units, bases] = await Promise.all([
      this.db
        .selectFrom('dataValue')
        .select('orgUnitCode')
        .distinct()
        .where('status', '=', 'published')
        .execute(),
      this.db
        .selectFrom('dataValue')
        .select('basis')
        .distinct()
        .where('status', '=', 'published')
        .execute(),
    ]);
    return { units: units.map((row) => row.orgUnitCode), bases: bases.map((row) => row.basis) };
  }

  /** The revisions of one value, oldest first. */
  async revisions(id: number): Promise<DataValueRevisionRow[]> {
    return this.db
      .selectFrom('dataValueRevision')
      .selectAll()
      .where('dataValueId', '=', id)
      .orderBy('version')
      .execute();
  }

  /** Inserts new values, each with its first revision (reason: why it was entered, if said). */
  async insertMany(values: readonly NewDataValue[], reason: string | null = null): Promise<void> {
    const groups = groupsOf(values.map((v) => ({ ...v, basis: v.basis })));
    await new AggregateRepository(this.db).around(groups, () => this.insertRows(values, reason));
  }

  private async insertRows(values: readonly NewDataValue[], reason: string | null): Promise<void> {
    for (const batch of inBatches(values, 16)) {
      const inserted = await this.db
        .insertInto('dataValue')
        .values(batch)
        .returning(['id', 'value', 'status', 'comment', 'sourceNote', 'createdBy', 'createdAt'])
        .execute();
      for (const revisions of inBatches(inserted, 8)) {
        await this.db
          .insertInto('dataValueRevision')
          .values(
            revisions.map((row) => ({
              dataValueId: row.id,
              version: 1,
              value: row.value,
              status: row.status,
              comment: row.comment,
              sourceNote: row.sourceNote,
              reason,
              recordedBy: row.createdBy,
              recordedAt: row.createdAt,
            })),
          )
          .execute();
      }
    }
  }

  /** The values table, or the values as they were at `asOf`, with the same columns. */
  private source(asOf: string | undefined) {
    if (asOf === undefined) return this.db.selectFrom('dataValue').selectAll();
    return this.db
      .selectFrom('dataValue')
      .innerJoin('dataValueRevision as revision', 'revision.dataValueId', 'dataValue.id')
      .where('revision.version', '=', (eb) =>
        eb
          .selectFrom('dataValueRevision as earlier')
          .select((inner) => inner.fn.max('earlier.version').as('version'))
          .whereRef('earlier.dataValueId', '=', 'dataValue.id')
          .where('earlier.recordedAt', '<=', asOf),
      )
      .select([
        'dataValue.id',
        'dataValue.indicatorCode',
        'dataValue.orgUnitCode',
        'dataValue.period',
        'dataValue.periodType',
        'dataValue.periodEnd',
        'revision.value',
        'dataValue.basis',
        'dataValue.sourceKey',
        'dataValue.confidence',
        'dataValue.publishedValue',
        'dataValue.publishedUnit',
        'revision.recordedBy as createdBy',
        'revision.recordedAt as createdAt',
        'revision.status',
        'revision.comment',
        'revision.version',
        'dataValue.disaggregation',
        'revision.sourceNote',
        // A vintage shows the revision note that was current then (null before any revision).
        (eb) =>
          eb
            .case()
            .when('revision.revisionNote', 'is not', null)
            .then(eb.ref('revision.recordedAt'))
            .else(eb.val<string | null>(null))
            .end()
            .as('revisedAt'),
        'revision.revisionNote',
      ]);
  }

  /**
   * The few columns analytics rolls up, for units and a range of periods, in
   * no order: a lean read that seeks the unique index by indicator, unit and
   * period. `unpublishedWithin` as in `list`; null: every value is visible.
   */
  async figuresOf(query: {
    indicatorCodes: readonly string[];
    orgUnitCodes: readonly string[];
    periodFrom: string;
    periodTo: string;
    basis?: string | undefined;
    unpublishedWithin: readonly string[] | null;
  }) {
    if (query.indicatorCodes.length === 0 || query.orgUnitCodes.length === 0) return [];
    let select = this.db
      .selectFrom('dataValue')
      .select(['indicatorCode', 'orgUnitCode', 'basis', 'period', 'value'])
      .where('indicatorCode', 'in', query.indicatorCodes)
      .where('orgUnitCode', 'in', query.orgUnitCodes)
      .where('period', '>=', query.periodFrom)
      .where('period', '<=', query.periodTo)
      .where('disaggregation', '=', '');
    if (query.basis !== undefined) select = select.where('basis', '=', query.basis);
    const scopes = query.unpublishedWithin;
    if (scopes !== null) {
      select = select.where((eb) =>
        scopes.length === 0
          ? eb('status', '=', 'published')
          : eb.or([
              eb('status', '=', 'published'),
              eb(
                'orgUnitCode',
                'in',
                eb
                  .selectFrom('orgUnit')
                  .select('orgUnit.code')
                  .where('orgUnit.code', 'in', query.orgUnitCodes)
                  .where((inner) =>
                    inner.or(scopes.map((path) => inner('orgUnit.path', 'like', `${path}%`))),
                  ),
              ),
            ]),
      );
    }
    return select.execute();
  }

  /** Values in series order: indicator, org unit, period end, shorter period first, basis. */
  async list(query: DataValueQuery): Promise<DataValueRow[]> {
    if (query.indicatorCodes?.length === 0) return [];
    let select = this.db.selectFrom(this.source(query.asOf).as('dataValue')).selectAll();
    if (query.indicatorCodes) select = select.where('indicatorCode', 'in', query.indicatorCodes);
    if (query.orgUnitCode !== undefined)
      select = select.where('orgUnitCode', '=', query.orgUnitCode);
    if (query.orgUnitCodes !== undefined) {
      if (query.orgUnitCodes.length === 0) return [];
      select = select.where('orgUnitCode', 'in', query.orgUnitCodes);
    }
    if (query.period !== undefined) select = select.where('period', '=', query.period);
    if (query.periodFrom !== undefined) select = select.where('period', '>=', query.periodFrom);
    if (query.periodTo !== undefined) select = select.where('period', '<=', query.periodTo);
    if (query.disaggregation !== undefined)
      select = select.where('disaggregation', '=', query.disaggregation);
    if (query.basis !== undefined) select = select.where('basis', '=', query.basis);
    if (query.under !== undefined) {
      const under = query.under;
      select = select.where('orgUnitCode', 'in', (eb) =>
        eb.selectFrom('orgUnit').select('orgUnit.code').where('orgUnit.path', 'like', `${under}%`),
      );
    }
    if (query.endFrom !== undefined) select = select.where('periodEnd', '>=', query.endFrom);
    if (query.endTo !== undefined) select = select.where('periodEnd', '<=', query.endTo);
    const scopes = query.unpublishedWithin ?? [];
    select = select.where((eb) =>
      scopes.length === 0
        ? eb('status', '=', 'published')
        : eb.or([
            eb('status', '=', 'published'),
            eb(
              'orgUnitCode',
              'in',
              eb
                .selectFrom('orgUnit')
                .select('orgUnit.code')
                .where((inner) =>
                  inner.or(scopes.map((path) => inner('orgUnit.path', 'like', `${path}%`))),
                ),
            ),
          ]),
    );
    select = select
      .orderBy('indicatorCode')
      .orderBy('orgUnitCode')
      .orderBy('periodEnd')
      .orderBy('period', 'desc') // "2016Q4" > "2016" as text: the quarter before the year ending the same day
      .orderBy('basis')
      .orderBy('disaggregation');
    if (query.limit !== undefined) select = select.limit(query.limit).offset(query.offset ?? 0);
    return select.execute();
  }
}
