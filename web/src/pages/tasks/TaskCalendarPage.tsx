/**
 * /tasks/calendar: a month of due days and milestones; an entry opens its
 * task. `?mine=1` shows only the user's own tasks.
 */
import { Calendar, Card, Segmented, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
// Month and weekday names for the Chinese calendar (antd's locale names dayjs's).
import 'dayjs/locale/zh-cn';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { DEFAULT_PLAN } from '../../api/client';
import { useLive } from '../../api/useApi';
import { ErrorState } from '../../components/states';
import { useLang } from '../../useLang';
import { taskApi, type TaskList } from './api';
import { formatTaskDay } from './format';
import {
  calendarEntries,
  isOverdue,
  isoDay,
  STATUS_CHART_COLORS,
  type CalendarEntry,
} from './model';
import './tasks.css';

const LIMIT = 500;

function EntryLink({ entry, today }: { entry: CalendarEntry; today: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { task } = entry;
  const late = entry.kind === 'due' && isOverdue(task, today);
  const text = entry.kind === 'due' ? task.title : `◆ ${entry.milestone ?? ''}`;
  const tip =
    entry.kind === 'due'
      ? t('tasks.calendar.dueTip', {
          title: task.title,
          day: formatTaskDay(task.dueOn, lang),
          status: t(`tasks.status.${task.status}`),
        })
      : t('tasks.calendar.milestoneTip', { milestone: entry.milestone, title: task.title });
  return (
    <Tooltip title={tip}>
      <Link
        to={`/tasks/${task.id}`}
        className={`pw-calendar-entry pw-calendar-${entry.kind}${entry.done ? ' pw-calendar-done' : ''}${late ? ' pw-task-overdue' : ''}`}
        style={{ borderLeftColor: STATUS_CHART_COLORS[task.status] }}
        data-testid={`calendar-${entry.kind}-${task.id}`}
        onClick={(event) => event.stopPropagation()}
      >
        {text}
      </Link>
    </Tooltip>
  );
}

export default function TaskCalendarPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const mine = params.get('mine') === '1';
  const today = isoDay(new Date());
  const tasks = useLive<TaskList>(
    taskApi.tasks({ plan: DEFAULT_PLAN, mine: mine || undefined, limit: LIMIT }),
  );
  const days = useMemo(() => calendarEntries(tasks.data?.items ?? []), [tasks.data]);

  const cell = (current: Dayjs, info: { type: string; originNode: ReactNode }) => {
    if (info.type !== 'date') return info.originNode;
    const entries = days.get(current.format('YYYY-MM-DD')) ?? [];
    if (entries.length === 0) return null;
    return (
      <div className="pw-calendar-entries">
        {entries.map((entry) => (
          <EntryLink
            key={`${entry.kind}-${entry.task.id}-${entry.milestone ?? ''}`}
            entry={entry}
            today={today}
          />
        ))}
      </div>
    );
  };

  return (
    <div data-testid="task-calendar-page">
      <div className="pw-page-header pw-task-page-header">
        <div>
          <Typography.Title level={2} className="pw-page-title">
            {t('tasks.calendar.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('tasks.calendar.subtitle')}</Typography.Text>
        </div>
        <Segmented<'all' | 'mine'>
          value={mine ? 'mine' : 'all'}
          onChange={(value) => setParams(value === 'mine' ? { mine: '1' } : {}, { replace: true })}
          options={[
            { value: 'all', label: t('tasks.calendar.all') },
            { value: 'mine', label: t('tasks.calendar.mine') },
          ]}
        />
      </div>
      {tasks.error !== undefined && !tasks.data && (
        <ErrorState error={tasks.error} onRetry={tasks.reload} inline />
      )}
      <Card size="small" data-testid="task-calendar">
        <Calendar cellRender={cell} />
      </Card>
    </div>
  );
}
