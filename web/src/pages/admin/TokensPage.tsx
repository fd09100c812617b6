import { KeyOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  Popconfirm,
  Table,
  Tag,
  Typography,
  type DatePickerProps,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  api,
  sendJson,
  type ApiToken,
  type ApiTokenCreated,
  type Grant,
  type TokenList,
} from '../../api/client';
import { useLive } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { ActionError } from '../../components/ActionError';
import { assignmentUnitName, RoleTag } from '../../components/roles';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime, formatDay } from '../../format/dateTime';
import { useLang } from '../../useLang';

/** A calendar day as the date picker hands it over (dayjs, without importing it). */
type Day = Parameters<NonNullable<DatePickerProps['disabledDate']>>[0];

interface TokenForm {
  name: string;
  expiresAt: Day;
  grants: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The server accepts expiry dates at most a year ahead. */
const MAX_DAYS = 365;

const grantKey = (g: Grant) => `${g.role}@${g.orgUnitCode}`;

type TokenState = 'active' | 'expired' | 'revoked';

function stateOf(token: ApiToken, now: number): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const STATE_COLORS: Record<TokenState, string> = {
  active: 'green',
  expired: 'default',
  revoked: 'red',
};

/** The secret of a token just created: shown this once, with a copy button. */
function SecretOnce({ created, onDone }: { created: ApiTokenCreated; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      className="pw-section"
      title={t('tokens.secretTitle', { name: created.name })}
      description={
        <div data-testid="token-secret">
          <Typography.Paragraph>{t('tokens.secretWarning')}</Typography.Paragraph>
          <Typography.Paragraph
            className="pw-secret"
            code
            copyable={{
              text: created.token,
              tooltips: [t('tokens.copy'), t('tokens.copied')],
            }}
            data-testid="token-secret-value"
          >
            {created.token}
          </Typography.Paragraph>
          <Button onClick={onDone} data-testid="token-secret-done">
            {t('tokens.secretDone')}
          </Button>
        </div>
      }
    />
  );
}

export default function TokensPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const tokens = useLive<TokenList>(api.tokens());
  const [form] = Form.useForm<TokenForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [now] = useState(() => Date.now());

  const ownRoles = user?.roles ?? [];
  const unitNames = new Map(ownRoles.map((r) => [r.orgUnitCode, assignmentUnitName(r, lang)]));

  if (tokens.error && !tokens.data)
    return <ErrorState error={tokens.error} onRetry={tokens.reload} />;
  if (!tokens.data) return <Loading />;

  const submit = async (values: TokenForm) => {
    setBusy(true);
    setError(null);
    const chosen = new Set(values.grants);
    try {
      const token = await sendJson<ApiTokenCreated>('POST', api.tokens(), {
        name: values.name.trim(),
        grants: ownRoles
          .filter((r) => chosen.has(grantKey(r)))
          .map((r) => ({ role: r.role, orgUnitCode: r.orgUnitCode })),
        expiresAt: values.expiresAt.endOf('day').toISOString(),
      });
      setCreated(token);
      form.resetFields();
      tokens.update((list) => ({
        items: [
          {
            id: token.id,
            name: token.name,
            prefix: token.prefix,
            grants: token.grants,
            createdAt: token.createdAt,
            expiresAt: token.expiresAt,
            revokedAt: token.revokedAt,
            lastUsedAt: token.lastUsedAt,
          },
          ...list.items,
        ],
      }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    try {
      await sendJson('DELETE', api.token(token.id));
      void message.success(t('tokens.revoked', { name: token.name }));
      tokens.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const columns: ColumnsType<ApiToken> = [
    {
      title: t('tokens.name'),
      key: 'name',
      render: (_, token) => (
        <div>
          <div className="pw-strong">{token.name}</div>
          <Typography.Text code className="pw-small">
            {token.prefix}…
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('tokens.grants'),
      key: 'grants',
      render: (_, token) => (
        <div className="pw-role-tags">
          {token.grants.map((g) => (
            <RoleTag key={grantKey(g)} grant={g} unitLabel={unitNames.get(g.orgUnitCode)} />
          ))}
        </div>
      ),
    },
    {
      title: t('tokens.created'),
      key: 'created',
      width: 160,
      render: (_, token) => (
        <span className="pw-small">{formatDateTime(token.createdAt, lang)}</span>
      ),
    },
    {
      title: t('tokens.expires'),
      key: 'expires',
      width: 130,
      render: (_, token) =>
        token.expiresAt ? (
          <span className="pw-small">{formatDay(token.expiresAt, lang)}</span>
        ) : (
          <span className="pw-muted">{t('tokens.never')}</span>
        ),
    },
    {
      title: t('tokens.lastUsed'),
      key: 'lastUsed',
      width: 160,
      render: (_, token) =>
        token.lastUsedAt ? (
          <span className="pw-small">{formatDateTime(token.lastUsedAt, lang)}</span>
        ) : (
          <span className="pw-muted">{t('tokens.neverUsed')}</span>
        ),
    },
    {
      title: t('tokens.state'),
      key: 'state',
      width: 170,
      render: (_, token) => {
        const state = stateOf(token, now);
        return (
          <span className="pw-token-state">
            <Tag color={STATE_COLORS[state]}>{t(`tokens.states.${state}`)}</Tag>
            {state === 'active' && (
              <Popconfirm
                title={t('tokens.revokeConfirm', { name: token.name })}
                okText={t('tokens.revoke')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => void revoke(token)}
              >
                <Button size="small" danger data-testid={`revoke-${token.id}`}>
                  {t('tokens.revoke')}
                </Button>
              </Popconfirm>
            )}
          </span>
        );
      },
    },
  ];

  return (
    <div data-testid="tokens">
      <Card title={t('tokens.createTitle')}>
        <Typography.Paragraph type="secondary">{t('tokens.hint')}</Typography.Paragraph>
        {error !== null && <ActionError error={error} testId="token-error" />}
        <Form<TokenForm>
          form={form}
          name="token"
          layout="vertical"
          requiredMark={false}
          disabled={busy}
          onFinish={(values) => void submit(values)}
          initialValues={{ grants: ownRoles.map(grantKey) }}
        >
          <div className="pw-token-fields">
            <Form.Item
              name="name"
              label={t('tokens.name')}
              rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }]}
              className="pw-token-name"
            >
              <Input maxLength={100} placeholder={t('tokens.namePlaceholder')} />
            </Form.Item>
            <Form.Item
              name="expiresAt"
              label={t('tokens.expires')}
              extra={t('tokens.expiresHint', { days: MAX_DAYS })}
              rules={[{ required: true, message: t('tokens.expiresRequired') }]}
            >
              <DatePicker
                format="YYYY-MM-DD"
                disabledDate={(day: Day) =>
                  day.endOf('day').valueOf() < Date.now() ||
                  day.startOf('day').valueOf() > Date.now() + MAX_DAYS * DAY_MS
                }
              />
            </Form.Item>
          </div>
          <Form.Item
            name="grants"
            label={t('tokens.grants')}
            extra={t('tokens.grantsHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('tokens.grantsRequired') }]}
          >
            <Checkbox.Group
              options={ownRoles.map((r) => ({
                value: grantKey(r),
                label: `${t(`roles.${r.role}`)} · ${assignmentUnitName(r, lang)}`,
              }))}
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<KeyOutlined />}
            loading={busy}
            data-testid="create-token"
          >
            {t('tokens.create')}
          </Button>
        </Form>
      </Card>

      {created && <SecretOnce created={created} onDone={() => setCreated(null)} />}

      <Card title={t('tokens.listTitle')} className="pw-section">
        {tokens.error ? <ErrorState error={tokens.error} inline /> : null}
        <Table<ApiToken>
          size="middle"
          rowKey="id"
          columns={columns}
          dataSource={tokens.data.items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={t('tokens.none')} /> }}
        />
      </Card>
    </div>
  );
}
