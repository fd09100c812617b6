/** The `planwatch` command line. */
import { runPlanwatch } from './program.js';

// `planwatch plan tree x | head`: a closed pipe ends the output, not the program with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runPlanwatch(process.argv.slice(2));
