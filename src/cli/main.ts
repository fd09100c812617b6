/** The `planwatch` command line. */
import { Command, CommanderError } from 'commander';
import { registerAnalyticsCommands } from './commands/analytics.js';
import { registerAuditCommands } from './commands/audit.js';
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

// `planwatch plan tree x | head`: a closed pipe ends the output, not the program with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander printed its own message; help and version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(error);
  }
}
