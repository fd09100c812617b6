import { InvalidArgumentError, type Command } from 'commander';
import { roundPoints } from '../../core/evaluation/index.js';
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
