/**
 * The inspections API as the web app calls it: URLs and the writes. Types
 * come from the shared contract (src/api/inspections-contract.ts).
 */
import type { z } from 'zod';
import type {
  Finding,
  FindingCreate,
  findingListSchema,
  InspectionChange,
  InspectionCreate,
  InspectionDetail,
  InspectionPlanCreate,
  InspectionPlanDetail,
  inspectionPlanListSchema,
  RectificationCreate,
  RectificationDone,
  RectificationItem,
} from '../../../../src/api/inspections-contract';
import { sendForm, sendJson } from '../../api/client';

export type {
  Finding,
  FindingListItem,
  FindingSeverity,
  InspectionDetail,
  InspectionPlanDetail,
  InspectionPlanSummary,
  InspectionSummary,
  InspectionUnitRef,
  InspectionUnitSummary,
  InspectionYearSummary,
  RectificationItem,
  SeverityCounts,
} from '../../../../src/api/inspections-contract';
export type InspectionPlanList = z.infer<typeof inspectionPlanListSchema>;
export type FindingList = z.infer<typeof findingListSchema>;

export const inspectionApi = {
  plans: (year?: number) => `/api/inspection-plans${year === undefined ? '' : `?year=${year}`}`,
  plan: (id: number) => `/api/inspection-plans/${id}`,
  planInspections: (planId: number) => `/api/inspection-plans/${planId}/inspections`,
  summary: (year: number) => `/api/inspections/summary?year=${year}`,
  inspection: (id: number) => `/api/inspections/${id}`,
  findings: (inspectionId: number) => `/api/inspections/${inspectionId}/findings`,
  /** Findings the reader sees: about units in scope, or answered by items their units own. */
  openFindings: () => '/api/findings?status=open',
  rectifications: (findingId: number) => `/api/findings/${findingId}/rectifications`,
  closeFinding: (findingId: number) => `/api/findings/${findingId}/close`,
  rectificationDone: (itemId: number) => `/api/rectifications/${itemId}/done`,
};

export function createPlan(plan: InspectionPlanCreate): Promise<InspectionPlanDetail> {
  return sendJson<InspectionPlanDetail>('POST', inspectionApi.plans(), plan);
}

export function scheduleInspection(
  planId: number,
  inspection: InspectionCreate,
): Promise<InspectionDetail> {
  return sendJson<InspectionDetail>('POST', inspectionApi.planInspections(planId), inspection);
}

export function changeInspection(id: number, change: InspectionChange): Promise<InspectionDetail> {
  return sendJson<InspectionDetail>('PATCH', inspectionApi.inspection(id), change);
}

export function addFinding(inspectionId: number, finding: FindingCreate): Promise<Finding> {
  return sendJson<Finding>('POST', inspectionApi.findings(inspectionId), finding);
}

export function addRectification(
  findingId: number,
  item: RectificationCreate,
): Promise<RectificationItem> {
  return sendJson<RectificationItem>('POST', inspectionApi.rectifications(findingId), item);
}

/** Marks an item done; with evidence files it goes as multipart (field `done` + files in `evidence`). */
export function markDone(
  itemId: number,
  done: RectificationDone,
  evidence: readonly File[] = [],
): Promise<RectificationItem> {
  const url = inspectionApi.rectificationDone(itemId);
  if (evidence.length === 0) return sendJson<RectificationItem>('POST', url, done);
  const form = new FormData();
  form.append('done', JSON.stringify(done));
  for (const file of evidence) form.append('evidence', file, file.name);
  return sendForm<RectificationItem>(url, form);
}

export function closeFinding(findingId: number, note: string): Promise<Finding> {
  return sendJson<Finding>('POST', inspectionApi.closeFinding(findingId), { note });
}
