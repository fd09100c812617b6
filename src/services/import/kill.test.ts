/**
 * A process killed with SIGKILL in the middle of writing a large import
 * leaves the store exactly as it was: the import is one transaction, and
 * its staging tables are temporary. The built CLI is killed while it writes
 * (it says when it starts writing, with --progress json), then the store is
 * compared with its state before.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { AggregateCheckService } from '../analytics/aggregate-check.service.js';
import { openStore, type Store } from '../../db/connect.js';
import { assertBuilt, repoRoot, runCli } from '../../test-support/cli.js';
import { describeEachStore } from '../../test-support/stores.js';

/** Counts and digests of everything an import writes. */
async function fingerprint(store: Store): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const orders = {
    data_value: ['id'],
    data_value_revision: ['id'],
    audit_log: ['seq'],
    data_value_aggregate: ['indicator_code', 'org_unit_code', 'period', 'basis', 'disaggregation'],
  };
  for (const [table, order] of Object.entries(orders)) {
    const rows = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} order by ${sql.join(
      [...order, ...(table === 'data_value_aggregate' ? ['published'] : [])].map((c) => sql.ref(c)),
    )}`.execute(store.db.withoutPlugins());
    result[table] =
      `${rows.rows.length} ${createHash('sha256').update(JSON.stringify(rows.rows)).digest('hex')}`;
  }
  return result;
}

describeEachStore('an import killed while it writes', (fixture) => {
  let env: Record<string, string | undefined>;
  let big: string;

  beforeAll(async () => {
    assertBuilt();
    const dir = fixture.location.dataDir;
    env = { PLANWATCH_DATA: dir, DATABASE_URL: fixture.location.databaseUrl ?? undefined };
    // The CLI creates and fills the store, as in use; the suite's own connection is closed meanwhile for SQLite.
    const small = path.join(dir, 'small.csv');
    fs.writeFileSync(small, 'indicator,org_unit,period,value\nusers_5g,420000,2024,0.42\n');
    expect((await runCli(['data', 'import', small], env)).code).toBe(0);

    const units = (
      await fixture.store.db
        .selectFrom('orgUnit')
        .select('code')
        .where('level', '=', 'county')
        .orderBy('code')
        .execute()
    ).map((row) => row.code);
    const indicators = (
      await fixture.store.db
        .selectFrom('indicator')
        .select('code')
        .where('kind', '=', 'numeric')
        .orderBy('code')
        .execute()
    ).map((row) => row.code);
    big = path.join(dir, 'big.csv');
    const out = fs.openSync(big, 'w');
    fs.writeSync(out, 'indicator,org_unit,period,value\n');
    let rows = 0;
    for (const indicator of indicators.slice(0, 25)) {
      let chunk = '';
      for (const unit of units) {
        for (const year of [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]) {
          chunk += `${indicator},${unit},${year},${(rows++ % 9973) / 10}\n`;
        }
      }
      fs.writeSync(out, chunk);
    }
    fs.closeSync(out);
    expect(rows).toBeGreaterThan(300_000);
  }, 60_000);

  it('leaves the store exactly as before', async () => {
    const before = await fingerprint(fixture.store);
    const wal = path.join(fixture.location.dataDir, 'planwatch.sqlite-wal');
    const walSize = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
    const walBefore = walSize();
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin', 'planwatch.js'), 'data', 'import', big, '--progress', 'json'],
      {
        cwd: repoRoot,
        env: Object.fromEntries(
          Object.entries({
            ...process.env,
            LOG_LEVEL: 'warn',
            DATABASE_URL: undefined,
            ...env,
          }).filter((entry): entry is [string, string] => entry[1] !== undefined),
        ),
      },
    );
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('"phase":"write"')) resolve();
      });
      void exited.then(() => reject(new Error(`the import ended before writing: ${stderr}`)));
    });
    if (fixture.location.engine === 'sqlite') {
      // Killed when pages of the unfinished transaction are in the log: the case recovery must undo.
      const deadline = Date.now() + 20_000;
      while (walSize() < walBefore + 4 * (1 << 20)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no write seen: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } else {
      // Into the write (a few seconds for this file here).
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(stderr).not.toContain('"phase":"commit"');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(stdout).not.toContain('Imported');

    // A fresh connection sees the store as it was; it is whole, and works.
    const reopened = await openStore(fixture.location);
    try {
      expect(await fingerprint(reopened)).toEqual(before);
      // The aggregates were written in the killed transaction too: none of that is left.
      expect((await new AggregateCheckService(reopened.db).verify()).mismatches).toEqual([]);
      if (reopened.engine === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
          reopened.db.withoutPlugins(),
        );
        expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
      }
    } finally {
      await reopened.close();
    }
    expect(await fingerprint(fixture.store)).toEqual(before);
  }, 60_000);
});
