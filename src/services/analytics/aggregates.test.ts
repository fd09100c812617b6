/**
 * The aggregates kept by every write path (single values, forms' inserts and
 * updates, imports) equal the aggregates recomputed from the raw values, on
 * both engines; and a few are checked against plain SQL sums.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { AggregateRepository } from '../../db/repositories/aggregate.repository.js';
import { describeEachStore } from '../../test-support/stores.js';
import { OPERATOR } from '../catalogue.service.js';
import { DataEntryService } from '../data-entry.service.js';
import { DataImportService } from '../data-import.service.js';
import { ensureDefaults } from '../defaults.service.js';
import { AggregateCheckService } from './aggregate-check.service.js';

const actor = { name: 'system:test', ip: null };
// Wuhan's districts and Huangshi's, their prefectures, and a prefecture reporting for itself.
const COUNTIES = ['420102', '420103', '420104', '420202', '420203'];
const UNITS = [...COUNTIES, '420200'];
const PERIODS = [
  '2023',
  '2023Q1',
  '2023Q2',
  '202301',
  '202302',
  '202304',
  '202312',
  '2024',
  '202403',
];
// Test indicators (not shipped): a population and a rate weighted by it.
const INDICATORS = [
  'ecommerce_volume',
  'internet_users',
  'internet_penetration',
  'test_population',
  'test_rate',
];

describeEachStore('always-current aggregates', (fixture) => {
  let entry: DataEntryService;
  let imports: DataImportService;
  let check: AggregateCheckService;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    const testIndicator = {
      kind: 'numeric' as const,
      unitMult: 0,
      direction: 'increase' as const,
      definitionEn: 'A test indicator, not shipped',
      definitionZh: '测试指标',
      source: null,
      formulaNumerator: null,
      formulaDenominator: null,
      formulaFactor: null,
    };
    await fixture.store.db
      .insertInto('indicator')
      .values({
        ...testIndicator,
        code: 'test_population',
        nameEn: 'Test population',
        nameZh: '测试人口',
        unit: 'person',
        aggregation: 'sum',
        timeAggregation: 'last',
        weightIndicator: null,
      })
      .execute();
    await fixture.store.db
      .insertInto('indicator')
      .values({
        ...testIndicator,
        code: 'test_rate',
        nameEn: 'Test rate',
        nameZh: '测试比率',
        unit: 'percent',
        aggregation: 'weighted_average',
        timeAggregation: 'last',
        weightIndicator: 'test_population',
      })
      .execute();
    entry = new DataEntryService(fixture.store.db);
    imports = new DataImportService(fixture.store.db);
    check = new AggregateCheckService(fixture.store.db);
  });

  const aggregate = async (indicator: string, orgUnit: string, period: string) => {
    const [row] = await new AggregateRepository(fixture.store.db).find({
      indicatorCodes: [indicator],
      orgUnitCodes: [orgUnit],
      periods: [period],
      basis: '',
      disaggregation: '',
      published: 0,
    });
    return row ? { sum: row.valueSum, units: row.unitCount, weight: row.weightSum } : null;
  };

  const save = async (
    indicatorCode: string,
    orgUnitCode: string,
    period: string,
    value: number,
  ) => {
    const current = await fixture.store.db
      .selectFrom('dataValue')
      .select('version')
      .where('indicatorCode', '=', indicatorCode)
      .where('orgUnitCode', '=', orgUnitCode)
      .where('period', '=', period)
      .where('basis', '=', '')
      .executeTakeFirst();
    await entry.writeDraft(
      OPERATOR,
      {
        indicatorCode,
        orgUnitCode,
        period,
        value,
        comment: null,
        expectedVersion: current?.version,
      },
      actor,
    );
  };

  it('starts consistent with the shipped figures', async () => {
    const result = await check.verify();
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('adds months up to the year for flows and takes the last month for stocks, at every level above', async () => {
    await save('ecommerce_volume', '420102', '202101', 1.5);
    await save('ecommerce_volume', '420102', '202102', 2.5);
    await save('ecommerce_volume', '420103', '2021', 10);
    await save('internet_users', '420102', '202101', 3);
    await save('internet_users', '420102', '202106', 4);
    await save('internet_users', '420202', '2021Q1', 5);

    expect(await aggregate('ecommerce_volume', '420100', '2021')).toMatchObject({
      sum: 14,
      units: 2,
    });
    expect(await aggregate('ecommerce_volume', '420000', '2021Q1')).toMatchObject({
      sum: 4,
      units: 1,
    });
    expect(await aggregate('ecommerce_volume', 'CN', '2021')).toMatchObject({ sum: 14, units: 2 });
    // Stocks: the last month of each unit, added across units.
    expect(await aggregate('internet_users', '420000', '2021')).toMatchObject({ sum: 9, units: 2 });
    expect(await aggregate('internet_users', 'CN', '2021S1')).toMatchObject({ sum: 9, units: 2 });
    expect(await aggregate('internet_users', 'CN', '2021Q1')).toMatchObject({ sum: 8, units: 2 });
    // The county itself holds no aggregate: its own values are read as reported.
    expect(await aggregate('ecommerce_volume', '420102', '2021')).toBeNull();
    // Rates are weighted averages without a weight yet: not aggregated.
    await save('internet_penetration', '420102', '2021', 70);
    expect(await aggregate('internet_penetration', '420100', '2021')).toBeNull();

    await save('ecommerce_volume', '420102', '202102', 0.5);
    expect(await aggregate('ecommerce_volume', 'CN', '2021')).toMatchObject({ sum: 12, units: 2 });
    expect((await check.verify()).ok).toBe(true);
  });

  it('weighs a rate by its weight indicator, and moves with the weights', async () => {
    await save('test_rate', '420102', '2022', 50);
    await save('test_population', '420102', '2022', 100);
    await save('test_rate', '420103', '202206', 80);
    await save('test_population', '420103', '2022Q4', 300);
    // (50 x 100 + 80 x 300) / 400 = 72.5
    expect(await aggregate('test_rate', '420100', '2022')).toEqual({
      sum: 29_000,
      units: 2,
      weight: 400,
    });
    // A unit without a weight is left out of the average.
    await save('test_rate', '420104', '2022', 10);
    expect((await aggregate('test_rate', 'CN', '2022'))?.weight).toBe(400);
    // A changed weight changes the average above without touching the rate.
    await save('test_population', '420103', '2022Q4', 100);
    expect(await aggregate('test_rate', '420000', '2022')).toEqual({
      sum: 13_000,
      units: 2,
      weight: 200,
    });
    // The same through an import of weights.
    await imports.importJson(
      [{ indicator: 'test_population', orgUnit: '420104', period: '2022', value: 200 }],
      OPERATOR,
      actor,
      { dryRun: false, name: 'weights.json' },
    );
    expect(await aggregate('test_rate', 'CN', '2022')).toEqual({
      sum: 15_000,
      units: 3,
      weight: 400,
    });
    expect((await check.verify()).mismatches).toEqual([]);
  });

  it('updates the aggregates of an import before it commits', async () => {
    const report = await imports.importJson(
      [
        { indicator: 'ecommerce_volume', orgUnit: '420104', period: '202103', value: 7 },
        { indicator: 'ecommerce_volume', orgUnit: '420102', period: '202102', value: 1.5 },
      ],
      OPERATOR,
      actor,
      { dryRun: false, name: 'values.json' },
    );
    expect([report.created, report.updated]).toEqual([1, 1]);
    expect(await aggregate('ecommerce_volume', '420100', '2021')).toMatchObject({
      sum: 20,
      units: 3,
    });
    expect(await aggregate('ecommerce_volume', 'CN', '2021Q1')).toMatchObject({
      sum: 10,
      units: 2,
    });
    expect((await check.verify()).ok).toBe(true);
  });

  it('stays equal to the aggregates recomputed from the raw values after random writes', async () => {
    const write = fc.record({
      indicator: fc.constantFrom(...INDICATORS),
      unit: fc.constantFrom(...UNITS),
      period: fc.constantFrom(...PERIODS),
      // Not negative: the shipped data set bounds its indicators at 0, and imports check that.
      value: fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
      byImport: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 12 }), async (writes) => {
        for (const w of writes) {
          if (w.byImport) {
            await imports.importJson(
              [{ indicator: w.indicator, orgUnit: w.unit, period: w.period, value: w.value }],
              OPERATOR,
              actor,
              { dryRun: false, name: 'random.json' },
            );
          } else await save(w.indicator, w.unit, w.period, w.value);
        }
        const result = await check.verify();
        expect(result.mismatches).toEqual([]);
      }),
      { numRuns: 15, seed: 20261127 },
    );
    // Fifteen runs of writes and a full verification: ~15 s alone, more on a busy machine.
  }, 120_000);

  it('gives the nation the plain SQL sum of monthly flows', async () => {
    const months = ['201901', '201902', '201907', '201912'];
    let n = 0;
    await imports.importJson(
      COUNTIES.flatMap((orgUnit) =>
        months.map((period) => ({
          indicator: 'ecommerce_volume',
          orgUnit,
          period,
          value: ++n * 1.25,
        })),
      ),
      OPERATOR,
      actor,
      { dryRun: false, name: 'months.json' },
    );
    const { rows } = await sql<{ total: number | string }>`
      select sum(value) as total from data_value
      where indicator_code = 'ecommerce_volume' and basis = '' and period like '2019%'`.execute(
      fixture.store.db,
    );
    const total = Number(rows[0]!.total);
    expect(total).toBe((n * (n + 1) * 1.25) / 2);
    expect(await aggregate('ecommerce_volume', 'CN', '2019')).toMatchObject({
      sum: total,
      units: COUNTIES.length,
    });
    expect((await aggregate('ecommerce_volume', '420000', '2019S2'))?.sum).toBeCloseTo(
      (
        await sql<{ total: number | string }>`
        select sum(value) as total from data_value
        where indicator_code = 'ecommerce_volume' and basis = '' and period in ('201907', '201912')`.execute(
          fixture.store.db,
        )
      ).rows.map((r) => Number(r.total))[0]!,
      9,
    );
  });

  it('finds a tampered aggregate and rebuilds it', async () => {
    await fixture.store.db
      .updateTable('dataValueAggregate')
      .set({ valueSum: 999 })
      .where('indicatorCode', '=', 'ecommerce_volume')
      .where('orgUnitCode', '=', 'CN')
      .where('period', '=', '2021')
      .execute();
    const broken = await check.verify();
    expect(broken.ok).toBe(false);
    expect(broken.mismatches[0]).toMatchObject({
      indicator: 'ecommerce_volume',
      orgUnit: 'CN',
      period: '2021',
      stored: { sum: 999 },
    });
    await check.rebuild();
    expect((await check.verify()).ok).toBe(true);
  });
});
