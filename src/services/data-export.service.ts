/**
 * Exports reported values of any selection (indicators, a subtree of units,
 * a period range, a data set) as CSV, Excel or SDMX-CSV, in the layouts the
 * import reads, so an export imported again changes nothing. The reader sees
 * published values and the drafts within their own scope, as in every read.
 */
import { scopesFor, type Principal } from '../core/access/policy.js';
import { parsePeriod, PeriodCodeError, periodEnd, periodStart } from '../core/periods.js';
import { unitLabel } from '../core/quantity.js';
import type { Db } from '../db/connect.js';
import { DataSetRepository } from '../db/repositories/data-set.repository.js';
import { DataValueRepository } from '../db/repositories/data-value.repository.js';
import { IndicatorRepository } from '../db/repositories/indicator.repository.js';
import { OrgUnitRepository } from '../db/repositories/org-unit.repository.js';
import { writeValuesCsv } from '../formats/csv-write.js';
import type { ExportRow } from '../formats/export-row.js';
import { writeSdmxCsv } from '../formats/sdmx-csv.js';
import { writeValuesWorkbook } from '../formats/xlsx.js';
import { InputError, NotFoundError, type Problem } from './errors.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'sdmx-csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportSelection {
  format: ExportFormat;
  dataSet?: string | undefined;
  indicators?: readonly string[] | undefined;
  /** A unit: its whole subtree is exported. */
  under?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  language?: 'zh' | 'en' | undefined;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  rows: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  'sdmx-csv': 'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export class DataExportService {
  constructor(private readonly db: Db) {}

  async export(selection: ExportSelection, reader: Principal): Promise<ExportFile> {
    const problems: Problem[] = [];
    let indicatorCodes = selection.indicators ? [...selection.indicators] : undefined;
    if (selection.dataSet !== undefined) {
      const dataSets = new DataSetRepository(this.db);
      const dataSet = await dataSets.get(selection.dataSet);
      if (!dataSet) throw new NotFoundError(`No data set has code ${selection.dataSet}`);
      const inSet = (await dataSets.indicators(dataSet.id)).map((entry) => entry.indicatorCode);
      indicatorCodes = indicatorCodes
        ? indicatorCodes.filter((code) => inSet.includes(code))
        : inSet;
    }
    const indicatorRepository = new IndicatorRepository(this.db);
    const indicators = new Map((await indicatorRepository.list()).map((row) => [row.code, row]));
    for (const code of indicatorCodes ?? []) {
      if (!indicators.has(code))
        problems.push({ path: 'indicator', message: `no indicator has code ${code}` });
    }
    let underPath: string | undefined;
    if (selection.under !== undefined) {
      const unit = await new OrgUnitRepository(this.db).get(selection.under);
      if (!unit)
        problems.push({ path: 'under', message: `no org unit has code ${selection.under}` });
      else underPath = unit.path;
    }
    const bound = (text: string | undefined, field: 'from' | 'to') => {
      if (text === undefined) return undefined;
      try {
        const period = parsePeriod(text);
        return field === 'from' ? periodStart(period) : periodEnd(period);
      } catch (error) {
        if (!(error instanceof PeriodCodeError)) throw error;
        problems.push({ path: field, message: error.message });
        return undefined;
      }
    };
    const endFrom = bound(selection.from, 'from');
    const endTo = bound(selection.to, 'to');
    if (problems.length > 0)
      throw new InputError(
        `The selection is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        problems,
      );

    // Reported values only (no basis label): published national figures on named bases are not import input.
    const rows = await new DataValueRepository(this.db).list({
      indicatorCodes,
      under: underPath,
      endFrom,
      endTo,
      basis: '',
      unpublishedWithin: scopesFor(reader, 'read:unpublished'),
    });
    const unitNames = new Map<string, string>();
    const units = new OrgUnitRepository(this.db);
    const zh = (selection.language ?? 'zh') === 'zh';
    const exportRows: ExportRow[] = [];
    for (const row of rows) {
      if (!unitNames.has(row.orgUnitCode)) {
        const unit = await units.get(row.orgUnitCode);
        unitNames.set(
          row.orgUnitCode,
          unit ? (zh ? unit.nameZh : (unit.nameEn ?? unit.nameZh)) : row.orgUnitCode,
        );
      }
      const indicator = indicators.get(row.indicatorCode);
      exportRows.push({
        indicator: row.indicatorCode,
        orgUnit: row.orgUnitCode,
        period: row.period,
        disaggregation: row.disaggregation,
        value: row.value,
        comment: row.comment,
        source: row.sourceNote,
        indicatorName: indicator ? (zh ? indicator.nameZh : indicator.nameEn) : row.indicatorCode,
        orgUnitName: unitNames.get(row.orgUnitCode)!,
        unitLabel: indicator
          ? unitLabel(indicator.unit, indicator.unitMult, zh ? 'zh-CN' : 'en')
          : '',
      });
    }
    const stem = `planwatch-values${selection.dataSet ? `-${selection.dataSet}` : ''}${selection.under ? `-${selection.under}` : ''}`;
    let body: Buffer;
    if (selection.format === 'xlsx') {
      body = await writeValuesWorkbook(exportRows, {
        language: zh ? 'zh' : 'en',
        title: zh ? 'Planwatch 数据导出' : 'Planwatch export',
      });
    } else if (selection.format === 'csv') {
      body = Buffer.from([...writeValuesCsv(exportRows)].join(''), 'utf8');
    } else {
      const categoryCodes = [
        ...new Set(
          exportRows.flatMap((row) =>
            row.disaggregation === ''
              ? []
              : row.disaggregation.split(';').map((part) => part.split('=')[0]!),
          ),
        ),
      ].sort();
      body = Buffer.from(
        [
          ...writeSdmxCsv(exportRows, {
            dataflow: `PLANWATCH:DF_${(selection.dataSet ?? 'VALUES').toUpperCase().replace(/[^A-Z0-9_]/g, '_')}(1.0)`,
            categoryCodes,
          }),
        ].join(''),
        'utf8',
      );
    }
    const extension =
      selection.format === 'xlsx' ? 'xlsx' : selection.format === 'csv' ? 'csv' : 'sdmx.csv';
    return {
      fileName: `${stem}.${extension}`,
      contentType: CONTENT_TYPES[selection.format],
      body,
      rows: exportRows.length,
    };
  }
}
