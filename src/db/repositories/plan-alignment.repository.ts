/**
 * The SQL behind local plans aligned to a higher plan: plans with their owner
 * and parent, the links of local nodes to the parent's measures, and what the
 * alignment matrix counts (aligned nodes and tasks per measure and unit).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, OrgUnitRow, PlanNodeRow } from '../schema.js';
import { PlanRepository } from './plan.repository.js';

export interface LocalPlanRow {
  id: number;
  code: string;
  title: string;
  issuers: string;
  issuedOn: string | null;
  source: string;
  parentPlanId: number | null;
  parentCode: string | null;
  parentTitle: string | null;
  ownerCode: string | null;
  ownerNameZh: string | null;
  ownerNameEn: string | null;
  ownerLevel: OrgUnitRow['level'] | null;
  ownerPath: string | null;
  nodeCount: number;
  alignedNodeCount: number;
}

export interface LocalPlanFilter {
  ownerOrgUnitCode?: string | undefined;
  parentPlanId?: number | undefined;
}

export interface AlignedNodeRow {
  planCode: string;
  path: string;
  title: string;
  alignedNodeId: number;
  ownerPath: string;
}

export interface TaskCountRow {
  planNodeId: number;
  leadPath: string;
  taskCount: number;
}

export class PlanAlignmentRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  /** Plans with owner, parent and node counts; national plans (no parent) first, then by code. */
  async plans(filter: LocalPlanFilter = {}): Promise<LocalPlanRow[]> {
    let select = this.db
      .selectFrom('plan')
      .leftJoin('plan as parent', 'parent.id', 'plan.parentPlanId')
      .leftJoin('orgUnit as owner', 'owner.code', 'plan.ownerOrgUnitCode')
      .select([
        'plan.id',
        'plan.code',
        'plan.title',
        'plan.issuers',
        'plan.issuedOn',
        'plan.source',
        'plan.parentPlanId',
        'parent.code as parentCode',
        'parent.title as parentTitle',
        'owner.code as ownerCode',
        'owner.nameZh as ownerNameZh',
        'owner.nameEn as ownerNameEn',
        'owner.level as ownerLevel',
        'owner.path as ownerPath',
      ])
      .select((eb) => [
        eb
          .selectFrom('planNode')
          .whereRef('planNode.planId', '=', 'plan.id')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .as('nodeCount'),
        eb
          .selectFrom('planNode')
          .whereRef('planNode.planId', '=', 'plan.id')
          .where('planNode.alignedNodeId', 'is not', null)
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .as('alignedNodeCount'),
      ]);
    if (filter.ownerOrgUnitCode !== undefined)
      select = select.where('plan.ownerOrgUnitCode', '=', filter.ownerOrgUnitCode);
    if (filter.parentPlanId !== undefined)
      select = select.where('plan.parentPlanId', '=', filter.parentPlanId);
    const rows = await select.execute();
    return rows
      .map((row) => ({
        ...row,
        nodeCount: Number(row.nodeCount ?? 0),
        alignedNodeCount: Number(row.alignedNodeCount ?? 0),
      }))
      .sort(
        (a, b) =>
          Number(a.parentPlanId !== null) - Number(b.parentPlanId !== null) ||
          (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
      );
  }

  async plan(code: string): Promise<LocalPlanRow | undefined> {
    return (await this.plans()).find((row) => row.code === code);
  }

  /** The owner unit of a plan (null for a plan without owner or an unknown code). */
  async ownerOf(code: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('plan')
      .select('ownerOrgUnitCode')
      .where('code', '=', code)
      .executeTakeFirst();
    return row?.ownerOrgUnitCode ?? null;
  }

  /** All nodes of a plan in document order. */
  async nodes(planId: number): Promise<PlanNodeRow[]> {
    return new PlanRepository(this.db).nodes(planId);
  }

  /** Nodes by id, wherever they are (the measures local nodes point to). */
  async nodesById(ids: readonly number[]): Promise<PlanNodeRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('planNode').selectAll().where('id', 'in', ids).execute();
  }

  async setAlignedNode(nodeId: number, alignedNodeId: number | null): Promise<void> {
    await this.db.updateTable('planNode').set({ alignedNodeId }).where('id', '=', nodeId).execute();
  }

  /** Aligned nodes of the plans that follow `parentPlanId`, owned within the subtree at `scopePath`. */
  async alignedNodes(parentPlanId: number, scopePath: string): Promise<AlignedNodeRow[]> {
    const rows = await this.db
      .selectFrom('planNode')
      .innerJoin('plan', 'plan.id', 'planNode.planId')
      .innerJoin('orgUnit', 'orgUnit.code', 'plan.ownerOrgUnitCode')
      .select([
        'plan.code as planCode',
        'planNode.path',
        'planNode.title',
        'planNode.alignedNodeId',
        'orgUnit.path as ownerPath',
      ])
      .where('plan.parentPlanId', '=', parentPlanId)
      .where('planNode.alignedNodeId', 'is not', null)
      .where('orgUnit.path', 'like', `${scopePath}%`)
      .orderBy('plan.code')
      .orderBy('planNode.sortOrder')
      .execute();
    return rows.map((row) => ({ ...row, alignedNodeId: row.alignedNodeId! }));
  }

  /** Tasks per measure of a plan and lead unit, for leads within the subtree at `scopePath`. */
  async taskCounts(planId: number, scopePath: string): Promise<TaskCountRow[]> {
    const rows = await this.db
      .selectFrom('task')
      .innerJoin('planNode', 'planNode.id', 'task.planNodeId')
      .innerJoin('orgUnit', 'orgUnit.code', 'task.leadUnitCode')
      .select(['task.planNodeId', 'orgUnit.path as leadPath'])
      .select((eb) => eb.fn.countAll<number>().as('taskCount'))
      .where('planNode.planId', '=', planId)
      .where('orgUnit.path', 'like', `${scopePath}%`)
      .groupBy(['task.planNodeId', 'orgUnit.path'])
      .execute();
    return rows.map((row) => ({ ...row, taskCount: Number(row.taskCount) }));
  }

  /** The units of a level within a subtree, in the tree's order. */
  async unitsOfLevel(level: OrgUnitRow['level'], scopePath: string): Promise<OrgUnitRow[]> {
    return this.db
      .selectFrom('orgUnit')
      .selectAll()
      .where('level', '=', level)
      .where('path', 'like', `${scopePath}%`)
      .orderBy('sortOrder')
      .orderBy('code')
      .execute();
  }

  async units(codes: readonly string[]): Promise<OrgUnitRow[]> {
    if (codes.length === 0) return [];
    return this.db
      .selectFrom('orgUnit')
      .selectAll()
      .where('code', 'in', codes)
      .orderBy('sortOrder')
      .orderBy('code')
      .execute();
  }
}
