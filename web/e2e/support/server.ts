/**
 * Starts the real Planwatch server (`node bin/planwatch.js serve`) on a free
 * port with a fresh data directory, for one test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const REQUIRED_BUILDS: ReadonlyArray<[string, string]> = [
  [
    'dist/cli/main.js',
    'the server is not built: run `npm run build` (or `npm test`, which builds first)',
  ],
  [
    'web/dist/index.html',
    'the web app is not built: run `npm run build:web` (or `npm test`, which builds first)',
  ],
];

export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** The PostgreSQL database the server uses; null for its SQLite store in dataDir. */
  databaseUrl: string | null;
  /** Everything the server wrote to stderr and stdout so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Throws a clear error when a build the e2e suite needs is missing. */
export function assertBuilt(): void {
  const missing = REQUIRED_BUILDS.filter(([file]) => !fs.existsSync(path.join(REPO_ROOT, file)));
  if (missing.length > 0) {
    throw new Error(
      `e2e prerequisites missing:\n${missing.map(([file, hint]) => `  - ${file}: ${hint}`).join('\n')}`,
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(text: string, max = 4000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

export interface ServerOptions {
  timeoutMs?: number;
  /** Serve from this PostgreSQL database instead of a fresh SQLite store. */
  databaseUrl?: string | null;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  assertBuilt();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PLANWATCH_DATA: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;

  const child: ChildProcess = spawn(process.execPath, ['bin/planwatch.js', 'serve'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited !== null) {
      const { code, signal } = exited as { code: number | null; signal: NodeJS.Signals | null };
      await stop();
      throw new Error(
        `The Planwatch server exited before answering (code ${code}, signal ${signal}).\nstderr:\n${tail(stderr) || '(empty)'}\nstdout:\n${tail(stdout) || '(empty)'}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) {
        return {
          baseUrl,
          port,
          dataDir,
          databaseUrl: options.databaseUrl ?? null,
          output: () => stderr + stdout,
          stop,
        };
      }
      lastProblem = `GET /api/health answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  await stop();
  throw new Error(
    `The Planwatch server did not answer GET /api/health with 200 within ${timeoutMs / 1000} s (${lastProblem}).\nstderr:\n${tail(stderr) || '(empty)'}\nstdout:\n${tail(stdout) || '(empty)'}`,
  );
}
