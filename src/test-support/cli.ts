/**
 * Runs `planwatch` commands for tests. `runCli` runs the program in this
 * process (the same code as the built command, from source): settings from
 * `env` over the test's environment, standard output and error captured, the
 * exit code returned. A command costs milliseconds instead of a second and
 * more for a new Node process. `spawnCli` starts the built command as a user
 * would, for what only a real process shows: two processes at once, exit
 * codes as the shell sees them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPlanwatch } from '../cli/program.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(repoRoot, 'bin', 'planwatch.js');
const built = path.join(repoRoot, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Env = Record<string, string | undefined>;

/** The settings a command sees: the test's environment without DATABASE_URL, then `env`. */
function commandEnv(env: Env): Env {
  return { ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'warn', ...env };
}

let running = false;

/**
 * Runs one command in this process. Commands read process.env and write to
 * process.stdout and process.stderr, so both are swapped for the run and put
 * back after; runs in one file therefore never overlap (Vitest runs a file's
 * tests in turn).
 */
export async function runCli(args: string[], env: Env = {}): Promise<CliResult> {
  if (running) throw new Error('runCli: one in-process command at a time (use spawnCli)');
  running = true;
  const savedEnv = { ...process.env };
  const savedExitCode = process.exitCode;
  const out = { stdout: '', stderr: '' };
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  // Own properties or none (then the prototype's method): put back exactly what was there.
  const writes = {
    stdout: Object.getOwnPropertyDescriptor(process.stdout, 'write'),
    stderr: Object.getOwnPropertyDescriptor(process.stderr, 'write'),
  };
  for (const name of ['stdout', 'stderr'] as const) {
    streams[name].write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      out[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const callback = rest.find((arg) => typeof arg === 'function');
      if (typeof callback === 'function') (callback as () => void)();
      return true;
    };
  }
  for (const [key, value] of Object.entries(commandEnv(env))) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  process.exitCode = undefined;
  try {
    const code = await runPlanwatch(args);
    return { code, ...out };
  } finally {
    for (const name of ['stdout', 'stderr'] as const) {
      const saved = writes[name];
      if (saved) Object.defineProperty(streams[name], 'write', saved);
      else delete (streams[name] as { write?: unknown }).write;
    }
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    process.exitCode = savedExitCode;
    running = false;
  }
}

export function assertBuilt(): void {
  if (!fs.existsSync(built)) {
    throw new Error(`${built} is missing: run \`npm run build\` first (\`npm test\` does it)`);
  }
}

/** Starts the built `planwatch` as a user would, in a process of its own. */
export function spawnCli(args: string[], env: Env = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const childEnv = Object.fromEntries(
      Object.entries(commandEnv(env)).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
