/**
 * Checks one value record at a time against what the store knows, without
 * a query per record: the indicator exists and takes numbers, the org unit
 * exists and the importer may enter data there, the period code is valid,
 * the disaggregation fits the indicator, the value cell is a number (or says
 * "no value"). Every problem of the record is reported, each with its cell.
 * Checks that need the whole file or the stored values (duplicates,
 * published and locked values, data set ranges) run set-based on staging.
 * Exported for other importers (data set forms) to reuse.
 */
import { decide, type Decision, type Principal } from '../../core/access/policy.js';
import { normaliseDisaggregation, TOTAL } from '../../core/disaggregation.js';
import { parseNumberCell } from '../../core/import/index.js';
import type { ValueField, ValueRecord } from '../../core/import/value-record.js';
import {
  formatPeriod,
  parsePeriod,
  PeriodCodeError,
  periodEnd,
  type PeriodType,
} from '../../core/periods.js';
import type { ImportLookups, IndicatorInfo, UnitInfo } from './lookups.js';
import type { ImportProblem } from './problems.js';

export interface PeriodInfo {
  /** The canonical code ("2020Q1" for "2020Q01"). */
  code: string;
  type: PeriodType;
  end: string;
}

export interface CheckedValue {
  order: number;
  sheetIndex: number;
  line: number;
  indicator: IndicatorInfo;
  unit: UnitInfo;
  period: PeriodInfo;
  /** Canonical key, '' for the total. */
  disaggregation: string;
  /** null: the cell says there is no value (counted, not stored). */
  value: number | null;
  /** The value cell as written. */
  raw: string;
  comment: string | null;
  source: string | null;
}

// Digits with an optional fraction: exactly what parseNumberCell reads as Number(text), minus -0.
const PLAIN_NUMBER = /^-?\d{1,17}(?:\.\d{1,17})?$/;

export class RecordChecker {
  private readonly periods = new Map<string, PeriodInfo | string>();
  private readonly decisions = new Map<string, Decision>();
  private readonly disaggregations = new Map<
    IndicatorInfo,
    Map<string, string | { error: string }>
  >();

  constructor(
    private readonly lookups: ImportLookups,
    private readonly principal: Principal,
    /** When set, every unit must lie in this unit's subtree (an import for one province). */
    private readonly within: UnitInfo | null = null,
  ) {}

  /** The checked value, or null when the record has problems (all passed to `report`). */
  check(
    record: ValueRecord,
    order: number,
    sheetIndex: number,
    report: (problem: ImportProblem) => void,
  ): CheckedValue | null {
    // No closure per record: this runs twenty million times on a national file.
    let problems: ImportProblem[] | null = null;

    const indicator = this.lookups.indicators.get(record.indicator);
    if (!indicator) {
      (problems ??= []).push(
        problemAt(
          record,
          order,
          'indicator',
          record.indicator === ''
            ? 'no indicator given'
            : `no indicator has code "${record.indicator}"`,
          record.indicator,
        ),
      );
    } else if (indicator.kind !== 'numeric') {
      (problems ??= []).push(
        problemAt(
          record,
          order,
          'indicator',
          `${indicator.code} is qualitative and takes no values`,
          record.indicator,
        ),
      );
    }

    const unit = this.lookups.units.get(record.orgUnit);
    if (!unit) {
      (problems ??= []).push(
        problemAt(
          record,
          order,
          'org_unit',
          record.orgUnit === '' ? 'no org unit given' : `no org unit has code "${record.orgUnit}"`,
          record.orgUnit,
        ),
      );
    } else {
      let decision = this.decisions.get(unit.code);
      if (!decision) {
        decision =
          this.within && !unit.path.startsWith(this.within.path)
            ? {
                allowed: false,
                status: 403,
                reason: `${unit.code} is outside ${this.within.code}, the unit this import is for`,
              }
            : decide(this.principal, 'data:write', unit.path);
        this.decisions.set(unit.code, decision);
      }
      if (!decision.allowed)
        (problems ??= []).push(
          problemAt(record, order, 'org_unit', decision.reason, record.orgUnit),
        );
    }

    const period = this.period(record.period);
    if (typeof period === 'string')
      (problems ??= []).push(problemAt(record, order, 'period', period, record.period));

    let disaggregation = TOTAL;
    if (indicator && record.disaggregation !== '') {
      const result = this.disaggregation(indicator, record.disaggregation);
      if (typeof result === 'string') disaggregation = result;
      else
        (problems ??= []).push(
          problemAt(record, order, 'disaggregation', result.error, record.disaggregation),
        );
    }

    let value: number | null;
    const raw = record.value;
    if (PLAIN_NUMBER.test(raw)) {
      const number = Number(raw);
      value = number === 0 ? 0 : number;
    } else {
      const parsed = parseNumberCell(raw, { percent: indicator?.percent ?? false });
      if (parsed.kind === 'error') {
        (problems ??= []).push(
          problemAt(record, order, 'value', `"${raw}": ${parsed.reason}`, raw),
        );
        value = null;
      } else value = parsed.kind === 'number' ? parsed.value : null;
    }

    if (problems !== null) {
      for (const problem of problems) report(problem);
      return null;
    }
    if (!indicator || !unit || typeof period === 'string') return null;
    return {
      order,
      sheetIndex,
      line: record.line,
      indicator,
      unit,
      period,
      disaggregation,
      value,
      raw: raw.trim(),
      comment: record.comment.trim() || null,
      source: record.source.trim() || null,
    };
  }

  private period(code: string): PeriodInfo | string {
    let info = this.periods.get(code);
    if (info === undefined) {
      try {
        const period = parsePeriod(code);
        info = { code: formatPeriod(period), type: period.type, end: periodEnd(period) };
      } catch (error) {
        if (!(error instanceof PeriodCodeError)) throw error;
        info = error.message;
      }
      // Bounded: a file with millions of distinct bad codes must not fill memory.
      if (this.periods.size < 100_000) this.periods.set(code, info);
    }
    return info;
  }

  private disaggregation(indicator: IndicatorInfo, text: string): string | { error: string } {
    let cache = this.disaggregations.get(indicator);
    if (!cache) {
      cache = new Map();
      this.disaggregations.set(indicator, cache);
    }
    let result = cache.get(text);
    if (result === undefined) {
      const normalised = normaliseDisaggregation(text, indicator.categories);
      result = normalised.ok ? normalised.key : { error: normalised.message };
      if (cache.size < 10_000) cache.set(text, result);
    }
    return result;
  }
}

function problemAt(
  record: ValueRecord,
  order: number,
  field: ValueField,
  message: string,
  cell: string,
): ImportProblem {
  return {
    order,
    sheet: record.sheet,
    line: record.line,
    column: record.columns[field],
    field,
    cell,
    message,
  };
}
