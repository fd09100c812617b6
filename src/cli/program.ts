/**
 * The `planwatch` program: a fresh command tree per run, so that it can run
 * more than once in a process (the tests run commands in-process; `main.ts`
 * runs it once for a user).
 */
import { Command, CommanderError } from 'commander';
import { registerAnalyticsCommands } from './commands/analytics.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerDataCommands } from './commands/data.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerIndicatorCommands } from './commands/indicators.js';
import { registerInspectionCommands } from './commands/inspections.js';
import { registerOrgUnitCommands } from './commands/org-units.js';
import { registerPlanCommands } from './commands/plan.js';
import { registerReportCommand } from './commands/report.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTaskCommands } from './commands/tasks.js';
import { registerUserCommands } from './commands/user.js';
import { registerWarningCommands } from './commands/warnings.js';
import { packageVersion, reportError } from './context.js';

function buildProgram(): Command {
  const program = new Command('planwatch')
    .description('Planwatch: monitoring and evaluation of national development plans')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerPlanCommands(program);
  registerIndicatorCommands(program);
  registerOrgUnitCommands(program);
  registerUserCommands(program);
  registerAuditCommands(program);
  registerAnalyticsCommands(program);
  registerDataCommands(program);
  registerInspectionCommands(program);
  registerWarningCommands(program);
  registerTaskCommands(program);
  registerEvaluateCommand(program);
  registerReportCommand(program);
  registerBackupCommands(program);
  return program;
}

/**
 * Runs the command the arguments name (without `node` and the script) and
 * gives its exit code: 0, a command's own code (`process.exitCode`), 1 for bad
 * input or a failed operation, 2 for bad usage or settings, 3 for an
 * unreachable store.
 */
export async function runPlanwatch(args: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...args], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // Commander printed its own message; help and version exit 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(error);
  }
}
