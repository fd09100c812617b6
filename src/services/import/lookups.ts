/**
 * What the checker looks up for every record, loaded once per import: the
 * indicators (kind, unit, categories with their options) and the org units
 * (code, path). A national file names a few thousand units and a few dozen
 * indicators; a query per record would cost more than the rest of the check.
 * Ids are positions in code order, so staging keys sort as the store's do.
 */
import type { CategoryModel } from '../../core/disaggregation.js';
import type { Db } from '../../db/connect.js';
import type { IndicatorRow } from '../../db/schema.js';

export interface IndicatorInfo {
  id: number;
  code: string;
  kind: IndicatorRow['kind'];
  percent: boolean;
  categories: CategoryModel[];
}

export interface UnitInfo {
  id: number;
  code: string;
  path: string;
}

export interface ImportLookups {
  indicators: Map<string, IndicatorInfo>;
  units: Map<string, UnitInfo>;
  /** Every category code of the store (SDMX-CSV takes them as dimension columns). */
  categoryCodes: string[];
}

export async function loadLookups(db: Db): Promise<ImportLookups> {
  const [indicatorRows, unitRows, categoryRows, optionRows, linkRows] = await Promise.all([
    db.selectFrom('indicator').select(['code', 'kind', 'unit']).orderBy('code').execute(),
    db.selectFrom('orgUnit').select(['code', 'path']).orderBy('code').execute(),
    db.selectFrom('category').select(['code', 'nameEn', 'nameZh']).orderBy('code').execute(),
    db
      .selectFrom('categoryOption')
      .select(['categoryCode', 'code', 'nameEn', 'nameZh'])
      .orderBy('categoryCode')
      .orderBy('sortOrder')
      .execute(),
    db
      .selectFrom('indicatorCategory')
      .select(['indicatorCode', 'categoryCode'])
      .orderBy('indicatorCode')
      .orderBy('position')
      .execute(),
  ]);
  const categories = new Map<string, CategoryModel>();
  for (const row of categoryRows) categories.set(row.code, { ...row, options: [] });
  for (const option of optionRows) {
    (categories.get(option.categoryCode)?.options as CategoryModel['options'][number][])?.push({
      code: option.code,
      nameEn: option.nameEn,
      nameZh: option.nameZh,
    });
  }
  const indicators = new Map<string, IndicatorInfo>();
  indicatorRows.forEach((row, id) =>
    indicators.set(row.code, {
      id,
      code: row.code,
      kind: row.kind,
      percent: row.unit === 'percent',
      categories: [],
    }),
  );
  for (const link of linkRows) {
    const category = categories.get(link.categoryCode);
    if (category) indicators.get(link.indicatorCode)?.categories.push(category);
  }
  const units = new Map<string, UnitInfo>();
  unitRows.forEach((row, id) => units.set(row.code, { id, code: row.code, path: row.path }));
  return { indicators, units, categoryCodes: [...categories.keys()] };
}
