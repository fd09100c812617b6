import type { Kysely, Transaction } from 'kysely';
import { inBatches } from '../batch.js';
import type {
  AttachmentRow,
  Database,
  InspectionFindingRow,
  InspectionPlanRow,
  InspectionRow,
  OrgUnitRow,
  RectificationItemRow,
} from '../schema.js';

/** Subtrees (materialised paths) a reader sees; null: everything (the operator's CLI). */
export type Visibility = readonly string[] | null;

export interface InspectionInPlan extends InspectionRow {
  year: number;
  planTitle: string;
  planOrgUnitCode: string;
}

export interface FindingRecord extends InspectionFindingRow {
  planCode: string | null;
  nodePath: string | null;
  nodeTitle: string | null;
}

export interface FindingInContext extends FindingRecord {
  inspectedUnitCode: string;
  scheduledOn: string;
  heldOn: string | null;
  planId: number;
  year: number;
  planOrgUnitCode: string;
}

export interface RectificationInContext extends RectificationItemRow {
  findingStatus: 'open' | 'closed';
  inspectionId: number;
  planOrgUnitCode: string;
}

type Db = Kysely<Database> | Transaction<Database>;

export class InspectionRepository {
  constructor(private readonly db: Db) {}

  // ---- org units and what findings refer to ----

  async unit(code: string): Promise<OrgUnitRow | undefined> {
    return this.db.selectFrom('orgUnit').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async units(codes: readonly string[]): Promise<OrgUnitRow[]> {
    if (codes.length === 0) return [];
    return this.db
      .selectFrom('orgUnit')
      .selectAll()
      .where('code', 'in', [...new Set(codes)])
      .execute();
  }

  async planNode(
    planCode: string,
    path: string,
  ): Promise<{ id: number; planCode: string; path: string; title: string } | undefined> {
    return this.db
      .selectFrom('planNode')
      .innerJoin('plan', 'plan.id', 'planNode.planId')
      .select(['planNode.id', 'plan.code as planCode', 'planNode.path', 'planNode.title'])
      .where('plan.code', '=', planCode)
      .where('planNode.path', '=', path)
      .executeTakeFirst();
  }

  async planExists(planCode: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('plan')
      .select('id')
      .where('code', '=', planCode)
      .executeTakeFirst();
    return row !== undefined;
  }

  async taskExists(id: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('task')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }

  // ---- plans ----

  async insertPlan(values: Omit<InspectionPlanRow, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('inspectionPlan')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async plan(id: number): Promise<InspectionPlanRow | undefined> {
    return this.db.selectFrom('inspectionPlan').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Plans of a year (or every year) whose inspecting unit the reader sees, or
   * with an inspection of a unit the reader sees; by year, newest first.
   */
  async plans(filter: {
    year?: number | undefined;
    visible: Visibility;
  }): Promise<InspectionPlanRow[]> {
    const scopes = filter.visible;
    if (scopes !== null && scopes.length === 0) return [];
    let select = this.db
      .selectFrom('inspectionPlan')
      .innerJoin('orgUnit as planUnit', 'planUnit.code', 'inspectionPlan.orgUnitCode')
      .selectAll('inspectionPlan');
    if (filter.year !== undefined) select = select.where('inspectionPlan.year', '=', filter.year);
    if (scopes !== null) {
      select = select.where((eb) =>
        eb.or([
          ...scopes.map((path) => eb('planUnit.path', 'like', `${path}%`)),
          eb('inspectionPlan.id', 'in', (sub) =>
            sub
              .selectFrom('inspection')
              .innerJoin('orgUnit as inspected', 'inspected.code', 'inspection.orgUnitCode')
              .select('inspection.inspectionPlanId')
              .where((inner) =>
                inner.or(scopes.map((path) => inner('inspected.path', 'like', `${path}%`))),
              ),
          ),
        ]),
      );
    }
    return select.orderBy('inspectionPlan.year', 'desc').orderBy('inspectionPlan.id').execute();
  }

  // ---- inspections ----

  async insertInspection(values: Omit<InspectionRow, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('inspection')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async inspection(id: number): Promise<InspectionInPlan | undefined> {
    return this.inspectionsQuery().where('inspection.id', '=', id).executeTakeFirst();
  }

  async updateInspection(
    id: number,
    change: Partial<Pick<InspectionRow, 'heldOn' | 'summary' | 'inspectors'>>,
  ): Promise<void> {
    if (Object.keys(change).length === 0) return;
    await this.db.updateTable('inspection').set(change).where('id', '=', id).execute();
  }

  /** Inspections of units the reader sees, of some plans or of a year, by scheduled day. */
  async inspections(filter: {
    planIds?: readonly number[];
    year?: number | undefined;
    visible: Visibility;
  }): Promise<InspectionInPlan[]> {
    const scopes = filter.visible;
    if (scopes !== null && scopes.length === 0) return [];
    if (filter.planIds?.length === 0) return [];
    let select = this.inspectionsQuery();
    if (filter.planIds) select = select.where('inspection.inspectionPlanId', 'in', filter.planIds);
    if (filter.year !== undefined) select = select.where('inspectionPlan.year', '=', filter.year);
    if (scopes !== null) {
      select = select.where((eb) =>
        eb.or(scopes.map((path) => eb('inspected.path', 'like', `${path}%`))),
      );
    }
    return select
      .orderBy('inspection.scheduledOn')
      .orderBy('inspected.sortOrder')
      .orderBy('inspection.id')
      .execute();
  }

  private inspectionsQuery() {
    return this.db
      .selectFrom('inspection')
      .innerJoin('inspectionPlan', 'inspectionPlan.id', 'inspection.inspectionPlanId')
      .innerJoin('orgUnit as inspected', 'inspected.code', 'inspection.orgUnitCode')
      .selectAll('inspection')
      .select([
        'inspectionPlan.year',
        'inspectionPlan.title as planTitle',
        'inspectionPlan.orgUnitCode as planOrgUnitCode',
      ]);
  }

  // ---- findings ----

  async insertFinding(values: Omit<InspectionFindingRow, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('inspectionFinding')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async finding(id: number): Promise<FindingInContext | undefined> {
    return this.findingsQuery().where('inspectionFinding.id', '=', id).executeTakeFirst();
  }

  async findingsOf(inspectionIds: readonly number[]): Promise<FindingInContext[]> {
    if (inspectionIds.length === 0) return [];
    return this.findingsQuery()
      .where('inspectionFinding.inspectionId', 'in', inspectionIds)
      .orderBy('inspectionFinding.id')
      .execute();
  }

  /**
   * Findings whose inspected unit the reader sees or with a rectification item
   * owned by a unit the reader sees; `under` narrows to the same two within
   * one subtree. By year, then inspection day, then id.
   */
  async findings(filter: {
    ids?: readonly number[];
    inspectionId?: number;
    under?: string | undefined;
    status?: 'open' | 'closed' | undefined;
    severity?: InspectionFindingRow['severity'] | undefined;
    year?: number | undefined;
    visible: Visibility;
  }): Promise<FindingInContext[]> {
    const scopes = filter.visible;
    if (scopes !== null && scopes.length === 0) return [];
    if (filter.ids?.length === 0) return [];
    let select = this.findingsQuery();
    if (filter.ids) select = select.where('inspectionFinding.id', 'in', filter.ids);
    if (filter.inspectionId !== undefined)
      select = select.where('inspectionFinding.inspectionId', '=', filter.inspectionId);
    if (filter.status !== undefined)
      select = select.where('inspectionFinding.status', '=', filter.status);
    if (filter.severity !== undefined)
      select = select.where('inspectionFinding.severity', '=', filter.severity);
    if (filter.year !== undefined) select = select.where('inspectionPlan.year', '=', filter.year);
    const within = (paths: readonly string[]) =>
      select.where((eb) =>
        eb.or([
          ...paths.map((path) => eb('inspected.path', 'like', `${path}%`)),
          eb('inspectionFinding.id', 'in', (sub) =>
            sub
              .selectFrom('rectificationItem')
              .innerJoin('orgUnit as owner', 'owner.code', 'rectificationItem.ownerUnitCode')
              .select('rectificationItem.findingId')
              .where((inner) =>
                inner.or(paths.map((path) => inner('owner.path', 'like', `${path}%`))),
              ),
          ),
        ]),
      );
    if (filter.under !== undefined) select = within([filter.under]);
    if (scopes !== null) select = within(scopes);
    return select
      .orderBy('inspectionPlan.year', 'desc')
      .orderBy('inspection.scheduledOn')
      .orderBy('inspectionFinding.id')
      .execute();
  }

  private findingsQuery() {
    return this.db
      .selectFrom('inspectionFinding')
      .innerJoin('inspection', 'inspection.id', 'inspectionFinding.inspectionId')
      .innerJoin('inspectionPlan', 'inspectionPlan.id', 'inspection.inspectionPlanId')
      .innerJoin('orgUnit as inspected', 'inspected.code', 'inspection.orgUnitCode')
      .leftJoin('planNode', 'planNode.id', 'inspectionFinding.planNodeId')
      .leftJoin('plan', 'plan.id', 'planNode.planId')
      .selectAll('inspectionFinding')
      .select([
        'plan.code as planCode',
        'planNode.path as nodePath',
        'planNode.title as nodeTitle',
        'inspection.orgUnitCode as inspectedUnitCode',
        'inspection.scheduledOn',
        'inspection.heldOn',
        'inspectionPlan.id as planId',
        'inspectionPlan.year',
        'inspectionPlan.orgUnitCode as planOrgUnitCode',
      ]);
  }

  /**
   * Holds an open finding's row until the transaction ends (PostgreSQL: a row
   * lock), so closing it and adding an item to it cannot interleave. False
   * when the finding is not open.
   */
  async holdOpenFinding(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable('inspectionFinding')
      .set((eb) => ({ status: eb.ref('status') }))
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async closeFinding(
    id: number,
    closure: { closedOn: string; closedBy: string; closureNote: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('inspectionFinding')
      .set({ status: 'closed', ...closure })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // ---- rectification items ----

  async insertRectification(values: Omit<RectificationItemRow, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('rectificationItem')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async rectification(id: number): Promise<RectificationInContext | undefined> {
    return this.db
      .selectFrom('rectificationItem')
      .innerJoin('inspectionFinding', 'inspectionFinding.id', 'rectificationItem.findingId')
      .innerJoin('inspection', 'inspection.id', 'inspectionFinding.inspectionId')
      .innerJoin('inspectionPlan', 'inspectionPlan.id', 'inspection.inspectionPlanId')
      .selectAll('rectificationItem')
      .select([
        'inspectionFinding.status as findingStatus',
        'inspection.id as inspectionId',
        'inspectionPlan.orgUnitCode as planOrgUnitCode',
      ])
      .where('rectificationItem.id', '=', id)
      .executeTakeFirst();
  }

  async rectificationsOf(findingIds: readonly number[]): Promise<RectificationItemRow[]> {
    if (findingIds.length === 0) return [];
    return this.db
      .selectFrom('rectificationItem')
      .selectAll()
      .where('findingId', 'in', [...new Set(findingIds)])
      .orderBy('dueOn')
      .orderBy('id')
      .execute();
  }

  /** Marks an open item done; false when it was done already (by someone else meanwhile). */
  async markDone(
    id: number,
    done: { doneOn: string; doneBy: string; note: string; evidenceLink: string | null },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('rectificationItem')
      .set({ status: 'done', ...done })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // ---- evidence files of rectification items ----

  async insertAttachments(attachments: readonly Omit<AttachmentRow, 'id'>[]): Promise<void> {
    for (const batch of inBatches(attachments, 9)) {
      await this.db.insertInto('attachment').values(batch).execute();
    }
  }

  async attachment(id: number): Promise<AttachmentRow | undefined> {
    return this.db.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async attachmentsOf(ownerType: string, ownerIds: readonly number[]): Promise<AttachmentRow[]> {
    if (ownerIds.length === 0) return [];
    return this.db
      .selectFrom('attachment')
      .selectAll()
      .where('ownerType', '=', ownerType)
      .where('ownerId', 'in', [...new Set(ownerIds)])
      .orderBy('id')
      .execute();
  }
}
