/** On a measure's page: "Tasks (n)" leading to its tasks, and "New task" under it for managers. */
import { PlusOutlined, ProjectOutlined } from '@ant-design/icons';
import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DEFAULT_PLAN } from '../../api/client';
import { useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { TASK_ACTIONS } from './access';
import { taskApi, type TaskCoverage } from './api';

export function MeasureTasksLink({ path }: { path: string }) {
  const { t } = useTranslation();
  const { status, can } = useSession();
  const allowed = status === 'signedIn' && TASK_ACTIONS.some(can);
  const coverage = useLive<TaskCoverage>(allowed ? taskApi.coverage(DEFAULT_PLAN) : null);
  if (!allowed) return null;
  const count = coverage.data?.measures.find((m) => m.path === path)?.tasks;
  const query = `measure=${encodeURIComponent(path)}`;
  return (
    <Space size="middle" style={{ marginInlineStart: 'auto' }} data-testid="measure-tasks">
      <Link to={`/tasks?${query}`} data-testid="measure-tasks-link">
        <ProjectOutlined />{' '}
        {count === undefined ? t('tasks.nav.tasks') : t('tasks.measure.tasks', { count })}
      </Link>
      {can('task:manage') && (
        <Link to={`/tasks?${query}&new=1`} data-testid="measure-new-task">
          <PlusOutlined /> {t('tasks.list.newTask')}
        </Link>
      )}
    </Space>
  );
}
