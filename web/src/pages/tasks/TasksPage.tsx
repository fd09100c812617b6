/**
 * /tasks: the tasks of the plan's measures, filtered by unit, status, due
 * range, measure and text, as a list, a board by status or a timeline
 * (Gantt per measure). State in the URL:
 * ?unit=420000&status=delayed&dueFrom=2026-01-01&dueTo=2026-12-31&measure=III.3.3&q=…&view=board.
 * `new=1` opens the "New task" form (with `measure`, from a measure's page).
 */
import { CalendarOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Input,
  Segmented,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Plan } from '../../../../src/api/contract';
import { api, DEFAULT_PLAN } from '../../api/client';
import { useApi, useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { ErrorState } from '../../components/states';
import { taskApi, type TaskFilter, type TaskList, type TaskStatus } from './api';
import { TaskBoard } from './TaskBoard';
import { planMeasures, TaskFormDrawer } from './TaskFormDrawer';
import { TaskGantt } from './TaskGantt';
import { TaskTable } from './TaskTable';
import { isoDay, TASK_STATUSES } from './model';
import { useManagedUnits } from './usePermissions';
import './tasks.css';

const VIEWS = ['list', 'board', 'timeline'] as const;
type View = (typeof VIEWS)[number];
const PAGE_SIZE = 50;
/** The board and the timeline show every matching task at once, up to this many. */
const ALL_LIMIT = 500;

const asView = (value: string | null): View =>
  (VIEWS as readonly string[]).includes(value ?? '') ? (value as View) : 'list';
const asStatus = (value: string | null): TaskStatus | undefined =>
  (TASK_STATUSES as readonly string[]).includes(value ?? '') ? (value as TaskStatus) : undefined;

export default function TasksPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const managed = useManagedUnits();
  const today = isoDay(new Date());

  const view = asView(params.get('view'));
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filter: TaskFilter = {
    plan: DEFAULT_PLAN,
    unit: params.get('unit') ?? undefined,
    subtree: params.get('unit') ? params.get('subtree') !== 'false' : undefined,
    status: asStatus(params.get('status')),
    dueFrom: params.get('dueFrom') ?? undefined,
    dueTo: params.get('dueTo') ?? undefined,
    measure: params.get('measure') ?? undefined,
    q: params.get('q') ?? undefined,
    limit: view === 'list' ? PAGE_SIZE : ALL_LIMIT,
    offset: view === 'list' ? (page - 1) * PAGE_SIZE : 0,
  };
  const tasks = useLive<TaskList>(taskApi.tasks(filter));
  const plan = useApi<Plan>(api.plan(DEFAULT_PLAN));
  const measures = useMemo(() => planMeasures(plan.data?.tree ?? []), [plan.data]);

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const formOpen = params.get('new') === '1' && can('task:manage');
  const items = tasks.data?.items ?? [];

  return (
    <div data-testid="tasks-page">
      <div className="pw-page-header pw-task-page-header">
        <div>
          <Typography.Title level={2} className="pw-page-title">
            {t('tasks.list.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('tasks.list.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <Link to="/tasks/mine">
            <Button icon={<UserOutlined />}>{t('tasks.nav.mine')}</Button>
          </Link>
          <Link to="/tasks/calendar">
            <Button icon={<CalendarOutlined />}>{t('tasks.nav.calendar')}</Button>
          </Link>
          {can('task:manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => set({ new: '1' })}
              data-testid="new-task"
            >
              {t('tasks.list.newTask')}
            </Button>
          )}
        </Space>
      </div>

      <Card size="small" className="pw-task-filters" data-testid="task-filters">
        <Space wrap size={[16, 8]} align="center">
          <span className="pw-task-filter">
            <label htmlFor="task-filter-unit">{t('tasks.filter.unit')}</label>
            <OrgUnitSelect
              id="task-filter-unit"
              value={filter.unit}
              onChange={(code) => set({ unit: code })}
              testId="filter-unit"
            />
            {filter.unit && (
              <>
                <Checkbox
                  checked={filter.subtree}
                  onChange={(e) => set({ subtree: e.target.checked ? null : 'false' })}
                >
                  {t('tasks.filter.subtree')}
                </Checkbox>
                <Button size="small" type="link" onClick={() => set({ unit: null, subtree: null })}>
                  {t('tasks.filter.clear')}
                </Button>
              </>
            )}
          </span>
          <span className="pw-task-filter">
            <label htmlFor="task-filter-status">{t('tasks.filter.status')}</label>
            <Select<TaskStatus>
              id="task-filter-status"
              allowClear
              value={filter.status}
              onChange={(status) => set({ status: status ?? null })}
              placeholder={t('tasks.filter.anyStatus')}
              options={TASK_STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
              style={{ width: 140 }}
              data-testid="filter-status"
            />
          </span>
          <span className="pw-task-filter">
            <label>{t('tasks.filter.due')}</label>
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              value={[
                filter.dueFrom ? dayjs(filter.dueFrom) : null,
                filter.dueTo ? dayjs(filter.dueTo) : null,
              ]}
              onChange={(range) =>
                set({
                  dueFrom: range?.[0]?.format('YYYY-MM-DD') ?? null,
                  dueTo: range?.[1]?.format('YYYY-MM-DD') ?? null,
                })
              }
              placeholder={[t('tasks.filter.dueFrom'), t('tasks.filter.dueTo')]}
              data-testid="filter-due"
            />
          </span>
          <span className="pw-task-filter">
            <label htmlFor="task-filter-measure">{t('tasks.filter.measure')}</label>
            <Select<string>
              id="task-filter-measure"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={filter.measure}
              onChange={(measure) => set({ measure: measure ?? null })}
              placeholder={t('tasks.filter.anyMeasure')}
              loading={plan.loading}
              options={measures.map((m) => ({ value: m.path, label: `${m.path} ${m.title}` }))}
              popupMatchSelectWidth={false}
              style={{ width: 220 }}
              data-testid="filter-measure"
            />
          </span>
          <Input.Search
            allowClear
            defaultValue={filter.q}
            key={filter.q ?? ''}
            placeholder={t('tasks.filter.search')}
            onSearch={(q) => set({ q: q.trim() || null })}
            style={{ width: 220 }}
            data-testid="filter-search"
          />
        </Space>
      </Card>

      <div className="pw-task-view-bar">
        <Segmented<View>
          value={view}
          onChange={(next) => set({ view: next === 'list' ? null : next })}
          options={VIEWS.map((v) => ({ value: v, label: t(`tasks.view.${v}`) }))}
          data-testid="task-view"
        />
        {tasks.data && (
          <Typography.Text type="secondary" data-testid="task-count">
            {t('tasks.list.count', { count: tasks.data.total })}
            {view !== 'list' && tasks.data.total > items.length
              ? ` ${t('tasks.list.shown', { count: items.length })}`
              : ''}
          </Typography.Text>
        )}
      </div>

      {tasks.error !== undefined && !tasks.data ? (
        <ErrorState error={tasks.error} onRetry={tasks.reload} inline />
      ) : view === 'list' ? (
        <TaskTable
          tasks={items}
          today={today}
          loading={tasks.loading}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: tasks.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (next) => set({ page: next === 1 ? null : String(next) }),
          }}
        />
      ) : !tasks.data ? (
        <TaskTable tasks={[]} today={today} loading pagination={false} />
      ) : view === 'board' ? (
        <TaskBoard tasks={items} today={today} />
      ) : (
        <TaskGantt tasks={items} today={today} />
      )}

      <TaskFormDrawer
        open={formOpen}
        measure={filter.measure}
        units={managed}
        onClose={() => set({ new: null })}
        onSaved={(task) => void navigate(`/tasks/${task.id}`)}
      />
    </div>
  );
}
