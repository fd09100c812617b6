/**
 * Every figure behind the yearly report as an Excel workbook: the targets
 * with their latest figures and statuses, the annex of figures with sources,
 * the tasks due, the inspection results and the ranking with component
 * points. Headers in the report's language; values as stored (in the unit of
 * measure given next to them), so they can be computed with.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../../formats/exceljs.js';
import { COMPONENT_KEYS, roundPoints } from '../../../core/evaluation/index.js';
import { ReportFormat } from './report-format.js';
import type { ReportModel } from './report-model.js';
import { reportText, textKey, type ReportTextKey } from './report-text.js';

export const REPORT_SHEETS = ['Targets', 'Figures', 'Tasks', 'Inspections', 'Ranking'] as const;

const VALUE_FORMAT = '#,##0.####';
const INTEGER_FORMAT = '0';
const POINTS_FORMAT = '0.00';
const SHARE_FORMAT = '0.0%';

interface Column {
  header: string;
  width: number;
  numFmt?: string;
}

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly Column[],
  rows: readonly (string | number | null)[][],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width,
    ...(column.numFmt ? { style: { numFmt: column.numFmt } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F5FF' } };
  for (const row of rows) sheet.addRow(row);
}

export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const t = reportText(model.lang);
  const format = new ReportFormat(model.lang, t);
  const col = (key: ReportTextKey, width: number, numFmt?: string): Column => ({
    header: t(key, { year: model.year }),
    width,
    ...(numFmt ? { numFmt } : {}),
  });
  const excel = await loadExcelJs();
  const workbook = new excel.Workbook();
  workbook.creator = 'Planwatch';
  workbook.created = new Date(model.generatedAt);

  addSheet(
    workbook,
    'Targets',
    [
      col('colIndicatorCode', 30),
      col('colIndicator', 36),
      col('colTargetYear', 10, INTEGER_FORMAT),
      col('colComparator', 14),
      col('colTargetValue', 14, VALUE_FORMAT),
      col('colTarget', 40),
      col('colUnitOfMeasure', 16),
      col('colLatestPeriod', 12),
      col('colLatestValue', 14, VALUE_FORMAT),
      col('colBasis', 30),
      col('colSource', 50),
      col('colStatus', 18),
      col('colShareAttained', 14, SHARE_FORMAT),
      col('colFinal', 8),
      col('colExplanation', 80),
    ],
    model.targets.map((target) => {
      const { target: goal, indicator, assessment } = target.progress;
      return [
        indicator.code,
        format.indicatorName(indicator),
        goal.year,
        goal.comparator,
        goal.value,
        format.targetText(target),
        format.unitOfMeasure(indicator.unit, indicator.unitMult),
        target.latest?.period ?? null,
        target.latest?.value ?? null,
        target.latest?.basis ?? null,
        target.latest?.source ? `${target.latest.source.key}: ${target.latest.source.title}` : null,
        format.status(target.status),
        assessment?.shareAttained ?? null,
        t((assessment?.final ?? target.progress.milestone?.final) ? 'yes' : 'no'),
        format.explanation(target),
      ];
    }),
  );

  addSheet(
    workbook,
    'Figures',
    [
      col('colIndicatorCode', 30),
      col('colIndicator', 36),
      col('colUnitCode', 10),
      col('colOrgUnit', 12),
      col('colPeriod', 10),
      col('colValue', 14, VALUE_FORMAT),
      col('colUnitOfMeasure', 16),
      col('colBasis', 30),
      col('colConfidence', 10),
      col('colSource', 50),
      col('colWhereFound', 50),
      col('colReleased', 10),
    ],
    model.figures.map((figure) => [
      figure.indicator,
      format.indicatorName({ nameEn: figure.indicatorNameEn, nameZh: figure.indicatorNameZh }),
      figure.orgUnit.code,
      format.unitName(figure.orgUnit),
      figure.period,
      figure.value,
      format.unitOfMeasure(figure.unit, figure.unitMult),
      figure.basis,
      figure.confidence,
      figure.source ? `${figure.source.key}: ${figure.source.title}` : t('noSource'),
      figure.source?.whereFound ?? null,
      figure.source?.releasedIn ?? null,
    ]),
  );

  addSheet(
    workbook,
    'Tasks',
    [
      col('colTaskId', 8, INTEGER_FORMAT),
      col('colTask', 50),
      col('colUnitCode', 10),
      col('colLeadUnit', 20),
      col('colLevelName', 14),
      col('colDueOn', 12),
      col('colDoneOn', 12),
      col('colDelivery', 12),
    ],
    model.delivery.tasks.map((task) => [
      task.id,
      task.title,
      task.leadUnit.code,
      format.unitName(task.leadUnit),
      t(textKey('level_', task.leadUnit.level)),
      task.dueOn,
      task.doneOn,
      t(textKey('delivery_', task.delivery)),
    ]),
  );

  addSheet(
    workbook,
    'Inspections',
    [
      col('colUnitCode', 10),
      col('colUnit', 20),
      col('colInspections', 12, INTEGER_FORMAT),
      col('colCritical', 14, INTEGER_FORMAT),
      col('colMajor', 14, INTEGER_FORMAT),
      col('colMinor', 14, INTEGER_FORMAT),
      col('colOpenFindings', 14, INTEGER_FORMAT),
      col('colOpenRectifications', 16, INTEGER_FORMAT),
      col('colOverdueRectifications', 16, INTEGER_FORMAT),
    ],
    model.inspections.units.map((r) => [
      r.unit.code,
      format.unitName(r.unit),
      r.inspections,
      r.openFindings.critical,
      r.openFindings.major,
      r.openFindings.minor,
      r.openFindingTotal,
      r.openRectifications,
      r.overdueRectifications,
    ]),
  );

  const run = model.evaluation;
  addSheet(
    workbook,
    'Ranking',
    [
      col('colRank', 8, INTEGER_FORMAT),
      col('colUnitCode', 10),
      col('colUnit', 20),
      col('colTotal', 10, POINTS_FORMAT),
      ...COMPONENT_KEYS.map((key) => col(textKey('component_', key), 12, POINTS_FORMAT)),
      col('colRankChange', 10, INTEGER_FORMAT),
      col('colTotalChange', 12, POINTS_FORMAT),
    ],
    [
      ...(run?.ranked ?? []).map((row) => [
        row.rank,
        row.unit.code,
        format.unitName(row.unit),
        roundPoints(row.total),
        ...COMPONENT_KEYS.map((key) => roundPoints(row.components[key])),
        row.rankChange,
        row.totalChange,
      ]),
      // Not ranked, listed without points: they had no inputs.
      ...(run?.notEvaluated ?? []).map((unit) => [null, unit.code, format.unitName(unit)]),
    ],
  );
  const ranking = workbook.getWorksheet('Ranking')!;
  if (!run) {
    ranking.addRow([
      t(model.evaluationUnpublished ? 'rankingUnpublished' : 'rankingNone', { year: model.year }),
    ]);
  } else if (run.status === 'draft') ranking.addRow([t('rankingDraft')]);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
