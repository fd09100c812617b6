/**
 * Data sets (reporting forms): saving a definition checked against the
 * store, and reading them back. A definition names its categories, which
 * indicators it holds and how they break down, who reports, when, and who
 * approves; saving replaces the previous definition of the same code.
 */
import type { DataSetDefinition } from '../../core/reporting/data-set-definition.js';
import { dataSetDefinitionSchema } from '../../core/reporting/data-set-definition.js';
import { parseRuleDefinition, type RuleDefinition } from '../../core/validation/rule-definition.js';
import { parsePeriod, PeriodCodeError } from '../../core/periods.js';
import type { Db, Tx } from '../../db/connect.js';
import { DataSetRepository } from '../../db/repositories/data-set.repository.js';
import { IndicatorRepository } from '../../db/repositories/indicator.repository.js';
import { OrgUnitRepository } from '../../db/repositories/org-unit.repository.js';
import type { DataSetRow } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { InputError, NotFoundError, type Problem } from '../errors.js';

export interface SaveDataSetReport {
  code: string;
  created: boolean;
  indicators: number;
  orgUnits: number;
  rules: number;
}

export class DataSetService {
  constructor(private readonly db: Db) {}

  async save(input: unknown, actor: Actor, where = 'definition'): Promise<SaveDataSetReport> {
    return this.db.transaction().execute((trx) => saveDataSetIn(trx, input, actor, where));
  }

  async list(): Promise<DataSetRow[]> {
    return new DataSetRepository(this.db).list();
  }

  async get(code: string): Promise<DataSetRow> {
    const dataSet = await new DataSetRepository(this.db).get(code);
    if (!dataSet) throw new NotFoundError(`No data set has code ${code}`);
    return dataSet;
  }
}

/** Saves a definition inside the caller's transaction (the defaults loader shares it). */
export async function saveDataSetIn(
  trx: Tx,
  input: unknown,
  actor: Actor,
  where: string,
): Promise<SaveDataSetReport> {
  const parsed = dataSetDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      path: `${where}:${issue.path.join('.')}`,
      message: issue.message,
    }));
    throw new InputError(
      `The data set definition is not valid: ${problems.length} problem(s)`,
      problems,
    );
  }
  const definition = parsed.data;
  const problems: Problem[] = [];
  const at = (path: string, message: string) =>
    problems.push({ path: `${where}:${path}`, message });

  const indicators = new IndicatorRepository(trx);
  const categoryCodes = new Set(definition.categories.map((c) => c.code));
  const dataSets = new DataSetRepository(trx);
  for (const [index, entry] of definition.indicators.entries()) {
    const indicator = await indicators.get(entry.indicator);
    if (!indicator) at(`indicators.${index}.indicator`, `no indicator has code ${entry.indicator}`);
    else if (indicator.kind !== 'numeric') {
      at(
        `indicators.${index}.indicator`,
        `${entry.indicator} is qualitative; a form collects numbers`,
      );
    }
    for (const [position, category] of entry.categories.entries()) {
      if (!categoryCodes.has(category)) {
        at(
          `indicators.${index}.categories.${position}`,
          `category ${category} is not defined in this data set's categories`,
        );
      }
    }
  }
  const rules: { code: string; definition: RuleDefinition }[] = [];
  const indicatorCodes = new Set(definition.indicators.map((entry) => entry.indicator));
  for (const [index, rule] of definition.rules.entries()) {
    const checked = parseRuleDefinition(rule.definition);
    if (!checked.ok) {
      for (const problem of checked.problems) {
        at(`rules.${index}.definition${problem.path ? `.${problem.path}` : ''}`, problem.message);
      }
      continue;
    }
    for (const code of indicatorsOfRule(checked.definition)) {
      if (!indicatorCodes.has(code)) {
        at(`rules.${index}.definition`, `${code} is not an indicator of this data set`);
      }
    }
    rules.push({ code: rule.code, definition: checked.definition });
  }
  for (const [index, window] of definition.windows.entries()) {
    try {
      const period = parsePeriod(window.period);
      if (period.type !== definition.periodType) {
        at(`windows.${index}.period`, `${window.period} is not a ${definition.periodType} period`);
      }
    } catch (error) {
      if (!(error instanceof PeriodCodeError)) throw error;
      at(`windows.${index}.period`, error.message);
    }
  }
  const units = new OrgUnitRepository(trx);
  for (const [index, code] of definition.orgUnits.codes.entries()) {
    if (!(await units.get(code))) at(`orgUnits.codes.${index}`, `no org unit has code ${code}`);
  }
  if (problems.length > 0) {
    throw new InputError(
      `The data set definition does not fit the store: ${problems.length} problem(s)`,
      problems,
    );
  }

  for (const category of definition.categories) await dataSets.saveCategory(category);
  for (const entry of definition.indicators) {
    await dataSets.setIndicatorCategories(entry.indicator, entry.categories);
  }
  const orgUnitCodes = await resolveOrgUnits(trx, definition);
  const existing = await dataSets.get(definition.code);
  await dataSets.save({
    dataSet: {
      code: definition.code,
      nameEn: definition.nameEn,
      nameZh: definition.nameZh,
      periodType: definition.periodType,
      opensAfterDays: definition.opensAfterDays,
      closesAfterDays: definition.closesAfterDays,
      approvalLevels: JSON.stringify(definition.approvalLevels),
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    },
    indicators: definition.indicators.map((entry, sortOrder) => ({
      indicatorCode: entry.indicator,
      sortOrder,
      required: entry.required ? 1 : 0,
      minValue: entry.min,
      maxValue: entry.max,
      outlierThreshold: entry.outlierThreshold,
    })),
    orgUnitCodes,
    windows: definition.windows,
    rules: definition.rules.map((rule, index) => ({
      code: rule.code,
      severity: rule.severity,
      nameEn: rule.nameEn,
      nameZh: rule.nameZh,
      definition: JSON.stringify(rules[index]!.definition),
    })),
  });
  const report = {
    code: definition.code,
    created: existing === undefined,
    indicators: definition.indicators.length,
    orgUnits: orgUnitCodes.length,
    rules: definition.rules.length,
  };
  await appendAudit(trx, actor, {
    action: 'data_set.save',
    entityType: 'data_set',
    entityId: definition.code,
    after: report,
  });
  return report;
}

async function resolveOrgUnits(trx: Tx, definition: DataSetDefinition): Promise<string[]> {
  const codes = new Set(definition.orgUnits.codes);
  if (definition.orgUnits.levels.length > 0) {
    const rows = await trx
      .selectFrom('orgUnit')
      .select('code')
      .where('level', 'in', definition.orgUnits.levels)
      .execute();
    for (const row of rows) codes.add(row.code);
  }
  return [...codes].sort();
}

export function indicatorsOfRule(definition: RuleDefinition): string[] {
  switch (definition.kind) {
    case 'compare':
      return [...definition.left, ...definition.right].map((term) => term.indicator);
    case 'share':
      return [definition.indicator];
  }
}
