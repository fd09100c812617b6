/**
 * Reporting a data set: the entry form of one unit and period (values,
 * checks, submission state, what the caller may do), saving its values as
 * drafts, and moving the submission through multi-level approval. Every
 * change is one transaction with its audit entry; a locked submission's
 * values cannot change.
 */
import type {
  Completeness,
  DataSetSummary,
  FormView,
  SubmissionListItem,
  SubmissionView,
} from '../../api/reporting-contract.js';
import type { FormSave } from '../../api/reporting-contract.js';
import { presentOrgUnit } from '../../api/presenters.js';
import {
  actionsOf,
  decide,
  scopesFor,
  type Decision,
  type Principal,
} from '../../core/access/policy.js';
import {
  disaggregationKeys,
  disaggregationLabel,
  normaliseDisaggregation,
  TOTAL,
  type CategoryModel,
} from '../../core/disaggregation.js';
import type { OrgUnitLevel } from '../../core/org-units.js';
import {
  formatPeriod,
  parsePeriod,
  PeriodCodeError,
  periodEnd,
  type Period,
} from '../../core/periods.js';
import { unitLabel } from '../../core/quantity.js';
import {
  approvalPath,
  awaitedLevel,
  isLocked,
  nextStatus,
  NOT_STARTED,
  type ApprovalLevel,
  type SubmissionAction,
  type SubmissionStatus,
} from '../../core/reporting/approval.js';
import {
  reportingStatus,
  reportingWindow,
  summariseCompleteness,
  type ReportingWindow,
} from '../../core/reporting/timeliness.js';
import {
  blockingFindings,
  formValueKey,
  validateForm,
  type Finding,
  type FormValue,
  type RuleDefinitionInput,
} from '../../core/validation/index.js';
import type { Db, Tx } from '../../db/connect.js';
import {
  DataSetRepository,
  type DataSetIndicatorWithIndicator,
} from '../../db/repositories/data-set.repository.js';
import { DataValueRepository } from '../../db/repositories/data-value.repository.js';
import { OrgUnitRepository } from '../../db/repositories/org-unit.repository.js';
import { SubmissionRepository } from '../../db/repositories/submission.repository.js';
import type {
  DataSetRow,
  DataValueRow,
  OrgUnitRow,
  SubmissionRow,
  SubmissionState,
} from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  type Problem,
} from '../errors.js';

/** Values entered through forms carry no basis label: the indicator's definition is their basis. */
const ENTRY_BASIS = '';
/** How many earlier periods feed the outlier check. */
const HISTORY_PERIODS = 10;

export interface ReportingContext {
  dataSet: DataSetRow;
  unit: OrgUnitRow;
  period: Period;
  periodCode: string;
  entries: DataSetIndicatorWithIndicator[];
  categories: Map<string, CategoryModel[]>;
  /** The unit's ancestors by level, for finding who approves at each level. */
  ancestors: Map<OrgUnitLevel, OrgUnitRow>;
  path: ApprovalLevel[];
}

export function approvalLevelsOf(dataSet: DataSetRow): ApprovalLevel[] {
  return JSON.parse(dataSet.approvalLevels) as ApprovalLevel[];
}

export class ReportingService {
  constructor(
    private readonly db: Db,
    /** The clock: submissions are stamped with it and timeliness is judged by it (tests set it). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Today in the reporting calendar (ISO date, UTC). */
  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  async summaries(): Promise<DataSetSummary[]> {
    const repository = new DataSetRepository(this.db);
    const result = [];
    for (const dataSet of await repository.list()) {
      result.push(await this.summary(repository, dataSet));
    }
    return result;
  }

  async summaryOf(code: string): Promise<DataSetSummary> {
    const repository = new DataSetRepository(this.db);
    return this.summary(repository, await this.dataSet(repository, code));
  }

  private async summary(
    repository: DataSetRepository,
    dataSet: DataSetRow,
  ): Promise<DataSetSummary> {
    return {
      code: dataSet.code,
      nameEn: dataSet.nameEn,
      nameZh: dataSet.nameZh,
      periodType: dataSet.periodType,
      opensAfterDays: dataSet.opensAfterDays,
      closesAfterDays: dataSet.closesAfterDays,
      approvalLevels: approvalLevelsOf(dataSet),
      indicatorCodes: (await repository.indicators(dataSet.id)).map((entry) => entry.indicatorCode),
      orgUnitCount: await repository.countAssigned(dataSet.id),
    };
  }

  private async dataSet(repository: DataSetRepository, code: string): Promise<DataSetRow> {
    const dataSet = await repository.get(code);
    if (!dataSet) throw new NotFoundError(`No data set has code ${code}`);
    return dataSet;
  }

  /** Resolves data set, unit and period of a request, or says what is wrong with them. */
  async context(
    db: Db | Tx,
    code: string,
    orgUnitCode: string,
    periodCode: string,
  ): Promise<ReportingContext> {
    const dataSets = new DataSetRepository(db);
    const dataSet = await this.dataSet(dataSets, code);
    const unit = await new OrgUnitRepository(db).get(orgUnitCode);
    if (!unit) throw new NotFoundError(`No org unit has code ${orgUnitCode}`);
    const period = periodOfDataSet(periodCode, dataSet);
    if (!(await dataSets.isAssigned(dataSet.id, unit.code))) {
      const message = `${unit.code} (${unit.nameZh}) does not report data set ${code}`;
      throw new InputError(message, [{ path: 'orgUnit', message }]);
    }
    const entries = await dataSets.indicators(dataSet.id);
    const categories = await dataSets.categoriesOf(entries.map((entry) => entry.indicatorCode));
    const ancestry = await new OrgUnitRepository(db).ancestry(unit.path);
    const ancestors = new Map<OrgUnitLevel, OrgUnitRow>();
    for (const row of ancestry) if (row.code !== unit.code) ancestors.set(row.level, row);
    const path = approvalPath(approvalLevelsOf(dataSet), unit.level).filter((level) =>
      ancestors.has(level),
    );
    return {
      dataSet,
      unit,
      period,
      periodCode: formatPeriod(period),
      entries,
      categories,
      ancestors,
      path,
    };
  }

  async window(db: Db | Tx, context: ReportingContext): Promise<ReportingWindow> {
    const override = await new DataSetRepository(db).windowOverride(
      context.dataSet.id,
      context.periodCode,
    );
    return reportingWindow(context.period, context.dataSet, override);
  }

  async form(
    principal: Principal,
    code: string,
    orgUnitCode: string,
    periodCode: string,
  ): Promise<FormView> {
    const context = await this.context(this.db, code, orgUnitCode, periodCode);
    const read = decide(principal, 'read:unpublished', context.unit.path);
    if (!read.allowed) throw new ForbiddenError(read.reason);
    const values = new DataValueRepository(this.db);
    const stored = await this.storedValues(values, context);
    const submission = await new SubmissionRepository(this.db).get(this.key(context));
    const status = statusOf(submission);
    const window = await this.window(this.db, context);
    const indicators = await this.formIndicators(values, context);
    const rules = await new DataSetRepository(this.db).rules(context.dataSet.id);

    const rows: FormView['rows'] = [];
    for (const entry of context.entries) {
      const categories = context.categories.get(entry.indicatorCode) ?? [];
      for (const key of [TOTAL, ...disaggregationKeys(categories)]) {
        const row = stored.get(formValueKey(entry.indicatorCode, key));
        rows.push({
          indicator: entry.indicatorCode,
          disaggregation: key,
          label: {
            en: disaggregationLabel(key, categories, 'en'),
            zh: disaggregationLabel(key, categories, 'zh'),
          },
          value: row?.value ?? null,
          comment: row?.comment ?? null,
          source: row?.sourceNote ?? null,
          version: row?.version ?? null,
          updatedBy: row?.createdBy ?? null,
          updatedAt: row?.createdAt ?? null,
        });
      }
    }
    const { findings, blocking } = this.check(indicators, rules, stored);
    const awaited = awaitedLevel(status, context.path);
    const mayReviewAwaited = awaited !== null && this.mayActAt(principal, context, awaited);
    const finalLevel = context.path[context.path.length - 1];
    const mayWrite = decide(principal, 'data:write', context.unit.path).allowed;
    return {
      dataSet: await this.summary(new DataSetRepository(this.db), context.dataSet),
      orgUnit: presentOrgUnit(context.unit),
      period: context.periodCode,
      window,
      reportingStatus: reportingStatus(submission ?? null, window, this.today()),
      submission: await this.submissionView(submission, context),
      indicators: indicators.map((indicator) => ({
        code: indicator.code,
        nameEn: indicator.nameEn,
        nameZh: indicator.nameZh,
        unit: indicator.unitCode,
        unitMult: indicator.unitMult,
        unitLabel: indicator.unit,
        required: indicator.required,
        minValue: indicator.minValue,
        maxValue: indicator.maxValue,
        outlierThreshold: indicator.outlierThreshold,
        categories: indicator.categories.map((c) => ({ ...c, options: [...c.options] })),
        history: [...indicator.history],
        historyPeriods: indicator.historyPeriods,
      })),
      rows,
      rules: rules.map((rule) => ({
        code: rule.code,
        severity: rule.severity,
        nameEn: rule.nameEn,
        nameZh: rule.nameZh,
        definition: JSON.parse(rule.definition) as unknown,
      })),
      findings,
      blocking,
      permissions: {
        edit: mayWrite && !isLocked(status),
        submit: mayWrite && (status.state === 'draft' || status.state === 'returned'),
        approve: mayReviewAwaited,
        return: mayReviewAwaited,
        unlock:
          status.state === 'approved' &&
          (finalLevel === undefined
            ? decide(principal, 'data:review', context.unit.path).allowed
            : this.mayActAt(principal, context, finalLevel)),
      },
    };
  }

  /**
   * Who has reported a period of the data set within a subtree: every unit
   * that must report, with its status (on time, late, returned, overdue,
   * not due), and a summary per unit directly below `under`.
   */
  async completeness(
    principal: Principal,
    code: string,
    periodCode: string,
    underCode: string,
  ): Promise<Completeness> {
    const dataSets = new DataSetRepository(this.db);
    const dataSet = await this.dataSet(dataSets, code);
    const units = new OrgUnitRepository(this.db);
    const under = await units.get(underCode);
    if (!under) throw new NotFoundError(`No org unit has code ${underCode}`);
    const read = decide(principal, 'read:unpublished', under.path);
    if (!read.allowed) throw new ForbiddenError(read.reason);
    const period = periodOfDataSet(periodCode, dataSet);
    const canonical = formatPeriod(period);
    const window = reportingWindow(
      period,
      dataSet,
      await dataSets.windowOverride(dataSet.id, canonical),
    );
    const assigned = await dataSets.assignedUnits(dataSet.id, under.path);
    const submissions = new Map(
      (
        await new SubmissionRepository(this.db).list({
          dataSetId: dataSet.id,
          period: canonical,
          path: under.path,
        })
      ).map((row) => [row.orgUnitCode, row]),
    );
    // Levels present above each unit decide its approval path (districts of municipalities have no prefecture).
    const levelOf = new Map<string, OrgUnitLevel>();
    for (const row of await units.ancestry(under.path)) levelOf.set(row.code, row.level);
    for (const row of assigned) levelOf.set(row.code, row.level);
    const missingCodes = new Set<string>();
    for (const row of assigned) {
      for (const ancestorCode of row.path.split('/').filter(Boolean)) {
        if (!levelOf.has(ancestorCode)) missingCodes.add(ancestorCode);
      }
    }
    for (const code of missingCodes) {
      const row = await units.get(code);
      if (row) levelOf.set(row.code, row.level);
    }
    const levels = approvalLevelsOf(dataSet);
    const today = this.today();
    const rows = assigned.map((unit) => {
      const submission = submissions.get(unit.code);
      const above = new Set(
        unit.path
          .split('/')
          .filter((ancestorCode) => ancestorCode !== '' && ancestorCode !== unit.code)
          .map((ancestorCode) => levelOf.get(ancestorCode)),
      );
      const path = approvalPath(levels, unit.level).filter((level) => above.has(level));
      return {
        unit,
        status: reportingStatus(submission ?? null, window, today),
        state: statusOf(submission).state,
        firstSubmittedAt: submission?.firstSubmittedAt ?? null,
        awaitedLevel: awaitedLevel(statusOf(submission), path),
      };
    });
    const childCodes = new Map<string, typeof rows>();
    for (const row of rows) {
      const parts = row.unit.path.split('/').filter(Boolean);
      const child = parts[parts.indexOf(under.code) + 1];
      if (child === undefined) continue;
      childCodes.set(child, [...(childCodes.get(child) ?? []), row]);
    }
    const children = [];
    for (const [childCode, members] of childCodes) {
      const child =
        members.find((member) => member.unit.code === childCode)?.unit ??
        (await units.get(childCode));
      if (!child) continue;
      const summary = summariseCompleteness(members.map((member) => member.status));
      children.push({
        orgUnit: presentOrgUnit(child),
        expected: summary.expected,
        reported: summary.reported,
        onTime: summary.onTime,
        late: summary.late,
        completeness: summary.completeness,
        sortPath: child.path,
      });
    }
    children.sort((a, b) => a.sortPath.localeCompare(b.sortPath));
    return {
      dataSet: dataSet.code,
      period: canonical,
      window,
      under: presentOrgUnit(under),
      summary: summariseCompleteness(rows.map((row) => row.status)),
      children: children.map(({ sortPath: _sortPath, ...child }) => child),
      units: rows.map((row) => ({
        orgUnit: presentOrgUnit(row.unit),
        status: row.status,
        state: row.state,
        firstSubmittedAt: row.firstSubmittedAt,
        awaitedLevel: row.awaitedLevel,
      })),
    };
  }

  /**
   * Submissions within the caller's review scopes, newest period first, each
   * saying whether the caller may act on it now (approve or return).
   */
  async submissions(
    principal: Principal,
    code: string,
    query: {
      period?: string | undefined;
      state?: SubmissionState | undefined;
      under?: string | undefined;
    },
  ): Promise<SubmissionListItem[]> {
    const dataSets = new DataSetRepository(this.db);
    const dataSet = await this.dataSet(dataSets, code);
    const units = new OrgUnitRepository(this.db);
    let paths = scopesFor(principal, 'read:unpublished');
    if (query.under !== undefined) {
      const under = await units.get(query.under);
      if (!under) throw new NotFoundError(`No org unit has code ${query.under}`);
      const read = decide(principal, 'read:unpublished', under.path);
      if (!read.allowed) throw new ForbiddenError(read.reason);
      paths = [under.path];
    }
    const result: SubmissionListItem[] = [];
    for (const path of paths) {
      const rows = await new SubmissionRepository(this.db).list({
        dataSetId: dataSet.id,
        period: query.period,
        states: query.state ? [query.state] : undefined,
        path,
      });
      for (const row of rows) {
        const context = await this.context(this.db, code, row.orgUnitCode, row.period);
        const status = statusOf(row);
        const awaited = awaitedLevel(status, context.path);
        const view = await this.submissionView(row, context);
        const { events, ...submission } = view;
        void events;
        result.push({
          orgUnit: presentOrgUnit(context.unit),
          period: row.period,
          submission,
          canAct: awaited !== null && this.mayActAt(principal, context, awaited),
        });
      }
    }
    return result;
  }

  /** Saves values of the form as drafts, all or nothing; unchanged values keep their version. */
  async saveForm(
    principal: Principal,
    code: string,
    orgUnitCode: string,
    periodCode: string,
    input: FormSave,
    actor: Actor,
  ): Promise<FormView> {
    await this.db.transaction().execute(async (trx) => {
      const context = await this.context(trx, code, orgUnitCode, periodCode);
      const write = decide(principal, 'data:write', context.unit.path);
      if (!write.allowed) throw new ForbiddenError(write.reason);
      const submissions = new SubmissionRepository(trx);
      const submission = await submissions.get(this.key(context));
      if (isLocked(statusOf(submission))) {
        throw new ConflictError(
          `${context.dataSet.code} ${context.unit.code} ${context.periodCode} is ${submission!.state} and locked; it must be returned before values change`,
        );
      }
      const problems: Problem[] = [];
      const inForm = new Map(context.entries.map((entry) => [entry.indicatorCode, entry]));
      const values = new DataValueRepository(trx);
      const seen = new Set<string>();
      const now = this.now().toISOString();
      let changed = 0;
      for (const [index, item] of (input.values ?? []).entries()) {
        const at = (field: string, message: string) =>
          problems.push({ path: `values.${index}.${field}`, message });
        if (!inForm.has(item.indicator)) {
          at('indicator', `${item.indicator} is not in data set ${context.dataSet.code}`);
          continue;
        }
        const disaggregation = normaliseDisaggregation(
          item.disaggregation ?? '',
          context.categories.get(item.indicator) ?? [],
        );
        if (!disaggregation.ok) {
          at('disaggregation', disaggregation.message);
          continue;
        }
        const cell = formValueKey(item.indicator, disaggregation.key);
        if (seen.has(cell)) {
          at('disaggregation', `${item.indicator} ${disaggregation.key || 'total'} is given twice`);
          continue;
        }
        seen.add(cell);
        const key = {
          indicatorCode: item.indicator,
          orgUnitCode: context.unit.code,
          period: context.periodCode,
          basis: ENTRY_BASIS,
          disaggregation: disaggregation.key,
        };
        const existing = await values.findOne(key);
        const comment = emptyToNull(item.comment);
        const source = emptyToNull(item.source);
        if (existing?.status === 'published') {
          at('value', `${describe(key)} is published; published values are not overwritten`);
          continue;
        }
        if (!existing) {
          await values.insertMany(
            [
              {
                ...key,
                periodType: context.period.type,
                periodEnd: periodEnd(context.period),
                value: item.value,
                sourceKey: null,
                confidence: null,
                publishedValue: null,
                publishedUnit: null,
                createdBy: actor.name,
                createdAt: now,
                status: 'draft',
                comment,
                sourceNote: source,
              },
            ],
            null,
          );
          changed++;
          continue;
        }
        if (
          existing.value === item.value &&
          existing.comment === comment &&
          existing.sourceNote === source
        ) {
          continue;
        }
        if (item.expectedVersion === undefined || item.expectedVersion !== existing.version) {
          at(
            'expectedVersion',
            `${describe(key)} was changed by ${existing.createdBy} at ${existing.createdAt} to ${existing.value} (version ${existing.version})${item.expectedVersion === undefined ? '' : ` after you loaded version ${item.expectedVersion}`}; reload and enter it again`,
          );
          continue;
        }
        const updated = await values.updateDraft(existing.id, existing.version, {
          value: item.value,
          comment,
          sourceNote: source,
          reason: null,
          by: actor.name,
          at: now,
        });
        if (!updated) at('expectedVersion', `${describe(key)} changed meanwhile; reload`);
        changed++;
      }
      if (problems.length > 0) {
        const conflicts = problems.filter((problem) => problem.path.endsWith('expectedVersion'));
        if (conflicts.length === problems.length) {
          throw new ConflictError(
            `Nothing was saved: ${conflicts.map((problem) => problem.message).join('; ')}`,
          );
        }
        throw new InputError(`Nothing was saved: ${problems.length} problem(s)`, problems);
      }
      if (changed > 0) {
        await appendAudit(trx, actor, {
          action: 'data_set.save_values',
          entityType: 'submission',
          entityId: `${context.dataSet.code}/${context.unit.code}/${context.periodCode}`,
          after: { changed },
        });
      }
    });
    return this.form(principal, code, orgUnitCode, periodCode);
  }

  async submit(
    principal: Principal,
    code: string,
    orgUnitCode: string,
    periodCode: string,
    actor: Actor,
  ) {
    await this.db.transaction().execute(async (trx) => {
      const context = await this.context(trx, code, orgUnitCode, periodCode);
      const write = decide(principal, 'data:write', context.unit.path);
      if (!write.allowed) throw new ForbiddenError(write.reason);
      const window = await this.window(trx, context);
      if (this.today() < window.opensOn) {
        throw new ConflictError(
          `${context.periodCode} opens for reporting on ${window.opensOn}; save drafts until then`,
        );
      }
      const values = new DataValueRepository(trx);
      const stored = await this.storedValues(values, context);
      const indicators = await this.formIndicators(values, context);
      const rules = await new DataSetRepository(trx).rules(context.dataSet.id);
      const { blocking } = this.check(indicators, rules, stored);
      if (blocking.length > 0) {
        throw new InputError(
          `The report cannot be submitted: ${blocking.length} check(s) fail; errors must be fixed and warnings explained in a comment`,
          blocking.map((finding) => ({
            path:
              finding.subjects.map((s) => formValueKey(s.indicator, s.disaggregation)).join(',') ||
              'form',
            message: finding.message.en,
          })),
        );
      }
      await this.transition(trx, context, { kind: 'submit' }, actor);
    });
    return this.form(principal, code, orgUnitCode, periodCode);
  }

  async returnSubmission(
    principal: Principal,
    code: string,
    ref: { orgUnit: string; period: string; reason: string },
    actor: Actor,
  ) {
    await this.db.transaction().execute(async (trx) => {
      const context = await this.context(trx, code, ref.orgUnit, ref.period);
      const submission = await new SubmissionRepository(trx).get(this.key(context));
      const level = this.requireAwaitedLevel(principal, context, statusOf(submission), 'return');
      await this.transition(trx, context, { kind: 'return', level, reason: ref.reason }, actor);
    });
    return this.form(principal, code, ref.orgUnit, ref.period);
  }

  async unlock(
    principal: Principal,
    code: string,
    ref: { orgUnit: string; period: string; reason: string },
    actor: Actor,
  ) {
    await this.db.transaction().execute(async (trx) => {
      const context = await this.context(trx, code, ref.orgUnit, ref.period);
      const finalLevel = context.path[context.path.length - 1];
      const allowed =
        finalLevel === undefined
          ? decide(principal, 'data:review', context.unit.path)
          : this.decideAt(principal, context, finalLevel);
      if (!allowed.allowed) throw new ForbiddenError(allowed.reason);
      await this.transition(
        trx,
        context,
        { kind: 'unlock', level: finalLevel ?? 'nation', reason: ref.reason },
        actor,
      );
    });
    return this.form(principal, code, ref.orgUnit, ref.period);
  }

  /**
   * Approves many submissions at once (units and past periods), each at the
   * level it waits for. All or nothing: every item the caller may not approve,
   * or that waits for nothing, is named and none is approved.
   */
  async approve(
    principal: Principal,
    code: string,
    items: readonly { orgUnit: string; period: string }[],
    actor: Actor,
  ): Promise<{
    approved: { orgUnit: string; period: string; state: string; approvedLevels: number }[];
  }> {
    return this.db.transaction().execute(async (trx) => {
      const forbidden: string[] = [];
      const conflicts: string[] = [];
      const approved = [];
      for (const item of items) {
        const context = await this.context(trx, code, item.orgUnit, item.period);
        const submission = await new SubmissionRepository(trx).get(this.key(context));
        const status = statusOf(submission);
        const level = awaitedLevel(status, context.path);
        const name = `${context.unit.code} ${context.periodCode}`;
        if (level === null) {
          conflicts.push(`${name}: ${describeWait(status)}`);
          continue;
        }
        const decision = this.decideAt(principal, context, level);
        if (!decision.allowed) {
          forbidden.push(`${name}: waits for the ${level} level; ${decision.reason}`);
          continue;
        }
        const next = await this.transition(trx, context, { kind: 'approve', level }, actor);
        approved.push({
          orgUnit: context.unit.code,
          period: context.periodCode,
          state: next.state,
          approvedLevels: next.approvedLevels,
        });
      }
      if (forbidden.length > 0) {
        throw new ForbiddenError(
          `Nothing was approved: ${[...forbidden, ...conflicts].join('; ')}`,
        );
      }
      if (conflicts.length > 0)
        throw new ConflictError(`Nothing was approved: ${conflicts.join('; ')}`);
      return { approved };
    });
  }

  private requireAwaitedLevel(
    principal: Principal,
    context: ReportingContext,
    status: SubmissionStatus,
    what: string,
  ): ApprovalLevel {
    const level = awaitedLevel(status, context.path);
    if (level === null) {
      throw new ConflictError(
        `${context.unit.code} ${context.periodCode} cannot be ${what}ed: ${describeWait(status)}`,
      );
    }
    const decision = this.decideAt(principal, context, level);
    if (!decision.allowed) {
      throw new ForbiddenError(`It waits for the ${level} level: ${decision.reason}`);
    }
    return level;
  }

  /** Applies an action to the submission, with its event and audit entry; refuses a stale or invalid one. */
  private async transition(
    trx: Tx,
    context: ReportingContext,
    action: SubmissionAction,
    actor: Actor,
  ): Promise<SubmissionStatus> {
    const submissions = new SubmissionRepository(trx);
    const before = await submissions.get(this.key(context));
    const status = statusOf(before);
    const result = nextStatus(status, action, context.path);
    const name = `${context.dataSet.code} ${context.unit.code} ${context.periodCode}`;
    if (!result.ok)
      throw new ConflictError(`${name} cannot be ${pastTense(action.kind)}: ${result.message}`);
    const at = this.now().toISOString();
    const reason = 'reason' in action ? action.reason.trim() : null;
    const row = await submissions.change(this.key(context), before?.version ?? 0, {
      state: result.status.state,
      approvedLevels: result.status.approvedLevels,
      at,
      by: actor.name,
      reason: action.kind === 'approve' ? (before?.reason ?? null) : reason,
      submitted: action.kind === 'submit',
    });
    if (!row) throw new ConflictError(`${name} was changed by someone else meanwhile; reload`);
    await submissions.addEvent({
      submissionId: row.id,
      action: action.kind,
      level: 'level' in action ? action.level : null,
      state: result.status.state,
      actor: actor.name,
      at,
      reason,
    });
    await appendAudit(trx, actor, {
      action: `submission.${action.kind}`,
      entityType: 'submission',
      entityId: `${context.dataSet.code}/${context.unit.code}/${context.periodCode}`,
      before: before ? { state: before.state, approvedLevels: before.approvedLevels } : undefined,
      after: {
        state: result.status.state,
        approvedLevels: result.status.approvedLevels,
        level: 'level' in action ? action.level : null,
        reason,
      },
    });
    return result.status;
  }

  /** Whether the principal reviews at `level` for this unit: data:review on the unit's ancestor there. */
  mayActAt(principal: Principal, context: ReportingContext, level: ApprovalLevel): boolean {
    return this.decideAt(principal, context, level).allowed;
  }

  /**
   * Each level is its own office: acting at a level needs a review grant on
   * the unit's ancestor at exactly that level. A higher office's wider scope
   * does not let it approve in a lower one's place (it would skip a check).
   */
  private decideAt(
    principal: Principal,
    context: ReportingContext,
    level: ApprovalLevel,
  ): Decision {
    const ancestor = context.ancestors.get(level);
    if (!ancestor) {
      return {
        allowed: false,
        status: 403,
        reason: `${context.unit.code} has no ${level} above it`,
      };
    }
    if (principal.kind === 'anonymous') {
      return { allowed: false, status: 401, reason: 'Sign in first: this needs an account' };
    }
    const holds = principal.grants.some(
      (grant) =>
        grant.orgUnitCode === ancestor.code && actionsOf(grant.role).includes('data:review'),
    );
    if (holds) return { allowed: true };
    return {
      allowed: false,
      status: 403,
      reason: `${principal.username} holds no reviewer role on ${ancestor.code} (${ancestor.nameZh}), which approves at the ${level} level`,
    };
  }

  private key(context: ReportingContext) {
    return {
      dataSetId: context.dataSet.id,
      orgUnitCode: context.unit.code,
      period: context.periodCode,
    };
  }

  async submissionView(
    submission: SubmissionRow | undefined,
    context: ReportingContext,
  ): Promise<SubmissionView> {
    const status = statusOf(submission);
    const events = submission ? await new SubmissionRepository(this.db).events(submission.id) : [];
    return {
      state: status.state,
      approvedLevels: status.approvedLevels,
      path: context.path,
      awaitedLevel: awaitedLevel(status, context.path),
      firstSubmittedAt: submission?.firstSubmittedAt ?? null,
      submittedAt: submission?.submittedAt ?? null,
      submittedBy: submission?.submittedBy ?? null,
      updatedAt: submission?.updatedAt ?? null,
      updatedBy: submission?.updatedBy ?? null,
      reason: submission?.reason ?? null,
      version: submission?.version ?? 0,
      events: events.map(({ action, level, state, actor, at, reason }) => ({
        action,
        level,
        state,
        actor,
        at,
        reason,
      })),
    };
  }

  /** The form's stored values (drafts included), by formValueKey. */
  private async storedValues(values: DataValueRepository, context: ReportingContext) {
    const rows = await values.list({
      indicatorCodes: context.entries.map((entry) => entry.indicatorCode),
      orgUnitCode: context.unit.code,
      period: context.periodCode,
      unpublishedWithin: [context.unit.path],
    });
    const stored = new Map<string, DataValueRow>();
    for (const row of rows) {
      if (
        row.basis === ENTRY_BASIS ||
        !stored.has(formValueKey(row.indicatorCode, row.disaggregation))
      ) {
        stored.set(formValueKey(row.indicatorCode, row.disaggregation), row);
      }
    }
    return stored;
  }

  private async formIndicators(values: DataValueRepository, context: ReportingContext) {
    const earlier = await values.list({
      indicatorCodes: context.entries.map((entry) => entry.indicatorCode),
      orgUnitCode: context.unit.code,
      disaggregation: TOTAL,
      endTo: dayBefore(periodEnd(context.period)),
      unpublishedWithin: [context.unit.path],
    });
    return context.entries.map((entry) => {
      const series = earlier
        .filter(
          (row) =>
            row.indicatorCode === entry.indicatorCode && row.periodType === context.period.type,
        )
        .slice(-HISTORY_PERIODS);
      const indicator = entry.indicator;
      return {
        code: indicator.code,
        nameEn: indicator.nameEn,
        nameZh: indicator.nameZh,
        unitCode: indicator.unit,
        unitMult: indicator.unitMult,
        unit: {
          en: unitLabel(indicator.unit, indicator.unitMult, 'en'),
          zh: unitLabel(indicator.unit, indicator.unitMult, 'zh-CN'),
        },
        required: entry.required === 1,
        minValue: entry.minValue,
        maxValue: entry.maxValue,
        outlierThreshold: entry.outlierThreshold,
        categories: context.categories.get(entry.indicatorCode) ?? [],
        history: series.map((row) => row.value),
        historyPeriods: series.map((row) => row.period),
      };
    });
  }

  private check(
    indicators: Awaited<ReturnType<ReportingService['formIndicators']>>,
    rules: readonly {
      code: string;
      severity: 'error' | 'warning';
      nameEn: string;
      nameZh: string;
      definition: string;
    }[],
    stored: Map<string, DataValueRow>,
  ): { findings: Finding[]; blocking: Finding[] } {
    const values = new Map<string, FormValue>();
    for (const [key, row] of stored) values.set(key, { value: row.value, comment: row.comment });
    const findings = validateForm({
      indicators,
      values,
      rules: rules.map((rule) => ({
        code: rule.code,
        severity: rule.severity,
        nameEn: rule.nameEn,
        nameZh: rule.nameZh,
        definition: JSON.parse(rule.definition) as RuleDefinitionInput,
      })),
    });
    return { findings, blocking: blockingFindings(findings, values) };
  }
}

/** The period a request names, which must be of the data set's period type. */
function periodOfDataSet(periodCode: string, dataSet: DataSetRow): Period {
  let period: Period;
  try {
    period = parsePeriod(periodCode);
  } catch (error) {
    if (!(error instanceof PeriodCodeError)) throw error;
    throw new InputError(error.message, [{ path: 'period', message: error.message }]);
  }
  if (period.type !== dataSet.periodType) {
    const message = `${periodCode} is a ${period.type} period; data set ${dataSet.code} is reported by ${dataSet.periodType}`;
    throw new InputError(message, [{ path: 'period', message }]);
  }
  return period;
}

export function statusOf(submission: SubmissionRow | undefined | null): SubmissionStatus {
  return submission
    ? { state: submission.state, approvedLevels: submission.approvedLevels }
    : NOT_STARTED;
}

function describeWait(status: SubmissionStatus): string {
  switch (status.state) {
    case 'draft':
      return 'it has not been submitted';
    case 'returned':
      return 'it was returned and not submitted again';
    case 'approved':
      return 'it is approved already';
    case 'submitted':
      return 'it waits for no level';
  }
}

function pastTense(kind: SubmissionAction['kind']): string {
  return { submit: 'submitted', approve: 'approved', return: 'returned', unlock: 'unlocked' }[kind];
}

function describe(key: {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  disaggregation: string;
}) {
  return `${key.indicatorCode}${key.disaggregation ? ` [${key.disaggregation}]` : ''} ${key.orgUnitCode} ${key.period}`;
}

function emptyToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function dayBefore(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
