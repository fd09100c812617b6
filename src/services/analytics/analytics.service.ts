/**
 * Figures for any indicators x org units x periods: what a unit reported
 * for itself (rolled up over time by the indicator's rule), else what the
 * units below it add up to (the always-current aggregates), else, for an
 * indicator defined by a formula, the formula over its parts' figures. Each
 * cell says which, so a figure can always be explained.
 */
import type { Kysely } from 'kysely';
import { scopesFor, type Principal } from '../../core/access/policy.js';
import {
  aggregateValue,
  aggregatesAcrossUnits,
  rollUpOwnValues,
  yearOf,
  type AggregationRule,
  type SpaceAggregation,
  type TimeAggregation,
} from '../../core/aggregation/index.js';
import { NATION_CODE } from '../../core/org-units.js';
import { tryParsePeriod } from '../../core/periods.js';
import { AggregateRepository } from '../../db/repositories/aggregate.repository.js';
import { DataValueRepository } from '../../db/repositories/data-value.repository.js';
import type { Database, IndicatorRow } from '../../db/schema.js';
import { InputError } from '../errors.js';
import { csvRecord } from '../../formats/csv-write.js';
import { neutralise } from '../../formats/formula-cells.js';
import { loadExcelJs } from '../../formats/exceljs.js';
import { resolveSelection, type CellSelection } from './cell-selection.js';

export interface CellQuery {
  indicators: readonly string[];
  orgUnits: readonly string[];
  periods: readonly string[];
  /** Only this basis; absent: every basis that has figures. */
  basis?: string | undefined;
}

export type CellOrigin = 'reported' | 'aggregated' | 'computed';

export interface Cell {
  indicator: string;
  orgUnit: string;
  period: string;
  basis: string;
  value: number;
  origin: CellOrigin;
  /** The unit's own figure, when it reported one. */
  reported: number | null;
  /** What the units below add up to, and how many gave a figure. */
  aggregated: number | null;
  units: number | null;
  /** For computed cells: the parts the formula used. */
  formula: { numerator: number; denominator: number; factor: number } | null;
}

/** At most this many cells are asked for at once (indicators x units x periods). */
export const MAX_CELLS = 200_000;

const SEP = '\u0001';
const cellKey = (indicator: string, unit: string, period: string, basis: string) =>
  [indicator, unit, period, basis].join(SEP);

export class AnalyticsService {
  constructor(private readonly db: Kysely<Database>) {}

  /** Cells for a selection named by the caller (children, subtrees, year ranges). */
  async select(principal: Principal, selection: CellSelection): Promise<Cell[]> {
    return this.cells(principal, await resolveSelection(this.db, selection));
  }

  /** The selected figures as a file, one row per figure, with names in the chosen language. */
  async exportCells(
    principal: Principal,
    selection: CellSelection,
    format: 'csv' | 'xlsx',
    language: 'zh' | 'en',
  ): Promise<{ fileName: string; contentType: string; body: Buffer }> {
    const cells = await this.select(principal, selection);
    const indicators = new Map(
      (
        await this.db
          .selectFrom('indicator')
          .select(['code', 'nameEn', 'nameZh', 'unit', 'unitMult'])
          .where('code', 'in', [...new Set(cells.map((c) => c.indicator)), ''])
          .execute()
      ).map((row) => [row.code, row]),
    );
    const units = new Map(
      (
        await this.db
          .selectFrom('orgUnit')
          .select(['code', 'nameEn', 'nameZh'])
          .where('code', 'in', [...new Set(cells.map((c) => c.orgUnit)), ''])
          .execute()
      ).map((row) => [row.code, row]),
    );
    const header = [
      'indicator',
      'indicator_name',
      'org_unit',
      'org_unit_name',
      'period',
      'basis',
      'value',
      'unit',
      'unit_mult',
      'origin',
      'units_below',
    ];
    const rows = cells.map((cell) => {
      const indicator = indicators.get(cell.indicator);
      const unit = units.get(cell.orgUnit);
      return [
        cell.indicator,
        (language === 'zh' ? indicator?.nameZh : indicator?.nameEn) ?? '',
        cell.orgUnit,
        (language === 'zh' ? unit?.nameZh : (unit?.nameEn ?? unit?.nameZh)) ?? '',
        cell.period,
        cell.basis,
        cell.value,
        indicator?.unit ?? '',
        indicator?.unitMult ?? 0,
        cell.origin,
        cell.units ?? '',
      ] as const;
    });
    const name = `planwatch-figures-${new Date().toISOString().slice(0, 10)}`;
    if (format === 'csv') {
      // A BOM, so spreadsheet programs read the Chinese names as UTF-8.
      // Text (names come from definitions) is neutralised against spreadsheet formulas; numbers are numbers.
      const text =
        '\uFEFF' +
        [header, ...rows]
          .map((row) =>
            csvRecord(
              row.map((cell) => (typeof cell === 'number' ? String(cell) : neutralise(cell))),
            ),
          )
          .join('');
      return {
        fileName: `${name}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: Buffer.from(text, 'utf8'),
      };
    }
    const excel = await loadExcelJs();
    const workbook = new excel.Workbook();
    const sheet = workbook.addWorksheet('Figures');
    sheet.addRow(header);
    for (const row of rows) sheet.addRow([...row]);
    sheet.getRow(1).font = { bold: true };
    return {
      fileName: `${name}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: Buffer.from(await workbook.xlsx.writeBuffer()),
    };
  }

  async cells(principal: Principal, query: CellQuery): Promise<Cell[]> {
    const size = query.indicators.length * query.orgUnits.length * query.periods.length;
    if (size > MAX_CELLS)
      throw new InputError(
        `${size} cells were asked for (indicators x org units x periods); at most ${MAX_CELLS} at once`,
      );
    if (size === 0) return [];
    for (const period of query.periods) {
      if (!tryParsePeriod(period))
        throw new InputError(
          `period: "${period}" is not a period code (2020, 2020S1, 2020Q3, 202007)`,
        );
    }
    const indicators = await this.indicatorsWithParts(query.indicators);
    const scopes = scopesFor(principal, 'read:unpublished');
    const units = await this.db
      .selectFrom('orgUnit')
      .select(['code', 'path'])
      .where('code', 'in', query.orgUnits)
      .execute();
    const missingUnit = query.orgUnits.find((code) => !units.some((u) => u.code === code));
    if (missingUnit) throw new InputError(`orgUnit: no org unit has code ${missingUnit}`);
    // The layer a unit's aggregates come from: drafts only where the reader may see every unit below.
    const seesDrafts = new Map(
      units.map((u) => [u.code, scopes.some((scope) => u.path.startsWith(scope))]),
    );

    const codes = [...indicators.keys()];
    const found = new Map<string, Cell>();
    await this.reported(codes, indicators, query, scopes, found);
    await this.aggregated(codes, indicators, query, seesDrafts, found);
    this.computed(query, indicators, found);

    const wanted = new Set(query.indicators);
    const periods = new Set(query.periods);
    return [...found.values()].filter(
      (cell) => wanted.has(cell.indicator) && periods.has(cell.period),
    );
  }

  /** The asked indicators and the parts of those defined by formula. */
  private async indicatorsWithParts(codes: readonly string[]): Promise<Map<string, IndicatorRow>> {
    const rows = await this.db
      .selectFrom('indicator')
      .selectAll()
      .where('code', 'in', codes)
      .execute();
    const byCode = new Map(rows.map((row) => [row.code, row]));
    const missing = codes.find((code) => !byCode.has(code));
    if (missing) throw new InputError(`indicator: no indicator has code ${missing}`);
    const parts = rows
      .flatMap((row) => [row.formulaNumerator, row.formulaDenominator])
      .filter((code): code is string => code !== null && !byCode.has(code));
    if (parts.length > 0) {
      for (const row of await this.db
        .selectFrom('indicator')
        .selectAll()
        .where('code', 'in', parts)
        .execute())
        byCode.set(row.code, row);
    }
    return byCode;
  }

  private async reported(
    codes: string[],
    indicators: Map<string, IndicatorRow>,
    query: CellQuery,
    scopes: string[],
    found: Map<string, Cell>,
  ): Promise<void> {
    const years = query.periods.map(yearOf).sort();
    const values = await new DataValueRepository(this.db).figuresOf({
      indicatorCodes: codes,
      orgUnitCodes: query.orgUnits,
      periodFrom: years[0]!,
      periodTo: `${years[years.length - 1]}Z`,
      basis: query.basis,
      // A nationwide scope sees every value: no filter to evaluate.
      unpublishedWithin: scopes.includes(`/${NATION_CODE}/`) ? null : scopes,
    });
    const groups = new Map<string, typeof values>();
    for (const value of values) {
      const key = [value.indicatorCode, value.orgUnitCode, value.basis, yearOf(value.period)].join(
        SEP,
      );
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(value);
    }
    const periods = new Set(query.periods);
    for (const list of groups.values()) {
      const first = list[0]!;
      const rule = ruleOf(indicators.get(first.indicatorCode)!);
      for (const [period, figure] of rollUpOwnValues(list, rule.time)) {
        if (!periods.has(period)) continue;
        found.set(cellKey(first.indicatorCode, first.orgUnitCode, period, first.basis), {
          indicator: first.indicatorCode,
          orgUnit: first.orgUnitCode,
          period,
          basis: first.basis,
          value: figure,
          origin: 'reported',
          reported: figure,
          aggregated: null,
          units: null,
          formula: null,
        });
      }
    }
  }

  private async aggregated(
    codes: string[],
    indicators: Map<string, IndicatorRow>,
    query: CellQuery,
    seesDrafts: Map<string, boolean>,
    found: Map<string, Cell>,
  ): Promise<void> {
    const aggregates = new AggregateRepository(this.db);
    const indicatorCodes = codes.filter((code) =>
      aggregatesAcrossUnits(ruleOf(indicators.get(code)!)),
    );
    // One read per layer, each for the units that see it: no row is read to be dropped.
    const rows = [];
    for (const published of [0, 1]) {
      const orgUnitCodes = query.orgUnits.filter(
        (code) => seesDrafts.get(code) === (published === 0),
      );
      if (orgUnitCodes.length === 0) continue;
      rows.push(
        ...(await aggregates.find({
          indicatorCodes,
          orgUnitCodes,
          periods: query.periods,
          basis: query.basis,
          disaggregation: '',
          published,
        })),
      );
    }
    for (const row of rows) {
      const value = aggregateValue(ruleOf(indicators.get(row.indicatorCode)!), {
        sum: row.valueSum,
        count: row.unitCount,
        weight: row.weightSum,
      });
      if (value === null) continue;
      const key = cellKey(row.indicatorCode, row.orgUnitCode, row.period, row.basis);
      const cell = found.get(key);
      if (cell) {
        cell.aggregated = value;
        cell.units = row.unitCount;
      } else {
        found.set(key, {
          indicator: row.indicatorCode,
          orgUnit: row.orgUnitCode,
          period: row.period,
          basis: row.basis,
          value,
          origin: 'aggregated',
          reported: null,
          aggregated: value,
          units: row.unitCount,
          formula: null,
        });
      }
    }
  }

  /** numerator / denominator x factor where both parts have a figure on the same basis and no figure was reported. */
  private computed(
    query: CellQuery,
    indicators: Map<string, IndicatorRow>,
    found: Map<string, Cell>,
  ) {
    for (const code of query.indicators) {
      const indicator = indicators.get(code)!;
      const { formulaNumerator: num, formulaDenominator: den, formulaFactor: factor } = indicator;
      if (num === null || den === null || factor === null) continue;
      for (const cell of [...found.values()]) {
        if (cell.indicator !== num) continue;
        const denominator = found.get(cellKey(den, cell.orgUnit, cell.period, cell.basis));
        if (!denominator || denominator.value === 0) continue;
        const key = cellKey(code, cell.orgUnit, cell.period, cell.basis);
        if (found.has(key)) continue;
        found.set(key, {
          indicator: code,
          orgUnit: cell.orgUnit,
          period: cell.period,
          basis: cell.basis,
          value: (cell.value / denominator.value) * factor,
          origin: 'computed',
          reported: null,
          aggregated: null,
          units: null,
          formula: { numerator: cell.value, denominator: denominator.value, factor },
        });
      }
    }
  }
}

export function ruleOf(indicator: IndicatorRow): AggregationRule {
  return {
    space: indicator.aggregation as SpaceAggregation,
    time: indicator.timeAggregation as TimeAggregation,
    weight: indicator.weightIndicator,
  };
}
