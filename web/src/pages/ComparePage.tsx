/**
 * One indicator across the provinces for one period: a choropleth of China
 * and a bar chart sorted by value. When provincial targets break down the
 * national one (the cascade), each province can be coloured by whether its
 * figure meets its own target. Clicking a province opens the pivot table
 * drilled into it. State in the URL: ?indicator=&periodType=&period=&mode=.
 */
import {
  Alert,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  api,
  DEFAULT_PLAN,
  type CascadeView,
  type Cell,
  type CellList,
  type Indicator,
  type IndicatorList,
  type OrgUnitList,
} from '../api/client';
import { useApi } from '../api/useApi';
import { EChart, type ChartOption } from '../components/EChart';
import { indicatorName } from '../components/indicatorBits';
import { ProvinceChoropleth, type ProvinceValue } from '../components/ProvinceChoropleth';
import { meetsTarget, TARGET_MET_COLORS, type TargetMet } from '../components/progressStatus';
import { unitName } from '../components/roles';
import { ErrorState, Loading } from '../components/states';
import { comparePeriods, parsePeriod } from '../format/period';
import { formatPeriod } from '../format/periodLabel';
import { asPeriodType, FIRST_YEAR, PERIOD_TYPES, type PeriodType } from '../format/periodTypes';
import { formatInUnit } from '../format/inUnit';
import { useLang } from '../useLang';

const DEFAULT_INDICATOR = 'ecommerce_volume';

type Mode = 'status' | 'value';

interface ProvinceFigure {
  code: string;
  name: string;
  value: number;
  cell: Cell;
  met: TargetMet;
  target: number | null;
}

function targetYearFor(indicator: Indicator, year: number): number | null {
  const years = [
    ...new Set(
      indicator.targets
        .filter((x) => x.kind === 'numeric' && x.orgUnitCode === 'CN')
        .map((x) => x.year),
    ),
  ].sort((a, b) => a - b);
  return years.find((y) => y >= year) ?? years.at(-1) ?? null;
}

function barOption(
  figures: readonly ProvinceFigure[],
  mode: Mode,
  fmt: (v: number) => string,
  metLabel: (met: TargetMet) => string,
): ChartOption {
  const sorted = [...figures].sort((a, b) => b.value - a.value);
  return {
    animation: false,
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const p = params as { dataIndex: number };
        const f = sorted[p.dataIndex];
        if (!f) return '';
        const lines = [`<b>${f.name}</b>`, fmt(f.value)];
        if (mode === 'status') lines.push(metLabel(f.met));
        return lines.join('<br/>');
      },
    },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: sorted.map((f) => f.name),
      axisTick: { show: false },
      axisLabel: { fontSize: 12 },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        data: sorted.map((f) => ({
          name: f.code,
          value: f.value,
          itemStyle: { color: mode === 'status' ? TARGET_MET_COLORS[f.met] : '#2f6fd6' },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { value?: unknown }) => fmt(Number(p.value)),
        },
      },
    ],
  };
}

function cascadeText(cascade: CascadeView, fmt: (v: number) => string, t: TFunction): string {
  const given = cascade.provinces.filter((p) => p.value !== null).length;
  const parts = [
    t('compare.cascadeGiven', {
      count: given,
      total: cascade.provinces.length,
      year: cascade.year,
    }),
  ];
  if (cascade.combined !== null && cascade.national)
    parts.push(
      t(`compare.cascadeCombined.${cascade.aggregation === 'sum' ? 'sum' : 'other'}`, {
        combined: fmt(cascade.combined),
        national: fmt(cascade.national.value),
      }),
    );
  if (cascade.consistent === true) parts.push(t('compare.cascadeConsistent'));
  if (cascade.consistent === false) parts.push(t('compare.cascadeInconsistent'));
  return parts.join(' ');
}

export default function ComparePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const indicators = useApi<IndicatorList>(api.indicators(DEFAULT_PLAN));
  const provinces = useApi<OrgUnitList>(api.orgUnits({ level: 'province' }));

  const numeric = useMemo(
    () => (indicators.data?.items ?? []).filter((i) => i.kind === 'numeric'),
    [indicators.data],
  );
  const indicator =
    numeric.find((i) => i.code === params.get('indicator')) ??
    numeric.find((i) => i.code === DEFAULT_INDICATOR) ??
    numeric[0];
  const periodType = asPeriodType(params.get('periodType'));
  const thisYear = new Date().getFullYear();
  const cells = useApi<CellList>(
    indicator
      ? api.cells({
          indicators: [indicator.code],
          children: 'CN',
          from: FIRST_YEAR,
          to: thisYear,
          periodType,
        })
      : null,
  );

  const provinceCodes = useMemo(
    () => new Map((provinces.data?.items ?? []).map((u) => [u.code, u])),
    [provinces.data],
  );
  const items = useMemo(() => cells.data?.items ?? [], [cells.data]);
  const provincePeriods = useMemo(
    () =>
      [...new Set(items.filter((c) => provinceCodes.has(c.orgUnit)).map((c) => c.period))].sort(
        comparePeriods,
      ),
    [items, provinceCodes],
  );
  const allPeriods = useMemo(
    () => [...new Set(items.map((c) => c.period))].sort(comparePeriods),
    [items],
  );
  const periodParam = params.get('period');
  const period =
    periodParam && allPeriods.includes(periodParam)
      ? periodParam
      : (provincePeriods.at(-1) ?? allPeriods.at(-1) ?? null);
  const year = period ? (parsePeriod(period)?.year ?? null) : null;
  const targetYear = indicator && year !== null ? targetYearFor(indicator, year) : null;
  const cascade = useApi<CascadeView>(
    indicator && targetYear !== null ? api.cascade(indicator.code, targetYear) : null,
  );

  const fmt = useCallback(
    (v: number) =>
      indicator ? formatInUnit(v, indicator.unit, indicator.unitMult, lang) : String(v),
    [indicator, lang],
  );
  const metLabel = useCallback(
    (met: TargetMet) => t(`compare.met.${met}`, { year: targetYear ?? '' }),
    [t, targetYear],
  );

  const provinceTargets = useMemo(
    () =>
      new Map(
        (cascade.data?.provinces ?? []).flatMap((p) =>
          p.value === null ? [] : [[p.orgUnit, p.value] as const],
        ),
      ),
    [cascade.data],
  );
  const hasTargets = provinceTargets.size > 0;
  const modeParam = params.get('mode');
  const mode: Mode = hasTargets && modeParam !== 'value' ? 'status' : 'value';

  const { figures, basis } = useMemo(() => {
    const inPeriod = items.filter((c) => c.period === period && provinceCodes.has(c.orgUnit));
    // One basis on the map: the one most provinces report on.
    const perBasis = new Map<string, number>();
    for (const c of inPeriod) perBasis.set(c.basis, (perBasis.get(c.basis) ?? 0) + 1);
    const chosen = [...perBasis].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    const list: ProvinceFigure[] = inPeriod
      .filter((c) => c.basis === chosen)
      .map((c) => {
        const unit = provinceCodes.get(c.orgUnit);
        const target = provinceTargets.get(c.orgUnit) ?? null;
        const met: TargetMet =
          target === null
            ? 'no_target'
            : meetsTarget(
                  c.value,
                  target,
                  cascade.data?.national?.comparator ?? null,
                  indicator?.direction,
                )
              ? 'met'
              : 'not_met';
        return {
          code: c.orgUnit,
          name: unit ? unitName(unit, lang) : c.orgUnit,
          value: c.value,
          cell: c,
          met,
          target,
        };
      });
    return { figures: list, basis: chosen ?? null };
  }, [items, period, provinceCodes, provinceTargets, cascade.data, indicator, lang]);

  const national = items.filter((c) => c.orgUnit === 'CN' && c.period === period);

  const change = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === null) merged.delete(key);
      else merged.set(key, value);
    }
    setParams(merged, { replace: true });
  };

  const openPivot = useCallback(
    (code: string) => {
      if (!indicator || year === null) return;
      const search = new URLSearchParams({
        indicator: indicator.code,
        unit: code,
        from: String(Math.max(FIRST_YEAR, year - 5)),
        to: String(year),
        periodType,
      });
      void navigate(`/pivot?${search.toString()}`);
    },
    [indicator, year, periodType, navigate],
  );

  const statusColors = useMemo(
    () =>
      Object.fromEntries(
        (['met', 'not_met', 'no_target'] as const).map((m) => [metLabel(m), TARGET_MET_COLORS[m]]),
      ),
    [metLabel],
  );
  const mapValues: ProvinceValue[] = useMemo(
    () =>
      figures.map((f) =>
        mode === 'status'
          ? { code: f.code, value: f.value, label: metLabel(f.met) }
          : { code: f.code, value: f.value },
      ),
    [figures, mode, metLabel],
  );
  const bars = useMemo(
    () => barOption(figures, mode, fmt, metLabel),
    [figures, mode, fmt, metLabel],
  );

  if (indicators.error) return <ErrorState error={indicators.error} onRetry={indicators.reload} />;
  if (provinces.error) return <ErrorState error={provinces.error} onRetry={provinces.reload} />;
  if (!indicators.data || !provinces.data) return <Loading />;
  if (!indicator) return <Empty description={t('compare.noIndicators')} />;

  const periodLabel = period ? formatPeriod(period, t) : '';
  const reportedNational = national.find((c) => c.origin !== 'aggregated');
  const summedNational = national.find((c) => c.aggregated !== null && c.basis === basis);

  return (
    <div data-testid="compare-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('compare.title')}
        </Typography.Title>
        <Typography.Text type="secondary" className="pw-page-meta">
          {t('compare.hint')}
        </Typography.Text>
      </div>

      <Card className="pw-filter-card">
        <Space wrap size="middle">
          <label className="pw-field">
            <span className="pw-field-label">{t('common.indicator')}</span>
            <Select<string>
              value={indicator.code}
              onChange={(code) => change({ indicator: code, period: null, mode: null })}
              options={numeric.map((i) => ({ value: i.code, label: indicatorName(i, lang) }))}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ minWidth: 300 }}
              data-testid="compare-indicator"
            />
          </label>
          <label className="pw-field">
            <span className="pw-field-label">{t('pivot.periodType')}</span>
            <Segmented<PeriodType>
              value={periodType}
              onChange={(v) => change({ periodType: v, period: null })}
              options={PERIOD_TYPES.map((p) => ({ value: p, label: t(`pivot.periodTypes.${p}`) }))}
            />
          </label>
          <label className="pw-field">
            <span className="pw-field-label">{t('common.period')}</span>
            <Select<string>
              value={period ?? undefined}
              onChange={(p) => change({ period: p })}
              options={[...allPeriods].reverse().map((p) => ({
                value: p,
                label: provincePeriods.includes(p)
                  ? formatPeriod(p, t)
                  : t('compare.nationalOnly', { period: formatPeriod(p, t) }),
              }))}
              placeholder={t('compare.noPeriods')}
              style={{ minWidth: 200 }}
              data-testid="compare-period"
            />
          </label>
          {hasTargets && (
            <label className="pw-field">
              <span className="pw-field-label">{t('compare.colourBy')}</span>
              <Segmented<Mode>
                value={mode}
                onChange={(v) => change({ mode: v })}
                options={[
                  { value: 'status', label: t('compare.modeStatus', { year: targetYear ?? '' }) },
                  { value: 'value', label: t('compare.modeValue') },
                ]}
                data-testid="compare-mode"
              />
            </label>
          )}
        </Space>
      </Card>

      {cells.error ? <ErrorState error={cells.error} onRetry={cells.reload} inline /> : null}
      {!cells.data && !cells.error ? <Loading /> : null}

      {cells.data && (
        <>
          {figures.length === 0 && (
            <Alert
              className="pw-section"
              type="info"
              showIcon
              data-testid="compare-no-provinces"
              title={t('compare.noProvinceFigures', { period: periodLabel })}
              description={t('compare.noProvinceFiguresHelp')}
            />
          )}
          {hasTargets && cascade.data && (
            <Alert
              className="pw-section"
              type={cascade.data.consistent === false ? 'warning' : 'info'}
              showIcon
              data-testid="compare-cascade"
              title={cascadeText(cascade.data, fmt, t)}
            />
          )}

          <Row gutter={[16, 16]} className="pw-section">
            <Col xs={24} xl={14}>
              <Card className="pw-fill" title={t('compare.mapCard')} data-testid="compare-map">
                <div className="pw-compare-stats" data-testid="compare-national">
                  {reportedNational && (
                    <Statistic
                      title={t('compare.nationalReported')}
                      value={fmt(reportedNational.value)}
                    />
                  )}
                  {summedNational?.aggregated != null && (
                    <Statistic
                      title={t('compare.provincesAddUp', { count: summedNational.units ?? 0 })}
                      value={fmt(summedNational.aggregated)}
                    />
                  )}
                  <Statistic
                    title={t('compare.provincesWithFigure')}
                    value={t('compare.ofTotal', {
                      count: figures.length,
                      total: provinceCodes.size,
                    })}
                  />
                </div>
                <ProvinceChoropleth
                  values={mapValues}
                  title={t('compare.mapCaption', {
                    indicator: indicatorName(indicator, lang),
                    period: periodLabel,
                  })}
                  unitLabel=""
                  formatValue={fmt}
                  mode={mode === 'status' ? 'status' : 'continuous'}
                  statusColors={mode === 'status' ? statusColors : undefined}
                  onSelect={openPivot}
                  height={460}
                />
                {basis ? (
                  <Typography.Text type="secondary" className="pw-small">
                    {t('compare.basis', { basis })}
                  </Typography.Text>
                ) : null}
                <Typography.Paragraph type="secondary" className="pw-small pw-map-hint">
                  {t('compare.clickHint')}
                </Typography.Paragraph>
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card className="pw-fill" title={t('compare.barTitle')} data-testid="compare-bars">
                {figures.length > 0 && figures.length < provinceCodes.size && (
                  <Typography.Paragraph type="secondary" className="pw-small">
                    {t('compare.withoutFigure', { count: provinceCodes.size - figures.length })}
                  </Typography.Paragraph>
                )}
                {figures.length === 0 ? (
                  <Empty description={t('compare.noBars')} />
                ) : (
                  <EChart
                    option={bars}
                    height={Math.max(200, figures.length * 26 + 24)}
                    label={t('compare.barTitle')}
                    testId="compare-bar-chart"
                    onItemClick={(code) => openPivot(code)}
                  />
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
