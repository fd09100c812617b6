import type { Kysely, Transaction } from 'kysely';
import { inBatches } from '../batch.js';
import type { Database, DataValueRow, NewDataValue } from '../schema.js';

export interface DataValueQuery {
  indicatorCodes?: readonly string[] | undefined;
  orgUnitCode?: string | undefined;
  /** Inclusive bounds on the period's end date (ISO). */
  endFrom?: string | undefined;
  endTo?: string | undefined;
  period?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /**
   * Besides published values, unpublished ones of units within these subtrees
   * (materialised paths). Empty: published values only.
   */
  unpublishedWithin?: readonly string[] | undefined;
}

export class DataValueRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async findOne(key: {
    indicatorCode: string;
    orgUnitCode: string;
    period: string;
    basis: string;
  }): Promise<DataValueRow | undefined> {
    return this.db
      .selectFrom('dataValue')
      .selectAll()
      .where('indicatorCode', '=', key.indicatorCode)
      .where('orgUnitCode', '=', key.orgUnitCode)
      .where('period', '=', key.period)
      .where('basis', '=', key.basis)
      .executeTakeFirst();
  }

  async updateDraft(
    id: number,
    change: { value: number; comment: string | null; createdBy: string; createdAt: string },
  ): Promise<void> {
    await this.db
      .updateTable('dataValue')
      .set(change)
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .execute();
  }

  async insertMany(values: readonly NewDataValue[]): Promise<void> {
    for (const batch of inBatches(values, 14))
      await this.db.insertInto('dataValue').values(batch).execute();
  }

  /** Values in series order: indicator, org unit, period end, shorter period first, basis. */
  async list(query: DataValueQuery): Promise<DataValueRow[]> {
    if (query.indicatorCodes?.length === 0) return [];
    let select = this.db.selectFrom('dataValue').selectAll();
    if (query.indicatorCodes) select = select.where('indicatorCode', 'in', query.indicatorCodes);
    if (query.orgUnitCode !== undefined)
      select = select.where('orgUnitCode', '=', query.orgUnitCode);
    if (query.period !== undefined) select = select.where('period', '=', query.period);
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
      .orderBy('basis');
    if (query.limit !== undefined) select = select.limit(query.limit).offset(query.offset ?? 0);
    return select.execute();
  }
}
