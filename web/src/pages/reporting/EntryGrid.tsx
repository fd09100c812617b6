import { CheckCircleFilled, CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useRef, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormView } from '../../api/client';
import { useLang } from '../../useLang';
import {
  applyPaste,
  GRID_COLUMNS,
  parsePastedBlock,
  rowKey,
  type CellText,
  type GridCheck,
  type GridColumn,
} from './gridModel';

/**
 * The form as a spreadsheet: one row per indicator and breakdown, inputs
 * for value, comment and source. Arrow keys and Enter move between cells
 * like a spreadsheet; a block pasted from Excel or WPS fills the cells from
 * the focused one.
 */
export function EntryGrid({
  form,
  cells,
  check,
  editable,
  onChange,
  onPasteOverflow,
}: {
  form: FormView;
  cells: ReadonlyMap<string, CellText>;
  check: GridCheck;
  editable: boolean;
  onChange: (cells: Map<string, CellText>) => void;
  onPasteOverflow: (overflow: number) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const rowKeys = form.rows.map(rowKey);
  const indicators = new Map(form.indicators.map((indicator) => [indicator.code, indicator]));

  const focus = (row: number, column: number) => {
    const key = rowKeys[row];
    const name = GRID_COLUMNS[column];
    if (key === undefined || name === undefined) return;
    const input = inputs.current.get(`${key}#${name}`);
    input?.focus();
    input?.select();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>, row: number, column: number) => {
    const input = event.currentTarget;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    if (event.key === 'ArrowDown' || (event.key === 'Enter' && !event.shiftKey)) {
      event.preventDefault();
      focus(row + 1, column);
    } else if (event.key === 'ArrowUp' || (event.key === 'Enter' && event.shiftKey)) {
      event.preventDefault();
      focus(row - 1, column);
    } else if (event.key === 'ArrowLeft' && atStart && column > 0) {
      event.preventDefault();
      focus(row, column - 1);
    } else if (event.key === 'ArrowRight' && atEnd && column < GRID_COLUMNS.length - 1) {
      event.preventDefault();
      focus(row, column + 1);
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>, row: number, column: number) => {
    const text = event.clipboardData.getData('text/plain');
    if (!text.includes('\t') && !text.includes('\n')) return; // one cell: the input's own paste
    event.preventDefault();
    const result = applyPaste(cells, rowKeys, row, column, parsePastedBlock(text));
    onChange(result.cells);
    if (result.overflow > 0) onPasteOverflow(result.overflow);
  };

  const setCell = (key: string, column: GridColumn, text: string) => {
    const next = new Map(cells);
    const cell = next.get(key) ?? { value: '', comment: '', source: '' };
    next.set(key, { ...cell, [column]: text });
    onChange(next);
  };

  return (
    <div className="pw-grid-wrap">
      <table className="pw-grid" data-testid="entry-grid">
        <thead>
          <tr>
            <th>{t('report.grid.indicator')}</th>
            <th>{t('report.grid.breakdown')}</th>
            <th className="pw-grid-num">{t('report.grid.value')}</th>
            <th>{t('report.grid.unit')}</th>
            <th>{t('report.grid.comment')}</th>
            <th>{t('report.grid.source')}</th>
            <th aria-label={t('report.grid.check')} />
          </tr>
        </thead>
        <tbody>
          {form.rows.map((row, rowIndex) => {
            const key = rowKey(row);
            const indicator = indicators.get(row.indicator);
            const cell = cells.get(key) ?? { value: '', comment: '', source: '' };
            const problem = check.cellProblems.get(key);
            const severity = check.severityByRow.get(key);
            const isPart = row.disaggregation !== '';
            const firstOfIndicator =
              rowIndex === 0 || form.rows[rowIndex - 1]!.indicator !== row.indicator;
            const name = indicator
              ? lang === 'en'
                ? indicator.nameEn
                : indicator.nameZh
              : row.indicator;
            return (
              <tr
                key={key}
                className={[
                  isPart ? 'pw-grid-part' : '',
                  severity ? `pw-grid-${severity}` : '',
                ].join(' ')}
                data-row={key}
              >
                <td className="pw-grid-name">
                  {firstOfIndicator ? (
                    <>
                      {name}
                      {indicator?.required && (
                        <span className="pw-grid-required" title={t('report.grid.required')}>
                          *
                        </span>
                      )}
                    </>
                  ) : null}
                </td>
                <td className="pw-grid-breakdown">{lang === 'en' ? row.label.en : row.label.zh}</td>
                {GRID_COLUMNS.map((column, columnIndex) => [
                  <td key={column} className={column === 'value' ? 'pw-grid-num' : undefined}>
                    <input
                      ref={(element) => {
                        const id = `${key}#${column}`;
                        if (element) inputs.current.set(id, element);
                        else inputs.current.delete(id);
                      }}
                      className={`pw-grid-input${column === 'value' && problem ? ' pw-grid-invalid' : ''}`}
                      value={cell[column]}
                      readOnly={!editable}
                      inputMode={column === 'value' ? 'decimal' : undefined}
                      aria-label={`${name} ${lang === 'en' ? row.label.en : row.label.zh} ${t(`report.grid.${column}`)}`}
                      aria-invalid={column === 'value' && problem ? true : undefined}
                      data-testid={`cell-${row.indicator}-${row.disaggregation || 'total'}-${column}`}
                      onChange={(event) => setCell(key, column, event.target.value)}
                      onKeyDown={(event) => onKeyDown(event, rowIndex, columnIndex)}
                      onPaste={(event) => onPaste(event, rowIndex, columnIndex)}
                      onFocus={(event) => event.target.select()}
                    />
                  </td>,
                  column === 'value' ? (
                    <td key="unit" className="pw-grid-unit">
                      {indicator
                        ? lang === 'en'
                          ? indicator.unitLabel.en
                          : indicator.unitLabel.zh
                        : ''}
                    </td>
                  ) : null,
                ])}
                <td className="pw-grid-state">
                  {problem ? (
                    <Tooltip title={problem === 'cleared' ? t('report.grid.cleared') : problem}>
                      <CloseCircleFilled className="pw-grid-icon-error" />
                    </Tooltip>
                  ) : severity === 'error' ? (
                    <CloseCircleFilled className="pw-grid-icon-error" />
                  ) : severity === 'warning' ? (
                    <WarningFilled className="pw-grid-icon-warning" />
                  ) : cell.value.trim() !== '' ? (
                    <CheckCircleFilled className="pw-grid-icon-ok" />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
