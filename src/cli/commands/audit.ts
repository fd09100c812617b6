import type { Command } from 'commander';
import { printJson, withStore } from '../context.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description(
      'walk the chain; name the first entry that was altered, removed or reordered (exit 1)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async ({ services }) => {
        const result = await services.audit.verify();
        if (options.json) printJson(result);
        else if (result.ok)
          process.stdout.write(`Audit log intact: ${result.entries} entries verified\n`);
        else
          process.stderr.write(
            `planwatch: audit log broken at entry ${result.broken.seq}: ${result.broken.message} (${result.entries} entries before it verified)\n`,
          );
        if (!result.ok) process.exitCode = 1;
      });
    });
}
