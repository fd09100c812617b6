/** `planwatch report`: the yearly report from the store, written to a file. */
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  isReportLanguage,
  REPORT_LANGUAGES,
  type ReportLanguage,
} from '../../services/evaluation/report/report-text.js';
import { InputError } from '../../services/errors.js';
import { withStore } from '../context.js';

const FORMATS = ['pdf', 'html', 'xlsx'] as const;
type ReportFormat = (typeof FORMATS)[number];

function year(text: string): number {
  const value = Number(text);
  if (!/^\d{4}$/.test(text) || value < 2000 || value > 2100)
    throw new InvalidArgumentError('a year from 2000 to 2100, such as 2020');
  return value;
}

function language(text: string): ReportLanguage {
  if (!isReportLanguage(text))
    throw new InvalidArgumentError(`one of ${REPORT_LANGUAGES.join(', ')}`);
  return text;
}

function format(text: string): ReportFormat {
  if (!(FORMATS as readonly string[]).includes(text))
    throw new InvalidArgumentError(`one of ${FORMATS.join(', ')}`);
  return text as ReportFormat;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'write the yearly report (progress to every target, task delivery, inspections, the evaluation ranking and the figures behind them) as PDF, HTML or Excel',
    )
    .requiredOption('--year <YYYY>', 'the year reported on', year)
    .option(
      '--lang <lang>',
      `the report's language: ${REPORT_LANGUAGES.join(' or ')}`,
      language,
      'zh-CN',
    )
    .option('--format <format>', `${FORMATS.join(', ')}`, format, 'pdf')
    .option('--out <file>', 'where to write it (default: planwatch-report-<year>-<lang>.<format>)')
    .action(
      async (options: {
        year: number;
        lang: ReportLanguage;
        format: ReportFormat;
        out?: string;
      }) => {
        const out = path.resolve(
          options.out ?? `planwatch-report-${options.year}-${options.lang}.${options.format}`,
        );
        await withStore(async ({ services }) => {
          const { report } = services;
          const body =
            options.format === 'pdf'
              ? await report.pdf(options.year, options.lang)
              : options.format === 'xlsx'
                ? await report.xlsx(options.year, options.lang)
                : Buffer.from(await report.html(options.year, options.lang), 'utf8');
          try {
            fs.writeFileSync(out, body);
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            throw new InputError(`The report cannot be written to ${out}`, [
              { path: '--out', message: reason },
            ]);
          }
          process.stdout.write(`${out} (${size(body.length)})\n`);
        });
      },
    );
}
