import { ProjectOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { Fragment, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { unitName } from '../../components/roles';
import { useLang } from '../../useLang';
import type { AlignmentMatrix } from './api';
import {
  cellIndex,
  cellKey,
  cellState,
  formatShare,
  matrixChapters,
  type MatrixCell,
  type MatrixMeasure,
} from './model';

type MatrixUnit = AlignmentMatrix['units'][number];

/** Above this many columns the unit names stand upright, so the matrix stays narrow. */
const UPRIGHT_HEADERS_FROM = 8;

/**
 * The alignment matrix: a row per national measure (grouped by chapter and
 * section), a column per unit; each cell says whether the unit has a
 * counterpart (aligned local nodes) or only tasks, with coverage per row and
 * per column. Cells with something in them open the details.
 */
export function MatrixTable({
  matrix,
  uncoveredOnly,
  onOpenCell,
}: {
  matrix: AlignmentMatrix;
  uncoveredOnly: boolean;
  onOpenCell: (measure: MatrixMeasure, unit: MatrixUnit, cell: MatrixCell) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const chapters = useMemo(
    () => matrixChapters(matrix.measures, uncoveredOnly),
    [matrix.measures, uncoveredOnly],
  );
  const cells = useMemo(() => cellIndex(matrix.cells), [matrix.cells]);
  const upright = matrix.units.length >= UPRIGHT_HEADERS_FROM;
  const span = matrix.units.length + 2;

  return (
    <div className="pw-align-matrix-wrap" data-testid="alignment-matrix">
      <table className={`pw-align-matrix${upright ? ' pw-align-matrix-upright' : ''}`}>
        <thead>
          <tr>
            <th className="pw-align-measure-col" scope="col">
              {t('alignment.matrix.measure')}
            </th>
            {matrix.units.map((column) => (
              <th
                key={column.unit.code}
                scope="col"
                className="pw-align-unit-col"
                data-unit={column.unit.code}
              >
                <Tooltip
                  title={
                    column.plans.length > 0
                      ? column.plans.map((plan) => plan.title).join(' · ')
                      : t('alignment.matrix.noPlan')
                  }
                >
                  <span className="pw-align-unit-name">{unitName(column.unit, lang)}</span>
                </Tooltip>
              </th>
            ))}
            <th scope="col" className="pw-align-coverage-col">
              {t('alignment.matrix.rowCoverage')}
            </th>
          </tr>
        </thead>
        <tbody>
          {chapters.length === 0 && (
            <tr>
              <td colSpan={span} className="pw-align-empty">
                {uncoveredOnly
                  ? t('alignment.matrix.allCovered')
                  : t('alignment.matrix.noMeasures')}
              </td>
            </tr>
          )}
          {chapters.map((chapter) => (
            <Fragment key={chapter.chapter?.path ?? ''}>
              {chapter.chapter && (
                <tr className="pw-align-chapter">
                  <th colSpan={span} scope="colgroup">
                    {chapter.chapter.path} {chapter.chapter.title}
                  </th>
                </tr>
              )}
              {chapter.sections.map((section) => (
                <Fragment key={section.section?.path ?? chapter.chapter?.path ?? ''}>
                  {section.section && (
                    <tr className="pw-align-section">
                      <th colSpan={span} scope="colgroup">
                        {section.section.path} {section.section.title}
                      </th>
                    </tr>
                  )}
                  {section.rows.map((row) => (
                    <tr key={row.measure.path} data-measure={row.measure.path}>
                      <th scope="row" className="pw-align-measure">
                        <Link to={`/plan/${encodeURIComponent(row.measure.path)}`}>
                          {row.measure.path}
                        </Link>{' '}
                        <span className="pw-align-measure-title">{row.measure.title}</span>
                      </th>
                      {matrix.units.map((column) => {
                        const cell = cells.get(cellKey(row.measure.path, column.unit.code));
                        const state = cellState(cell);
                        const label = t(`alignment.cell.${state}`, {
                          unit: unitName(column.unit, lang),
                          measure: row.measure.path,
                          nodes: cell?.nodes.length ?? 0,
                          tasks: cell?.taskCount ?? 0,
                        });
                        return (
                          <td key={column.unit.code} className="pw-align-cell-td">
                            {cell && state !== 'empty' ? (
                              <button
                                type="button"
                                className={`pw-align-cell pw-align-cell-${state}`}
                                data-state={state}
                                data-testid={`cell-${row.measure.path}-${column.unit.code}`}
                                aria-label={label}
                                title={label}
                                onClick={() => onOpenCell(row, column, cell)}
                              >
                                {state === 'covered' && cell.nodes.length}
                                {cell.taskCount > 0 &&
                                  (state === 'covered' ? (
                                    <sup className="pw-align-task-mark">
                                      <ProjectOutlined />
                                      {cell.taskCount}
                                    </sup>
                                  ) : (
                                    <span className="pw-align-task-mark">
                                      <ProjectOutlined />
                                      {cell.taskCount}
                                    </span>
                                  ))}
                              </button>
                            ) : (
                              <span
                                className="pw-align-cell pw-align-cell-empty"
                                data-state="empty"
                                data-testid={`cell-${row.measure.path}-${column.unit.code}`}
                                aria-label={label}
                                title={label}
                              />
                            )}
                          </td>
                        );
                      })}
                      <td className="pw-align-coverage pw-num" data-testid="row-coverage">
                        {formatShare(row.coverage)}
                      </td>
                    </tr>
                  ))}
                </Fragment>
              ))}
            </Fragment>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="pw-align-measure">
              {t('alignment.matrix.columnCoverage')}
            </th>
            {matrix.units.map((column) => (
              <td
                key={column.unit.code}
                className="pw-align-coverage pw-num"
                data-testid={`column-coverage-${column.unit.code}`}
                title={t('alignment.matrix.columnCoverageHint', {
                  covered: column.measuresCovered,
                  total: matrix.measures.length,
                  tasks: column.measuresWithTasks,
                })}
              >
                {formatShare(column.coverage)}
              </td>
            ))}
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
