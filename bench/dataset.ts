/**
 * The national county-level dataset of the benchmarks (`bench/import.ts`,
 * `bench/analytics.ts`): every county of the default store x 60 indicators
 * `bench_01` … `bench_60` x 120 months (2015-01 … 2024-12), about 20 million
 * values, written as one CSV in the order of a national export; and the
 * PostgreSQL helpers both use.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../src/db/connect.js';
import { CatalogueService, OPERATOR } from '../src/services/catalogue.service.js';
import { ensureDefaults } from '../src/services/defaults.service.js';

export const INDICATORS = 60;
export const MONTHS = 120;
export const FIRST_YEAR = 2015;
export const YEARS = MONTHS / 12;

/** PostgreSQL of the benchmarks (COPY, `--pg`). */
export const pgUrl =
  process.env.PLANWATCH_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** 201501 … 202412. */
export function monthCodes(): string[] {
  return Array.from({ length: MONTHS }, (_, i) => {
    const year = FIRST_YEAR + Math.floor(i / 12);
    return `${year}${String((i % 12) + 1).padStart(2, '0')}`;
  });
}

/** 2015 … 2024. */
export function yearCodes(): string[] {
  return Array.from({ length: YEARS }, (_, i) => String(FIRST_YEAR + i));
}

/** bench_01 … bench_60. */
export function indicatorCodes(): string[] {
  return Array.from({ length: INDICATORS }, (_, i) => `bench_${String(i + 1).padStart(2, '0')}`);
}

/** How many counties (in code order) make about `wanted` values; all of them without a number. */
export function countyCountFor(counties: readonly string[], wanted: number | undefined): number {
  if (wanted === undefined || !Number.isFinite(wanted)) return counties.length;
  return Math.min(counties.length, Math.max(1, Math.ceil(wanted / (INDICATORS * MONTHS))));
}

/**
 * Loads the defaults into a fresh store and adds the benchmark's indicators
 * (numeric, added up across units and across time); returns every county
 * code in code order and the indicator codes.
 */
export async function prepare(store: Store): Promise<{ counties: string[]; indicators: string[] }> {
  await ensureDefaults(store.db);
  const counties = (
    await store.db
      .selectFrom('orgUnit')
      .select('code')
      .where('level', '=', 'county')
      .orderBy('code')
      .execute()
  ).map((row) => row.code);
  const indicators = indicatorCodes();
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
        timeAggregation: 'sum',
        definitionEn: 'generated for the benchmarks',
        definitionZh: '基准测试生成',
        source: null,
      })),
    )
    .execute();
  // Sanity: the catalogue reads them.
  await new CatalogueService(store.db).listDataValues({ limit: 1 }, OPERATOR);
  return { counties, indicators };
}

/**
 * Writes the file in the order a national export has: indicator, county,
 * month; header `indicator,org_unit,period,value`; figures as bureaus write
 * them (up to six digits, one or two decimals), from a fixed seed, so every
 * run writes the same file. Returns the number of values.
 */
export async function generate(
  target: string,
  indicators: readonly string[],
  counties: readonly string[],
): Promise<number> {
  const out = fs.createWriteStream(target);
  const write = (text: string) =>
    out.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => out.once('drain', resolve));
  await write('indicator,org_unit,period,value\n');
  const months = monthCodes();
  let seed = 42;
  let total = 0;
  for (const indicator of indicators) {
    for (const county of counties) {
      let chunk = '';
      for (const month of months) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
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

/** Runs one statement on the benchmark's PostgreSQL (its own connection). */
export async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` with the URL of a new, empty PostgreSQL database, dropped
 * afterwards unless `keep` (its name is then printed).
 */
export async function withPostgresDatabase<T>(
  work: (url: string) => Promise<T>,
  keep = false,
): Promise<T> {
  const name = `planwatch_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    if (keep) console.log(`kept PostgreSQL database ${name}`);
    else await admin(`drop database if exists ${name} with (force)`);
  }
}
