import { DashboardOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Indicator, IndicatorDetail, Target } from '../../../src/api/contract';
import {
  api,
  DEFAULT_PLAN,
  type IndicatorList,
  type PlanList,
  type PlanProgressView,
  type TargetProgressView,
} from '../api/client';
import { useApi, useApiAll } from '../api/useApi';
import { EChart } from '../components/EChart';
import {
  AttainmentBadge,
  attainmentOf,
  formatDate,
  indicatorName,
  LatestValue,
  targetText,
} from '../components/indicatorBits';
import { ProgressStatusTag, StatusSwatch } from '../components/ProgressStatusTag';
import { countsOf, STATUS_STYLES } from '../components/progressStatus';
import { buildSeriesOption } from '../components/seriesChart';
import { ErrorState, Loading } from '../components/states';
import { formatPeriod } from '../format/periodLabel';
import { formatQuantity } from '../format/quantity';
import { useLang } from '../useLang';

function hasNumericTarget(indicator: Indicator): boolean {
  return indicator.targets.some((target) => target.kind === 'numeric' && target.value !== null);
}

/** Status counts per target year, each linking to the dashboard filtered on it. */
function ProgressSummary({ progress }: { progress: PlanProgressView }) {
  const { t } = useTranslation();
  const years = [...new Set(progress.counts.map((c) => c.year))].sort((a, b) => a - b);
  return (
    <Card
      className="pw-progress-summary"
      data-testid="progress-summary"
      title={t('overview.progressTitle')}
      extra={
        <Link to="/dashboard" data-testid="open-dashboard">
          <Button type="primary" icon={<DashboardOutlined />}>
            {t('overview.openDashboard')}
          </Button>
        </Link>
      }
    >
      {years.map((year) => (
        <div key={year} className="pw-summary-row" data-testid={`summary-${year}`}>
          <span className="pw-summary-year">{t('dashboard.yearTargets', { year })}</span>
          <Space wrap size={[6, 6]}>
            {countsOf(progress.counts, year).map(({ status, count }) => {
              const style = STATUS_STYLES[status];
              return (
                <Link key={status} to={`/dashboard?year=${year}&status=${status}`}>
                  <Tag
                    className="pw-summary-tag"
                    style={{
                      color: style.text,
                      background: style.background,
                      borderColor: style.border,
                    }}
                  >
                    <StatusSwatch color={style.color} />
                    {t('dashboard.countOf', { count, status: t(`progress.status.${status}`) })}
                  </Tag>
                </Link>
              );
            })}
          </Space>
        </div>
      ))}
    </Card>
  );
}

function TargetCard({
  indicator,
  detail,
  detailError,
  progress,
}: {
  indicator: Indicator;
  detail: IndicatorDetail | undefined;
  detailError: unknown;
  progress: readonly TargetProgressView[];
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const targets = indicator.targets
    .filter((target) => target.kind === 'numeric' && target.value !== null)
    .sort((a, b) => a.year - b.year);
  const option = useMemo(
    () =>
      detail
        ? buildSeriesOption({
            unit: detail.unit,
            unitMult: detail.unitMult,
            values: detail.values,
            targets: detail.targets,
            lang,
            t,
            compact: true,
          })
        : null,
    [detail, lang, t],
  );

  return (
    <Card
      className="pw-target-card"
      data-testid={`target-card-${indicator.code}`}
      title={
        <Link to={`/indicators/${indicator.code}`} className="pw-card-title">
          {indicatorName(indicator, lang)}
        </Link>
      }
    >
      <div className="pw-card-label">{t('overview.latestValue')}</div>
      <div className="pw-card-latest">
        <LatestValue indicator={indicator} value={indicator.latest} />
      </div>
      <ul className="pw-target-list">
        {targets.map((target) => {
          const attainment = detail
            ? attainmentOf(target, detail.values, indicator.direction, indicator.latest?.basis)
            : null;
          return (
            <li key={target.id} data-testid={`target-${target.year}`}>
              <span className="pw-target-year">
                {t('overview.targetLine', { year: target.year })}
              </span>
              <span className="pw-target-value">{targetText(target, indicator, lang, t)}</span>
              {(() => {
                const item = progress.find((p) => p.target.id === target.id);
                return item ? (
                  <Link to={`/dashboard?explain=${item.target.id}`} className="pw-status-link">
                    <ProgressStatusTag item={item} />
                  </Link>
                ) : null;
              })()}
              {attainment && <AttainmentBadge attainment={attainment} indicator={indicator} />}
            </li>
          );
        })}
      </ul>
      {detailError ? (
        <ErrorState error={detailError} inline />
      ) : option ? (
        <EChart
          option={option}
          height={200}
          label={indicatorName(indicator, lang)}
          testId={`chart-${indicator.code}`}
        />
      ) : (
        <Skeleton active paragraph={{ rows: 4 }} title={false} />
      )}
    </Card>
  );
}

interface QualitativeRow {
  key: number;
  indicator: Indicator;
  target: Target;
}

export default function Overview() {
  const { t } = useTranslation();
  const lang = useLang();
  const plans = useApi<PlanList>(api.plans());
  const indicators = useApi<IndicatorList>(api.indicators(DEFAULT_PLAN));
  const progress = useApi<PlanProgressView>(api.progress(DEFAULT_PLAN));
  const progressItems = progress.data?.items ?? [];
  const progressOf = (targetId: number) => progressItems.find((p) => p.target.id === targetId);

  const items = indicators.data?.items;
  const withTargets = useMemo(
    () => (items ?? []).filter((i) => i.kind === 'numeric' && hasNumericTarget(i)),
    [items],
  );
  const detailUrls = useMemo(
    () => (items ? withTargets.map((i) => api.indicator(i.code)) : null),
    [items, withTargets],
  );
  const details = useApiAll<IndicatorDetail>(detailUrls);

  if (indicators.error) return <ErrorState error={indicators.error} onRetry={indicators.reload} />;
  if (!items) return <Loading />;

  const plan = plans.data?.items.find((p) => p.code === DEFAULT_PLAN) ?? plans.data?.items[0];
  const detailByCode = new Map((details.data ?? []).map((d) => [d.code, d]));

  const qualitative: QualitativeRow[] = items.flatMap((indicator) =>
    indicator.targets
      .filter((target) => target.kind === 'qualitative')
      .map((target) => ({ key: target.id, indicator, target })),
  );
  qualitative.sort((a, b) => a.target.year - b.target.year);
  const context = items.filter((i) => i.kind === 'numeric' && !hasNumericTarget(i));

  const qualitativeColumns: ColumnsType<QualitativeRow> = [
    {
      title: t('common.year'),
      key: 'year',
      width: 80,
      render: (_, row) => row.target.year,
    },
    {
      title: t('common.indicator'),
      key: 'indicator',
      width: '32%',
      render: (_, row) => (
        <Link to={`/indicators/${row.indicator.code}`}>{indicatorName(row.indicator, lang)}</Link>
      ),
    },
    {
      title: t('overview.milestone'),
      key: 'milestone',
      render: (_, row) => targetText(row.target, row.indicator, lang, t),
    },
    {
      title: t('target.planNode'),
      key: 'planNode',
      width: 110,
      render: (_, row) => (
        <Link to={`/plan/${row.target.planNodePath}`}>{row.target.planNodePath}</Link>
      ),
    },
    {
      title: t('overview.status'),
      key: 'status',
      width: 150,
      render: (_, row) => {
        const item = progressOf(row.target.id);
        return item ? (
          <Link to={`/dashboard?explain=${item.target.id}`} className="pw-status-link">
            <ProgressStatusTag item={item} />
          </Link>
        ) : (
          <Tag>
            {t(`target.status.${row.target.status ?? 'not_assessed'}`, {
              defaultValue: row.target.status ?? '',
            })}
          </Tag>
        );
      },
    },
  ];

  const contextColumns: ColumnsType<Indicator> = [
    {
      title: t('common.indicator'),
      key: 'indicator',
      render: (_, indicator) => (
        <Link to={`/indicators/${indicator.code}`}>{indicatorName(indicator, lang)}</Link>
      ),
    },
    {
      title: t('common.latest'),
      key: 'latest',
      render: (_, indicator) =>
        indicator.latest
          ? formatQuantity(indicator.latest.value, indicator.unit, indicator.unitMult, lang)
          : t('common.notAvailable'),
    },
    {
      title: t('common.period'),
      key: 'period',
      width: 140,
      render: (_, indicator) =>
        indicator.latest ? formatPeriod(indicator.latest.period, t) : t('common.notAvailable'),
    },
  ];

  return (
    <div data-testid="overview-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('overview.title')}
        </Typography.Title>
        {plan && (
          <Typography.Text type="secondary" className="pw-page-meta">
            {t('overview.issued', {
              issuers: plan.issuers.join(lang === 'en' ? ', ' : '、'),
              date: formatDate(plan.issuedOn, lang) ?? '',
            })}
            {' · '}
            <Link to="/plan">{t('overview.nodeCount', { count: plan.nodeCount })}</Link>
          </Typography.Text>
        )}
      </div>

      {progress.data ? (
        <ProgressSummary progress={progress.data} />
      ) : progress.error ? (
        <ErrorState error={progress.error} inline />
      ) : null}

      <section className="pw-section">
        <Typography.Title level={4}>{t('overview.numericTargets')}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('overview.numericTargetsHint')}
        </Typography.Paragraph>
        {withTargets.length === 0 ? (
          <Empty description={t('overview.noNumeric')} />
        ) : (
          <Row gutter={[16, 16]}>
            {withTargets.map((indicator) => (
              <Col key={indicator.code} xs={24} md={12} xl={withTargets.length % 3 === 0 ? 8 : 12}>
                <TargetCard
                  indicator={indicator}
                  detail={detailByCode.get(indicator.code)}
                  detailError={details.error}
                  progress={progressItems}
                />
              </Col>
            ))}
          </Row>
        )}
      </section>

      <Card
        title={t('overview.contextIndicators')}
        className="pw-section"
        data-testid="context-indicators"
      >
        <Typography.Paragraph type="secondary">{t('overview.contextHint')}</Typography.Paragraph>
        <Table<Indicator>
          size="small"
          pagination={false}
          rowKey="code"
          columns={contextColumns}
          dataSource={context}
          locale={{ emptyText: t('overview.noContext') }}
        />
      </Card>

      <Card
        title={t('overview.qualitativeTargets')}
        className="pw-section"
        data-testid="qualitative-targets"
      >
        <Table<QualitativeRow>
          size="small"
          pagination={false}
          columns={qualitativeColumns}
          dataSource={qualitative}
          locale={{ emptyText: t('overview.noQualitative') }}
        />
      </Card>
    </div>
  );
}
