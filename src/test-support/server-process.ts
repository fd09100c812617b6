/**
 * The built server (`node bin/planwatch.js serve`) in a process of its own,
 * on a given store, for tests that need a real process: ones that kill it.
 * `start` waits until GET /api/health answers 200; `kill` sends SIGKILL (no
 * shutdown code runs, as in a crash or an OOM kill) and waits for the exit.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { assertBuilt, repoRoot } from './cli.js';

export interface ServerProcessOptions {
  dataDir: string;
  databaseUrl: string | null;
  /** More settings over the test's environment (DATABASE_URL is only ever the store's). */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** Everything the server wrote to standard output and error so far. */
  output(): string;
  /** SIGKILL, then the exit; resolves with the signal that ended the process. */
  kill(): Promise<NodeJS.Signals | null>;
  /** SIGTERM: the server closes as on a normal stop. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
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

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  assertBuilt();
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries({
      ...process.env,
      LOG_LEVEL: 'warn',
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PLANWATCH_DATA: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? undefined,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'planwatch.js'), 'serve'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    baseUrl,
    pid: child.pid!,
    output: () => output,
    kill: async () => {
      if (running()) child.kill('SIGKILL');
      return exit;
    },
    stop: async () => {
      if (!running()) return;
      child.kill('SIGTERM');
      const ended = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!ended) await server.kill();
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let problem = 'no answer yet';
  while (Date.now() < deadline) {
    if (!running()) {
      throw new Error(
        `The server exited before answering (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return server;
      problem = `GET /api/health answered ${response.status}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  await server.kill();
  throw new Error(`The server did not answer GET /api/health in time (${problem}):\n${output}`);
}

/** A signed-in user of a running server: the session cookie, and the CSRF token on writes. */
export class HttpClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string>,
  ) {}

  static async signIn(baseUrl: string, username: string, password: string): Promise<HttpClient> {
    const response = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (response.status !== 200) {
      throw new Error(`${username} could not sign in: ${response.status} ${await response.text()}`);
    }
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0]!)
      .join('; ');
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return new HttpClient(baseUrl, { cookie, 'x-csrf-token': csrfToken });
  }

  /** Sends a request; JSON bodies as JSON, strings and buffers as they are (with `contentType`). */
  async send(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    url: string,
    body?: object | string | Buffer,
    contentType = 'application/json',
  ): Promise<{ status: number; body: unknown; text: string }> {
    let payload: string | Buffer | undefined;
    let type = contentType;
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
    else {
      payload = JSON.stringify(body);
      type = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: { ...this.headers, ...(payload === undefined ? {} : { 'content-type': type }) },
      body: payload,
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (a report, a page): the text is there.
    }
    return { status: response.status, body: parsed, text };
  }
}
