import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { evaluationSchemeInputSchema } from '../../api/evaluation-contract.js';
import { roundPoints } from '../../core/evaluation/index.js';
import { InputError } from '../../services/errors.js';
import { addDays } from '../../core/reporting/timeliness.js';
import type { EvaluationRunView } from '../../services/evaluation/evaluation.service.js';
import { printJson, withStore } from '../context.js';

function year(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new InvalidArgumentError('a year such as 2020');
  return Number(text);
}

function day(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || addDays(text, 0) !== text)
    throw new InvalidArgumentError('a date as YYYY-MM-DD');
  return text;
}

function lang(text: string): 'en' | 'zh' {
  if (text === 'en' || text === 'en-US') return 'en';
  if (text === 'zh' || text === 'zh-CN') return 'zh';
  throw new InvalidArgumentError('en or zh-CN');
}

/** Line and column of a character offset, both from 1. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** The scheme file as the API body: JSON, checked against the contract with every problem named. */
export function readSchemeFile(file: string) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${file}`, [
      { path: file, message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    throw new InputError(`${file} is not JSON`, [
      { path: at ? `${file} ${lineAndColumn(text, Number(at[1]))}` : file, message },
    ]);
  }
  const parsed = evaluationSchemeInputSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `${file} is not a valid evaluation scheme`,
      parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(the whole scheme)',
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

function signed(value: number | null, decimals: number): string {
  if (value === null) return 'new';
  if (value === 0) return '0';
  return `${value > 0 ? '+' : '−'}${Math.abs(value).toFixed(decimals)}`;
}

/** The ranking as a table: rank, unit, total, change of rank and of total against the previous year. */
export function formatRanking(run: EvaluationRunView, names: ReadonlyMap<string, string>): string {
  const header = `Evaluation ${run.year} (run ${run.id}, ${run.status}, scheme v${run.schemeVersion}, cut-off ${run.cutoffOn})`;
  const rows = run.scores.map((score) =>
    score.rank === null
      ? ['—', `${score.unit} ${names.get(score.unit) ?? ''}`.trim(), 'not evaluated', '', '']
      : [
          String(score.rank),
          `${score.unit} ${names.get(score.unit) ?? ''}`.trim(),
          roundPoints(score.total).toFixed(2),
          signed(score.rankChange, 0),
          signed(score.totalChange, 2),
        ],
  );
  const table = [['Rank', 'Unit', 'Total', 'Rank change', 'Total change'], ...rows];
  const widths = table[0]!.map((_, column) =>
    Math.max(...table.map((row) => [...row[column]!].length)),
  );
  const lines = table.map((row) =>
    row
      .map((cell, column) =>
        column === 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd(),
  );
  return `${header}\n${lines.join('\n')}\n`;
}

export function registerEvaluateCommand(program: Command): void {
  registerEvaluationSchemeCommands(program);
  program
    .command('evaluate')
    .description(
      'score and rank the provinces and central departments for a year (stored as the year’s draft)',
    )
    .requiredOption('--year <YYYY>', 'the year evaluated', year)
    .option(
      '--cutoff <YYYY-MM-DD>',
      'the day the inputs are taken as of (default: today, UTC)',
      day,
    )
    .option('--publish', 'publish the run: it is frozen and shown for the year from then on')
    .option('--json', 'print the run as JSON, with every score’s breakdown')
    .action(
      async (options: { year: number; cutoff?: string; publish?: boolean; json?: boolean }) => {
        await withStore(async ({ services, store }) => {
          const actor = { name: 'cli:evaluate', ip: null };
          const cutoffOn = options.cutoff ?? new Date().toISOString().slice(0, 10);
          let run = await services.evaluation.run(options.year, { cutoffOn, actor });
          if (options.publish) run = await services.evaluation.publish(run.id, actor);
          if (options.json) {
            printJson(run);
            return;
          }
          const units = await store.db.selectFrom('orgUnit').select(['code', 'nameEn']).execute();
          const names = new Map(units.map((unit) => [unit.code, unit.nameEn ?? '']));
          process.stdout.write(formatRanking(run, names));
        });
      },
    );
}

/** `planwatch evaluation-scheme show|set`: the year's scheme as the office configures it. */
export function registerEvaluationSchemeCommands(program: Command): void {
  const scheme = program
    .command('evaluation-scheme')
    .description('the annual evaluation scheme of a year: weights and point tables, in versions');
  scheme
    .command('show')
    .description('print the year’s current scheme as rows of input → points (or as JSON)')
    .requiredOption('--year <YYYY>', 'the year', year)
    .option('--lang <lang>', 'en or zh-CN', lang, 'en' as const)
    .option('--json', 'print the scheme itself, as `set` takes it')
    .action(async (options: { year: number; lang: 'en' | 'zh'; json?: boolean }) => {
      await withStore(async ({ services }) => {
        const view = await services.evaluation.views.scheme(options.year);
        if (options.json) {
          // The year and version are the store's: what `set` takes is the rest.
          const input: Partial<typeof view.current> = { ...view.current };
          delete input.year;
          delete input.version;
          printJson(input);
          return;
        }
        const where = view.stored
          ? `version ${view.current.version} of ${view.versions.length}`
          : 'the default, not stored yet';
        process.stdout.write(`Evaluation scheme ${options.year} (${where})\n`);
        for (const row of view.description[options.lang]) {
          process.stdout.write(`  ${row.component.padEnd(10)}  ${row.input}: ${row.points}\n`);
        }
      });
    });
  scheme
    .command('set')
    .description(
      'store a new version of the year’s scheme from a JSON file (the weights add up to 100; runs keep the version they used)',
    )
    .argument('<file>', 'the scheme as JSON, e.g. edited from `show --json`')
    .requiredOption('--year <YYYY>', 'the year', year)
    .action(async (file: string, options: { year: number }) => {
      await withStore(async ({ services }) => {
        const input = readSchemeFile(file);
        const version = await services.evaluation.createSchemeVersion(options.year, input, {
          name: 'cli:evaluation-scheme',
          ip: null,
        });
        process.stdout.write(
          `Stored version ${version} of the ${options.year} evaluation scheme\n`,
        );
      });
    });
}
