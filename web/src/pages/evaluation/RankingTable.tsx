/**
 * The ranking: rank, unit (linking to its scorecard), total, each
 * component's points, and the change against the previous published year;
 * units not evaluated last, without a rank (folded away until asked for: in
 * a year with few inputs they are most of the list). Up to two evaluated
 * units can be picked for comparison.
 */
import { Button, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unitName } from '../../components/roles';
import { useLang } from '../../useLang';
import type { RankingRow } from './api';
import { ComponentName, RankChange, TotalChange, UnitLink } from './bits';
import { COMPONENTS, componentOf, formatPoints, orderRows } from './model';

export function RankingTable({
  year,
  rows,
  selected,
  onSelect,
}: {
  year: number;
  rows: readonly RankingRow[];
  selected: readonly string[];
  onSelect: (codes: string[]) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [showUnranked, setShowUnranked] = useState(false);
  const ordered = orderRows(rows);
  const unranked = ordered.filter((row) => !row.evaluated).length;
  const points = (value: number) => <span className="pw-num">{formatPoints(value, lang)}</span>;

  const columns: ColumnsType<RankingRow> = [
    {
      key: 'rank',
      title: t('evaluation.table.rank'),
      width: 64,
      align: 'right',
      render: (_, row) =>
        row.evaluated && row.rank !== null ? (
          <strong className="pw-num" data-testid="rank">
            {row.rank}
          </strong>
        ) : (
          <span className="pw-muted">—</span>
        ),
    },
    {
      key: 'unit',
      title: t('evaluation.table.unit'),
      minWidth: 180,
      render: (_, row) => (
        <span className="pw-eval-unit">
          <UnitLink row={row} year={year} />
          {row.unit.level !== 'province' && (
            <Tag className="pw-eval-dept">{t('evaluation.table.department')}</Tag>
          )}
        </span>
      ),
    },
    {
      key: 'total',
      title: t('evaluation.table.total'),
      align: 'right',
      width: 110,
      render: (_, row) =>
        row.evaluated ? (
          <strong data-testid="total">{points(row.total)}</strong>
        ) : (
          <Tooltip title={t('evaluation.table.notEvaluatedHint', { year })}>
            <Tag data-testid="not-evaluated">{t('evaluation.table.notEvaluated')}</Tag>
          </Tooltip>
        ),
    },
    ...COMPONENTS.map((key): ColumnsType<RankingRow>[number] => ({
      key,
      title: <ComponentName component={key} />,
      align: 'right',
      width: 100,
      render: (_, row) => {
        const component = componentOf(row.components, key);
        if (!row.evaluated || !component) return <span className="pw-muted">—</span>;
        if (component.effectiveWeight === 0)
          return (
            <Tooltip title={t('evaluation.table.noInputs')}>
              <span className="pw-muted" data-testid={`points-${key}`}>
                —
              </span>
            </Tooltip>
          );
        return (
          <Tooltip
            title={t('evaluation.table.componentHint', {
              points: formatPoints(component.points, lang),
              weight: formatPoints(component.effectiveWeight, lang),
            })}
          >
            <span data-testid={`points-${key}`}>{points(component.points)}</span>
          </Tooltip>
        );
      },
    })),
    {
      key: 'rankChange',
      title: t('evaluation.table.rankChange'),
      align: 'center',
      width: 96,
      render: (_, row) => (row.evaluated ? <RankChange change={row.rankChange} /> : null),
    },
    {
      key: 'totalChange',
      title: t('evaluation.table.totalChange'),
      align: 'right',
      width: 110,
      render: (_, row) => (row.evaluated ? <TotalChange change={row.totalChange} /> : null),
    },
  ];

  return (
    <Table<RankingRow>
      size="small"
      rowKey={(row) => row.unit.code}
      columns={columns}
      dataSource={showUnranked ? ordered : ordered.filter((row) => row.evaluated)}
      pagination={false}
      footer={
        unranked > 0
          ? () => (
              <Button
                type="link"
                size="small"
                onClick={() => setShowUnranked((shown) => !shown)}
                data-testid="toggle-unranked"
              >
                {t(
                  showUnranked ? 'evaluation.table.hideUnranked' : 'evaluation.table.showUnranked',
                  { count: unranked },
                )}
              </Button>
            )
          : undefined
      }
      rowClassName={(row) => (row.evaluated ? '' : 'pw-eval-unranked')}
      rowSelection={{
        selectedRowKeys: [...selected],
        onChange: (keys) => onSelect(keys.map(String)),
        hideSelectAll: true,
        columnTitle: t('evaluation.table.pick'),
        columnWidth: 64,
        getCheckboxProps: (row) => ({
          disabled: !row.evaluated || (selected.length >= 2 && !selected.includes(row.unit.code)),
          'aria-label': t('evaluation.table.pickUnit', { unit: unitName(row.unit, lang) }),
        }),
      }}
      data-testid="ranking-table"
    />
  );
}
