import type { Command } from 'commander';
import { InputError } from '../../services/errors.js';
import { orgUnitLevels } from '../../api/contract.js';
import { printJson, withStore } from '../context.js';

export function registerOrgUnitCommands(program: Command): void {
  program
    .command('org-units')
    .description(
      'organisation units: the nation, provinces, prefectures, counties (GB/T 2260) and central departments',
    )
    .option(
      '--parent <code>',
      "only the direct children of this unit (default: the nation's children)",
    )
    .option('--level <level>', `only this level: ${orgUnitLevels.join(', ')}`)
    .option('--search <text>', 'code prefix or part of a name')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        parent?: string;
        level?: string;
        search?: string;
        limit: string;
        json?: boolean;
      }) => {
        const level = options.level;
        if (level !== undefined && !(orgUnitLevels as readonly string[]).includes(level)) {
          throw new InputError(`--level ${level} is not one of ${orgUnitLevels.join(', ')}`);
        }
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new InputError(`--limit ${options.limit} is not a positive whole number`);
        await withStore(async ({ services }) => {
          const parentCode =
            options.parent ??
            (level === undefined && options.search === undefined ? 'CN' : undefined);
          if (parentCode !== undefined) await services.catalogue.getOrgUnit(parentCode);
          const result = await services.catalogue.listOrgUnits({
            parentCode,
            level: level as (typeof orgUnitLevels)[number] | undefined,
            search: options.search,
            limit,
            offset: 0,
          });
          if (options.json) return printJson(result);
          for (const unit of result.items) {
            process.stdout.write(
              `${unit.code}\t${unit.level}\t${unit.nameZh}${unit.nameEn ? `\t${unit.nameEn}` : ''}\n`,
            );
          }
          if (result.total > result.items.length)
            process.stdout.write(`(${result.items.length} of ${result.total}; use --limit)\n`);
        });
      },
    );
}
