/**
 * Runs a suite against every store engine: SQLite always, PostgreSQL when
 * PLANWATCH_TEST_PG_URL is set (a fresh database per suite, dropped after).
 * On CI a missing PostgreSQL URL fails the run instead of skipping quietly.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openStore, type Engine, type Store } from '../db/connect.js';

export const pgTestUrl = process.env.PLANWATCH_TEST_PG_URL || null;
export const engines: Engine[] = pgTestUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** A place for one store: a temp directory for SQLite, a new database for PostgreSQL. */
export interface StoreLocation {
  engine: Engine;
  dataDir: string;
  databaseUrl: string | null;
  dispose(): Promise<void>;
}

export async function createStoreLocation(engine: Engine): Promise<StoreLocation> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-test-'));
  if (engine === 'sqlite') {
    return {
      engine,
      dataDir,
      databaseUrl: null,
      dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  if (!pgTestUrl) throw new Error('PLANWATCH_TEST_PG_URL is not set');
  const name = `planwatch_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(pgTestUrl);
  url.pathname = `/${name}`;
  return {
    engine,
    dataDir,
    databaseUrl: url.toString(),
    dispose: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgTestUrl! });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface StoreFixture {
  readonly store: Store;
  readonly location: StoreLocation;
}

/** describe() once per engine; the fixture's store is open for the whole suite. */
export function describeEachStore(name: string, body: (fixture: StoreFixture) => void): void {
  if (process.env.CI && !pgTestUrl) {
    describe(name, () => {
      it('runs on PostgreSQL', () => {
        throw new Error(
          'CI is set but PLANWATCH_TEST_PG_URL is not: the PostgreSQL suite must not be skipped',
        );
      });
    });
  }
  for (const engine of engines) {
    describe(`${name} [${engine}]`, () => {
      let store: Store | undefined;
      let location: StoreLocation | undefined;
      const fixture: StoreFixture = {
        get store() {
          if (!store) throw new Error('store not open yet');
          return store;
        },
        get location() {
          if (!location) throw new Error('store not open yet');
          return location;
        },
      };
      beforeAll(async () => {
        location = await createStoreLocation(engine);
        store = await openStore(location);
      });
      afterAll(async () => {
        await store?.close();
        await location?.dispose();
      });
      body(fixture);
    });
  }
}
