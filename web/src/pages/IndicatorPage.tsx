import { InfoCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { DataValue, IndicatorDetail, Source, Target } from '../../../src/api/contract';
import { api, type IndicatorProgressList, type TargetProgressView } from '../api/client';
import { useApi } from '../api/useApi';
import { EChart } from '../components/EChart';
import { ExplainDrawer } from '../components/ExplainDrawer';
import { ForecastSummary } from '../components/ForecastSummary';
import { ProgressStatusTag } from '../components/ProgressStatusTag';
import {
  AttainmentBadge,
  attainmentOf,
  indicatorName,
  otherName,
  targetText,
} from '../components/indicatorBits';
import { basisColors, buildSeriesOption } from '../components/seriesChart';
import { ErrorState, Loading } from '../components/states';
import { comparePeriods } from '../format/period';
import { formatPeriod } from '../format/periodLabel';
import { basesOf } from '../format/progress';
import { formatQuantity, unitLabel } from '../format/quantity';
import { useLang } from '../useLang';

const CONFIDENCE_COLORS: Record<string, string> = { high: 'green', medium: 'gold', low: 'red' };

function TargetItem({
  target,
  detail,
  progress,
  onExplain,
}: {
  target: Target;
  detail: IndicatorDetail;
  progress: TargetProgressView | undefined;
  onExplain: (id: number) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const attainment = attainmentOf(target, detail.values, detail.direction, detail.latest?.basis);
  const fmt = (v: number) => formatQuantity(v, detail.unit, detail.unitMult, lang);
  return (
    <div className="pw-target-item" data-testid={`target-item-${target.year}`}>
      <div className="pw-target-item-head">
        <span className="pw-target-year">{t('overview.targetLine', { year: target.year })}</span>
        <span className="pw-target-value">{targetText(target, detail, lang, t)}</span>
        {progress ? (
          <ProgressStatusTag item={progress} testId={`status-${target.year}`} />
        ) : (
          target.kind === 'qualitative' && (
            <Tag>
              {t(`target.status.${target.status ?? 'not_assessed'}`, {
                defaultValue: target.status ?? '',
              })}
            </Tag>
          )
        )}
        {attainment && <AttainmentBadge attainment={attainment} indicator={detail} />}
        {progress && (
          <Button
            size="small"
            icon={<InfoCircleOutlined />}
            onClick={() => onExplain(progress.target.id)}
            data-testid={`explain-${target.year}`}
          >
            {t('explain.button')}
          </Button>
        )}
      </div>
      {progress?.forecast && (
        <ForecastSummary
          forecast={progress.forecast}
          indicator={progress.indicator}
          compact
          testId={`forecast-${target.year}`}
        />
      )}
      <blockquote className="pw-sentence" data-testid="target-sentence">
        {target.sentence}
        <div className="pw-sentence-ref">
          {t('target.planNode')}
          {t('common.colon')}
          <Link to={`/plan/${target.planNodePath}`}>{target.planNodePath}</Link>
        </div>
      </blockquote>
      {target.baselineYear !== null && target.baselineValue !== null && (
        <div className="pw-small">
          <Typography.Text type="secondary">
            {t('target.baseline')}
            {t('common.colon')}
          </Typography.Text>
          {t('target.baselineValue', {
            year: target.baselineYear,
            value: fmt(target.baselineValue),
          })}
        </div>
      )}
      {target.derivation && (
        <div className="pw-small">
          <Typography.Text type="secondary">
            {t('target.derivation')}
            {t('common.colon')}
          </Typography.Text>
          {target.derivation}
        </div>
      )}
    </div>
  );
}

export default function IndicatorPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { code = '' } = useParams<{ code: string }>();
  const detail = useApi<IndicatorDetail>(api.indicator(code));
  const progress = useApi<IndicatorProgressList>(api.indicatorProgress(code));
  const [params, setParams] = useSearchParams();
  const data = detail.data;
  const progressItems = progress.data?.items;

  const option = useMemo(
    () =>
      data
        ? buildSeriesOption({
            unit: data.unit,
            unitMult: data.unitMult,
            values: data.values,
            targets: data.targets,
            lang,
            t,
            forecasts: (progressItems ?? []).flatMap((item) =>
              item.forecast
                ? [
                    {
                      forecast: item.forecast,
                      basis: item.series?.basis ?? null,
                      from: item.assessment?.inputs.latest?.t ?? null,
                    },
                  ]
                : [],
            ),
          })
        : null,
    [data, progressItems, lang, t],
  );
  const explainId = Number(params.get('explain'));
  const explained = progressItems?.find((i) => i.target.id === explainId) ?? null;
  const explain = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('explain');
    else next.set('explain', String(id));
    setParams(next, { replace: true });
  };

  if (detail.error) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!data || !option) return <Loading />;

  const colors = basisColors(data.values);
  const bases = basesOf(data.values);
  const sources = new Map(data.sources.map((s) => [s.key, s]));
  const values = [...data.values].sort(
    (a, b) => comparePeriods(a.period, b.period) || a.basis.localeCompare(b.basis),
  );
  const targets = [...data.targets].sort((a, b) => a.year - b.year || a.id - b.id);
  const unit = unitLabel(data.unit, data.unitMult, lang);

  const valueColumns: ColumnsType<DataValue> = [
    {
      title: t('common.period'),
      key: 'period',
      width: 190,
      render: (_, v) => (
        <span>
          {formatPeriod(v.period, t)}
          {formatPeriod(v.period, t) !== v.period && (
            <span className="pw-muted pw-small"> · {v.period}</span>
          )}
        </span>
      ),
    },
    {
      title: t('common.value'),
      key: 'value',
      align: 'right',
      width: 170,
      render: (_, v) => (
        <span className="pw-num" data-testid="value-cell">
          {formatQuantity(v.value, data.unit, data.unitMult, lang, { maximumFractionDigits: 4 })}
        </span>
      ),
    },
    {
      title: t('indicator.published'),
      key: 'published',
      width: 200,
      render: (_, v) =>
        v.publishedValue !== null ? (
          <span className="pw-muted">
            {v.publishedValue}
            {v.publishedUnit ? ` ${v.publishedUnit}` : ''}
          </span>
        ) : (
          t('common.notAvailable')
        ),
    },
    {
      title: t('indicator.basis'),
      key: 'basis',
      render: (_, v) => (
        <Tag color={colors[v.basis]} className="pw-basis-tag" data-testid="basis-tag">
          {v.basis}
        </Tag>
      ),
    },
    {
      title: t('indicator.sourceKey'),
      key: 'source',
      width: 90,
      render: (_, v) => {
        if (!v.sourceKey) return t('common.notAvailable');
        const source = sources.get(v.sourceKey);
        return (
          <Tooltip title={source?.title ?? v.sourceKey}>
            <Typography.Text code className="pw-source-key">
              {v.sourceKey}
            </Typography.Text>
          </Tooltip>
        );
      },
    },
    {
      title: t('indicator.confidence'),
      key: 'confidence',
      width: 100,
      render: (_, v) =>
        v.confidence ? (
          <Tag color={CONFIDENCE_COLORS[v.confidence]}>
            {t(`indicator.confidences.${v.confidence}`)}
          </Tag>
        ) : (
          t('common.notAvailable')
        ),
    },
  ];

  const sourceColumns: ColumnsType<Source> = [
    {
      title: t('indicator.key'),
      dataIndex: 'key',
      key: 'key',
      width: 90,
      render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
    },
    { title: t('indicator.sourceTitle'), dataIndex: 'title', key: 'title' },
    {
      title: t('indicator.whereFound'),
      dataIndex: 'whereFound',
      key: 'whereFound',
      render: (where: string | null) => (
        <span className="pw-muted pw-break">{where ?? t('common.notAvailable')}</span>
      ),
    },
  ];

  return (
    <div data-testid="indicator-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title" data-testid="indicator-name">
          {indicatorName(data, lang)}
        </Typography.Title>
        <div className="pw-page-meta">
          <Typography.Text type="secondary">{otherName(data, lang)}</Typography.Text>{' '}
          <Typography.Text code>{data.code}</Typography.Text>{' '}
          <Tag>{t(`indicator.kind.${data.kind}`)}</Tag>
        </div>
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card className="pw-fill">
            <Descriptions
              column={1}
              size="small"
              styles={{ label: { width: 140 } }}
              bordered
              items={[
                {
                  key: 'definition',
                  label: t('indicator.definition'),
                  children: lang === 'en' ? data.definitionEn : data.definitionZh,
                },
                {
                  key: 'unit',
                  label: t('indicator.unit'),
                  children: unit || t('indicator.unitNone'),
                },
                {
                  key: 'direction',
                  label: t('indicator.direction'),
                  children: t(`indicator.directions.${data.direction}`),
                },
                {
                  key: 'aggregation',
                  label: t('indicator.aggregation'),
                  children: t(`indicator.aggregations.${data.aggregation}`, {
                    defaultValue: data.aggregation,
                  }),
                },
                ...(data.source
                  ? [{ key: 'source', label: t('indicator.dataSource'), children: data.source }]
                  : []),
                {
                  key: 'planNodes',
                  label: t('indicator.planNodes'),
                  children: data.planNodes.length ? (
                    <ul className="pw-link-list" data-testid="plan-nodes">
                      {data.planNodes.map((n) => (
                        <li key={`${n.planCode}-${n.path}`}>
                          <Link to={`/plan/${n.path}`}>
                            <Typography.Text code>{n.path}</Typography.Text> {n.title}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    t('common.none')
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('indicator.chart')} className="pw-fill">
            {bases.length > 1 && (
              <Alert
                type="info"
                showIcon
                className="pw-bases-note"
                title={t('indicator.basesNote', { count: bases.length })}
              />
            )}
            {data.values.length === 0 && targets.every((x) => x.kind !== 'numeric') ? (
              <Empty description={t('indicator.noValues')} />
            ) : (
              <EChart
                option={option}
                height={360}
                label={indicatorName(data, lang)}
                testId="indicator-chart"
              />
            )}
            {(progressItems ?? []).map((item) =>
              item.forecast ? (
                <ForecastSummary
                  key={item.target.id}
                  forecast={item.forecast}
                  indicator={item.indicator}
                  testId={`chart-forecast-${item.target.year}`}
                />
              ) : null,
            )}
          </Card>
        </Col>
      </Row>

      <Card title={t('indicator.targets')} className="pw-section" data-testid="targets">
        {targets.length === 0 ? (
          <Typography.Text type="secondary">{t('indicator.noTargets')}</Typography.Text>
        ) : (
          targets.map((target) => (
            <TargetItem
              key={target.id}
              target={target}
              detail={data}
              progress={progressItems?.find((i) => i.target.id === target.id)}
              onExplain={explain}
            />
          ))
        )}
        {progress.error ? <ErrorState error={progress.error} inline /> : null}
      </Card>
      <ExplainDrawer item={explained} onClose={() => explain(null)} />

      <Card
        title={t('indicator.values')}
        extra={
          unit ? (
            <Typography.Text type="secondary">
              {t('indicator.unit')}
              {t('common.colon')}
              {unit}
            </Typography.Text>
          ) : null
        }
        className="pw-section"
        data-testid="values"
      >
        <Table<DataValue>
          size="small"
          pagination={false}
          rowKey={(v) => `${v.period}|${v.basis}|${v.orgUnitCode}`}
          columns={valueColumns}
          dataSource={values}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={t('indicator.noValues')} /> }}
        />
      </Card>

      <Card title={t('indicator.sources')} className="pw-section" data-testid="sources">
        <Table<Source>
          size="small"
          pagination={false}
          rowKey="key"
          columns={sourceColumns}
          dataSource={data.sources}
          locale={{ emptyText: <Empty description={t('common.none')} /> }}
        />
      </Card>
    </div>
  );
}
