import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../db/connect.js';
import { describeEachStore, engines, createStoreLocation } from '../test-support/stores.js';
import { CatalogueService } from './catalogue.service.js';
import { dataFiles } from './data-files.js';
import { ensureDefaults } from './defaults.service.js';

const figureLines =
  fs.readFileSync(dataFiles.nationalFigures, 'utf8').trim().split('\n').length - 1;
const chinaBenchmarkLines = fs
  .readFileSync(dataFiles.broadbandBenchmarks, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('China,')).length;

describeEachStore('defaults of a new store', (fixture) => {
  it('loads the org units, the Outline, its catalogue and the figures once', async () => {
    const first = await ensureDefaults(fixture.store.db);
    expect(first.loaded).toBe(true);
    expect(first.dataValues).toBe(figureLines + chinaBenchmarkLines);
    expect(first.orgUnits).toBeGreaterThan(3000);
    const again = await ensureDefaults(fixture.store.db);
    expect(again.loaded).toBe(false);
  });

  it('holds the nation, 34 provinces with English names, and the departments branch', async () => {
    const catalogue = new CatalogueService(fixture.store.db);
    const provinces = await catalogue.listOrgUnits({ level: 'province', limit: 100, offset: 0 });
    expect(provinces.total).toBe(34);
    expect(provinces.items.every((unit) => unit.nameEn && unit.parentCode === 'CN')).toBe(true);
    expect(provinces.items.find((unit) => unit.code === '420000')).toMatchObject({
      nameZh: '湖北省',
      nameEn: 'Hubei',
      divisionEdition: expect.stringContaining('GB/T 2260'),
    });
    const wuhanDistricts = await catalogue.listOrgUnits({
      parentCode: '420100',
      limit: 100,
      offset: 0,
    });
    expect(wuhanDistricts.items.map((unit) => unit.code)).toContain('420102');
    const departments = await catalogue.listOrgUnits({
      parentCode: 'CN-DEPT',
      limit: 100,
      offset: 0,
    });
    expect(departments.items.map((unit) => unit.code)).toEqual(
      expect.arrayContaining(['CAC', 'MIIT', 'NDRC', 'NBS']),
    );
    const search = await catalogue.listOrgUnits({ search: 'hube', limit: 10, offset: 0 });
    expect(search.items.map((unit) => unit.code)).toContain('420000');
  });

  it('keeps both 2015 bases of broadband penetration apart', async () => {
    const catalogue = new CatalogueService(fixture.store.db);
    const values = await catalogue.listDataValues(
      {
        indicator: 'fixed_broadband_household_penetration',
        period: '2015',
      },
      { kind: 'anonymous' },
    );
    expect(values.map((value) => [value.value, value.basis]).sort()).toEqual([
      [40, '13th Five-Year Plan basis (derived)'],
      [52.6, 'restated basis (MIIT / 14th Five-Year Plan)'],
    ]);
  });

  it('stores bandwidth in Tbps and keeps the figure as published', async () => {
    const catalogue = new CatalogueService(fixture.store.db);
    const [value] = await catalogue.listDataValues(
      {
        indicator: 'intl_export_bandwidth',
        period: '2016S1',
      },
      { kind: 'anonymous' },
    );
    expect(value).toMatchObject({
      value: 6.220764,
      publishedValue: '6220.764',
      publishedUnit: 'Gbps',
      sourceKey: 'B1',
    });
  });

  it('gives every numeric target of the Outline with its sentence and latest figure', async () => {
    const catalogue = new CatalogueService(fixture.store.db);
    const indicators = await catalogue.listIndicators('nids-2016', { kind: 'anonymous' });
    const numeric = Object.fromEntries(
      indicators
        .filter((indicator) => indicator.targets.some((target) => target.kind === 'numeric'))
        .map((indicator) => [
          indicator.code,
          indicator.targets.map((target) => [target.year, target.value]),
        ]),
    );
    expect(numeric).toMatchObject({
      information_consumption: [
        [2020, 6],
        [2025, 12],
      ],
      ecommerce_volume: [
        [2020, 38],
        [2025, 67],
      ],
      intl_export_bandwidth: [
        [2020, 20],
        [2025, 48],
      ],
    });
    const ecommerce = indicators.find((indicator) => indicator.code === 'ecommerce_volume')!;
    expect(ecommerce.latest).toMatchObject({ period: '2022', value: 43.83 });
    expect(ecommerce.targets[0]!.sentence).toContain('38 trillion Yuan');
    expect(
      indicators.filter((indicator) => indicator.kind === 'qualitative').length,
    ).toBeGreaterThan(15);
  });
});

// Two handles in one process: on PostgreSQL they behave like two processes. SQLite's busy
// wait is synchronous and would block this very process, so the CLI tests race real processes.
describe.each(engines.filter((engine) => engine === 'postgres'))(
  'two clients opening one new store at once [%s]',
  (engine) => {
    it('loads the defaults exactly once', async () => {
      const location = await createStoreLocation(engine);
      try {
        const [a, b] = await Promise.all([openStore(location), openStore(location)]);
        try {
          const reports = await Promise.all([ensureDefaults(a.db), ensureDefaults(b.db)]);
          expect(reports.filter((report) => report.loaded)).toHaveLength(1);
          const plans = await new CatalogueService(a.db).listPlans();
          expect(plans.map((plan) => plan.code).sort()).toEqual([
            'example-province-2017',
            'nids-2016',
          ]);
        } finally {
          await a.close();
          await b.close();
        }
      } finally {
        await location.dispose();
      }
    });
  },
);
