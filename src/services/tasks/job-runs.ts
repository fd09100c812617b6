/**
 * Scheduled jobs claimed once per day across instances (table job_run), and
 * the lock that lets one instance at a time run a scheduler tick. A claim is
 * a plain insert that the primary key (job, day) turns into a no-op for every
 * other instance; a claim left unfinished for longer than its lease (the
 * instance died half-way) may be taken over, which is safe because every step
 * of a job is itself idempotent.
 */
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../db/migrations/support.js';
import type { Database } from '../../db/schema.js';

/** How long an unfinished claim protects a run before another instance may take it over. */
export const JOB_LEASE_MS = 60 * 60 * 1000;

/** This process, as named in job_run.instance. */
export const THIS_INSTANCE = `${os.hostname()}:${process.pid}`;

export type Claim = 'claimed' | 'taken_over' | 'forced' | 'taken';

export class JobRuns {
  constructor(
    private readonly db: Kysely<Database>,
    readonly instance = THIS_INSTANCE,
  ) {}

  /**
   * Claims the day's run of `job`: 'claimed' when this call inserted the
   * claim, 'taken_over' when it took over a claim whose lease ran out
   * unfinished, 'forced' when `force` restarted an existing run, 'taken'
   * when another run holds it or finished it.
   */
  async claim(job: string, day: string, now: Date, force = false): Promise<Claim> {
    const startedAt = now.toISOString();
    const inserted = await this.db
      .insertInto('jobRun')
      .values({ job, day, instance: this.instance, startedAt, finishedAt: null, summary: null })
      .onConflict((oc) => oc.columns(['job', 'day']).doNothing())
      .returning('job')
      .executeTakeFirst();
    if (inserted) return 'claimed';
    let update = this.db
      .updateTable('jobRun')
      .set({ instance: this.instance, startedAt, finishedAt: null })
      .where('job', '=', job)
      .where('day', '=', day);
    if (!force) {
      update = update
        .where('finishedAt', 'is', null)
        .where('startedAt', '<', new Date(now.getTime() - JOB_LEASE_MS).toISOString());
    }
    const updated = await update.returning('job').executeTakeFirst();
    if (!updated) return 'taken';
    return force ? 'forced' : 'taken_over';
  }

  async finish(job: string, day: string, finishedAt: Date, summary: unknown): Promise<void> {
    await this.db
      .updateTable('jobRun')
      .set({ finishedAt: finishedAt.toISOString(), summary: JSON.stringify(summary) })
      .where('job', '=', job)
      .where('day', '=', day)
      .where('instance', '=', this.instance)
      .execute();
  }

  async get(job: string, day: string) {
    return this.db
      .selectFrom('jobRun')
      .selectAll()
      .where('job', '=', job)
      .where('day', '=', day)
      .executeTakeFirst();
  }
}

/** The advisory lock key of the scheduler's tick (any constant unique among Planwatch's locks). */
export const TICK_LOCK_KEY = 7265743101;

/** Lets one instance at a time run the scheduler's tick. */
export class TickLock {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` unless another instance is running a tick; false when it was. */
  run(work: () => Promise<void>): Promise<boolean> {
    return runExclusively(this.db, TICK_LOCK_KEY, work);
  }
}

/**
 * Runs `work` unless another instance is running it now: on PostgreSQL under
 * a transaction-level advisory lock tried (not waited for) on a connection
 * of its own, released when `work` ends; `work` itself uses other
 * connections. SQLite serves one server process, whose ticks never overlap.
 * Returns false when another instance held the lock.
 */
export async function runExclusively(
  db: Kysely<Database>,
  lockKey: number,
  work: () => Promise<void>,
): Promise<boolean> {
  if (!isPostgres(db)) {
    await work();
    return true;
  }
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(${lockKey}::bigint) as locked`.execute(trx);
    if (!rows[0]?.locked) return false;
    await work();
    return true;
  });
}
