/**
 * Gathers each evaluated unit's inputs from the store as of a cut-off day:
 * the 31 mainland provinces (under CN) and central departments (under CN-DEPT).
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../../core/access/policy.js';
import type {
  FindingInput,
  FormInput,
  MilestoneInput,
  OverdueRectificationInput,
  SubmissionTiming,
  TargetInput,
  TaskInput,
  UnitEvaluationInputs,
} from '../../core/evaluation/index.js';
import { DEPARTMENTS_CODE, NATION_CODE, OUTSIDE_MAINLAND_CODES } from '../../core/org-units.js';
import { formatPeriod, parsePeriod, periodsWithin } from '../../core/periods.js';
import { reportingWindow } from '../../core/reporting/timeliness.js';
import type { Database } from '../../db/schema.js';
import { ProgressService } from '../analytics/progress.service.js';

/** The evaluation reads everything, published or not, as the nation's admin would. */
const EVALUATOR: Principal = {
  kind: 'user',
  userId: 0,
  username: 'evaluation',
  grants: [{ role: 'admin', orgUnitCode: NATION_CODE, orgUnitPath: `/${NATION_CODE}/` }],
  via: 'token',
};

interface EvaluatedUnit {
  code: string;
  path: string;
}

export class EvaluationInputs {
  constructor(private readonly db: Kysely<Database>) {}

  async gather(year: number, cutoffOn: string): Promise<UnitEvaluationInputs[]> {
    const units = await this.db
      .selectFrom('orgUnit')
      .select(['code', 'path'])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('parentCode', '=', NATION_CODE),
            eb('level', '=', 'province'),
            eb('code', 'not in', OUTSIDE_MAINLAND_CODES),
          ]),
          eb('parentCode', '=', DEPARTMENTS_CODE),
        ]),
      )
      .orderBy('code')
      .execute();
    const progress = new ProgressService(this.db, () => cutoffOn);
    const result: UnitEvaluationInputs[] = [];
    for (const unit of units) {
      const tasks = await this.tasks(unit, year);
      result.push({
        unit: unit.code,
        targets: await this.targets(progress, unit, year),
        tasks,
        milestones: await this.milestones(tasks, year),
        forms: await this.forms(unit, year, cutoffOn),
        inspection: await this.inspection(unit, year, cutoffOn),
      });
    }
    return result;
  }

  /** The unit's own targets for the year; a unit without any has none (the component reweights). */
  private async targets(
    progress: ProgressService,
    unit: EvaluatedUnit,
    year: number,
  ): Promise<TargetInput[]> {
    const indicators = await this.db
      .selectFrom('target')
      .select('indicatorCode')
      .distinct()
      .where('orgUnitCode', '=', unit.code)
      .where('year', '=', year)
      .orderBy('indicatorCode')
      .execute();
    const inputs: TargetInput[] = [];
    for (const { indicatorCode } of indicators) {
      const items = await progress.indicator(EVALUATOR, indicatorCode, unit.code);
      for (const item of items) {
        if (item.target.year !== year) continue;
        const assessed = item.assessment ?? item.milestone;
        inputs.push({
          id: item.target.id,
          indicator: item.target.indicator,
          year: item.target.year,
          status: assessed?.status ?? 'insufficient_data',
          shareAttained: item.assessment?.shareAttained ?? null,
        });
      }
    }
    return inputs;
  }

  /** Tasks led by the unit or a unit below it, due in the year; the shipped examples do not count. */
  private async tasks(unit: EvaluatedUnit, year: number): Promise<TaskInput[]> {
    const rows = await this.db
      .selectFrom('task')
      .innerJoin('orgUnit', 'orgUnit.code', 'task.leadUnitCode')
      .select(['task.id', 'task.title', 'task.dueOn', 'task.doneOn'])
      .where('orgUnit.path', 'like', `${unit.path}%`)
      .where('task.dueOn', '>=', `${year}-01-01`)
      .where('task.dueOn', '<=', `${year}-12-31`)
      .where('task.isExample', '=', 0)
      .orderBy('task.id')
      .execute();
    return rows.map((row) => ({ ...row }));
  }

  /** Milestones of the unit's tasks that fall due in the year. */
  private async milestones(tasks: readonly TaskInput[], year: number): Promise<MilestoneInput[]> {
    if (tasks.length === 0) return [];
    return this.db
      .selectFrom('taskMilestone')
      .select(['id', 'taskId', 'title', 'dueOn', 'doneOn'])
      .where(
        'taskId',
        'in',
        tasks.map((task) => task.id),
      )
      .where('dueOn', '>=', `${year}-01-01`)
      .where('dueOn', '<=', `${year}-12-31`)
      .orderBy('id')
      .execute();
  }

  /**
   * Forms of the year whose reporting window closed by the cut-off: every
   * period of the year of each data set assigned to the unit, with the data
   * set's default window unless the period sets its own. Values expected are
   * the data set's indicators; a value counts as reported when the unit has
   * one (any disaggregation) for the period.
   */
  private async forms(unit: EvaluatedUnit, year: number, cutoffOn: string): Promise<FormInput[]> {
    const dataSets = await this.db
      .selectFrom('dataSetOrgUnit')
      .innerJoin('dataSet', 'dataSet.id', 'dataSetOrgUnit.dataSetId')
      .select([
        'dataSet.id',
        'dataSet.code',
        'dataSet.periodType',
        'dataSet.opensAfterDays',
        'dataSet.closesAfterDays',
      ])
      .where('dataSetOrgUnit.orgUnitCode', '=', unit.code)
      .orderBy('dataSet.code')
      .execute();
    const windows: { dataSetId: number; code: string; period: string; closesOn: string }[] = [];
    for (const dataSet of dataSets) {
      const overrides = new Map(
        (
          await this.db
            .selectFrom('dataSetPeriodWindow')
            .select(['period', 'opensOn', 'closesOn'])
            .where('dataSetId', '=', dataSet.id)
            .where('period', 'like', `${year}%`)
            .execute()
        ).map((row) => [row.period, row]),
      );
      for (const period of periodsWithin(parsePeriod(String(year)), dataSet.periodType)) {
        const code = formatPeriod(period);
        const window = reportingWindow(period, dataSet, overrides.get(code) ?? null);
        if (window.closesOn <= cutoffOn) {
          windows.push({
            dataSetId: dataSet.id,
            code: dataSet.code,
            period: code,
            closesOn: window.closesOn,
          });
        }
      }
    }
    const forms: FormInput[] = [];
    for (const window of windows) {
      const indicators = (
        await this.db
          .selectFrom('dataSetIndicator')
          .select('indicatorCode')
          .where('dataSetId', '=', window.dataSetId)
          .execute()
      ).map((row) => row.indicatorCode);
      const reported =
        indicators.length === 0
          ? []
          : await this.db
              .selectFrom('dataValue')
              .select('indicatorCode')
              .distinct()
              .where('orgUnitCode', '=', unit.code)
              .where('period', '=', window.period)
              .where('indicatorCode', 'in', indicators)
              .where('createdAt', '<=', `${cutoffOn}T23:59:59.999Z`)
              .execute();
      const submission = await this.db
        .selectFrom('submission')
        .select(['id', 'firstSubmittedAt'])
        .where('dataSetId', '=', window.dataSetId)
        .where('orgUnitCode', '=', unit.code)
        .where('period', '=', window.period)
        .executeTakeFirst();
      const returns = submission
        ? await this.db
            .selectFrom('submissionEvent')
            .select('id')
            .where('submissionId', '=', submission.id)
            .where('action', '=', 'return')
            .where('at', '<=', `${cutoffOn}T23:59:59.999Z`)
            .execute()
        : [];
      forms.push({
        dataSet: window.code,
        period: window.period,
        valuesExpected: indicators.length,
        valuesReported: reported.length,
        submission: timing(submission?.firstSubmittedAt ?? null, window.closesOn, cutoffOn),
        returned: returns.length > 0,
      });
    }
    return forms;
  }

  /** Findings of the unit's inspections open on the cut-off day, and its rectification items overdue then. */
  private async inspection(
    unit: EvaluatedUnit,
    year: number,
    cutoffOn: string,
  ): Promise<UnitEvaluationInputs['inspection']> {
    const held = await this.db
      .selectFrom('inspection')
      .select('id')
      .where('orgUnitCode', '=', unit.code)
      .where('heldOn', '>=', `${year}-01-01`)
      .where('heldOn', '<=', `${year}-12-31`)
      .where('heldOn', '<=', cutoffOn)
      .execute();
    const openFindings: FindingInput[] = await this.db
      .selectFrom('inspectionFinding')
      .innerJoin('inspection', 'inspection.id', 'inspectionFinding.inspectionId')
      .select([
        'inspectionFinding.id',
        'inspectionFinding.severity',
        'inspectionFinding.description',
      ])
      .where('inspection.orgUnitCode', '=', unit.code)
      .where('inspectionFinding.createdAt', '<=', `${cutoffOn}T23:59:59.999Z`)
      .where((eb) =>
        eb.or([
          eb('inspectionFinding.closedOn', 'is', null),
          eb('inspectionFinding.closedOn', '>', cutoffOn),
        ]),
      )
      .orderBy('inspectionFinding.id')
      .execute();
    const overdueRectifications: OverdueRectificationInput[] = await this.db
      .selectFrom('rectificationItem')
      .select(['id', 'findingId', 'title', 'dueOn'])
      .where('ownerUnitCode', '=', unit.code)
      .where('dueOn', '<', cutoffOn)
      .where((eb) => eb.or([eb('doneOn', 'is', null), eb('doneOn', '>', cutoffOn)]))
      .orderBy('id')
      .execute();
    return { inspections: held.length, openFindings, overdueRectifications };
  }
}

function timing(
  firstSubmittedAt: string | null,
  closesOn: string,
  cutoffOn: string,
): SubmissionTiming {
  if (firstSubmittedAt === null) return 'not_submitted';
  const day = firstSubmittedAt.slice(0, 10);
  if (day > cutoffOn) return 'not_submitted';
  return day <= closesOn ? 'on_time' : 'late';
}
