/**
 * Revisions of published figures (Outline III(3): traceable information
 * resources). A reviewer whose scope covers the unit corrects a published
 * value with a note saying why; the figure stays public, the note is shown
 * with it, and the vintage before the revision stays readable with `asOf`.
 */
import type { DataValue } from '../api/contract.js';
import { presentDataValue } from '../api/presenters.js';
import { decide, type Principal } from '../core/access/policy.js';
import { formatPeriod, parsePeriod, PeriodCodeError } from '../core/periods.js';
import type { Db } from '../db/connect.js';
import { DataValueRepository } from '../db/repositories/data-value.repository.js';
import { OrgUnitRepository } from '../db/repositories/org-unit.repository.js';
import { SourceRepository } from '../db/repositories/source.repository.js';
import { appendAudit, type Actor } from './audit.service.js';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  type Problem,
} from './errors.js';

export const REVISION_NOTE_MAX = 2000;

export interface PublishedRevisionInput {
  indicatorCode: string;
  orgUnitCode: string;
  period: string;
  /** The basis label of the figure ('' for the indicator's own definition). */
  basis?: string | undefined;
  /** Category options, "AREA=URBAN"; '' (the default) is the total. */
  disaggregation?: string | undefined;
  value: number;
  /** Why the published figure changes: shown to the public with the figure. */
  note: string;
  /** The version the reviser saw; the command line's operator may leave it out (the current one). */
  expectedVersion?: number | undefined;
  /** The source of the corrected figure, if it is not the one cited before. */
  sourceKey?: string | null | undefined;
}

export class DataRevisionService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async revisePublished(
    principal: Principal,
    input: PublishedRevisionInput,
    actor: Actor,
  ): Promise<DataValue> {
    const problems: Problem[] = [];
    const note = input.note.trim();
    if (note === '') problems.push({ path: 'note', message: 'a revision needs a note saying why' });
    else if (note.length > REVISION_NOTE_MAX)
      problems.push({ path: 'note', message: `at most ${REVISION_NOTE_MAX} characters` });
    if (!Number.isFinite(input.value))
      problems.push({ path: 'value', message: `${input.value} is not a finite number` });
    let period = null;
    try {
      period = formatPeriod(parsePeriod(input.period));
    } catch (error) {
      if (!(error instanceof PeriodCodeError)) throw error;
      problems.push({ path: 'period', message: error.message });
    }
    const unit = await new OrgUnitRepository(this.db).get(input.orgUnitCode);
    if (!unit)
      problems.push({ path: 'orgUnitCode', message: `no org unit has code ${input.orgUnitCode}` });
    if (input.sourceKey) {
      const [source] = await new SourceRepository(this.db).list([input.sourceKey]);
      if (!source)
        problems.push({ path: 'sourceKey', message: `no source has key ${input.sourceKey}` });
    }
    if (problems.length > 0 || !unit || period === null) {
      throw new InputError(
        `The revision cannot be saved: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        problems,
      );
    }
    const decision = decide(principal, 'data:review', unit.path);
    if (!decision.allowed) throw new ForbiddenError(decision.reason);

    const key = {
      indicatorCode: input.indicatorCode,
      orgUnitCode: unit.code,
      period,
      basis: input.basis ?? '',
      disaggregation: input.disaggregation ?? '',
    };
    const described = `${key.indicatorCode} ${key.orgUnitCode} ${key.period}${key.basis ? ` (${key.basis})` : ''}${key.disaggregation ? ` [${key.disaggregation}]` : ''}`;
    const now = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const values = new DataValueRepository(trx);
      const existing = await values.findOne(key);
      if (!existing) throw new NotFoundError(`No value ${described} exists`);
      if (existing.status !== 'published') {
        throw new ConflictError(
          `${described} is not published: a draft is changed through data entry, not revised`,
          presentDataValue(existing),
        );
      }
      if (
        existing.value === input.value &&
        (input.sourceKey ?? existing.sourceKey) === existing.sourceKey
      ) {
        throw new InputError(`${described} is ${existing.value} already`, [
          { path: 'value', message: `the published value is ${existing.value} already` },
        ]);
      }
      const sourceKey = input.sourceKey === undefined ? existing.sourceKey : input.sourceKey;
      const expectedVersion = input.expectedVersion ?? existing.version;
      const changed = await values.revisePublished(existing.id, expectedVersion, {
        value: input.value,
        comment: existing.comment,
        sourceNote: existing.sourceNote,
        reason: note,
        note,
        sourceKey,
        by: actor.name,
        at: now,
      });
      if (!changed) {
        throw new ConflictError(
          `${described} was changed by ${existing.createdBy} at ${existing.createdAt} to ${existing.value} (version ${existing.version}) after you loaded version ${expectedVersion}; your revision was not saved`,
          presentDataValue(existing),
        );
      }
      await appendAudit(trx, actor, {
        action: 'data_value.revise',
        entityType: 'data_value',
        entityId: `${key.indicatorCode}/${key.orgUnitCode}/${key.period}`,
        before: { value: existing.value, sourceKey: existing.sourceKey, version: existing.version },
        after: { value: input.value, sourceKey, note },
      });
    });
    const saved = await new DataValueRepository(this.db).findOne(key);
    if (!saved) throw new Error('revised value not found');
    return presentDataValue(saved);
  }
}
