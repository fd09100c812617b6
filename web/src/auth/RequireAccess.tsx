import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Loading } from '../components/states';
import { useSession, type Action } from './session';

/** Sends anonymous visitors to sign in and back; says so when the user lacks every listed action. */
export function RequireAccess({
  anyOf = [],
  children,
}: {
  anyOf?: readonly Action[];
  children: ReactNode;
}) {
  const { status, can } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (anyOf.length > 0 && !anyOf.some(can)) return <Forbidden />;
  return <>{children}</>;
}

export function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('auth.forbiddenTitle')}
      subTitle={<div data-testid="forbidden">{t('auth.forbidden')}</div>}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
