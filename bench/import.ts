/**
 * `npm run bench:import`: the import of a national dataset at county level
 * (every county of the default store, 60 indicators, 120 months: about 20
 * million values), end to end (reading, decoding, CSV, checking, staging,
 * set-based checks, the commit with revisions and the audit entry) into a
 * fresh SQLite store, beside PostgreSQL COPY of the same file into a bare
 * table and DuckDB's CSV reader on it, in the same run.
 *
 *   npm run bench:import                       # the full ~20M values
 *   npm run bench:import -- --values 1000000   # a quick check
 *   npm run bench:import -- --pg               # also import into PostgreSQL
 *
 * PostgreSQL comes from PLANWATCH_BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test); COPY runs through psql \copy.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore, type Store } from '../src/db/connect.js';
import { CatalogueService, OPERATOR } from '../src/services/catalogue.service.js';
import { DataImportService, type ImportProgress } from '../src/services/data-import.service.js';
import { ensureDefaults } from '../src/services/defaults.service.js';

const { values: args } = parseArgs({
  options: {
    values: { type: 'string' },
    pg: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-reference': { type: 'boolean', default: false },
  },
});
const INDICATORS = 60;
const MONTHS = 120;
const pgUrl = process.env.PLANWATCH_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Row {
  what: string;
  seconds: number;
  valuesPerSecond: number;
  note: string;
}

/** Seconds from the start of the import to each phase. */
const phaseTimes: Record<string, number> = {};
let importStarted = 0;
function phases(progress: ImportProgress): void {
  phaseTimes[progress.phase] ??= (performance.now() - importStarted) / 1000;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-bench-'));
const file = path.join(dir, 'national-county-monthly.csv');
const rows: Row[] = [];

try {
  const store = await openStore({ dataDir: path.join(dir, 'store'), databaseUrl: null });
  const { counties, indicators } = await prepare(store);
  const wanted = args.values ? Number(args.values) : Infinity;
  const countyCount = Math.min(counties.length, Math.ceil(wanted / (INDICATORS * MONTHS)));
  const total = await generate(file, indicators, counties.slice(0, countyCount));
  const size = fs.statSync(file).size;
  console.log(
    `file: ${total.toLocaleString('en-US')} values (${countyCount} counties x ${INDICATORS} indicators x ${MONTHS} months), ${(size / 2 ** 20).toFixed(0)} MiB`,
  );

  const rssBefore = process.resourceUsage().maxRSS;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  importStarted = started;
  // Named as `planwatch data import national-county-monthly.csv` run in its folder would name it.
  const report = await new DataImportService(store.db).importFile(
    file,
    OPERATOR,
    { name: 'system:bench', ip: null },
    { dryRun: false, name: path.basename(file), onProgress: phases },
  );
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  // CPU time of this process: less sensitive than wall time to other work on the machine.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (report.created !== total)
    throw new Error(`expected ${total} new values, got ${report.created}`);
  rows.push({
    what: 'Planwatch import, SQLite',
    seconds,
    valuesPerSecond: total / seconds,
    note: `CPU ${cpuSeconds.toFixed(0)} s (${(cpu.system / 1e6).toFixed(0)} s system); peak RSS ${peakMiB.toFixed(0)} MiB (before: ${(rssBefore / 1024).toFixed(0)} MiB); read+check+stage ${phaseTimes.check?.toFixed(1)} s, store checks ${((phaseTimes.write ?? 0) - (phaseTimes.check ?? 0)).toFixed(1)} s, write ${((phaseTimes.commit ?? 0) - (phaseTimes.write ?? 0)).toFixed(1)} s, commit (with the WAL checkpoint) ${(seconds - (phaseTimes.commit ?? 0)).toFixed(1)} s`,
  });
  await store.close();

  if (args.pg) rows.push(await planwatchPostgres(file, total));
  if (!args['no-reference']) {
    rows.push(await postgresCopy(file, total));
    rows.push(await duckdb(file, total));
  }
  print(rows, total);
} finally {
  if (args.keep) console.log(`kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

async function prepare(store: Store): Promise<{ counties: string[]; indicators: string[] }> {
  await ensureDefaults(store.db);
  const counties = (
    await store.db
      .selectFrom('orgUnit')
      .select('code')
      .where('level', '=', 'county')
      .orderBy('code')
      .execute()
  ).map((row) => row.code);
  const indicators = Array.from(
    { length: INDICATORS },
    (_, i) => `bench_${String(i + 1).padStart(2, '0')}`,
  );
  await store.db
    .insertInto('indicator')
    .values(
      indicators.map((code) => ({
        code,
        kind: 'numeric' as const,
        nameEn: `Benchmark indicator ${code}`,
        nameZh: `基准指标 ${code}`,
        unit: null,
        unitMult: 0,
        direction: 'increase' as const,
        aggregation: 'sum',
        definitionEn: 'generated for the import benchmark',
        definitionZh: '导入基准测试生成',
        source: null,
      })),
    )
    .execute();
  // Sanity: the catalogue reads them.
  await new CatalogueService(store.db).listDataValues({ limit: 1 }, OPERATOR);
  return { counties, indicators };
}

/** Writes the file in the order a national export has: indicator, county, month. */
async function generate(target: string, indicators: string[], counties: string[]): Promise<number> {
  const out = fs.createWriteStream(target);
  const write = (text: string) =>
    out.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => out.once('drain', resolve));
  await write('indicator,org_unit,period,value\n');
  const months = Array.from({ length: MONTHS }, (_, i) => {
    const year = 2015 + Math.floor(i / 12);
    return `${year}${String((i % 12) + 1).padStart(2, '0')}`;
  });
  let seed = 42;
  let total = 0;
  for (const indicator of indicators) {
    for (const county of counties) {
      let chunk = '';
      for (const month of months) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        // Figures as bureaus write them: up to six digits, one or two decimals.
        chunk += `${indicator},${county},${month},${(seed % 10_000_000) / 100}\n`;
        total += 1;
      }
      await write(chunk);
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return total;
}

async function planwatchPostgres(source: string, total: number): Promise<Row> {
  const name = `planwatch_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    const store = await openStore({ dataDir: dir, databaseUrl: url.toString() });
    try {
      await prepare(store);
      const started = performance.now();
      await new DataImportService(store.db).importFile(
        source,
        OPERATOR,
        { name: 'system:bench', ip: null },
        { dryRun: false },
      );
      const seconds = (performance.now() - started) / 1000;
      return {
        what: 'Planwatch import, PostgreSQL',
        seconds,
        valuesPerSecond: total / seconds,
        note: '',
      };
    } finally {
      await store.close();
    }
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function postgresCopy(source: string, total: number): Promise<Row> {
  try {
    await admin('drop table if exists planwatch_bench_copy');
    await admin(
      'create unlogged table planwatch_bench_copy (indicator text, org_unit text, period text, value double precision)',
    );
    const started = performance.now();
    execFileSync('psql', [
      pgUrl,
      '-v',
      'ON_ERROR_STOP=1',
      '-q',
      '-c',
      `\\copy planwatch_bench_copy from '${source}' with (format csv, header true)`,
    ]);
    const seconds = (performance.now() - started) / 1000;
    await admin('drop table planwatch_bench_copy');
    return {
      what: 'PostgreSQL COPY (psql \\copy, bare unlogged table)',
      seconds,
      valuesPerSecond: total / seconds,
      note: 'no checks, no index, no revisions',
    };
  } catch (error) {
    return {
      what: 'PostgreSQL COPY',
      seconds: NaN,
      valuesPerSecond: NaN,
      note: `skipped: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}

async function duckdb(source: string, total: number): Promise<Row> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(path.join(dir, 'bench.duckdb'));
  const connection = await instance.connect();
  try {
    const started = performance.now();
    await connection.run(
      `create table bench as select * from read_csv('${source.replaceAll("'", "''")}', header = true,
        columns = {'indicator': 'VARCHAR', 'org_unit': 'VARCHAR', 'period': 'VARCHAR', 'value': 'DOUBLE'})`,
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      what: 'DuckDB read_csv into a table (on disk)',
      seconds,
      valuesPerSecond: total / seconds,
      note: 'no checks, no index, no revisions',
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function print(results: Row[], total: number): void {
  const planwatch = results[0]!;
  console.log(
    `\n${total.toLocaleString('en-US')} values, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log('| what | seconds | values/s | Planwatch / this | note |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const row of results) {
    const ratio =
      row === planwatch ? '1' : (planwatch.valuesPerSecond / row.valuesPerSecond).toFixed(3);
    console.log(
      `| ${row.what} | ${row.seconds.toFixed(1)} | ${Math.round(row.valuesPerSecond).toLocaleString('en-US')} | ${ratio} | ${row.note} |`,
    );
  }
}
