import {
  DownOutlined,
  KeyOutlined,
  LoginOutlined,
  LogoutOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, Dropdown } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';

/** The header's right end: "Sign in", or the signed-in user's menu. */
export function UserMenu() {
  const { t } = useTranslation();
  const { status, user, can, signOut, signOutEverywhere, beginLeaving } = useSession();
  const { message, modal } = AntApp.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  /**
   * Signing out goes to the overview first and ends the session once it is
   * shown: a page that needs a session would otherwise send to sign-in.
   */
  const [leaving, setLeaving] = useState<'one' | 'all' | null>(null);
  const atHome = location.pathname === '/';

  useEffect(() => {
    if (leaving === null || !atHome) return;
    setLeaving(null);
    const [end, done] =
      leaving === 'all'
        ? [signOutEverywhere, t('auth.signedOutEverywhere')]
        : [signOut, t('auth.signedOut')];
    end().then(
      () => void message.success(done),
      (error: unknown) =>
        void message.error(error instanceof Error ? error.message : String(error)),
    );
  }, [leaving, atHome, signOut, signOutEverywhere, message, t]);

  if (status === 'loading') return null;
  if (!user) {
    if (location.pathname === '/sign-in') return null;
    const here = `${location.pathname}${location.search}`;
    return (
      <Link
        to={here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`}
        className="pw-sign-in-link"
        data-testid="sign-in-link"
      >
        <LoginOutlined /> {t('auth.signIn')}
      </Link>
    );
  }

  const leave = (which: 'one' | 'all') => {
    beginLeaving(); // before navigating, so nothing asks the server on the way out
    setLeaving(which);
    if (!atHome) void navigate('/');
  };

  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          {
            key: 'who',
            type: 'group',
            label: t('auth.signedInAs', { username: user.username }),
          },
          {
            key: 'account',
            icon: <UserOutlined />,
            label: (
              <Link to="/account" data-testid="menu-account">
                {t('auth.account')}
              </Link>
            ),
          },
          ...(can('token:manage')
            ? [
                {
                  key: 'tokens',
                  icon: <KeyOutlined />,
                  label: (
                    <Link to="/admin/tokens" data-testid="menu-tokens">
                      {t('auth.tokens')}
                    </Link>
                  ),
                },
              ]
            : []),
          { type: 'divider' as const },
          {
            key: 'signOut',
            icon: <LogoutOutlined />,
            label: <span data-testid="menu-sign-out">{t('auth.signOut')}</span>,
            onClick: () => {
              leave('one');
            },
          },
          {
            key: 'signOutEverywhere',
            danger: true,
            icon: <LogoutOutlined />,
            label: (
              <span data-testid="menu-sign-out-everywhere">{t('auth.signOutEverywhere')}</span>
            ),
            onClick: () => {
              modal.confirm({
                title: t('auth.signOutEverywhereTitle'),
                content: t('auth.signOutEverywhereText'),
                okText: t('auth.signOutEverywhere'),
                okButtonProps: { danger: true },
                cancelText: t('common.cancel'),
                onOk: () => leave('all'),
              });
            },
          },
        ],
      }}
    >
      <Button type="text" className="pw-user-button" data-testid="user-menu">
        <UserOutlined />
        <span className="pw-user-name">{user.displayName}</span>
        <DownOutlined className="pw-small" />
      </Button>
    </Dropdown>
  );
}
