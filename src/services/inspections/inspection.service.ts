/**
 * Annual inspections (Outline VI(4)): an inspecting unit plans a year's
 * inspections of units in its subtree, records findings with severity,
 * assigns rectification items to units below the inspected one, and closes
 * a finding once every item is done. Every write is one transaction with its
 * audit entry. Reads show what lies within the reader's `read:unpublished`
 * scope (the inspecting unit covers the inspected one, so the inspected unit
 * decides); owners of rectification items also see the findings they answer.
 */
import type { z } from 'zod';
import type {
  Finding,
  FindingListItem,
  InspectionDetail,
  InspectionPlanDetail,
  InspectionPlanSummary,
  InspectionUnitSummary,
  InspectionYearSummary,
  RectificationItem,
  findingCloseSchema,
  findingCreateSchema,
  FindingQuery,
  inspectionChangeSchema,
  inspectionCreateSchema,
  inspectionPlanCreateSchema,
  rectificationCreateSchema,
} from '../../api/inspections-contract.js';
import { rectificationDoneSchema } from '../../api/inspections-contract.js';
import {
  decide,
  pathWithin,
  scopesFor,
  type Action,
  type Principal,
} from '../../core/access/policy.js';
import {
  checkHeldOn,
  checkRectificationDue,
  checkScheduledOn,
  inspectionDay,
  itemsBlockingClosure,
  tallyByUnit,
  type FieldProblem,
} from '../../core/inspections/inspection-rules.js';
import type { Db, Tx } from '../../db/connect.js';
import {
  InspectionRepository,
  type FindingInContext,
  type InspectionInPlan,
  type Visibility,
} from '../../db/repositories/inspection.repository.js';
import type { InspectionPlanRow, OrgUnitRow, RectificationItemRow } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.js';
import {
  discardOnFailure,
  type EvidenceBatch,
  type EvidenceStore,
} from '../tasks/evidence-store.js';
import { Notices, OWNER_ROLES } from '../tasks/notices.js';
import type { AttachmentDownload } from '../tasks/task.service.js';
import {
  evidenceByItem,
  openBySeverity,
  presentFinding,
  presentFindingListItem,
  presentInspectionSummary,
  presentRectification,
  presentUnitRef,
  presentUnitTally,
  storeInspectors,
  type EvidenceLookup,
  type UnitLookup,
} from './inspection-presenters.js';

/** The operator at the command line: sees everything, like the store's owner. */
export const OPERATOR = { kind: 'operator' } as const;
export type Viewer = Principal | typeof OPERATOR;

const MAX_ROW_ID = 2_147_483_647;

/** The attachment owner type of a rectification item's evidence files. */
const EVIDENCE_OWNER = 'rectification_item';

/** Who is told that a rectification item is done, at the inspecting unit. */
const INSPECTING_ROLES = ['admin', 'coordinator', 'inspector'] as const;

type PlanCreate = z.output<typeof inspectionPlanCreateSchema>;
type InspectionCreate = z.output<typeof inspectionCreateSchema>;
type InspectionChange = z.output<typeof inspectionChangeSchema>;
type FindingCreate = z.output<typeof findingCreateSchema>;
type RectificationCreate = z.output<typeof rectificationCreateSchema>;
type FindingClose = z.output<typeof findingCloseSchema>;

export class InspectionService {
  constructor(
    private readonly db: Db,
    /** The clock: today decides what is overdue and when things were done (tests set it). */
    private readonly now: () => Date = () => new Date(),
    /** Where evidence files go (the task updates' store); without it only links are taken. */
    private readonly evidence: EvidenceStore | null = null,
  ) {}

  /** A new upload of evidence files for marking a rectification item done. */
  evidenceBatch(): EvidenceBatch {
    if (!this.evidence) throw new Error('no evidence store configured');
    return this.evidence.batch();
  }

  /** One write: a transaction with its repository; the work's audit entry goes in the same one. */
  private write<T>(work: (trx: Tx, repository: InspectionRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(trx, new InspectionRepository(trx)));
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  // ---- units the route policies act on ----

  /** The inspecting unit of a plan. */
  async planUnit(planId: number): Promise<string | null> {
    if (!isRowId(planId)) return null;
    return (await new InspectionRepository(this.db).plan(planId))?.orgUnitCode ?? null;
  }

  /** The inspecting unit of an inspection's plan (who may write it). */
  async inspectionPlanUnit(inspectionId: number): Promise<string | null> {
    if (!isRowId(inspectionId)) return null;
    return (
      (await new InspectionRepository(this.db).inspection(inspectionId))?.planOrgUnitCode ?? null
    );
  }

  /** The inspecting unit of a finding's plan. */
  async findingPlanUnit(findingId: number): Promise<string | null> {
    if (!isRowId(findingId)) return null;
    return (await new InspectionRepository(this.db).finding(findingId))?.planOrgUnitCode ?? null;
  }

  /** The unit that owns a rectification item. */
  async rectificationOwner(itemId: number): Promise<string | null> {
    if (!isRowId(itemId)) return null;
    return (await new InspectionRepository(this.db).rectification(itemId))?.ownerUnitCode ?? null;
  }

  // ---- plans ----

  async createPlan(
    principal: Principal,
    input: PlanCreate,
    actor: Actor,
  ): Promise<InspectionPlanDetail> {
    return this.write(async (trx, repository) => {
      const unit = await this.existingUnit(repository, input.orgUnit, 'orgUnit');
      requireAllowed(principal, 'inspection:write', unit);
      const row: Omit<InspectionPlanRow, 'id'> = {
        year: input.year,
        title: input.title,
        orgUnitCode: unit.code,
        description: input.description,
        createdBy: actor.name,
        createdAt: this.now().toISOString(),
      };
      const id = await repository.insertPlan(row);
      await auditCreated(trx, actor, 'inspection_plan', id, row);
      return this.planDetail(repository, { id, ...row }, null);
    });
  }

  async listPlans(
    viewer: Viewer,
    filter: { year?: number | undefined },
  ): Promise<{ items: InspectionPlanSummary[]; total: number }> {
    const repository = new InspectionRepository(this.db);
    const visible = visibilityOf(viewer);
    const plans = await repository.plans({ year: filter.year, visible });
    const inspections = await repository.inspections({
      planIds: plans.map((plan) => plan.id),
      visible,
    });
    const findings = await repository.findingsOf(inspections.map((inspection) => inspection.id));
    const units = await this.unitLookup(
      repository,
      plans.map((plan) => plan.orgUnitCode),
    );
    const items = plans.map((plan) => {
      const own = inspections.filter((inspection) => inspection.inspectionPlanId === plan.id);
      const ownIds = new Set(own.map((inspection) => inspection.id));
      return presentPlan(
        plan,
        own.length,
        findings.filter((finding) => ownIds.has(finding.inspectionId)),
        units,
      );
    });
    return { items, total: items.length };
  }

  /** A plan with the inspections the viewer sees; 404 when it sees none of it. */
  async getPlan(viewer: Viewer, planId: number): Promise<InspectionPlanDetail> {
    const repository = new InspectionRepository(this.db);
    const plan = await repository.plan(planId);
    if (!plan) throw new NotFoundError(`No inspection plan has id ${planId}`);
    const visible = visibilityOf(viewer);
    const planUnit = await repository.unit(plan.orgUnitCode);
    const detail = await this.planDetail(repository, plan, visible);
    const seesPlanUnit = visible === null || (planUnit !== undefined && within(planUnit, visible));
    if (!seesPlanUnit && detail.inspections.length === 0)
      throw new NotFoundError(`No inspection plan has id ${planId}`);
    return detail;
  }

  private async planDetail(
    repository: InspectionRepository,
    plan: InspectionPlanRow,
    visible: Visibility,
  ): Promise<InspectionPlanDetail> {
    const inspections = await repository.inspections({ planIds: [plan.id], visible });
    const findings = await repository.findingsOf(inspections.map((inspection) => inspection.id));
    const units = await this.unitLookup(repository, [
      plan.orgUnitCode,
      ...inspections.map((inspection) => inspection.orgUnitCode),
    ]);
    return {
      ...presentPlan(plan, inspections.length, findings, units),
      inspections: inspections.map((inspection) =>
        presentInspectionSummary(
          inspection,
          findings.filter((finding) => finding.inspectionId === inspection.id),
          units,
        ),
      ),
    };
  }

  // ---- inspections ----

  async createInspection(
    principal: Principal,
    planId: number,
    input: InspectionCreate,
    actor: Actor,
  ): Promise<InspectionDetail> {
    return this.write(async (trx, repository) => {
      const plan = await repository.plan(planId);
      if (!plan) throw new NotFoundError(`No inspection plan has id ${planId}`);
      const planUnit = await this.inspectingUnit(repository, principal, plan.orgUnitCode);
      const problems: FieldProblem[] = [];
      const unit = await repository.unit(input.orgUnit);
      if (!unit) {
        problems.push({ field: 'orgUnit', message: `no org unit has code ${input.orgUnit}` });
      } else {
        // A unit outside the caller's own reach is refused as such, before the plan's subtree.
        requireAllowed(principal, 'inspection:write', unit, 'orgUnit');
        if (!pathWithin(unit.path, planUnit.path)) {
          problems.push({
            field: 'orgUnit',
            message: `${describeUnit(unit)} is not within the subtree of the inspecting unit ${describeUnit(planUnit)}`,
          });
        }
      }
      problems.push(...checkScheduledOn(input.scheduledOn, plan.year));
      refuseIf(problems, 'The inspection cannot be scheduled');
      const row = {
        inspectionPlanId: plan.id,
        orgUnitCode: unit!.code,
        scheduledOn: input.scheduledOn,
        heldOn: null,
        inspectors: storeInspectors(input.inspectors),
        summary: '',
        createdBy: actor.name,
        createdAt: this.now().toISOString(),
      };
      const id = await repository.insertInspection(row);
      await auditCreated(trx, actor, 'inspection', id, row);
      return this.inspectionDetail(repository, id);
    });
  }

  async changeInspection(
    principal: Principal,
    inspectionId: number,
    change: InspectionChange,
    actor: Actor,
  ): Promise<InspectionDetail> {
    return this.write(async (trx, repository) => {
      const inspection = await this.writableInspection(repository, principal, inspectionId);
      const problems: FieldProblem[] = [];
      if (change.heldOn !== undefined && change.heldOn !== null) {
        const heldOn = change.heldOn;
        const dateProblems = checkHeldOn(heldOn, inspection.year, this.today());
        problems.push(...dateProblems);
        if (dateProblems.length === 0) {
          // Items already set fall due on or after the inspection day; a later day would break that.
          const findings = await repository.findingsOf([inspection.id]);
          const items = await repository.rectificationsOf(findings.map((finding) => finding.id));
          const early = items.filter((item) => item.dueOn < heldOn);
          if (early.length > 0) {
            problems.push({
              field: 'heldOn',
              message: `${heldOn} is after the due day of rectification items ${early.map((item) => `#${item.id} (due ${item.dueOn})`).join(', ')}`,
            });
          }
        }
      }
      refuseIf(problems, `Inspection ${inspectionId} cannot be changed`);
      const set: { heldOn?: string | null; summary?: string; inspectors?: string } = {};
      if (change.heldOn !== undefined) set.heldOn = change.heldOn;
      if (change.summary !== undefined) set.summary = change.summary;
      if (change.inspectors !== undefined) set.inspectors = storeInspectors(change.inspectors);
      if (Object.keys(set).length > 0) {
        await repository.updateInspection(inspection.id, set);
        await appendAudit(trx, actor, {
          action: 'inspection.change',
          entityType: 'inspection',
          entityId: String(inspection.id),
          before: {
            heldOn: inspection.heldOn,
            summary: inspection.summary,
            inspectors: inspection.inspectors,
          },
          after: set,
        });
      }
      return this.inspectionDetail(repository, inspection.id);
    });
  }

  /**
   * An inspection with its findings and their rectification items, for
   * readers of the inspected unit; the owner of an item sees the inspection
   * with the findings it answers (where its notice points). 404 otherwise.
   */
  async getInspection(viewer: Viewer, inspectionId: number): Promise<InspectionDetail> {
    const repository = new InspectionRepository(this.db);
    const inspection = await this.existingInspection(repository, inspectionId);
    const visible = visibilityOf(viewer);
    if (visible === null) return this.inspectionDetail(repository, inspectionId);
    const unit = await repository.unit(inspection.orgUnitCode);
    if (unit && within(unit, visible)) return this.inspectionDetail(repository, inspectionId);
    const answered = await repository.findings({ inspectionId, visible });
    if (answered.length === 0) throw new NotFoundError(`No inspection has id ${inspectionId}`);
    return this.inspectionDetail(repository, inspectionId, answered);
  }

  private async inspectionDetail(
    repository: InspectionRepository,
    inspectionId: number,
    /** The findings to show, when not all of them. */
    only?: readonly FindingInContext[],
  ): Promise<InspectionDetail> {
    const inspection = await this.existingInspection(repository, inspectionId);
    const findings = only ?? (await repository.findingsOf([inspection.id]));
    const items = await repository.rectificationsOf(findings.map((finding) => finding.id));
    const units = await this.unitLookup(repository, [
      inspection.orgUnitCode,
      inspection.planOrgUnitCode,
      ...items.map((item) => item.ownerUnitCode),
    ]);
    const evidence = await this.evidenceOf(repository, items);
    const today = this.today();
    return {
      ...presentInspectionSummary(inspection, findings, units),
      plan: {
        id: inspection.inspectionPlanId,
        year: inspection.year,
        title: inspection.planTitle,
        orgUnit: presentUnitRef(inspection.planOrgUnitCode, units),
      },
      createdBy: inspection.createdBy,
      createdAt: inspection.createdAt,
      findings: findings.map((finding) =>
        presentFinding(
          finding,
          items.filter((item) => item.findingId === finding.id),
          units,
          evidence,
          today,
        ),
      ),
    };
  }

  // ---- findings ----

  async addFinding(
    principal: Principal,
    inspectionId: number,
    input: FindingCreate,
    actor: Actor,
  ): Promise<Finding> {
    return this.write(async (trx, repository) => {
      const inspection = await this.writableInspection(repository, principal, inspectionId);
      const problems: FieldProblem[] = [];
      let planNodeId: number | null = null;
      if (input.measure) {
        const { plan, path } = input.measure;
        const node = await repository.planNode(plan, path);
        if (node) planNodeId = node.id;
        else if (!(await repository.planExists(plan)))
          problems.push({ field: 'measure.plan', message: `no plan has code ${plan}` });
        else problems.push({ field: 'measure.path', message: `plan ${plan} has no node ${path}` });
      }
      const taskId = input.taskId ?? null;
      if (taskId !== null && !(await repository.taskExists(taskId)))
        problems.push({ field: 'taskId', message: `no task has id ${taskId}` });
      refuseIf(problems, 'The finding cannot be recorded');
      const row = {
        inspectionId: inspection.id,
        severity: input.severity,
        description: input.description,
        planNodeId,
        taskId,
        status: 'open' as const,
        closedOn: null,
        closedBy: null,
        closureNote: null,
        createdBy: actor.name,
        createdAt: this.now().toISOString(),
      };
      const id = await repository.insertFinding(row);
      await auditCreated(trx, actor, 'inspection_finding', id, row);
      return this.finding(repository, id);
    });
  }

  async addRectification(
    principal: Principal,
    findingId: number,
    input: RectificationCreate,
    actor: Actor,
  ): Promise<RectificationItem> {
    return this.write(async (trx, repository) => {
      const finding = await this.writableFinding(repository, principal, findingId);
      const inspected = await this.existingUnit(
        repository,
        finding.inspectedUnitCode,
        'inspection',
      );
      const problems: FieldProblem[] = [];
      const owner = await repository.unit(input.ownerUnit);
      if (!owner) {
        problems.push({ field: 'ownerUnit', message: `no org unit has code ${input.ownerUnit}` });
      } else if (!pathWithin(owner.path, inspected.path)) {
        problems.push({
          field: 'ownerUnit',
          message: `${describeUnit(owner)} is not within the subtree of the inspected unit ${describeUnit(inspected)}`,
        });
      }
      const day = inspectionDay(finding);
      problems.push(...checkRectificationDue(input.dueOn, day));
      refuseIf(problems, 'The rectification item cannot be assigned');
      if (!(await repository.holdOpenFinding(finding.id)))
        throw new ConflictError(
          `Finding ${finding.id} is closed: it takes no new rectification items`,
        );
      const row = {
        findingId: finding.id,
        title: input.title,
        ownerUnitCode: owner!.code,
        dueOn: input.dueOn,
        status: 'open' as const,
        doneOn: null,
        doneBy: null,
        note: null,
        evidenceLink: null,
      };
      const id = await repository.insertRectification(row);
      await new Notices(trx, this.now).tell(owner!.code, OWNER_ROLES, {
        stage: 'rectification_assigned',
        dedupeKey: `rectification_assigned:${id}`,
        subject: `Rectification due ${input.dueOn}: ${input.title}`,
        body: `${describeUnit(owner!)} is to rectify by ${input.dueOn}: ${input.title}. The ${finding.severity} finding of the ${finding.year} inspection of ${describeUnit(inspected)}: ${finding.description}`,
        link: `/inspections/${finding.inspectionId}`,
        warningId: null,
      });
      await auditCreated(trx, actor, 'rectification_item', id, row);
      const units = await this.unitLookup(repository, [owner!.code]);
      return presentRectification({ id, ...row }, units, new Map(), this.today());
    });
  }

  /**
   * The owner unit's reporters mark an item done, with a note and evidence: a
   * link, files already stored in `batch`, or both. `body` is unchecked JSON
   * (it may come from a multipart upload); the batch is discarded when
   * anything fails.
   */
  async markRectificationDone(
    principal: Principal,
    itemId: number,
    body: unknown,
    batch: EvidenceBatch | null,
    actor: Actor,
  ): Promise<RectificationItem> {
    return discardOnFailure(batch, () =>
      this.recordDone(principal, itemId, body, batch?.files ?? [], actor),
    );
  }

  private async recordDone(
    principal: Principal,
    itemId: number,
    body: unknown,
    files: EvidenceBatch['files'],
    actor: Actor,
  ): Promise<RectificationItem> {
    const parsed = rectificationDoneSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || 'body',
        message: issue.message,
      }));
      refuseIf(problems, `Rectification item ${itemId} cannot be marked done`);
    }
    const input = parsed.data!;
    const link = input.evidenceLink ?? null;
    return this.write(async (trx, repository) => {
      const item = await repository.rectification(itemId);
      if (!item) throw new NotFoundError(`No rectification item has id ${itemId}`);
      const owner = await this.existingUnit(repository, item.ownerUnitCode, 'owner');
      requireAllowed(principal, 'task:report', owner);
      refuseIf(
        link === null && files.length === 0
          ? [{ field: 'evidenceLink', message: 'evidence is required: a link to it or files' }]
          : [],
        `Rectification item ${itemId} cannot be marked done`,
      );
      const doneAt = this.now().toISOString();
      const done = {
        doneOn: this.today(),
        doneBy: actor.name,
        note: input.note,
        evidenceLink: link,
      };
      if (!(await repository.markDone(item.id, done))) {
        const units = await this.unitLookup(repository, [item.ownerUnitCode]);
        throw new ConflictError(
          `Rectification item ${itemId} was marked done already, on ${item.doneOn} by ${item.doneBy}`,
          presentRectification(
            item,
            units,
            await this.evidenceOf(repository, [item]),
            this.today(),
          ),
        );
      }
      await repository.insertAttachments(
        files.map((file) => ({
          ownerType: EVIDENCE_OWNER,
          ownerId: item.id,
          ...file,
          uploadedBy: actor.name,
          uploadedAt: doneAt,
        })),
      );
      const after: RectificationItemRow = { ...stripContext(item), status: 'done', ...done };
      await new Notices(trx, this.now).tell(item.planOrgUnitCode, INSPECTING_ROLES, {
        stage: 'rectification_done',
        dedupeKey: `rectification_done:${item.id}`,
        subject: `Rectification done: ${item.title}`,
        body: `${describeUnit(owner)} reports "${item.title}" done: ${input.note}`,
        link: `/inspections/${item.inspectionId}`,
        warningId: null,
      });
      await appendAudit(trx, actor, {
        action: 'rectification_item.done',
        entityType: 'rectification_item',
        entityId: String(item.id),
        before: stripContext(item),
        after: {
          ...after,
          evidence: files.map((file) => ({ fileName: file.fileName, sha256: file.sha256 })),
        },
      });
      const units = await this.unitLookup(repository, [item.ownerUnitCode]);
      return presentRectification(
        after,
        units,
        await this.evidenceOf(repository, [after]),
        this.today(),
      );
    });
  }

  /**
   * An evidence file of a rectification item, for whoever sees its finding
   * (the inspected unit or the item's owner within their scope); 404 otherwise.
   */
  async openEvidence(viewer: Viewer, attachmentId: number): Promise<AttachmentDownload> {
    const repository = new InspectionRepository(this.db);
    const notFound = new NotFoundError(`No evidence file has id ${attachmentId}`);
    const attachment = await repository.attachment(attachmentId);
    if (!attachment || attachment.ownerType !== EVIDENCE_OWNER || !this.evidence) throw notFound;
    const item = await repository.rectification(attachment.ownerId);
    if (!item) throw notFound;
    const visible = visibilityOf(viewer);
    if (visible !== null) {
      const finding = await repository.findings({ visible, ids: [item.findingId] });
      if (finding.length === 0) throw notFound;
    }
    return {
      fileName: attachment.fileName,
      mediaType: attachment.mediaType,
      sizeBytes: attachment.sizeBytes,
      content: await this.evidence.open(attachment.storageKey, attachment.sizeBytes),
    };
  }

  /** Closes a finding; refused (409) while any of its rectification items is open, naming them. */
  async closeFinding(
    principal: Principal,
    findingId: number,
    input: FindingClose,
    actor: Actor,
  ): Promise<Finding> {
    return this.write(async (trx, repository) => {
      const finding = await this.writableFinding(repository, principal, findingId);
      // Taken first, so no item can be added between the check and the close.
      if (!(await repository.holdOpenFinding(finding.id)))
        throw new ConflictError(
          `Finding ${finding.id} was closed already, on ${finding.closedOn} by ${finding.closedBy}`,
        );
      const blocking = itemsBlockingClosure(await repository.rectificationsOf([finding.id]));
      if (blocking.length > 0) {
        throw new ConflictError(
          `Finding ${finding.id} has open rectification items: ${blocking.map((item) => `#${item.id} "${item.title}" (${item.ownerUnitCode}, due ${item.dueOn})`).join('; ')}`,
          await this.finding(repository, finding.id),
        );
      }
      const closure = { closedOn: this.today(), closedBy: actor.name, closureNote: input.note };
      await repository.closeFinding(finding.id, closure);
      await appendAudit(trx, actor, {
        action: 'inspection_finding.close',
        entityType: 'inspection_finding',
        entityId: String(finding.id),
        before: { status: finding.status },
        after: { status: 'closed', ...closure },
      });
      return this.finding(repository, finding.id);
    });
  }

  async listFindings(
    viewer: Viewer,
    query: FindingQuery,
  ): Promise<{ items: FindingListItem[]; total: number }> {
    const repository = new InspectionRepository(this.db);
    let under: string | undefined;
    if (query.unit !== undefined) {
      const unit = await repository.unit(query.unit);
      if (!unit) throw new NotFoundError(`No org unit has code ${query.unit}`);
      under = unit.path;
    }
    const findings = await repository.findings({
      under,
      status: query.status,
      severity: query.severity,
      year: query.year,
      visible: visibilityOf(viewer),
    });
    const items = await repository.rectificationsOf(findings.map((finding) => finding.id));
    const units = await this.unitLookup(repository, [
      ...findings.flatMap((finding) => [finding.inspectedUnitCode, finding.planOrgUnitCode]),
      ...items.map((item) => item.ownerUnitCode),
    ]);
    const evidence = await this.evidenceOf(repository, items);
    const today = this.today();
    const list = findings.map((finding) =>
      presentFindingListItem(
        finding,
        items.filter((item) => item.findingId === finding.id),
        units,
        evidence,
        today,
      ),
    );
    return { items: list, total: list.length };
  }

  // ---- what the annual evaluation reads ----

  /** Per unit inspected in the year and within the viewer's scope, counted against the clock's today. */
  async summary(viewer: Viewer, year: number): Promise<InspectionYearSummary> {
    const today = this.today();
    return { year, today, items: await this.tally(year, today, visibilityOf(viewer)) };
  }

  /**
   * Per unit inspected in `year`: open findings by severity, rectification
   * items open and overdue on `today`. For the annual evaluation.
   */
  async openFindingsByUnit(year: number, today: string): Promise<InspectionUnitSummary[]> {
    return this.tally(year, today, null);
  }

  private async tally(
    year: number,
    today: string,
    visible: Visibility,
  ): Promise<InspectionUnitSummary[]> {
    const repository = new InspectionRepository(this.db);
    const inspections = await repository.inspections({ year, visible });
    const findings = await repository.findingsOf(inspections.map((inspection) => inspection.id));
    const items = await repository.rectificationsOf(findings.map((finding) => finding.id));
    const tallies = tallyByUnit(
      inspections.map((inspection) => ({ unitCode: inspection.orgUnitCode })),
      findings.map((finding) => ({
        unitCode: finding.inspectedUnitCode,
        severity: finding.severity,
        status: finding.status,
        items: items.filter((item) => item.findingId === finding.id),
      })),
      today,
    );
    const units = await this.unitLookup(
      repository,
      tallies.map((tally) => tally.unitCode),
    );
    return tallies.map((tally) => presentUnitTally(tally, units));
  }

  // ---- helpers ----

  private async finding(repository: InspectionRepository, findingId: number): Promise<Finding> {
    const finding = await this.existingFinding(repository, findingId);
    const items = await repository.rectificationsOf([finding.id]);
    const units = await this.unitLookup(
      repository,
      items.map((item) => item.ownerUnitCode),
    );
    return presentFinding(
      finding,
      items,
      units,
      await this.evidenceOf(repository, items),
      this.today(),
    );
  }

  private async existingInspection(
    repository: InspectionRepository,
    inspectionId: number,
  ): Promise<InspectionInPlan> {
    const inspection = await repository.inspection(inspectionId);
    if (!inspection) throw new NotFoundError(`No inspection has id ${inspectionId}`);
    return inspection;
  }

  private async existingFinding(
    repository: InspectionRepository,
    findingId: number,
  ): Promise<FindingInContext> {
    const finding = await repository.finding(findingId);
    if (!finding) throw new NotFoundError(`No finding has id ${findingId}`);
    return finding;
  }

  private async existingUnit(
    repository: InspectionRepository,
    code: string,
    field: string,
  ): Promise<OrgUnitRow> {
    const unit = await repository.unit(code);
    if (!unit)
      throw new InputError(`Unknown org unit ${code}`, [
        { path: field, message: `no org unit has code ${code}` },
      ]);
    return unit;
  }

  /** An inspection the principal may write: its plan's inspecting unit is within reach. */
  private async writableInspection(
    repository: InspectionRepository,
    principal: Principal,
    inspectionId: number,
  ): Promise<InspectionInPlan> {
    const inspection = await this.existingInspection(repository, inspectionId);
    await this.inspectingUnit(repository, principal, inspection.planOrgUnitCode);
    return inspection;
  }

  /** A finding the principal may write: its plan's inspecting unit is within reach. */
  private async writableFinding(
    repository: InspectionRepository,
    principal: Principal,
    findingId: number,
  ): Promise<FindingInContext> {
    const finding = await this.existingFinding(repository, findingId);
    await this.inspectingUnit(repository, principal, finding.planOrgUnitCode);
    return finding;
  }

  /** A plan's inspecting unit, checked again for the principal's `inspection:write`. */
  private async inspectingUnit(
    repository: InspectionRepository,
    principal: Principal,
    code: string,
  ): Promise<OrgUnitRow> {
    const unit = await this.existingUnit(repository, code, 'plan');
    requireAllowed(principal, 'inspection:write', unit);
    return unit;
  }

  private async evidenceOf(
    repository: InspectionRepository,
    items: readonly RectificationItemRow[],
  ): Promise<EvidenceLookup> {
    return evidenceByItem(
      await repository.attachmentsOf(
        EVIDENCE_OWNER,
        items.map((item) => item.id),
      ),
    );
  }

  private async unitLookup(
    repository: InspectionRepository,
    codes: readonly string[],
  ): Promise<UnitLookup> {
    return new Map((await repository.units(codes)).map((unit) => [unit.code, unit]));
  }
}

function presentPlan(
  plan: InspectionPlanRow,
  inspectionCount: number,
  findings: readonly FindingInContext[],
  units: UnitLookup,
): InspectionPlanSummary {
  return {
    id: plan.id,
    year: plan.year,
    title: plan.title,
    orgUnit: presentUnitRef(plan.orgUnitCode, units),
    description: plan.description,
    createdBy: plan.createdBy,
    createdAt: plan.createdAt,
    inspectionCount,
    findingCount: findings.length,
    openFindings: openBySeverity(findings),
  };
}

/** Ids are 32-bit integer columns: anything else names no row (and PostgreSQL would refuse it). */
function isRowId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_ROW_ID;
}

function visibilityOf(viewer: Viewer): Visibility {
  return viewer.kind === 'operator' ? null : scopesFor(viewer, 'read:unpublished');
}

function within(unit: OrgUnitRow, scopes: readonly string[]): boolean {
  return scopes.some((scope) => pathWithin(unit.path, scope));
}

function describeUnit(unit: OrgUnitRow): string {
  return `${unit.code} (${unit.nameEn ?? unit.nameZh})`;
}

/** The service checks again what the route's policy checked, for the CLI and for units a request names. */
function requireAllowed(
  principal: Principal,
  action: Action,
  unit: OrgUnitRow,
  field?: string,
): void {
  const decision = decide(principal, action, unit.path);
  if (!decision.allowed)
    throw new ForbiddenError(field ? `${field}: ${decision.reason}` : decision.reason);
}

/** The audit entry of a new row, whose action is `<entityType>.create`. */
async function auditCreated(
  trx: Tx,
  actor: Actor,
  entityType: string,
  id: number,
  row: object,
): Promise<void> {
  await appendAudit(trx, actor, {
    action: `${entityType}.create`,
    entityType,
    entityId: String(id),
    after: { id, ...row },
  });
}

function refuseIf(problems: readonly FieldProblem[], message: string): void {
  if (problems.length === 0) return;
  throw new InputError(
    `${message}: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`,
    problems.map((problem) => ({ path: problem.field, message: problem.message })),
  );
}

function stripContext(item: RectificationItemRow): RectificationItemRow {
  return {
    id: item.id,
    findingId: item.findingId,
    title: item.title,
    ownerUnitCode: item.ownerUnitCode,
    dueOn: item.dueOn,
    status: item.status,
    doneOn: item.doneOn,
    doneBy: item.doneBy,
    note: item.note,
    evidenceLink: item.evidenceLink,
  };
}
