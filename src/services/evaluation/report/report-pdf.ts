/**
 * Prints the report's HTML to an A4 PDF in headless Chromium (Debian's,
 * driven by playwright-core; never a downloaded browser), with page numbers
 * in the footer. Chinese text needs a CJK font on the machine
 * (Debian's fonts-noto-cjk).
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { ConfigError } from '../../../config.js';
import { escapeHtml } from './report-html.js';
import { reportText, type ReportLanguage } from './report-text.js';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** PLANWATCH_CHROMIUM, else Debian's Chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLANWATCH_CHROMIUM || DEFAULT_CHROMIUM_PATH;
}

/** The footer: "Page 3 of 12"; Chromium fills in the numbers. */
function footerTemplate(lang: ReportLanguage, title: string): string {
  const pageOf = escapeHtml(reportText(lang)('pageOf'))
    .replace('{page}', '<span class="pageNumber"></span>')
    .replace('{pages}', '<span class="totalPages"></span>');
  return `<div style="width:100%;font-size:8px;color:#8c8c8c;padding:0 14mm;display:flex;justify-content:space-between;font-family:'Noto Sans CJK SC',sans-serif"><span>${escapeHtml(title)}</span><span>${pageOf}</span></div>`;
}

export async function printPdf(
  html: string,
  options: { lang: ReportLanguage; footerTitle: string; executablePath?: string },
): Promise<Buffer> {
  const executablePath = options.executablePath ?? chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new ConfigError(
      `Chromium was not found at ${executablePath}, so the PDF cannot be printed: install Debian's chromium package there, or set PLANWATCH_CHROMIUM to the path of a Chromium executable`,
    );
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage();
    // The document is self-contained: nothing may be fetched while printing.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(options.lang, options.footerTitle),
      margin: { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
