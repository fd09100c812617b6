/**
 * /tasks/:id: one task with its measure, units, dates, status and percent;
 * milestones, deliverables, linked indicators; sub-tasks with "Break down"
 * (task:manage); "Post update" (task:report); the update history with
 * evidence and reviews (task:review); the task's warnings.
 */
import {
  ApartmentOutlined,
  EditOutlined,
  SettingOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import {
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, DEFAULT_PLAN, type IndicatorList } from '../../api/client';
import { useApi, useLive } from '../../api/useApi';
import { indicatorName } from '../../components/indicatorBits';
import { actorName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime } from '../../format/dateTime';
import { useLang } from '../../useLang';
import { taskApi, type TaskDetail, type Warning } from './api';
import { ExampleTag, PercentBar, TaskStatusTag, UnitName, WarningsBadge } from './bits';
import { formatTaskDay } from './format';
import { isOverdue, isoDay } from './model';
import { TaskFormDrawer } from './TaskFormDrawer';
import { TaskTable } from './TaskTable';
import { UpdateForm } from './UpdateForm';
import { UpdateHistory } from './UpdateHistory';
import { useManagedUnits, useTaskPermissions } from './usePermissions';
import './tasks.css';

type Milestone = TaskDetail['milestones'][number];

function Milestones({ task, today }: { task: TaskDetail; today: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table<Milestone>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={task.milestones}
      locale={{ emptyText: <Empty description={t('tasks.detail.noMilestones')} /> }}
      data-testid="task-milestones"
      columns={[
        { key: 'title', title: t('tasks.field.milestone'), dataIndex: 'title' },
        {
          key: 'dueOn',
          title: t('tasks.field.dueOn'),
          width: 150,
          render: (_, m) => formatTaskDay(m.dueOn, lang),
        },
        {
          key: 'state',
          title: t('tasks.field.status'),
          width: 170,
          render: (_, m) =>
            m.doneOn ? (
              <Tag color="blue">
                {t('tasks.milestone.done', { day: formatTaskDay(m.doneOn, lang) })}
              </Tag>
            ) : m.dueOn < today ? (
              <Tag color="red">{t('tasks.milestone.overdue')}</Tag>
            ) : (
              <Tag>{t('tasks.milestone.open')}</Tag>
            ),
        },
      ]}
    />
  );
}

function WarningList({ warnings }: { warnings: readonly Warning[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (warnings.length === 0) return <Empty description={t('tasks.detail.noWarnings')} />;
  return (
    <ul className="pw-task-warning-list" data-testid="task-warnings">
      {warnings.map((w) => (
        <li key={w.id} className={w.resolvedOn ? 'pw-task-warning-resolved' : undefined}>
          <Space wrap size={[8, 4]}>
            <WarningOutlined className={w.resolvedOn ? 'pw-muted' : 'pw-task-warning-icon'} />
            <Typography.Text strong={!w.resolvedOn}>
              {t(`tasks.warning.${w.kind}`, { milestone: w.milestone ?? '' })}
            </Typography.Text>
            <Typography.Text type="secondary" className="pw-small">
              {t('tasks.warning.since', { day: formatTaskDay(w.since, lang) })}
            </Typography.Text>
            {w.escalatedOn && (
              <Tag color="volcano">
                {t('tasks.warning.escalated', { day: formatTaskDay(w.escalatedOn, lang) })}
              </Tag>
            )}
            {w.resolvedOn && (
              <Tag color="green">
                {t('tasks.warning.resolved', { day: formatTaskDay(w.resolvedOn, lang) })}
              </Tag>
            )}
          </Space>
        </li>
      ))}
    </ul>
  );
}

export default function TaskPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const { id = '' } = useParams<{ id: string }>();
  const task = useLive<TaskDetail>(taskApi.task(id));
  const indicators = useApi<IndicatorList>(api.indicators(DEFAULT_PLAN));
  const permissions = useTaskPermissions(task.data);
  const managed = useManagedUnits();
  // Only asked for when the user (likely) sees it: a 404 would show as an error in the console.
  const parentId = task.data?.parentTaskId;
  const parent = useApi<TaskDetail>(
    parentId && permissions.readAssigner ? taskApi.task(parentId) : null,
  );
  const [posting, setPosting] = useState(false);
  const [breakingDown, setBreakingDown] = useState(false);
  const [editing, setEditing] = useState(false);
  const today = isoDay(new Date());
  const names = useMemo(
    () => new Map((indicators.data?.items ?? []).map((i) => [i.code, indicatorName(i, lang)])),
    [indicators.data, lang],
  );

  if (task.error !== undefined && !task.data)
    return <ErrorState error={task.error} onRetry={task.reload} />;
  if (!task.data) return <Loading />;
  const data = task.data;
  const openWarnings = data.warnings.filter((w) => !w.resolvedOn);

  return (
    <div data-testid="task-page" data-task-id={data.id}>
      <Breadcrumb
        className="pw-task-breadcrumb"
        items={[
          { title: <Link to="/tasks">{t('tasks.list.title')}</Link> },
          ...(parent.data
            ? [{ title: <Link to={`/tasks/${parent.data.id}`}>{parent.data.title}</Link> }]
            : []),
          { title: data.title },
        ]}
      />
      <div className="pw-page-header pw-task-page-header">
        <div>
          <Typography.Title level={2} className="pw-page-title" data-testid="task-title">
            {data.title}
          </Typography.Title>
          <Space wrap size={[8, 4]}>
            <TaskStatusTag status={data.status} />
            <ExampleTag task={data} />
            {isOverdue(data, today) && <Tag color="red">{t('tasks.detail.overdue')}</Tag>}
            <WarningsBadge count={data.openWarnings} />
          </Space>
        </div>
        <Space wrap>
          {permissions.report && (
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={() => setPosting(true)}
              disabled={posting}
              data-testid="post-update"
            >
              {t('tasks.detail.postUpdate')}
            </Button>
          )}
          {permissions.manage && (
            <>
              <Button
                icon={<ApartmentOutlined />}
                onClick={() => setBreakingDown(true)}
                data-testid="break-down"
              >
                {t('tasks.detail.breakDown')}
              </Button>
              <Button
                icon={<SettingOutlined />}
                onClick={() => setEditing(true)}
                data-testid="edit-task"
              >
                {t('tasks.detail.edit')}
              </Button>
            </>
          )}
        </Space>
      </div>

      <Card size="small" data-testid="task-header">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'measure',
              label: t('tasks.field.measure'),
              children: (
                <Link to={`/plan/${data.measure.path}`} data-testid="task-measure-link">
                  {data.measure.path} {data.measure.title}
                </Link>
              ),
            },
            {
              key: 'leadUnit',
              label: t('tasks.field.leadUnit'),
              children: <UnitName unit={data.leadUnit} />,
            },
            {
              key: 'assignedBy',
              label: t('tasks.field.assignedBy'),
              children: <UnitName unit={data.assignedBy} />,
            },
            {
              key: 'participants',
              label: t('tasks.field.participants'),
              children:
                data.participants.length === 0 ? (
                  <span className="pw-muted">{t('common.none')}</span>
                ) : (
                  <Space wrap size={[4, 4]}>
                    {data.participants.map((unit) => (
                      <Tag key={unit.code}>
                        <UnitName unit={unit} />
                      </Tag>
                    ))}
                  </Space>
                ),
            },
            {
              key: 'dates',
              label: t('tasks.field.dates'),
              children: (
                <span data-testid="task-dates">
                  {formatTaskDay(data.startOn, lang)} – {formatTaskDay(data.dueOn, lang)}
                </span>
              ),
            },
            {
              key: 'percent',
              label: t('tasks.field.percent'),
              children: <PercentBar value={data.percentComplete} status={data.status} />,
            },
            {
              key: 'lastUpdate',
              label: t('tasks.field.lastUpdate'),
              children: data.lastUpdateOn ? (
                formatTaskDay(data.lastUpdateOn, lang)
              ) : (
                <span className="pw-muted">{t('tasks.detail.noUpdateYet')}</span>
              ),
            },
            {
              key: 'created',
              label: t('tasks.field.created'),
              children: t('tasks.detail.createdBy', {
                user: actorName(data.createdBy),
                at: formatDateTime(data.createdAt, lang),
              }),
            },
          ]}
        />
        {data.description && (
          <Typography.Paragraph className="pw-task-description">
            {data.description}
          </Typography.Paragraph>
        )}
      </Card>

      {openWarnings.length > 0 && (
        <Card
          size="small"
          className="pw-section pw-task-warnings-card"
          title={t('tasks.detail.warnings', { count: openWarnings.length })}
        >
          <WarningList warnings={openWarnings} />
        </Card>
      )}

      {posting && (
        <Card size="small" className="pw-section" title={t('tasks.detail.postUpdate')}>
          <UpdateForm
            task={data}
            onCancel={() => setPosting(false)}
            onPosted={() => {
              setPosting(false);
              task.reload();
            }}
          />
        </Card>
      )}

      <Row gutter={[16, 16]} className="pw-section">
        <Col xs={24} lg={14}>
          <Card size="small" title={t('tasks.field.milestones')}>
            <Milestones task={data} today={today} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('tasks.field.deliverables')} className="pw-task-side-card">
            {data.deliverables.length === 0 ? (
              <span className="pw-muted">{t('common.none')}</span>
            ) : (
              <ul className="pw-link-list" data-testid="task-deliverables">
                {data.deliverables.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </Card>
          <Card
            size="small"
            title={t('tasks.field.indicators')}
            className="pw-section pw-task-side-card"
          >
            {data.indicators.length === 0 ? (
              <span className="pw-muted">{t('common.none')}</span>
            ) : (
              <ul className="pw-link-list" data-testid="task-indicators">
                {data.indicators.map((code) => (
                  <li key={code}>
                    <Link to={`/indicators/${code}`}>{names.get(code) ?? code}</Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
      </Row>

      <Card
        size="small"
        className="pw-section"
        title={t('tasks.detail.subTasks', { count: data.subTasks.length })}
        extra={
          permissions.manage && (
            <Button size="small" icon={<ApartmentOutlined />} onClick={() => setBreakingDown(true)}>
              {t('tasks.detail.breakDown')}
            </Button>
          )
        }
      >
        <TaskTable tasks={data.subTasks} today={today} pagination={false} testId="task-subtasks" />
      </Card>

      <Card
        size="small"
        className="pw-section"
        title={t('tasks.detail.updates', { count: data.updates.length })}
      >
        <UpdateHistory
          updates={data.updates}
          canReview={permissions.review}
          onReviewed={task.reload}
        />
      </Card>

      {data.warnings.length > openWarnings.length && (
        <Card
          size="small"
          className="pw-section"
          title={t('tasks.detail.pastWarnings', {
            count: data.warnings.length - openWarnings.length,
          })}
        >
          <WarningList warnings={data.warnings.filter((w) => w.resolvedOn)} />
        </Card>
      )}

      <TaskFormDrawer
        open={editing}
        editing={data}
        units={managed}
        onClose={() => {
          // After a refused (stale) change, the page shows the task as it is now.
          setEditing(false);
          task.reload();
        }}
        onSaved={() => {
          setEditing(false);
          task.reload();
          void message.success(t('tasks.form.saved'));
        }}
      />
      <TaskFormDrawer
        open={breakingDown}
        parent={data}
        units={[]}
        onClose={() => setBreakingDown(false)}
        onSaved={(created) => {
          // Stay on the parent: a task is usually broken down into several.
          setBreakingDown(false);
          task.reload();
          void message.success(t('tasks.form.subTaskCreated', { title: created.title }));
        }}
      />
    </div>
  );
}
