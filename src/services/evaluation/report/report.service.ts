/**
 * The yearly evaluation report (Outline VI(4)) for a year, in zh-CN or en:
 * the model gathered from the store, as HTML, as a PDF printed by headless
 * Chromium, and as an Excel workbook of every figure behind it.
 *
 * The renderers load on first use: ECharts, Playwright and exceljs together
 * take over a second to load, which no other command or request should pay.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { InputError, type Problem } from '../../errors.js';
import { ReportModelBuilder, type ReportModel, type ReportSources } from './report-model.js';
import { isReportLanguage, REPORT_LANGUAGES, type ReportLanguage } from './report-text.js';

export interface ReportOptions {
  withDrafts?: boolean;
}

export class ReportService {
  private readonly builder: ReportModelBuilder;

  constructor(db: Kysely<Database>, sources: ReportSources, now: () => Date = () => new Date()) {
    this.builder = new ReportModelBuilder(db, sources, now);
  }

  /** `withDrafts` (default true): whether a draft ranking is shown when the year is not published. */
  async build(year: number, lang: string, options: ReportOptions = {}): Promise<ReportModel> {
    checkRequest(year, lang);
    return this.builder.build(year, lang as ReportLanguage, options);
  }

  async html(year: number, lang: string, options: ReportOptions = {}): Promise<string> {
    const { renderReportHtml } = await import('./report-html.js');
    return renderReportHtml(await this.build(year, lang, options));
  }

  async pdf(year: number, lang: string, options: ReportOptions = {}): Promise<Buffer> {
    const model = await this.build(year, lang, options);
    const [{ planTitle, renderReportHtml }, { printPdf }] = await Promise.all([
      import('./report-html.js'),
      import('./report-pdf.js'),
    ]);
    return printPdf(renderReportHtml(model), {
      lang: model.lang,
      footerTitle: `${planTitle(model)} · ${model.year}`,
    });
  }

  async xlsx(year: number, lang: string, options: ReportOptions = {}): Promise<Buffer> {
    const { renderReportXlsx } = await import('./report-xlsx.js');
    return renderReportXlsx(await this.build(year, lang, options));
  }
}

function checkRequest(year: number, lang: string): void {
  const problems: Problem[] = [];
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    problems.push({ path: 'year', message: `must be a year from 2000 to 2100, not ${year}` });
  }
  if (!isReportLanguage(lang)) {
    problems.push({
      path: 'lang',
      message: `must be one of ${REPORT_LANGUAGES.join(', ')}, not "${lang}"`,
    });
  }
  if (problems.length > 0) throw new InputError('The report cannot be made', problems);
}
