/**
 * One real server and one browser per test file, plus small polling
 * assertions (playwright-core has no auto-waiting expect).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, openPage, type PageOptions, type TrackedPage } from './browser';
import { startServer, type RunningServer, type ServerOptions } from './server';

export interface AppHarness {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A fresh browser context at `path`, the language seeded in localStorage when given. */
  open: (path: string, options?: Omit<PageOptions, 'baseUrl'>) => Promise<TrackedPage>;
  /** GET an API path from the running server. */
  api: <T>(path: string) => Promise<T>;
}

export function setupApp(
  serverOptions: () => Promise<ServerOptions> | ServerOptions = () => ({}),
): AppHarness {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const pages: TrackedPage[] = [];

  beforeAll(async () => {
    server = await startServer(await serverOptions());
    try {
      browser = await launchBrowser();
    } catch (error) {
      await server.stop();
      server = undefined;
      throw error;
    }
  });

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  const harness: AppHarness = {
    get server() {
      if (!server) throw new Error('server not started (beforeAll failed)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('browser not launched (beforeAll failed)');
      return browser;
    },
    async open(path, options = {}) {
      const tracked = await openPage(harness.browser, {
        baseUrl: harness.server.baseUrl,
        ...options,
      });
      pages.push(tracked);
      await tracked.page.goto(path);
      return tracked;
    },
    async api<T>(path: string): Promise<T> {
      const response = await fetch(`${harness.server.baseUrl}${path}`);
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
  return harness;
}

const POLL_MS = 100;
const TIMEOUT_MS = 15_000;

/** Waits until the locator's text contains every expected string; fails with the text it saw. */
export async function expectText(locator: Locator, ...expected: string[]): Promise<string> {
  const deadline = Date.now() + TIMEOUT_MS;
  let text = '';
  for (;;) {
    try {
      text = (await locator.first().innerText({ timeout: 2_000 })).replace(/\s+/g, ' ');
    } catch {
      text = '';
    }
    const missing = expected.filter((e) => !text.includes(e));
    if (missing.length === 0) return text;
    if (Date.now() > deadline) {
      throw new Error(
        `Expected ${String(locator)} to contain ${missing.map((m) => JSON.stringify(m)).join(', ')}; it says:\n${text.slice(0, 3000) || '(nothing / not found)'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until an ECharts container has drawn its series (SVG paths). */
export async function expectChart(locator: Locator, minPaths = 3): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const count = await locator.locator('svg path').count();
    if (count >= minPaths) return;
    if (Date.now() > deadline)
      throw new Error(
        `Chart ${String(locator)} drew ${count} SVG paths, expected at least ${minPaths}`,
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function htmlLang(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}

export async function storedLang(page: Page): Promise<string | null> {
  return page.evaluate(() => window.localStorage.getItem('planwatch.lang'));
}

/** Lets charts finish drawing and fonts settle before a screenshot. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
}

/** Waits until Ant Design's toast messages have gone, so they cover nothing in a screenshot. */
export async function noToasts(page: Page): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while ((await page.locator('.ant-message-notice').count()) > 0) {
    if (Date.now() > deadline) throw new Error('Toast messages did not go away');
    await page.waitForTimeout(POLL_MS);
  }
}
