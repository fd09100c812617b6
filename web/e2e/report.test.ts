/**
 * The yearly report's PDF as people see it: the 2020 report in English and
 * Chinese, from a store with a few tasks, an inspection and a draft
 * evaluation run, printed by Chromium and turned back into images by pdf.js
 * (the build bundled with unpdf) in Chromium: the title page, the page of
 * target charts and the ranking page are kept as screenshots in
 * artifacts/e2e/report-<lang>-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/connect';
import { createServices, type Services } from '../../src/services/container';
import { ensureDefaults } from '../../src/services/defaults.service';
import { createStoreLocation, type StoreLocation } from '../../src/test-support/stores';
import { insertTask } from '../../src/test-support/task-rows';
import { launchBrowser, SCREENSHOT_DIR } from './support/browser';
import { REPO_ROOT } from './support/server';

const PDFJS = path.join(REPO_ROOT, 'node_modules', 'unpdf', 'dist', 'pdfjs.mjs');
const ORIGIN = 'http://report.e2e';

const HEADINGS = {
  en: { progress: '1. Progress to the targets of the Outline', ranking: '4. Evaluation ranking' },
  'zh-CN': { progress: '一、《纲要》目标进展情况', ranking: '四、年度评估排名' },
} as const;

/** Tasks in 2020 for three provinces and a ministry, and an inspection of Tianjin with an open finding. */
async function seed(services: Services, store: Store): Promise<void> {
  const db = store.db;
  const task = async (title: string, leadUnit: string, dueOn: string, doneOn: string | null) => {
    const id = await insertTask(db, {
      title,
      leadUnit,
      assignedBy: 'CN',
      startOn: '2020-01-01',
      dueOn,
      milestones: [{ title: `${title}: first step`, dueOn: '2020-03-31', doneOn: '2020-03-20' }],
    });
    if (doneOn)
      await db.updateTable('task').set({ status: 'done', doneOn }).where('id', '=', id).execute();
  };
  await task('北京市千兆光网覆盖', '110000', '2020-06-30', '2020-06-01');
  await task('天津市5G基站建设', '120000', '2020-09-30', '2020-10-15');
  await task('石家庄市农村宽带提速', '130100', '2020-12-31', null);
  await task('工业互联网标识解析体系', 'MIIT', '2020-12-31', '2020-12-01');
  const plan = await db
    .insertInto('inspectionPlan')
    .values({
      year: 2020,
      title: '2020 年度《纲要》实施督查',
      orgUnitCode: 'CN',
      description: '',
      createdBy: 'e2e',
      createdAt: '2020-09-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const inspection = await db
    .insertInto('inspection')
    .values({
      inspectionPlanId: plan.id,
      orgUnitCode: '120000',
      scheduledOn: '2020-10-01',
      heldOn: '2020-10-01',
      inspectors: '[]',
      summary: '',
      createdBy: 'e2e',
      createdAt: '2020-10-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('inspectionFinding')
    .values({
      inspectionId: inspection.id,
      severity: 'major',
      description: '政务数据未按期共享',
      planNodeId: null,
      taskId: null,
      status: 'open',
      closedOn: null,
      closedBy: null,
      closureNote: null,
      createdBy: 'e2e',
      createdAt: '2020-10-01T00:00:00.000Z',
    })
    .execute();
  await services.evaluation.run(2020, { cutoffOn: '2021-03-31', actor: { name: 'e2e', ip: null } });
}

/** A blank page that can import pdf.js and fetch the PDF, both served from memory. */
async function pdfViewer(browser: Browser, pdf: Buffer): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 900, height: 1300 },
    deviceScaleFactor: 1,
  });
  const bundle = fs.readFileSync(PDFJS);
  await page.route(`${ORIGIN}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === '/pdfjs.mjs')
      return route.fulfill({ body: bundle, contentType: 'text/javascript' });
    if (pathname === '/report.pdf')
      return route.fulfill({ body: pdf, contentType: 'application/pdf' });
    return route.fulfill({
      body: '<!DOCTYPE html><html><body style="margin:0;background:#888"><canvas id="page"></canvas></body></html>',
      contentType: 'text/html',
    });
  });
  await page.goto(`${ORIGIN}/`);
  // A module script, not import() in evaluate: the test's own transform would rewrite that.
  await page.addScriptTag({
    type: 'module',
    content: `import * as pdfjs from '${ORIGIN}/pdfjs.mjs'; window.pdfjsLib = pdfjs;`,
  });
  await page.waitForFunction(() => 'pdfjsLib' in window);
  return page;
}

interface PdfPages {
  count: number;
  /** Each page's text, NFKC-folded (some CJK glyphs map to radicals). */
  texts: string[];
}

async function loadPdf(page: Page): Promise<PdfPages> {
  return page.evaluate(async () => {
    const pdfjs = (window as unknown as { pdfjsLib: unknown }).pdfjsLib as {
      getDocument: (src: { url: string }) => { promise: Promise<unknown> };
    };
    const doc = (await pdfjs.getDocument({ url: '/report.pdf' }).promise) as {
      numPages: number;
      getPage: (n: number) => Promise<{
        getTextContent: () => Promise<{ items: { str?: string }[] }>;
      }>;
    };
    (window as unknown as { reportDoc: unknown }).reportDoc = doc;
    const texts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      texts.push(
        content.items
          .map((item) => item.str ?? '')
          .join('')
          .normalize('NFKC'),
      );
    }
    return { count: doc.numPages, texts };
  });
}

/** The first page after the title page (whose contents list every heading) with the text. */
function pageWith(pages: PdfPages, text: string): number {
  return pages.texts.findIndex((pageText, index) => index > 0 && pageText.includes(text)) + 1;
}

/** Renders page `n` onto the canvas; returns the share of pixels that are not white. */
async function renderPage(page: Page, n: number): Promise<number> {
  return page.evaluate(async (n) => {
    type PdfPage = {
      getViewport: (o: { scale: number }) => { width: number; height: number };
      render: (o: unknown) => { promise: Promise<void> };
    };
    const doc = (window as unknown as { reportDoc: { getPage: (n: number) => Promise<PdfPage> } })
      .reportDoc;
    const pdfPage = await doc.getPage(n);
    const viewport = pdfPage.getViewport({ scale: 1.5 });
    const canvas = document.getElementById('page') as HTMLCanvasElement;
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    const context = canvas.getContext('2d')!;
    await pdfPage.render({ canvasContext: context, canvas, viewport }).promise;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) inked++;
    }
    return inked / (data.length / 4);
  }, n);
}

describe('the yearly report as a PDF', () => {
  let location: StoreLocation;
  let store: Store;
  let services: Services;
  let browser: Browser;

  beforeAll(async () => {
    location = await createStoreLocation('sqlite');
    store = await openStore(location);
    await ensureDefaults(store.db);
    services = createServices(store, { now: () => new Date('2021-04-01T08:00:00Z') });
    await seed(services, store);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await store?.close();
    await location?.dispose();
  });

  it.each(['en', 'zh-CN'] as const)(
    'prints the 2020 report in %s with charts and the ranking, kept as images',
    async (lang) => {
      const pdf = await services.report.pdf(2020, lang);
      const page = await pdfViewer(browser, pdf);
      try {
        const pages = await loadPdf(page);
        expect(pages.count).toBeGreaterThanOrEqual(4);
        const progressPage = pageWith(pages, HEADINGS[lang].progress);
        const rankingPage = pageWith(pages, HEADINGS[lang].ranking);
        expect(progressPage).toBeGreaterThan(1);
        expect(rankingPage).toBeGreaterThan(progressPage);
        // The draft ranking names Beijing, first with all of delivery.
        expect(pages.texts[rankingPage - 1]).toContain(lang === 'en' ? 'Beijing' : '北京市');

        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const shots: [string, number][] = [
          ['title', 1],
          ['progress', progressPage],
          ['ranking', rankingPage],
        ];
        for (const [name, n] of shots) {
          const inked = await renderPage(page, n);
          // A page with its text and charts drawn, not a blank or failed render.
          expect(inked).toBeGreaterThan(0.005);
          await page
            .locator('#page')
            .screenshot({ path: path.join(SCREENSHOT_DIR, `report-${lang}-${name}.png`) });
        }
      } finally {
        await page.close();
      }
    },
    90_000,
  );
});
