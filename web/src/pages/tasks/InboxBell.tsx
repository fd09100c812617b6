/**
 * The header's bell: the unread count of the signed-in user's inbox, asked
 * every minute, after each navigation and when the inbox page marks
 * something read.
 */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { getJson } from '../../api/client';
import { useSession } from '../../auth/session';
import { taskApi, type Inbox } from './api';
import { onInboxChange } from './inboxEvents';
import './InboxBell.css';

const POLL_MS = 60_000;

export function InboxBell() {
  const { t } = useTranslation();
  const { status, leaving } = useSession();
  const location = useLocation();
  const [unread, setUnread] = useState<number | null>(null);
  const signedIn = status === 'signedIn' && !leaving;

  const count = useCallback((signal?: AbortSignal) => {
    // One notice is enough: the answer carries the unread count.
    getJson<Inbox>(taskApi.inbox(1), signal).then(
      (inbox) => setUnread(inbox.unread),
      () => undefined, // The bell keeps its last count; the inbox page shows errors.
    );
  }, []);

  // After every navigation (and at sign-in).
  useEffect(() => {
    if (!signedIn) {
      setUnread(null);
      return;
    }
    const controller = new AbortController();
    count(controller.signal);
    return () => controller.abort();
  }, [signedIn, location.pathname, count]);

  useEffect(() => {
    if (!signedIn) return;
    const timer = window.setInterval(() => count(), POLL_MS);
    const stop = onInboxChange(() => count());
    return () => {
      window.clearInterval(timer);
      stop();
    };
  }, [signedIn, count]);

  if (!signedIn) return null;
  const label = t('inbox.bell', { count: unread ?? 0 });
  return (
    <Tooltip title={label}>
      <Link
        to="/inbox"
        className="pw-inbox-bell"
        aria-label={label}
        data-testid="inbox-bell"
        data-unread={unread ?? undefined}
      >
        <Badge count={unread ?? 0} size="small" overflowCount={99} data-testid="inbox-unread">
          <BellOutlined className="pw-inbox-bell-icon" />
        </Badge>
      </Link>
    </Tooltip>
  );
}
