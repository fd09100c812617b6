/** A component's items: what each gave or cost, out of what, and why (in the UI language). */
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLang } from '../../useLang';
import type { ScoreItem } from './api';
import { COMPONENTS, formatPoints, formatPointsChange, reasonIn } from './model';

/** The input an item names; tasks have a page of their own, so the item links there. */
function ItemRef({ item }: { item: ScoreItem }) {
  const task = /^task:(\d+)$/.exec(item.ref);
  if (task) return <Link to={`/tasks/${task[1]}`}>{item.ref}</Link>;
  // A note about the whole component names the component, which its card already says.
  if ((COMPONENTS as readonly string[]).includes(item.ref)) return null;
  return <span>{item.ref}</span>;
}

export function ItemsTable({
  items,
  testId,
  compact = false,
}: {
  items: readonly ScoreItem[];
  testId?: string;
  /** Side by side with another unit: no reference column. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table<ScoreItem & { index: number }>
      size="small"
      pagination={false}
      rowKey="index"
      dataSource={items.map((item, index) => ({ ...item, index }))}
      locale={{ emptyText: t('evaluation.items.none') }}
      columns={[
        ...(compact
          ? []
          : [
              {
                key: 'ref',
                title: t('evaluation.items.ref'),
                width: 120,
                render: (_: unknown, item: ScoreItem) => (
                  <span className="pw-muted pw-small">
                    <ItemRef item={item} />
                  </span>
                ),
              },
            ]),
        {
          key: 'reason',
          title: t('evaluation.items.reason'),
          render: (_, item) => <span data-testid="item-reason">{reasonIn(item.reason, lang)}</span>,
        },
        {
          key: 'points',
          title: t('evaluation.items.points'),
          align: 'right',
          width: 130,
          render: (_, item) =>
            // A note (a reweighting, no inputs) neither gives nor costs points.
            item.max === 0 && item.points === 0 ? (
              <span className="pw-muted" data-testid="item-points">
                —
              </span>
            ) : (
              <span
                className={`pw-num ${item.points < 0 ? 'pw-eval-move-down' : ''}`}
                data-testid="item-points"
              >
                {item.max > 0
                  ? t('evaluation.items.ofMax', {
                      points: formatPoints(item.points, lang),
                      max: formatPoints(item.max, lang),
                    })
                  : formatPointsChange(item.points, lang)}
              </span>
            ),
        },
      ]}
      data-testid={testId}
    />
  );
}
