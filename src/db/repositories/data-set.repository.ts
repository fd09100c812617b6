import type { Kysely, Transaction } from 'kysely';
import type { CategoryModel } from '../../core/disaggregation.js';
import { inBatches } from '../batch.js';
import type {
  Database,
  DataSetIndicatorRow,
  DataSetRow,
  IndicatorRow,
  OrgUnitRow,
  ValidationRuleRow,
} from '../schema.js';

export type DataSetIndicatorWithIndicator = DataSetIndicatorRow & { indicator: IndicatorRow };

export interface DataSetContent {
  dataSet: Omit<DataSetRow, 'id'>;
  indicators: Omit<DataSetIndicatorRow, 'dataSetId'>[];
  orgUnitCodes: readonly string[];
  windows: { period: string; opensOn: string; closesOn: string }[];
  rules: Omit<ValidationRuleRow, 'id' | 'dataSetId'>[];
}

export class DataSetRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async get(code: string): Promise<DataSetRow | undefined> {
    return this.db.selectFrom('dataSet').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async list(): Promise<DataSetRow[]> {
    return this.db.selectFrom('dataSet').selectAll().orderBy('code').execute();
  }

  /** Replaces a data set's definition (or creates it); keeps its id so submissions stay attached. */
  async save(content: DataSetContent): Promise<number> {
    const existing = await this.get(content.dataSet.code);
    let id: number;
    if (existing) {
      id = existing.id;
      await this.db.updateTable('dataSet').set(content.dataSet).where('id', '=', id).execute();
      for (const table of [
        'dataSetIndicator',
        'dataSetOrgUnit',
        'dataSetPeriodWindow',
        'validationRule',
      ] as const) {
        await this.db.deleteFrom(table).where('dataSetId', '=', id).execute();
      }
    } else {
      const inserted = await this.db
        .insertInto('dataSet')
        .values(content.dataSet)
        .returning('id')
        .executeTakeFirstOrThrow();
      id = inserted.id;
    }
    for (const batch of inBatches(content.indicators, 7)) {
      await this.db
        .insertInto('dataSetIndicator')
        .values(batch.map((row) => ({ ...row, dataSetId: id })))
        .execute();
    }
    for (const batch of inBatches(content.orgUnitCodes, 2)) {
      await this.db
        .insertInto('dataSetOrgUnit')
        .values(batch.map((orgUnitCode) => ({ dataSetId: id, orgUnitCode })))
        .execute();
    }
    for (const batch of inBatches(content.windows, 4)) {
      await this.db
        .insertInto('dataSetPeriodWindow')
        .values(batch.map((row) => ({ ...row, dataSetId: id })))
        .execute();
    }
    for (const batch of inBatches(content.rules, 7)) {
      await this.db
        .insertInto('validationRule')
        .values(batch.map((row) => ({ ...row, dataSetId: id })))
        .execute();
    }
    return id;
  }

  async indicators(dataSetId: number): Promise<DataSetIndicatorWithIndicator[]> {
    const rows = await this.db
      .selectFrom('dataSetIndicator')
      .innerJoin('indicator', 'indicator.code', 'dataSetIndicator.indicatorCode')
      .selectAll('dataSetIndicator')
      .select([
        'indicator.code',
        'indicator.kind',
        'indicator.nameEn',
        'indicator.nameZh',
        'indicator.unit',
        'indicator.unitMult',
        'indicator.direction',
        'indicator.aggregation',
        'indicator.timeAggregation',
        'indicator.formulaNumerator',
        'indicator.formulaDenominator',
        'indicator.formulaFactor',
        'indicator.weightIndicator',
        'indicator.definitionEn',
        'indicator.definitionZh',
        'indicator.source',
      ])
      .where('dataSetId', '=', dataSetId)
      .orderBy('sortOrder')
      .execute();
    return rows.map(
      ({
        code,
        kind,
        nameEn,
        nameZh,
        unit,
        unitMult,
        direction,
        aggregation,
        timeAggregation,
        formulaNumerator,
        formulaDenominator,
        formulaFactor,
        weightIndicator,
        definitionEn,
        definitionZh,
        source,
        ...entry
      }) => ({
        ...entry,
        indicator: {
          code,
          kind,
          nameEn,
          nameZh,
          unit,
          unitMult,
          direction,
          aggregation,
          timeAggregation,
          formulaNumerator,
          formulaDenominator,
          formulaFactor,
          weightIndicator,
          definitionEn,
          definitionZh,
          source,
        },
      }),
    );
  }

  async rules(dataSetId: number): Promise<ValidationRuleRow[]> {
    return this.db
      .selectFrom('validationRule')
      .selectAll()
      .where('dataSetId', '=', dataSetId)
      .orderBy('id')
      .execute();
  }

  async windowOverride(
    dataSetId: number,
    period: string,
  ): Promise<{ opensOn: string; closesOn: string } | undefined> {
    return this.db
      .selectFrom('dataSetPeriodWindow')
      .select(['opensOn', 'closesOn'])
      .where('dataSetId', '=', dataSetId)
      .where('period', '=', period)
      .executeTakeFirst();
  }

  async isAssigned(dataSetId: number, orgUnitCode: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('dataSetOrgUnit')
      .select('orgUnitCode')
      .where('dataSetId', '=', dataSetId)
      .where('orgUnitCode', '=', orgUnitCode)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Units that must report the data set, within the subtree at `path`, in tree order. */
  async assignedUnits(dataSetId: number, path: string): Promise<OrgUnitRow[]> {
    return this.db
      .selectFrom('dataSetOrgUnit')
      .innerJoin('orgUnit', 'orgUnit.code', 'dataSetOrgUnit.orgUnitCode')
      .selectAll('orgUnit')
      .where('dataSetOrgUnit.dataSetId', '=', dataSetId)
      .where('orgUnit.path', 'like', `${path}%`)
      .orderBy('orgUnit.path')
      .execute();
  }

  async countAssigned(dataSetId: number): Promise<number> {
    const row = await this.db
      .selectFrom('dataSetOrgUnit')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('dataSetId', '=', dataSetId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The categories each indicator is broken down by, in the indicator's order. */
  async categoriesOf(indicatorCodes: readonly string[]): Promise<Map<string, CategoryModel[]>> {
    const result = new Map<string, CategoryModel[]>(indicatorCodes.map((code) => [code, []]));
    if (indicatorCodes.length === 0) return result;
    const links = await this.db
      .selectFrom('indicatorCategory')
      .innerJoin('category', 'category.code', 'indicatorCategory.categoryCode')
      .select([
        'indicatorCategory.indicatorCode',
        'category.code',
        'category.nameEn',
        'category.nameZh',
      ])
      .where('indicatorCategory.indicatorCode', 'in', indicatorCodes)
      .orderBy('indicatorCategory.indicatorCode')
      .orderBy('indicatorCategory.position')
      .execute();
    if (links.length === 0) return result;
    const options = await this.db
      .selectFrom('categoryOption')
      .selectAll()
      .where('categoryCode', 'in', [...new Set(links.map((link) => link.code))])
      .orderBy('categoryCode')
      .orderBy('sortOrder')
      .execute();
    for (const link of links) {
      result.get(link.indicatorCode)?.push({
        code: link.code,
        nameEn: link.nameEn,
        nameZh: link.nameZh,
        options: options
          .filter((option) => option.categoryCode === link.code)
          .map(({ code, nameEn, nameZh }) => ({ code, nameEn, nameZh })),
      });
    }
    return result;
  }

  /** Creates or updates a category and its options (options are added or renamed, never removed). */
  async saveCategory(category: CategoryModel): Promise<void> {
    const existing = await this.db
      .selectFrom('category')
      .select('code')
      .where('code', '=', category.code)
      .executeTakeFirst();
    if (existing) {
      await this.db
        .updateTable('category')
        .set({ nameEn: category.nameEn, nameZh: category.nameZh })
        .where('code', '=', category.code)
        .execute();
    } else {
      await this.db
        .insertInto('category')
        .values({ code: category.code, nameEn: category.nameEn, nameZh: category.nameZh })
        .execute();
    }
    const known = new Set(
      (
        await this.db
          .selectFrom('categoryOption')
          .select('code')
          .where('categoryCode', '=', category.code)
          .execute()
      ).map((row) => row.code),
    );
    for (const [index, option] of category.options.entries()) {
      if (known.has(option.code)) {
        await this.db
          .updateTable('categoryOption')
          .set({ nameEn: option.nameEn, nameZh: option.nameZh, sortOrder: index })
          .where('categoryCode', '=', category.code)
          .where('code', '=', option.code)
          .execute();
      } else {
        await this.db
          .insertInto('categoryOption')
          .values({ categoryCode: category.code, ...option, sortOrder: index })
          .execute();
      }
    }
  }

  async setIndicatorCategories(indicatorCode: string, categoryCodes: readonly string[]) {
    await this.db
      .deleteFrom('indicatorCategory')
      .where('indicatorCode', '=', indicatorCode)
      .execute();
    if (categoryCodes.length === 0) return;
    await this.db
      .insertInto('indicatorCategory')
      .values(
        categoryCodes.map((categoryCode, position) => ({ indicatorCode, categoryCode, position })),
      )
      .execute();
  }
}
