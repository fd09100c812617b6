/**
 * `planwatch report` on a new store (needs `npm run build:server`): the 2020
 * report as PDF in both languages (read back with pdf.js: pages, title,
 * section headings and a figure), as HTML with an inline chart and as an Excel
 * workbook with its sheets; bad options exit 2 naming the option.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/cli.js';
import { createStoreLocation, engines, type StoreLocation } from '../../test-support/stores.js';

/** The PDF's pages and text; NFKC folds the CJK radicals some fonts map glyphs to back into characters. */
async function readPdf(file: string): Promise<{ pages: number; text: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(fs.readFileSync(file)));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text: text.normalize('NFKC').replace(/\s+/g, ' ') };
}

const EXPECTED = {
  en: {
    title: 'Outline of the National Informatization Development Strategy',
    headings: [
      '1. Progress to the targets of the Outline',
      '2. Task delivery',
      '3. Inspection results',
      '4. Evaluation ranking',
      'Annex: figures behind this report',
    ],
    // Information consumption: at least 6 trillion yuan by 2020; 5.8 trillion in 2020.
    figures: ['at least 6 trillion yuan', '5.8 trillion yuan (2020)'],
    noRun: 'No evaluation has been run for 2020',
  },
  'zh-CN': {
    title: '国家信息化发展战略纲要',
    headings: [
      '一、《纲要》目标进展情况',
      '二、任务落实情况',
      '三、督查检查情况',
      '四、年度评估排名',
    ],
    figures: ['不低于 6 万亿元', '5.8 万亿元'],
    noRun: '2020 年尚未开展年度评估',
  },
} as const;

describe.each(engines)('planwatch report [%s]', (engine) => {
  let location: StoreLocation;
  let env: Record<string, string | undefined>;
  let outDir: string;

  beforeAll(async () => {
    location = await createStoreLocation(engine);
    env = { PLANWATCH_DATA: location.dataDir, DATABASE_URL: location.databaseUrl ?? undefined };
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-report-'));
  });
  afterAll(async () => {
    fs.rmSync(outDir, { recursive: true, force: true });
    await location.dispose();
  });

  it.each(['en', 'zh-CN'] as const)(
    'writes the 2020 PDF in %s with the title, the sections and the figures',
    async (lang) => {
      const out = path.join(outDir, `report-${lang}.pdf`);
      const result = await runCli(
        ['report', '--year', '2020', '--lang', lang, '--format', 'pdf', '--out', out],
        env,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(out);
      expect(result.stdout).toMatch(/\(\d+(\.\d)? (KiB|MiB)\)/);
      expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const { pages, text } = await readPdf(out);
      expect(pages).toBeGreaterThanOrEqual(3);
      const expected = EXPECTED[lang];
      expect(text).toContain(expected.title);
      for (const heading of expected.headings) expect(text).toContain(heading);
      for (const figure of expected.figures) expect(text).toContain(figure);
      expect(text).toContain(expected.noRun);
    },
    60_000,
  );

  it('writes HTML with an inline chart, and a workbook with its sheets in Chinese by default', async () => {
    const html = await runCli(
      [
        'report',
        '--year',
        '2020',
        '--lang',
        'en',
        '--format',
        'html',
        '--out',
        path.join(outDir, 'r.html'),
      ],
      env,
    );
    expect(html.code).toBe(0);
    const page = fs.readFileSync(path.join(outDir, 'r.html'), 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toMatch(/<svg[^>]*>/);
    expect(page).not.toMatch(/<script|<link /);

    const xlsx = await runCli(
      ['report', '--year', '2020', '--format', 'xlsx', '--out', path.join(outDir, 'r.xlsx')],
      env,
    );
    expect(xlsx.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(outDir, 'r.xlsx'));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Targets',
      'Figures',
      'Tasks',
      'Inspections',
      'Ranking',
    ]);
    // The default language is Chinese.
    expect(workbook.getWorksheet('Targets')!.getRow(1).getCell(2).value).toBe('指标');
  });
});

/** Usage and setting errors do not depend on the engine: SQLite only. */
describe('planwatch report: errors', () => {
  let location: StoreLocation;
  let env: Record<string, string | undefined>;
  let outDir: string;

  beforeAll(async () => {
    location = await createStoreLocation('sqlite');
    env = { PLANWATCH_DATA: location.dataDir };
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-report-'));
  });
  afterAll(async () => {
    fs.rmSync(outDir, { recursive: true, force: true });
    await location.dispose();
  });

  it.each([
    [['--year', '20x0'], "'--year <YYYY>' argument '20x0' is invalid"],
    [['--year', '2020', '--lang', 'fr'], "'--lang <lang>' argument 'fr' is invalid"],
    [['--year', '2020', '--format', 'docx'], "'--format <format>' argument 'docx' is invalid"],
    [[], "required option '--year <YYYY>' not specified"],
  ])('exits 2 on %j, naming the option', async (args, message) => {
    const bad = await runCli(['report', ...args], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(message);
  });

  it('exits 2 saying which Chromium it tried and how to point it elsewhere', async () => {
    const missing = path.join(outDir, 'no-chromium');
    const bad = await runCli(['report', '--year', '2020', '--out', path.join(outDir, 'x.pdf')], {
      ...env,
      PLANWATCH_CHROMIUM: missing,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`Chromium was not found at ${missing}`);
    expect(bad.stderr).toContain('PLANWATCH_CHROMIUM');
    expect(fs.existsSync(path.join(outDir, 'x.pdf'))).toBe(false);
  });

  it('exits 1 naming --out when the file cannot be written', async () => {
    const out = path.join(outDir, 'missing-dir', 'r.html');
    const bad = await runCli(['report', '--year', '2020', '--format', 'html', '--out', out], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`The report cannot be written to ${out}`);
    expect(bad.stderr).toContain('--out');
  });
});
