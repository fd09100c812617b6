/**
 * The daily check on a timeline of days (the clock and the day are set by
 * the test): warnings fire on the right day, once; escalations reach the
 * supervising unit once, not before; updates and done work resolve them; the
 * day's notices go out as one digest e-mail through a real SMTP exchange and
 * as signed webhook calls to a real HTTP receiver; concurrent runs, on
 * PostgreSQL from two connections, send nothing twice.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/connect.js';
import { AccessService } from '../access.service.js';
import { verifyAudit } from '../audit.service.js';
import { ensureDefaults } from '../defaults.service.js';
import { principalOf, PASSWORD } from '../../test-support/access.js';
import { startSmtpCatcher, type SmtpCatcher } from '../../test-support/smtp.js';
import { describeEachStore } from '../../test-support/stores.js';
import { insertTask, markMilestoneDone, postUpdate } from '../../test-support/task-rows.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { DigestService } from './digest.js';
import { Notices } from './notices.js';
import { OutboxSender, RETRY_DELAYS_MINUTES } from './outbox.js';
import { WarningService } from './warning.service.js';
import { WebhookService } from './webhook.service.js';

const PUBLIC_URL = 'https://planwatch.example.gov.cn';
const at = (day: string, time = '07:00:00') => new Date(`${day}T${time}.000Z`);

describeEachStore('the daily early-warning check', (fixture) => {
  let clock = at('2026-03-30');
  const now = () => clock;
  let catcher: SmtpCatcher;
  let receiver: WebhookReceiver;
  let hookSecret = '';
  let warnings: WarningService;
  let sender: OutboxSender;
  const users: Record<string, number> = {};
  const tasks: Record<string, number> = {};

  const db = () => fixture.store.db;

  function servicesOn(store: Store, instance: string) {
    const mail = { smtpUrl: catcher.url, from: 'Planwatch <planwatch@test.example>' };
    return {
      warnings: new WarningService(store.db, {
        now,
        instance,
        digests: new DigestService(store.db, { now, publicUrl: PUBLIC_URL }),
      }),
      sender: new OutboxSender(store.db, { mail }),
    };
  }

  async function runDay(day: string, force = false) {
    clock = at(day);
    const summary = await warnings.runDaily(day, { force });
    await sender.deliverDue(clock);
    return summary;
  }

  const warningsOf = (task: string) =>
    db()
      .selectFrom('warning')
      .selectAll()
      .where('taskId', '=', tasks[task]!)
      .orderBy('id')
      .execute();

  const noticesOf = (user: string, stage?: string) => {
    let query = db()
      .selectFrom('notification')
      .selectAll()
      .where('userId', '=', users[user]!)
      .orderBy('id');
    if (stage) query = query.where('stage', '=', stage);
    return query.execute();
  };

  beforeAll(async () => {
    await ensureDefaults(db());
    catcher = await startSmtpCatcher();
    receiver = await startWebhookReceiver();
    ({ warnings, sender } = servicesOn(fixture.store, 'instance-a'));
    const access = new AccessService(db());
    const system = { name: 'system:test', ip: null };
    for (const [username, role, orgUnitCode, email] of [
      ['hubei-rep', 'reporter', '420000', 'rep@hubei.example'],
      ['hubei-coord', 'coordinator', '420000', null],
      ['cn-coord', 'coordinator', 'CN', 'office@nation.example'],
      ['wuhan-rep', 'reporter', '420100', null],
    ] as const) {
      const user = await access.createUser(
        null,
        {
          username,
          displayName: username,
          password: PASSWORD,
          roles: [{ role, orgUnitCode }],
          email,
        },
        system,
      );
      users[username] = user.id;
    }
    const hubeiCoordinator = await principalOf(access, await access.getUser(users['hubei-coord']!));
    hookSecret = (
      await new WebhookService(db(), now).create(
        hubeiCoordinator,
        { orgUnitCode: '420000', url: receiver.url },
        system,
      )
    ).secret;

    // Due 31 March; updated the day before, so only its deadline speaks.
    tasks.overdue = await insertTask(db(), {
      title: 'Broadband for every village',
      leadUnit: '420000',
      assignedBy: 'CN',
      startOn: '2026-03-01',
      dueOn: '2026-03-31',
      update: { status: 'on_track', reportedOn: '2026-03-30' },
    });
    tasks.milestone = await insertTask(db(), {
      title: 'City data platform',
      leadUnit: '420100',
      assignedBy: '420000',
      startOn: '2026-03-01',
      dueOn: '2026-12-31',
      milestones: [{ title: 'Draft plan', dueOn: '2026-04-15' }],
      update: { status: 'on_track', reportedOn: '2026-03-25' },
    });
    // Never updated since its start on 1 March: stale from 31 March (30 days).
    tasks.stale = await insertTask(db(), {
      title: 'County e-government',
      leadUnit: '420100',
      assignedBy: '420000',
      startOn: '2026-03-01',
      dueOn: '2026-12-31',
    });
    tasks.done = await insertTask(db(), {
      title: 'Finished survey',
      leadUnit: '420000',
      assignedBy: 'CN',
      startOn: '2026-01-01',
      dueOn: '2026-02-28',
      milestones: [{ title: 'Questionnaire', dueOn: '2026-02-01' }],
      update: { status: 'done', reportedOn: '2026-02-27' },
    });
    // Begins on 31 March: from then on it should move its indicators.
    tasks.indicators = await insertTask(db(), {
      title: 'Online retail programme',
      leadUnit: '420000',
      assignedBy: 'CN',
      startOn: '2026-03-31',
      dueOn: '2026-12-31',
      indicators: ['ecommerce_volume', 'fixed_broadband_per_100'],
      update: { status: 'on_track', reportedOn: '2026-03-31' },
    });
    tasks.hubeiStale = await insertTask(db(), {
      title: 'Provincial data centre',
      leadUnit: '420000',
      assignedBy: 'CN',
      startOn: '2026-03-01',
      dueOn: '2026-12-31',
    });
  });

  afterAll(async () => {
    sender?.close();
    await catcher?.close();
    await receiver?.close();
  });

  it('30 March: 29 days without an update is not stale yet; a task not begun hears nothing of its indicators', async () => {
    const summary = await runDay('2026-03-30');
    expect(summary).toMatchObject({ run: 'claimed', failures: [] });
    for (const task of ['overdue', 'milestone', 'stale', 'indicators', 'hubeiStale'])
      expect(await warningsOf(task), task).toEqual([]);
    expect(catcher.messages).toEqual([]);
  });

  it('31 March: nothing is overdue on the due day; a task without updates for 30 days is stale', async () => {
    const summary = await runDay('2026-03-31');
    expect(summary).toMatchObject({ run: 'claimed', failures: [] });
    expect(await warningsOf('overdue')).toEqual([]);
    expect(await warningsOf('milestone')).toEqual([]);
    expect(await warningsOf('stale')).toMatchObject([
      { kind: 'no_update', since: '2026-03-31', orgUnitCode: '420100', resolvedOn: null },
    ]);
  });

  it('one digest e-mail per person carries all the day’s notices, addressed right, with a bilingual subject', async () => {
    // hubei-rep: the stale provincial task and the indicator off track; hubei-coord has no address.
    expect(catcher.messages).toHaveLength(1);
    const [mail] = catcher.messages;
    expect(mail!.to).toEqual(['rep@hubei.example']);
    expect(mail!.from).toBe('planwatch@test.example');
    expect(mail!.subject).toBe('Planwatch: 2 notices / 2 条提醒');
    expect(mail!.text).toContain(`${PUBLIC_URL}/tasks/${tasks.hubeiStale}`);
    expect(mail!.text).toContain(`${PUBLIC_URL}/tasks/${tasks.indicators}`);
    expect(mail!.text).toContain('"Provincial data centre"');
    expect(mail!.text).toContain('"Online retail programme"');
    const notices = await noticesOf('hubei-rep');
    expect(notices).toHaveLength(2);
    const outbox = await db()
      .selectFrom('outbox')
      .selectAll()
      .where('key', '=', `digest:${users['hubei-rep']}:2026-03-31`)
      .executeTakeFirstOrThrow();
    expect(outbox).toMatchObject({ status: 'sent', attempts: 1, destination: 'rep@hubei.example' });
    expect(notices.every((notice) => notice.emailedIn === outbox.id)).toBe(true);
    // Without an address: the inbox only.
    expect(await noticesOf('hubei-coord')).toHaveLength(2);
    expect((await noticesOf('hubei-coord')).every((notice) => notice.emailedIn === null)).toBe(
      true,
    );
  });

  it('webhooks of the province receive each warning in its subtree once, signed with the hook’s secret', async () => {
    expect(receiver.calls).toHaveLength(3); // the stale Wuhan task, the stale provincial task, the indicator
    for (const call of receiver.calls) {
      const expected = createHmac('sha256', hookSecret).update(call.body).digest('hex');
      expect(call.method).toBe('POST');
      expect(call.headers['x-planwatch-signature']).toBe(`sha256=${expected}`);
      expect(call.headers['x-planwatch-event']).toBe('warning.raised');
      expect(call.headers['content-type']).toBe('application/json');
      const body = JSON.parse(call.body) as { event: string; warning: { key: string } };
      expect(body.event).toBe('warning.raised');
    }
    const deliveries = receiver.calls.map((call) => call.headers['x-planwatch-delivery']);
    expect(new Set(deliveries).size).toBe(3);
    const kinds = receiver.calls.map(
      (call) => (JSON.parse(call.body) as { warning: { kind: string } }).warning.kind,
    );
    expect(kinds.sort()).toEqual(['indicator_off_track', 'no_update', 'no_update']);
  });

  it('1 April: overdue is raised; running the day twice, forced, and the next day changes nothing', async () => {
    const first = await runDay('2026-04-01');
    expect(first.run).toBe('claimed');
    expect(await warningsOf('overdue')).toMatchObject([
      {
        kind: 'overdue',
        since: '2026-04-01',
        raisedOn: '2026-04-01',
        orgUnitCode: '420000',
        escalationUnitCode: 'CN',
        escalatedOn: null,
        resolvedOn: null,
      },
    ]);
    const message = (await warningsOf('overdue'))[0]!.message;
    expect(message).toContain(`task #${tasks.overdue} "Broadband for every village"`);
    expect(message).toContain('(420000)');
    expect(message).toContain('Overdue since 2026-04-01');
    expect(message).toContain('湖北省');

    const again = await runDay('2026-04-01');
    expect(again).toMatchObject({ run: 'skipped', raised: 0, tasksChecked: 0 });
    const forced = await runDay('2026-04-01', true);
    expect(forced).toMatchObject({ run: 'forced', raised: 0, escalated: 0, resolved: 0 });
    await runDay('2026-04-02');

    expect(await warningsOf('overdue')).toHaveLength(1);
    const key = `warning:${(await warningsOf('overdue'))[0]!.key}`;
    for (const owner of ['hubei-rep', 'hubei-coord']) {
      const told = (await noticesOf(owner)).filter((notice) => notice.dedupeKey === key);
      expect(told, owner).toHaveLength(1);
      expect(told[0]!.link).toBe(`/tasks/${tasks.overdue}`);
    }
    // The overdue notice went out in the 1 April digest, and nothing after it.
    const overdueMails = catcher.messages.filter((mail) =>
      mail.text.includes('"Broadband for every village"'),
    );
    expect(overdueMails).toHaveLength(1);
    expect(overdueMails[0]!.subject).toBe('Planwatch: 1 notice / 1 条提醒');
  });

  it('a milestone is due soon exactly dueSoonDays (14) before its date, and not escalated', async () => {
    const [warning] = await warningsOf('milestone');
    expect(warning).toMatchObject({
      kind: 'milestone_due_soon',
      milestone: 'Draft plan',
      since: '2026-04-01',
      raisedOn: '2026-04-01',
    });
    expect(await warningsOf('milestone')).toHaveLength(1);
    expect(await noticesOf('wuhan-rep', 'warning')).toEqual(
      expect.arrayContaining([expect.objectContaining({ warningId: warning!.id })]),
    );
  });

  it('an update resolves "no update"; a milestone done resolves "due soon"', async () => {
    await postUpdate(db(), tasks.stale!, 'on_track', '2026-04-03');
    const summary = await runDay('2026-04-03');
    expect(summary.resolved).toBe(1);
    expect(await warningsOf('stale')).toMatchObject([
      { kind: 'no_update', resolvedOn: '2026-04-03', escalatedOn: null },
    ]);
    await markMilestoneDone(db(), tasks.milestone!, 'Draft plan', '2026-04-05');
    await runDay('2026-04-07');
    expect(await warningsOf('milestone')).toMatchObject([
      { kind: 'milestone_due_soon', resolvedOn: '2026-04-07' },
    ]);
  });

  it('escalates the overdue task to the supervising unit on 8 April (7 days), not before, once', async () => {
    // 7 April was run by the test before.
    expect((await warningsOf('overdue'))[0]!.escalatedOn).toBeNull();
    const key = `escalation:${(await warningsOf('overdue'))[0]!.key}`;
    expect((await noticesOf('cn-coord')).filter((n) => n.dedupeKey === key)).toEqual([]);

    const summary = await runDay('2026-04-08');
    expect(summary.escalated).toBe(1);
    await runDay('2026-04-09');
    await runDay('2026-04-08', true);
    expect((await warningsOf('overdue'))[0]!.escalatedOn).toBe('2026-04-08');
    const escalations = (await noticesOf('cn-coord')).filter((n) => n.dedupeKey === key);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.subject).toMatch(/^Escalated: Overdue since 2026-04-01/);
    // Escalations go to the supervisors only; the stale Wuhan task was resolved before it could.
    expect(await noticesOf('hubei-rep', 'escalation')).toEqual([]);
    expect(await noticesOf('hubei-coord', 'escalation')).toEqual([]);
    const mails = catcher.messages.filter((mail) => mail.to.includes('office@nation.example'));
    expect(mails.filter((mail) => mail.text.includes('Broadband for every village'))).toHaveLength(
      1,
    );
  });

  it('warns the owners of tasks linked to an indicator off track, once, and escalates it after 7 days', async () => {
    const found = await warningsOf('indicators');
    // ecommerce_volume's 2025 target needs acceleration (not final); fixed broadband is on track.
    expect(found).toMatchObject([
      {
        kind: 'indicator_off_track',
        indicatorCode: 'ecommerce_volume',
        key: `indicator_off_track:ecommerce_volume:2025:acceleration_needed:${tasks.indicators}`,
        since: '2026-03-31',
        escalatedOn: '2026-04-07',
        resolvedOn: null,
      },
    ]);
    expect(found[0]!.message).toContain('"Online retail programme"');
    expect(found[0]!.message).toContain('acceleration needed');
  });

  it('a done task gets nothing; a task done later has its warnings resolved', async () => {
    expect(await warningsOf('done')).toEqual([]);
    await postUpdate(db(), tasks.hubeiStale!, 'done', '2026-04-09');
    await runDay('2026-04-10');
    const resolved = await warningsOf('hubeiStale');
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.every((warning) => warning.resolvedOn === '2026-04-10')).toBe(true);
  });

  it('records every change in the audit log, whose chain holds', async () => {
    const entries = await db()
      .selectFrom('auditLog')
      .select(['action', 'entityId', 'afterJson'])
      .where('action', '=', 'warning.check')
      .where('entityId', '=', String(tasks.overdue))
      .orderBy('seq')
      .execute();
    // Raised on 1 April, escalated on 8 April; the runs that changed nothing wrote nothing.
    expect(entries.map((entry) => JSON.parse(entry.afterJson!) as { day: string })).toMatchObject([
      { day: '2026-04-01', raised: [expect.stringMatching(/^overdue:/)] },
      { day: '2026-04-08', escalated: [expect.stringMatching(/^overdue:/)] },
    ]);
    expect(await verifyAudit(db())).toMatchObject({ ok: true });
  });

  it('a forced run of an earlier day leaves the warnings raised after it open', async () => {
    const summary = await runDay('2026-03-20', true);
    expect(summary).toMatchObject({ run: 'claimed', resolved: 0, raised: 0 });
    expect(await warningsOf('overdue')).toMatchObject([
      { kind: 'overdue', escalatedOn: '2026-04-08', resolvedOn: null },
    ]);
    expect((await warningsOf('indicators'))[0]!.resolvedOn).toBeNull();
  });

  describe('concurrent runs', () => {
    let second: Store;
    let other: ReturnType<typeof servicesOn>;

    beforeAll(async () => {
      // PostgreSQL: a second instance on its own connections; SQLite: one server, its one connection.
      second =
        fixture.location.engine === 'postgres' ? await openStore(fixture.location) : fixture.store;
      other = servicesOn(second, 'instance-b');
    });
    afterAll(async () => {
      other?.sender.close();
      if (second && second !== fixture.store) await second.close();
    });

    it('claim the day once, and forced together they tell nobody twice nor send anything twice', async () => {
      tasks.late = await insertTask(db(), {
        title: 'Late pilot',
        leadUnit: '420000',
        assignedBy: 'CN',
        startOn: '2026-04-01',
        dueOn: '2026-04-10',
        update: { status: 'delayed', reportedOn: '2026-04-10' },
      });
      clock = at('2026-04-11');
      const runs = await Promise.all([
        warnings.runDaily('2026-04-11'),
        other.warnings.runDaily('2026-04-11'),
      ]);
      expect(runs.map((run) => run.run).sort()).toEqual(['claimed', 'skipped']);

      tasks.later = await insertTask(db(), {
        title: 'Later pilot',
        leadUnit: '420000',
        assignedBy: 'CN',
        startOn: '2026-04-01',
        dueOn: '2026-04-11',
        update: { status: 'delayed', reportedOn: '2026-04-11' },
      });
      clock = at('2026-04-12');
      const forced = await Promise.all([
        warnings.runDaily('2026-04-12', { force: true }),
        other.warnings.runDaily('2026-04-12', { force: true }),
      ]);
      expect(forced.flatMap((run) => run.failures)).toEqual([]);
      expect(forced[0].raised + forced[1].raised).toBe(1);
      expect(forced[0].digestsQueued + forced[1].digestsQueued).toBe(1);
      expect(await warningsOf('later')).toHaveLength(1);
      const laterWarning = (await warningsOf('later'))[0]!;
      for (const owner of ['hubei-rep', 'hubei-coord']) {
        const notices = await noticesOf(owner, 'warning');
        expect(new Set(notices.map((n) => n.dedupeKey)).size).toBe(notices.length);
        expect(notices.filter((n) => n.warningId === laterWarning.id)).toHaveLength(1);
      }

      const mailsBefore = catcher.messages.length;
      const callsBefore = receiver.calls.length;
      const reports = await Promise.all([sender.deliverDue(clock), other.sender.deliverDue(clock)]);
      const sentNow = reports[0].sent + reports[1].sent;
      const pending = await db()
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .execute();
      expect(pending).toEqual([]);
      expect(catcher.messages.length - mailsBefore + receiver.calls.length - callsBefore).toBe(
        sentNow,
      );
      // Over the whole timeline: every webhook delivery once, every digest once.
      const deliveries = receiver.calls.map((call) => call.headers['x-planwatch-delivery']);
      expect(new Set(deliveries).size).toBe(deliveries.length);
      const sentMails = await db()
        .selectFrom('outbox')
        .select('id')
        .where('channel', '=', 'email')
        .where('status', '=', 'sent')
        .execute();
      expect(catcher.messages).toHaveLength(sentMails.length);
    });
  });

  describe('webhook delivery failures', () => {
    let failing: WebhookReceiver;
    let hookId = 0;

    beforeAll(async () => {
      failing = await startWebhookReceiver();
      const access = new AccessService(db());
      const office = await principalOf(access, await access.getUser(users['cn-coord']!));
      // Hunan has no tasks here: only the events this test queues go to this hook.
      hookId = (
        await new WebhookService(db(), now).create(
          office,
          { orgUnitCode: '430000', url: failing.url },
          { name: 'system:test', ip: null },
        )
      ).id;
    });
    afterAll(async () => failing?.close());

    const queue = async (eventKey: string) => {
      await new Notices(db(), now).toWebhooks('430000', eventKey, { event: 'test.retry' });
      return db()
        .selectFrom('outbox')
        .selectAll()
        .where('key', '=', `webhook:${hookId}:${eventKey}`)
        .executeTakeFirstOrThrow();
    };
    const row = (id: number) =>
      db().selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('a receiver answering 500 is retried after a minute, then the call is sent', async () => {
      clock = at('2026-04-20');
      const queued = await queue('retry-then-sent');
      failing.respondWith(500);
      expect(await sender.deliverDue(clock)).toMatchObject({ sent: 0, retrying: 1 });
      expect(await row(queued.id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: expect.stringContaining('HTTP 500'),
        nextAttemptAt: at('2026-04-20', '07:01:00').toISOString(),
      });
      // Not due yet 59 seconds later.
      expect(await sender.deliverDue(at('2026-04-20', '07:00:59'))).toMatchObject({
        sent: 0,
        retrying: 0,
      });
      expect(failing.calls).toHaveLength(1);
      failing.respondWith(204);
      expect(await sender.deliverDue(at('2026-04-20', '07:01:00'))).toMatchObject({ sent: 1 });
      expect(await row(queued.id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(failing.calls).toHaveLength(2);
      // The same delivery id both times: a receiver can tell a retry from a new event.
      expect(failing.calls[0]!.headers['x-planwatch-delivery']).toBe(String(queued.id));
      expect(failing.calls[1]!.headers['x-planwatch-delivery']).toBe(String(queued.id));
      expect(failing.calls[1]!.body).toBe(failing.calls[0]!.body);
    });

    it('backs off 1 min, 5 min, 30 min, 2 h, 12 h and gives up after the sixth attempt', async () => {
      failing.respondWith(500);
      const start = at('2026-04-21');
      clock = start;
      const queued = await queue('always-failing');
      let attemptAt = start;
      for (const [index, minutes] of RETRY_DELAYS_MINUTES.entries()) {
        await sender.deliverDue(attemptAt);
        const next = new Date(attemptAt.getTime() + minutes * 60_000);
        expect(await row(queued.id)).toMatchObject({
          status: 'pending',
          attempts: index + 1,
          nextAttemptAt: next.toISOString(),
        });
        attemptAt = next;
      }
      expect(await sender.deliverDue(attemptAt)).toMatchObject({ failed: 1 });
      expect(await row(queued.id)).toMatchObject({ status: 'failed', attempts: 6 });
      expect(await sender.deliverDue(new Date(attemptAt.getTime() + 86_400_000))).toMatchObject({
        sent: 0,
        retrying: 0,
        failed: 0,
      });
    });

    it('a removed webhook is not called: what was queued for it fails at once', async () => {
      const access = new AccessService(db());
      const office = await principalOf(access, await access.getUser(users['cn-coord']!));
      failing.respondWith(200);
      clock = at('2026-04-22');
      const queued = await queue('after-removal');
      await new WebhookService(db(), now).remove(office, hookId, { name: 'system:test', ip: null });
      const calls = failing.calls.length;
      expect(await sender.deliverDue(clock)).toMatchObject({ failed: 1 });
      expect(await row(queued.id)).toMatchObject({ status: 'failed', attempts: 1 });
      expect(failing.calls).toHaveLength(calls);
    });
  });
});
