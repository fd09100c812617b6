/**
 * Headless Chromium (Debian's, driven by playwright-core) with per-page
 * collection of console errors and uncaught page errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'artifacts', 'e2e');

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\` (CI's .ci/run does)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** Console messages of type "error" and uncaught exceptions, in order. */
  errors: string[];
  close: () => Promise<void>;
}

export interface PageOptions {
  baseUrl: string;
  /** Value of the language kept in localStorage before the app starts (null: nothing stored). */
  lang?: 'zh-CN' | 'en' | null;
  viewport?: { width: number; height: number };
  /** Console errors matching these are expected (e.g. a 404 the test provokes). */
  allowErrors?: RegExp[];
}

export const LANG_KEY = 'planwatch.lang';

export async function openPage(browser: Browser, options: PageOptions): Promise<TrackedPage> {
  const context = await browser.newContext({
    baseURL: options.baseUrl,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: 'en-US',
    deviceScaleFactor: 1,
  });
  if (options.lang) {
    await context.addInitScript(
      ([key, lang]) => {
        if (!window.sessionStorage.getItem('planwatch.e2e.seeded')) {
          window.localStorage.setItem(key, lang);
          window.sessionStorage.setItem('planwatch.e2e.seeded', '1');
        }
      },
      [LANG_KEY, options.lang] as const,
    );
  }
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed = (text: string) => (options.allowErrors ?? []).some((re) => re.test(text));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const location = message.location();
    const text = `console.error: ${message.text()}${location.url ? ` (${location.url}:${location.lineNumber})` : ''}`;
    if (!allowed(text)) errors.push(text);
  });
  page.on('pageerror', (error) => {
    const text = `pageerror: ${error.message}`;
    if (!allowed(text)) errors.push(text);
  });
  return { page, context, errors, close: () => context.close() };
}

/** Full-page screenshot at artifacts/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // From the top, so the sticky header is drawn where it belongs.
  await page.evaluate(() => window.scrollTo(0, 0));
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Screenshot of the page with an open drawer at artifacts/e2e/<name>.png: the
 * viewport grows to the drawer's content, so all of it is in the picture.
 */
export async function drawerScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = await page.evaluate(() => {
    const body = document.querySelector('.ant-drawer-open .ant-drawer-body');
    const header = document.querySelector('.ant-drawer-open .ant-drawer-header');
    return (body?.scrollHeight ?? 0) + (header?.getBoundingClientRect().height ?? 0);
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.waitForTimeout(300);
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
  return file;
}
