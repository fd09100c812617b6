/** Small pieces every task page shows: status tags, the warnings badge, unit names. */
import { WarningOutlined } from '@ant-design/icons';
import { Badge, Progress, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { unitName } from '../../components/roles';
import { useLang } from '../../useLang';
import type { TaskStatus, TaskSummary } from './api';
import { formatPercent } from './format';
import { STATUS_CHART_COLORS, STATUS_TAG_COLORS } from './model';

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_TAG_COLORS[status]} data-status={status} className="pw-task-status">
      {t(`tasks.status.${status}`)}
    </Tag>
  );
}

/** Open warnings as a red count; nothing when there are none. */
export function WarningsBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <Tooltip title={t('tasks.warnings.open', { count })}>
      <Badge
        count={
          <span className="pw-task-warnings" data-testid="task-warnings-badge">
            <WarningOutlined /> {count}
          </span>
        }
      />
    </Tooltip>
  );
}

export function ExampleTag({ task }: { task: Pick<TaskSummary, 'isExample'> }) {
  const { t } = useTranslation();
  if (!task.isExample) return null;
  return (
    <Tooltip title={t('tasks.example.help')}>
      <Tag color="purple" className="pw-task-example">
        {t('tasks.example.tag')}
      </Tag>
    </Tooltip>
  );
}

export function UnitName({ unit }: { unit: TaskSummary['leadUnit'] }) {
  const lang = useLang();
  return <span title={unit.code}>{unitName(unit, lang)}</span>;
}

/** The share complete, drawn in the status's colour. */
export function PercentBar({ value, status }: { value: number; status?: TaskStatus }) {
  const lang = useLang();
  return (
    <Progress
      percent={value}
      size="small"
      status="normal"
      strokeColor={status ? STATUS_CHART_COLORS[status] : undefined}
      format={(percent) => formatPercent(percent ?? 0, lang)}
      className="pw-task-percent"
    />
  );
}

/** The task's title as a link, with the example tag. */
export function TaskTitleLink({ task }: { task: TaskSummary }) {
  return (
    <span className="pw-task-title">
      <Link to={`/tasks/${task.id}`} data-testid={`task-link-${task.id}`}>
        {task.title}
      </Link>{' '}
      <ExampleTag task={task} />
    </span>
  );
}
