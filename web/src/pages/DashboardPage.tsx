/**
 * The national dashboard: for each target year (2020, 2025) how many targets
 * have each status, a stacked bar of the same, and every target with its
 * latest value, status, share attained and an Explain drawer.
 * Filters live in the URL (?year=2020&status=missed&explain=<target id>).
 */
import { InfoCircleOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, DEFAULT_PLAN, type PlanProgressView, type TargetProgressView } from '../api/client';
import { useApi } from '../api/useApi';
import { EChart, type ChartOption } from '../components/EChart';
import { asMethod, ExplainDrawer } from '../components/ExplainDrawer';
import { indicatorName } from '../components/indicatorBits';
import { ProgressStatusTag, StatusSwatch } from '../components/ProgressStatusTag';
import {
  countsOf,
  STATUS_ORDER,
  STATUS_STYLES,
  statusOfItem,
  type ProgressStatus,
} from '../components/progressStatus';
import { ErrorState, Loading } from '../components/states';
import { formatDay } from '../format/dateTime';
import { formatProbability, formatRatio, formatShare } from '../format/explain';
import { formatPeriod } from '../format/periodLabel';
import { formatQuantity, type Lang } from '../format/quantity';
import { useLang } from '../useLang';

const RATIO_SYMBOL: Record<string, string> = {
  unsd_cagr_ratio: 'CR',
  unsd_extrapolation: 'r',
  statcan: 'R',
};

/** The target in words: "at least 38 trillion yuan", or the milestone. */
export function progressTargetText(item: TargetProgressView, lang: Lang, t: TFunction): string {
  const { target, indicator } = item;
  if (target.kind === 'qualitative' || target.value === null)
    return (lang === 'en' ? target.milestoneEn : target.milestoneZh) ?? target.sentence;
  const value = formatQuantity(target.value, indicator.unit, indicator.unitMult, lang);
  return t(`target.comparator.${target.comparator ?? 'at_least'}`, { value, defaultValue: value });
}

/** The latest value the status rests on, with its period; for a milestone the latest evidence. */
export function LatestOf({ item }: { item: TargetProgressView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const latest = item.assessment?.inputs.latest;
  if (latest)
    return (
      <span data-testid="progress-latest">
        <span className="pw-num">
          {formatQuantity(latest.value, item.indicator.unit, item.indicator.unitMult, lang)}
        </span>{' '}
        <span className="pw-muted">({formatPeriod(latest.period, t)})</span>
      </span>
    );
  const evidence = item.milestone?.inputs.latest;
  if (evidence)
    return (
      <span data-testid="progress-latest">
        {t(`target.status.${evidence.status}`)}{' '}
        <span className="pw-muted">({formatDay(evidence.recordedAt, lang)})</span>
      </span>
    );
  return (
    <Typography.Text type="secondary" data-testid="progress-latest">
      {item.milestone ? t('dashboard.noEvidence') : t('dashboard.noFigure')}
    </Typography.Text>
  );
}

/** Share attained, the method's ratio and the chance of reaching the target. */
export function ProgressFigures({ item }: { item: TargetProgressView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const a = item.assessment;
  const parts: React.ReactNode[] = [];
  if (a?.shareAttained != null)
    parts.push(
      <span key="share" data-testid="share-attained">
        {t('dashboard.share', { percent: formatShare(a.shareAttained, lang) })}
      </span>,
    );
  if (a?.ratio != null)
    parts.push(
      <span key="ratio" className="pw-muted" data-testid="ratio">
        {RATIO_SYMBOL[a.method] ?? 'ratio'} = {formatRatio(a.ratio, lang)}
      </span>,
    );
  if (item.forecast?.probability != null)
    parts.push(
      <span key="chance" className="pw-muted" data-testid="chance">
        {t('forecast.chanceBy', {
          percent: formatProbability(item.forecast.probability, lang),
          year: item.forecast.targetYear,
        })}
      </span>,
    );
  if (parts.length === 0) return <span className="pw-muted">{t('common.notAvailable')}</span>;
  return <div className="pw-progress-figures">{parts}</div>;
}

function statusChart(
  years: readonly number[],
  counts: PlanProgressView['counts'],
  t: TFunction,
): ChartOption {
  const perYear = years.map(
    (year) => new Map(countsOf(counts, year).map((c) => [c.status, c.count])),
  );
  const present = STATUS_ORDER.filter((status) => perYear.some((m) => m.has(status)));
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
    legend: {
      bottom: 0,
      left: 'center',
      itemWidth: 12,
      itemHeight: 10,
      textStyle: { fontSize: 12 },
    },
    tooltip: { trigger: 'item', confine: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: years.map((year) => t('dashboard.yearTargets', { year })),
    },
    series: present.map((status) => ({
      type: 'bar' as const,
      name: t(`progress.status.${status}`),
      stack: 'all',
      barWidth: 26,
      color: STATUS_STYLES[status].color,
      label: {
        show: true,
        color:
          status === 'acceleration_needed' || status === 'insufficient_data' ? '#262626' : '#fff',
        formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''),
      },
      data: perYear.map((m) => m.get(status) ?? 0),
    })),
  };
}

function YearCard({
  year,
  data,
  active,
  onPick,
}: {
  year: number;
  data: PlanProgressView;
  active: ProgressStatus | null;
  onPick: (status: ProgressStatus | null) => void;
}) {
  const { t } = useTranslation();
  const counts = countsOf(data.counts, year);
  const items = data.items.filter((i) => i.target.year === year);
  const numeric = items.filter((i) => i.target.kind === 'numeric');
  const summary = (list: TargetProgressView[]) =>
    STATUS_ORDER.flatMap((status) => {
      const n = list.filter((i) => statusOfItem(i) === status).length;
      return n > 0
        ? [t('dashboard.countOf', { count: n, status: t(`progress.status.${status}`) })]
        : [];
    }).join(t('explain.listSeparator'));
  return (
    <Card
      className="pw-fill"
      data-testid={`year-card-${year}`}
      title={t('dashboard.yearTitle', { year, count: items.length })}
    >
      <div className="pw-status-tiles">
        {counts.map(({ status, count }) => {
          const style = STATUS_STYLES[status];
          return (
            <button
              type="button"
              key={status}
              className={`pw-status-tile${active === status ? ' pw-status-tile-active' : ''}`}
              style={{ borderColor: style.border, background: style.background, color: style.text }}
              onClick={() => onPick(active === status ? null : status)}
              aria-pressed={active === status}
              data-testid={`count-${year}-${status}`}
            >
              <span className="pw-status-count">{count}</span>
              <span className="pw-status-label">
                <StatusSwatch color={style.color} />
                {t(`progress.status.${status}`)}
              </span>
            </button>
          );
        })}
      </div>
      <div className="pw-small pw-muted pw-year-summary">
        <div>
          {t('dashboard.breakdown', {
            line: t('dashboard.numericLine', { count: numeric.length }),
            detail: summary(numeric) || '—',
          })}
        </div>
        <div>
          {t('dashboard.breakdown', {
            line: t('dashboard.milestoneLine', { count: items.length - numeric.length }),
            detail: summary(items.filter((i) => i.target.kind !== 'numeric')) || '—',
          })}
        </div>
      </div>
    </Card>
  );
}

type KindFilter = 'all' | 'numeric' | 'qualitative';

export default function DashboardPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const progress = useApi<PlanProgressView>(api.progress(DEFAULT_PLAN));
  const data = progress.data;

  const change = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === null) merged.delete(key);
      else merged.set(key, value);
    }
    setParams(merged, { replace: true });
  };

  const years = useMemo(
    () => [...new Set((data?.items ?? []).map((i) => i.target.year))].sort((a, b) => a - b),
    [data],
  );
  const option = useMemo(
    () => (data ? statusChart(years, data.counts, t) : null),
    [data, years, t],
  );

  if (progress.error) return <ErrorState error={progress.error} onRetry={progress.reload} />;
  if (!data || !option) return <Loading />;

  const yearParam = Number(params.get('year'));
  const year = years.includes(yearParam) ? yearParam : null;
  const statusParam = params.get('status');
  const status = STATUS_ORDER.find((s) => s === statusParam) ?? null;
  const kind = (['numeric', 'qualitative'] as const).find((k) => k === params.get('kind')) ?? 'all';
  const explainId = Number(params.get('explain'));
  const explained = data.items.find((i) => i.target.id === explainId) ?? null;
  const method = asMethod(data.method);

  const rows = data.items
    .filter(
      (i) =>
        (year === null || i.target.year === year) &&
        (status === null || statusOfItem(i) === status) &&
        (kind === 'all' || i.target.kind === kind),
    )
    .sort(
      (a, b) =>
        a.target.year - b.target.year ||
        Number(a.target.kind !== 'numeric') - Number(b.target.kind !== 'numeric') ||
        STATUS_ORDER.indexOf(statusOfItem(a)) - STATUS_ORDER.indexOf(statusOfItem(b)) ||
        indicatorName(a.indicator, lang).localeCompare(indicatorName(b.indicator, lang), lang),
    );

  const columns: ColumnsType<TargetProgressView> = [
    { title: t('common.year'), key: 'year', width: 70, render: (_, i) => i.target.year },
    {
      title: t('common.indicator'),
      key: 'indicator',
      width: '22%',
      render: (_, i) => (
        <Link to={`/indicators/${i.indicator.code}`}>{indicatorName(i.indicator, lang)}</Link>
      ),
    },
    {
      title: t('target.target'),
      key: 'target',
      render: (_, i) => (
        <span>
          {i.target.kind === 'qualitative' && (
            <Tag className="pw-kind-tag">{t('target.kind.qualitative')}</Tag>
          )}
          {progressTargetText(i, lang, t)}
        </span>
      ),
    },
    {
      title: t('dashboard.latest'),
      key: 'latest',
      width: 190,
      render: (_, i) => <LatestOf item={i} />,
    },
    {
      title: t('overview.status'),
      key: 'status',
      width: 150,
      render: (_, i) => <ProgressStatusTag item={i} />,
    },
    {
      title: t('dashboard.progress'),
      key: 'progress',
      width: 170,
      render: (_, i) => <ProgressFigures item={i} />,
    },
    {
      title: '',
      key: 'explain',
      width: 100,
      render: (_, i) => (
        <Button
          size="small"
          icon={<InfoCircleOutlined />}
          onClick={() => change({ explain: String(i.target.id) })}
          data-testid={`explain-${i.target.indicator}-${i.target.year}`}
        >
          {t('explain.button')}
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="dashboard-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('dashboard.title')}
        </Typography.Title>
        <Typography.Text type="secondary" className="pw-page-meta" data-testid="dashboard-meta">
          {t('dashboard.meta', {
            method: t(`progress.methods.${method}`),
            date: formatDay(data.asOf, lang),
          })}{' '}
          <Link to="/">{t('dashboard.toOverview')}</Link>
        </Typography.Text>
      </div>

      <Row gutter={[16, 16]}>
        {years.map((y) => (
          <Col key={y} xs={24} lg={12}>
            <YearCard
              year={y}
              data={data}
              active={year === y ? status : null}
              onPick={(picked) =>
                change({ year: picked ? String(y) : null, status: picked ?? null })
              }
            />
          </Col>
        ))}
      </Row>

      <Card className="pw-section" title={t('dashboard.chartTitle')}>
        <EChart
          option={option}
          height={70 + years.length * 48}
          label={t('dashboard.chartTitle')}
          testId="status-chart"
        />
      </Card>

      <Card
        className="pw-section"
        title={t('dashboard.tableTitle')}
        data-testid="progress-table"
        extra={
          <Space wrap>
            <Segmented<string>
              value={year === null ? 'all' : String(year)}
              onChange={(v) => change({ year: v === 'all' ? null : v })}
              options={[
                { value: 'all', label: t('dashboard.allYears') },
                ...years.map((y) => ({ value: String(y), label: String(y) })),
              ]}
              data-testid="year-filter"
            />
            <Segmented<KindFilter>
              value={kind}
              onChange={(v) => change({ kind: v === 'all' ? null : v })}
              options={[
                { value: 'all', label: t('dashboard.allKinds') },
                { value: 'numeric', label: t('dashboard.numeric') },
                { value: 'qualitative', label: t('dashboard.milestones') },
              ]}
            />
            {status && (
              <Tag
                closable
                onClose={() => change({ status: null })}
                data-testid="status-filter"
                style={{
                  color: STATUS_STYLES[status].text,
                  background: STATUS_STYLES[status].background,
                  borderColor: STATUS_STYLES[status].border,
                }}
              >
                {t(`progress.status.${status}`)}
              </Tag>
            )}
          </Space>
        }
      >
        <Table<TargetProgressView>
          size="small"
          rowKey={(i) => i.target.id}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <Empty description={t('dashboard.noTargets')} /> }}
        />
      </Card>

      <ExplainDrawer item={explained} onClose={() => change({ explain: null })} />
    </div>
  );
}
