import { AuditOutlined, KeyOutlined, TeamOutlined } from '@ant-design/icons';
import { Tabs, Typography } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, type Action } from '../../auth/session';
import { Loading } from '../../components/states';

export const ADMIN_SECTIONS: ReadonlyArray<{
  key: string;
  action: Action;
  icon: ReactNode;
}> = [
  { key: 'users', action: 'user:manage', icon: <TeamOutlined /> },
  { key: 'tokens', action: 'token:manage', icon: <KeyOutlined /> },
  { key: 'audit', action: 'audit:read', icon: <AuditOutlined /> },
];

export default function AdminLayout() {
  const { t } = useTranslation();
  const { can } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const sections = ADMIN_SECTIONS.filter((s) => can(s.action));
  const active = location.pathname.split('/')[2] ?? '';
  return (
    <div data-testid="admin-page">
      <div className="pw-page-header">
        <Typography.Title level={2} className="pw-page-title">
          {t('admin.title')}
        </Typography.Title>
      </div>
      <Tabs
        className="pw-admin-tabs"
        activeKey={active}
        onChange={(key) => void navigate(`/admin/${key}`)}
        items={sections.map((s) => ({
          key: s.key,
          icon: s.icon,
          label: <span data-testid={`admin-tab-${s.key}`}>{t(`admin.${s.key}.tab`)}</span>,
        }))}
      />
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}

/** `/admin`: the first section the user may open. */
export function AdminIndex() {
  const { can } = useSession();
  const first = ADMIN_SECTIONS.find((s) => can(s.action));
  return first ? <Navigate to={`/admin/${first.key}`} replace /> : null;
}
