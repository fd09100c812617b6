import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { PlanNodeTree } from '../../api/contract.js';
import { InputError } from '../../services/errors.js';
import { importPlan } from '../../services/plan-import.service.js';
import { printJson, withStore } from '../context.js';

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
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { code: string; source?: string; json?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        throw new InputError(
          `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          [{ path: file, message: 'the file cannot be read' }],
        );
      }
      await withStore(async ({ store }) => {
        const result = await importPlan(
          store.db,
          {
            code: options.code,
            text,
            source: options.source ?? path.basename(file),
            fileName: file,
          },
          { name: 'system:cli', ip: null },
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
    .description('the plans in the store')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async ({ services }) => {
        const plans = await services.catalogue.listPlans();
        if (options.json) return printJson(plans);
        for (const item of plans)
          process.stdout.write(`${item.code}\t${item.title}\t${item.nodeCount} nodes\n`);
      });
    });

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
