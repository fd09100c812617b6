import { Button, Drawer, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { unitName } from '../../components/roles';
import { useLang } from '../../useLang';
import type { AlignmentMatrix } from './api';
import type { MatrixCell, MatrixMeasure } from './model';

export interface OpenCell {
  measure: MatrixMeasure;
  unit: AlignmentMatrix['units'][number];
  cell: MatrixCell;
}

/** One cell of the matrix: the local nodes aligned to the measure within the unit, and its tasks. */
export function CellDrawer({ open, onClose }: { open: OpenCell | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const measure = open?.measure.measure;
  const unit = open?.unit.unit;
  const titleOf = (code: string) => open?.unit.plans.find((plan) => plan.code === code)?.title;

  return (
    <Drawer
      open={open !== null}
      onClose={onClose}
      size={560}
      title={
        open && unit && measure
          ? t('alignment.drawer.title', { unit: unitName(unit, lang), measure: measure.path })
          : ''
      }
      destroyOnHidden
    >
      {open && measure && unit && (
        <div data-testid="cell-drawer">
          <Typography.Paragraph>
            <Link to={`/plan/${encodeURIComponent(measure.path)}`}>{measure.path}</Link>{' '}
            {measure.title}
          </Typography.Paragraph>
          <Typography.Title level={5}>
            {t('alignment.drawer.nodes', { count: open.cell.nodes.length })}
          </Typography.Title>
          {open.cell.nodes.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('alignment.drawer.noNodes', { unit: unitName(unit, lang) })}
            />
          ) : (
            <List
              size="small"
              bordered
              dataSource={open.cell.nodes}
              renderItem={(node) => (
                <List.Item key={`${node.planCode}:${node.path}`}>
                  <div>
                    <Link
                      to={`/alignment/plans/${encodeURIComponent(node.planCode)}?node=${encodeURIComponent(node.path)}`}
                      data-testid={`node-${node.planCode}-${node.path}`}
                    >
                      <Tag>{node.path}</Tag>
                      {node.title}
                    </Link>
                    <div className="pw-muted pw-small">
                      {titleOf(node.planCode) ?? node.planCode}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          )}
          <Typography.Title level={5} className="pw-align-drawer-tasks">
            {t('alignment.drawer.tasks', { count: open.cell.taskCount })}
          </Typography.Title>
          {open.cell.taskCount > 0 ? (
            <Link
              to={`/tasks?measure=${encodeURIComponent(measure.path)}&unit=${encodeURIComponent(unit.code)}`}
            >
              <Button>{t('alignment.drawer.openTasks')}</Button>
            </Link>
          ) : (
            <span className="pw-muted">{t('alignment.drawer.noTasks')}</span>
          )}
        </div>
      )}
    </Drawer>
  );
}
