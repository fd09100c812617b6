import { SearchOutlined } from '@ant-design/icons';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Row,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, getJson, type AuditEntry, type AuditList } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { actorName } from '../../components/roles';
import { formatDateTime } from '../../format/dateTime';
import { useLang } from '../../useLang';

const PAGE = 100;
const HASH_SHOWN = 12;
/** The kinds of record the server writes to the log (any other text filters too). */
const ENTITY_TYPES = ['user', 'session', 'api_token', 'data_value'];

interface Filter {
  entityType: string;
  entityId: string;
}

function Json({ value, testId }: { value: unknown; testId: string }) {
  const { t } = useTranslation();
  if (value === null || value === undefined)
    return <span className="pw-muted">{t('audit.nothing')}</span>;
  return (
    <pre className="pw-json" data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function EntryDetail({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <div className="pw-audit-detail" data-testid={`audit-detail-${entry.seq}`}>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <div className="pw-card-label">{t('audit.before')}</div>
          <Json value={entry.before} testId="audit-before" />
        </Col>
        <Col xs={24} lg={12}>
          <div className="pw-card-label">{t('audit.after')}</div>
          <Json value={entry.after} testId="audit-after" />
        </Col>
      </Row>
      <div className="pw-small pw-muted pw-audit-hash">
        {t('audit.hash')}
        {t('common.colon')}
        <Typography.Text code copyable className="pw-break">
          {entry.hash}
        </Typography.Text>
      </div>
    </div>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const filter: Filter = {
    entityType: params.get('entityType') ?? '',
    entityId: params.get('entityId') ?? '',
  };
  const key = `${filter.entityType}\n${filter.entityId}`;
  const [form] = Form.useForm<Filter>();
  const [state, setState] = useState<{
    key: string;
    items: AuditEntry[];
    more: boolean;
    error?: unknown;
  } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    const [entityType = '', entityId = ''] = key.split('\n');
    getJson<AuditList>(api.audit({ entityType, entityId, limit: PAGE }), controller.signal).then(
      (list) => setState({ key, items: list.items, more: list.items.length === PAGE }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ key, items: [], more: false, error });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  // The form follows the URL (back and forward, the Clear button).
  useEffect(() => {
    const [entityType = '', entityId = ''] = key.split('\n');
    form.setFieldsValue({ entityType, entityId });
  }, [form, key]);

  const current = state?.key === key ? state : null;

  const loadMore = async () => {
    if (!current) return;
    const last = current.items[current.items.length - 1];
    if (!last) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const list = await getJson<AuditList>(
        api.audit({ ...filter, limit: PAGE, beforeSeq: last.seq }),
      );
      setState({
        key,
        items: [...current.items, ...list.items],
        more: list.items.length === PAGE,
      });
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const apply = (values: Filter) => {
    const next = new URLSearchParams();
    if (values.entityType?.trim()) next.set('entityType', values.entityType.trim());
    if (values.entityId?.trim()) next.set('entityId', values.entityId.trim());
    setParams(next);
  };

  const columns: ColumnsType<AuditEntry> = [
    {
      title: '#',
      dataIndex: 'seq',
      key: 'seq',
      width: 70,
      render: (seq: number) => <span className="pw-num">{seq}</span>,
    },
    {
      title: t('audit.at'),
      key: 'at',
      width: 160,
      render: (_, e) => <span className="pw-small">{formatDateTime(e.at, lang)}</span>,
    },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 160,
      render: (_, e) => <span title={e.actor}>{actorName(e.actor)}</span>,
    },
    {
      title: t('audit.action'),
      key: 'action',
      width: 170,
      render: (_, e) => <Tag>{e.action}</Tag>,
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_, e) => (
        <span>
          <span className="pw-muted">{e.entityType}</span>{' '}
          <Typography.Text code className="pw-break">
            {e.entityId}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('audit.ip'),
      key: 'ip',
      width: 130,
      render: (_, e) => e.actorIp ?? <span className="pw-muted">{t('common.notAvailable')}</span>,
    },
    {
      title: t('audit.hash'),
      key: 'hash',
      width: 150,
      render: (_, e) => (
        <Tooltip title={e.hash}>
          <Typography.Text code className="pw-small" data-testid="audit-hash">
            {e.hash.slice(0, HASH_SHOWN)}…
          </Typography.Text>
        </Tooltip>
      ),
    },
  ];

  return (
    <div data-testid="audit">
      <Card>
        <Form<Filter>
          form={form}
          name="audit-filter"
          layout="inline"
          colon={false}
          initialValues={filter}
          onFinish={apply}
          className="pw-audit-filter"
        >
          <Form.Item name="entityType" label={t('audit.entityType')}>
            <AutoComplete
              allowClear
              placeholder={t('audit.entityTypePlaceholder')}
              options={ENTITY_TYPES.map((value) => ({ value }))}
              style={{ width: 200 }}
            />
          </Form.Item>
          <Form.Item name="entityId" label={t('audit.entityId')}>
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('audit.filter')}
            </Button>
          </Form.Item>
          {(filter.entityType || filter.entityId) && (
            <Form.Item>
              <Button onClick={() => setParams(new URLSearchParams())} data-testid="audit-clear">
                {t('audit.clear')}
              </Button>
            </Form.Item>
          )}
        </Form>
      </Card>
      <Card title={t('audit.title')} className="pw-section">
        {!current ? (
          <Loading />
        ) : current.error ? (
          <ErrorState error={current.error} onRetry={() => setAttempt((n) => n + 1)} inline />
        ) : (
          <>
            <Table<AuditEntry>
              size="small"
              rowKey="seq"
              columns={columns}
              dataSource={current.items}
              pagination={false}
              scroll={{ x: 1000 }}
              expandable={{ expandedRowRender: (entry) => <EntryDetail entry={entry} /> }}
              locale={{ emptyText: <Empty description={t('audit.none')} /> }}
            />
            {moreError !== null && <ErrorState error={moreError} inline />}
            {current.more && (
              <div className="pw-load-more">
                <Button loading={loadingMore} onClick={() => void loadMore()}>
                  {t('audit.loadMore')}
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
