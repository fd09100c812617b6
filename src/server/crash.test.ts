/**
 * Crash safety of the server (issue 9): the built server is killed with
 * SIGKILL while clients are writing (a large import, form approvals,
 * evaluation runs), then started again on the same store. It must start,
 * its audit chain and aggregates must verify, every write a client got a 2xx
 * for must be there, nothing may be half written, and the audit log must
 * name exactly the writes that were kept.
 *
 * Each write is one transaction with its audit entry, so a kill can only cut
 * between transactions; these tests check that this holds for the whole
 * process, from the HTTP answer to the disk.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationRanking } from '../api/evaluation-contract.js';
import type { Role } from '../core/access/policy.js';
import type { OrgUnitLevel } from '../core/org-units.js';
import { openStore, SQLITE_FILE_NAME, type Db, type Engine } from '../db/connect.js';
import { AccessService } from '../services/access.service.js';
import { ensureDefaults } from '../services/defaults.service.js';
import { PASSWORD } from '../test-support/access.js';
import { runCli } from '../test-support/cli.js';
import { NIDS_ANNUAL_VALUES } from '../test-support/clocked-api.js';
import {
  HttpClient,
  startServerProcess,
  type ServerProcess,
} from '../test-support/server-process.js';
import { createStoreLocation, engines, type StoreLocation } from '../test-support/stores.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Method = 'GET' | 'PUT' | 'POST';

interface Reply {
  status: number;
  body: unknown;
}

/**
 * Every request sent while the server lives: those answered with a 2xx are
 * acknowledged (the client was told the write is done), the rest were in
 * flight when the server died. Anything other than a 2xx before the kill is
 * a failure of the test's traffic, reported as such.
 */
class Ledger {
  acknowledged = 0;
  inFlight = 0;
  killed = false;
  readonly unexpected: string[] = [];

  /** The reply when it is a 2xx; null when the request got no answer (the server died). */
  async send(
    client: HttpClient,
    method: Method,
    url: string,
    body?: object | string,
    contentType?: string,
  ): Promise<Reply | null> {
    if (this.killed) return null;
    this.inFlight += 1;
    try {
      const reply = await client.send(method, url, body, contentType);
      if (reply.status >= 200 && reply.status < 300) {
        this.acknowledged += 1;
        return reply;
      }
      this.unexpected.push(`${method} ${url}: ${reply.status} ${reply.text.slice(0, 500)}`);
      return null;
    } catch (error) {
      if (!this.killed) this.unexpected.push(`${method} ${url}: ${String(error)}`);
      return null;
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Resolves once `count` requests were acknowledged; rejects when the traffic ran dry first. */
  async acknowledgedAtLeast(count: number, clients: Promise<unknown>): Promise<void> {
    let ended = false;
    void clients.finally(() => (ended = true));
    while (this.acknowledged < count) {
      if (ended || this.unexpected.length > 0)
        throw new Error(
          `the clients stopped after ${this.acknowledged} acknowledged requests: ${this.unexpected.join('\n')}`,
        );
      await sleep(2);
    }
  }
}

interface TestUser {
  username: string;
  role: Role;
  orgUnitCode: string;
}

const users = (prefix: string, count: number, role: Role): TestUser[] =>
  Array.from({ length: count }, (_, i) => ({
    username: `${prefix}-${i + 1}`,
    role,
    orgUnitCode: 'CN',
  }));

/** Audit entries of some actions, in chain order. */
async function auditEntries(db: Db, actions: string[]) {
  return db
    .selectFrom('auditLog')
    .select(['seq', 'action', 'entityId', 'beforeJson', 'afterJson'])
    .where('action', 'in', actions)
    .orderBy('seq')
    .execute();
}

describe.each(engines)('the server killed with SIGKILL [%s]', (engine: Engine) => {
  let location: StoreLocation | null = null;
  let server: ServerProcess | null = null;

  afterEach(async () => {
    await server?.stop();
    server = null;
    await location?.dispose();
    location = null;
  });

  /** A new store with the defaults and the users; `lookups` reads what the traffic needs from it. */
  async function prepareStore<T>(people: TestUser[], lookups: (db: Db) => Promise<T>): Promise<T> {
    location = await createStoreLocation(engine);
    const store = await openStore(location);
    try {
      await ensureDefaults(store.db);
      const access = new AccessService(store.db);
      for (const { username, role, orgUnitCode } of people) {
        await access.createUser(
          null,
          { username, displayName: username, password: PASSWORD, roles: [{ role, orgUnitCode }] },
          { name: 'system:test', ip: null },
        );
      }
      return await lookups(store.db);
    } finally {
      await store.close();
    }
  }

  async function startServer(): Promise<ServerProcess> {
    // No scheduled work: the only writes are the test's own.
    server = await startServerProcess({
      dataDir: location!.dataDir,
      databaseUrl: location!.databaseUrl,
      env: { PLANWATCH_SCHEDULER: 'off' },
    });
    return server;
  }

  async function signIn(people: TestUser[]): Promise<HttpClient[]> {
    return Promise.all(
      people.map(({ username }) => HttpClient.signIn(server!.baseUrl, username, PASSWORD)),
    );
  }

  /** Kills the server now; the traffic stops and every request still open is unacknowledged. */
  async function crash(ledger: Ledger): Promise<void> {
    ledger.killed = true;
    expect(await server!.kill()).toBe('SIGKILL');
  }

  /**
   * Starts the server again on the store left by the kill, and runs `check`
   * on a connection of the test's own. The store must open (migrations,
   * locks), and on SQLite be intact.
   */
  async function restartAndCheck(check: (db: Db) => Promise<void>): Promise<ServerProcess> {
    const restarted = await startServer();
    const store = await openStore(location!);
    try {
      if (store.engine === 'sqlite') {
        const result = await sql<{
          integrity_check: string;
        }>`pragma integrity_check`.execute(store.db.withoutPlugins());
        expect(result.rows).toEqual([{ integrity_check: 'ok' }]);
      }
      await check(store.db);
    } finally {
      await store.close();
    }
    return restarted;
  }

  /** `planwatch audit verify` and `planwatch analytics verify` on the store, as an operator would. */
  async function verifyWithCli(): Promise<void> {
    const env = {
      PLANWATCH_DATA: location!.dataDir,
      DATABASE_URL: location!.databaseUrl ?? undefined,
    };
    const audit = await runCli(['audit', 'verify'], env);
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/^Audit log intact: \d+ entries verified\n$/);
    const analytics = await runCli(['analytics', 'verify'], env);
    expect(analytics.stderr).toBe('');
    expect(analytics.code).toBe(0);
    expect(analytics.stdout).toMatch(/^Aggregates consistent: /);
  }

  it('during a large import: the import is all or nothing, and acknowledged imports are kept', async () => {
    const importer = { username: 'importer', role: 'reporter', orgUnitCode: 'CN' } as const;
    const entrants = users('entrant', 2, 'reporter');
    const { counties, prefectures, indicators } = await prepareStore(
      [importer, ...entrants],
      async (db) => {
        const codes = async (level: OrgUnitLevel) =>
          (
            await db
              .selectFrom('orgUnit')
              .select('code')
              .where('level', '=', level)
              .orderBy('code')
              .execute()
          ).map((row) => row.code);
        const numeric = await db
          .selectFrom('indicator')
          .select('code')
          .where('kind', '=', 'numeric')
          .orderBy('code')
          .execute();
        return {
          counties: await codes('county'),
          prefectures: await codes('prefecture'),
          indicators: numeric.map((row) => row.code),
        };
      },
    );
    // The large file: county values of most indicators. The small imports write other
    // indicators of prefectures, so they never wait on the large one's value locks.
    expect(indicators.length).toBeGreaterThanOrEqual(12);
    const bigIndicators = indicators.slice(0, indicators.length - 4);
    const smallIndicators = indicators.slice(indicators.length - 4);
    // SQLite: large enough that the write outgrows the page cache, so pages of the unfinished
    // transaction reach the write-ahead log before its commit. PostgreSQL writes as it goes,
    // and needs only an insert that takes a while.
    const bigYears = ['2016', '2017', '2018', '2019', '2020', '2021', '2022'].slice(
      0,
      engine === 'sqlite' ? 7 : 4,
    );
    const lines = ['indicator,org_unit,period,value'];
    for (const indicator of bigIndicators)
      for (const county of counties)
        for (const year of bigYears)
          lines.push(`${indicator},${county},${year},${lines.length % 9973}`);
    const csv = `${lines.join('\n')}\n`;
    const bigRows = lines.length - 1;
    expect(bigRows).toBeGreaterThan(engine === 'sqlite' ? 150_000 : 100_000);
    const bigSha256 = createHash('sha256').update(csv).digest('hex');

    /** The values of small import n: one prefecture and year of its own, so none overwrites another. */
    const smallImport = (n: number) => ({
      orgUnit: prefectures[n % prefectures.length]!,
      period: String(2000 + Math.floor(n / prefectures.length)),
      values: smallIndicators.map((indicator, k) => ({ indicator, value: n + k / 10 })),
    });

    await startServer();
    const [bigClient, ...entrantClients] = await signIn([importer, ...entrants]);
    const ledger = new Ledger();
    let bigAnswered: string | null = null;
    const big = ledger
      .send(
        bigClient!,
        'POST',
        '/api/imports?fileName=counties.csv',
        csv,
        'text/csv; charset=utf-8',
      )
      .then((reply) => {
        bigAnswered = reply
          ? `answered ${reply.status} ${JSON.stringify(reply.body)}`
          : `refused: ${ledger.unexpected.join('; ')}`;
        return reply;
      });
    const sent: number[] = [];
    const acknowledged = new Map<number, string>();
    let next = 0;
    const entrantTraffic = Promise.all(
      entrantClients.map(async (client) => {
        while (!ledger.killed) {
          const n = next++;
          sent.push(n);
          const { orgUnit, period, values } = smallImport(n);
          const reply = await ledger.send(client, 'POST', '/api/data-values/import', {
            values: values.map((value) => ({ ...value, orgUnit, period })),
          });
          if (reply) acknowledged.set(n, (reply.body as { sha256: string }).sha256);
          // Paced: the server's one thread also reads the large file meanwhile.
          await sleep(50);
        }
      }),
    );

    // Killed while the large import writes into the store.
    await waitForLargeWrite(engine, location!, () => bigAnswered);
    const answeredBeforeKill = bigAnswered;
    await crash(ledger);
    expect(answeredBeforeKill, 'the large import was answered before the kill').toBeNull();
    await Promise.all([big, entrantTraffic]);
    expect(ledger.unexpected).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(0);

    server = await restartAndCheck(async (db) => {
      // The large import: every row or none, with its audit entry exactly when its rows are there.
      const bigStored = await db
        .selectFrom('dataValue')
        .innerJoin('orgUnit', 'orgUnit.code', 'dataValue.orgUnitCode')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('orgUnit.level', '=', 'county')
        .where('dataValue.indicatorCode', 'in', bigIndicators)
        .executeTakeFirstOrThrow();
      const imports = await auditEntries(db, ['data.import']);
      const bigAudited = imports.filter((entry) => entry.entityId === bigSha256).length;
      expect([0, bigRows]).toContain(Number(bigStored.n));
      expect(bigAudited).toBe(Number(bigStored.n) === bigRows ? 1 : 0);

      // Each small import: all its values or none; every acknowledged one kept.
      const stored = await db
        .selectFrom('dataValue')
        .select(['indicatorCode', 'orgUnitCode', 'period', 'value'])
        .where('indicatorCode', 'in', smallIndicators)
        .where('orgUnitCode', 'in', prefectures)
        .execute();
      const storedValues = new Map(
        stored.map((row) => [`${row.indicatorCode}|${row.orgUnitCode}|${row.period}`, row.value]),
      );
      let kept = 0;
      for (const n of sent) {
        const { orgUnit, period, values } = smallImport(n);
        const found = values.filter(
          ({ indicator, value }) => storedValues.get(`${indicator}|${orgUnit}|${period}`) === value,
        ).length;
        expect([0, values.length], `small import ${n}`).toContain(found);
        if (acknowledged.has(n)) expect(found, `acknowledged import ${n}`).toBe(values.length);
        if (found > 0) kept += 1;
      }
      expect(storedValues.size).toBe(kept * smallIndicators.length);
      // The audit log names every kept import, acknowledged ones by their hash, and no other.
      expect(imports.length).toBe(kept + bigAudited);
      const audited = new Set(imports.map((entry) => entry.entityId));
      for (const sha256 of acknowledged.values()) expect(audited).toContain(sha256);
    });

    // The restarted server takes writes: no lock or half-done state was left behind.
    const [after] = await signIn([entrants[0]!]);
    const { orgUnit, period, values } = smallImport(next);
    const reply = await after!.send('POST', '/api/data-values/import', {
      values: values.map((value) => ({ ...value, orgUnit, period })),
    });
    expect(reply.status, reply.text).toBe(200);
    await verifyWithCli();
  });

  it('during form saves, submissions and approvals from several clients: none lost or half done', async () => {
    const reporters = users('reporter', 3, 'reporter');
    const reviewers = users('reviewer', 3, 'reviewer');
    const provinces = await prepareStore([...reporters, ...reviewers], async (db) =>
      (
        await db
          .selectFrom('orgUnit')
          .select('code')
          .where('level', '=', 'province')
          .orderBy('code')
          .execute()
      ).map((row) => row.code),
    );
    // Provinces report to the nation only: a reviewer at CN approves them in one step.
    interface Item {
      orgUnit: string;
      period: string;
      values: { indicator: string; value: number; comment: string }[];
      /** The last step the server acknowledged. */
      acknowledged: 'none' | 'saved' | 'submitted' | 'approved';
      /** Approved together with this item, all or nothing. */
      partner: Item | null;
    }
    const items: Item[] = [];
    for (const period of ['2023', '2024'])
      for (const orgUnit of provinces) {
        const n = items.length;
        items.push({
          orgUnit,
          period,
          values: NIDS_ANNUAL_VALUES.map(({ indicator, value }) => ({
            indicator,
            value: value * (1 + n / 1000),
            comment: 'crash test',
          })),
          acknowledged: 'none',
          partner: null,
        });
      }

    await startServer();
    const reporterClients = await signIn(reporters);
    const reviewerClients = await signIn(reviewers);
    const ledger = new Ledger();
    const form = (item: Item) =>
      `/api/data-sets/nids-annual/form?orgUnit=${item.orgUnit}&period=${item.period}`;
    const reportItem = async (client: HttpClient, item: Item) => {
      if (!(await ledger.send(client, 'PUT', form(item), { values: item.values }))) return false;
      item.acknowledged = 'saved';
      const ref = { orgUnit: item.orgUnit, period: item.period };
      if (!(await ledger.send(client, 'POST', '/api/data-sets/nids-annual/submit', ref)))
        return false;
      item.acknowledged = 'submitted';
      return true;
    };
    // Each client reports two items, then approves both in one request.
    const traffic = Promise.all(
      reporterClients.map(async (reporter, c) => {
        const mine = items.filter((_, i) => i % reporterClients.length === c);
        for (let i = 0; i + 1 < mine.length && !ledger.killed; i += 2) {
          const pair = [mine[i]!, mine[i + 1]!];
          pair[0]!.partner = pair[1]!;
          pair[1]!.partner = pair[0]!;
          if (!(await reportItem(reporter, pair[0]!))) return;
          if (!(await reportItem(reporter, pair[1]!))) return;
          const approved = await ledger.send(
            reviewerClients[c]!,
            'POST',
            '/api/data-sets/nids-annual/approve',
            { items: pair.map(({ orgUnit, period }) => ({ orgUnit, period })) },
          );
          if (!approved) return;
          for (const item of pair) item.acknowledged = 'approved';
        }
      }),
    );

    await ledger.acknowledgedAtLeast(20, traffic);
    await sleep(Math.random() * 200);
    expect(ledger.inFlight).toBeGreaterThan(0);
    await crash(ledger);
    await traffic;
    expect(ledger.unexpected).toEqual([]);
    const acknowledgedApprovals = items.filter((item) => item.acknowledged === 'approved').length;
    expect(acknowledgedApprovals).toBeGreaterThan(0);

    server = await restartAndCheck(async (db) => {
      const submissions = new Map(
        (
          await db
            .selectFrom('submission')
            .select(['orgUnitCode', 'period', 'state', 'approvedLevels'])
            .execute()
        ).map((row) => [`${row.orgUnitCode}/${row.period}`, row]),
      );
      const values = await db
        .selectFrom('dataValue')
        .select(['orgUnitCode', 'period', 'indicatorCode', 'value', 'disaggregation'])
        .where('orgUnitCode', 'in', provinces)
        .execute();
      const audit = await auditEntries(db, [
        'data_set.save_values',
        'submission.submit',
        'submission.approve',
      ]);
      // What the store says happened to each item: its values, its state, its audit entries.
      const stateOf = (item: Item) => {
        const key = `${item.orgUnit}/${item.period}`;
        const submission = submissions.get(key);
        const stored = values.filter(
          (row) => row.orgUnitCode === item.orgUnit && row.period === item.period,
        );
        const actions = audit
          .filter((entry) => entry.entityId === `nids-annual/${key}`)
          .map((entry) => entry.action);
        return { submission, stored, actions };
      };
      const order = ['none', 'saved', 'submitted', 'approved'] as const;
      for (const item of items) {
        const { submission, stored, actions } = stateOf(item);
        const where = `${item.orgUnit} ${item.period} (acknowledged: ${item.acknowledged})`;
        // The values: all of the form or none, as sent.
        if (stored.length > 0) {
          expect(
            stored
              .map((row) => [row.indicatorCode, row.disaggregation, row.value])
              .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
            where,
          ).toEqual(
            item.values
              .map(({ indicator, value }) => [indicator, '', value])
              .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
          );
        }
        const reached =
          submission?.state === 'approved'
            ? 'approved'
            : submission?.state === 'submitted'
              ? 'submitted'
              : stored.length > 0
                ? 'saved'
                : 'none';
        expect(submission?.state ?? 'draft', where).not.toBe('returned');
        if (reached === 'approved') expect(submission?.approvedLevels, where).toBe(1);
        // At least what was acknowledged, and at most the one step that was in flight.
        const step = order.indexOf(item.acknowledged);
        expect(order.indexOf(reached), where).toBeGreaterThanOrEqual(step);
        expect(order.indexOf(reached), where).toBeLessThanOrEqual(step + 1);
        // Exactly one audit entry per step the store shows.
        expect(actions, where).toEqual(
          [
            ['data_set.save_values', 'saved'],
            ['submission.submit', 'submitted'],
            ['submission.approve', 'approved'],
          ]
            .filter(([, s]) => order.indexOf(s as Item['acknowledged']) <= order.indexOf(reached))
            .map(([action]) => action),
        );
        // A bulk approval is all or nothing.
        if (item.partner && reached === 'approved') {
          const partner = stateOf(item.partner);
          expect(partner.submission?.state, `${where}: its partner`).toBe('approved');
        }
      }
    });

    // The restarted server takes the next pair through to approval.
    const [reporter] = await signIn([reporters[0]!]);
    const [reviewer] = await signIn([reviewers[0]!]);
    const fresh = { orgUnit: provinces[0]!, period: '2022' };
    const saved = await reporter!.send(
      'PUT',
      `/api/data-sets/nids-annual/form?orgUnit=${fresh.orgUnit}&period=${fresh.period}`,
      { values: NIDS_ANNUAL_VALUES },
    );
    expect(saved.status, saved.text).toBe(200);
    const submitted = await reporter!.send('POST', '/api/data-sets/nids-annual/submit', fresh);
    expect(submitted.status, submitted.text).toBe(200);
    const approved = await reviewer!.send('POST', '/api/data-sets/nids-annual/approve', {
      items: [fresh],
    });
    expect(approved.status, approved.text).toBe(200);
    await verifyWithCli();
  });

  it('during evaluation runs from several clients: every acknowledged run kept or replaced by a later one', async () => {
    const office = users('office', 3, 'coordinator');
    await prepareStore(office, async () => undefined);
    // Each client runs 2017, which all run, and a year of its own, in turn; a run replaces its
    // year's draft, so concurrent runs of 2017 must leave one draft, not one each.
    const yearsOf = (c: number) => [2017, 2018 + c];
    await startServer();
    const clients = await signIn(office);
    const ledger = new Ledger();
    /** Acknowledged run ids by year, in the order they were answered. */
    const acknowledged = new Map<number, number[]>();
    const traffic = Promise.all(
      clients.map(async (client, c) => {
        for (let round = 0; !ledger.killed && round < 100; round += 1) {
          const year = yearsOf(c)[round % 2]!;
          const reply = await ledger.send(client, 'POST', `/api/evaluations/${year}/runs`, {
            cutoffOn: `${year + 1}-03-31`,
          });
          if (!reply) return;
          const run = (reply.body as EvaluationRanking).run;
          expect(run.year).toBe(year);
          acknowledged.set(year, [...(acknowledged.get(year) ?? []), run.id]);
        }
      }),
    );

    await ledger.acknowledgedAtLeast(6, traffic);
    await sleep(Math.random() * 300);
    expect(ledger.inFlight).toBeGreaterThan(0);
    await crash(ledger);
    await traffic;
    expect(ledger.unexpected).toEqual([]);

    server = await restartAndCheck(async (db) => {
      const runs = await db.selectFrom('evaluationRun').select(['id', 'year', 'status']).execute();
      const scores = await db
        .selectFrom('evaluationScore')
        .select(['runId', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('runId')
        .execute();
      const created = await auditEntries(db, ['evaluation_run.create']);
      const createdIds = created.map((entry) => Number(entry.entityId));
      const replacedIds = created.flatMap(
        (entry) =>
          (JSON.parse(entry.beforeJson ?? '{}') as { replacedDrafts?: number[] }).replacedDrafts ??
          [],
      );
      // One draft per year, no more: a replaced run is gone with its scores.
      for (const year of new Set(runs.map((run) => run.year))) {
        const drafts = runs.filter((run) => run.year === year && run.status === 'draft');
        expect(drafts, `drafts of ${year}`).toHaveLength(1);
      }
      expect(runs.every((run) => run.status === 'draft')).toBe(true);
      // Every acknowledged run is the year's draft, or a later run replaced it.
      for (const [year, ids] of acknowledged) {
        const draft = runs.find((run) => run.year === year)!;
        expect(draft, `year ${year}`).toBeDefined();
        expect(draft.id).toBeGreaterThanOrEqual(Math.max(...ids));
        for (const id of ids) expect(createdIds).toContain(id);
      }
      // The audit log accounts for every run: each created one is kept or named as replaced, once.
      expect([...runs.map((run) => run.id), ...replacedIds].sort((a, b) => a - b)).toEqual(
        [...createdIds].sort((a, b) => a - b),
      );
      // Each kept run has every score its audit entry counted.
      for (const run of runs) {
        const entry = created.find((e) => Number(e.entityId) === run.id)!;
        const units = (JSON.parse(entry.afterJson!) as { units: number }).units;
        expect(Number(scores.find((s) => s.runId === run.id)?.n ?? 0), `run ${run.id}`).toBe(units);
      }
      expect(scores.every((s) => runs.some((run) => run.id === s.runId))).toBe(true);
    });

    const [client] = await signIn([office[0]!]);
    const rerun = await client!.send('POST', '/api/evaluations/2017/runs', {
      cutoffOn: '2018-03-31',
    });
    expect(rerun.status, rerun.text).toBe(201);
    await verifyWithCli();
  });
});

/**
 * Waits until the large import is writing into the store, not yet committed.
 * SQLite: one connection holds the write lock and has put at least 4 MiB
 * into the write-ahead log (no small import writes that much). PostgreSQL:
 * its insert into data_value has been running for a while (a small import's
 * takes milliseconds).
 */
async function waitForLargeWrite(
  engine: Engine,
  location: StoreLocation,
  answered: () => string | null,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  const tooLate = () => {
    const answer = answered();
    if (answer !== null)
      throw new Error(`the large import was never seen writing; it was ${answer}`);
    if (Date.now() > deadline) throw new Error('the large import was never seen writing');
  };
  if (engine === 'sqlite') {
    const file = path.join(location.dataDir, SQLITE_FILE_NAME);
    const probe = new SQLite(file);
    try {
      probe.pragma('busy_timeout = 0');
      const wal = `${file}-wal`;
      const walSize = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
      /** The log's size when the current holder of the write lock was first seen; null: unlocked. */
      let walAtLock: number | null = null;
      for (;;) {
        tooLate();
        let locked = false;
        try {
          // Taken and given back at once, in one synchronous step: the server never waits on it.
          probe.exec('begin immediate');
          probe.exec('rollback');
        } catch {
          locked = true;
        }
        if (!locked) walAtLock = null;
        else if (walAtLock === null) walAtLock = walSize();
        else if (walSize() > walAtLock + 4 * (1 << 20)) return;
        await sleep(5);
      }
    } finally {
      probe.close();
    }
  }
  const client = new pg.Client({ connectionString: location.databaseUrl! });
  await client.connect();
  try {
    for (;;) {
      tooLate();
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
           and query like '%insert into data_value (%' and now() - query_start > interval '200 milliseconds'`,
      );
      if (rows[0]!.n > 0) return;
      await sleep(20);
    }
  } finally {
    await client.end();
  }
}
