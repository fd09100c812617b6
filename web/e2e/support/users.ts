/**
 * Accounts for browser tests: created with the CLI against the running
 * server's store (the CLI and the server share it), signed in through the UI.
 */
import { spawn } from 'node:child_process';
import type { Locator, Page } from 'playwright-core';
import type { User } from '../../../src/api/contract';
import { expectText } from './app';
import { REPO_ROOT, type RunningServer } from './server';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  /** Grants as `role:orgUnitCode`, e.g. `reporter:420000`. */
  roles?: readonly string[];
  /** Administrator on CN (the nation). */
  admin?: boolean;
}

/** `planwatch user create … --password-stdin --json`; rejects with the CLI's output when it fails. */
export function createUser(server: RunningServer, user: NewUser): Promise<User> {
  const args = [
    'bin/planwatch.js',
    'user',
    'create',
    '--username',
    user.username,
    '--display-name',
    user.displayName,
    '--password-stdin',
    '--json',
  ];
  for (const role of user.roles ?? []) args.push('--role', role);
  if (user.admin) args.push('--admin');
  const env: NodeJS.ProcessEnv = { ...process.env, PLANWATCH_DATA: server.dataDir };
  delete env.DATABASE_URL;
  if (server.databaseUrl) env.DATABASE_URL = server.databaseUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) {
        try {
          resolve(JSON.parse(stdout) as User);
        } catch {
          reject(new Error(`planwatch user create printed no JSON user:\n${output}`));
        }
      } else
        reject(
          new Error(
            `planwatch ${args.slice(1).join(' ')} exited with ${code}:\n${output || '(no output)'}`,
          ),
        );
    });
    child.stdin.end(user.password);
  });
}

/** Fills the sign-in form (the page must show it) and waits for the user menu. */
export async function signIn(
  page: Page,
  user: Pick<NewUser, 'username' | 'password' | 'displayName'>,
) {
  const form = page.getByTestId('sign-in-page');
  await form.locator('#username').fill(user.username);
  await form.locator('#password').fill(user.password);
  await page.getByTestId('sign-in-submit').click();
  await expectText(page.getByTestId('user-menu'), user.displayName);
}

/** Goes to /sign-in (optionally with a path to return to) and signs in. */
export async function signInAt(
  page: Page,
  user: Pick<NewUser, 'username' | 'password' | 'displayName'>,
  next?: string,
): Promise<void> {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  await signIn(page, user);
}

/** The CSRF token of the page's session, read as the app does. */
export async function csrfTokenOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const response = await fetch('/api/session');
    const body = (await response.json()) as { csrfToken: string };
    return body.csrfToken;
  });
}

/**
 * Chooses an option of an Ant Design select: opens it, types to search (when
 * given) and clicks the option whose title is exactly `title`.
 */
export async function pickOption(
  page: Page,
  select: Locator,
  title: string,
  typed?: string,
): Promise<void> {
  await select.click();
  if (typed !== undefined) await page.keyboard.type(typed);
  const option = page.locator(
    `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`,
  );
  await option.first().click({ timeout: 15_000 });
}
