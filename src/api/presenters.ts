/**
 * Rows to API shapes (src/api/contract.ts). The server's responses and the
 * CLI's --json output both pass through here, so they never diverge.
 */
import type {
  DataValueRow,
  IndicatorRow,
  OrgUnitRow,
  PlanNodeRow,
  SourceRow,
} from '../db/schema.js';
import type {
  IndicatorPlanNodeLink,
  TargetWithPlan,
} from '../db/repositories/indicator.repository.js';
import type { PlanSummaryRow } from '../db/repositories/plan.repository.js';
import type {
  DataValue,
  Indicator,
  OrgUnit,
  PlanNodeTree,
  PlanSummary,
  Source,
  Target,
} from './contract.js';

export function presentOrgUnit(row: OrgUnitRow): OrgUnit {
  return {
    code: row.code,
    parentCode: row.parentCode,
    level: row.level,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    divisionEdition: row.divisionEdition,
  };
}

export function presentPlanSummary(
  row: Pick<PlanSummaryRow, 'code' | 'title' | 'issuers' | 'issuedOn' | 'source' | 'nodeCount'>,
): PlanSummary {
  return {
    code: row.code,
    title: row.title,
    issuers: JSON.parse(row.issuers) as string[],
    issuedOn: row.issuedOn,
    source: row.source,
    nodeCount: row.nodeCount,
  };
}

/** Nests a plan's nodes (in document order) into a tree. */
export function presentPlanTree(
  nodes: readonly PlanNodeRow[],
  indicatorsByNode: ReadonlyMap<number, string[]>,
): PlanNodeTree[] {
  const byId = new Map<number, PlanNodeTree>();
  const roots: PlanNodeTree[] = [];
  for (const node of nodes) {
    const tree: PlanNodeTree = {
      id: node.id,
      kind: node.kind,
      number: node.number,
      printedNumber: node.printedNumber,
      path: node.path,
      title: node.title,
      text: node.body,
      indicatorCodes: indicatorsByNode.get(node.id) ?? [],
      children: [],
    };
    byId.set(node.id, tree);
    const parent = node.parentId === null ? undefined : byId.get(node.parentId);
    (parent ? parent.children : roots).push(tree);
  }
  return roots;
}

export function presentTarget(row: TargetWithPlan): Target {
  return {
    id: row.id,
    indicatorCode: row.indicatorCode,
    orgUnitCode: row.orgUnitCode,
    year: row.year,
    kind: row.kind,
    value: row.value,
    comparator: row.comparator,
    baselineYear: row.baselineYear,
    baselineValue: row.baselineValue,
    derivation: row.derivation,
    milestoneEn: row.milestoneEn,
    milestoneZh: row.milestoneZh,
    status: row.status,
    sentence: row.sentence,
    planCode: row.planCode,
    planNodePath: row.planNodePath,
  };
}

export function presentDataValue(row: DataValueRow): DataValue {
  return {
    indicatorCode: row.indicatorCode,
    orgUnitCode: row.orgUnitCode,
    period: row.period,
    periodType: row.periodType,
    value: row.value,
    basis: row.basis,
    sourceKey: row.sourceKey,
    confidence: row.confidence,
    publishedValue: row.publishedValue,
    publishedUnit: row.publishedUnit,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    status: row.status,
    comment: row.comment,
    version: row.version,
    revisedAt: row.revisedAt,
    revisionNote: row.revisionNote,
  };
}

export function presentSource(row: SourceRow): Source {
  return { key: row.key, title: row.title, whereFound: row.whereFound };
}

export function presentIndicator(
  row: IndicatorRow,
  links: readonly IndicatorPlanNodeLink[],
  targets: readonly TargetWithPlan[],
  latest: DataValueRow | null,
): Indicator {
  return {
    code: row.code,
    kind: row.kind,
    nameEn: row.nameEn,
    nameZh: row.nameZh,
    unit: row.unit,
    unitMult: row.unitMult,
    direction: row.direction,
    aggregation: row.aggregation,
    definitionEn: row.definitionEn,
    definitionZh: row.definitionZh,
    source: row.source,
    planNodes: links.map((link) => ({
      planCode: link.planCode,
      path: link.path,
      title: link.title,
    })),
    targets: targets.map(presentTarget),
    latest: latest ? presentDataValue(latest) : null,
  };
}
