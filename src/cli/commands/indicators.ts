import type { Command } from 'commander';
import type { Indicator, Target } from '../../api/contract.js';
import { formatQuantity } from '../../core/quantity.js';
import { OPERATOR } from '../../services/catalogue.service.js';
import { printJson, withStore } from '../context.js';

export function registerIndicatorCommands(program: Command): void {
  program
    .command('indicators')
    .description('indicators with their targets and latest national value')
    .option('--plan <code>', 'only indicators linked to this plan')
    .option('--json', 'print JSON: each indicator with its targets')
    .action(async (options: { plan?: string; json?: boolean }) => {
      await withStore(async ({ services }) => {
        const items = await services.catalogue.listIndicators(options.plan, OPERATOR);
        if (options.json) return printJson(items);
        for (const indicator of items) {
          const latest = indicator.latest
            ? `${formatQuantity(indicator.latest.value, indicator.unit, indicator.unitMult, 'en')} (${indicator.latest.period})`
            : indicator.kind === 'qualitative'
              ? 'qualitative'
              : 'no figure';
          process.stdout.write(
            `${indicator.code}  ${indicator.nameEn} / ${indicator.nameZh}\n    latest: ${latest}\n`,
          );
          for (const target of indicator.targets)
            process.stdout.write(
              `    target ${target.year}: ${describeTarget(indicator, target)}\n`,
            );
        }
      });
    });
}

function describeTarget(indicator: Indicator, target: Target): string {
  if (target.kind === 'qualitative')
    return `${target.milestoneEn ?? ''} [${target.status ?? 'not assessed'}]`;
  const comparator =
    target.comparator === 'approach'
      ? 'approach '
      : target.comparator === 'at_most'
        ? 'at most '
        : '';
  return `${comparator}${formatQuantity(target.value ?? Number.NaN, indicator.unit, indicator.unitMult, 'en')}`;
}
