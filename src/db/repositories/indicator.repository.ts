import type { Kysely, Transaction } from 'kysely';
import { inBatches } from '../batch.js';
import type { Database, IndicatorRow, NewIndicator, NewTarget, TargetRow } from '../schema.js';

export interface IndicatorPlanNodeLink {
  indicatorCode: string;
  planCode: string;
  path: string;
  title: string;
}

export interface TargetWithPlan extends TargetRow {
  planCode: string;
  planNodePath: string;
}

export class IndicatorRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async insertMany(indicators: readonly NewIndicator[]): Promise<void> {
    for (const batch of inBatches(indicators, 15))
      await this.db.insertInto('indicator').values(batch).execute();
  }

  async linkPlanNodes(
    links: readonly { indicatorCode: string; planNodeId: number }[],
  ): Promise<void> {
    for (const batch of inBatches(links, 2))
      await this.db.insertInto('indicatorPlanNode').values(batch).execute();
  }

  async insertTargets(targets: readonly NewTarget[]): Promise<void> {
    for (const batch of inBatches(targets, 15))
      await this.db.insertInto('target').values(batch).execute();
  }

  async get(code: string): Promise<IndicatorRow | undefined> {
    return this.db.selectFrom('indicator').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** Indicators linked to any node of the plan, or all indicators when no plan is named. */
  async list(planCode?: string): Promise<IndicatorRow[]> {
    let query = this.db.selectFrom('indicator').selectAll('indicator');
    if (planCode !== undefined) {
      query = query.where('indicator.code', 'in', (eb) =>
        eb
          .selectFrom('indicatorPlanNode')
          .innerJoin('planNode', 'planNode.id', 'indicatorPlanNode.planNodeId')
          .innerJoin('plan', 'plan.id', 'planNode.planId')
          .where('plan.code', '=', planCode)
          .select('indicatorPlanNode.indicatorCode'),
      );
    }
    return query.orderBy('indicator.code').execute();
  }

  async planNodeLinks(indicatorCodes?: readonly string[]): Promise<IndicatorPlanNodeLink[]> {
    if (indicatorCodes?.length === 0) return [];
    let query = this.db
      .selectFrom('indicatorPlanNode')
      .innerJoin('planNode', 'planNode.id', 'indicatorPlanNode.planNodeId')
      .innerJoin('plan', 'plan.id', 'planNode.planId')
      .select([
        'indicatorPlanNode.indicatorCode',
        'plan.code as planCode',
        'planNode.path',
        'planNode.title',
      ]);
    if (indicatorCodes)
      query = query.where('indicatorPlanNode.indicatorCode', 'in', indicatorCodes);
    return query.orderBy('planNode.sortOrder').execute();
  }

  async targets(indicatorCodes?: readonly string[]): Promise<TargetWithPlan[]> {
    if (indicatorCodes?.length === 0) return [];
    let query = this.db
      .selectFrom('target')
      .innerJoin('planNode', 'planNode.id', 'target.planNodeId')
      .innerJoin('plan', 'plan.id', 'planNode.planId')
      .selectAll('target')
      .select(['plan.code as planCode', 'planNode.path as planNodePath']);
    if (indicatorCodes) query = query.where('target.indicatorCode', 'in', indicatorCodes);
    return query
      .orderBy('target.indicatorCode')
      .orderBy('target.year')
      .orderBy('target.orgUnitCode')
      .execute();
  }
}
