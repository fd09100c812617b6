import { App as AntApp, Button, Card, Col, Descriptions, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, sendJson } from '../api/client';
import { useSession } from '../auth/session';
import { NewPasswordField } from '../components/NewPasswordField';
import { ActionError } from '../components/ActionError';
import { RoleTags } from '../components/roles';
import { formatDateTime } from '../format/dateTime';
import { useLang } from '../useLang';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function AccountPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const { session, forget } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const { user } = session;

  const submit = async (values: PasswordForm) => {
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', api.password(), {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      // Changing the password ends every session, this one too: sign in again with the new one.
      void message.success(t('account.passwordChanged'));
      forget();
      void navigate(`/sign-in?next=${encodeURIComponent('/account')}`, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="account-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('account.title')}
        </Typography.Title>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('account.profile')} className="pw-fill">
            <Descriptions
              column={1}
              size="small"
              bordered
              styles={{ label: { width: 160 } }}
              items={[
                { key: 'displayName', label: t('account.displayName'), children: user.displayName },
                {
                  key: 'username',
                  label: t('account.username'),
                  children: <Typography.Text code>{user.username}</Typography.Text>,
                },
                {
                  key: 'roles',
                  label: t('account.roles'),
                  children: <RoleTags roles={user.roles} />,
                },
                {
                  key: 'expires',
                  label: t('account.sessionExpires'),
                  children: formatDateTime(session.expiresAt, lang),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('account.changePassword')} className="pw-fill">
            {error !== null && <ActionError error={error} testId="password-error" />}
            <Form<PasswordForm>
              form={form}
              layout="vertical"
              requiredMark={false}
              onFinish={(values) => void submit(values)}
              disabled={busy}
              data-testid="password-form"
            >
              <Form.Item
                name="currentPassword"
                label={t('account.currentPassword')}
                rules={[{ required: true, message: t('account.currentRequired') }]}
              >
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <NewPasswordField name="newPassword" label={t('account.newPassword')} />
              <Form.Item
                name="confirm"
                label={t('account.confirmPassword')}
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('account.confirmRequired') },
                  ({ getFieldValue }) => ({
                    validator: (_, value: string | undefined) =>
                      !value || getFieldValue('newPassword') === value
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('account.mismatch'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('account.savePassword')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
