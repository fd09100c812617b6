import { Empty, Table, Tooltip } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLang } from '../../useLang';
import type { TaskSummary } from './api';
import { PercentBar, TaskStatusTag, TaskTitleLink, UnitName, WarningsBadge } from './bits';
import { formatTaskDay } from './format';
import { isOverdue } from './model';

/** Tasks as a table: title, measure, lead unit, due day, status, percent, warnings. */
export function TaskTable({
  tasks,
  today,
  loading,
  pagination,
  testId = 'task-table',
}: {
  tasks: readonly TaskSummary[];
  today: string;
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const columns: ColumnsType<TaskSummary> = [
    {
      key: 'title',
      title: t('tasks.field.title'),
      render: (_, task) => (
        <>
          {task.parentTaskId !== null && (
            <span className="pw-muted pw-small" title={t('tasks.subTaskOf')}>
              ↳{' '}
            </span>
          )}
          <TaskTitleLink task={task} />
        </>
      ),
    },
    {
      key: 'measure',
      title: t('tasks.field.measure'),
      width: 220,
      render: (_, task) => (
        <Tooltip title={task.measure.title}>
          <Link to={`/plan/${task.measure.path}`} className="pw-task-measure">
            {task.measure.path} {task.measure.title}
          </Link>
        </Tooltip>
      ),
    },
    {
      key: 'leadUnit',
      title: t('tasks.field.leadUnit'),
      width: 140,
      render: (_, task) => <UnitName unit={task.leadUnit} />,
    },
    {
      key: 'dueOn',
      title: t('tasks.field.dueOn'),
      width: 130,
      render: (_, task) => (
        <span className={isOverdue(task, today) ? 'pw-task-overdue' : undefined}>
          {formatTaskDay(task.dueOn, lang)}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('tasks.field.status'),
      width: 110,
      render: (_, task) => <TaskStatusTag status={task.status} />,
    },
    {
      key: 'percent',
      title: t('tasks.field.percent'),
      width: 150,
      render: (_, task) => <PercentBar value={task.percentComplete} status={task.status} />,
    },
    {
      key: 'warnings',
      title: t('tasks.field.warnings'),
      width: 90,
      align: 'center',
      render: (_, task) => <WarningsBadge count={task.openWarnings} />,
    },
  ];
  return (
    <Table<TaskSummary>
      size="middle"
      rowKey="id"
      columns={columns}
      dataSource={[...tasks]}
      loading={loading}
      pagination={pagination}
      locale={{ emptyText: <Empty description={t('tasks.list.empty')} /> }}
      data-testid={testId}
      onRow={(task) => ({ 'data-task-id': task.id }) as HTMLAttributes<HTMLElement>}
    />
  );
}
