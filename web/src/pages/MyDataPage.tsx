import {
  App as AntApp,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  api,
  DEFAULT_PLAN,
  sendJson,
  type DataValue,
  type DataValueList,
  type DataValueWrite,
  type Indicator,
  type IndicatorList,
  type OrgUnitList,
} from '../api/client';
import { useApi, useLive } from '../api/useApi';
import { useSession } from '../auth/session';
import { ActionError } from '../components/ActionError';
import { indicatorName } from '../components/indicatorBits';
import { actorName, assignmentUnitName, unitName } from '../components/roles';
import { ErrorState, Loading } from '../components/states';
import { formatDateTime } from '../format/dateTime';
import { parsePeriod } from '../format/period';
import { formatPeriod } from '../format/periodLabel';
import { formatQuantity, unitLabel } from '../format/quantity';
import { useLang } from '../useLang';

interface EntryForm {
  indicatorCode: string;
  period: string;
  value: number;
  comment?: string;
}

const STATUS_COLORS: Record<DataValue['status'], string> = {
  draft: 'orange',
  published: 'green',
};

const valueKey = (v: Pick<DataValue, 'indicatorCode' | 'period' | 'orgUnitCode'>) =>
  `${v.indicatorCode}|${v.orgUnitCode}|${v.period}`;

/** The units the user holds a role on, each once, with the roles held there. */
function useRoleUnits() {
  const { user } = useSession();
  const lang = useLang();
  return useMemo(() => {
    const units = new Map<string, { code: string; name: string; roles: string[] }>();
    for (const r of user?.roles ?? []) {
      const unit = units.get(r.orgUnitCode) ?? {
        code: r.orgUnitCode,
        name: assignmentUnitName(r, lang),
        roles: [],
      };
      unit.roles.push(r.role);
      units.set(r.orgUnitCode, unit);
    }
    return [...units.values()];
  }, [user, lang]);
}

function EntryCard({
  unitCode,
  unitLabelText,
  indicators,
  existing,
  onSaved,
}: {
  unitCode: string;
  unitLabelText: string;
  indicators: readonly Indicator[];
  /** The unit's values on screen: changing one sends the version seen. */
  existing: readonly DataValue[];
  onSaved: (value: DataValue) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<EntryForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = Form.useWatch('indicatorCode', form);
  const indicator = indicators.find((i) => i.code === chosen);
  const unit = indicator ? unitLabel(indicator.unit, indicator.unitMult, lang) : '';

  const submit = async (values: EntryForm) => {
    setBusy(true);
    setError(null);
    const body: DataValueWrite = {
      indicatorCode: values.indicatorCode,
      orgUnitCode: unitCode,
      period: values.period.trim(),
      value: values.value,
      comment: values.comment?.trim() ? values.comment.trim() : null,
    };
    const seen = existing.find(
      (v) => v.indicatorCode === body.indicatorCode && v.period === body.period && v.basis === '',
    );
    if (seen) body.expectedVersion = seen.version;
    try {
      const saved = await sendJson<DataValue>('PUT', api.writeDataValue(), body);
      void message.success(t('myData.saved'));
      form.setFieldsValue({ value: undefined, comment: undefined });
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('myData.enterTitle', { unit: unitLabelText })}
      className="pw-section"
      data-testid="data-entry"
    >
      {error !== null && <ActionError error={error} testId="data-entry-error" />}
      <Form<EntryForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        onFinish={(values) => void submit(values)}
      >
        <Row gutter={16}>
          <Col xs={24} md={12} xl={8}>
            <Form.Item
              name="indicatorCode"
              label={t('common.indicator')}
              rules={[{ required: true, message: t('myData.indicatorRequired') }]}
            >
              <Select<string>
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('myData.indicatorPlaceholder')}
                options={indicators.map((i) => ({ value: i.code, label: indicatorName(i, lang) }))}
                data-testid="entry-indicator"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={4}>
            <Form.Item
              name="period"
              label={t('common.period')}
              tooltip={t('myData.periodHelp')}
              rules={[
                { required: true, whitespace: true, message: t('myData.periodRequired') },
                {
                  validator: (_, value: string | undefined) =>
                    !value?.trim() || parsePeriod(value) !== null
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('myData.periodInvalid'))),
                },
              ]}
            >
              <Input placeholder="2024, 2024Q3" data-testid="entry-period" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={5}>
            <Form.Item
              name="value"
              label={unit ? t('myData.valueIn', { unit }) : t('common.value')}
              rules={[{ required: true, message: t('myData.valueRequired') }]}
            >
              <InputNumber<number>
                className="pw-full-width"
                suffix={unit || undefined}
                data-testid="entry-value"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={7}>
            <Form.Item name="comment" label={t('myData.comment')}>
              <Input.TextArea
                rows={1}
                maxLength={2000}
                autoSize={{ minRows: 1, maxRows: 4 }}
                data-testid="entry-comment"
              />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="entry-save">
            {t('myData.saveDraft')}
          </Button>
          <Typography.Text type="secondary" className="pw-small">
            {t('myData.draftNote')}
          </Typography.Text>
        </Space>
      </Form>
    </Card>
  );
}

export default function MyDataPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { can } = useSession();
  const roleUnits = useRoleUnits();
  const [scope, setScope] = useState<string | undefined>(undefined);
  const [child, setChild] = useState<string | undefined>(undefined);
  const [lastSaved, setLastSaved] = useState<string | null>(null);

  const scopeCode = scope ?? roleUnits[0]?.code;
  const unitCode = child ?? scopeCode;
  const children = useApi<OrgUnitList>(
    scopeCode ? api.orgUnits({ parent: scopeCode, limit: 1000 }) : null,
  );
  const indicators = useApi<IndicatorList>(api.indicators(DEFAULT_PLAN));
  const values = useLive<DataValueList>(unitCode ? api.dataValues({ orgUnit: unitCode }) : null);

  const byCode = useMemo(
    () => new Map((indicators.data?.items ?? []).map((i) => [i.code, i])),
    [indicators.data],
  );
  const numeric = useMemo(
    () => (indicators.data?.items ?? []).filter((i) => i.kind === 'numeric'),
    [indicators.data],
  );
  const rows = useMemo(
    () =>
      [...(values.data?.items ?? [])].sort(
        (a, b) => b.createdAt.localeCompare(a.createdAt) || a.period.localeCompare(b.period),
      ),
    [values.data],
  );

  const scopeUnit = roleUnits.find((u) => u.code === scopeCode);
  const childUnit = children.data?.items.find((u) => u.code === child);
  const unitText = childUnit
    ? `${unitName(childUnit, lang)} (${childUnit.code})`
    : scopeUnit
      ? `${scopeUnit.name} (${scopeUnit.code})`
      : (unitCode ?? '');

  const header = (
    <div className="pw-page-header">
      <Typography.Title level={2} className="pw-page-title">
        {t('myData.title')}
      </Typography.Title>
      <Typography.Text type="secondary" className="pw-page-meta">
        {t('myData.hint')}
      </Typography.Text>
    </div>
  );

  if (roleUnits.length === 0 || !scopeCode || !unitCode)
    return (
      <div data-testid="my-data-page">
        {header}
        <Card>
          <Empty description={t('myData.noUnits')} />
        </Card>
      </div>
    );
  if (indicators.error) return <ErrorState error={indicators.error} onRetry={indicators.reload} />;
  if (!indicators.data) return <Loading />;

  const columns: ColumnsType<DataValue> = [
    {
      title: t('common.period'),
      key: 'period',
      width: 150,
      render: (_, v) => formatPeriod(v.period, t),
    },
    {
      title: t('common.indicator'),
      key: 'indicator',
      render: (_, v) => {
        const indicator = byCode.get(v.indicatorCode);
        return indicator ? (
          <Link to={`/indicators/${v.indicatorCode}`}>{indicatorName(indicator, lang)}</Link>
        ) : (
          <Typography.Text code>{v.indicatorCode}</Typography.Text>
        );
      },
    },
    {
      title: t('common.value'),
      key: 'value',
      align: 'right',
      width: 170,
      render: (_, v) => {
        const indicator = byCode.get(v.indicatorCode);
        return (
          <span className="pw-num" data-testid="value-cell">
            {indicator
              ? formatQuantity(v.value, indicator.unit, indicator.unitMult, lang, {
                  maximumFractionDigits: 4,
                })
              : v.value}
          </span>
        );
      },
    },
    {
      title: t('myData.status'),
      key: 'status',
      width: 110,
      render: (_, v) => (
        <Tag color={STATUS_COLORS[v.status]} data-testid="status-tag">
          {t(`myData.statuses.${v.status}`)}
        </Tag>
      ),
    },
    {
      title: t('myData.comment'),
      key: 'comment',
      render: (_, v) =>
        v.comment ? (
          <span className="pw-break">{v.comment}</span>
        ) : (
          <span className="pw-muted">{t('common.notAvailable')}</span>
        ),
    },
    {
      title: t('myData.entered'),
      key: 'entered',
      width: 200,
      render: (_, v) => (
        <span className="pw-small">
          <span title={v.createdBy}>{actorName(v.createdBy)}</span>
          <div className="pw-muted">{formatDateTime(v.createdAt, lang)}</div>
        </span>
      ),
    },
  ];

  return (
    <div data-testid="my-data-page">
      {header}
      <Card>
        <Space wrap size="large">
          <Space>
            <span>{t('myData.unit')}</span>
            <Select<string>
              value={scopeCode}
              onChange={(code) => {
                setScope(code);
                setChild(undefined);
              }}
              options={roleUnits.map((u) => ({
                value: u.code,
                label: `${u.name} (${u.code}) · ${u.roles.map((r) => t(`roles.${r}`)).join('、')}`,
              }))}
              popupMatchSelectWidth={false}
              style={{ minWidth: 260 }}
              data-testid="unit-select"
            />
          </Space>
          {(children.data?.items.length ?? 0) > 0 && (
            <Space>
              <span>{t('myData.subUnit')}</span>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={child}
                onChange={(code) => setChild(code ?? undefined)}
                placeholder={t('myData.wholeUnit')}
                options={(children.data?.items ?? []).map((u) => ({
                  value: u.code,
                  label: `${unitName(u, lang)} (${u.code})`,
                }))}
                popupMatchSelectWidth={false}
                style={{ minWidth: 220 }}
                data-testid="child-select"
              />
            </Space>
          )}
        </Space>
      </Card>

      {can('data:write') ? (
        <EntryCard
          key={unitCode}
          unitCode={unitCode}
          unitLabelText={unitText}
          indicators={numeric}
          existing={values.data?.items ?? []}
          onSaved={(saved) => {
            setLastSaved(valueKey(saved));
            values.reload();
          }}
        />
      ) : null}

      <Card
        title={t('myData.valuesTitle', { unit: unitText })}
        className="pw-section"
        data-testid="data-values"
      >
        {values.error ? (
          <ErrorState error={values.error} onRetry={values.reload} inline />
        ) : (
          <Table<DataValue>
            size="small"
            loading={values.loading}
            rowKey={(v) => `${valueKey(v)}|${v.basis}|${v.status}`}
            rowClassName={(v) =>
              v.status === 'draft' && valueKey(v) === lastSaved ? 'pw-row-saved' : ''
            }
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('myData.noValues')} /> }}
          />
        )}
      </Card>
    </div>
  );
}
