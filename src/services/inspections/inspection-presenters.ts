/** Inspection rows to the API's shapes (src/api/inspections-contract.ts). */
import type {
  Finding,
  FindingListItem,
  InspectionSummary,
  InspectionUnitRef,
  InspectionUnitSummary,
  RectificationItem,
  SeverityCounts,
} from '../../api/inspections-contract.js';
import { isOverdue, type UnitTally } from '../../core/inspections/inspection-rules.js';
import type {
  FindingInContext,
  InspectionInPlan,
} from '../../db/repositories/inspection.repository.js';
import type { AttachmentRow, OrgUnitRow, RectificationItemRow } from '../../db/schema.js';

export type UnitLookup = ReadonlyMap<string, OrgUnitRow>;
/** Evidence files by rectification item id. */
export type EvidenceLookup = ReadonlyMap<number, readonly AttachmentRow[]>;

/** Where an evidence file of a rectification item is downloaded. */
export function evidenceHref(attachmentId: number): string {
  return `/api/rectification-evidence/${attachmentId}`;
}

export function evidenceByItem(attachments: readonly AttachmentRow[]): EvidenceLookup {
  const byItem = new Map<number, AttachmentRow[]>();
  for (const attachment of attachments) {
    const list = byItem.get(attachment.ownerId) ?? [];
    list.push(attachment);
    byItem.set(attachment.ownerId, list);
  }
  return byItem;
}

export function presentUnitRef(code: string, units: UnitLookup): InspectionUnitRef {
  const unit = units.get(code);
  return {
    code,
    nameZh: unit?.nameZh ?? code,
    nameEn: unit?.nameEn ?? null,
    level: unit?.level ?? 'unknown',
  };
}

export function noSeverities(): SeverityCounts {
  return { minor: 0, major: 0, critical: 0 };
}

export function openBySeverity(findings: readonly FindingInContext[]): SeverityCounts {
  const counts = noSeverities();
  for (const finding of findings) if (finding.status === 'open') counts[finding.severity] += 1;
  return counts;
}

export function presentRectification(
  row: RectificationItemRow,
  units: UnitLookup,
  evidence: EvidenceLookup,
  today: string,
): RectificationItem {
  return {
    id: row.id,
    findingId: row.findingId,
    title: row.title,
    ownerUnit: presentUnitRef(row.ownerUnitCode, units),
    dueOn: row.dueOn,
    status: row.status,
    overdue: isOverdue(row, today),
    doneOn: row.doneOn,
    doneBy: row.doneBy,
    note: row.note,
    evidenceLink: row.evidenceLink,
    evidence: (evidence.get(row.id) ?? []).map((file) => ({
      id: file.id,
      fileName: file.fileName,
      mediaType: file.mediaType,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      uploadedBy: file.uploadedBy,
      uploadedAt: file.uploadedAt,
      href: evidenceHref(file.id),
    })),
  };
}

export function presentFinding(
  row: FindingInContext,
  items: readonly RectificationItemRow[],
  units: UnitLookup,
  evidence: EvidenceLookup,
  today: string,
): Finding {
  return {
    id: row.id,
    inspectionId: row.inspectionId,
    severity: row.severity,
    description: row.description,
    measure:
      row.planCode !== null && row.nodePath !== null
        ? { plan: row.planCode, path: row.nodePath, title: row.nodeTitle ?? '' }
        : null,
    taskId: row.taskId,
    status: row.status,
    closedOn: row.closedOn,
    closedBy: row.closedBy,
    closureNote: row.closureNote,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    rectifications: items.map((item) => presentRectification(item, units, evidence, today)),
  };
}

export function presentFindingListItem(
  row: FindingInContext,
  items: readonly RectificationItemRow[],
  units: UnitLookup,
  evidence: EvidenceLookup,
  today: string,
): FindingListItem {
  return {
    ...presentFinding(row, items, units, evidence, today),
    inspection: {
      id: row.inspectionId,
      planId: row.planId,
      year: row.year,
      orgUnit: presentUnitRef(row.inspectedUnitCode, units),
      inspectingUnit: presentUnitRef(row.planOrgUnitCode, units),
      scheduledOn: row.scheduledOn,
      heldOn: row.heldOn,
    },
  };
}

export function presentInspectionSummary(
  row: InspectionInPlan,
  findings: readonly FindingInContext[],
  units: UnitLookup,
): InspectionSummary {
  return {
    id: row.id,
    planId: row.inspectionPlanId,
    orgUnit: presentUnitRef(row.orgUnitCode, units),
    scheduledOn: row.scheduledOn,
    heldOn: row.heldOn,
    inspectors: parseInspectors(row.inspectors),
    summary: row.summary,
    findingCount: findings.length,
    openFindings: openBySeverity(findings),
  };
}

export function presentUnitTally(tally: UnitTally, units: UnitLookup): InspectionUnitSummary {
  return {
    unit: presentUnitRef(tally.unitCode, units),
    inspections: tally.inspections,
    openFindings: { ...tally.openFindings },
    openFindingTotal: tally.openFindingTotal,
    openRectifications: tally.openRectifications,
    overdueRectifications: tally.overdueRectifications,
  };
}

/** Inspectors are kept as a JSON array of names. */
export function parseInspectors(stored: string): string[] {
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

export function storeInspectors(names: readonly string[]): string {
  return JSON.stringify(names);
}
