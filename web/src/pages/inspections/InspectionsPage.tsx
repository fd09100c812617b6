/**
 * /inspections: the inspection workspace for a year (?year=2026): the year's
 * inspection plans, the inspections of the chosen plan (?plan=ID) with their
 * open findings by severity, the rectification items the user's units are
 * to answer, and the summary per inspected unit.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { actorName, unitName } from '../../components/roles';
import { ErrorState } from '../../components/states';
import { formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import {
  inspectionApi,
  type InspectionPlanDetail,
  type InspectionPlanList,
  type InspectionPlanSummary,
  type InspectionSummary,
} from './api';
import { InspectionStatusTag, SeverityCountTags, UnitLabel } from './bits';
import { MyRectifications } from './MyRectifications';
import { unitsAllowing, yearFrom, yearOptions } from './model';
import { useAllowedOn } from './permissions';
import { PlanFormModal } from './PlanFormModal';
import { ScheduleModal } from './ScheduleModal';
import { UnitSummaryTable } from './UnitSummaryTable';
import './inspections.css';

export default function InspectionsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { user, can } = useSession();
  const [params, setParams] = useSearchParams();
  const currentYear = new Date().getFullYear();
  const years = useMemo(() => yearOptions(currentYear), [currentYear]);
  const year = yearFrom(params.get('year'), years, currentYear);

  const plans = useLive<InspectionPlanList>(inspectionApi.plans(year));
  const items = plans.data?.items ?? [];
  const planParam = Number(params.get('plan'));
  const selected = items.find((plan) => plan.id === planParam) ?? items[0];
  const detail = useLive<InspectionPlanDetail>(selected ? inspectionApi.plan(selected.id) : null);

  const inspectingUnits = useMemo(
    () => unitsAllowing(user?.roles ?? [], 'inspection:write'),
    [user],
  );
  const canWriteOn = useAllowedOn(
    items.map((plan) => plan.orgUnit.code),
    'inspection:write',
  );
  const [creating, setCreating] = useState(false);
  const [scheduling, setScheduling] = useState<InspectionPlanSummary | null>(null);
  const [summaryVersion, setSummaryVersion] = useState(0);

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value === null) next.delete(key);
      else next.set(key, value);
    setParams(next, { replace: true });
  };

  const planColumns: ColumnsType<InspectionPlanSummary> = [
    {
      key: 'title',
      title: t('inspections.plans.planTitle'),
      render: (_, plan) => (
        <Button
          type="link"
          className="pw-insp-plan-link"
          onClick={() => set({ plan: String(plan.id) })}
          data-testid={`plan-${plan.id}`}
        >
          {plan.title}
        </Button>
      ),
    },
    {
      key: 'unit',
      title: t('inspections.plans.inspectingUnit'),
      render: (_, plan) => <UnitLabel unit={plan.orgUnit} />,
    },
    {
      key: 'inspections',
      title: t('inspections.plans.inspections'),
      align: 'right',
      render: (_, plan) => <span className="pw-num">{plan.inspectionCount}</span>,
    },
    {
      key: 'open',
      title: t('inspections.plans.openFindings'),
      render: (_, plan) => <SeverityCountTags counts={plan.openFindings} />,
    },
    {
      key: 'by',
      title: t('inspections.plans.createdBy'),
      render: (_, plan) => <span className="pw-muted">{actorName(plan.createdBy)}</span>,
    },
  ];

  const inspectionColumns: ColumnsType<InspectionSummary> = [
    {
      key: 'unit',
      title: t('inspections.list.unit'),
      render: (_, inspection) => (
        <Link to={`/inspections/${inspection.id}`} data-testid={`inspection-${inspection.id}`}>
          <UnitLabel unit={inspection.orgUnit} />
        </Link>
      ),
    },
    {
      key: 'scheduled',
      title: t('inspections.list.scheduled'),
      render: (_, inspection) => formatDay(inspection.scheduledOn, lang),
    },
    {
      key: 'status',
      title: t('inspections.list.status'),
      render: (_, inspection) => (
        <Space size={4}>
          <InspectionStatusTag heldOn={inspection.heldOn} />
          {inspection.heldOn && (
            <span className="pw-muted pw-small">{formatDay(inspection.heldOn, lang)}</span>
          )}
        </Space>
      ),
    },
    {
      key: 'inspectors',
      title: t('inspections.list.inspectors'),
      render: (_, inspection) =>
        inspection.inspectors.length > 0 ? (
          inspection.inspectors.join(t('inspections.listSeparator'))
        ) : (
          <span className="pw-muted">{t('common.notAvailable')}</span>
        ),
    },
    {
      key: 'findings',
      title: t('inspections.list.findings'),
      align: 'right',
      render: (_, inspection) => <span className="pw-num">{inspection.findingCount}</span>,
    },
    {
      key: 'open',
      title: t('inspections.list.openFindings'),
      render: (_, inspection) => (
        <SeverityCountTags counts={inspection.openFindings} testId={`open-${inspection.id}`} />
      ),
    },
  ];

  return (
    <div data-testid="inspections-page">
      <div className="pw-page-header pw-insp-header">
        <div>
          <Typography.Title level={2} className="pw-page-title">
            {t('inspections.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('inspections.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <label htmlFor="inspection-year" className="pw-insp-label-inline">
            {t('inspections.year')}
          </label>
          <Select<number>
            id="inspection-year"
            value={year}
            onChange={(value) => set({ year: String(value), plan: null })}
            options={years.map((value) => ({ value, label: String(value) }))}
            style={{ width: 100 }}
            data-testid="inspection-year"
          />
          {can('inspection:write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="new-plan"
            >
              {t('inspections.plans.new')}
            </Button>
          )}
        </Space>
      </div>

      <Card
        size="small"
        title={t('inspections.plans.title', { year })}
        className="pw-insp-card"
        data-testid="inspection-plans"
      >
        {plans.error !== undefined ? (
          <ErrorState error={plans.error} onRetry={plans.reload} inline />
        ) : (
          <Table<InspectionPlanSummary>
            size="small"
            rowKey="id"
            loading={plans.loading && !plans.data}
            pagination={false}
            columns={planColumns}
            dataSource={items}
            rowClassName={(plan) => (plan.id === selected?.id ? 'pw-insp-selected' : '')}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={t('inspections.plans.none', { year })}
                />
              ),
            }}
          />
        )}
      </Card>

      {selected && (
        <Card
          size="small"
          className="pw-insp-card"
          data-testid="plan-inspections"
          title={
            <span>
              {t('inspections.list.title', { plan: selected.title })}{' '}
              <span className="pw-muted pw-small">
                <UnitLabel unit={selected.orgUnit} />
              </span>
            </span>
          }
          extra={
            canWriteOn(selected.orgUnit.code) ? (
              <Button
                size="small"
                type="primary"
                ghost
                icon={<PlusOutlined />}
                onClick={() => setScheduling(selected)}
                data-testid="schedule-inspection"
              >
                {t('inspections.list.schedule')}
              </Button>
            ) : null
          }
        >
          {selected.description && (
            <Typography.Paragraph type="secondary">{selected.description}</Typography.Paragraph>
          )}
          {detail.error !== undefined ? (
            <ErrorState error={detail.error} onRetry={detail.reload} inline />
          ) : (
            <Table<InspectionSummary>
              size="small"
              rowKey="id"
              loading={detail.loading && !detail.data}
              pagination={false}
              columns={inspectionColumns}
              dataSource={detail.data?.inspections ?? []}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={t('inspections.list.none')}
                  />
                ),
              }}
            />
          )}
        </Card>
      )}

      {can('task:report') && <MyRectifications onChanged={() => setSummaryVersion((n) => n + 1)} />}

      <UnitSummaryTable year={year} version={summaryVersion} />

      <PlanFormModal
        open={creating}
        year={year}
        inspectingUnits={inspectingUnits}
        onClose={() => setCreating(false)}
        onCreated={(plan) => {
          setCreating(false);
          void message.success(t('inspections.plans.created', { title: plan.title }));
          set({ year: String(plan.year), plan: String(plan.id) });
          plans.reload();
        }}
      />
      <ScheduleModal
        plan={scheduling}
        onClose={() => setScheduling(null)}
        onScheduled={(inspection) => {
          setScheduling(null);
          void message.success(
            t('inspections.list.scheduledDone', { unit: unitName(inspection.orgUnit, lang) }),
          );
          detail.reload();
          plans.reload();
          setSummaryVersion((n) => n + 1);
          void navigate(`/inspections/${inspection.id}`);
        }}
      />
    </div>
  );
}
