/**
 * Rows to the shapes of alignment-contract.ts, for the API and the CLI's --json.
 */
import type { LocalPlanRow } from '../db/repositories/plan-alignment.repository.js';
import type { OrgUnitRow, PlanNodeRow } from '../db/schema.js';
import type { AlignmentUnitRef, LocalPlanSummary } from './alignment-contract.js';
import { presentPlanSummary } from './presenters.js';

/** "…（示例）", "… (example)", also with a remark inside: "（示例：为 Planwatch 编写…）". */
const EXAMPLE_TITLE = /[（(]\s*(示例|example)[^（）()]*[）)]\s*$/i;

export function isExampleTitle(title: string): boolean {
  return EXAMPLE_TITLE.test(title);
}

export function presentUnitRef(row: OrgUnitRow): AlignmentUnitRef {
  return { code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, level: row.level };
}

export function presentLocalPlan(row: LocalPlanRow): LocalPlanSummary {
  return {
    ...presentPlanSummary(row),
    ownerUnit:
      row.ownerCode === null
        ? null
        : {
            code: row.ownerCode,
            nameZh: row.ownerNameZh ?? '',
            nameEn: row.ownerNameEn,
            level: row.ownerLevel ?? 'province',
          },
    parentPlan:
      row.parentCode === null ? null : { code: row.parentCode, title: row.parentTitle ?? '' },
    alignedNodeCount: row.alignedNodeCount,
    isExample: isExampleTitle(row.title),
  };
}

export function presentMeasure(row: PlanNodeRow): { id: number; path: string; title: string } {
  return { id: row.id, path: row.path, title: row.title };
}
