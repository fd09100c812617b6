/**
 * What every command shares: reading the settings, opening the store (which
 * creates it and loads the defaults when new), and turning errors into one
 * clear message and a non-zero exit.
 */
import fs from 'node:fs';
import { ConfigError, readConfig, type Config } from '../config.js';
import { openStore, StoreOpenError, type Store } from '../db/connect.js';
import { ensureDefaults } from '../services/defaults.service.js';
import { createServices, serviceOptionsOf, type Services } from '../services/container.js';
import { dataFiles } from '../services/data-files.js';
import {
  ConflictError,
  ForbiddenError,
  formatProblem,
  InputError,
  NotFoundError,
} from '../services/errors.js';

export interface CommandContext {
  config: Config;
  store: Store;
  services: Services;
}

export async function withStore<T>(run: (context: CommandContext) => Promise<T>): Promise<T> {
  const config = readConfig();
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await ensureDefaults(store.db);
    return await run({
      config,
      store,
      services: createServices(store, serviceOptionsOf(config)),
    });
  } finally {
    await store.close();
  }
}

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(dataFiles.packageJson, 'utf8')) as { version: string })
    .version;
}

/** Exit codes: 1 = bad input or a failed operation, 2 = bad usage or settings, 3 = store unreachable. */
export function reportError(error: unknown): number {
  if (error instanceof InputError) {
    process.stderr.write(`planwatch: ${error.message}\n`);
    for (const problem of error.problems) process.stderr.write(`  ${formatProblem(problem)}\n`);
    return 1;
  }
  if (
    error instanceof NotFoundError ||
    error instanceof ConflictError ||
    error instanceof ForbiddenError
  ) {
    process.stderr.write(`planwatch: ${error.message}\n`);
    return 1;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`planwatch: ${error.message}\n`);
    return 2;
  }
  if (error instanceof StoreOpenError) {
    process.stderr.write(`planwatch: ${error.message}\n`);
    return 3;
  }
  process.stderr.write(
    `planwatch: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
