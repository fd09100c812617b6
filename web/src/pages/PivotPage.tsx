/**
 * The pivot table: indicators x org units x periods. Rows are a unit and
 * the units directly below it; each indicator is a group of period columns.
 * A cell shows the figure and whether the unit reported it, the units below
 * add up to it, or the indicator's formula computed it. Clicking a unit
 * below drills down (nation -> provinces -> prefectures -> counties); the
 * breadcrumbs go back up. CSV and Excel exports take the same selection.
 * State in the URL: ?indicator=a,b&unit=CN&from=2015&to=2024&periodType=year.
 */
import { DownloadOutlined } from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  Card,
  Empty,
  Select,
  Segmented,
  Space,
  Switch,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType, ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import {
  api,
  DEFAULT_PLAN,
  type Cell,
  type CellList,
  type CellQuery,
  type Indicator,
  type IndicatorList,
  type OrgUnit,
  type OrgUnitList,
} from '../api/client';
import { useAncestry } from '../api/useAncestry';
import { useApi } from '../api/useApi';
import { indicatorName } from '../components/indicatorBits';
import { OrgUnitSelect } from '../components/OrgUnitSelect';
import { unitName } from '../components/roles';
import { ErrorState, Loading } from '../components/states';
import { comparePeriods } from '../format/period';
import { formatPeriod } from '../format/periodLabel';
import { asPeriodType, FIRST_YEAR, PERIOD_TYPES, type PeriodType } from '../format/periodTypes';
import { formatInUnit } from '../format/inUnit';
import { unitLabel, type Lang } from '../format/quantity';
import { useLang } from '../useLang';

const DEFAULT_INDICATORS = ['ecommerce_volume', 'information_consumption'];
const DEFAULT_FROM = 2015;
/** Units whose children are the next level of the division tree. */
const DRILLABLE = new Set(['nation', 'province', 'prefecture']);

const ORIGIN_MARK: Record<Cell['origin'], string> = {
  reported: '●',
  aggregated: 'Σ',
  computed: 'ƒ',
};

interface Row {
  key: string;
  unit: OrgUnit;
  /** The unit the table is drilled into (the first row). */
  self: boolean;
}

function originText(cell: Cell, indicator: Indicator, fmt: (v: number) => string, t: TFunction) {
  const lines: string[] = [];
  if (cell.origin === 'reported') lines.push(t('pivot.origin.reported'));
  if (cell.origin === 'aggregated')
    lines.push(
      t(`pivot.origin.aggregated.${indicator.aggregation}`, {
        count: cell.units ?? 0,
        defaultValue: t('pivot.origin.aggregated.sum', { count: cell.units ?? 0 }),
      }),
    );
  if (cell.origin === 'computed') {
    lines.push(t('pivot.origin.computed'));
    if (cell.formula)
      lines.push(
        `${cell.formula.numerator} / ${cell.formula.denominator} × ${cell.formula.factor}`,
      );
  }
  if (cell.origin === 'reported' && cell.aggregated !== null && cell.aggregated !== cell.value)
    lines.push(
      t('pivot.origin.belowAddUp', { value: fmt(cell.aggregated), count: cell.units ?? 0 }),
    );
  if (cell.basis) lines.push(t('pivot.basis', { basis: cell.basis }));
  return lines;
}

function CellView({
  cells,
  indicator,
  lang,
}: {
  cells: readonly Cell[];
  indicator: Indicator;
  lang: Lang;
}) {
  const { t } = useTranslation();
  if (cells.length === 0) return <span className="pw-muted">—</span>;
  const fmt = (v: number) => formatInUnit(v, indicator.unit, indicator.unitMult, lang);
  return (
    <div className="pw-pivot-values">
      {cells.map((cell) => (
        <Tooltip
          key={cell.basis}
          title={
            <div>
              {originText(cell, indicator, fmt, t).map((line, i) => (
                <div key={i}>{line}</div>
              ))}
            </div>
          }
        >
          <span
            className={`pw-pivot-value pw-origin-${cell.origin}`}
            data-testid="pivot-value"
            data-origin={cell.origin}
          >
            <span className="pw-num">{fmt(cell.value)}</span>
            <sup className="pw-origin-mark" aria-label={t(`pivot.originShort.${cell.origin}`)}>
              {ORIGIN_MARK[cell.origin]}
            </sup>
          </span>
        </Tooltip>
      ))}
    </div>
  );
}

export default function PivotPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const indicatorList = useApi<IndicatorList>(api.indicators(DEFAULT_PLAN));

  const numeric = useMemo(
    () => (indicatorList.data?.items ?? []).filter((i) => i.kind === 'numeric'),
    [indicatorList.data],
  );
  const thisYear = new Date().getFullYear();
  const requested = (params.get('indicator') ?? DEFAULT_INDICATORS.join(','))
    .split(',')
    .filter(Boolean);
  const indicators = numeric.filter((i) => requested.includes(i.code));
  const unitCode = params.get('unit') ?? 'CN';
  const periodType: PeriodType = asPeriodType(params.get('periodType'));
  const yearParam = (key: string, fallback: number) => {
    const n = Number(params.get(key));
    return Number.isInteger(n) && n >= FIRST_YEAR && n <= thisYear ? n : fallback;
  };
  const from = yearParam('from', DEFAULT_FROM);
  const to = Math.max(from, yearParam('to', thisYear));
  const hideEmpty = params.get('hideEmpty') === '1';

  const unit = useApi<OrgUnit>(api.orgUnit(unitCode));
  const children = useApi<OrgUnitList>(api.orgUnits({ parent: unitCode, limit: 1000 }));
  const ancestry = useAncestry(unit.data);
  const selection: CellQuery | null =
    indicators.length > 0
      ? { indicators: indicators.map((i) => i.code), children: unitCode, from, to, periodType }
      : null;
  const cells = useApi<CellList>(selection ? api.cells(selection) : null);

  const byKey = useMemo(() => {
    const map = new Map<string, Cell[]>();
    for (const cell of cells.data?.items ?? []) {
      const key = `${cell.indicator}|${cell.orgUnit}|${cell.period}`;
      const list = map.get(key);
      if (list) list.push(cell);
      else map.set(key, [cell]);
    }
    for (const list of map.values()) list.sort((a, b) => a.basis.localeCompare(b.basis));
    return map;
  }, [cells.data]);

  const change = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === null) merged.delete(key);
      else merged.set(key, value);
    }
    setParams(merged);
  };
  const drill = (code: string) => change({ unit: code === 'CN' ? null : code });

  if (indicatorList.error)
    return <ErrorState error={indicatorList.error} onRetry={indicatorList.reload} />;
  if (unit.error) return <ErrorState error={unit.error} onRetry={unit.reload} />;
  if (!indicatorList.data || !unit.data) return <Loading />;

  const name = (u: OrgUnit) => unitName(u, lang);
  const allRows: Row[] = [
    { key: unit.data.code, unit: unit.data, self: true },
    ...(children.data?.items ?? []).map((u) => ({ key: u.code, unit: u, self: false })),
  ];
  const hasFigure = (code: string) => (cells.data?.items ?? []).some((c) => c.orgUnit === code);
  const rows = hideEmpty ? allRows.filter((r) => r.self || hasFigure(r.key)) : allRows;

  const periodsOf = (code: string) =>
    [
      ...new Set(
        (cells.data?.items ?? []).filter((c) => c.indicator === code).map((c) => c.period),
      ),
    ].sort(comparePeriods);

  const unitColumn: ColumnType<Row> = {
    title: t('pivot.unit'),
    key: 'unit',
    fixed: 'left',
    width: 220,
    render: (_, row) => {
      const label = (
        <>
          {name(row.unit)} <span className="pw-muted pw-small">{row.unit.code}</span>
        </>
      );
      if (row.self)
        return (
          <span className="pw-strong" data-testid="pivot-self">
            {label}
          </span>
        );
      return DRILLABLE.has(row.unit.level) ? (
        <Typography.Link
          onClick={() => drill(row.unit.code)}
          data-testid={`drill-${row.unit.code}`}
          aria-label={t('pivot.drill', { unit: name(row.unit) })}
        >
          {label}
        </Typography.Link>
      ) : (
        <span>{label}</span>
      );
    },
  };

  const columns: ColumnsType<Row> = [
    unitColumn,
    ...indicators.map((indicator) => {
      const periods = periodsOf(indicator.code);
      const unitText = unitLabel(indicator.unit, indicator.unitMult, lang);
      return {
        title: (
          <span data-testid={`pivot-group-${indicator.code}`}>
            {unitText
              ? t('pivot.groupTitle', { indicator: indicatorName(indicator, lang), unit: unitText })
              : indicatorName(indicator, lang)}
          </span>
        ),
        key: indicator.code,
        children:
          periods.length === 0
            ? [
                {
                  title: t('pivot.noPeriods'),
                  key: `${indicator.code}-none`,
                  width: 160,
                  render: () => <span className="pw-muted">—</span>,
                },
              ]
            : periods.map((period): ColumnType<Row> => ({
                title: formatPeriod(period, t),
                key: `${indicator.code}-${period}`,
                align: 'right',
                width: 130,
                render: (_, row) => (
                  <CellView
                    cells={byKey.get(`${indicator.code}|${row.unit.code}|${period}`) ?? []}
                    indicator={indicator}
                    lang={lang}
                  />
                ),
              })),
      };
    }),
  ];

  const exportLang = lang === 'en' ? 'en' : 'zh';
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);

  return (
    <div data-testid="pivot-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('pivot.title')}
        </Typography.Title>
        <Typography.Text type="secondary" className="pw-page-meta">
          {t('pivot.hint')}
        </Typography.Text>
      </div>

      <Card className="pw-filter-card">
        <Space wrap size="middle" align="end">
          <label className="pw-field">
            <span className="pw-field-label">{t('pivot.indicators')}</span>
            <Select<string[]>
              mode="multiple"
              value={indicators.map((i) => i.code)}
              onChange={(codes) => change({ indicator: codes.join(',') })}
              options={numeric.map((i) => ({ value: i.code, label: indicatorName(i, lang) }))}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('pivot.pickIndicators')}
              style={{ minWidth: 360, maxWidth: 640 }}
              data-testid="pivot-indicators"
            />
          </label>
          <label className="pw-field">
            <span className="pw-field-label">{t('pivot.periodType')}</span>
            <Segmented<PeriodType>
              value={periodType}
              onChange={(v) => change({ periodType: v === 'year' ? null : v })}
              options={PERIOD_TYPES.map((p) => ({ value: p, label: t(`pivot.periodTypes.${p}`) }))}
              data-testid="pivot-period-type"
            />
          </label>
          <label className="pw-field">
            <span className="pw-field-label">{t('pivot.years')}</span>
            <Space size={4}>
              <Select<number>
                value={from}
                onChange={(v) => change({ from: String(v), to: String(Math.max(v, to)) })}
                options={years.map((y) => ({ value: y, label: String(y) }))}
                style={{ width: 96 }}
                data-testid="pivot-from"
              />
              <span>–</span>
              <Select<number>
                value={to}
                onChange={(v) => change({ to: String(v), from: String(Math.min(v, from)) })}
                options={years.map((y) => ({ value: y, label: String(y) }))}
                style={{ width: 96 }}
                data-testid="pivot-to"
              />
            </Space>
          </label>
          <label className="pw-field">
            <span className="pw-field-label">{t('pivot.goTo')}</span>
            <OrgUnitSelect value={undefined} onChange={drill} testId="pivot-unit-search" />
          </label>
        </Space>
      </Card>

      <Card
        className="pw-section"
        data-testid="pivot-card"
        title={
          <Breadcrumb
            data-testid="pivot-breadcrumbs"
            items={(ancestry ?? [unit.data]).map((u, i, all) => ({
              key: u.code,
              title:
                i === all.length - 1 ? (
                  <span>{name(u)}</span>
                ) : (
                  <Typography.Link onClick={() => drill(u.code)}>{name(u)}</Typography.Link>
                ),
            }))}
          />
        }
        extra={
          <Space wrap>
            <span className="pw-small">
              <Switch
                size="small"
                checked={hideEmpty}
                onChange={(on) => change({ hideEmpty: on ? '1' : null })}
                data-testid="pivot-hide-empty"
              />{' '}
              {t('pivot.hideEmpty')}
            </span>
            <Button
              icon={<DownloadOutlined />}
              href={selection ? api.cellsExport(selection, 'csv', exportLang) : undefined}
              disabled={!selection}
              data-testid="export-csv"
            >
              {t('pivot.exportCsv')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={selection ? api.cellsExport(selection, 'xlsx', exportLang) : undefined}
              disabled={!selection}
              data-testid="export-xlsx"
            >
              {t('pivot.exportXlsx')}
            </Button>
          </Space>
        }
      >
        <div className="pw-pivot-legend pw-small pw-muted" data-testid="pivot-legend">
          {(['reported', 'aggregated', 'computed'] as const).map((origin) => (
            <span key={origin}>
              <sup className={`pw-origin-mark pw-origin-${origin}`}>{ORIGIN_MARK[origin]}</sup>{' '}
              {t(`pivot.originShort.${origin}`)}
            </span>
          ))}
          <span>{t('pivot.emptyPeriodsHidden')}</span>
        </div>
        {cells.error ? <ErrorState error={cells.error} onRetry={cells.reload} inline /> : null}
        {children.error ? (
          <ErrorState error={children.error} onRetry={children.reload} inline />
        ) : null}
        {indicators.length === 0 ? (
          <Empty description={t('pivot.pickIndicators')} />
        ) : (
          <Table<Row>
            size="small"
            bordered
            rowKey="key"
            columns={columns}
            dataSource={rows}
            loading={cells.loading || children.loading}
            pagination={false}
            scroll={{ x: 'max-content' }}
            rowClassName={(row) => (row.self ? 'pw-pivot-self' : '')}
            data-testid="pivot-table"
          />
        )}
      </Card>
    </div>
  );
}
