/**
 * /alignment/plans: the local plans (a unit's own plan following a national
 * one) with their owner and how many of their nodes are linked, and the
 * import of a new one (?import=1) for units where the user manages tasks.
 */
import { PlusOutlined, TableOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { unitName } from '../../components/roles';
import { ErrorState } from '../../components/states';
import { useLang } from '../../useLang';
import { unitsAllowing } from '../inspections/model';
import { alignmentApi, type LocalPlanList, type LocalPlanSummary } from './api';
import { ImportPlanForm } from './ImportPlanForm';
import './alignment.css';

export default function LocalPlansPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const plans = useLive<LocalPlanList>(alignmentApi.plans());
  const managedUnits = useMemo(() => unitsAllowing(user?.roles ?? [], 'task:manage'), [user]);
  const all = plans.data?.items ?? [];
  const local = all.filter((plan) => plan.parentPlan !== null);
  const parents = all.filter((plan) => plan.ownerUnit === null);
  const importing = params.get('import') === '1' && managedUnits.length > 0;

  const columns: ColumnsType<LocalPlanSummary> = [
    {
      key: 'title',
      title: t('localPlans.list.plan'),
      render: (_, plan) => (
        <span>
          <Link to={`/alignment/plans/${encodeURIComponent(plan.code)}`}>{plan.title}</Link>
          {plan.isExample && (
            <Tag color="purple" className="pw-align-example">
              {t('localPlans.example')}
            </Tag>
          )}
          <div className="pw-muted pw-small">{plan.code}</div>
        </span>
      ),
    },
    {
      key: 'owner',
      title: t('localPlans.list.owner'),
      render: (_, plan) => (plan.ownerUnit ? unitName(plan.ownerUnit, lang) : '—'),
    },
    {
      key: 'follows',
      title: t('localPlans.list.follows'),
      render: (_, plan) => plan.parentPlan?.title ?? '—',
    },
    {
      key: 'aligned',
      title: t('localPlans.list.aligned'),
      align: 'right',
      render: (_, plan) => (
        <span className="pw-num">
          {t('localPlans.list.alignedOf', {
            aligned: plan.alignedNodeCount,
            nodes: plan.nodeCount,
          })}
        </span>
      ),
    },
  ];

  return (
    <div data-testid="local-plans-page">
      <div className="pw-page-header pw-align-header">
        <div>
          <Typography.Title level={2} className="pw-page-title">
            {t('localPlans.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('localPlans.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <Link to="/alignment">
            <Button icon={<TableOutlined />}>{t('alignment.title')}</Button>
          </Link>
          {managedUnits.length > 0 && !importing && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setParams({ import: '1' })}
              data-testid="import-plan"
            >
              {t('localPlans.import.open')}
            </Button>
          )}
        </Space>
      </div>

      {importing && plans.data && (
        <Card
          size="small"
          className="pw-align-card"
          title={t('localPlans.import.heading')}
          data-testid="import-card"
        >
          <ImportPlanForm
            managedUnits={managedUnits}
            parentPlans={parents}
            onCancel={() => setParams({})}
            onImported={(result) => {
              void message.success(t('localPlans.import.done', { title: result.plan.title }));
              void navigate(`/alignment/plans/${encodeURIComponent(result.plan.code)}`, {
                state: { notes: result.notes },
              });
            }}
          />
        </Card>
      )}

      <Card size="small" className="pw-align-card" data-testid="local-plans">
        {plans.error !== undefined ? (
          <ErrorState error={plans.error} onRetry={plans.reload} inline />
        ) : (
          <Table<LocalPlanSummary>
            size="small"
            rowKey="code"
            loading={plans.loading && !plans.data}
            pagination={false}
            columns={columns}
            dataSource={local}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('localPlans.none')} />
              ),
            }}
          />
        )}
      </Card>
    </div>
  );
}
