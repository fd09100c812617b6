/**
 * `planwatch backup`, `planwatch restore` and `planwatch migrate-store`: the
 * store saved while the server runs, brought back into an empty store, or
 * moved from SQLite to PostgreSQL; each copy is proven table by table.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readConfig } from '../../config.js';
import { openStore } from '../../db/connect.js';
import {
  BACKUP_FORMATS,
  backupStore,
  copyInto,
  restoreStore,
  type BackupFormat,
  type StoreProof,
} from '../../services/backup.service.js';
import { InputError } from '../../services/errors.js';
import { packageVersion, printJson } from '../context.js';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'save the store to a file while the server runs: a SQLite copy (sqlite, SQLite stores only) or Planwatch’s portable format (either engine, restorable into either)',
    )
    .requiredOption('--out <file>', 'the file to write (must not exist)')
    .addOption(
      new Option('--format <format>', 'sqlite (default for SQLite stores) or portable').choices(
        BACKUP_FORMATS,
      ),
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: { out: string; format?: BackupFormat; json?: boolean }) => {
      const config = readConfig();
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      try {
        const format = options.format ?? (store.engine === 'sqlite' ? 'sqlite' : 'portable');
        const report = await backupStore(store, options.out, format, packageVersion());
        if (options.json) return printJson(report);
        const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
        process.stdout.write(
          `Backed up ${store.location} to ${report.file} (${format}, ${report.bytes} bytes): ${report.tables.length} tables, ${rows} rows\n`,
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('restore')
    .description(
      'load a backup (either format) into the configured store, which must be empty (a new PLANWATCH_DATA directory or an empty database); then verify every table, the audit chain and the aggregates',
    )
    .argument('<file>')
    .option('--json', 'print the proof as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const config = readConfig();
      const proof = await restoreStore(file, {
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
      });
      report(proof, `Restored ${file}`, options.json);
    });

  program
    .command('migrate-store')
    .description(
      'copy the configured store completely into an empty PostgreSQL database, comparing every table’s row count and digest at the end',
    )
    .requiredOption('--to <url>', 'the PostgreSQL database (postgres://user@host/db)', postgresUrl)
    .option('--json', 'print the proof as JSON')
    .action(async (options: { to: string; json?: boolean }) => {
      const config = readConfig();
      const source = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      try {
        const proof = await copyInto(source, { dataDir: config.dataDir, databaseUrl: options.to });
        report(proof, `Copied ${source.location} to the PostgreSQL database`, options.json);
      } finally {
        await source.close();
      }
    });
}

function postgresUrl(text: string): string {
  if (!/^postgres(ql)?:\/\//.test(text))
    throw new InvalidArgumentError('a postgres:// or postgresql:// URL');
  return text;
}

function report(proof: StoreProof, what: string, json: boolean | undefined): void {
  if (json) printJson(proof);
  if (proof.mismatches.length > 0)
    throw new InputError(
      `${what}, but these tables differ from the source: ${proof.mismatches.join(', ')}`,
    );
  if (json) return;
  const rows = proof.tables.reduce((sum, table) => sum + table.rows, 0);
  process.stdout.write(
    `${what}: ${proof.tables.length} tables, ${rows} rows, each table's count and digest as in the source; audit chain of ${proof.auditEntries} entries verified; ${proof.aggregateRows} aggregate rows verified\n`,
  );
}
