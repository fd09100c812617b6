/**
 * The daily early-warning check. For every open task: the core's warnings
 * for the day (overdue, milestone due soon or overdue, no update for too
 * long) and, for the indicators it is linked to, targets off track; each is
 * raised once through Notices and escalated to the supervising unit once it
 * has stayed unresolved long enough. Open warnings whose condition no longer
 * holds are resolved. Then the day's digest e-mails are queued.
 *
 * Claimed once per day across instances (job_run); every task is checked in
 * a transaction of its own, so a crash half-way leaves work that a re-run
 * completes, and the unique keys of warnings, notifications and outbox rows
 * make any re-run, forced or concurrent, tell nobody twice.
 */
import type { Kysely } from 'kysely';
import { scopesFor, type Principal } from '../../core/access/policy.js';
import { addDays } from '../../core/reporting/timeliness.js';
import {
  DEFAULT_WARNING_POLICY,
  taskWarnings,
  type TaskWarning,
  type WarningPolicy,
} from '../../core/tasks/warnings.js';
import type { Database } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { InputError, NotFoundError } from '../errors.js';
import type { DigestService } from './digest.js';
import { offTrackTargets, type OffTrackTarget } from './indicator-warnings.js';
import { JobRuns, type Claim } from './job-runs.js';
import { withRetries } from './retry.js';
import { Notices, type NoticeKind, type WarningToRaise } from './notices.js';
import {
  checkedTask,
  doneTaskIdsWithOpenWarnings,
  openTaskIds,
  openWarningsOf,
  type CheckedTask,
} from './task-states.js';
import { warningMessage } from './warning-messages.js';

export const WARNINGS_JOB = 'warnings';
export const WARNINGS_ACTOR: Actor = { name: 'system:warnings', ip: null };

/** The kinds this check raises and therefore resolves (reported_delay belongs to updates). */
const CHECKED_KINDS: ReadonlySet<string> = new Set<NoticeKind>([
  'overdue',
  'milestone_due_soon',
  'milestone_overdue',
  'no_update',
  'indicator_off_track',
]);

export interface WarningRunSummary {
  day: string;
  /** claimed / taken_over / forced: this call ran the check; skipped: another run has the day. */
  run: Exclude<Claim, 'taken'> | 'skipped';
  tasksChecked: number;
  raised: number;
  escalated: number;
  resolved: number;
  offTrackTargets: number;
  digestsQueued: number;
  /** Tasks whose check failed (the next run retries them), with the reason. */
  failures: { taskId: number | null; message: string }[];
}

/** A run of `day` that has counted nothing yet. */
export function emptyRunSummary(day: string, run: WarningRunSummary['run']): WarningRunSummary {
  return {
    day,
    run,
    tasksChecked: 0,
    raised: 0,
    escalated: 0,
    resolved: 0,
    offTrackTargets: 0,
    digestsQueued: 0,
    failures: [],
  };
}

export interface WarningServiceOptions {
  now?: () => Date;
  policy?: WarningPolicy;
  /** Queues the day's digest e-mails; null when no SMTP server is set (inbox only). */
  digests?: DigestService | null;
  instance?: string;
}

export interface WarningFilter {
  unit?: string | undefined;
  open?: boolean | undefined;
  kind?: string | undefined;
  limit: number;
  offset: number;
}

interface TaskOutcome {
  raised: string[];
  escalated: string[];
  resolved: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WarningService {
  private readonly now: () => Date;
  private readonly policy: WarningPolicy;
  private readonly digests: DigestService | null;
  private readonly jobs: JobRuns;

  constructor(
    private readonly db: Kysely<Database>,
    options: WarningServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.policy = options.policy ?? DEFAULT_WARNING_POLICY;
    this.digests = options.digests ?? null;
    this.jobs = new JobRuns(db, options.instance);
  }

  /** Today in UTC, the zone the scheduler keeps. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /**
   * Runs the check for `day` unless another run has claimed it; `force` runs
   * it again (sending nothing twice).
   */
  async runDaily(
    day: string,
    options: { force?: boolean; actor?: Actor } = {},
  ): Promise<WarningRunSummary> {
    if (!ISO_DATE.test(day) || addDays(day, 0) !== day)
      throw new InputError(`"${day}" is not a day (YYYY-MM-DD)`, [
        { path: 'day', message: 'a date as YYYY-MM-DD' },
      ]);
    const actor = options.actor ?? WARNINGS_ACTOR;
    const summary = emptyRunSummary(day, 'skipped');
    const claim = await this.jobs.claim(WARNINGS_JOB, day, this.now(), options.force ?? false);
    if (claim === 'taken') return summary;
    summary.run = claim;

    let offTrack: OffTrackTarget[] | null = null;
    try {
      offTrack = await offTrackTargets(this.db, day);
      summary.offTrackTargets = offTrack.length;
    } catch (error) {
      summary.failures.push({ taskId: null, message: `progress: ${messageOf(error)}` });
    }
    const add = (outcome: TaskOutcome) => {
      summary.raised += outcome.raised.length;
      summary.escalated += outcome.escalated.length;
      summary.resolved += outcome.resolved.length;
    };
    for (const taskId of await openTaskIds(this.db)) {
      try {
        add(await withRetries(() => this.checkTask(taskId, day, offTrack, actor)));
        summary.tasksChecked++;
      } catch (error) {
        summary.failures.push({ taskId, message: messageOf(error) });
      }
    }
    for (const taskId of await doneTaskIdsWithOpenWarnings(this.db)) {
      try {
        add(await withRetries(() => this.checkTask(taskId, day, offTrack, actor)));
      } catch (error) {
        summary.failures.push({ taskId, message: messageOf(error) });
      }
    }
    if (this.digests) {
      const digests = await this.digests.queue(day, actor);
      summary.digestsQueued = digests.queued;
      summary.failures.push(...digests.failures);
    }

    await this.db.transaction().execute(async (trx) => {
      await new JobRuns(trx, this.jobs.instance).finish(WARNINGS_JOB, day, this.now(), summary);
      await appendAudit(trx, actor, {
        action: 'job_run.warnings',
        entityType: 'job_run',
        entityId: `${WARNINGS_JOB}:${day}`,
        after: summary,
      });
    });
    return summary;
  }

  /** The day's run as recorded, if any. */
  async lastRun(day: string) {
    return this.jobs.get(WARNINGS_JOB, day);
  }

  /** One task's warnings for the day, raised, escalated and resolved in one transaction. */
  private async checkTask(
    taskId: number,
    today: string,
    offTrack: readonly OffTrackTarget[] | null,
    actor: Actor,
  ): Promise<TaskOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const outcome: TaskOutcome = { raised: [], escalated: [], resolved: [] };
      const task = await checkedTask(trx, taskId);
      if (!task) return outcome;
      const notices = new Notices(trx, this.now);
      const open = await openWarningsOf(trx, taskId);
      const wanted = task.done ? [] : this.wantedWarnings(task, today, offTrack, open);
      for (const { warning, escalate } of wanted) {
        const { id, created } = await notices.raise(warning, today);
        if (created) outcome.raised.push(warning.key);
        if (escalate && (await notices.escalate(id, today))) outcome.escalated.push(warning.key);
      }
      const wantedKeys = new Set(wanted.map(({ warning }) => warning.key));
      const stale = open.filter(
        (row) =>
          !wantedKeys.has(row.key) &&
          // A run of an earlier day knows nothing of warnings raised after it.
          row.raisedOn <= today &&
          // A done task has nothing left to warn about; an open one keeps warnings this check does not judge.
          (task.done ||
            (CHECKED_KINDS.has(row.kind) &&
              (offTrack !== null || row.kind !== 'indicator_off_track'))),
      );
      await notices.resolve(
        stale.map((row) => row.id),
        today,
      );
      outcome.resolved.push(...stale.map((row) => row.key));
      if (outcome.raised.length + outcome.escalated.length + outcome.resolved.length > 0) {
        await appendAudit(trx, actor, {
          action: 'warning.check',
          entityType: 'task',
          entityId: String(taskId),
          after: { day: today, ...outcome },
        });
      }
      return outcome;
    });
  }

  private wantedWarnings(
    task: CheckedTask,
    today: string,
    offTrack: readonly OffTrackTarget[] | null,
    open: readonly { key: string; since: string }[],
  ): { warning: WarningToRaise; escalate: boolean }[] {
    const base = {
      taskId: task.id,
      orgUnitCode: task.leadUnitCode,
      escalationUnitCode:
        task.assignedByUnitCode === task.leadUnitCode ? null : task.assignedByUnitCode,
      link: `/tasks/${task.id}`,
    };
    const messageTask = { ...task, ...task.state };
    const wanted: { warning: WarningToRaise; escalate: boolean }[] = taskWarnings(
      task.state,
      today,
      this.policy,
    ).map((warning) => ({
      warning: {
        ...base,
        key: warning.key,
        kind: warning.kind,
        indicatorCode: null,
        milestone: warning.milestone,
        since: warning.since,
        message: warningMessage(messageTask, this.textOf(warning, task)),
      },
      escalate: warning.escalate,
    }));
    const sinceByKey = new Map(open.map((row) => [row.key, row.since]));
    // A task not begun yet cannot move an indicator: it hears about it once it starts.
    const started = task.state.startOn <= today;
    for (const target of started ? (offTrack ?? []) : []) {
      if (target.planId !== task.planId || !task.indicators.includes(target.indicator)) continue;
      const key = `indicator_off_track:${target.indicator}:${target.year}:${target.status}:${task.id}`;
      const since = sinceByKey.get(key) ?? today;
      wanted.push({
        warning: {
          ...base,
          key,
          kind: 'indicator_off_track',
          indicatorCode: target.indicator,
          milestone: null,
          since,
          message: warningMessage(messageTask, {
            kind: 'indicator_off_track',
            indicator: target.indicator,
            indicatorNameEn: target.indicatorNameEn,
            indicatorNameZh: target.indicatorNameZh,
            year: target.year,
            status: target.status,
            since,
          }),
        },
        escalate: addDays(since, this.policy.escalateAfterDays) <= today,
      });
    }
    return wanted;
  }

  private textOf(warning: TaskWarning, task: CheckedTask) {
    switch (warning.kind) {
      case 'overdue':
      case 'no_update':
        return { kind: warning.kind, since: warning.since };
      case 'milestone_overdue':
        return { kind: warning.kind, milestone: warning.milestone ?? '', since: warning.since };
      case 'milestone_due_soon': {
        const milestone = task.state.milestones.find((m) => m.title === warning.milestone);
        return {
          kind: warning.kind,
          milestone: warning.milestone ?? '',
          milestoneDueOn: milestone?.dueOn ?? addDays(warning.since, this.policy.dueSoonDays),
        };
      }
    }
  }

  /** Warnings about units within `filter.unit` and within the reader's scope, newest first. */
  async list(principal: Principal, filter: WarningFilter) {
    const scopes = scopesFor(principal, 'read:unpublished');
    if (scopes.length === 0) return { items: [], total: 0 };
    let unitPath: string | null = null;
    if (filter.unit !== undefined) {
      const unit = await this.db
        .selectFrom('orgUnit')
        .select('path')
        .where('code', '=', filter.unit)
        .executeTakeFirst();
      if (!unit) throw new NotFoundError(`No org unit has code ${filter.unit}`);
      unitPath = unit.path;
    }
    let query = this.db
      .selectFrom('warning')
      .innerJoin('orgUnit', 'orgUnit.code', 'warning.orgUnitCode')
      .where((eb) => eb.or(scopes.map((path) => eb('orgUnit.path', 'like', `${path}%`))));
    if (unitPath !== null) query = query.where('orgUnit.path', 'like', `${unitPath}%`);
    if (filter.open === true) query = query.where('warning.resolvedOn', 'is', null);
    if (filter.open === false) query = query.where('warning.resolvedOn', 'is not', null);
    if (filter.kind !== undefined) query = query.where('warning.kind', '=', filter.kind);
    const counted = await query
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    const items = await query
      .selectAll('warning')
      .orderBy('warning.raisedOn', 'desc')
      .orderBy('warning.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { items, total: Number(counted.total) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
