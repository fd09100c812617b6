/**
 * /tasks/mine: the tasks the signed-in user reports on or manages (the
 * server's `mine`), grouped: overdue, due in the next 30 days, later, done.
 */
import { Card, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_PLAN } from '../../api/client';
import { useLive } from '../../api/useApi';
import { ErrorState, Loading } from '../../components/states';
import { taskApi, type TaskList } from './api';
import { groupMyTasks, isoDay, MY_TASK_GROUPS, SOON_DAYS } from './model';
import { TaskTable } from './TaskTable';
import './tasks.css';

/** Enough for one person's work; the list page pages through more. */
const LIMIT = 500;

export default function MyTasksPage() {
  const { t } = useTranslation();
  const today = isoDay(new Date());
  const tasks = useLive<TaskList>(taskApi.tasks({ plan: DEFAULT_PLAN, mine: true, limit: LIMIT }));
  const groups = useMemo(() => groupMyTasks(tasks.data?.items ?? [], today), [tasks.data, today]);

  return (
    <div data-testid="my-tasks-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('tasks.mine.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('tasks.mine.subtitle')}</Typography.Text>
      </div>
      {tasks.error !== undefined && !tasks.data ? (
        <ErrorState error={tasks.error} onRetry={tasks.reload} />
      ) : !tasks.data ? (
        <Loading />
      ) : (
        MY_TASK_GROUPS.map((group) => (
          <Card
            key={group}
            size="small"
            className={`pw-section pw-my-tasks-${group}`}
            data-testid={`my-tasks-${group}`}
            title={t(`tasks.mine.group.${group}`, { count: groups[group].length, days: SOON_DAYS })}
          >
            <TaskTable
              tasks={groups[group]}
              today={today}
              pagination={false}
              testId={`my-tasks-${group}-table`}
            />
          </Card>
        ))
      )}
    </div>
  );
}
