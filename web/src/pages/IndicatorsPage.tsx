import { Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Indicator } from '../../../src/api/contract';
import { api, DEFAULT_PLAN, type IndicatorList } from '../api/client';
import { useApi } from '../api/useApi';
import { indicatorName, otherName } from '../components/indicatorBits';
import { ErrorState, Loading } from '../components/states';
import { formatPeriod } from '../format/periodLabel';
import { formatQuantity } from '../format/quantity';
import { useLang } from '../useLang';

export default function IndicatorsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const indicators = useApi<IndicatorList>(api.indicators(DEFAULT_PLAN));
  if (indicators.error) return <ErrorState error={indicators.error} onRetry={indicators.reload} />;
  if (!indicators.data) return <Loading />;

  const columns: ColumnsType<Indicator> = [
    {
      title: t('common.indicator'),
      key: 'name',
      render: (_, indicator) => (
        <div>
          <Link to={`/indicators/${indicator.code}`}>{indicatorName(indicator, lang)}</Link>
          <div className="pw-muted pw-small">{otherName(indicator, lang)}</div>
        </div>
      ),
    },
    {
      title: t('indicators.kind'),
      key: 'kind',
      width: 120,
      render: (_, indicator) => <Tag>{t(`indicator.kind.${indicator.kind}`)}</Tag>,
    },
    {
      title: t('common.latest'),
      key: 'latest',
      render: (_, indicator) =>
        indicator.latest
          ? `${formatQuantity(indicator.latest.value, indicator.unit, indicator.unitMult, lang)} (${formatPeriod(indicator.latest.period, t)})`
          : t('common.notAvailable'),
    },
    {
      title: t('indicators.targetsCount'),
      key: 'targets',
      width: 100,
      align: 'right',
      render: (_, indicator) => indicator.targets.length,
    },
    {
      title: t('indicators.code'),
      dataIndex: 'code',
      key: 'code',
      width: 260,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
  ];

  return (
    <div data-testid="indicators-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('indicators.title')}
        </Typography.Title>
      </div>
      <Card>
        <Table<Indicator>
          rowKey="code"
          size="middle"
          pagination={false}
          columns={columns}
          dataSource={indicators.data.items}
        />
      </Card>
    </div>
  );
}
