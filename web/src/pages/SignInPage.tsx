import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router-dom';
import { safeNext, useSession } from '../auth/session';
import { ActionError } from '../components/ActionError';
import { Loading } from '../components/states';

interface SignInForm {
  username: string;
  password: string;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { status, signIn } = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (status === 'loading') return <Loading />;
  // Signed in (now or already): back to where the visitor came from.
  if (status === 'signedIn') return <Navigate to={next} replace />;

  const submit = async (values: SignInForm) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.username.trim(), values.password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="pw-auth-page" data-testid="sign-in-page">
      <Card className="pw-auth-card">
        <Typography.Title level={3} className="pw-auth-title">
          {t('signIn.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.hint')}</Typography.Paragraph>
        {next !== '/' && (
          <Typography.Paragraph type="secondary" className="pw-small" data-testid="sign-in-next">
            {t('signIn.continueTo', { path: next })}
          </Typography.Paragraph>
        )}
        {error !== null && (
          <ActionError
            error={error}
            testId="sign-in-error"
            titles={{
              401: t('signIn.invalid'),
              423: t('signIn.locked'),
              429: t('signIn.tooMany'),
            }}
          />
        )}
        <Form<SignInForm>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void submit(values)}
          disabled={busy}
        >
          <Form.Item
            name="username"
            label={t('signIn.username')}
            rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={busy}
            data-testid="sign-in-submit"
          >
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
