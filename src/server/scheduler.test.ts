import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db/connect.js';
import { ensureDefaults } from '../services/defaults.service.js';
import { ReleaseService } from '../services/releases/release.service.js';
import { TickLock } from '../services/tasks/job-runs.js';
import { OutboxSender, type DeliveryReport } from '../services/tasks/outbox.js';
import {
  emptyRunSummary,
  WarningService,
  type WarningRunSummary,
} from '../services/tasks/warning.service.js';
import { describeEachStore } from '../test-support/stores.js';
import { createScheduler, type ScheduledServices, type SchedulerLog } from './scheduler.js';

const NOTHING_SENT: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
const quietLog = (errors: unknown[] = []): SchedulerLog => ({
  info: () => undefined,
  warn: () => undefined,
  error: (object) => errors.push(object),
});

/** Services that record what the scheduler asks of them. */
function recording(deliver: () => Promise<DeliveryReport> = async () => NOTHING_SENT) {
  const days: string[] = [];
  let deliveries = 0;
  const releaseDays: string[] = [];
  const services: ScheduledServices = {
    releases: {
      releaseDue: async (_actor, day) => {
        releaseDays.push(day);
        return { day, released: [], latePublished: 0 };
      },
    },
    warnings: {
      runDaily: async (day) => {
        days.push(day);
        return emptyRunSummary(day, 'claimed');
      },
    },
    outbox: {
      deliverDue: async () => {
        deliveries++;
        return deliver();
      },
    },
    tickLock: { run: async (work) => (await work(), true) },
  };
  return { services, days, releaseDays, deliveries: () => deliveries };
}

describe('the scheduler', () => {
  it.each([
    ['2026-04-01T05:59:59Z', 6, []],
    ['2026-04-01T06:00:00Z', 6, ['2026-04-01']],
    ['2026-04-01T23:30:00Z', 6, ['2026-04-01']],
    ['2026-04-01T00:00:00Z', 0, ['2026-04-01']],
    // UTC decides the day: 01:00 in Beijing on 2 April is still 1 April.
    ['2026-04-01T17:00:00Z', 6, ['2026-04-01']],
  ])('at %s with the daily hour %d runs the check for %j, and delivers', async (at, hour, days) => {
    const recorder = recording();
    const scheduler = createScheduler(
      recorder.services,
      { intervalMs: 60_000, dailyCheckHourUtc: hour },
      quietLog(),
      () => new Date(at),
    );
    await scheduler.tick();
    expect(recorder.days).toEqual(days);
    // Releases are published on every tick, whatever the hour.
    expect(recorder.releaseDays).toEqual([at.slice(0, 10)]);
    expect(recorder.deliveries()).toBe(1);
  });

  it('skips the tick when another instance holds the lock', async () => {
    const recorder = recording();
    recorder.services.tickLock = { run: async () => false };
    const scheduler = createScheduler(
      recorder.services,
      { intervalMs: 60_000, dailyCheckHourUtc: 0 },
      quietLog(),
    );
    await scheduler.tick();
    expect(recorder.days).toEqual([]);
    expect(recorder.deliveries()).toBe(0);
  });

  it('keeps ticking after a failed tick, and stopping waits for the tick in flight', async () => {
    let release: () => void = () => undefined;
    let enteredThird: () => void = () => undefined;
    const third = new Promise<void>((resolve) => (enteredThird = resolve));
    let calls = 0;
    const recorder = recording(async () => {
      calls++;
      if (calls === 1) throw new Error('SMTP down');
      if (calls === 3) {
        enteredThird();
        await new Promise<void>((resolve) => (release = resolve));
      }
      return NOTHING_SENT;
    });
    const errors: unknown[] = [];
    const scheduler = createScheduler(
      recorder.services,
      { intervalMs: 1, dailyCheckHourUtc: 0 },
      quietLog(errors),
    );
    scheduler.start();
    await third;
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(errors).toHaveLength(1);
    // Stopped: the timer is gone, so no tick follows.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorder.deliveries()).toBe(3);
  });
});

describeEachStore('the scheduler on a store', (fixture) => {
  let second: Store;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    second =
      fixture.location.engine === 'postgres' ? await openStore(fixture.location) : fixture.store;
  });
  afterAll(async () => {
    if (second && second !== fixture.store) await second.close();
  });

  it('runs the daily check once a day from the daily hour, over several ticks', async () => {
    let clock = new Date('2026-05-04T05:00:00Z');
    const services = {
      releases: new ReleaseService(fixture.store.db, () => clock),
      warnings: new WarningService(fixture.store.db, { now: () => clock }),
      outbox: new OutboxSender(fixture.store.db),
      tickLock: new TickLock(fixture.store.db),
    };
    const runs: WarningRunSummary[] = [];
    const log: SchedulerLog = {
      info: (object) => {
        if ('summary' in object) runs.push((object as { summary: WarningRunSummary }).summary);
      },
      warn: () => undefined,
      error: (object) => {
        throw new Error(JSON.stringify(object));
      },
    };
    const scheduler = createScheduler(
      services,
      { intervalMs: 60_000, dailyCheckHourUtc: 6 },
      log,
      () => clock,
    );
    const jobRun = () =>
      fixture.store.db
        .selectFrom('jobRun')
        .selectAll()
        .where('job', '=', 'warnings')
        .where('day', '=', '2026-05-04')
        .executeTakeFirst();
    await scheduler.tick();
    expect(await jobRun()).toBeUndefined();
    clock = new Date('2026-05-04T06:05:00Z');
    await scheduler.tick();
    clock = new Date('2026-05-04T06:10:00Z');
    await scheduler.tick();
    expect(runs.map((run) => run.run)).toEqual(['claimed']);
    const row = await jobRun();
    expect(row?.finishedAt).toBe('2026-05-04T06:05:00.000Z');
    expect(JSON.parse(row!.summary!)).toMatchObject({ day: '2026-05-04', run: 'claimed' });
  });

  it('lets one instance at a time run a tick (PostgreSQL); SQLite serves one process', async () => {
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holding = new TickLock(fixture.store.db).run(async () => {
      entered();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await inside;
    let ranBeside = false;
    const beside = new TickLock(second.db).run(async () => {
      ranBeside = true;
    });
    if (fixture.location.engine === 'postgres') {
      expect(await beside).toBe(false);
      expect(ranBeside).toBe(false);
      release();
      expect(await holding).toBe(true);
      // Released with its transaction: the next tick gets it.
      expect(await new TickLock(second.db).run(async () => undefined)).toBe(true);
    } else {
      release();
      expect(await holding).toBe(true);
      expect(await beside).toBe(true);
    }
  });

  it('takes over a claim left unfinished past its lease, and only then', async () => {
    const crashed = new WarningService(fixture.store.db, {
      now: () => new Date('2026-05-05T06:00:00Z'),
      instance: 'crashed',
    });
    await fixture.store.db
      .insertInto('jobRun')
      .values({
        job: 'warnings',
        day: '2026-05-05',
        instance: 'crashed',
        startedAt: '2026-05-05T06:00:00.000Z',
        finishedAt: null,
        summary: null,
      })
      .execute();
    const soon = new WarningService(fixture.store.db, {
      now: () => new Date('2026-05-05T06:59:00Z'),
      instance: 'other',
    });
    expect((await soon.runDaily('2026-05-05')).run).toBe('skipped');
    const later = new WarningService(fixture.store.db, {
      now: () => new Date('2026-05-05T07:01:00Z'),
      instance: 'other',
    });
    expect((await later.runDaily('2026-05-05')).run).toBe('taken_over');
    expect((await crashed.lastRun('2026-05-05'))?.instance).toBe('other');
    expect((await later.runDaily('2026-05-05')).run).toBe('skipped');
  });
});
