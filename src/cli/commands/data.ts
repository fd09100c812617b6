import fs from 'node:fs';
import type { Command } from 'commander';
import { OPERATOR } from '../../services/catalogue.service.js';
import { InputError } from '../../services/errors.js';
import { printJson, withStore } from '../context.js';

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('reported values');
  data
    .command('import')
    .description(
      'import values from a CSV file (columns indicator, org_unit, period, value[, comment]; UTF-8, UTF-16 or GBK); all or nothing',
    )
    .argument('<file>')
    .option('--dry-run', 'check the whole file and say what would change, without writing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { dryRun?: boolean; json?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (error) {
        throw new InputError(
          `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
      await withStore(async ({ services }) => {
        const report = await services.dataImport.importCsv(
          bytes,
          file,
          OPERATOR,
          { name: 'system:cli', ip: null },
          {
            dryRun: options.dryRun ?? false,
          },
        );
        if (options.json) return printJson(report);
        const verb = report.dryRun ? 'Would import' : 'Imported';
        process.stdout.write(
          `${verb} ${file} (${report.encoding}, ${report.rows} rows): ${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged, ${report.missing} without a value\n`,
        );
      });
    });
}
