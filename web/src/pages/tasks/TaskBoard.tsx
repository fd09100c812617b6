import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../useLang';
import type { TaskSummary } from './api';
import { PercentBar, TaskStatusTag, TaskTitleLink, UnitName, WarningsBadge } from './bits';
import { formatTaskDay } from './format';
import { boardColumns, isOverdue, STATUS_CHART_COLORS } from './model';

/** A column per status with the tasks as cards. */
export function TaskBoard({ tasks, today }: { tasks: readonly TaskSummary[]; today: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="pw-task-board" data-testid="task-board">
      {boardColumns(tasks).map(({ status, tasks: column }) => (
        <section
          key={status}
          className="pw-task-board-column"
          data-testid={`board-${status}`}
          style={{ borderTopColor: STATUS_CHART_COLORS[status] }}
        >
          <header className="pw-task-board-head">
            <TaskStatusTag status={status} />
            <span className="pw-muted">{column.length}</span>
          </header>
          {column.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.board.none')} />
          ) : (
            column.map((task) => (
              <Card key={task.id} size="small" className="pw-task-card" data-task-id={task.id}>
                <div className="pw-task-card-title">
                  <TaskTitleLink task={task} />
                  <WarningsBadge count={task.openWarnings} />
                </div>
                <Typography.Text type="secondary" className="pw-small pw-task-card-meta">
                  <UnitName unit={task.leadUnit} /> ·{' '}
                  <span className={isOverdue(task, today) ? 'pw-task-overdue' : undefined}>
                    {t('tasks.board.due', { day: formatTaskDay(task.dueOn, lang) })}
                  </span>
                </Typography.Text>
                <Typography.Text type="secondary" className="pw-small pw-task-card-meta">
                  {task.measure.path} {task.measure.title}
                </Typography.Text>
                <PercentBar value={task.percentComplete} status={task.status} />
              </Card>
            ))
          )}
        </section>
      ))}
    </div>
  );
}
