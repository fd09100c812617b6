import { Button, Card, Form, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, type DataSetList } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { assignmentUnitName } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatPeriod } from '../../format/periodLabel';
import { useLang } from '../../useLang';
import { reportingPeriods } from './periods';

const DEFAULT_DATA_SET = 'nids-annual';

export default function ReportPickerPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { user } = useSession();
  const dataSets = useApi<DataSetList>(api.dataSets());
  const roleUnits = useMemo(() => {
    const seen = new Map<string, string>();
    for (const role of user?.roles ?? []) {
      if (!seen.has(role.orgUnitCode)) seen.set(role.orgUnitCode, assignmentUnitName(role, lang));
    }
    return [...seen.entries()];
  }, [user, lang]);
  const [dataSet, setDataSet] = useState(DEFAULT_DATA_SET);
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const [period, setPeriod] = useState<string | undefined>(undefined);

  if (dataSets.error) return <ErrorState error={dataSets.error} onRetry={dataSets.reload} />;
  if (!dataSets.data) return <Loading />;
  const chosen =
    dataSets.data.items.find((item) => item.code === dataSet) ?? dataSets.data.items[0];
  const offered = chosen ? reportingPeriods(chosen, new Date().toISOString().slice(0, 10)) : null;
  const periods = offered?.periods.map((period) => period.code) ?? [];
  const unitCode = unit ?? roleUnits[0]?.[0];
  const periodCode = period ?? offered?.latestOpen;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('report.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('report.intro')}</Typography.Paragraph>
      <Card>
        <Form layout="vertical" style={{ maxWidth: 560 }}>
          <Form.Item label={t('report.dataSet')}>
            <Select
              value={chosen?.code}
              onChange={setDataSet}
              data-testid="pick-data-set"
              options={dataSets.data.items.map((item) => ({
                value: item.code,
                label: lang === 'en' ? item.nameEn : item.nameZh,
              }))}
            />
          </Form.Item>
          <Form.Item label={t('report.unit')} extra={t('report.unitHelp')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Select
                value={roleUnits.some(([code]) => code === unitCode) ? unitCode : undefined}
                onChange={setUnit}
                placeholder={t('report.unitOwn')}
                data-testid="pick-unit"
                options={roleUnits.map(([code, name]) => ({
                  value: code,
                  label: `${name} (${code})`,
                }))}
              />
              <OrgUnitSelect value={unit} onChange={setUnit} testId="pick-unit-search" />
            </Space>
          </Form.Item>
          <Form.Item label={t('report.period')}>
            <Select
              value={periodCode}
              onChange={setPeriod}
              data-testid="pick-period"
              options={periods.map((code) => ({ value: code, label: formatPeriod(code, t) }))}
            />
          </Form.Item>
          <Button
            type="primary"
            disabled={!chosen || !unitCode || !periodCode}
            data-testid="open-form"
            onClick={() =>
              void navigate(
                `/report/${encodeURIComponent(chosen!.code)}/${encodeURIComponent(unitCode!)}/${encodeURIComponent(periodCode!)}`,
              )
            }
          >
            {t('report.open')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
