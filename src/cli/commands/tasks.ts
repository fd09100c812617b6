/**
 * `planwatch tasks`: import a task breakdown (CSV or Excel), list and show
 * tasks, export them in the breakdown layout. The command line acts as its
 * operator, who holds the store itself (like `data import`); `--as USER`
 * acts with that user's roles instead, so an import is checked against
 * their scope as it would be in the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { taskStatuses, type TaskDetail, type TaskSummary } from '../../api/tasks-contract.js';
import type { Principal, ScopedGrant } from '../../core/access/policy.js';
import type { Actor } from '../../services/audit.service.js';
import { OPERATOR } from '../../services/catalogue.service.js';
import type { Services } from '../../services/container.js';
import { ForbiddenError, InputError } from '../../services/errors.js';
import {
  TASK_EXPORT_FORMATS,
  type TaskExportFormat,
} from '../../services/tasks/task-export.service.js';
import { TooLargeError } from '../../services/tasks/evidence-store.js';
import type { TaskImportReport } from '../../services/tasks/task-import.service.js';
import { printJson, withStore } from '../context.js';

const CLI_ACTOR: Actor = { name: 'system:cli', ip: null };

/** Who the command acts as: the operator, or a user's roles with `--as`. */
async function actingAs(
  services: Services,
  username: string | undefined,
): Promise<{ principal: Principal; actor: Actor }> {
  if (username === undefined) return { principal: OPERATOR, actor: CLI_ACTOR };
  const user = await services.access.userByName(username);
  if (user.disabled) throw new InputError(`The user ${username} is disabled`);
  const grants: ScopedGrant[] = [];
  for (const role of user.roles) {
    const unitPath = await services.access.unitPath(role.orgUnitCode);
    if (unitPath !== null)
      grants.push({ role: role.role, orgUnitCode: role.orgUnitCode, orgUnitPath: unitPath });
  }
  return {
    principal: { kind: 'user', userId: user.id, username: user.username, grants, via: 'session' },
    // The audit log shows both: the operator did it, with the user's rights.
    actor: { name: `system:cli as user:${user.id}:${user.username}`, ip: null },
  };
}

/** A refusal is the user's to fix, like bad input: a message and exit 1, no stack. */
async function refusalsAsMessages(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    process.stderr.write(`planwatch: ${error.message}\n`);
    process.exitCode = 1;
  }
}

function positiveInteger(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('a task id');
  return Number(text);
}

export function registerTaskCommands(program: Command): void {
  const tasks = program
    .command('tasks')
    .description('tasks that carry out the measures of a plan, broken down the unit tree');

  tasks
    .command('import')
    .description(
      'import a task breakdown from CSV (UTF-8, UTF-16 or GBK) or an Excel workbook (.xlsx): columns ref, parent_ref, parent_task_id, plan, measure, title, description, lead_unit, participants, start_on, due_on, milestones, deliverables, indicators (or their Chinese names; see docs/tasks-import.md); every problem is reported with its line and column, and nothing is imported while any remains',
    )
    .argument('<file>')
    .option('--dry-run', 'check the whole file against the store, without writing')
    .option('--as <user>', "act with this user's roles (default: the operator, who may do all)")
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { dryRun?: boolean; as?: string; json?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (error) {
        throw new InputError(
          `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
      await withStore(async ({ services }) =>
        refusalsAsMessages(async () => {
          const { principal, actor } = await actingAs(services, options.as);
          const report = await services.taskImport.importBytes(
            bytes,
            path.basename(file),
            principal,
            actor,
            { dryRun: options.dryRun ?? false },
          );
          if (options.json) printJson(report);
          else process.stdout.write(describeImport(report));
        }),
      );
    });

  tasks
    .command('list')
    .description('list the tasks you see, by due date')
    .option('--unit <code>', 'tasks led by this unit or a unit below it')
    .option('--status <statuses>', 'not_started, on_track, at_risk, delayed, done; comma-separated')
    .option('--plan <code>', 'tasks of this plan')
    .option('--measure <path>', 'tasks of this measure, e.g. III.2.3')
    .option('--limit <n>', 'at most this many (1 to 1000)', positiveInteger, 100)
    .option('--as <user>', 'see what this user sees (default: the operator, who sees all)')
    .option('--json', 'print the list as JSON')
    .action(
      async (options: {
        unit?: string;
        status?: string;
        plan?: string;
        measure?: string;
        limit: number;
        as?: string;
        json?: boolean;
      }) => {
        await withStore(async ({ services }) =>
          refusalsAsMessages(async () => {
            const { principal } = await actingAs(services, options.as);
            const list = await services.tasks.list(principal, {
              plan: options.plan,
              measure: options.measure,
              status: options.status,
              ...(options.unit === undefined ? {} : { unit: options.unit, subtree: 'true' }),
              limit: Math.min(options.limit, 1000),
            });
            if (options.json) return printJson(list);
            for (const task of list.items) process.stdout.write(`${summaryLine(task)}\n`);
            process.stdout.write(
              list.items.length < list.total
                ? `${list.items.length} of ${list.total} tasks (--limit for more)\n`
                : `${list.total} task${list.total === 1 ? '' : 's'}\n`,
            );
          }),
        );
      },
    );

  tasks
    .command('show')
    .description('one task with its milestones, sub-tasks, updates and warnings')
    .argument('<id>', 'the task id', positiveInteger)
    .option('--as <user>', 'see what this user sees (default: the operator, who sees all)')
    .option('--json', 'print the task as JSON')
    .action(async (id: number, options: { as?: string; json?: boolean }) => {
      await withStore(async ({ services }) =>
        refusalsAsMessages(async () => {
          const { principal } = await actingAs(services, options.as);
          const task = await services.tasks.get(principal, id);
          if (options.json) printJson(task);
          else process.stdout.write(describeTask(task));
        }),
      );
    });

  tasks
    .command('update')
    .description(
      'post a progress update on a task, with evidence files (at risk and delayed need --reason; done is 100%)',
    )
    .argument('<id>', 'the task id', positiveInteger)
    .addOption(
      new Option('--status <status>', 'the task status')
        .choices([...taskStatuses])
        .makeOptionMandatory(),
    )
    .requiredOption('--percent <n>', 'percent complete, 0 to 100', Number)
    .option('--narrative <text>', 'what was done', '')
    .option('--reason <text>', 'why the task is at risk or delayed')
    .option('--reported-on <YYYY-MM-DD>', 'the day the update speaks of (default: today)')
    .option('--evidence <files...>', 'evidence files (PDF, images, Office documents, text, zip)')
    .option('--as <user>', "act with this user's roles (default: the operator, who may do all)")
    .option('--json', 'print the update as JSON')
    .action(
      async (
        id: number,
        options: {
          status: string;
          percent: number;
          narrative: string;
          reason?: string;
          reportedOn?: string;
          evidence?: string[];
          as?: string;
          json?: boolean;
        },
      ) => {
        await withStore(async ({ services }) =>
          refusalsAsMessages(async () => {
            const { principal, actor } = await actingAs(services, options.as);
            const batch = services.tasks.evidenceBatch();
            try {
              for (const file of options.evidence ?? []) {
                await batch.add(path.basename(file), fs.createReadStream(file));
              }
            } catch (error) {
              if (error instanceof TooLargeError) throw new InputError(error.message);
              const code = (error as NodeJS.ErrnoException).code;
              if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
                throw new InputError(`Cannot read an evidence file: ${(error as Error).message}`);
              throw error;
            }
            const update = await services.tasks.postUpdate(
              principal,
              actor,
              id,
              {
                status: options.status,
                percentComplete: options.percent,
                narrative: options.narrative,
                reason: options.reason ?? null,
                ...(options.reportedOn ? { reportedOn: options.reportedOn } : {}),
              },
              batch,
            );
            if (options.json) printJson(update);
            else
              process.stdout.write(
                `Update ${update.id} posted on task ${id}: ${update.status}, ${update.percentComplete}%${update.evidence.length > 0 ? `, ${update.evidence.length} evidence file(s) stored with their SHA-256` : ''}\n`,
              );
          }),
        );
      },
    );

  tasks
    .command('export')
    .description(
      'export tasks in the breakdown layout `tasks import` reads (parents before sub-tasks, refs T<id>)',
    )
    .addOption(
      new Option('--format <format>', 'file format')
        .choices([...TASK_EXPORT_FORMATS])
        .default('csv'),
    )
    .option('--out <file>', 'where to write (default: standard output; required for xlsx)')
    .addOption(
      new Option('--lang <lang>', 'header names: column codes or Chinese')
        .choices(['en', 'zh'])
        .default('en'),
    )
    .option('--unit <code>', 'tasks led by this unit or a unit below it')
    .option('--plan <code>', 'tasks of this plan')
    .option('--measure <path>', 'tasks of this measure, e.g. III.2.3')
    .option('--as <user>', 'export what this user sees (default: the operator, who sees all)')
    .action(
      async (options: {
        format: TaskExportFormat;
        out?: string;
        lang: 'en' | 'zh';
        unit?: string;
        plan?: string;
        measure?: string;
        as?: string;
      }) => {
        if (options.format === 'xlsx' && options.out === undefined)
          throw new InputError('An Excel export needs --out FILE');
        await withStore(async ({ services }) =>
          refusalsAsMessages(async () => {
            const { principal } = await actingAs(services, options.as);
            const file = await services.taskExport.export(principal, {
              format: options.format,
              language: options.lang,
              unit: options.unit,
              plan: options.plan,
              measure: options.measure,
            });
            if (options.out === undefined) process.stdout.write(file.body);
            else {
              fs.writeFileSync(options.out, file.body);
              process.stderr.write(`${file.rows} tasks written to ${options.out}\n`);
            }
          }),
        );
      },
    );
}

function describeImport(report: TaskImportReport): string {
  const encoding = report.encoding === null ? 'Excel' : report.encoding;
  const lines = [
    report.dryRun
      ? `Checked ${report.file} (${encoding}, ${report.rows} rows): ${report.rows} tasks would be created; nothing was written`
      : `Imported ${report.file} (${encoding}, ${report.rows} rows): ${report.created} tasks created`,
    ...report.tasks.map(
      (task) =>
        `  ${where(task.sheet, task.line)} ${task.ref}${task.id === null ? '' : ` -> task ${task.id}`}`,
    ),
  ];
  if (report.conversions.length > 0) {
    lines.push('Dates converted:');
    for (const conversion of report.conversions) {
      lines.push(
        `  ${where(conversion.sheet, conversion.line)} ${conversion.columnName}: "${conversion.from}" read as ${conversion.to} (${conversion.how})`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function where(sheet: string | null, line: number): string {
  return sheet === null ? `line ${line}:` : `${sheet} row ${line}:`;
}

function summaryLine(task: TaskSummary): string {
  const example = task.isExample ? ' [example]' : '';
  return `${String(task.id).padStart(5)}  ${task.status.padEnd(11)} ${String(task.percentComplete).padStart(3)}%  due ${task.dueOn}  ${task.leadUnit.code.padEnd(8)} ${task.measure.path.padEnd(8)} ${task.title}${example}`;
}

function describeTask(task: TaskDetail): string {
  const lines = [
    `Task ${task.id}: ${task.title}${task.isExample ? ' [example]' : ''}`,
    `  measure      ${task.plan} ${task.measure.path} ${task.measure.title}`,
    `  lead unit    ${task.leadUnit.code} ${task.leadUnit.nameZh} (assigned by ${task.assignedBy.code})`,
    `  parent       ${task.parentTaskId === null ? '-' : `task ${task.parentTaskId}`}`,
    `  participants ${task.participants.map((unit) => unit.code).join(', ') || '-'}`,
    `  schedule     ${task.startOn} to ${task.dueOn}`,
    `  status       ${task.status}, ${task.percentComplete}%${task.lastUpdateOn ? `, last update ${task.lastUpdateOn}` : ''}`,
    `  indicators   ${task.indicators.join(', ') || '-'}`,
    `  deliverables ${task.deliverables.join('; ') || '-'}`,
  ];
  if (task.description) lines.push(`  description  ${task.description}`);
  if (task.milestones.length > 0) {
    lines.push('  milestones');
    for (const milestone of task.milestones)
      lines.push(
        `    ${milestone.dueOn} ${milestone.title}${milestone.doneOn ? ` (done ${milestone.doneOn})` : ''}`,
      );
  }
  if (task.subTasks.length > 0) {
    lines.push('  sub-tasks');
    for (const sub of task.subTasks) lines.push(`  ${summaryLine(sub)}`);
  }
  if (task.updates.length > 0) {
    lines.push('  updates (newest first)');
    for (const update of task.updates)
      lines.push(
        `    ${update.reportedOn} ${update.status} ${update.percentComplete}% (${update.reviewState})${update.reason ? ` reason: ${update.reason}` : ''}${update.narrative ? `: ${update.narrative}` : ''}`,
      );
  }
  const open = task.warnings.filter((warning) => warning.resolvedOn === null);
  if (open.length > 0) {
    lines.push('  open warnings');
    for (const warning of open)
      lines.push(`    ${warning.kind} since ${warning.since}: ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}
