/**
 * Backups and restores on both engines: a store with published, draft and
 * revised values, aggregates, tasks and an audit chain is backed up while
 * writes go on, restored into a new store of each engine, and the copy holds
 * every table's rows (count and digest), verifies its audit chain and
 * aggregates, and answers the same queries as the original. A damaged backup
 * or a target that holds data is refused and nothing is written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Principal } from '../core/access/policy.js';
import { openStore, type Store } from '../db/connect.js';
import { summariseStore } from '../db/portable/store-copy.js';
import { rejectionOf } from '../test-support/access.js';
import { userPrincipal } from '../test-support/principals.js';
import { runCli } from '../test-support/cli.js';
import {
  createStoreLocation,
  describeEachStore,
  engines,
  pgTestUrl,
  type StoreLocation,
} from '../test-support/stores.js';
import { backupStore, restoreStore } from './backup.service.js';
import { createServices } from './container.js';
import { DataEntryService } from './data-entry.service.js';
import { DataRevisionService } from './data-revision.service.js';
import { ensureDefaults } from './defaults.service.js';

const hubeiReporter = userPrincipal('hubei', 'reporter', '420000', '/CN/420000/', 7);
const admin = userPrincipal('admin', 'admin', 'CN', '/CN/');
const actor = { name: 'user:7:hubei', ip: '127.0.0.1' };
const anonymous: Principal = { kind: 'anonymous' };

/** What a reader and a reporter see: the same answers from a copy as from its original. */
async function answers(store: Store) {
  const services = createServices(store);
  return JSON.stringify({
    indicators: await services.catalogue.listIndicators('nids-2016', anonymous),
    values: await services.catalogue.listDataValues({ limit: 10_000 }, admin),
    progress: await services.progress.plan(anonymous, 'nids-2016', 'CN'),
    cells: await services.analytics.cells(admin, {
      indicators: ['base_stations_5g'],
      orgUnits: ['420000', '420100', 'CN'],
      periods: ['2024'],
    }),
    tasks: await services.tasks.list(admin, {}),
    audit: await services.audit.list({ limit: 500 }),
  });
}

describeEachStore('backup and restore', (fixture) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-backup-test-'));
  const file = (name: string) => path.join(dir, name);
  const targets: StoreLocation[] = [];
  const newTarget = async (engine: (typeof engines)[number]) => {
    const location = await createStoreLocation(engine);
    targets.push(location);
    return location;
  };

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    const entry = new DataEntryService(db);
    for (const [unit, value] of [
      ['420100', 71.2],
      ['420200', 65.4],
    ] as const) {
      await entry.writeDraft(
        hubeiReporter,
        {
          indicatorCode: 'base_stations_5g',
          orgUnitCode: unit,
          period: '2024',
          value,
          comment: null,
        },
        actor,
      );
    }
    const [published] = await createServices(fixture.store).catalogue.listDataValues(
      { indicator: 'ecommerce_volume', orgUnit: 'CN', period: '2020' },
      anonymous,
    );
    await new DataRevisionService(db).revisePublished(
      admin,
      { ...published!, value: 37.3, note: 'final survey', expectedVersion: published!.version },
      actor,
    );
  });
  afterAll(async () => {
    for (const target of targets) await target.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes a portable backup while values are written, and restores it into either engine whole', async () => {
    // Writes go on during the backup: the backup is one snapshot, so the copy verifies.
    const entry = new DataEntryService(fixture.store.db);
    const writing = (async () => {
      for (let month = 1; month <= 12; month++) {
        await entry.writeDraft(
          hubeiReporter,
          {
            indicatorCode: 'base_stations_5g',
            orgUnitCode: '420300',
            period: `2023${String(month).padStart(2, '0')}`,
            value: 60 + month,
            comment: null,
          },
          actor,
        );
      }
    })();
    const report = await backupStore(fixture.store, file('online.pwbackup'), 'portable', 'test');
    await writing;
    expect(report.tables.find((table) => table.name === 'data_value')!.rows).toBeGreaterThan(0);

    const source = await summariseStore(fixture.store);
    const sourceAnswers = await answers(fixture.store);
    // A backup made now, with the writes done, restores to the same answers in either engine.
    await backupStore(fixture.store, file('settled.pwbackup'), 'portable', 'test');
    for (const engine of engines) {
      const online = await newTarget(engine);
      const onlineProof = await restoreStore(file('online.pwbackup'), online);
      expect(onlineProof.mismatches).toEqual([]);
      expect(onlineProof.tables).toEqual(report.tables);

      const target = await newTarget(engine);
      const proof = await restoreStore(file('settled.pwbackup'), target);
      expect(proof.mismatches).toEqual([]);
      expect(proof.tables).toEqual(source);
      expect(proof.auditEntries).toBeGreaterThan(0);
      expect(proof.aggregateRows).toBeGreaterThan(0);
      const restored = await openStore(target);
      try {
        expect(await summariseStore(restored)).toEqual(source);
        expect(await answers(restored)).toEqual(sourceAnswers);
        // The restored store takes new rows after the restored ones.
        const value = await new DataEntryService(restored.db).writeDraft(
          hubeiReporter,
          {
            indicatorCode: 'base_stations_5g',
            orgUnitCode: '420500',
            period: '2024',
            value: 50,
            comment: null,
          },
          actor,
        );
        expect(value.version).toBe(1);
      } finally {
        await restored.close();
      }
    }
  });

  it('takes a SQLite backup of a SQLite store, which restores into either engine', async () => {
    if (fixture.location.engine !== 'sqlite') {
      const error = await rejectionOf(
        backupStore(fixture.store, file('pg.sqlite'), 'sqlite', 'test'),
      );
      expect(error.message).toMatch(/portable format/);
      expect(fs.existsSync(file('pg.sqlite'))).toBe(false);
      return;
    }
    const report = await backupStore(fixture.store, file('copy.sqlite'), 'sqlite', 'test');
    expect(report.tables).toEqual(await summariseStore(fixture.store));
    for (const engine of engines) {
      const proof = await restoreStore(file('copy.sqlite'), await newTarget(engine));
      expect(proof.mismatches).toEqual([]);
      expect(proof.tables).toEqual(report.tables);
    }
  });

  it('refuses a damaged backup, a backup over a file, and a target that holds data; nothing is written', async () => {
    await backupStore(fixture.store, file('good.pwbackup'), 'portable', 'test');
    const again = await rejectionOf(
      backupStore(fixture.store, file('good.pwbackup'), 'portable', 'test'),
    );
    expect(again.message).toMatch(/exists already/);

    // One published figure changed inside the file: its table's digest no longer matches.
    const text = gunzipSync(fs.readFileSync(file('good.pwbackup')));
    const altered = text.toString('utf8').replace('37.3', '99.9');
    expect(altered).not.toBe(text.toString('utf8'));
    fs.writeFileSync(file('altered.pwbackup'), gzipSync(altered));
    const target = await newTarget('sqlite');
    const refused = await rejectionOf(restoreStore(file('altered.pwbackup'), target));
    expect(refused.message).toMatch(
      /table \w+ has \d+ rows with digest .* it was altered or damaged/,
    );
    const empty = await openStore(target, { migrate: false });
    try {
      const rows = await empty.db.selectFrom('dataValue').select('id').execute();
      expect(rows).toEqual([]);
    } finally {
      await empty.close();
    }

    // Cut short: the end of a table is missing.
    fs.writeFileSync(
      file('short.pwbackup'),
      gzipSync(text.subarray(0, Math.floor(text.length / 2))),
    );
    const short = await rejectionOf(
      restoreStore(file('short.pwbackup'), await newTarget('sqlite')),
    );
    expect(short.message).toMatch(/ends at line \d+, before its end mark|not a JSON line/);

    // A target with data: the source itself.
    const full = await rejectionOf(restoreStore(file('good.pwbackup'), fixture.location));
    expect(full.message).toMatch(/holds data already/);
    fs.writeFileSync(file('notes.txt'), 'not a backup');
    const notBackup = await rejectionOf(restoreStore(file('notes.txt'), await newTarget('sqlite')));
    expect(notBackup.message).toMatch(/neither a Planwatch portable backup nor a SQLite store/);
  });

  it('backs up and restores from the command line', async () => {
    const env = {
      PLANWATCH_DATA: fixture.location.dataDir,
      DATABASE_URL: fixture.location.databaseUrl ?? undefined,
    };
    const out = file('cli.pwbackup');
    const backedUp = await runCli(['backup', '--out', out, '--format', 'portable'], env);
    expect(backedUp.stderr).toBe('');
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toMatch(
      /^Backed up .* \(portable, \d+ bytes\): \d+ tables, \d+ rows\n$/,
    );
    const target = await newTarget('sqlite');
    const restored = await runCli(['restore', out], { PLANWATCH_DATA: target.dataDir });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      /each table's count and digest as in the source; audit chain of \d+ entries verified/,
    );
    const twice = await runCli(['restore', out], { PLANWATCH_DATA: target.dataDir });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/holds data already/);
  });

  it.runIf(pgTestUrl !== null)(
    'moves a store into an empty PostgreSQL database: migrate-store',
    async () => {
      const target = await newTarget('postgres');
      const moved = await runCli(['migrate-store', '--to', target.databaseUrl!], {
        PLANWATCH_DATA: fixture.location.dataDir,
        DATABASE_URL: fixture.location.databaseUrl ?? undefined,
      });
      expect(moved.stderr).toBe('');
      expect(moved.code).toBe(0);
      expect(moved.stdout).toMatch(/^Copied .* to the PostgreSQL database: \d+ tables/);
      const copy = await openStore(target);
      try {
        expect(await summariseStore(copy)).toEqual(await summariseStore(fixture.store));
        expect(await answers(copy)).toEqual(await answers(fixture.store));
      } finally {
        await copy.close();
      }
      const bad = await runCli(['migrate-store', '--to', 'mysql://x'], {});
      expect(bad.code).toBe(2);
    },
  );
});
