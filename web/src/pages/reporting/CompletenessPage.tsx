/**
 * Who has reported a period of a data set, under a unit: a summary, the
 * units directly below with their completeness (at the nation, also as a
 * tile map of the provinces), and every reporting unit with its status.
 * Clicking a unit below drills down; the breadcrumbs go back up.
 */
import {
  Breadcrumb,
  Card,
  Col,
  Empty,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { actionsOf } from '../../../../src/core/access/policy';
import { api, type Completeness, type DataSetList } from '../../api/client';
import { useAncestry } from '../../api/useAncestry';
import { useApi, useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { formatShare, ProvinceTileMap, type TileFigures } from '../../components/ProvinceTileMap';
import { assignmentUnitName, unitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime, formatDay } from '../../format/dateTime';
import { formatPeriod } from '../../format/periodLabel';
import type { Lang } from '../../format/quantity';
import { useLang } from '../../useLang';
import { depthOf, reportingPeriods } from './periods';

const DEFAULT_DATA_SET = 'nids-annual';

type Status = Completeness['units'][number]['status'];
type UnitRow = Completeness['units'][number];
type ChildRow = Completeness['children'][number];

const STATUS_COLORS: Record<Status, string> = {
  on_time: 'green',
  late: 'orange',
  returned: 'magenta',
  overdue: 'red',
  not_due: 'blue',
  not_open: 'default',
};
const STATUS_ORDER: readonly Status[] = [
  'on_time',
  'late',
  'returned',
  'overdue',
  'not_due',
  'not_open',
];

function share(value: number | null, lang: Lang): string {
  return formatShare(value, lang);
}

function count(value: number, lang: Lang): string {
  return value.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN');
}

function CompletenessBar({
  row,
  lang,
}: {
  row: Pick<ChildRow, 'completeness' | 'reported' | 'expected'>;
  lang: Lang;
}) {
  const { t } = useTranslation();
  return (
    <Tooltip
      title={t('completeness.reportedOf', {
        reported: count(row.reported, lang),
        expected: count(row.expected, lang),
      })}
    >
      <Progress
        percent={row.completeness === null ? 0 : Math.round(row.completeness * 1000) / 10}
        size="small"
        status={row.completeness === 1 ? 'success' : 'normal'}
        format={() => share(row.completeness, lang)}
        style={{ minWidth: 140, marginBottom: 0 }}
      />
    </Tooltip>
  );
}

export default function CompletenessPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const dataSets = useApi<DataSetList>(api.dataSets());

  /** Units where the user may read unpublished reports, highest first. */
  const scopes = useMemo(() => {
    const seen = new Map<string, { code: string; name: string }>();
    for (const role of user?.roles ?? []) {
      if (!actionsOf(role.role).includes('read:unpublished')) continue;
      if (!seen.has(role.orgUnitCode))
        seen.set(role.orgUnitCode, {
          code: role.orgUnitCode,
          name: assignmentUnitName(role, lang),
        });
    }
    return [...seen.values()].sort((a, b) => depthOf(a.code) - depthOf(b.code));
  }, [user, lang]);

  const today = new Date().toISOString().slice(0, 10);
  const items = dataSets.data?.items ?? [];
  const dataSet =
    items.find((d) => d.code === (params.get('dataSet') ?? DEFAULT_DATA_SET)) ?? items[0];
  const periods = useMemo(
    () => (dataSet ? reportingPeriods(dataSet, today) : null),
    [dataSet, today],
  );
  const period = params.get('period') ?? periods?.latestOpen;
  const under = params.get('under') ?? scopes[0]?.code;
  const report = useLive<Completeness>(
    dataSet && period && under ? api.completeness(dataSet.code, period, under) : null,
  );
  const ancestry = useAncestry(report.data?.under);

  const change = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined) merged.delete(key);
      else merged.set(key, value);
    }
    setParams(merged);
  };
  const drill = (code: string) => change({ under: code });

  const header = (
    <div className="pw-page-header">
      <Typography.Title level={2} className="pw-page-title">
        {t('completeness.title')}
      </Typography.Title>
      <Typography.Text type="secondary" className="pw-page-meta">
        {t('completeness.hint')}
      </Typography.Text>
    </div>
  );

  if (scopes.length === 0)
    return (
      <div data-testid="completeness-page">
        {header}
        <Card>
          <Empty description={t('completeness.noScope')} />
        </Card>
      </div>
    );
  if (dataSets.error) return <ErrorState error={dataSets.error} onRetry={dataSets.reload} />;
  if (!dataSets.data) return <Loading />;
  if (!dataSet || !periods || !period || !under)
    return (
      <div data-testid="completeness-page">
        {header}
        <Card>
          <Empty description={t('completeness.noDataSets')} />
        </Card>
      </div>
    );

  const data = report.data;
  const periodOptions = periods.periods.some((p) => p.code === period)
    ? periods.periods
    : [{ code: period, open: true }, ...periods.periods];

  const filters = (
    <Card>
      <Space wrap size="large">
        <Space>
          <span>{t('completeness.dataSet')}</span>
          <Select<string>
            value={dataSet.code}
            onChange={(code) => change({ dataSet: code, period: undefined })}
            options={items.map((d) => ({
              value: d.code,
              label: lang === 'en' ? d.nameEn : d.nameZh,
            }))}
            popupMatchSelectWidth={false}
            style={{ minWidth: 280 }}
            data-testid="completeness-data-set"
          />
        </Space>
        <Space>
          <span>{t('completeness.period')}</span>
          <Select<string>
            value={period}
            onChange={(code) => change({ period: code })}
            options={periodOptions.map((p) => ({
              value: p.code,
              label: p.open
                ? formatPeriod(p.code, t)
                : t('completeness.notOpen', { period: formatPeriod(p.code, t) }),
            }))}
            popupMatchSelectWidth={false}
            style={{ minWidth: 140 }}
            data-testid="completeness-period"
          />
        </Space>
        {scopes.length > 1 && (
          <Space>
            <span>{t('completeness.scope')}</span>
            <Select<string>
              value={scopes.some((s) => s.code === under) ? under : undefined}
              placeholder={t('completeness.scopePlaceholder')}
              onChange={(code) => change({ under: code })}
              options={scopes.map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))}
              popupMatchSelectWidth={false}
              style={{ minWidth: 200 }}
              data-testid="completeness-scope"
            />
          </Space>
        )}
      </Space>
    </Card>
  );

  if (report.error && !data)
    return (
      <div data-testid="completeness-page">
        {header}
        {filters}
        <div className="pw-section">
          <ErrorState error={report.error} onRetry={report.reload} inline />
        </div>
      </div>
    );
  if (!data)
    return (
      <div data-testid="completeness-page">
        {header}
        {filters}
        <Loading />
      </div>
    );

  const underName = `${unitName(data.under, lang)} (${data.under.code})`;
  const scopeCodes = new Set(scopes.map((s) => s.code));
  const trail = ancestry ?? [data.under];
  const top = trail.findIndex((unit) => scopeCodes.has(unit.code));
  const crumbs = trail.slice(top < 0 ? trail.length - 1 : top);
  const atNation = data.under.level === 'nation';
  const figures = new Map<string, TileFigures>(
    data.children.map((child) => [child.orgUnit.code, child]),
  );
  const summary = data.summary;

  const childColumns: ColumnsType<ChildRow> = [
    {
      title: t('completeness.unit'),
      key: 'unit',
      render: (_, row) => {
        const name = unitName(row.orgUnit, lang);
        return (
          <span>
            {row.orgUnit.level === 'county' ? (
              <span className="pw-strong">{name}</span>
            ) : (
              <Typography.Link
                onClick={() => drill(row.orgUnit.code)}
                aria-label={t('completeness.drillDown', { unit: name })}
                data-testid={`drill-${row.orgUnit.code}`}
              >
                {name}
              </Typography.Link>
            )}{' '}
            <span className="pw-muted pw-small">{row.orgUnit.code}</span>
          </span>
        );
      },
    },
    {
      title: t('completeness.expected'),
      key: 'expected',
      align: 'right',
      width: 110,
      sorter: (a, b) => a.expected - b.expected,
      render: (_, row) => <span className="pw-num">{count(row.expected, lang)}</span>,
    },
    {
      title: t('completeness.reported'),
      key: 'reported',
      align: 'right',
      width: 110,
      sorter: (a, b) => a.reported - b.reported,
      render: (_, row) => <span className="pw-num">{count(row.reported, lang)}</span>,
    },
    {
      title: t('completeness.onTime'),
      key: 'onTime',
      align: 'right',
      width: 110,
      render: (_, row) => <span className="pw-num">{count(row.onTime, lang)}</span>,
    },
    {
      title: t('completeness.late'),
      key: 'late',
      align: 'right',
      width: 110,
      render: (_, row) => <span className="pw-num">{count(row.late, lang)}</span>,
    },
    {
      title: t('completeness.completeness'),
      key: 'completeness',
      width: 240,
      sorter: (a, b) => (a.completeness ?? -1) - (b.completeness ?? -1),
      render: (_, row) => <CompletenessBar row={row} lang={lang} />,
    },
  ];

  const unitColumns: ColumnsType<UnitRow> = [
    {
      title: t('completeness.unit'),
      key: 'unit',
      render: (_, row) => (
        <span>
          <Link
            to={`/report/${encodeURIComponent(data.dataSet)}/${encodeURIComponent(row.orgUnit.code)}/${encodeURIComponent(data.period)}`}
            title={t('completeness.openForm')}
          >
            {unitName(row.orgUnit, lang)}
          </Link>{' '}
          <span className="pw-muted pw-small">{row.orgUnit.code}</span>
        </span>
      ),
    },
    {
      title: t('completeness.level'),
      key: 'level',
      width: 130,
      render: (_, row) => t(`completeness.unitLevel.${row.orgUnit.level}`),
    },
    {
      title: t('completeness.status'),
      key: 'status',
      width: 170,
      filters: STATUS_ORDER.filter((s) => summary.byStatus[s] > 0).map((s) => ({
        text: `${t(`completeness.statuses.${s}`)} (${count(summary.byStatus[s], lang)})`,
        value: s,
      })),
      onFilter: (value, row) => row.status === value,
      sorter: (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
      render: (_, row) => (
        <Tag color={STATUS_COLORS[row.status]} data-testid="unit-status">
          {t(`completeness.statuses.${row.status}`)}
        </Tag>
      ),
    },
    {
      title: t('completeness.firstSubmitted'),
      key: 'firstSubmitted',
      width: 170,
      render: (_, row) =>
        row.firstSubmittedAt ? (
          <span className="pw-small">{formatDateTime(row.firstSubmittedAt, lang)}</span>
        ) : (
          <span className="pw-muted">{t('common.notAvailable')}</span>
        ),
    },
    {
      title: t('completeness.approval'),
      key: 'awaited',
      width: 200,
      render: (_, row) =>
        row.awaitedLevel ? (
          <Tag color="processing">
            {t('completeness.awaiting', {
              level: t(`completeness.approvalLevel.${row.awaitedLevel}`),
            })}
          </Tag>
        ) : row.state === 'approved' ? (
          <Tag color="success">{t('completeness.approved')}</Tag>
        ) : (
          <span className="pw-muted">{t('common.notAvailable')}</span>
        ),
    },
  ];

  return (
    <div data-testid="completeness-page">
      {header}
      {filters}

      <Card
        className="pw-section"
        data-testid="completeness-summary"
        title={
          <Breadcrumb
            data-testid="completeness-breadcrumbs"
            items={crumbs.map((unit, i) => ({
              key: unit.code,
              title:
                i === crumbs.length - 1 ? (
                  <span>{unitName(unit, lang)}</span>
                ) : (
                  <Typography.Link onClick={() => drill(unit.code)}>
                    {unitName(unit, lang)}
                  </Typography.Link>
                ),
            }))}
          />
        }
        extra={
          <span className="pw-small pw-muted" data-testid="completeness-window">
            {t('completeness.window', {
              period: formatPeriod(data.period, t),
              opens: formatDay(data.window.opensOn, lang),
              closes: formatDay(data.window.closesOn, lang),
            })}
          </span>
        }
      >
        {report.error ? <ErrorState error={report.error} onRetry={report.reload} inline /> : null}
        <Row gutter={[24, 16]}>
          {(
            [
              ['expected', count(summary.expected, lang), t('completeness.unitsSuffix')],
              ['reported', count(summary.reported, lang), t('completeness.unitsSuffix')],
              ['onTime', count(summary.onTime, lang), t('completeness.unitsSuffix')],
              ['late', count(summary.late, lang), t('completeness.unitsSuffix')],
              ['completeness', share(summary.completeness, lang), ''],
              ['timeliness', share(summary.timeliness, lang), ''],
            ] as const
          ).map(([key, value, suffix]) => (
            <Col key={key} xs={12} sm={8} lg={4}>
              <Statistic
                title={
                  <Tooltip title={t(`completeness.summaryHelp.${key}`)}>
                    <span>{t(`completeness.summary.${key}`)}</span>
                  </Tooltip>
                }
                value={value}
                suffix={suffix || undefined}
                data-testid={`summary-${key}`}
              />
            </Col>
          ))}
        </Row>
      </Card>

      {summary.expected === 0 ? (
        <Card className="pw-section">
          <Empty description={t('completeness.noUnits', { unit: underName })} />
        </Card>
      ) : (
        <>
          {atNation && (
            <Card
              className="pw-section"
              title={t('completeness.mapTitle')}
              data-testid="completeness-map"
            >
              <Typography.Paragraph type="secondary" className="pw-small">
                {t('completeness.mapHint')}
              </Typography.Paragraph>
              <ProvinceTileMap
                figures={figures}
                lang={lang}
                onSelect={drill}
                label={t('completeness.map.label', { period: formatPeriod(data.period, t) })}
              />
            </Card>
          )}

          {data.children.length > 0 && (
            <Card
              className="pw-section"
              title={t('completeness.childrenTitle', { unit: unitName(data.under, lang) })}
              data-testid="completeness-children"
            >
              <Table<ChildRow>
                size="small"
                rowKey={(row) => row.orgUnit.code}
                columns={childColumns}
                dataSource={data.children}
                pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
                scroll={{ x: 800 }}
              />
            </Card>
          )}

          <Card
            className="pw-section"
            title={t('completeness.unitsTitle', { count: data.units.length })}
            data-testid="completeness-units"
          >
            <Table<UnitRow>
              size="small"
              rowKey={(row) => row.orgUnit.code}
              columns={unitColumns}
              dataSource={data.units}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 800 }}
              locale={{ emptyText: <Empty description={t('completeness.noUnitsFiltered')} /> }}
            />
          </Card>
        </>
      )}
    </div>
  );
}
