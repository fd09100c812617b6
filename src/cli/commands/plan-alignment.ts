/**
 * `planwatch plan align | suggest | matrix`: link a local plan's nodes to the
 * measures of the plan it follows, see suggestions, print the alignment matrix.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { matrixLevels, type AlignmentMatrix } from '../../api/alignment-contract.js';
import { InputError } from '../../services/errors.js';
import type { AlignmentChange } from '../../services/plans/alignment.service.js';
import { loadExampleLocalPlan } from '../../services/plans/example-local-plan.js';
import { printJson, withStore } from '../context.js';

const CLI_ACTOR = { name: 'system:cli', ip: null };

const linkFileSchema = z.union([
  z.array(z.object({ node: z.string().min(1), measure: z.string().min(1).nullable() })),
  z.object({
    links: z.array(z.object({ node: z.string().min(1), measure: z.string().min(1).nullable() })),
  }),
]);

export function registerAlignmentCommands(plan: Command): void {
  plan
    .command('example')
    .description(
      'load the example local plan written for Planwatch (data/plans/examples/), aligned to the Outline',
    )
    .option('--json', 'print every node with its measure as JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async ({ store }) => {
        const result = await loadExampleLocalPlan(store.db, CLI_ACTOR);
        if (options.json) return printJson(result);
        const aligned = result.links.filter((link) => link.measure !== null).length;
        process.stdout.write(
          `Loaded example plan ${result.plan.code}: ${result.plan.title}, owned by ${result.plan.ownerUnit?.code ?? '-'}, ${aligned} nodes aligned to ${result.plan.parentPlan?.code ?? '-'}\n`,
        );
      });
    });

  plan
    .command('align')
    .description(
      "link nodes of a local plan to measures of the plan it follows (all or nothing); 'none' unlinks",
    )
    .argument('<code>', 'the local plan')
    .argument('[links...]', 'NODE=MEASURE pairs, e.g. II.1.3=III.2.3 or II.1.3=none')
    .option('--file <file>', 'a JSON file: [{"node": "II.1.3", "measure": "III.2.3"}, ...]')
    .option('--json', 'print every node with its measure as JSON')
    .action(async (code: string, pairs: string[], options: { file?: string; json?: boolean }) => {
      const links = [...pairs.map(parsePair), ...(options.file ? readLinkFile(options.file) : [])];
      if (links.length === 0)
        throw new InputError('Name at least one link: NODE=MEASURE or --file', [
          { path: 'links', message: 'none given' },
        ]);
      await withStore(async ({ services }) => {
        const result = await services.alignment.setAlignments(code, { links }, CLI_ACTOR);
        if (options.json) return printJson(result);
        const aligned = result.links.filter((link) => link.measure !== null);
        process.stdout.write(
          `Plan ${code}: ${aligned.length} of ${result.links.length} nodes aligned to ${result.plan.parentPlan?.code ?? '-'}\n`,
        );
        for (const link of aligned)
          process.stdout.write(`  ${link.node.path} ${link.node.title} -> ${link.measure!.path}\n`);
      });
    });

  plan
    .command('suggest')
    .description(
      'for each node of a local plan, the measures of the plan it follows sharing the most key terms',
    )
    .argument('<code>', 'the local plan')
    .option('--limit <n>', 'suggestions per node (1-10)', '3')
    .option('--json', 'print JSON')
    .action(async (code: string, options: { limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10)
        throw new InputError(`--limit ${options.limit} is not a whole number from 1 to 10`, [
          { path: '--limit', message: 'expected 1-10' },
        ]);
      await withStore(async ({ services }) => {
        const result = await services.alignment.suggestions(code, limit);
        if (options.json) return printJson(result);
        for (const item of result.items) {
          const current = item.current ? ` (aligned to ${item.current.path})` : '';
          process.stdout.write(`${item.node.path} ${item.node.title}${current}\n`);
          for (const suggestion of item.suggestions)
            process.stdout.write(
              `    ${suggestion.measure.path} ${suggestion.measure.title}  ${suggestion.score.toFixed(2)}  [${suggestion.sharedTerms.join(' ')}]\n`,
            );
        }
      });
    });

  plan
    .command('matrix')
    .description(
      "for every measure of a plan, the units' aligned local nodes and tasks, with coverage",
    )
    .argument('<code>', 'the plan, e.g. nids-2016')
    .option('--level <level>', `list every unit of a level: ${matrixLevels.join(', ')}`)
    .option('--unit <unit>', 'only this subtree (default the nation)')
    .option('--json', 'print JSON')
    .action(async (code: string, options: { level?: string; unit?: string; json?: boolean }) => {
      const level = z.enum(matrixLevels).optional().safeParse(options.level);
      if (!level.success)
        throw new InputError(`--level ${options.level} is not one of ${matrixLevels.join(', ')}`, [
          { path: '--level', message: `expected ${matrixLevels.join(', ')}` },
        ]);
      await withStore(async ({ services }) => {
        const matrix = await services.alignment.matrix(code, {
          level: level.data,
          unit: options.unit,
        });
        if (options.json) return printJson(matrix);
        writeMatrix(matrix);
      });
    });
}

/** One line per measure: its path, then per unit the aligned node paths or "tasks n", or "-". */
function writeMatrix(matrix: AlignmentMatrix): void {
  const cells = new Map(matrix.cells.map((cell) => [`${cell.measurePath}|${cell.unitCode}`, cell]));
  process.stdout.write(
    `${matrix.plan.title} (${matrix.plan.code}) within ${matrix.scopeUnit.code}\n`,
  );
  process.stdout.write(`measure\t${matrix.units.map((unit) => unit.unit.code).join('\t')}\n`);
  for (const row of matrix.measures) {
    const columns = matrix.units.map((unit) => {
      const cell = cells.get(`${row.measure.path}|${unit.unit.code}`);
      if (!cell) return '-';
      const nodes = cell.nodes.map((node) => `${node.planCode}:${node.path}`);
      if (cell.taskCount > 0) nodes.push(`tasks ${cell.taskCount}`);
      return nodes.join(' ');
    });
    process.stdout.write(`${row.measure.path}\t${columns.join('\t')}\n`);
  }
  process.stdout.write(
    `covered\t${matrix.units.map((unit) => `${unit.measuresCovered}/${matrix.measures.length}`).join('\t')}\n`,
  );
}

function parsePair(pair: string): AlignmentChange {
  const equals = pair.indexOf('=');
  if (equals <= 0)
    throw new InputError(`"${pair}" is not NODE=MEASURE`, [
      { path: pair, message: 'expected e.g. II.1.3=III.2.3' },
    ]);
  const measure = pair.slice(equals + 1).trim();
  return {
    node: pair.slice(0, equals).trim(),
    measure: measure === '' || measure.toLowerCase() === 'none' ? null : measure,
  };
}

function readLinkFile(file: string): AlignmentChange[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`Cannot read ${file} as JSON: ${(error as Error).message}`, [
      { path: file, message: 'expected a JSON array of {node, measure}' },
    ]);
  }
  const result = linkFileSchema.safeParse(parsed);
  if (!result.success)
    throw new InputError(
      `${file} is not a list of links`,
      result.error.issues.map((issue) => ({
        path: [file, ...issue.path].join('.'),
        message: issue.message,
      })),
    );
  return Array.isArray(result.data) ? result.data : result.data.links;
}
