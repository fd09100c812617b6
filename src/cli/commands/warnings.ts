import { InvalidArgumentError, type Command } from 'commander';
import { addDays } from '../../core/reporting/timeliness.js';
import type { WarningRunSummary } from '../../services/tasks/warning.service.js';
import { printJson, withStore } from '../context.js';

function day(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || addDays(text, 0) !== text)
    throw new InvalidArgumentError('a date as YYYY-MM-DD');
  return text;
}

/** The services with the mail and warning settings, which the shared context does not pass. */

export function formatRun(summary: WarningRunSummary): string {
  const lines = [
    `Early-warning check of ${summary.day} (${summary.run}): ${summary.tasksChecked} open tasks checked, ${summary.offTrackTargets} targets off track; warnings raised ${summary.raised}, escalated ${summary.escalated}, resolved ${summary.resolved}; digests queued ${summary.digestsQueued}`,
    ...summary.failures.map(
      (failure) =>
        `  not checked: ${failure.taskId === null ? 'indicators' : `task ${failure.taskId}`}: ${failure.message}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerWarningCommands(program: Command): void {
  const warnings = program
    .command('warnings')
    .description(
      'early warnings: overdue tasks and milestones, missing updates, indicators off track',
    );
  warnings
    .command('run')
    .description(
      'run the daily check now (again, if it ran that day: nothing is sent twice) and queue the digests',
    )
    .option('--day <YYYY-MM-DD>', 'the day to check (default: today, UTC)', day)
    .option('--json', 'print the summary as JSON')
    .action(async (options: { day?: string; json?: boolean }) => {
      await withStore(async ({ services }) => {
        const summary = await services.warnings.runDaily(options.day ?? services.warnings.today(), {
          force: true,
          actor: { name: 'cli:warnings', ip: null },
        });
        if (options.json) printJson(summary);
        else process.stdout.write(formatRun(summary));
        if (summary.failures.length > 0) process.exitCode = 1;
      });
    });

  program
    .command('outbox')
    .description('digest e-mails and webhook calls waiting to be sent')
    .command('deliver')
    .description('send what is due now (PLANWATCH_SMTP_URL for e-mail); failures are retried later')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async ({ services }) => {
        try {
          const report = await services.outbox.deliverDue(new Date());
          if (options.json) printJson(report);
          else
            process.stdout.write(
              `Outbox: ${report.sent} sent, ${report.retrying} to retry later, ${report.failed} given up\n`,
            );
        } finally {
          services.outbox.close();
        }
      });
    });
}
