/**
 * The local plans and alignment API as the web app calls it. Types come
 * from the shared contract (src/api/alignment-contract.ts).
 */
import type { z } from 'zod';
import type {
  AlignmentMatrixQuery,
  BulkAlignmentRequest,
  LocalPlanImportRequest,
  localPlanImportResultSchema,
  localPlanListSchema,
  PlanAlignment,
} from '../../../../src/api/alignment-contract';
import { sendJson } from '../../api/client';

export type {
  AlignmentLink,
  AlignmentMatrix,
  AlignmentSuggestions,
  LocalPlanSummary,
  PlanAlignment,
} from '../../../../src/api/alignment-contract';
export type LocalPlanList = z.infer<typeof localPlanListSchema>;
export type LocalPlanImportResult = z.infer<typeof localPlanImportResultSchema>;
export type MatrixLevel = NonNullable<AlignmentMatrixQuery['level']>;

const enc = encodeURIComponent;

export const alignmentApi = {
  plans: () => '/api/plans',
  alignment: (code: string) => `/api/plans/${enc(code)}/alignment`,
  suggestions: (code: string) => `/api/plans/${enc(code)}/alignment/suggestions?limit=3`,
  matrix: (plan: string, unit: string, level: MatrixLevel | null) => {
    const search = new URLSearchParams({ unit });
    if (level) search.set('level', level);
    return `/api/plans/${enc(plan)}/alignment-matrix?${search.toString()}`;
  },
};

export function importLocalPlan(request: LocalPlanImportRequest): Promise<LocalPlanImportResult> {
  return sendJson<LocalPlanImportResult>('POST', alignmentApi.plans(), request);
}

export function saveLinks(code: string, request: BulkAlignmentRequest): Promise<PlanAlignment> {
  return sendJson<PlanAlignment>('PUT', alignmentApi.alignment(code), request);
}
