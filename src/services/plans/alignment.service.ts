/**
 * Local plans aligned to a higher plan (Outline VI(3)): a province or a
 * department imports its own plan with the same importer as the Outline and
 * links its nodes to the measures they implement; the alignment matrix shows
 * who answers each measure, by an aligned node or by tasks, and who does not.
 */
import {
  presentLocalPlan,
  presentMeasure,
  presentUnitRef,
} from '../../api/alignment-presenters.js';
import type {
  AlignmentLink,
  AlignmentMatrix,
  AlignmentMatrixQuery,
  AlignmentSuggestions,
  BulkAlignmentRequest,
  LocalPlanSummary,
  PlanAlignment,
} from '../../api/alignment-contract.js';
import type { ImportNote } from '../../core/plan-text/types.js';
import { NATION_CODE } from '../../core/org-units.js';
import { suggestAlignments } from '../../core/plan-alignment/suggest-alignment.js';
import type { Db, Tx } from '../../db/connect.js';
import { OrgUnitRepository } from '../../db/repositories/org-unit.repository.js';
import {
  PlanAlignmentRepository,
  type LocalPlanRow,
} from '../../db/repositories/plan-alignment.repository.js';
import type { PlanNodeRow } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { InputError, NotFoundError, type Problem } from '../errors.js';
import { importPlanIn, parsePlanDocument, PLAN_CODE } from '../plan-import.service.js';

export interface LocalPlanImport {
  code: string;
  ownerUnit: string;
  alignsTo: string;
  title?: string | undefined;
  text: string;
  /** Where the text came from, kept with the plan. */
  source: string;
  /** Where problems are said to be: a file's path, or "text" for a request body. */
  fileName: string;
}

export interface LocalPlanImportResult {
  plan: LocalPlanSummary;
  notes: ImportNote[];
}

export interface AlignmentChange {
  /** Path of a node of the local plan. */
  node: string;
  /** Path of a measure of the plan it follows ("III.3.3", or "nids-2016:III.3.3"), or null. */
  measure: string | null;
}

export class AlignmentService {
  constructor(private readonly db: Db) {}

  async listPlans(
    filter: { owner?: string | undefined; alignsTo?: string | undefined } = {},
  ): Promise<LocalPlanSummary[]> {
    const plans = new PlanAlignmentRepository(this.db);
    let parentPlanId: number | undefined;
    if (filter.alignsTo !== undefined) {
      const parent = await plans.plan(filter.alignsTo);
      if (!parent) throw new NotFoundError(`No plan has code ${filter.alignsTo}`);
      parentPlanId = parent.id;
    }
    const rows = await plans.plans({ ownerOrgUnitCode: filter.owner, parentPlanId });
    return rows.map(presentLocalPlan);
  }

  /** The unit whose plan this is, where the policy looks for the right to change its links. */
  async ownerOf(code: string): Promise<string | null> {
    return new PlanAlignmentRepository(this.db).ownerOf(code);
  }

  /**
   * Imports a unit's plan following another plan. Every problem is listed at
   * once (code, owner, parent plan, each line of the text); with any, nothing is written.
   */
  async importLocalPlan(request: LocalPlanImport, actor: Actor): Promise<LocalPlanImportResult> {
    return this.db.transaction().execute((trx) => importLocalPlanIn(trx, request, actor));
  }

  /** Every node of a plan in document order with the measure it is linked to. */
  async alignment(code: string): Promise<PlanAlignment> {
    return alignmentOf(new PlanAlignmentRepository(this.db), await this.findPlan(code));
  }

  /** Links one node (PUT /api/plans/:code/nodes/:path/alignment); an unknown node is a 404. */
  async setNodeAlignment(
    code: string,
    nodePath: string,
    measure: string | null,
    actor: Actor,
  ): Promise<PlanAlignment> {
    return this.db.transaction().execute(async (trx) => {
      const plans = new PlanAlignmentRepository(trx);
      const plan = await findPlanIn(plans, code);
      const nodes = await plans.nodes(plan.id);
      if (!nodes.some((node) => node.path === nodePath))
        throw new NotFoundError(`Plan ${code} has no node ${nodePath}`);
      await applyLinks(trx, plans, plan, nodes, [{ node: nodePath, measure }], 'measure', actor);
      return alignmentOf(plans, plan);
    });
  }

  /** Links several nodes at once: all or nothing, every problem listed. */
  async setAlignments(
    code: string,
    request: BulkAlignmentRequest,
    actor: Actor,
  ): Promise<PlanAlignment> {
    return this.db.transaction().execute((trx) => setAlignmentsIn(trx, code, request, actor));
  }

  /** For each node, the parent plan's measures sharing its key terms. Never applied by itself. */
  async suggestions(code: string, limit: number): Promise<AlignmentSuggestions> {
    const plans = new PlanAlignmentRepository(this.db);
    const plan = await this.findPlan(code);
    const parentId = requireParent(plan);
    const [nodes, parentNodes] = await Promise.all([plans.nodes(plan.id), plans.nodes(parentId)]);
    const measures = documentOrder(parentNodes).filter((node) => node.kind === 'measure');
    const measureByPath = new Map(measures.map((node) => [node.path, node]));
    const measureById = new Map(measures.map((node) => [node.id, node]));
    const ordered = documentOrder(nodes);
    const suggested = suggestAlignments(ordered.map(toText), measures.map(toText), { limit });
    return {
      items: ordered.map((node) => {
        const current =
          node.alignedNodeId === null ? undefined : measureById.get(node.alignedNodeId);
        return {
          node: { path: node.path, title: node.title },
          current: current ? presentMeasure(current) : null,
          suggestions: (suggested.get(node.path) ?? []).map((suggestion) => ({
            measure: presentMeasure(measureByPath.get(suggestion.measurePath)!),
            score: Math.round(suggestion.score * 1000) / 1000,
            sharedTerms: suggestion.sharedTerms,
          })),
        };
      }),
    };
  }

  /**
   * For every measure of the plan and every unit listed (those of `level`
   * within the scope unit, or else the owners of plans following it), the
   * aligned local nodes and the tasks led within the unit's subtree.
   */
  async matrix(code: string, query: AlignmentMatrixQuery): Promise<AlignmentMatrix> {
    const plans = new PlanAlignmentRepository(this.db);
    const plan = await this.findPlan(code);
    const scopeCode = query.unit ?? NATION_CODE;
    const scope = await new OrgUnitRepository(this.db).get(scopeCode);
    if (!scope) throw new NotFoundError(`No org unit has code ${scopeCode}`);
    const [nodes, followers, aligned, tasks] = await Promise.all([
      plans.nodes(plan.id),
      plans.plans({ parentPlanId: plan.id }),
      plans.alignedNodes(plan.id, scope.path),
      plans.taskCounts(plan.id, scope.path),
    ]);
    const localPlans = followers.filter(
      (row) => row.ownerPath !== null && row.ownerPath.startsWith(scope.path),
    );
    const units = query.level
      ? await plans.unitsOfLevel(query.level, scope.path)
      : await plans.units([...new Set(localPlans.map((row) => row.ownerCode!))]);

    const ordered = documentOrder(nodes);
    const measures = ordered.filter((node) => node.kind === 'measure');
    const nodeById = new Map(nodes.map((node) => [node.id, node]));
    const unitByCode = new Map(units.map((unit) => [unit.code, unit]));
    /** The listed units whose subtree holds the unit at `path` (several when listed units nest). */
    const listedAbove = (path: string): string[] =>
      path.split('/').filter((code) => unitByCode.has(code));

    const cells = new Map<string, AlignmentMatrix['cells'][number]>();
    const cellOf = (measure: PlanNodeRow, unitCode: string) => {
      const key = `${measure.id}|${unitCode}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = { measurePath: measure.path, unitCode, nodes: [], taskCount: 0 };
        cells.set(key, cell);
      }
      return cell;
    };
    for (const row of aligned) {
      const measure = nodeById.get(row.alignedNodeId);
      if (!measure || measure.kind !== 'measure') continue;
      for (const unitCode of listedAbove(row.ownerPath))
        cellOf(measure, unitCode).nodes.push({
          planCode: row.planCode,
          path: row.path,
          title: row.title,
        });
    }
    for (const row of tasks) {
      const measure = nodeById.get(row.planNodeId);
      if (!measure || measure.kind !== 'measure') continue;
      for (const unitCode of listedAbove(row.leadPath))
        cellOf(measure, unitCode).taskCount += row.taskCount;
    }

    const cellList = measures.flatMap((measure) =>
      units.flatMap((unit) => {
        const cell = cells.get(`${measure.id}|${unit.code}`);
        return cell ? [cell] : [];
      }),
    );
    const ratio = (part: number, whole: number) =>
      whole === 0 ? 0 : Math.round((part / whole) * 10000) / 10000;
    const tally = () => ({ covered: 0, withTasks: 0 });
    const byUnit = new Map(units.map((unit) => [unit.code, tally()]));
    const byMeasure = new Map(measures.map((measure) => [measure.path, tally()]));
    for (const cell of cellList) {
      for (const counts of [byUnit.get(cell.unitCode)!, byMeasure.get(cell.measurePath)!]) {
        if (cell.nodes.length > 0) counts.covered += 1;
        if (cell.taskCount > 0) counts.withTasks += 1;
      }
    }
    return {
      plan: { code: plan.code, title: plan.title },
      scopeUnit: presentUnitRef(scope),
      level: query.level ?? null,
      units: units.map((unit) => {
        const counts = byUnit.get(unit.code)!;
        return {
          unit: presentUnitRef(unit),
          plans: localPlans
            .filter((row) => row.ownerPath!.startsWith(unit.path))
            .map((row) => {
              const summary = presentLocalPlan(row);
              return { code: summary.code, title: summary.title, isExample: summary.isExample };
            }),
          measuresCovered: counts.covered,
          measuresWithTasks: counts.withTasks,
          coverage: ratio(counts.covered, measures.length),
        };
      }),
      measures: measures.map((measure) => {
        const counts = byMeasure.get(measure.path)!;
        return {
          measure: presentMeasure(measure),
          ancestors: ancestorsOf(measure, nodeById),
          unitsCovered: counts.covered,
          unitsWithTasks: counts.withTasks,
          coverage: ratio(counts.covered, units.length),
        };
      }),
      cells: cellList,
    };
  }

  private async findPlan(code: string): Promise<LocalPlanRow> {
    return findPlanIn(new PlanAlignmentRepository(this.db), code);
  }
}

/** The same, inside a transaction the caller holds. */
export async function importLocalPlanIn(
  trx: Tx,
  request: LocalPlanImport,
  actor: Actor,
): Promise<LocalPlanImportResult> {
  const plans = new PlanAlignmentRepository(trx);
  const problems: Problem[] = [];
  if (!PLAN_CODE.test(request.code))
    problems.push({
      path: 'code',
      message: `"${request.code}" is not a plan code: use lower-case letters, digits and hyphens, e.g. hb-info-2017`,
    });
  const owner = await new OrgUnitRepository(trx).get(request.ownerUnit);
  if (!owner)
    problems.push({ path: 'ownerUnit', message: `No org unit has code ${request.ownerUnit}` });
  const parent = await plans.plan(request.alignsTo);
  if (!parent) problems.push({ path: 'alignsTo', message: `No plan has code ${request.alignsTo}` });
  try {
    parsePlanDocument(request.text, request.fileName);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || !owner || !parent) {
    throw new InputError(
      `${request.fileName} cannot be imported as plan ${request.code}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      problems,
    );
  }
  const result = await importPlanIn(
    trx,
    {
      code: request.code,
      text: request.text,
      source: request.source,
      fileName: request.fileName,
      title: request.title,
      follows: {
        parentPlanId: parent.id,
        parentPlanCode: parent.code,
        ownerOrgUnitCode: owner.code,
      },
    },
    actor,
  );
  const row = await plans.plan(result.code);
  return { plan: presentLocalPlan(row!), notes: result.parsed.notes };
}

/** Links several nodes inside a transaction the caller holds. */
export async function setAlignmentsIn(
  trx: Tx,
  code: string,
  request: BulkAlignmentRequest,
  actor: Actor,
): Promise<PlanAlignment> {
  const plans = new PlanAlignmentRepository(trx);
  const plan = await findPlanIn(plans, code);
  const nodes = await plans.nodes(plan.id);
  await applyLinks(trx, plans, plan, nodes, request.links, 'links', actor);
  return alignmentOf(plans, plan);
}

async function findPlanIn(plans: PlanAlignmentRepository, code: string): Promise<LocalPlanRow> {
  const plan = await plans.plan(code);
  if (!plan) throw new NotFoundError(`No plan has code ${code}`);
  return plan;
}

function requireParent(plan: LocalPlanRow): number {
  if (plan.parentPlanId === null)
    throw new InputError(
      `Plan ${plan.code} follows no other plan, so its nodes cannot be aligned: import it with alignsTo`,
      [{ path: 'code', message: `${plan.code} has no parent plan` }],
    );
  return plan.parentPlanId;
}

/**
 * Checks every change against the local plan and the plan it follows, then
 * writes the ones that change something and one audit entry. Any problem: none.
 */
async function applyLinks(
  trx: Tx,
  plans: PlanAlignmentRepository,
  plan: LocalPlanRow,
  nodes: readonly PlanNodeRow[],
  changes: readonly AlignmentChange[],
  where: 'measure' | 'links',
  actor: Actor,
): Promise<void> {
  const parentId = requireParent(plan);
  const parentCode = plan.parentCode!;
  const parentNodes = await plans.nodes(parentId);
  const parentByPath = new Map(parentNodes.map((node) => [node.path, node]));
  const parentById = new Map(parentNodes.map((node) => [node.id, node]));
  const nodeByPath = new Map(nodes.map((node) => [node.path, node]));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const writes: { node: PlanNodeRow; measure: PlanNodeRow | null }[] = [];

  changes.forEach((change, index) => {
    const at = (field: 'node' | 'measure') =>
      where === 'links' ? `links.${index}.${field}` : field;
    const node = nodeByPath.get(change.node);
    if (!node)
      problems.push({ path: at('node'), message: `Plan ${plan.code} has no node ${change.node}` });
    else if (seen.has(change.node))
      problems.push({ path: at('node'), message: `Node ${change.node} is named more than once` });
    seen.add(change.node);
    let measure: PlanNodeRow | null = null;
    if (change.measure !== null) {
      const { planCode, path } = splitMeasureRef(change.measure);
      const target =
        planCode === null || planCode === parentCode ? parentByPath.get(path) : undefined;
      if (planCode !== null && planCode !== parentCode) {
        problems.push({
          path: at('measure'),
          message: `${change.measure} is not a measure of ${parentCode}: plan ${plan.code} follows ${parentCode}, so its nodes can only be aligned to measures of ${parentCode}`,
        });
      } else if (!target) {
        problems.push({
          path: at('measure'),
          message: `${path} is not a node of plan ${parentCode} (the plan ${plan.code} follows)`,
        });
      } else if (target.kind !== 'measure') {
        problems.push({
          path: at('measure'),
          message: `${path} of plan ${parentCode} is ${target.kind === 'objective' ? 'an' : 'a'} ${target.kind}, not a measure: align to a measure${target.kind === 'chapter' || target.kind === 'section' ? ` within it (e.g. ${path}.1 or below)` : ''}`,
        });
      } else {
        measure = target;
      }
    }
    if (node && (change.measure === null || measure)) writes.push({ node, measure });
  });
  if (problems.length > 0)
    throw new InputError(
      `The alignment of plan ${plan.code} cannot be changed: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      problems,
    );

  const before: { node: string; measure: string | null }[] = [];
  const after: { node: string; measure: string | null }[] = [];
  for (const { node, measure } of writes) {
    const target = measure?.id ?? null;
    if (node.alignedNodeId === target) continue;
    await plans.setAlignedNode(node.id, target);
    const previous = node.alignedNodeId === null ? undefined : parentById.get(node.alignedNodeId);
    before.push({ node: node.path, measure: previous?.path ?? null });
    after.push({ node: node.path, measure: measure?.path ?? null });
  }
  if (after.length === 0) return;
  await appendAudit(trx, actor, {
    action: 'plan.align',
    entityType: 'plan',
    entityId: plan.code,
    before: { alignsTo: parentCode, links: before },
    after: { alignsTo: parentCode, links: after },
  });
}

/** "III.3.3" or "nids-2016:III.3.3". */
function splitMeasureRef(ref: string): { planCode: string | null; path: string } {
  const colon = ref.indexOf(':');
  return colon < 0
    ? { planCode: null, path: ref.trim() }
    : { planCode: ref.slice(0, colon).trim(), path: ref.slice(colon + 1).trim() };
}

async function alignmentOf(
  plans: PlanAlignmentRepository,
  plan: LocalPlanRow,
): Promise<PlanAlignment> {
  const nodes = await plans.nodes(plan.id);
  const targets = new Map(
    (
      await plans.nodesById([
        ...new Set(
          nodes.flatMap((node) => (node.alignedNodeId === null ? [] : [node.alignedNodeId])),
        ),
      ])
    ).map((node) => [node.id, node]),
  );
  const fresh = (await plans.plan(plan.code)) ?? plan;
  const links: AlignmentLink[] = documentOrder(nodes).map((node) => {
    const target = node.alignedNodeId === null ? undefined : targets.get(node.alignedNodeId);
    return {
      node: { id: node.id, path: node.path, kind: node.kind, title: node.title },
      measure: target ? presentMeasure(target) : null,
    };
  });
  return { plan: presentLocalPlan(fresh), links };
}

/** Nodes as they stand in the text: each followed by its children (stored sort order is by level). */
export function documentOrder(nodes: readonly PlanNodeRow[]): PlanNodeRow[] {
  const children = new Map<number | null, PlanNodeRow[]>();
  for (const node of [...nodes].sort((a, b) => a.sortOrder - b.sortOrder)) {
    const siblings = children.get(node.parentId) ?? [];
    siblings.push(node);
    children.set(node.parentId, siblings);
  }
  const ordered: PlanNodeRow[] = [];
  const visit = (parentId: number | null) => {
    for (const node of children.get(parentId) ?? []) {
      ordered.push(node);
      visit(node.id);
    }
  };
  visit(null);
  return ordered;
}

function ancestorsOf(
  node: PlanNodeRow,
  byId: ReadonlyMap<number, PlanNodeRow>,
): { path: string; title: string }[] {
  const ancestors: { path: string; title: string }[] = [];
  for (
    let parent = node.parentId === null ? undefined : byId.get(node.parentId);
    parent;
    parent = parent.parentId === null ? undefined : byId.get(parent.parentId)
  )
    ancestors.unshift({ path: parent.path, title: parent.title });
  return ancestors;
}

function toText(node: PlanNodeRow): { path: string; title: string; text: string } {
  return { path: node.path, title: node.title, text: node.body };
}
