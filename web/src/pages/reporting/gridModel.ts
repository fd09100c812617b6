/**
 * The entry grid's state, without React: cells as typed, what each cell
 * parses to, the values the checks see, the changes to save, and blocks
 * pasted from a spreadsheet. The checks themselves are the server's own
 * validation core, run in the browser on every keystroke.
 */
import type { FormRow, FormSave, FormView } from '../../api/client';
import { parseNumberCell } from '../../../../src/core/import/parse-cell';
import {
  blockingFindings,
  formValueKey,
  validateForm,
  type Finding,
  type FormValue,
} from '../../../../src/core/validation/validate-form';
import type { RuleDefinitionInput } from '../../../../src/core/validation/rule-definition';

export const GRID_COLUMNS = ['value', 'comment', 'source'] as const;
export type GridColumn = (typeof GRID_COLUMNS)[number];

export interface CellText {
  value: string;
  comment: string;
  source: string;
}

/** What the value cell says: a number, nothing, or a problem (English and Chinese). */
export type ParsedValue =
  { kind: 'number'; value: number } | { kind: 'empty' } | { kind: 'error'; reason: string };

export function rowKey(row: Pick<FormRow, 'indicator' | 'disaggregation'>): string {
  return formValueKey(row.indicator, row.disaggregation);
}

/** Shows a stored number as typed text: plain decimal, no grouping, no float noise. */
export function numberText(value: number | null): string {
  if (value === null) return '';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

export function initialCells(form: FormView): Map<string, CellText> {
  return new Map(
    form.rows.map((row) => [
      rowKey(row),
      { value: numberText(row.value), comment: row.comment ?? '', source: row.source ?? '' },
    ]),
  );
}

export function parseValueCell(text: string, percent: boolean): ParsedValue {
  if (text.trim() === '') return { kind: 'empty' };
  const parsed = parseNumberCell(text, { percent });
  if (parsed.kind === 'number') return { kind: 'number', value: parsed.value };
  if (parsed.kind === 'missing') return { kind: 'empty' };
  return { kind: 'error', reason: parsed.reason };
}

export interface GridCheck {
  /** Parse problems per row key. */
  cellProblems: Map<string, string>;
  findings: Finding[];
  blocking: Finding[];
  /** Worst severity touching each row key. */
  severityByRow: Map<string, 'error' | 'warning'>;
}

/** Runs the form's checks on the grid as typed. */
export function checkGrid(form: FormView, cells: ReadonlyMap<string, CellText>): GridCheck {
  const percentIndicators = new Set(
    form.indicators.filter((i) => i.unit === 'percent').map((i) => i.code),
  );
  const cellProblems = new Map<string, string>();
  const values = new Map<string, FormValue>();
  for (const row of form.rows) {
    const key = rowKey(row);
    const cell = cells.get(key);
    if (!cell) continue;
    const parsed = parseValueCell(cell.value, percentIndicators.has(row.indicator));
    if (parsed.kind === 'error') cellProblems.set(key, parsed.reason);
    else if (row.value !== null && parsed.kind === 'empty') {
      cellProblems.set(key, 'cleared');
    }
    values.set(key, {
      value: parsed.kind === 'number' ? parsed.value : null,
      comment: cell.comment.trim() === '' ? null : cell.comment,
    });
  }
  const findings = validateForm({
    indicators: form.indicators.map((indicator) => ({
      code: indicator.code,
      nameEn: indicator.nameEn,
      nameZh: indicator.nameZh,
      unit: indicator.unitLabel,
      required: indicator.required,
      minValue: indicator.minValue,
      maxValue: indicator.maxValue,
      outlierThreshold: indicator.outlierThreshold,
      categories: indicator.categories,
      history: indicator.history,
    })),
    values,
    rules: form.rules.map((rule) => ({
      code: rule.code,
      severity: rule.severity,
      nameEn: rule.nameEn,
      nameZh: rule.nameZh,
      definition: rule.definition as RuleDefinitionInput,
    })),
  });
  const severityByRow = new Map<string, 'error' | 'warning'>();
  for (const finding of findings) {
    for (const subject of finding.subjects) {
      const key = formValueKey(subject.indicator, subject.disaggregation);
      if (severityByRow.get(key) !== 'error') severityByRow.set(key, finding.severity);
    }
  }
  for (const key of cellProblems.keys()) severityByRow.set(key, 'error');
  return { cellProblems, findings, blocking: blockingFindings(findings, values), severityByRow };
}

/**
 * The rows whose cells differ from what the server holds, as the save
 * request: each changed stored value carries the version it was loaded at.
 * Rows with parse problems are left out (the caller refuses to save them).
 */
export function changesToSave(
  form: FormView,
  cells: ReadonlyMap<string, CellText>,
): FormSave['values'] {
  const percentIndicators = new Set(
    form.indicators.filter((i) => i.unit === 'percent').map((i) => i.code),
  );
  const changes: FormSave['values'] = [];
  for (const row of form.rows) {
    const cell = cells.get(rowKey(row));
    if (!cell) continue;
    const parsed = parseValueCell(cell.value, percentIndicators.has(row.indicator));
    if (parsed.kind !== 'number') continue;
    const comment = cell.comment.trim() === '' ? null : cell.comment.trim();
    const source = cell.source.trim() === '' ? null : cell.source.trim();
    if (row.value === parsed.value && row.comment === comment && row.source === source) continue;
    changes.push({
      indicator: row.indicator,
      disaggregation: row.disaggregation,
      value: parsed.value,
      comment,
      source,
      ...(row.version === null ? {} : { expectedVersion: row.version }),
    });
  }
  return changes;
}

/** A block pasted from a spreadsheet: rows by newline, cells by tab; a trailing newline adds no row. */
export function parsePastedBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.split('\t'));
}

/**
 * Writes a pasted block into the grid from (row, column) rightwards and
 * downwards; cells beyond the grid's last row or column are returned as
 * `overflow` (the caller says so: nothing pasted is dropped silently).
 */
export function applyPaste(
  cells: ReadonlyMap<string, CellText>,
  rowKeys: readonly string[],
  startRow: number,
  startColumn: number,
  block: readonly (readonly string[])[],
): { cells: Map<string, CellText>; written: number; overflow: number } {
  const next = new Map(cells);
  let written = 0;
  let overflow = 0;
  block.forEach((line, rowOffset) => {
    line.forEach((text, columnOffset) => {
      const key = rowKeys[startRow + rowOffset];
      const column = GRID_COLUMNS[startColumn + columnOffset];
      if (key === undefined || column === undefined) {
        overflow++;
        return;
      }
      const cell = next.get(key) ?? { value: '', comment: '', source: '' };
      next.set(key, { ...cell, [column]: text.trim() });
      written++;
    });
  });
  return { cells: next, written, overflow };
}
