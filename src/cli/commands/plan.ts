import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { PlanNodeTree } from '../../api/contract.js';
import { InputError } from '../../services/errors.js';
import { importPlan } from '../../services/plan-import.service.js';
import { printJson, withStore } from '../context.js';
import { registerAlignmentCommands } from './plan-alignment.js';

const CLI_ACTOR = { name: 'system:cli', ip: null };

export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('plans: import a plan document, show a plan');

  plan
    .command('import')
    .description(
      'read a plan document (chapters, sections, principles, objectives, measures) into the store',
    )
    .argument('<file>', 'the plan as UTF-8 text')
    .requiredOption('--code <code>', 'a code for the plan, e.g. hubei-2016')
    .option('--source <text>', 'where the text comes from (kept with the plan)')
    .option('--owner <unit>', 'a local plan: the org unit whose plan it is (with --aligns-to)')
    .option(
      '--aligns-to <plan>',
      'a local plan: the plan it implements, e.g. nids-2016 (with --owner)',
    )
    .option('--title <title>', 'replaces the title read from the first line')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: PlanImportOptions) => {
      if ((options.owner === undefined) !== (options.alignsTo === undefined)) {
        throw new InputError('A local plan needs both --owner and --aligns-to', [
          { path: options.owner === undefined ? '--owner' : '--aligns-to', message: 'missing' },
        ]);
      }
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        throw new InputError(
          `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          [{ path: file, message: 'the file cannot be read' }],
        );
      }
      if (options.owner !== undefined && options.alignsTo !== undefined) {
        const { owner, alignsTo } = options;
        await withStore(async ({ services }) => {
          const result = await services.alignment.importLocalPlan(
            {
              code: options.code,
              ownerUnit: owner,
              alignsTo,
              title: options.title,
              text,
              source: options.source ?? path.basename(file),
              fileName: file,
            },
            CLI_ACTOR,
          );
          if (options.json) return printJson(result);
          process.stdout.write(
            `Imported plan ${result.plan.code}: ${result.plan.title} (${result.plan.nodeCount} nodes), owned by ${owner}, following ${alignsTo}\n`,
          );
          for (const note of result.notes)
            process.stdout.write(`  note, line ${note.line}: ${note.message}\n`);
        });
        return;
      }
      await withStore(async ({ store }) => {
        const result = await importPlan(
          store.db,
          {
            code: options.code,
            text,
            source: options.source ?? path.basename(file),
            fileName: file,
            title: options.title,
          },
          CLI_ACTOR,
        );
        if (options.json) {
          printJson({ code: result.code, nodeCount: result.nodeCount, notes: result.parsed.notes });
          return;
        }
        process.stdout.write(
          `Imported plan ${result.code}: ${result.parsed.title} (${result.nodeCount} nodes)\n`,
        );
        for (const note of result.parsed.notes)
          process.stdout.write(`  note, line ${note.line}: ${note.message}\n`);
      });
    });

  plan
    .command('list')
    .description(
      'the plans in the store: national ones first, then local plans with owner and parent',
    )
    .option('--owner <unit>', 'only the plans this org unit owns')
    .option('--aligns-to <plan>', 'only the plans following this plan')
    .option('--json', 'print JSON')
    .action(async (options: { owner?: string; alignsTo?: string; json?: boolean }) => {
      await withStore(async ({ services }) => {
        const plans = await services.alignment.listPlans({
          owner: options.owner,
          alignsTo: options.alignsTo,
        });
        if (options.json) return printJson(plans);
        for (const item of plans) {
          const local = item.ownerUnit
            ? `\towner ${item.ownerUnit.code}, follows ${item.parentPlan?.code ?? '-'}, ${item.alignedNodeCount} nodes aligned`
            : '';
          process.stdout.write(`${item.code}\t${item.title}\t${item.nodeCount} nodes${local}\n`);
        }
      });
    });

  registerAlignmentCommands(plan);

  plan
    .command('tree')
    .description('the tree of a plan')
    .argument('<code>', 'plan code, e.g. nids-2016')
    .option('--json', 'print the nested nodes as JSON')
    .option('--text', "include each node's full text")
    .action(async (code: string, options: { json?: boolean; text?: boolean }) => {
      await withStore(async ({ services }) => {
        const result = await services.catalogue.getPlan(code);
        if (options.json)
          return printJson(result.tree.map((node) => jsonNode(node, options.text ?? false)));
        process.stdout.write(`${result.title} (${result.code})\n`);
        const write = (node: PlanNodeTree, depth: number) => {
          const printed = node.printedNumber ? ` [printed ${node.printedNumber}]` : '';
          process.stdout.write(`${'  '.repeat(depth)}${label(node)} ${node.title}${printed}\n`);
          if (options.text && node.text) {
            for (const line of node.text.split('\n'))
              process.stdout.write(`${'  '.repeat(depth + 2)}${line}\n`);
          }
          for (const child of node.children) write(child, depth + 1);
        };
        for (const node of result.tree) write(node, 0);
      });
    });
}

interface PlanImportOptions {
  code: string;
  source?: string;
  owner?: string;
  alignsTo?: string;
  title?: string;
  json?: boolean;
}

function label(node: PlanNodeTree): string {
  switch (node.kind) {
    case 'chapter':
      return `${node.number},`;
    case 'section':
      return `(${node.number})`;
    case 'principle':
      return `–${node.number}`;
    case 'objective':
      return `*${node.number}`;
    case 'measure':
      return `${node.number}.`;
  }
}

interface JsonNode {
  kind: PlanNodeTree['kind'];
  number: string;
  printedNumber: string | null;
  path: string;
  title: string;
  text?: string;
  indicators: string[];
  children: JsonNode[];
}

function jsonNode(node: PlanNodeTree, withText: boolean): JsonNode {
  return {
    kind: node.kind,
    number: node.number,
    printedNumber: node.printedNumber,
    path: node.path,
    title: node.title,
    ...(withText ? { text: node.text } : {}),
    indicators: node.indicatorCodes,
    children: node.children.map((child) => jsonNode(child, withText)),
  };
}
