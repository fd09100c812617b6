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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/db/connect.js';
import { OPERATOR } from '../src/services/catalogue.service.js';
import { DataImportService, type ImportProgress } from '../src/services/data-import.service.js';
import {
  admin,
  countyCountFor,
  generate,
  INDICATORS,
  MONTHS,
  pgUrl,
  prepare,
  withPostgresDatabase,
} from './dataset.js';

const { values: args } = parseArgs({
  options: {
    values: { type: 'string' },
    pg: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-reference': { type: 'boolean', default: false },
  },
});
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
  const countyCount = countyCountFor(counties, args.values ? Number(args.values) : undefined);
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

async function planwatchPostgres(source: string, total: number): Promise<Row> {
  return withPostgresDatabase(async (url) => {
    const store = await openStore({ dataDir: dir, databaseUrl: url });
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
  });
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
