import type { Command } from 'commander';
import { printJson, withStore } from '../context.js';

export function registerAnalyticsCommands(program: Command): void {
  const analytics = program
    .command('analytics')
    .description('the aggregates kept current with every write');
  analytics
    .command('verify')
    .description(
      'recompute every aggregate from the raw values and compare with the stored ones (exit 1 on a difference)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async ({ services }) => {
        const result = await services.aggregateCheck.verify();
        if (options.json) printJson(result);
        else if (result.ok) {
          process.stdout.write(
            `Aggregates consistent: ${result.checked} aggregate rows of ${result.indicators} indicators recomputed from the raw values\n`,
          );
        } else {
          for (const m of result.mismatches) {
            process.stderr.write(
              `planwatch: ${m.indicator} ${m.orgUnit} ${m.period}${m.basis ? ` basis "${m.basis}"` : ''}${m.disaggregation ? ` ${m.disaggregation}` : ''} (${m.published ? 'published values' : 'all values'}): expected ${m.expected ? `${m.expected.sum} from ${m.expected.units} units` : 'nothing'}, stored ${m.stored ? `${m.stored.sum} from ${m.stored.units} units` : 'nothing'}\n`,
            );
          }
          process.stderr.write(
            `planwatch: ${result.mismatchCount} aggregate rows differ from the raw values (${result.checked} checked); \`planwatch analytics rebuild\` recomputes them\n`,
          );
          process.exitCode = 1;
        }
      });
    });
  analytics
    .command('rebuild')
    .description('recompute every aggregate from the raw values, in one transaction')
    .action(async () => {
      await withStore(async ({ services }) => {
        const result = await services.aggregateCheck.rebuild();
        process.stdout.write(
          `Aggregates rebuilt: ${result.rows} rows for ${result.indicators} indicators\n`,
        );
      });
    });
}
