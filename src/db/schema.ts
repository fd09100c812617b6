/**
 * The one Database interface: what Kysely knows of the tables. Column names
 * are snake_case in SQL and camelCase here (CamelCasePlugin). Nullable, not
 * optional; Generated<> where the database fills the value.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface StoreMetaTable {
  key: string;
  value: string;
}

export interface OrgUnitTable {
  code: string;
  parentCode: string | null;
  level: 'nation' | 'province' | 'prefecture' | 'county' | 'department';
  nameZh: string;
  nameEn: string | null;
  /** Edition of the GB/T 2260 codes this unit's code belongs to; null for departments and the nation. */
  divisionEdition: string | null;
  /** Materialised path of codes from the root, "/CN/110000/110100/": a subtree is a prefix match. */
  path: string;
  depth: number;
  sortOrder: number;
}

export interface SourceTable {
  key: string;
  title: string;
  whereFound: string | null;
}

export interface PlanTable {
  id: Generated<number>;
  code: string;
  title: string;
  /** JSON array of issuing bodies. */
  issuers: string;
  issuedOn: string | null;
  /** Where the plan's text came from. */
  source: string;
  preamble: string;
  textSha256: string;
  parentPlanId: number | null;
  ownerOrgUnitCode: string | null;
  importedAt: string;
  /** How progress to this plan's targets is assessed (core/progress). */
  progressMethod: Generated<string>;
}

export interface PlanNodeTable {
  id: Generated<number>;
  planId: number;
  parentId: number | null;
  kind: 'chapter' | 'section' | 'principle' | 'objective' | 'measure';
  number: string;
  printedNumber: string | null;
  path: string;
  title: string;
  body: string;
  sortOrder: number;
  sourceLine: number;
  /** The node of a higher plan this node implements (local plans follow the national one). */
  alignedNodeId: number | null;
}

export interface PlanImportNoteTable {
  id: Generated<number>;
  planId: number;
  line: number;
  kind: string;
  message: string;
}

export interface IndicatorTable {
  code: string;
  kind: 'numeric' | 'qualitative';
  nameEn: string;
  nameZh: string;
  unit: string | null;
  unitMult: number;
  direction: 'increase' | 'decrease' | 'none';
  /** Across org units: sum, average, weighted_average, last (adds up) or none. */
  aggregation: string;
  /** Across the sub-periods of a period: sum, average, last or none. */
  timeAggregation: Generated<string>;
  /** A computed indicator: numerator / denominator x factor, over aggregated parts. */
  formulaNumerator: string | null;
  formulaDenominator: string | null;
  formulaFactor: number | null;
  /** What a weighted average across units is weighted by. */
  weightIndicator: string | null;
  definitionEn: string;
  definitionZh: string;
  source: string | null;
}

export interface IndicatorPlanNodeTable {
  indicatorCode: string;
  planNodeId: number;
}

export interface TargetTable {
  id: Generated<number>;
  indicatorCode: string;
  orgUnitCode: string;
  year: number;
  kind: 'numeric' | 'qualitative';
  value: number | null;
  comparator: string | null;
  baselineYear: number | null;
  baselineValue: number | null;
  derivation: string | null;
  milestoneEn: string | null;
  milestoneZh: string | null;
  status: string | null;
  sentence: string;
  planNodeId: number;
}

export interface DataValueTable {
  id: Generated<number>;
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  periodType: 'year' | 'half_year' | 'quarter' | 'month';
  /** ISO date of the period's last day: orders a series of mixed period types. */
  periodEnd: string;
  value: number;
  basis: string;
  sourceKey: string | null;
  confidence: 'high' | 'medium' | 'low' | null;
  publishedValue: string | null;
  publishedUnit: string | null;
  createdBy: string;
  createdAt: string;
  /** 'published' for released figures; values entered by reporters start as 'draft'. */
  status: Generated<DataValueStatus>;
  comment: string | null;
  /** Increases with every change; a writer names the version it saw (no lost updates). */
  version: Generated<number>;
  /** Category options of the value, "AREA=URBAN;SEX=F" (categories in the indicator's order); '' is the total. */
  disaggregation: Generated<string>;
  /** Where the reporter took the figure from, in their words. */
  sourceNote: string | null;
  /** When a published figure was last revised, and why (null: never revised since published). */
  revisedAt: string | null;
  revisionNote: string | null;
}

export interface DataValueRevisionTable {
  id: Generated<number>;
  dataValueId: number;
  version: number;
  value: number;
  status: DataValueStatus;
  comment: string | null;
  /** Why the value changed, as the writer said. */
  reason: string | null;
  recordedBy: string;
  recordedAt: string;
  sourceNote: string | null;
  /** Set on the revisions that corrected a published figure: why. */
  revisionNote: string | null;
}

export type DataValueStatus = 'draft' | 'published';

/**
 * What the values of the units below a unit add up to, kept current in the
 * transaction of every write: the sum of their figures and how many units
 * gave one (core/aggregation).
 */
export interface DataValueAggregateTable {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  basis: string;
  disaggregation: string;
  /** 1: published values only; 0: every value, drafts included. */
  published: number;
  valueSum: number;
  unitCount: number;
  /** Sum of the units' weights (weighted averages only). */
  weightSum: Generated<number>;
}

export interface TargetEvidenceTable {
  id: Generated<number>;
  targetId: number;
  status: string;
  note: string;
  link: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface CategoryTable {
  code: string;
  nameEn: string;
  nameZh: string;
}

export interface CategoryOptionTable {
  categoryCode: string;
  code: string;
  nameEn: string;
  nameZh: string;
  sortOrder: number;
}

export interface IndicatorCategoryTable {
  indicatorCode: string;
  categoryCode: string;
  position: number;
}

export interface DataSetTable {
  id: Generated<number>;
  code: string;
  nameEn: string;
  nameZh: string;
  periodType: 'year' | 'half_year' | 'quarter' | 'month';
  /** Default window of each period, in days after the period's last day. */
  opensAfterDays: number;
  closesAfterDays: number;
  /** JSON array of org-unit levels that approve in turn, lowest first. */
  approvalLevels: string;
  createdAt: string;
}

export interface DataSetIndicatorTable {
  dataSetId: number;
  indicatorCode: string;
  sortOrder: number;
  /** 1 when the form cannot be submitted without it. */
  required: number;
  minValue: number | null;
  maxValue: number | null;
  /** Modified z-score above which a value is an outlier against the unit's history; null: not checked. */
  outlierThreshold: number | null;
}

export interface DataSetOrgUnitTable {
  dataSetId: number;
  orgUnitCode: string;
}

export interface DataSetPeriodWindowTable {
  dataSetId: number;
  period: string;
  opensOn: string;
  closesOn: string;
}

export interface ValidationRuleTable {
  id: Generated<number>;
  dataSetId: number;
  code: string;
  severity: 'error' | 'warning';
  nameEn: string;
  nameZh: string;
  /** JSON, checked by the validation core's schema. */
  definition: string;
}

export type SubmissionState = 'draft' | 'submitted' | 'approved' | 'returned';

export interface SubmissionTable {
  id: Generated<number>;
  dataSetId: number;
  orgUnitCode: string;
  period: string;
  state: SubmissionState;
  /** How many of the data set's approval levels (that apply to this unit) have approved. */
  approvedLevels: number;
  /** For timeliness: the first submission counts, not a later resubmission. */
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  updatedAt: string;
  updatedBy: string;
  /** Why it was last returned or unlocked. */
  reason: string | null;
  version: number;
}

export interface SubmissionEventTable {
  id: Generated<number>;
  submissionId: number;
  action: 'submit' | 'approve' | 'return' | 'unlock';
  /** The approval level acted at, for approve, return and unlock. */
  level: string | null;
  /** The state after the event. */
  state: SubmissionState;
  actor: string;
  at: string;
  reason: string | null;
}

export interface UserAccountTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  passwordHash: string;
  createdAt: string;
  passwordChangedAt: string;
  disabledAt: string | null;
  failedSignIns: Generated<number>;
  lockedUntil: string | null;
  /** Where notices and the daily digest go; null: in-app inbox only. */
  email: Generated<string | null>;
}

export interface RoleAssignmentTable {
  id: Generated<number>;
  userId: number;
  role: string;
  orgUnitCode: string;
  grantedBy: number | null;
  grantedAt: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the secret in the cookie. */
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  revokedAt: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  userId: number;
  name: string;
  /** The first characters of the token, to recognise it in lists; the rest is only hashed. */
  prefix: string;
  tokenHash: string;
  /** JSON array of { role, orgUnitCode }: a subset of the creator's grants. */
  grants: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  actorIp: string | null;
  action: string;
  entityType: string;
  entityId: string;
  beforeJson: string | null;
  afterJson: string | null;
  prevHash: string;
  hash: string;
}

export interface TaskTable {
  id: Generated<number>;
  /** The measure the task implements; sub-tasks carry their parent's. */
  planNodeId: number;
  parentTaskId: number | null;
  title: string;
  description: string;
  leadUnitCode: string;
  /** The unit that assigned the task and supervises it: escalations go there. */
  assignedByUnitCode: string;
  startOn: string;
  dueOn: string;
  /** JSON array of the expected deliverables. */
  deliverables: string;
  /** The latest update's status (not_started before the first). */
  status: string;
  percentComplete: number;
  lastUpdateOn: string | null;
  doneOn: string | null;
  /** 1 for the shipped example breakdown. */
  isExample: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TaskParticipantTable {
  taskId: number;
  orgUnitCode: string;
}

export interface TaskIndicatorTable {
  taskId: number;
  indicatorCode: string;
}

export interface TaskMilestoneTable {
  id: Generated<number>;
  taskId: number;
  title: string;
  dueOn: string;
  doneOn: string | null;
  sortOrder: number;
}

export type TaskUpdateReviewState = 'pending' | 'accepted' | 'queried';

export interface TaskUpdateTable {
  id: Generated<number>;
  taskId: number;
  status: string;
  percentComplete: number;
  narrative: string;
  reason: string | null;
  reportedOn: string;
  postedBy: string;
  postedAt: string;
  reviewState: TaskUpdateReviewState;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

export interface AttachmentTable {
  id: Generated<number>;
  /** What the file is evidence for: task_update, rectification_item, inspection_finding. */
  ownerType: string;
  ownerId: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  /** Where the bytes are, relative to the attachment directory. */
  storageKey: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface WarningTable {
  id: Generated<number>;
  /** One occurrence of a condition: unique, so it is raised once. */
  key: string;
  kind: string;
  taskId: number | null;
  indicatorCode: string | null;
  milestone: string | null;
  orgUnitCode: string;
  escalationUnitCode: string | null;
  since: string;
  raisedOn: string;
  escalatedOn: string | null;
  resolvedOn: string | null;
  message: string;
}

export interface NotificationTable {
  id: Generated<number>;
  userId: number;
  warningId: number | null;
  stage: string;
  /** Unique per user: the same notice is never given twice. */
  dedupeKey: string;
  subject: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
  /** The outbox row of the digest e-mail that carried it. */
  emailedIn: number | null;
}

export interface WebhookTable {
  id: Generated<number>;
  orgUnitCode: string;
  url: string;
  secret: string;
  createdBy: string;
  createdAt: string;
  disabledAt: string | null;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxTable {
  id: Generated<number>;
  key: string;
  channel: 'email' | 'webhook';
  destination: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface JobRunTable {
  job: string;
  day: string;
  instance: string;
  startedAt: string;
  finishedAt: string | null;
  summary: string | null;
}

export interface InspectionPlanTable {
  id: Generated<number>;
  year: number;
  title: string;
  /** The inspecting unit. */
  orgUnitCode: string;
  description: string;
  createdBy: string;
  createdAt: string;
}

export interface InspectionTable {
  id: Generated<number>;
  inspectionPlanId: number;
  /** The inspected unit. */
  orgUnitCode: string;
  scheduledOn: string;
  heldOn: string | null;
  inspectors: string;
  summary: string;
  createdBy: string;
  createdAt: string;
}

export type FindingSeverity = 'minor' | 'major' | 'critical';

export interface InspectionFindingTable {
  id: Generated<number>;
  inspectionId: number;
  severity: FindingSeverity;
  description: string;
  planNodeId: number | null;
  taskId: number | null;
  status: 'open' | 'closed';
  closedOn: string | null;
  closedBy: string | null;
  closureNote: string | null;
  createdBy: string;
  createdAt: string;
}

export interface RectificationItemTable {
  id: Generated<number>;
  findingId: number;
  title: string;
  ownerUnitCode: string;
  dueOn: string;
  status: 'open' | 'done';
  doneOn: string | null;
  doneBy: string | null;
  note: string | null;
  evidenceLink: string | null;
}

export interface EvaluationSchemeTable {
  id: Generated<number>;
  year: number;
  version: number;
  /** The EvaluationScheme as JSON. */
  definition: string;
  createdBy: string;
  createdAt: string;
}

export type EvaluationRunStatus = 'draft' | 'published';

export interface EvaluationRunTable {
  id: Generated<number>;
  year: number;
  schemeId: number;
  cutoffOn: string;
  status: EvaluationRunStatus;
  /** SHA-256 of the gathered inputs. */
  inputsSha256: string;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface EvaluationScoreTable {
  runId: number;
  orgUnitCode: string;
  total: number;
  /** Null for a unit not evaluated (no inputs at all). */
  rank: number | null;
  rankChange: number | null;
  totalChange: number | null;
  /** The UnitScore as JSON. */
  detail: string;
}

export type ReleaseStatus = 'scheduled' | 'released';

export interface ReleaseTable {
  id: Generated<number>;
  dataSetId: number;
  period: string;
  /** ISO date. */
  releaseOn: string;
  status: ReleaseStatus;
  note: string | null;
  createdBy: string;
  createdAt: string;
  releasedAt: string | null;
  valuesPublished: Generated<number>;
}

export interface Database {
  storeMeta: StoreMetaTable;
  orgUnit: OrgUnitTable;
  source: SourceTable;
  plan: PlanTable;
  planNode: PlanNodeTable;
  planImportNote: PlanImportNoteTable;
  indicator: IndicatorTable;
  indicatorPlanNode: IndicatorPlanNodeTable;
  target: TargetTable;
  dataValue: DataValueTable;
  dataValueRevision: DataValueRevisionTable;
  userAccount: UserAccountTable;
  roleAssignment: RoleAssignmentTable;
  session: SessionTable;
  apiToken: ApiTokenTable;
  auditLog: AuditLogTable;
  category: CategoryTable;
  categoryOption: CategoryOptionTable;
  indicatorCategory: IndicatorCategoryTable;
  dataSet: DataSetTable;
  dataSetIndicator: DataSetIndicatorTable;
  dataSetOrgUnit: DataSetOrgUnitTable;
  dataSetPeriodWindow: DataSetPeriodWindowTable;
  validationRule: ValidationRuleTable;
  submission: SubmissionTable;
  submissionEvent: SubmissionEventTable;
  dataValueAggregate: DataValueAggregateTable;
  targetEvidence: TargetEvidenceTable;
  task: TaskTable;
  taskParticipant: TaskParticipantTable;
  taskIndicator: TaskIndicatorTable;
  taskMilestone: TaskMilestoneTable;
  taskUpdate: TaskUpdateTable;
  attachment: AttachmentTable;
  warning: WarningTable;
  notification: NotificationTable;
  webhook: WebhookTable;
  outbox: OutboxTable;
  jobRun: JobRunTable;
  inspectionPlan: InspectionPlanTable;
  inspection: InspectionTable;
  inspectionFinding: InspectionFindingTable;
  rectificationItem: RectificationItemTable;
  evaluationScheme: EvaluationSchemeTable;
  evaluationRun: EvaluationRunTable;
  release: ReleaseTable;
  evaluationScore: EvaluationScoreTable;
}

export type OrgUnitRow = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type PlanRow = Selectable<PlanTable>;
export type PlanNodeRow = Selectable<PlanNodeTable>;
export type IndicatorRow = Selectable<IndicatorTable>;
export type NewIndicator = Insertable<IndicatorTable>;
export type TargetRow = Selectable<TargetTable>;
export type NewTarget = Insertable<TargetTable>;
export type DataValueRow = Selectable<DataValueTable>;
export type NewDataValue = Insertable<DataValueTable>;
export type SourceRow = Selectable<SourceTable>;
export type UserAccountRow = Selectable<UserAccountTable>;
export type RoleAssignmentRow = Selectable<RoleAssignmentTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type DataValueRevisionRow = Selectable<DataValueRevisionTable>;
export type DataSetRow = Selectable<DataSetTable>;
export type DataSetIndicatorRow = Selectable<DataSetIndicatorTable>;
export type ValidationRuleRow = Selectable<ValidationRuleTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type SubmissionEventRow = Selectable<SubmissionEventTable>;
export type CategoryOptionRow = Selectable<CategoryOptionTable>;
export type DataValueAggregateRow = Selectable<DataValueAggregateTable>;
export type TargetEvidenceRow = Selectable<TargetEvidenceTable>;
export type TaskRow = Selectable<TaskTable>;
export type TaskMilestoneRow = Selectable<TaskMilestoneTable>;
export type TaskUpdateRow = Selectable<TaskUpdateTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
export type WarningRow = Selectable<WarningTable>;
export type NotificationRow = Selectable<NotificationTable>;
export type WebhookRow = Selectable<WebhookTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type InspectionPlanRow = Selectable<InspectionPlanTable>;
export type InspectionRow = Selectable<InspectionTable>;
export type InspectionFindingRow = Selectable<InspectionFindingTable>;
export type RectificationItemRow = Selectable<RectificationItemTable>;
