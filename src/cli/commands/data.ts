import fs from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { OPERATOR } from '../../services/catalogue.service.js';
import { ImportRefusedError, type ImportProgress } from '../../services/data-import.service.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../services/data-export.service.js';
import { InputError } from '../../services/errors.js';
import { printJson, withStore } from '../context.js';

/** Below this size an import takes a moment: no bar. */
const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('reported values');
  data
    .command('export')
    .description(
      'export reported values of a selection as CSV, Excel or SDMX-CSV, in the layouts `data import` reads back unchanged',
    )
    .addOption(
      new Option('--format <format>', 'file format').choices([...EXPORT_FORMATS]).default('csv'),
    )
    .option('--out <file>', 'where to write (default: standard output; required for xlsx)')
    .option('--data-set <code>', 'the indicators of this data set')
    .option('--indicator <codes>', 'indicator codes, separated by commas')
    .option('--under <unit>', 'a unit: its whole subtree')
    .option('--from <period>', 'periods ending on or after the start of this one')
    .option('--to <period>', 'periods ending on or before the end of this one')
    .addOption(
      new Option('--lang <lang>', 'language of names in Excel').choices(['zh', 'en']).default('zh'),
    )
    .action(
      async (options: {
        format: ExportFormat;
        out?: string;
        dataSet?: string;
        indicator?: string;
        under?: string;
        from?: string;
        to?: string;
        lang: 'zh' | 'en';
      }) => {
        if (options.format === 'xlsx' && options.out === undefined) {
          throw new InputError('An Excel export needs --out FILE');
        }
        await withStore(async ({ services }) => {
          const file = await services.dataExport.export(
            {
              format: options.format,
              dataSet: options.dataSet,
              indicators: options.indicator?.split(',').map((code) => code.trim()),
              under: options.under,
              from: options.from,
              to: options.to,
              language: options.lang,
            },
            OPERATOR,
          );
          if (options.out === undefined) process.stdout.write(file.body);
          else {
            fs.writeFileSync(options.out, file.body);
            process.stderr.write(`${file.rows} values written to ${options.out}\n`);
          }
        });
      },
    );
  registerReviseCommand(data);
  data
    .command('import')
    .description(
      'import values from a file: plain CSV (indicator, org_unit, period, value[, disaggregation, comment, source]) or SDMX-CSV in UTF-8, UTF-16 or GBK, or an Excel workbook (.xlsx) in the Planwatch layout; every problem is reported, and nothing is imported while any remains',
    )
    .argument('<file>')
    .option('--dry-run', 'check the whole file and say what would change, without writing')
    .option('--json', 'print the report (or the problems) as JSON')
    .addOption(
      new Option(
        '--progress <mode>',
        'progress on stderr: a bar when stderr is a terminal and the file is large (auto), one JSON line per step (json), or none',
      )
        .choices(['auto', 'json', 'none'])
        .default('auto'),
    )
    .action(
      async (
        file: string,
        options: { dryRun?: boolean; json?: boolean; progress: 'auto' | 'json' | 'none' },
      ) => {
        try {
          fs.accessSync(file, fs.constants.R_OK);
        } catch (error) {
          throw new InputError(
            `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
        }
        const progress = progressReporter(options.progress, fs.statSync(file).size);
        await withStore(async ({ services }) => {
          try {
            const report = await services.dataImport.importFile(
              file,
              OPERATOR,
              { name: 'system:cli', ip: null },
              { dryRun: options.dryRun ?? false, onProgress: progress.update },
            );
            progress.stop();
            if (options.json) return printJson(report);
            const verb = report.dryRun ? 'Would import' : 'Imported';
            process.stdout.write(
              `${verb} ${file} (${report.encoding}, ${report.rows} rows): ${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged, ${report.missing} without a value\n`,
            );
          } catch (error) {
            progress.stop();
            if (options.json && error instanceof ImportRefusedError) {
              printJson({
                error: error.message,
                total: error.total,
                unlisted: error.unlisted,
                problems: error.problems,
              });
            }
            throw error;
          }
        });
      },
    );
}

function registerReviseCommand(data: Command): void {
  data
    .command('revise')
    .description(
      'revise a published figure: it stays public with the note saying why, and the vintage before stays readable with asOf',
    )
    .requiredOption('--indicator <code>', 'the indicator')
    .requiredOption('--unit <code>', 'the org unit (GB/T 2260 code, CN for the nation)')
    .requiredOption('--period <period>', 'the period: 2020, 2020S1, 2020Q3 or 202007')
    .requiredOption('--value <number>', 'the corrected figure, in the indicator’s unit', finite)
    .requiredOption('--note <text>', 'why the figure changes (published with it)')
    .option('--basis <label>', 'the basis label of the figure', '')
    .option('--disaggregation <options>', 'category options, e.g. AREA=URBAN', '')
    .option('--source <key>', 'the source of the corrected figure, if not the one cited before')
    .option('--expected-version <n>', 'the version you saw (default: the current one)', (text) => {
      if (!/^[1-9]\d*$/.test(text)) throw new InvalidArgumentError('a version number, such as 3');
      return Number(text);
    })
    .option('--json', 'print the revised value as JSON')
    .action(
      async (options: {
        indicator: string;
        unit: string;
        period: string;
        value: number;
        note: string;
        basis: string;
        disaggregation: string;
        source?: string;
        expectedVersion?: number;
        json?: boolean;
      }) => {
        await withStore(async ({ services }) => {
          const key = {
            indicatorCode: options.indicator,
            orgUnitCode: options.unit,
            period: options.period,
            basis: options.basis,
            disaggregation: options.disaggregation,
          };
          const revised = await services.dataRevision.revisePublished(
            OPERATOR,
            {
              ...key,
              value: options.value,
              note: options.note,
              sourceKey: options.source,
              expectedVersion: options.expectedVersion,
            },
            { name: 'system:cli', ip: null },
          );
          if (options.json) return printJson(revised);
          process.stdout.write(
            `Revised ${key.indicatorCode} ${key.orgUnitCode} ${revised.period} to ${revised.value} (version ${revised.version}): ${revised.revisionNote}\n`,
          );
        });
      },
    );
}

function finite(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InvalidArgumentError('a finite number, such as 5.8');
  return value;
}

function progressReporter(
  mode: 'auto' | 'json' | 'none',
  size: number,
): { update: (progress: ImportProgress) => void; stop: () => void } {
  if (mode === 'json') {
    let phase = '';
    let lastAt = 0;
    return {
      update: (progress) => {
        // Every phase change, and reading at most ten times a second.
        const now = Date.now();
        if (progress.phase === phase && now - lastAt < 100) return;
        phase = progress.phase;
        lastAt = now;
        process.stderr.write(`${JSON.stringify(progress)}\n`);
      },
      stop: () => undefined,
    };
  }
  if (mode === 'none' || !process.stderr.isTTY || size < PROGRESS_MIN_BYTES) {
    return { update: () => undefined, stop: () => undefined };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{phase} [{bar}] {percentage}% | {value}/{total} MiB | {records} records',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const mib = (bytes: number) => Math.round(bytes / (1024 * 1024));
  bar.start(mib(size), 0, { phase: 'reading', records: 0 });
  const label: Record<ImportProgress['phase'], string> = {
    read: 'reading ',
    check: 'checking',
    write: 'writing ',
    commit: 'commit  ',
    done: 'done    ',
  };
  return {
    update: (progress) =>
      bar.update(mib(progress.bytesRead), {
        phase: label[progress.phase],
        records: progress.records,
      }),
    stop: () => bar.stop(),
  };
}
