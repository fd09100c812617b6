import type { Kysely, Transaction } from 'kysely';
import type { Database, PlanNodeRow, PlanRow } from '../schema.js';

export interface NewPlanNodeTree {
  kind: PlanNodeRow['kind'];
  number: string;
  printedNumber: string | null;
  path: string;
  title: string;
  body: string;
  sourceLine: number;
  children: NewPlanNodeTree[];
}

export interface NewPlan {
  code: string;
  title: string;
  issuers: string[];
  issuedOn: string | null;
  source: string;
  preamble: string;
  textSha256: string;
  importedAt: string;
  nodes: NewPlanNodeTree[];
  notes: { line: number; kind: string; message: string }[];
  /** A local plan: the plan it follows and the unit whose plan it is (both absent for the Outline). */
  parentPlanId?: number | null;
  ownerOrgUnitCode?: string | null;
}

export interface PlanSummaryRow extends PlanRow {
  nodeCount: number;
}

export class PlanRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  /** Inserts a plan with its whole node tree and import notes; returns the plan's id. */
  async insert(plan: NewPlan): Promise<number> {
    const { id } = await this.db
      .insertInto('plan')
      .values({
        code: plan.code,
        title: plan.title,
        issuers: JSON.stringify(plan.issuers),
        issuedOn: plan.issuedOn,
        source: plan.source,
        preamble: plan.preamble,
        textSha256: plan.textSha256,
        parentPlanId: plan.parentPlanId ?? null,
        ownerOrgUnitCode: plan.ownerOrgUnitCode ?? null,
        importedAt: plan.importedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let order = 0;
    // Level by level, so each child knows its parent's id; a plan has a few hundred nodes at most.
    let level: { parentId: number | null; node: NewPlanNodeTree }[] = plan.nodes.map((node) => ({
      parentId: null,
      node,
    }));
    while (level.length > 0) {
      const next: typeof level = [];
      for (const { parentId, node } of level) {
        const row = await this.db
          .insertInto('planNode')
          .values({
            planId: id,
            parentId,
            kind: node.kind,
            number: node.number,
            printedNumber: node.printedNumber,
            path: node.path,
            title: node.title,
            body: node.body,
            sortOrder: order++,
            sourceLine: node.sourceLine,
            alignedNodeId: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const child of node.children) next.push({ parentId: row.id, node: child });
      }
      level = next;
    }
    if (plan.notes.length > 0) {
      await this.db
        .insertInto('planImportNote')
        .values(plan.notes.map((note) => ({ planId: id, ...note })))
        .execute();
    }
    return id;
  }

  async findByCode(code: string): Promise<PlanRow | undefined> {
    return this.db.selectFrom('plan').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async list(): Promise<PlanSummaryRow[]> {
    return this.db
      .selectFrom('plan')
      .selectAll('plan')
      .select((eb) =>
        eb
          .selectFrom('planNode')
          .whereRef('planNode.planId', '=', 'plan.id')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .as('nodeCount'),
      )
      .orderBy('plan.code')
      .execute()
      .then((rows) => rows.map((row) => ({ ...row, nodeCount: Number(row.nodeCount ?? 0) })));
  }

  /** All nodes of a plan in document order. */
  async nodes(planId: number): Promise<PlanNodeRow[]> {
    return this.db
      .selectFrom('planNode')
      .selectAll()
      .where('planId', '=', planId)
      .orderBy('sortOrder')
      .execute();
  }

  async notes(planId: number): Promise<{ line: number; kind: string; message: string }[]> {
    return this.db
      .selectFrom('planImportNote')
      .select(['line', 'kind', 'message'])
      .where('planId', '=', planId)
      .orderBy('line')
      .orderBy('id')
      .execute();
  }

  /** Node ids by path, for linking indicators and targets to a plan's nodes. */
  async nodeIdsByPath(planId: number): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('planNode')
      .select(['id', 'path'])
      .where('planId', '=', planId)
      .execute();
    return new Map(rows.map((row) => [row.path, row.id]));
  }
}
