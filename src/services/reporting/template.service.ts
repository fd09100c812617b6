/**
 * The Excel template of one form (data set x unit x period): the form's rows
 * with what is stored so far, for offices that fill figures in Excel or WPS
 * and upload the workbook back through the import.
 */
import type { Principal } from '../../core/access/policy.js';
import { buildTemplateWorkbook, type WorkbookLanguage } from '../../formats/xlsx.js';
import type { ReportingService } from './reporting.service.js';

export async function buildFormTemplate(
  reporting: ReportingService,
  principal: Principal,
  request: { dataSet: string; orgUnit: string; period: string; language: WorkbookLanguage },
  now: Date = new Date(),
): Promise<{ fileName: string; workbook: Buffer }> {
  const form = await reporting.form(principal, request.dataSet, request.orgUnit, request.period);
  const indicators = new Map(form.indicators.map((indicator) => [indicator.code, indicator]));
  const zh = request.language === 'zh';
  const workbook = await buildTemplateWorkbook({
    dataSet: { code: form.dataSet.code, nameEn: form.dataSet.nameEn, nameZh: form.dataSet.nameZh },
    orgUnit: { code: form.orgUnit.code, nameZh: form.orgUnit.nameZh, nameEn: form.orgUnit.nameEn },
    period: form.period,
    language: request.language,
    generatedAt: now.toISOString(),
    rows: form.rows.map((row) => {
      const indicator = indicators.get(row.indicator)!;
      return {
        indicator: row.indicator,
        indicatorName: zh ? indicator.nameZh : indicator.nameEn,
        unitLabel: zh ? indicator.unitLabel.zh : indicator.unitLabel.en,
        disaggregation: row.disaggregation,
        disaggregationLabel: zh ? row.label.zh : row.label.en,
        value: row.value,
        comment: row.comment,
        source: row.source,
        required: indicator.required && row.disaggregation === '',
      };
    }),
  });
  return {
    fileName: `${form.dataSet.code}_${form.orgUnit.code}_${form.period}.xlsx`,
    workbook,
  };
}
