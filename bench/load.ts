/**
 * `npm run bench:load`: the mixed load of issue 9. For each set-up it makes a
 * fresh store, creates the simulated users on it, starts the built server
 * (`node bin/planwatch.js serve`, after `npm run build:server`) and, from a
 * second process (a fork of this script), runs the virtual users for the
 * duration:
 *
 *   - reporters of prefectures: sign in, enter a value (PUT /api/data-values,
 *     sometimes changed again with its version), load, save and submit their
 *     nids-annual form for one year after another (a unit and year of their own:
 *     every key has one writer, so the final check is exact);
 *   - reviewers of provinces: read the province's review queue and approve
 *     what waits for them (two reviewers share some provinces: they race);
 *   - everyone: dashboard reads (plan progress, indicator progress,
 *     completeness, analytics cells); now and then a user signs in again.
 *
 * Set-ups: SQLite with one instance; PostgreSQL with two instances on one
 * database (the scheduler on in the first only), the users spread over both
 * round robin. After the run the load stops, the servers stop, and the store
 * is read directly: every acknowledged (2xx) write must be there with its
 * value, every acknowledged submission and approval with its state. Then
 * `planwatch audit verify` and `planwatch analytics verify`.
 *
 *   npm run bench:load                                 # both set-ups, 120 s each, 200 users
 *   npm run bench:load -- --engine sqlite --duration 30
 *   npm run bench:load -- --users 100 --no-build
 *
 * PostgreSQL: PLANWATCH_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * names a database to connect to for creating the run's database, dropped after.
 *
 * Every request comes from 127.0.0.1, so the servers run with TRUST_PROXY=true
 * and each virtual user sends an X-Forwarded-For address of its own: the
 * sign-in limit (10 a minute per address) then applies per user, as it would
 * behind a proxy, instead of refusing all but the first ten sign-ins.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '../src/db/connect.js';
import { AccessService } from '../src/services/access.service.js';
import { ensureDefaults } from '../src/services/defaults.service.js';

const root = path.resolve(import.meta.dirname, '..');
const DATA_SET = 'nids-annual';
const PLAN = 'nids-2016';
const PASSWORD = 'load test password 2016';
/** Years the reporters fill in, newest first (2025 is the last ended year of the run's data). */
const FIRST_YEAR = 2025;
const LAST_YEAR = 1950;
/** The form's required values; constant so the outlier check never blocks a submission. */
const FORM_VALUES = [
  { indicator: 'fixed_broadband_subscribers', disaggregation: '', value: 0.004 },
  { indicator: 'fixed_broadband_subscribers', disaggregation: 'AREA=URBAN', value: 0.003 },
  { indicator: 'fixed_broadband_subscribers', disaggregation: 'AREA=RURAL', value: 0.001 },
  { indicator: 'internet_users', disaggregation: '', value: 0.0068 },
  { indicator: 'mobile_phone_users', disaggregation: '', value: 0.011 },
  { indicator: 'users_5g', disaggregation: '', value: 0.005 },
  { indicator: 'base_stations_5g', disaggregation: '', value: 0.15 },
] as const;
/** Entered alone through PUT /api/data-values; no outlier check, below mobile_phone_users. */
const SINGLE_INDICATOR = 'users_4g';

type Engine = 'sqlite' | 'postgres';

interface VirtualUser {
  username: string;
  role: 'reporter' | 'reviewer';
  orgUnit: string;
  province: string;
  /** The server this user talks to. */
  base: string;
  /** Its own client address (X-Forwarded-For). */
  address: string;
}

interface WorkerPlan {
  users: VirtualUser[];
  durationMs: number;
  thinkMs: number;
  rampMs: number;
}

interface ValueWrite {
  indicator: string;
  orgUnit: string;
  period: string;
  disaggregation: string;
  value: number;
}

interface SubmissionAck {
  orgUnit: string;
  period: string;
  state: string;
  approvedLevels: number;
}

interface WorkerResult {
  elapsedMs: number;
  latencies: Record<string, number[]>;
  statuses: Record<string, Record<string, number>>;
  networkErrors: Record<string, number>;
  /** Approvals refused with 403 because the province's other reviewer approved the items first. */
  raceRefusals: number;
  /** The last acknowledged value of every key written. */
  values: ValueWrite[];
  /** The last acknowledged state of every submission acted on. */
  submissions: SubmissionAck[];
  /** Values attempted without an answer, by key: the store may hold one of them. */
  uncertainValues: Record<string, number[]>;
  /** Submissions an unanswered approval may have moved on. */
  uncertainSubmissions: string[];
  acknowledgedValueWrites: number;
  acknowledgedSubmissionActions: number;
  failures: string[];
}

// ---------------------------------------------------------------------------
// The load generator: runs in the forked process.
// ---------------------------------------------------------------------------

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

async function runWorker(plan: WorkerPlan): Promise<WorkerResult> {
  const started = performance.now();
  const deadline = started + plan.durationMs;
  const latencies: Record<string, number[]> = {};
  const statuses: Record<string, Record<string, number>> = {};
  const networkErrors: Record<string, number> = {};
  const values = new Map<string, ValueWrite>();
  const submissions = new Map<string, SubmissionAck>();
  const failures: string[] = [];
  let acknowledgedValueWrites = 0;
  let acknowledgedSubmissionActions = 0;
  let raceRefusals = 0;
  /*
   * Writes that got no answer (a 5xx or a broken connection) may still have
   * committed: the store may then hold the attempt rather than the last
   * acknowledged value. Such keys are told apart, not counted as lost.
   */
  const uncertainValues: Record<string, number[]> = {};
  const uncertainSubmissions = new Set<string>();
  const unanswered = (error: unknown) => !(error instanceof HttpError) || error.status >= 500;
  /** Submitted forms by province: the reviewers' inbox (the queue read is the truth). */
  const inbox = new Map<string, Map<string, Set<string>>>();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const think = () => sleep(Math.random() * plan.thinkMs * 2);
  const running = () => performance.now() < deadline;

  const ackValue = (write: ValueWrite) => {
    acknowledgedValueWrites += 1;
    values.set(
      `${write.indicator}|${write.orgUnit}|${write.period}|${write.disaggregation}`,
      write,
    );
  };
  const ackSubmission = (ack: SubmissionAck) => {
    acknowledgedSubmissionActions += 1;
    submissions.set(`${ack.orgUnit}|${ack.period}`, ack);
  };
  const fail = (what: string, error: unknown) => {
    if (failures.length < 20)
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  };

  class Client {
    private cookie = '';
    private csrf = '';
    constructor(private readonly user: VirtualUser) {}

    async request<T>(
      kind: string,
      method: string,
      url: string,
      body?: unknown,
    ): Promise<{ status: number; json: T }> {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'x-forwarded-for': this.user.address,
      };
      if (this.cookie) headers.cookie = this.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const begin = performance.now();
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${this.user.base}${url}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        text = await response.text();
      } catch (error) {
        networkErrors[kind] = (networkErrors[kind] ?? 0) + 1;
        throw error;
      }
      (latencies[kind] ??= []).push(performance.now() - begin);
      const byStatus = (statuses[kind] ??= {});
      byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
      if (kind === 'sign_in' && response.ok) {
        const session = response.headers
          .getSetCookie()
          .find((cookie) => cookie.startsWith('planwatch_session='));
        if (session) this.cookie = session.split(';')[0]!;
      }
      if (!response.ok) throw new HttpError(response.status, text);
      return { status: response.status, json: (text ? JSON.parse(text) : null) as T };
    }

    async signIn(): Promise<void> {
      const { json } = await this.request<{ csrfToken: string }>(
        'sign_in',
        'POST',
        '/api/session',
        { username: this.user.username, password: PASSWORD },
      );
      this.csrf = json.csrfToken;
    }
  }

  const dashboardReads = (user: VirtualUser, period: string): [string, string][] => [
    ['read_progress', `/api/progress?plan=${PLAN}&orgUnit=${user.province}`],
    ['read_indicator_progress', `/api/indicators/internet_users/progress?orgUnit=${user.province}`],
    [
      'read_completeness',
      `/api/data-sets/${DATA_SET}/completeness?period=${period}&under=${user.orgUnit}`,
    ],
    [
      'read_analytics',
      `/api/analytics/cells?indicator=internet_users,${SINGLE_INDICATOR}&children=${user.province}&period=${period}`,
    ],
  ];

  async function readDashboard(client: Client, user: VirtualUser, period: string): Promise<void> {
    const reads = dashboardReads(user, period);
    const count = 1 + Math.floor(Math.random() * 2);
    for (let i = 0; i < count && running(); i += 1) {
      const [kind, url] = reads[Math.floor(Math.random() * reads.length)]!;
      await client.request(kind, 'GET', url).catch(() => undefined);
    }
  }

  interface FormRowView {
    indicator: string;
    disaggregation: string;
    version: number | null;
  }

  async function reportYear(client: Client, user: VirtualUser, period: string): Promise<void> {
    const unit = user.orgUnit;
    // A single value, then (sometimes) a correction naming the version it saw.
    let value = Number(`${period}.${randomBytes(2).readUInt16BE(0)}`) / 1e6;
    const write = (expectedVersion?: number) =>
      client
        .request<{ version: number }>('write_value', 'PUT', '/api/data-values', {
          indicatorCode: SINGLE_INDICATOR,
          orgUnitCode: unit,
          period,
          value,
          comment: null,
          ...(expectedVersion ? { expectedVersion, reason: 'load test correction' } : {}),
        })
        .catch((error: unknown) => {
          if (unanswered(error))
            (uncertainValues[`${SINGLE_INDICATOR}|${unit}|${period}|`] ??= []).push(value);
          throw error;
        });
    let version: number;
    try {
      version = (await write()).json.version;
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 409)) throw error;
      // Already stored (a value of the shipped data): change it from the version on record.
      const { json } = await client.request<{ items: { version: number; basis: string }[] }>(
        'read_values',
        'GET',
        `/api/data-values?indicator=${SINGLE_INDICATOR}&orgUnit=${unit}&period=${period}`,
      );
      const current = json.items.find((item) => item.basis === '');
      version = (await write(current?.version)).json.version;
    }
    ackValue({ indicator: SINGLE_INDICATOR, orgUnit: unit, period, disaggregation: '', value });
    if (Math.random() < 0.3 && running()) {
      value = value + 0.000001;
      await write(version);
      ackValue({ indicator: SINGLE_INDICATOR, orgUnit: unit, period, disaggregation: '', value });
    }
    await think();

    // The form: load it, save the values with the versions loaded, submit.
    const form = `/api/data-sets/${DATA_SET}/form?orgUnit=${unit}&period=${period}`;
    for (let attempt = 1; ; attempt += 1) {
      const { json } = await client.request<{ rows: FormRowView[] }>('read_form', 'GET', form);
      const versions = new Map(
        json.rows.map((row) => [`${row.indicator}|${row.disaggregation}`, row.version]),
      );
      try {
        await client.request('save_form', 'PUT', form, {
          values: FORM_VALUES.map((row) => {
            const expectedVersion = versions.get(`${row.indicator}|${row.disaggregation}`);
            return expectedVersion ? { ...row, expectedVersion } : row;
          }),
        });
        break;
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 409) || attempt >= 3) throw error;
      }
    }
    for (const row of FORM_VALUES) ackValue({ ...row, orgUnit: unit, period });
    await think();
    if (!running()) return;
    const { json: submitted } = await client.request<{
      submission: { state: string; approvedLevels: number };
    }>('submit', 'POST', `/api/data-sets/${DATA_SET}/submit`, { orgUnit: unit, period });
    ackSubmission({ orgUnit: unit, period, ...submitted.submission });
    const byPeriod = inbox.get(user.province) ?? new Map<string, Set<string>>();
    inbox.set(user.province, byPeriod);
    const units = byPeriod.get(period) ?? new Set<string>();
    byPeriod.set(period, units);
    units.add(unit);
  }

  async function reporter(user: VirtualUser): Promise<void> {
    const client = new Client(user);
    await client.signIn();
    for (let year = FIRST_YEAR; year >= LAST_YEAR && running(); year -= 1) {
      const period = String(year);
      try {
        await reportYear(client, user, period);
      } catch (error) {
        fail(`${user.username} ${period}`, error);
      }
      if (!running()) break;
      await readDashboard(client, user, period);
      if (Math.random() < 0.05) await client.signIn().catch(() => undefined);
      await think();
    }
    // Out of years (or time): the rest of the run the reporter only reads.
    while (running()) {
      await readDashboard(client, user, String(FIRST_YEAR));
      await think();
    }
  }

  interface QueueItem {
    orgUnit: { code: string };
    period: string;
    canAct: boolean;
  }

  async function reviewer(user: VirtualUser): Promise<void> {
    const client = new Client(user);
    await client.signIn();
    while (running()) {
      const byPeriod = inbox.get(user.province);
      const period = byPeriod && [...byPeriod.keys()].sort().at(-1);
      if (!byPeriod || !period) {
        await readDashboard(client, user, String(FIRST_YEAR));
        await sleep(50 + Math.random() * plan.thinkMs * 2);
        continue;
      }
      // What the read covers: forms submitted before it; ones submitted meanwhile wait for the next.
      const seen = [...(byPeriod.get(period) ?? [])];
      try {
        const { json } = await client.request<{ items: QueueItem[] }>(
          'read_queue',
          'GET',
          `/api/data-sets/${DATA_SET}/submissions?period=${period}&state=submitted&under=${user.province}`,
        );
        const waiting = json.items.filter((item) => item.canAct);
        const units = byPeriod.get(period);
        for (const unit of seen) units?.delete(unit);
        if (units?.size === 0) byPeriod.delete(period);
        await think();
        if (waiting.length > 0 && running()) {
          const items = waiting.map((item) => ({
            orgUnit: item.orgUnit.code,
            period: item.period,
          }));
          const { json: approved } = await client
            .request<{ approved: SubmissionAck[] }>(
              'approve',
              'POST',
              `/api/data-sets/${DATA_SET}/approve`,
              { items },
            )
            .catch((error: unknown) => {
              if (unanswered(error))
                for (const item of items)
                  uncertainSubmissions.add(`${item.orgUnit}|${item.period}`);
              throw error;
            });
          for (const ack of approved.approved) ackSubmission(ack);
        }
      } catch (error) {
        // The other reviewer of the province approved first (all or nothing): the items now
        // wait for the nation, which this reviewer may not approve (403), or changed (409).
        const lostRace =
          error instanceof HttpError &&
          (error.status === 409 ||
            (error.status === 403 && error.body.includes('waits for the nation level')));
        if (lostRace && error.status === 403) raceRefusals += 1;
        else if (!lostRace) fail(user.username, error);
      }
      await readDashboard(client, user, period);
      if (Math.random() < 0.05) await client.signIn().catch(() => undefined);
      await think();
    }
  }

  await Promise.all(
    plan.users.map(async (user, index) => {
      // A ramp-up: the sign-ins (0.1 s of scrypt each) spread out rather than all at once.
      await sleep((index / plan.users.length) * plan.rampMs);
      try {
        await (user.role === 'reporter' ? reporter(user) : reviewer(user));
      } catch (error) {
        fail(user.username, error);
      }
    }),
  );
  return {
    elapsedMs: performance.now() - started,
    latencies,
    statuses,
    networkErrors,
    raceRefusals,
    values: [...values.values()],
    uncertainValues,
    uncertainSubmissions: [...uncertainSubmissions],
    submissions: [...submissions.values()],
    acknowledgedValueWrites,
    acknowledgedSubmissionActions,
    failures,
  };
}

// ---------------------------------------------------------------------------
// The bench: stores, servers, the forked generator, the check and the figures.
// ---------------------------------------------------------------------------

interface Location {
  engine: Engine;
  dataDir: string;
  databaseUrl: string | null;
  dispose(): Promise<void>;
}

const adminUrl = process.env.PLANWATCH_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function createLocation(engine: Engine): Promise<Location> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-bench-load-'));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'sqlite')
    return { engine, dataDir, databaseUrl: null, dispose: async () => removeDir() };
  const name = `planwatch_load_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    engine,
    dataDir,
    databaseUrl: url.toString(),
    dispose: async () => {
      removeDir();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** The store with its defaults and the users: reporters of prefectures, reviewers of their provinces. */
async function prepareStore(
  location: Location,
  userCount: number,
): Promise<Omit<VirtualUser, 'base'>[]> {
  const store = await openStore(location);
  try {
    await ensureDefaults(store.db);
    const prefectures = await store.db
      .selectFrom('orgUnit')
      .select(['code', 'parentCode'])
      .where('level', '=', 'prefecture')
      .orderBy('code')
      .execute();
    const byProvince = new Map<string, string[]>();
    for (const unit of prefectures) {
      const list = byProvince.get(unit.parentCode!) ?? [];
      list.push(unit.code);
      byProvince.set(unit.parentCode!, list);
    }
    // Prefectures taken round robin over the provinces, so every province has reporters.
    const spread: { code: string; province: string }[] = [];
    const queues = [...byProvince.entries()].map(([province, codes]) => ({ province, codes }));
    while (queues.some((queue) => queue.codes.length > 0))
      for (const queue of queues) {
        const code = queue.codes.shift();
        if (code) spread.push({ code, province: queue.province });
      }
    const reviewerCount = Math.max(1, Math.round(userCount / 4));
    const reporterCount = userCount - reviewerCount;
    if (reporterCount > spread.length)
      throw new Error(`--users ${userCount}: only ${spread.length} prefectures to report for`);
    const reporters = spread.slice(0, reporterCount);
    const provinces = [...new Set(reporters.map((unit) => unit.province))];
    const users: Omit<VirtualUser, 'base'>[] = [
      ...reporters.map((unit, index) => ({
        username: `load-reporter-${index + 1}`,
        role: 'reporter' as const,
        orgUnit: unit.code,
        province: unit.province,
        address: '',
      })),
      ...Array.from({ length: reviewerCount }, (_, index) => ({
        username: `load-reviewer-${index + 1}`,
        role: 'reviewer' as const,
        orgUnit: provinces[index % provinces.length]!,
        province: provinces[index % provinces.length]!,
        address: '',
      })),
    ].map((user, index) => ({
      ...user,
      address: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${(index & 255) + 1}`,
    }));
    const access = new AccessService(store.db);
    for (const user of users)
      await access.createUser(
        null,
        {
          username: user.username,
          displayName: user.username,
          password: PASSWORD,
          roles: [{ role: user.role, orgUnitCode: user.orgUnit }],
        },
        { name: 'system:bench', ip: null },
      );
    return users;
  } finally {
    await store.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function storeEnv(location: Location): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    PLANWATCH_DATA: location.dataDir,
    DATABASE_URL: location.databaseUrl ?? '',
    LOG_LEVEL: 'warn',
  };
}

async function startServer(
  location: Location,
  scheduler: boolean,
  logFile: string,
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [path.join(root, 'bin/planwatch.js'), 'serve'], {
    cwd: root,
    env: {
      ...storeEnv(location),
      PORT: String(port),
      HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      PLANWATCH_SCHEDULER: scheduler ? 'on' : 'off',
      PLANWATCH_PUBLIC_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not answer /api/health within 120 s');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Forks this script as the load generator and waits for its result. */
function runGenerator(plan: WorkerPlan): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ['--worker'], { stdio: 'inherit' });
    let result: WorkerResult | undefined;
    child.once('message', (message) => {
      result = message as WorkerResult;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`the load generator exited with ${code}`)),
    );
    child.send(plan);
  });
}

/** Reads the store directly: which acknowledged writes are missing or different. */
async function checkStore(
  location: Location,
  result: WorkerResult,
): Promise<{ checked: number; lost: string[]; unansweredCommitted: number }> {
  const store = await openStore(location, { migrate: false });
  const lost: string[] = [];
  let unansweredCommitted = 0;
  try {
    const units = [...new Set(result.values.map((write) => write.orgUnit))];
    const stored = new Map<string, number>();
    if (units.length > 0) {
      const rows = await store.db
        .selectFrom('dataValue')
        .select(['indicatorCode', 'orgUnitCode', 'period', 'disaggregation', 'value'])
        .where('orgUnitCode', 'in', units)
        .where('basis', '=', '')
        .execute();
      for (const row of rows)
        stored.set(
          `${row.indicatorCode}|${row.orgUnitCode}|${row.period}|${row.disaggregation}`,
          Number(row.value),
        );
    }
    for (const write of result.values) {
      const key = `${write.indicator}|${write.orgUnit}|${write.period}|${write.disaggregation}`;
      const value = stored.get(key);
      if (value === write.value) continue;
      if (value !== undefined && result.uncertainValues[key]?.includes(value))
        unansweredCommitted += 1;
      else lost.push(`value ${key}: acknowledged ${write.value}, stored ${value}`);
    }
    const submissionRows = await store.db
      .selectFrom('submission')
      .innerJoin('dataSet', 'dataSet.id', 'submission.dataSetId')
      .select(['submission.orgUnitCode', 'submission.period', 'state', 'approvedLevels'])
      .where('dataSet.code', '=', DATA_SET)
      .execute();
    const states = new Map(
      submissionRows.map((row) => [
        `${row.orgUnitCode}|${row.period}`,
        `${row.state}/${row.approvedLevels}`,
      ]),
    );
    for (const ack of result.submissions) {
      const key = `${ack.orgUnit}|${ack.period}`;
      const expected = `${ack.state}/${ack.approvedLevels}`;
      const state = states.get(key);
      if (state === expected) continue;
      const [, levels] = (state ?? '/').split('/');
      if (result.uncertainSubmissions.includes(key) && Number(levels) > ack.approvedLevels)
        unansweredCommitted += 1;
      else lost.push(`submission ${key}: acknowledged ${expected}, stored ${state}`);
    }
  } finally {
    await store.close();
  }
  return {
    checked: result.values.length + result.submissions.length,
    lost,
    unansweredCommitted,
  };
}

/** The errors a server logged, by message (its log is JSON lines at warn and above). */
function summariseLog(file: string): string {
  const messages = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { message?: string };
      };
      const key = `${entry.level === 40 ? 'warn' : 'error'} ${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
      messages.set(key, (messages.get(key) ?? 0) + 1);
    } catch {
      messages.set(line.slice(0, 120), (messages.get(line.slice(0, 120)) ?? 0) + 1);
    }
  }
  if (messages.size === 0) return 'nothing at warn or above';
  return [...messages.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([message, count]) => `${count} x ${message}`)
    .join('; ');
}

function runCli(location: Location, args: string[]): { ok: boolean; output: string } {
  const run = spawnSync(process.execPath, [path.join(root, 'bin/planwatch.js'), ...args], {
    cwd: root,
    env: storeEnv(location),
    encoding: 'utf8',
  });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(n < 10 ? 1 : 0));

/** 409 (a stale version, a lock, a race between reviewers) is the system refusing correctly. */
const EXPECTED_STATUSES = new Set([409]);

function printFigures(label: string, result: WorkerResult): { unexpected: number } {
  const seconds = result.elapsedMs / 1000;
  const kinds = Object.keys(result.latencies).sort();
  const all = kinds.flatMap((kind) => result.latencies[kind]!);
  const rows = [
    ...kinds.map((kind) => [kind, result.latencies[kind]!] as const),
    ['all', all] as const,
  ];
  console.log(
    `\n${label}: ${all.length.toLocaleString('en-US')} requests in ${seconds.toFixed(1)} s = ${(all.length / seconds).toFixed(1)} req/s`,
  );
  console.log(
    `${'operation'.padEnd(24)} ${'requests'.padStart(8)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  statuses`,
  );
  for (const [kind, samples] of rows) {
    const sorted = [...samples].sort((a, b) => a - b);
    const codes =
      kind === 'all'
        ? ''
        : Object.entries(result.statuses[kind] ?? {})
            .map(([code, count]) => `${code}:${count}`)
            .join(' ');
    console.log(
      `${kind.padEnd(24)} ${String(sorted.length).padStart(8)} ${(sorted.length / seconds).toFixed(1).padStart(7)} ${ms(percentile(sorted, 50)).padStart(7)} ${ms(percentile(sorted, 95)).padStart(7)} ${ms(percentile(sorted, 99)).padStart(7)}  ${codes}`,
    );
  }
  let expected = 0;
  let otherClient = 0;
  let server = 0;
  const detail: string[] = [];
  for (const [kind, codes] of Object.entries(result.statuses))
    for (const [code, count] of Object.entries(codes)) {
      const status = Number(code);
      if (status < 400) continue;
      if (EXPECTED_STATUSES.has(status)) expected += count;
      else if (status < 500) otherClient += count;
      else server += count;
      detail.push(`${kind} ${code}: ${count}`);
    }
  const network = Object.values(result.networkErrors).reduce((sum, n) => sum + n, 0);
  otherClient -= result.raceRefusals;
  console.log(
    `errors: expected (409 conflicts, ${result.raceRefusals} approvals lost to the other reviewer with 403) ${expected + result.raceRefusals}; other 4xx ${otherClient}; 5xx ${server}; network ${network}${detail.length ? ` (${detail.join(', ')})` : ''}`,
  );
  if (result.failures.length)
    console.log(`first unexpected failures:\n  ${result.failures.join('\n  ')}`);
  return { unexpected: otherClient + server + network };
}

async function runSetup(
  engine: Engine,
  userCount: number,
  durationMs: number,
  thinkMs: number,
): Promise<boolean> {
  const instances = engine === 'postgres' ? 2 : 1;
  const label = `${engine}, ${instances} instance${instances > 1 ? 's' : ''}, ${userCount} users, ${durationMs / 1000} s`;
  console.log(`\n=== ${label}`);
  const location = await createLocation(engine);
  const servers: ChildProcess[] = [];
  const logDir = path.join(os.tmpdir(), 'planwatch-bench-load');
  fs.mkdirSync(logDir, { recursive: true });
  const logFiles: string[] = [];
  try {
    const users = await prepareStore(location, userCount);
    const bases: string[] = [];
    for (let i = 0; i < instances; i += 1) {
      // Only the first instance runs the scheduled work, as a deployment would.
      const logFile = path.join(logDir, `${engine}-${i + 1}.log`);
      logFiles.push(logFile);
      const server = await startServer(location, i === 0, logFile);
      servers.push(server.child);
      bases.push(server.base);
    }
    const reporters = users.filter((user) => user.role === 'reporter').length;
    console.log(
      `${reporters} reporters of prefectures, ${users.length - reporters} reviewers of provinces; servers ${bases.join(', ')}`,
    );
    const result = await runGenerator({
      users: users.map((user, index) => ({ ...user, base: bases[index % bases.length]! })),
      durationMs,
      thinkMs,
      rampMs: Math.min(20_000, durationMs / 4),
    });
    for (const server of servers.splice(0)) await stopServer(server);
    const { unexpected } = printFigures(label, result);
    console.log(
      `load average after the run: ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')} (the generator, the servers and the database share the machine)`,
    );
    const { checked, lost, unansweredCommitted } = await checkStore(location, result);
    console.log(
      `acknowledged writes: ${result.acknowledgedValueWrites} value writes, ${result.acknowledgedSubmissionActions} submissions and approvals; final states checked in the store: ${checked}; lost: ${lost.length}${unansweredCommitted ? `; superseded by a later write that got no answer (5xx/network) but committed: ${unansweredCommitted}` : ''}`,
    );
    for (const line of lost.slice(0, 10)) console.log(`  LOST ${line}`);
    for (const file of logFiles) console.log(`server log ${file}: ${summariseLog(file)}`);
    const audit = runCli(location, ['audit', 'verify']);
    const analytics = runCli(location, ['analytics', 'verify']);
    console.log(`audit verify: ${audit.ok ? 'ok' : 'FAILED'}: ${audit.output}`);
    console.log(`analytics verify: ${analytics.ok ? 'ok' : 'FAILED'}: ${analytics.output}`);
    // Errors under overload are figures to report; a lost write or a broken store is a failure.
    console.log(
      `${lost.length === 0 && audit.ok && analytics.ok ? 'ok' : 'FAILED'}: ${lost.length} lost writes, audit ${audit.ok ? 'ok' : 'broken'}, analytics ${analytics.ok ? 'ok' : 'inconsistent'}; unexpected errors (other 4xx, 5xx, network): ${unexpected}`,
    );
    return lost.length === 0 && audit.ok && analytics.ok;
  } finally {
    for (const server of servers) await stopServer(server);
    await location.dispose();
  }
}

if (process.argv.includes('--worker')) {
  process.once('message', (plan) => {
    void runWorker(plan as WorkerPlan).then(
      (result) => process.send!(result, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
} else {
  const { values: args } = parseArgs({
    options: {
      engine: { type: 'string', default: process.env.LOAD_ENGINE ?? 'both' },
      duration: { type: 'string', default: process.env.LOAD_DURATION ?? '120' },
      users: { type: 'string', default: process.env.LOAD_USERS ?? '200' },
      // Mean pause between a user's steps (uniform over 0 to twice this), in ms.
      think: { type: 'string', default: process.env.LOAD_THINK_MS ?? '1000' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const engines: Engine[] =
    args.engine === 'both' ? ['sqlite', 'postgres'] : [args.engine as Engine];
  if (!engines.every((engine) => engine === 'sqlite' || engine === 'postgres'))
    throw new Error(`--engine ${args.engine}: sqlite, postgres or both`);
  // Bounded: a few minutes at most per set-up.
  const durationMs = Math.max(5, Math.min(600, Number(args.duration) || 120)) * 1000;
  const userCount = Math.max(2, Math.min(1000, Number(args.users) || 200));
  const thinkMs = Math.max(0, Math.min(5000, Number(args.think) || 0));
  console.log(
    `${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}; think time 0-${thinkMs * 2} ms between steps`,
  );
  if (!args['no-build']) {
    const build = spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build:server failed');
  }
  let passed = true;
  for (const engine of engines)
    passed = (await runSetup(engine, userCount, durationMs, thinkMs)) && passed;
  console.log(
    `\n${passed ? 'PASS' : 'FAIL'}: zero lost writes and a verified store in every set-up`,
  );
  process.exitCode = passed ? 0 : 1;
}
