/**
 * Scheduled work inside the server: every interval a tick publishes the
 * releases due (and approvals that came after their release), runs the day's
 * early-warning check once the daily hour (UTC) has come, then delivers the
 * outbox. With several instances on one PostgreSQL store one tick runs at a
 * time (an advisory lock tried, not waited for), and the day's job_run claim
 * keeps the check to one run a day. Stopping waits for a tick in flight;
 * the timer never keeps the process alive.
 */
import type { ReleaseRun } from '../api/releases-contract.js';
import type { Actor } from '../services/audit.service.js';
import type { DeliveryReport } from '../services/tasks/outbox.js';
import type { WarningRunSummary } from '../services/tasks/warning.service.js';

export interface SchedulerSettings {
  /** Time between the end of one tick and the start of the next. */
  intervalMs: number;
  /** The daily check runs on the first tick at or after this hour, UTC. */
  dailyCheckHourUtc: number;
}

/** What a tick uses: the services, never the database. */
export interface ScheduledServices {
  releases: { releaseDue(actor: Actor, day: string): Promise<ReleaseRun> };
  warnings: { runDaily(day: string): Promise<WarningRunSummary> };
  outbox: { deliverDue(now: Date): Promise<DeliveryReport> };
  tickLock: { run(work: () => Promise<void>): Promise<boolean> };
}

export interface SchedulerLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface Scheduler {
  /** One tick now (the timer calls it; tests call it with their own clock). */
  tick(): Promise<void>;
  /** No further ticks; resolves when the one in flight has ended. */
  stop(): Promise<void>;
}

/** Creates a scheduler; `start` sets its timer going (the first tick comes at once). */
export function createScheduler(
  services: ScheduledServices,
  settings: SchedulerSettings,
  log: SchedulerLog,
  now: () => Date = () => new Date(),
): Scheduler & { start(): void } {
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  const tick = async () => {
    // false: another instance runs a tick now; this one has nothing to add.
    await services.tickLock.run(async () => {
      const at = now();
      const releases = await services.releases.releaseDue(
        { name: 'scheduler', ip: null },
        at.toISOString().slice(0, 10),
      );
      if (releases.released.length + releases.latePublished > 0)
        log.info({ releases }, 'releases published');
      if (at.getUTCHours() >= settings.dailyCheckHourUtc) {
        const summary = await services.warnings.runDaily(at.toISOString().slice(0, 10));
        if (summary.run !== 'skipped') log.info({ summary }, 'early-warning check done');
        if (summary.failures.length > 0)
          log.warn({ failures: summary.failures }, 'early-warning check left tasks unchecked');
      }
      const report = await services.outbox.deliverDue(now());
      if (report.sent + report.retrying + report.failed > 0)
        log.info({ report }, 'outbox delivered');
    });
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      inFlight = tick()
        .catch((err: unknown) => log.error({ err }, 'scheduled tick failed'))
        .finally(() => {
          inFlight = null;
          schedule(settings.intervalMs);
        });
    }, delayMs);
    timer.unref();
  };

  return {
    tick,
    start: () => schedule(0),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight;
    },
  };
}
