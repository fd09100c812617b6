/**
 * Values entered by reporters: stored as drafts (unpublished), visible only
 * within the scopes that cover their unit, every change audited with the
 * value before and after. Approval and publication come with reporting.
 */
import type { DataValue } from '../api/contract.js';
import { presentDataValue } from '../api/presenters.js';
import { decide, type Principal } from '../core/access/policy.js';
import { formatPeriod, parsePeriod, PeriodCodeError, periodEnd } from '../core/periods.js';
import type { Db } from '../db/connect.js';
import { DataValueRepository } from '../db/repositories/data-value.repository.js';
import { IndicatorRepository } from '../db/repositories/indicator.repository.js';
import { OrgUnitRepository } from '../db/repositories/org-unit.repository.js';
import { SubmissionRepository } from '../db/repositories/submission.repository.js';
import { appendAudit, type Actor } from './audit.service.js';
import { ConflictError, ForbiddenError, InputError, type Problem } from './errors.js';

export interface DraftValueInput {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  value: number;
  comment: string | null;
  /** The version the writer saw; required to change an existing value. */
  expectedVersion?: number | undefined;
  /** Why the value changes. */
  reason?: string | null | undefined;
}

/** Values entered through forms and the API carry no basis label: the indicator's definition is their basis. */
const ENTRY_BASIS = '';

function describeKey(key: { indicatorCode: string; orgUnitCode: string; period: string }): string {
  return `${key.indicatorCode} ${key.orgUnitCode} ${key.period}`;
}

export class DataEntryService {
  constructor(private readonly db: Db) {}

  async writeDraft(principal: Principal, input: DraftValueInput, actor: Actor): Promise<DataValue> {
    const problems: Problem[] = [];
    const indicator = await new IndicatorRepository(this.db).get(input.indicatorCode);
    if (!indicator)
      problems.push({
        path: 'indicatorCode',
        message: `no indicator has code ${input.indicatorCode}`,
      });
    else if (indicator.kind !== 'numeric') {
      problems.push({
        path: 'indicatorCode',
        message: `${input.indicatorCode} is qualitative and takes no values`,
      });
    }
    const unit = await new OrgUnitRepository(this.db).get(input.orgUnitCode);
    if (!unit)
      problems.push({ path: 'orgUnitCode', message: `no org unit has code ${input.orgUnitCode}` });
    let period = null;
    try {
      period = parsePeriod(input.period);
    } catch (error) {
      if (!(error instanceof PeriodCodeError)) throw error;
      problems.push({ path: 'period', message: error.message });
    }
    if (problems.length > 0 || !unit || !period) {
      throw new InputError(
        `The value cannot be saved: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        problems,
      );
    }
    const decision = decide(principal, 'data:write', unit.path);
    if (!decision.allowed) throw new ForbiddenError(decision.reason);

    const key = {
      indicatorCode: input.indicatorCode,
      orgUnitCode: unit.code,
      period: formatPeriod(period),
      basis: ENTRY_BASIS,
    };
    const now = new Date().toISOString();
    const id = await this.db.transaction().execute(async (trx) => {
      const values = new DataValueRepository(trx);
      const lock = await new SubmissionRepository(trx).lockHolding(key);
      if (lock) {
        throw new ConflictError(
          `${describeKey(key)} is ${lock.state} in data set ${lock.dataSetCode} and locked; it must be returned before it changes`,
        );
      }
      const existing = await values.findOne(key);
      if (existing?.status === 'published') {
        throw new ConflictError(
          `${key.indicatorCode} ${key.orgUnitCode} ${key.period} is published; published values are not overwritten`,
        );
      }
      const reason = input.reason ?? null;
      if (existing) {
        const stale = (message: string) => new ConflictError(message, presentDataValue(existing));
        if (input.expectedVersion === undefined) {
          throw stale(
            `${describeKey(key)} exists already (version ${existing.version}, by ${existing.createdBy} at ${existing.createdAt}: ${existing.value}); send expectedVersion ${existing.version} to change it`,
          );
        }
        const changed = await values.updateDraft(existing.id, input.expectedVersion, {
          value: input.value,
          comment: input.comment,
          reason,
          by: actor.name,
          at: now,
        });
        if (!changed) {
          throw stale(
            `${describeKey(key)} was changed by ${existing.createdBy} at ${existing.createdAt} to ${existing.value} (version ${existing.version}) after you loaded version ${input.expectedVersion}; your change was not saved`,
          );
        }
      } else {
        await values.insertMany(
          [
            {
              ...key,
              periodType: period.type,
              periodEnd: periodEnd(period),
              value: input.value,
              sourceKey: null,
              confidence: null,
              publishedValue: null,
              publishedUnit: null,
              createdBy: actor.name,
              createdAt: now,
              status: 'draft',
              comment: input.comment,
            },
          ],
          reason,
        );
      }
      const saved = await values.findOne(key);
      await appendAudit(trx, actor, {
        action: 'data_value.write',
        entityType: 'data_value',
        entityId: `${key.indicatorCode}/${key.orgUnitCode}/${key.period}`,
        before: existing ? { value: existing.value, comment: existing.comment } : undefined,
        after: { value: input.value, comment: input.comment, status: 'draft', reason },
      });
      return saved!.id;
    });
    const [row] = await new DataValueRepository(this.db).list({
      ...key,
      indicatorCodes: [key.indicatorCode],
      unpublishedWithin: [unit.path],
    });
    if (!row || row.id !== id) throw new Error('saved value not found');
    return presentDataValue(row);
  }
}
