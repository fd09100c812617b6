import { InvalidArgumentError, type Command } from 'commander';
import type {
  InspectionPlanSummary,
  InspectionYearSummary,
  SeverityCounts,
} from '../../api/inspections-contract.js';
import { OPERATOR } from '../../services/inspections/inspection.service.js';
import { printJson, withStore } from '../context.js';

function year(text: string): number {
  const value = Number(text);
  if (!/^\d{4}$/.test(text) || value < 2000 || value > 2100)
    throw new InvalidArgumentError('a year from 2000 to 2100');
  return value;
}

function severities(counts: SeverityCounts): string {
  return `${counts.critical} critical, ${counts.major} major, ${counts.minor} minor`;
}

export function formatPlans(plans: readonly InspectionPlanSummary[]): string {
  if (plans.length === 0) return 'No inspection plans\n';
  return plans
    .map(
      (plan) =>
        `#${plan.id} ${plan.year} ${plan.title} (by ${plan.orgUnit.code} ${plan.orgUnit.nameEn ?? plan.orgUnit.nameZh}): ${plan.inspectionCount} inspections, ${plan.findingCount} findings; open: ${severities(plan.openFindings)}\n`,
    )
    .join('');
}

export function formatSummary(summary: InspectionYearSummary): string {
  if (summary.items.length === 0) return `No inspections in ${summary.year}\n`;
  const lines = summary.items.map(
    (item) =>
      `${item.unit.code} ${item.unit.nameEn ?? item.unit.nameZh}: ${item.inspections} inspections; open findings ${item.openFindingTotal} (${severities(item.openFindings)}); rectification items open ${item.openRectifications}, overdue ${item.overdueRectifications}\n`,
  );
  return `Inspections of ${summary.year} (overdue as of ${summary.today})\n${lines.join('')}`;
}

export function registerInspectionCommands(program: Command): void {
  const inspections = program
    .command('inspections')
    .description('annual inspections: plans, findings, rectification');
  inspections
    .command('list')
    .description('inspection plans with their counts of inspections and open findings')
    .option('--year <year>', 'only the plans of this year', year)
    .option('--json', 'print the result as JSON')
    .action(async (options: { year?: number; json?: boolean }) => {
      await withStore(async ({ services }) => {
        const result = await services.inspections.listPlans(OPERATOR, { year: options.year });
        if (options.json) printJson(result.items);
        else process.stdout.write(formatPlans(result.items));
      });
    });
  inspections
    .command('summary')
    .description(
      'per inspected unit of a year: open findings by severity, rectification items open and overdue',
    )
    .requiredOption('--year <year>', 'the year of the inspection plans', year)
    .option('--json', 'print the result as JSON')
    .action(async (options: { year: number; json?: boolean }) => {
      await withStore(async ({ services }) => {
        const result = await services.inspections.summary(OPERATOR, options.year);
        if (options.json) printJson(result);
        else process.stdout.write(formatSummary(result));
      });
    });
}
