import { Card, Empty, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive } from '../../api/useApi';
import { ErrorState } from '../../components/states';
import { formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';
import {
  inspectionApi,
  type FindingSeverity,
  type InspectionUnitSummary,
  type InspectionYearSummary,
} from './api';
import { UnitLabel } from './bits';
import { SEVERITIES, SEVERITY_COLORS } from './model';

function Count({ value, color }: { value: number; color: string }) {
  return value > 0 ? (
    <Tag color={color} className="pw-num pw-insp-count">
      {value}
    </Tag>
  ) : (
    <span className="pw-muted pw-num">0</span>
  );
}

/**
 * Per inspected unit of the year: inspections, open findings by severity,
 * rectification items open and overdue (counted on the server's today).
 * `version` changes when something it counts changed elsewhere on the page.
 */
export function UnitSummaryTable({ year, version }: { year: number; version: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const summary = useLive<InspectionYearSummary>(inspectionApi.summary(year));
  const { reload } = summary;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const severityColumn = (severity: FindingSeverity) => ({
    key: severity,
    title: t(`inspections.severity.${severity}`),
    align: 'right' as const,
    render: (_: unknown, row: InspectionUnitSummary) => (
      <Count value={row.openFindings[severity]} color={SEVERITY_COLORS[severity]} />
    ),
  });
  const columns: ColumnsType<InspectionUnitSummary> = [
    {
      key: 'unit',
      title: t('inspections.summary.unit'),
      render: (_, row) => <UnitLabel unit={row.unit} />,
    },
    {
      key: 'inspections',
      title: t('inspections.summary.inspections'),
      align: 'right',
      render: (_, row) => <span className="pw-num">{row.inspections}</span>,
    },
    {
      key: 'openFindings',
      title: t('inspections.summary.openFindings'),
      children: SEVERITIES.map(severityColumn),
    },
    {
      key: 'openItems',
      title: t('inspections.summary.openItems'),
      align: 'right',
      render: (_, row) => <span className="pw-num">{row.openRectifications}</span>,
    },
    {
      key: 'overdue',
      title: t('inspections.summary.overdueItems'),
      align: 'right',
      render: (_, row) => <Count value={row.overdueRectifications} color="red" />,
    },
  ];

  return (
    <Card
      size="small"
      className="pw-insp-card"
      data-testid="unit-summary"
      title={t('inspections.summary.title', { year })}
      extra={
        summary.data ? (
          <span className="pw-muted pw-small">
            {t('inspections.summary.asOf', { day: formatDay(summary.data.today, lang) })}
          </span>
        ) : null
      }
    >
      {summary.error !== undefined ? (
        <ErrorState error={summary.error} onRetry={summary.reload} inline />
      ) : (
        <Table<InspectionUnitSummary>
          size="small"
          rowKey={(row) => row.unit.code}
          loading={summary.loading && !summary.data}
          pagination={false}
          bordered
          columns={columns}
          dataSource={summary.data?.items ?? []}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('inspections.summary.none', { year })}
              />
            ),
          }}
        />
      )}
    </Card>
  );
}
