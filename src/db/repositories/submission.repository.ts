import type { Kysely, Transaction } from 'kysely';
import type {
  Database,
  SubmissionEventRow,
  SubmissionEventTable,
  SubmissionRow,
  SubmissionState,
} from '../schema.js';

export interface SubmissionKey {
  dataSetId: number;
  orgUnitCode: string;
  period: string;
}

export interface SubmissionChange {
  state: SubmissionState;
  approvedLevels: number;
  at: string;
  by: string;
  reason: string | null;
  /** Set when the change is a submission. */
  submitted?: boolean;
}

export class SubmissionRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async get(key: SubmissionKey): Promise<SubmissionRow | undefined> {
    return this.db
      .selectFrom('submission')
      .selectAll()
      .where('dataSetId', '=', key.dataSetId)
      .where('orgUnitCode', '=', key.orgUnitCode)
      .where('period', '=', key.period)
      .executeTakeFirst();
  }

  /**
   * Moves a submission to a new state if it is still at `expectedVersion`
   * (0: it must not exist yet). Returns the row, or undefined when someone
   * else acted first.
   */
  async change(
    key: SubmissionKey,
    expectedVersion: number,
    change: SubmissionChange,
  ): Promise<SubmissionRow | undefined> {
    const submittedFields = change.submitted
      ? { submittedAt: change.at, submittedBy: change.by }
      : {};
    if (expectedVersion === 0) {
      return this.db
        .insertInto('submission')
        .values({
          ...key,
          state: change.state,
          approvedLevels: change.approvedLevels,
          firstSubmittedAt: change.submitted ? change.at : null,
          submittedAt: null,
          submittedBy: null,
          ...submittedFields,
          updatedAt: change.at,
          updatedBy: change.by,
          reason: change.reason,
          version: 1,
        })
        .onConflict((oc) => oc.columns(['dataSetId', 'orgUnitCode', 'period']).doNothing())
        .returningAll()
        .executeTakeFirst();
    }
    return this.db
      .updateTable('submission')
      .set((eb) => ({
        state: change.state,
        approvedLevels: change.approvedLevels,
        ...submittedFields,
        firstSubmittedAt: change.submitted
          ? eb.fn.coalesce('firstSubmittedAt', eb.val(change.at))
          : eb.ref('firstSubmittedAt'),
        updatedAt: change.at,
        updatedBy: change.by,
        reason: change.reason,
        version: eb('version', '+', 1),
      }))
      .where('dataSetId', '=', key.dataSetId)
      .where('orgUnitCode', '=', key.orgUnitCode)
      .where('period', '=', key.period)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
  }

  /** A submitted or approved submission that holds this value locked, if any. */
  async lockHolding(value: {
    indicatorCode: string;
    orgUnitCode: string;
    period: string;
  }): Promise<{ dataSetCode: string; state: SubmissionState } | undefined> {
    return this.db
      .selectFrom('submission')
      .innerJoin('dataSet', 'dataSet.id', 'submission.dataSetId')
      .innerJoin('dataSetIndicator', (join) =>
        join
          .onRef('dataSetIndicator.dataSetId', '=', 'submission.dataSetId')
          .on('dataSetIndicator.indicatorCode', '=', value.indicatorCode),
      )
      .select(['dataSet.code as dataSetCode', 'submission.state'])
      .where('submission.orgUnitCode', '=', value.orgUnitCode)
      .where('submission.period', '=', value.period)
      .where('submission.state', 'in', ['submitted', 'approved'])
      .executeTakeFirst();
  }

  async addEvent(event: Omit<SubmissionEventTable, 'id'>): Promise<void> {
    await this.db.insertInto('submissionEvent').values(event).execute();
  }

  async events(submissionId: number): Promise<SubmissionEventRow[]> {
    return this.db
      .selectFrom('submissionEvent')
      .selectAll()
      .where('submissionId', '=', submissionId)
      .orderBy('id')
      .execute();
  }

  /** Submissions of a data set for a period, of units within the subtree at `path`. */
  async list(query: {
    dataSetId: number;
    period?: string | undefined;
    states?: readonly SubmissionState[] | undefined;
    path: string;
  }): Promise<(SubmissionRow & { orgUnitPath: string; orgUnitLevel: string })[]> {
    let select = this.db
      .selectFrom('submission')
      .innerJoin('orgUnit', 'orgUnit.code', 'submission.orgUnitCode')
      .selectAll('submission')
      .select(['orgUnit.path as orgUnitPath', 'orgUnit.level as orgUnitLevel'])
      .where('submission.dataSetId', '=', query.dataSetId)
      .where('orgUnit.path', 'like', `${query.path}%`);
    if (query.period !== undefined) select = select.where('submission.period', '=', query.period);
    if (query.states) select = select.where('submission.state', 'in', query.states);
    return select.orderBy('submission.period', 'desc').orderBy('orgUnit.path').execute();
  }
}
