/**
 * `npm run bench:public`: the public read load. Builds (or reuses) a store
 * holding the benchmarks' generated national dataset (bench/dataset.ts) beside
 * the shipped figures, starts `node bin/planwatch.js serve` on a free loopback
 * port (after `npm run build:server`), and from this second process loads it
 * with autocannon:
 *
 *   - GET /api/public/v1/indicators/internet_users        (the goal: >= 3,000 req/s, p99 < 50 ms)
 *   - GET /api/public/v1/indicators/internet_users/values
 *   - GET /api/sdmx/data/ALL/..internet_users[...]        (when the server answers it)
 * at 50 and 200 connections, 10 s each; then the indicator with If-None-Match
 * (304s, which never touch the store) and the values with a different offset
 * on every request (every one a cache miss that queries the store).
 *
 *   npm run bench:public                          # 2 million generated values (built once, then reused)
 *   npm run bench:public -- --values all          # the full ~20 million (as bench:analytics)
 *   npm run bench:public -- --duration 5          # seconds per run (default 10)
 *   npm run bench:public -- --no-build            # skip npm run build:server
 *
 * The store is kept in <tmp>/planwatch-bench-public/<values> for the next run
 * (remove it to rebuild). The server runs with PLANWATCH_PUBLIC_RATE_LIMIT
 * raised: every request comes from one address, which the default limit
 * (600 a minute) would refuse after the first fraction of a second.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openStore } from '../src/db/connect.js';
import { OPERATOR } from '../src/services/catalogue.service.js';
import { DataImportService } from '../src/services/data-import.service.js';
import { countyCountFor, generate, INDICATORS, MONTHS, prepare } from './dataset.js';

const { values: args } = parseArgs({
  options: {
    values: { type: 'string', default: '2000000' },
    duration: { type: 'string', default: '10' },
    'no-build': { type: 'boolean', default: false },
  },
});
const DURATION = Math.max(1, Math.min(60, Number(args.duration)));
const CONNECTIONS = [50, 200];
const GOAL = { requestsPerSecond: 3000, p99Ms: 50 };
const root = path.resolve(import.meta.dirname, '..');
const INDICATOR = '/api/public/v1/indicators/internet_users';
const VALUES = `${INDICATOR}/values`;
const SDMX = '/api/sdmx/data/ALL/..internet_users';

interface Row {
  label: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  notModified: number;
  other: number;
  errors: number;
}

/** The store with the generated values, built on the first run and reused after. */
async function datasetStore(): Promise<string> {
  const wanted = args.values === 'all' ? undefined : Number(args.values);
  if (wanted !== undefined && !(wanted > 0))
    throw new Error(`--values ${args.values}: a number or all`);
  const dir = path.join(os.tmpdir(), 'planwatch-bench-public', args.values ?? 'all');
  const ready = path.join(dir, 'ready.json');
  if (fs.existsSync(ready)) {
    console.log(`reusing the store in ${dir}: ${fs.readFileSync(ready, 'utf8').trim()}`);
    return dir;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const store = await openStore({ dataDir: dir, databaseUrl: null });
  try {
    const { counties: all, indicators } = await prepare(store);
    const counties = all.slice(0, countyCountFor(all, wanted));
    const file = path.join(dir, 'generated.csv');
    const total = await generate(file, indicators, counties);
    console.log(
      `importing ${total.toLocaleString('en-US')} generated values (${counties.length} counties x ${INDICATORS} indicators x ${MONTHS} months) …`,
    );
    const started = performance.now();
    const report = await new DataImportService(store.db).importFile(
      file,
      OPERATOR,
      { name: 'system:bench', ip: null },
      { dryRun: false, name: 'generated.csv' },
    );
    fs.rmSync(file);
    const note = `${report.created.toLocaleString('en-US')} generated values (${counties.length} counties), imported in ${((performance.now() - started) / 1000).toFixed(0)} s`;
    fs.writeFileSync(ready, `${JSON.stringify({ note })}\n`);
    console.log(note);
  } finally {
    await store.close();
  }
  return dir;
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

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/planwatch.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PLANWATCH_DATA: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      PLANWATCH_SCHEDULER: 'off',
      PLANWATCH_PUBLIC_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not answer /api/health within 120 s');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function load(
  base: string,
  label: string,
  connections: number,
  options: Partial<autocannon.Options> = {},
): Promise<Row> {
  const result = await autocannon({
    url: base,
    connections,
    duration: DURATION,
    ...options,
    // The ETag depends on Accept: every run asks for JSON, like the fetch of the tag below.
    headers: { accept: 'application/json', ...options.headers },
  });
  const codes =
    (result as unknown as { statusCodeStats?: Record<string, { count: number }> })
      .statusCodeStats ?? {};
  const count = (code: string) => codes[code]?.count ?? 0;
  const ok = Object.entries(codes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, stat]) => sum + stat.count, 0);
  const all = Object.values(codes).reduce((sum, stat) => sum + stat.count, 0);
  const row: Row = {
    label,
    connections,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    notModified: count('304'),
    other: all - ok - count('304'),
    errors: result.errors + result.timeouts,
  };
  console.log(
    `${label.padEnd(46)} ${String(connections).padStart(4)} conn  ${Math.round(row.requestsPerSecond).toLocaleString('en-US').padStart(7)} req/s  p50 ${String(row.p50).padStart(4)} ms  p99 ${String(row.p99).padStart(4)} ms  2xx ${row.ok}  304 ${row.notModified}  other ${row.other}  errors ${row.errors}`,
  );
  return row;
}

console.log(
  `${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}; ${DURATION} s per run`,
);
if (!args['no-build']) {
  const build = spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:server failed');
}
const dataDir = await datasetStore();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = await startServer(dataDir, port);
const rows: Row[] = [];
try {
  const targets: [string, string][] = [
    ['indicator', INDICATOR],
    ['values', VALUES],
  ];
  // The data structure may have more dimensions after INDICATOR (disaggregations, basis):
  // the shortest key of the form ..internet_users[.…] that the server answers is used.
  let sdmxUrl: string | null = null;
  let sdmxStatus = 0;
  for (let extra = 0; extra <= 6 && sdmxUrl === null; extra += 1) {
    const url = `${SDMX}${'.'.repeat(extra)}`;
    const response = await fetch(`${base}${url}`);
    await response.arrayBuffer();
    sdmxStatus = response.status;
    if (response.ok) sdmxUrl = url;
  }
  if (sdmxUrl) targets.push(['sdmx', sdmxUrl]);
  else console.log(`note: ${SDMX} answered ${sdmxStatus}; the SDMX runs are skipped`);

  for (const [label, url] of targets) {
    for (const connections of CONNECTIONS) {
      rows.push(await load(`${base}${url}`, `${label} ${url}`, connections));
    }
  }
  const etag = (
    await fetch(`${base}${INDICATOR}`, { headers: { accept: 'application/json' } })
  ).headers.get('etag');
  if (etag) {
    for (const connections of CONNECTIONS) {
      rows.push(
        await load(`${base}${INDICATOR}`, `indicator, If-None-Match (304)`, connections, {
          headers: { 'if-none-match': etag },
        }),
      );
    }
  } else {
    console.log('note: the indicator answered without an ETag; the 304 runs are skipped');
  }
  // Every request another page: the in-memory cache misses, the store answers.
  let offset = 0;
  rows.push(
    await load(`${base}${VALUES}`, `values, every request a cache miss`, CONNECTIONS[0]!, {
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            path: `${VALUES}?limit=10&offset=${(offset = (offset + 1) % 100_000)}`,
          }),
        },
      ],
    }),
  );
} finally {
  await stopServer(server);
}

const indicatorRows = rows.filter((row) => row.label.startsWith('indicator /'));
const met = indicatorRows.every(
  (row) =>
    row.requestsPerSecond >= GOAL.requestsPerSecond && row.p99 < GOAL.p99Ms && row.other === 0,
);
console.log(
  `\ngoal on the indicator endpoint: >= ${GOAL.requestsPerSecond.toLocaleString('en-US')} req/s with p99 < ${GOAL.p99Ms} ms at ${CONNECTIONS.join(' and ')} connections: ${met ? 'met' : 'NOT met'}`,
);
for (const row of indicatorRows)
  console.log(
    `  ${row.connections} connections: ${Math.round(row.requestsPerSecond).toLocaleString('en-US')} req/s, p99 ${row.p99} ms`,
  );
