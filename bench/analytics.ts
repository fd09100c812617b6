/**
 * `npm run bench:analytics`: analytics questions on the national county-level
 * dataset (every county x 60 indicators x 120 months, about 20 million
 * values; bench/dataset.ts), imported into a fresh store (the import builds
 * the always-current aggregates), then timed over many runs, each with
 * another indicator, province or year:
 *
 *   (a) one indicator's yearly series for the nation and every province, 10 years;
 *   (b) the pivot province x year for 10 indicators;
 *   (c) the counties of one province for one year;
 *   (d) saving one county month (DataEntryService.writeDraft, every aggregate above it included).
 *
 * (a)-(c) are asked of AnalyticsService.cells, and the same questions in the
 * same run of DuckDB over the same raw values (the generated CSV in a table,
 * with an org-unit table giving each county its province and a month table
 * giving each month its year) and of a plain GROUP BY over Planwatch's own
 * `data_value` joined to `org_unit` by path prefix (no aggregates table).
 * The answers of a few runs are compared (1e-6 relative); after the timed
 * saves, AggregateCheckService.verify() must find every aggregate right.
 *
 *   npm run bench:analytics                        # the full ~20M values, SQLite
 *   npm run bench:analytics -- --values 200000     # a quick check (fewer counties)
 *   npm run bench:analytics -- --runs 50           # timed runs per question (default 200)
 *   npm run bench:analytics -- --pg                # also PostgreSQL (a fresh database, dropped after)
 *   npm run bench:analytics -- --no-reference      # skip DuckDB and the plain GROUP BY
 *   npm run bench:analytics -- --keep              # keep the temp folder (and the PostgreSQL database)
 *
 * PostgreSQL comes from PLANWATCH_BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { openStore, type Store } from '../src/db/connect.js';
import type { Database } from '../src/db/schema.js';
import { AggregateCheckService } from '../src/services/analytics/aggregate-check.service.js';
import { AnalyticsService, type Cell } from '../src/services/analytics/analytics.service.js';
import { OPERATOR } from '../src/services/catalogue.service.js';
import { DataEntryService } from '../src/services/data-entry.service.js';
import { DataImportService, type ImportProgress } from '../src/services/data-import.service.js';
import {
  countyCountFor,
  generate,
  INDICATORS,
  MONTHS,
  monthCodes,
  prepare,
  withPostgresDatabase,
  yearCodes,
} from './dataset.js';

const { values: args } = parseArgs({
  options: {
    values: { type: 'string' },
    runs: { type: 'string' },
    pg: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-reference': { type: 'boolean', default: false },
  },
});
/** Timed runs per question and engine (after the warm-up). */
const RUNS = args.runs ? Math.max(1, Number(args.runs)) : 200;
const WARMUP = 20;
/** References stop after this long per question (but not before MIN_REFERENCE_RUNS runs). */
const REFERENCE_BUDGET_MS = 60_000;
const MIN_REFERENCE_RUNS = 10;
const REFERENCE_WARMUP = 3;
/** The answers of this many runs of each question are compared between engines. */
const CHECKS = 3;
const TOLERANCE = 1e-6;
const NATION = 'CN';
const ACTOR = { name: 'system:bench', ip: null };
const reference = !args['no-reference'];

type Question = 'a' | 'b' | 'c';
const QUESTIONS: Record<Question | 'd', string> = {
  a: '(a) 1 indicator, nation + provinces x 10 years',
  b: '(b) 10 indicators, provinces x 10 years',
  c: '(c) 1 indicator, counties of a province, 1 year',
  d: '(d) save 1 county month (writeDraft)',
};

/** One run's question. */
interface Ask {
  question: Question;
  indicators: string[];
  orgUnits: string[];
  periods: string[];
  /** (c): the province whose counties are asked for. */
  province: string;
}

/** Figures by indicator, org unit and period. */
type Answer = Map<string, number>;
const keyOf = (indicator: string, unit: string, period: string) => `${indicator}|${unit}|${period}`;

interface Engine {
  name: string;
  run(ask: Ask): Promise<unknown>;
  answer(raw: unknown): Answer;
}

interface Timing {
  question: string;
  engine: string;
  runs: number;
  p50: number;
  p95: number;
}

/** What the benchmark knows of the dataset. */
interface World {
  indicators: string[];
  /** The generated counties. */
  counties: string[];
  /** Every province, by code. */
  provinces: string[];
  /** Provinces with generated counties: (c) asks about these. */
  provincesWithData: string[];
  /** Every county of each province (the org-unit tree, not only the generated ones). */
  countiesOf: Map<string, string[]>;
  /** Province of every county. */
  provinceOf: Map<string, string>;
  pathOf: Map<string, string>;
  years: string[];
}

interface PhaseResult {
  label: string;
  importSeconds: number;
  importNote: string;
  timings: Timing[];
  /** Planwatch's answers of the checked runs, before the saves (compared with DuckDB later). */
  checks: Record<Question, Answer[]>;
  verify: string;
  verifyOk: boolean;
  peakMiB: number;
  agreement: string[];
}

console.log(
  `load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} at the start; ${os.cpus().length} cores; ${RUNS} timed runs per question`,
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-bench-analytics-'));
const file = path.join(dir, 'national-county-monthly.csv');
let failed = false;

try {
  const store = await openStore({ dataDir: path.join(dir, 'store'), databaseUrl: null });
  const { counties: allCounties, indicators } = await prepare(store);
  const countyCount = countyCountFor(allCounties, args.values ? Number(args.values) : undefined);
  const counties = allCounties.slice(0, countyCount);
  const total = await generate(file, indicators, counties);
  console.log(
    `file: ${total.toLocaleString('en-US')} values (${countyCount} counties x ${INDICATORS} indicators x ${MONTHS} months), ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB`,
  );
  const world = await worldOf(store.db, indicators, counties);

  const phases: PhaseResult[] = [];
  try {
    phases.push(await phase('SQLite', store, world, total));
  } finally {
    await store.close();
  }
  console.log(`SQLite store: ${(folderBytes(path.join(dir, 'store')) / 2 ** 30).toFixed(2)} GiB`);
  if (args.pg) {
    phases.push(
      await withPostgresDatabase(async (url) => {
        const pgStore = await openStore({ dataDir: dir, databaseUrl: url });
        try {
          await prepare(pgStore);
          return await phase('PostgreSQL', pgStore, world, total);
        } finally {
          await pgStore.close();
        }
      }, args.keep),
    );
  }

  let duck: Timing[] = [];
  if (reference) {
    const result = await duckdb(world);
    duck = result.timings;
    for (const result_ of phases) {
      for (const question of ['a', 'b', 'c'] as const) {
        result_.agreement.push(
          ...compare(
            `${QUESTIONS[question]}: Planwatch (${result_.label}) vs DuckDB`,
            result_.checks[question],
            result.checks[question],
          ),
        );
      }
    }
  }
  failed = print(phases, duck, total);
} finally {
  if (args.keep) console.log(`kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;

/** Import, the timed questions (Planwatch, then the plain GROUP BY), the timed saves, the check. */
async function phase(
  label: string,
  store: Store,
  world: World,
  total: number,
): Promise<PhaseResult> {
  console.log(`\n${label}: importing …`);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // Seconds from the start of the import to each phase.
  const at: Record<string, number> = {};
  const report = await new DataImportService(store.db).importFile(
    file,
    OPERATOR,
    { name: 'system:bench', ip: null },
    {
      dryRun: false,
      name: path.basename(file),
      onProgress: (progress: ImportProgress) => {
        at[progress.phase] ??= (performance.now() - started) / 1000;
      },
    },
  );
  const importSeconds = (performance.now() - started) / 1000;
  const phases = `read+check+stage ${at.check?.toFixed(1)} s, store checks ${((at.write ?? 0) - (at.check ?? 0)).toFixed(1)} s, write with the aggregates ${((at.commit ?? 0) - (at.write ?? 0)).toFixed(1)} s, commit ${(importSeconds - (at.commit ?? 0)).toFixed(1)} s`;
  const cpu = process.cpuUsage(cpuBefore);
  if (report.created !== total)
    throw new Error(`expected ${total} new values, got ${report.created}`);
  const aggregateRows = await store.db
    .selectFrom('dataValueAggregate')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const importNote = `${Math.round(total / importSeconds).toLocaleString('en-US')} values/s; ${phases}; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s in this process, ${Number(aggregateRows.n).toLocaleString('en-US')} aggregate rows, peak RSS ${peakMiB().toFixed(0)} MiB`;
  console.log(`${label}: import ${importSeconds.toFixed(1)} s (${importNote})`);

  const timings: Timing[] = [];
  const checks = { a: [], b: [], c: [] } as Record<Question, Answer[]>;
  const plainChecks = { a: [], b: [], c: [] } as Record<Question, Answer[]>;
  const planwatch = planwatchEngine(store.db, label);
  for (const question of ['a', 'b', 'c'] as const) {
    const result = await measure(planwatch, question, world, false);
    timings.push(result.timing);
    checks[question] = result.checks;
    log(result.timing);
  }
  const agreement: string[] = [];
  if (reference) {
    const plain = plainEngine(store.db, label, world);
    for (const question of ['a', 'b', 'c'] as const) {
      const result = await measure(plain, question, world, true);
      timings.push(result.timing);
      plainChecks[question] = result.checks;
      log(result.timing);
      agreement.push(
        ...compare(
          `${QUESTIONS[question]}: Planwatch (${label}) vs plain GROUP BY`,
          checks[question],
          result.checks,
        ),
      );
    }
  }

  const saves = await measureSaves(store.db, world, label);
  timings.push(saves);
  log(saves);

  const verifyStarted = performance.now();
  const check = await new AggregateCheckService(store.db).verify();
  const verify = `${check.ok ? 'ok' : 'NOT OK'}: ${check.checked.toLocaleString('en-US')} aggregates of ${check.indicators} indicators recomputed from the raw values, ${check.mismatchCount} differ (${((performance.now() - verifyStarted) / 1000).toFixed(1)} s)`;
  console.log(`${label}: aggregate check after the saves: ${verify}`);
  if (!check.ok) console.log(JSON.stringify(check.mismatches.slice(0, 5), null, 2));
  return {
    label,
    importSeconds,
    importNote,
    timings,
    checks,
    verify,
    verifyOk: check.ok,
    peakMiB: peakMiB(),
    agreement,
  };
}

async function worldOf(
  db: Kysely<Database>,
  indicators: string[],
  counties: string[],
): Promise<World> {
  const units = await db
    .selectFrom('orgUnit')
    .select(['code', 'path', 'level'])
    .orderBy('code')
    .execute();
  const pathOf = new Map(units.map((u) => [u.code, u.path]));
  const provinces = units.filter((u) => u.level === 'province').map((u) => u.code);
  const countiesOf = new Map<string, string[]>(provinces.map((p) => [p, []]));
  const provinceOf = new Map<string, string>();
  for (const unit of units) {
    if (unit.level !== 'county') continue;
    // /CN/420000/420100/420102/: the province is the second code on the path.
    const province = unit.path.split('/')[2]!;
    countiesOf.get(province)!.push(unit.code);
    provinceOf.set(unit.code, province);
  }
  const withData = new Set(counties.map((c) => provinceOf.get(c)!));
  return {
    indicators,
    counties,
    provinces,
    provincesWithData: provinces.filter((p) => withData.has(p)),
    countiesOf,
    provinceOf,
    pathOf,
    years: yearCodes(),
  };
}

/** Run i's question: another indicator, set of indicators, province or year each run. */
function askFor(question: Question, i: number, world: World): Ask {
  const { indicators, years } = world;
  const indicator = indicators[(i * 7) % indicators.length]!;
  switch (question) {
    case 'a':
      return {
        question,
        indicators: [indicator],
        orgUnits: [NATION, ...world.provinces],
        periods: years,
        province: '',
      };
    case 'b':
      return {
        question,
        indicators: Array.from(
          { length: 10 },
          (_, k) => indicators[(i * 7 + k) % indicators.length]!,
        ),
        orgUnits: world.provinces,
        periods: years,
        province: '',
      };
    case 'c': {
      const province = world.provincesWithData[i % world.provincesWithData.length]!;
      return {
        question,
        indicators: [indicator],
        orgUnits: world.countiesOf.get(province)!,
        periods: [years[(i * 3) % years.length]!],
        province,
      };
    }
  }
}

function planwatchEngine(db: Kysely<Database>, label: string): Engine {
  const service = new AnalyticsService(db);
  return {
    name: `Planwatch, ${label}`,
    run: (ask) =>
      service.cells(OPERATOR, {
        indicators: ask.indicators,
        orgUnits: ask.orgUnits,
        periods: ask.periods,
      }),
    answer: (raw) =>
      new Map((raw as Cell[]).map((c) => [keyOf(c.indicator, c.orgUnit, c.period), c.value])),
  };
}

interface FigureRow {
  indicator: string;
  unit: string;
  period: string;
  value: number | string;
}

function rowsToAnswer(rows: readonly FigureRow[]): Answer {
  return new Map(rows.map((r) => [keyOf(r.indicator, r.unit, r.period), Number(r.value)]));
}

/**
 * The questions as SQL over the raw values, without the aggregates: each
 * county's months added up by year, then joined to the asked units whose
 * path is a prefix of the county's. (Adding up by county first is 7x faster
 * on SQLite than joining every value to the units: 0.36 s vs 2.7 s for (a).)
 */
function plainEngine(db: Kysely<Database>, label: string, world: World): Engine {
  return {
    name: `plain GROUP BY, ${label}`,
    run: async (ask) => {
      const from = ask.periods[0]!;
      const to = `${ask.periods[ask.periods.length - 1]!}Z`;
      if (ask.question === 'c') {
        // The counties as a subquery: both engines then read each county's year from the unique index.
        const under = `${world.pathOf.get(ask.province)!}%`;
        return (
          await sql<FigureRow>`
            select d.indicator_code as indicator, d.org_unit_code as unit,
              substr(d.period, 1, 4) as period, sum(d.value) as value
            from data_value d
            where d.org_unit_code in (select c.code from org_unit c where c.path like ${under})
              and d.indicator_code = ${ask.indicators[0]!}
              and d.period >= ${from} and d.period < ${to} and d.period_type = 'month'
              and d.basis = '' and d.disaggregation = ''
            group by d.indicator_code, d.org_unit_code, substr(d.period, 1, 4)`.execute(db)
        ).rows;
      }
      return (
        await sql<FigureRow>`
          with county as (
            select d.indicator_code as indicator, d.org_unit_code as unit,
              substr(d.period, 1, 4) as year, sum(d.value) as value
            from data_value d
            where d.indicator_code in (${sql.join(ask.indicators)})
              and d.period >= ${from} and d.period < ${to} and d.period_type = 'month'
              and d.basis = '' and d.disaggregation = ''
            group by d.indicator_code, d.org_unit_code, substr(d.period, 1, 4)
          )
          select county.indicator as indicator, p.code as unit, county.year as period,
            sum(county.value) as value
          from county
          join org_unit c on c.code = county.unit
          join org_unit p on c.path like p.path || '%'
          where p.code in (${sql.join(ask.orgUnits)})
          group by county.indicator, p.code, county.year`.execute(db)
      ).rows;
    },
    answer: (raw) => rowsToAnswer(raw as FigureRow[]),
  };
}

async function measure(
  engine: Engine,
  question: Question,
  world: World,
  isReference: boolean,
): Promise<{ timing: Timing; checks: Answer[] }> {
  const warmup = isReference ? REFERENCE_WARMUP : WARMUP;
  for (let i = 0; i < warmup; i++) await engine.run(askFor(question, RUNS + i, world));
  const samples: number[] = [];
  const checks: Answer[] = [];
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const ask = askFor(question, i, world);
    const t0 = performance.now();
    const raw = await engine.run(ask);
    samples.push(performance.now() - t0);
    if (i < CHECKS) checks.push(engine.answer(raw));
    if (
      isReference &&
      i + 1 >= MIN_REFERENCE_RUNS &&
      performance.now() - started > REFERENCE_BUDGET_MS
    )
      break;
  }
  return { timing: timing(QUESTIONS[question], engine.name, samples), checks };
}

/** Saves of distinct county months (each a draft at version 1 after the import), new values. */
async function measureSaves(db: Kysely<Database>, world: World, label: string): Promise<Timing> {
  const entry = new DataEntryService(db);
  const months = monthCodes();
  const { counties, indicators } = world;
  const space = counties.length * indicators.length * months.length;
  let seed = 7;
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // A prime step through every (indicator, county, month): no key twice.
    const j = (i * 1_000_003) % space;
    const indicatorCode = indicators[Math.floor(j / (counties.length * months.length))]!;
    const orgUnitCode = counties[Math.floor(j / months.length) % counties.length]!;
    const period = months[j % months.length]!;
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const t0 = performance.now();
    await entry.writeDraft(
      OPERATOR,
      {
        indicatorCode,
        orgUnitCode,
        period,
        value: (seed % 10_000_000) / 100,
        comment: null,
        expectedVersion: 1,
      },
      ACTOR,
    );
    if (i >= WARMUP) samples.push(performance.now() - t0);
  }
  return timing(QUESTIONS.d, `Planwatch, ${label}`, samples);
}

/** DuckDB over the raw values: the CSV in a table, counties to provinces, months to years. */
async function duckdb(
  world: World,
): Promise<{ timings: Timing[]; checks: Record<Question, Answer[]> }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(path.join(dir, 'bench.duckdb'));
  const connection = await instance.connect();
  try {
    const started = performance.now();
    await connection.run(
      `create table value as select * from read_csv('${file.replaceAll("'", "''")}', header = true,
        columns = {'indicator': 'VARCHAR', 'org_unit': 'VARCHAR', 'period': 'VARCHAR', 'value': 'DOUBLE'})`,
    );
    await connection.run('create table unit (code varchar primary key, province varchar not null)');
    await connection.run(
      `insert into unit values ${[...world.provinceOf].map(([county, province]) => `('${county}', '${province}')`).join(', ')}`,
    );
    await connection.run('create table month (period varchar primary key, year varchar not null)');
    await connection.run(
      `insert into month values ${monthCodes()
        .map((m) => `('${m}', '${m.slice(0, 4)}')`)
        .join(', ')}`,
    );
    console.log(
      `\nDuckDB: loaded the CSV and the unit and month tables in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const list = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');
    const engine: Engine = {
      name: 'DuckDB',
      run: async (ask) => {
        const from = ask.periods[0]!;
        const to = ask.periods[ask.periods.length - 1]!;
        let text: string;
        let values: string[];
        switch (ask.question) {
          case 'a':
            text = `select v.indicator as indicator, coalesce(u.province, '${NATION}') as unit,
                m.year as period, sum(v.value) as value
              from value v join unit u on u.code = v.org_unit join month m on m.period = v.period
              where v.indicator = $1 and m.year between $2 and $3
              group by grouping sets ((v.indicator, u.province, m.year), (v.indicator, m.year))`;
            values = [ask.indicators[0]!, from, to];
            break;
          case 'b':
            text = `select v.indicator as indicator, u.province as unit, m.year as period,
                sum(v.value) as value
              from value v join unit u on u.code = v.org_unit join month m on m.period = v.period
              where v.indicator in (${list(ask.indicators)}) and m.year between $1 and $2
              group by v.indicator, u.province, m.year`;
            values = [from, to];
            break;
          case 'c':
            text = `select v.indicator as indicator, v.org_unit as unit, m.year as period,
                sum(v.value) as value
              from value v join unit u on u.code = v.org_unit join month m on m.period = v.period
              where v.indicator = $1 and u.province = $2 and m.year = $3
              group by v.indicator, v.org_unit, m.year`;
            values = [ask.indicators[0]!, ask.province, from];
            break;
        }
        return (await connection.runAndReadAll(text, values)).getRowObjectsJS();
      },
      answer: (raw) => rowsToAnswer(raw as FigureRow[]),
    };
    const timings: Timing[] = [];
    const checks = { a: [], b: [], c: [] } as Record<Question, Answer[]>;
    for (const question of ['a', 'b', 'c'] as const) {
      const result = await measure(engine, question, world, true);
      timings.push(result.timing);
      checks[question] = result.checks;
      log(result.timing);
    }
    return { timings, checks };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Differences between two engines' answers to the same runs (none: they agree). */
function compare(what: string, ours: Answer[], theirs: Answer[]): string[] {
  const problems: string[] = [];
  if (ours.length !== theirs.length || ours.length === 0)
    return [`${what}: ${ours.length} vs ${theirs.length} answers to compare`];
  ours.forEach((mine, run) => {
    const other = theirs[run]!;
    if (mine.size === 0) problems.push(`${what}, run ${run}: no figures`);
    if (mine.size !== other.size)
      problems.push(`${what}, run ${run}: ${mine.size} vs ${other.size} figures`);
    for (const [key, value] of mine) {
      const them = other.get(key);
      if (
        them === undefined ||
        Math.abs(value - them) > TOLERANCE * Math.max(1, Math.abs(value), Math.abs(them))
      ) {
        problems.push(`${what}, run ${run}, ${key}: ${value} vs ${them}`);
        if (problems.length > 5) return;
      }
    }
  });
  return problems;
}

function timing(question: string, engine: string, samples: number[]): Timing {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { question, engine, runs: samples.length, p50: at(0.5), p95: at(0.95) };
}

function log(t: Timing): void {
  console.log(
    `  ${t.question}, ${t.engine}: p50 ${t.p50.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms (${t.runs} runs; load ${os.loadavg()[0]!.toFixed(2)})`,
  );
}

function peakMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function folderBytes(folder: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    bytes += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return bytes;
}

/** The table and the goals; returns whether something is wrong (answers, aggregates). */
function print(phases: PhaseResult[], duck: Timing[], total: number): boolean {
  let wrong = false;
  console.log(
    `\n${total.toLocaleString('en-US')} values, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} at the end`,
  );
  for (const result of phases) {
    console.log(
      `\n${result.label}: import ${result.importSeconds.toFixed(1)} s (${result.importNote})`,
    );
    console.log(
      '| question | engine | runs | p50 ms | p95 ms | Planwatch / this, p50 | Planwatch / this, p95 |',
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    const goals: string[] = [];
    for (const question of Object.values(QUESTIONS)) {
      const ours = result.timings.find(
        (t) => t.question === question && t.engine.startsWith('Planwatch'),
      )!;
      const rows = [
        ours,
        ...duck.filter((t) => t.question === question),
        ...result.timings.filter((t) => t.question === question && t !== ours),
      ];
      for (const row of rows) {
        const ratio = (a: number, b: number) => (row === ours ? '' : (a / b).toFixed(3));
        console.log(
          `| ${question} | ${row.engine} | ${row.runs} | ${row.p50.toFixed(2)} | ${row.p95.toFixed(2)} | ${ratio(ours.p50, row.p50)} | ${ratio(ours.p95, row.p95)} |`,
        );
      }
      const limit = question === QUESTIONS.d ? 10 : 20;
      goals.push(
        `${question}: p95 ${ours.p95.toFixed(2)} ms < ${limit} ms: ${ours.p95 < limit ? 'met' : 'NOT met'}`,
      );
      const duckRow = duck.find((t) => t.question === question);
      if (duckRow) {
        const times = duckRow.p95 / ours.p95;
        goals.push(
          `${question}: ${times.toFixed(1)}x faster than DuckDB at p95 (${(duckRow.p50 / ours.p50).toFixed(1)}x at p50), goal 10x: ${times >= 10 && duckRow.p50 / ours.p50 >= 10 ? 'met' : 'NOT met'}`,
        );
      }
    }
    goals.push(
      `peak RSS ${result.peakMiB.toFixed(0)} MiB (process maxRSS after this store's runs${result.label === 'SQLite' ? '' : ', the SQLite runs before included'}) < 1024 MiB: ${result.peakMiB < 1024 ? 'met' : 'NOT met'}`,
    );
    console.log(`\n${result.label} goals:\n- ${goals.join('\n- ')}`);
    console.log(`- aggregate check after the saves: ${result.verify}`);
    if (!result.verifyOk) wrong = true;
    if (reference) {
      if (result.agreement.length === 0)
        console.log(
          `- answers agree: Planwatch (${result.label}) = DuckDB = plain GROUP BY on the first ${CHECKS} runs of (a), (b) and (c) (1e-6 relative)`,
        );
      else {
        wrong = true;
        console.log(`- ANSWERS DIFFER:\n  ${result.agreement.join('\n  ')}`);
      }
    }
  }
  console.log(`\npeak RSS of the whole run (DuckDB included): ${peakMiB().toFixed(0)} MiB`);
  return wrong;
}
