/**
 * Submissions for reviewers (prefecture, province, national office): the
 * reports of the units in one's scope with where each stands on its
 * approval path. Those waiting for the reviewer's own level can be approved
 * in bulk (all or nothing) or returned one by one with a reason.
 */
import { CheckCircleFilled, ClockCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { actionsOf } from '../../../../src/core/access/policy';
import {
  api,
  sendJson,
  type DataSetList,
  type SubmissionList,
  type SubmissionListItem,
} from '../../api/client';
import { useApi, useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { ActionError } from '../../components/ActionError';
import { actorName, assignmentUnitName, unitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime } from '../../format/dateTime';
import { formatPeriod } from '../../format/periodLabel';
import { useLang } from '../../useLang';
import { depthOf, reportingPeriods } from './periods';

const DEFAULT_DATA_SET = 'nids-annual';
const STATES = ['submitted', 'approved', 'returned', 'draft'] as const;
type StateFilter = (typeof STATES)[number] | 'all';
type Submission = SubmissionListItem['submission'];

const STATE_COLORS: Record<Submission['state'], string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  returned: 'magenta',
};

const keyOf = (item: Pick<SubmissionListItem, 'period'> & { orgUnit: { code: string } }) =>
  `${item.orgUnit.code}|${item.period}`;

/** The approval path as steps: approved levels ticked, the awaited one highlighted. */
function ApprovalSteps({ submission }: { submission: Submission }) {
  const { t } = useTranslation();
  if (submission.path.length === 0)
    return <span className="pw-muted pw-small">{t('review.noApproval')}</span>;
  const approvedAll = submission.state === 'approved';
  return (
    <span
      style={{ display: 'inline-flex', flexWrap: 'nowrap', alignItems: 'center', gap: 4 }}
      data-testid="approval-steps"
    >
      {submission.path.map((level, i) => {
        const levelName = t(`review.level.${level}`);
        const done = approvedAll || i < submission.approvedLevels;
        const awaited = !done && submission.awaitedLevel === level;
        const step = done ? 'done' : awaited ? 'awaited' : 'pending';
        return (
          <Fragment key={level}>
            {i > 0 && (
              <span aria-hidden className="pw-muted">
                →
              </span>
            )}
            <Tag
              color={done ? 'success' : awaited ? 'processing' : 'default'}
              icon={done ? <CheckCircleFilled /> : awaited ? <ClockCircleOutlined /> : undefined}
              title={t(`review.step.${step}`, { level: levelName })}
              data-step={step}
              style={{
                marginInlineEnd: 0,
                fontWeight: awaited ? 600 : undefined,
                borderStyle: step === 'pending' ? 'dashed' : undefined,
              }}
            >
              {levelName}
            </Tag>
          </Fragment>
        );
      })}
    </span>
  );
}

function ReturnModal({
  dataSet,
  item,
  onClose,
  onReturned,
}: {
  dataSet: string;
  item: SubmissionListItem | null;
  onClose: () => void;
  onReturned: (item: SubmissionListItem) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ reason }: { reason: string }) => {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', api.returnSubmission(dataSet), {
        orgUnit: item.orgUnit.code,
        period: item.period,
        reason: reason.trim(),
      });
      form.resetFields();
      onReturned(item);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={item !== null}
      title={
        item
          ? t('review.returnTitle', {
              unit: unitName(item.orgUnit, lang),
              period: formatPeriod(item.period, t),
            })
          : ''
      }
      onCancel={() => {
        setError(null);
        form.resetFields();
        onClose();
      }}
      okText={t('review.returnOk')}
      okButtonProps={{ danger: true, loading: busy }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error !== null && (
        <ActionError
          error={error}
          titles={{ 409: t('review.returnFailed') }}
          testId="return-error"
        />
      )}
      <Form<{ reason: string }>
        form={form}
        name="return-submission"
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="reason"
          label={t('review.returnReason')}
          extra={t('review.reasonHelp')}
          rules={[
            { required: true, whitespace: true, message: t('review.reasonRequired') },
            { max: 2000 },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            autoFocus
            data-testid="return-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ReviewPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message, modal } = AntApp.useApp();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const dataSets = useApi<DataSetList>(api.dataSets());
  /** Units where the user may read reports, highest first: the list covers one of them. */
  const scopes = useMemo(() => {
    const seen = new Map<string, { code: string; name: string }>();
    for (const role of user?.roles ?? []) {
      if (!actionsOf(role.role).includes('read:unpublished') || seen.has(role.orgUnitCode))
        continue;
      seen.set(role.orgUnitCode, { code: role.orgUnitCode, name: assignmentUnitName(role, lang) });
    }
    return [...seen.values()].sort((a, b) => depthOf(a.code) - depthOf(b.code));
  }, [user, lang]);
  const under = params.get('under') ?? scopes[0]?.code;
  const items = dataSets.data?.items ?? [];
  const dataSet =
    items.find((d) => d.code === (params.get('dataSet') ?? DEFAULT_DATA_SET)) ?? items[0];
  const period = params.get('period') ?? undefined;
  const stateParam = params.get('state');
  const state: StateFilter =
    stateParam === 'all' || (STATES as readonly string[]).includes(stateParam ?? '')
      ? (stateParam as StateFilter)
      : 'submitted';
  const list = useLive<SubmissionList>(
    dataSet && under
      ? api.submissions(dataSet.code, {
          period,
          state: state === 'all' ? undefined : state,
          under,
        })
      : null,
  );
  const [selected, setSelected] = useState<string[]>([]);
  const [returning, setReturning] = useState<SubmissionListItem | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const today = new Date().toISOString().slice(0, 10);
  const periods = useMemo(
    () =>
      dataSet
        ? reportingPeriods(dataSet, today)
            .periods.filter((period) => period.open)
            .map((period) => period.code)
        : [],
    [dataSet, today],
  );

  // A unit within two of the reviewer's scopes is listed once.
  const rows = useMemo(() => {
    const seen = new Map<string, SubmissionListItem>();
    for (const item of list.data?.items ?? [])
      if (!seen.has(keyOf(item))) seen.set(keyOf(item), item);
    return [...seen.values()];
  }, [list.data]);
  const actionable = useMemo(() => new Set(rows.filter((r) => r.canAct).map(keyOf)), [rows]);
  const chosen = selected.filter((key) => actionable.has(key));

  const change = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined) merged.delete(key);
      else merged.set(key, value);
    }
    setParams(merged);
    setSelected([]);
    setActionError(null);
  };

  const header = (
    <div className="pw-page-header">
      <Typography.Title level={2} className="pw-page-title">
        {t('review.title')}
      </Typography.Title>
      <Typography.Text type="secondary" className="pw-page-meta">
        {t('review.hint')}
      </Typography.Text>
    </div>
  );

  if (dataSets.error) return <ErrorState error={dataSets.error} onRetry={dataSets.reload} />;
  if (!dataSets.data) return <Loading />;
  if (!dataSet || !under)
    return (
      <div data-testid="review-page">
        {header}
        <Card>
          <Empty description={under ? t('review.noDataSets') : t('review.noScope')} />
        </Card>
      </div>
    );

  const approveSelected = () => {
    const picked = rows.filter((row) => chosen.includes(keyOf(row)));
    if (picked.length === 0) return;
    const names = picked
      .slice(0, 8)
      .map((row) => `${unitName(row.orgUnit, lang)} · ${formatPeriod(row.period, t)}`);
    modal.confirm({
      title: t('review.approveTitle', { count: picked.length }),
      content: (
        <div data-testid="approve-confirm">
          <p>{t('review.approveText')}</p>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {names.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {picked.length > names.length && (
              <li className="pw-muted">
                {t('review.andMore', { count: picked.length - names.length })}
              </li>
            )}
          </ul>
        </div>
      ),
      okText: t('review.approve'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(true);
        setActionError(null);
        try {
          const result = await sendJson<{ approved: unknown[] }>(
            'POST',
            api.approve(dataSet.code),
            {
              items: picked.map((row) => ({ orgUnit: row.orgUnit.code, period: row.period })),
            },
          );
          void message.success(t('review.approved', { count: result.approved.length }));
          setSelected([]);
        } catch (error) {
          setActionError(error);
        } finally {
          setBusy(false);
          list.reload();
        }
      },
    });
  };

  const columns: ColumnsType<SubmissionListItem> = [
    {
      title: t('review.unit'),
      key: 'unit',
      render: (_, row) => (
        <div>
          <div className="pw-strong">{unitName(row.orgUnit, lang)}</div>
          <Typography.Text type="secondary" className="pw-small">
            {row.orgUnit.code}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('review.period'),
      key: 'period',
      width: 120,
      render: (_, row) => formatPeriod(row.period, t),
    },
    {
      title: t('review.state'),
      key: 'state',
      width: 110,
      render: (_, row) => (
        <Tag color={STATE_COLORS[row.submission.state]} data-testid="state-tag">
          {t(`review.states.${row.submission.state}`)}
        </Tag>
      ),
    },
    {
      title: t('review.approval'),
      key: 'approval',
      width: 350,
      render: (_, row) => <ApprovalSteps submission={row.submission} />,
    },
    {
      title: t('review.submitted'),
      key: 'submitted',
      width: 170,
      render: (_, row) =>
        row.submission.submittedAt ? (
          <span className="pw-small">
            <span title={row.submission.submittedBy ?? undefined}>
              {actorName(row.submission.submittedBy ?? '')}
            </span>
            <div className="pw-muted">{formatDateTime(row.submission.submittedAt, lang)}</div>
          </span>
        ) : (
          <span className="pw-muted">{t('common.notAvailable')}</span>
        ),
    },
    {
      title: t('review.reason'),
      key: 'reason',
      render: (_, row) =>
        row.submission.reason ? (
          <Typography.Paragraph
            className="pw-small"
            style={{ marginBottom: 0 }}
            ellipsis={{ rows: 2, tooltip: row.submission.reason }}
          >
            {row.submission.reason}
          </Typography.Paragraph>
        ) : (
          <span className="pw-muted">{t('common.notAvailable')}</span>
        ),
    },
    {
      title: t('review.actions'),
      key: 'actions',
      width: 190,
      render: (_, row) => (
        <Space size="small" wrap>
          <Link
            to={`/report/${encodeURIComponent(dataSet.code)}/${encodeURIComponent(row.orgUnit.code)}/${encodeURIComponent(row.period)}`}
            data-testid={`open-form-${row.orgUnit.code}`}
          >
            {t('review.openForm')}
          </Link>
          {row.canAct && (
            <Button
              size="small"
              danger
              icon={<RollbackOutlined />}
              onClick={() => setReturning(row)}
              data-testid={`return-${row.orgUnit.code}`}
            >
              {t('review.return')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="review-page">
      {header}
      <Card>
        <Space wrap size="large">
          <Space>
            <span>{t('review.dataSet')}</span>
            <Select<string>
              value={dataSet.code}
              onChange={(code) => change({ dataSet: code, period: undefined })}
              options={items.map((d) => ({
                value: d.code,
                label: lang === 'en' ? d.nameEn : d.nameZh,
              }))}
              popupMatchSelectWidth={false}
              style={{ minWidth: 280 }}
              data-testid="review-data-set"
            />
          </Space>
          <Space>
            <span>{t('review.period')}</span>
            <Select<string>
              allowClear
              value={period}
              placeholder={t('review.allPeriods')}
              onChange={(code) => change({ period: code ?? undefined })}
              options={[...(period && !periods.includes(period) ? [period] : []), ...periods].map(
                (code) => ({ value: code, label: formatPeriod(code, t) }),
              )}
              popupMatchSelectWidth={false}
              style={{ minWidth: 140 }}
              data-testid="review-period"
            />
          </Space>
          {scopes.length > 1 && (
            <Space>
              <span>{t('review.scope')}</span>
              <Select<string>
                value={under}
                onChange={(code) => change({ under: code })}
                options={[
                  ...(scopes.some((s) => s.code === under) ? [] : [{ code: under, name: under }]),
                  ...scopes,
                ].map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))}
                popupMatchSelectWidth={false}
                style={{ minWidth: 200 }}
                data-testid="review-scope"
              />
            </Space>
          )}
          <Space>
            <span>{t('review.state')}</span>
            <Select<StateFilter>
              value={state}
              onChange={(value) => change({ state: value === 'submitted' ? undefined : value })}
              options={[...STATES, 'all' as const].map((value) => ({
                value,
                label: t(`review.stateFilter.${value}`),
              }))}
              popupMatchSelectWidth={false}
              style={{ minWidth: 150 }}
              data-testid="review-state"
            />
          </Space>
        </Space>
      </Card>

      <Card
        className="pw-section"
        title={t('review.listTitle', { count: rows.length })}
        extra={
          <Button
            type="primary"
            disabled={chosen.length === 0}
            loading={busy}
            onClick={approveSelected}
            data-testid="approve-selected"
          >
            {t('review.approveSelected', { count: chosen.length })}
          </Button>
        }
        data-testid="review-list"
      >
        {actionError !== null && (
          <ActionError
            error={actionError}
            titles={{ 403: t('review.approveFailed'), 409: t('review.approveFailed') }}
            testId="approve-error"
          />
        )}
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} inline />
        ) : (
          <>
            {rows.some((row) => !row.canAct) && actionable.size > 0 && (
              <Typography.Paragraph type="secondary" className="pw-small">
                {t('review.canActHint')}
              </Typography.Paragraph>
            )}
            <Table<SubmissionListItem>
              size="middle"
              loading={list.loading}
              rowKey={keyOf}
              rowSelection={{
                selectedRowKeys: chosen,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (row) => ({
                  disabled: !row.canAct,
                  'aria-label': t('review.select', { unit: unitName(row.orgUnit, lang) }),
                }),
              }}
              columns={columns}
              dataSource={rows}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 1180 }}
              locale={{
                emptyText: (
                  <Empty
                    description={
                      state === 'submitted' ? t('review.emptySubmitted') : t('review.empty')
                    }
                  />
                ),
              }}
            />
          </>
        )}
      </Card>

      <ReturnModal
        dataSet={dataSet.code}
        item={returning}
        onClose={() => setReturning(null)}
        onReturned={(item) => {
          setReturning(null);
          setSelected((keys) => keys.filter((key) => key !== keyOf(item)));
          setActionError(null);
          void message.success(t('review.returned', { unit: unitName(item.orgUnit, lang) }));
          list.reload();
        }}
      />
    </div>
  );
}
