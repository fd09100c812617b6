/**
 * Turns published-figure records (indicator, period, value, unit as printed,
 * basis, confidence, source) into data values in each indicator's unit and
 * multiplier. Every problem is collected with its line and field, so a file
 * is fixed in one pass; nothing is guessed.
 */
import {
  formatPeriod,
  parsePeriod,
  PeriodCodeError,
  periodEnd,
  type PeriodType,
} from './periods.js';
import { parseUnitLabel, rescale } from './units.js';

export interface FigureRecord {
  /** 1-based line in the file, for messages. */
  line: number;
  indicator: string;
  period: string;
  value: string;
  unit: string;
  basis: string;
  confidence: string;
  source: string;
}

export interface IndicatorUnit {
  kind: 'numeric' | 'qualitative';
  unit: string | null;
  unitMult: number;
}

export interface FigureValue {
  indicatorCode: string;
  period: string;
  periodType: PeriodType;
  periodEnd: string;
  value: number;
  basis: string;
  sourceKey: string;
  confidence: 'high' | 'medium' | 'low';
  publishedValue: string;
  publishedUnit: string;
}

export interface FieldProblem {
  line: number;
  field: string;
  message: string;
}

const CONFIDENCE = new Set(['high', 'medium', 'low']);
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function convertFigures(
  records: readonly FigureRecord[],
  indicators: ReadonlyMap<string, IndicatorUnit>,
  sourceKeys: ReadonlySet<string>,
): { values: FigureValue[]; problems: FieldProblem[] } {
  const values: FigureValue[] = [];
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();

  for (const record of records) {
    const problem = (field: string, message: string) =>
      problems.push({ line: record.line, field, message });
    const before = problems.length;

    const indicator = indicators.get(record.indicator);
    if (!indicator) problem('indicator', `unknown indicator "${record.indicator}"`);
    else if (indicator.kind !== 'numeric')
      problem('indicator', `"${record.indicator}" is qualitative and takes no figures`);

    let period = null;
    try {
      period = parsePeriod(record.period);
    } catch (error) {
      if (!(error instanceof PeriodCodeError)) throw error;
      problem('period', error.message);
    }

    if (!DECIMAL.test(record.value.trim()))
      problem('value', `"${record.value}" is not a decimal number`);

    const unit = parseUnitLabel(record.unit);
    if (!unit) problem('unit', `unknown unit "${record.unit}"`);
    else if (indicator?.kind === 'numeric' && indicator.unit !== unit.unit) {
      problem(
        'unit',
        `"${record.unit}" is not in ${indicator.unit ?? 'no unit'}, the unit of ${record.indicator}`,
      );
    }

    if (record.basis.trim() === '')
      problem('basis', 'the basis is empty: say how the figure was defined');
    if (!CONFIDENCE.has(record.confidence)) {
      problem('confidence', `"${record.confidence}" is not one of high, medium, low`);
    }
    if (!sourceKeys.has(record.source)) problem('source', `unknown source key "${record.source}"`);

    if (period) {
      const key = `${record.indicator}|${formatPeriod(period)}|${record.basis.trim()}`;
      const first = seen.get(key);
      if (first !== undefined) {
        problem(
          'period',
          `${record.indicator} ${record.period} on basis "${record.basis}" is already given on line ${first}`,
        );
      } else {
        seen.set(key, record.line);
      }
    }

    if (problems.length > before || !indicator || !unit || !period) continue;
    values.push({
      indicatorCode: record.indicator,
      period: formatPeriod(period),
      periodType: period.type,
      periodEnd: periodEnd(period),
      value: rescale(Number(record.value), unit.multiplier, indicator.unitMult),
      basis: record.basis.trim(),
      sourceKey: record.source,
      confidence: record.confidence as FigureValue['confidence'],
      publishedValue: record.value.trim(),
      publishedUnit: record.unit.trim(),
    });
  }
  return { values, problems };
}
