/**
 * /inbox: the signed-in user's notifications, newest first: warnings on
 * their units' tasks, escalations from the units below, assignments,
 * updates and reviews. Unread ones are bold; opening one marks it read.
 */
import { CheckOutlined, MailOutlined } from '@ant-design/icons';
import { App as AntApp, Badge, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useLive } from '../../api/useApi';
import { ActionError } from '../../components/ActionError';
import { ErrorState, Loading } from '../../components/states';
import { formatDateTime } from '../../format/dateTime';
import { useLang } from '../../useLang';
import { markAllRead, markRead, taskApi, type Inbox, type Notification } from './api';
import { announceInboxChange } from './inboxEvents';
import './tasks.css';

/** The newest notices shown; older ones stay in the store (the API pages through them). */
const PAGE_SIZE = 200;

const STAGE_COLORS: Record<string, string> = {
  warning: 'orange',
  escalation: 'volcano',
  task_assigned: 'blue',
  update_posted: 'cyan',
  update_reviewed: 'green',
};

export default function InboxPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const inbox = useLive<Inbox>(taskApi.inbox(PAGE_SIZE));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const readLocally = (ids: ReadonlySet<number> | 'all') => {
    const now = new Date().toISOString();
    inbox.update((previous) => {
      const items = previous.items.map((n) =>
        n.readAt === null && (ids === 'all' || ids.has(n.id)) ? { ...n, readAt: now } : n,
      );
      const newlyRead = previous.items.filter(
        (n, i) => n.readAt === null && items[i]?.readAt !== null,
      ).length;
      // Only the shown notices are known here; with read-all, nothing stays unread.
      return { ...previous, items, unread: ids === 'all' ? 0 : previous.unread - newlyRead };
    });
    announceInboxChange();
  };

  const read = async (item: Notification) => {
    setError(null);
    try {
      await markRead(item.id);
      readLocally(new Set([item.id]));
    } catch (e) {
      setError(e);
    }
  };

  const readAll = async () => {
    setBusy(true);
    setError(null);
    try {
      await markAllRead();
      readLocally('all');
      void message.success(t('inbox.allReadDone'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const open = async (item: Notification) => {
    if (item.readAt === null) await read(item);
    if (item.link) void navigate(item.link);
  };

  if (inbox.error !== undefined && !inbox.data)
    return <ErrorState error={inbox.error} onRetry={inbox.reload} />;
  if (!inbox.data) return <Loading />;
  const { items, unread } = inbox.data;

  return (
    <div data-testid="inbox-page">
      <div className="pw-page-header pw-task-page-header">
        <div>
          <Typography.Title level={2} className="pw-page-title">
            {t('inbox.title')}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="inbox-summary">
            {t('inbox.summary', { count: inbox.data.total ?? items.length, unread })}
          </Typography.Text>
        </div>
        <Button
          icon={<CheckOutlined />}
          disabled={unread === 0}
          loading={busy}
          onClick={() => void readAll()}
          data-testid="inbox-read-all"
        >
          {t('inbox.readAll')}
        </Button>
      </div>
      {error !== null && <ActionError error={error} testId="inbox-error" />}
      <Card size="small">
        <List<Notification>
          dataSource={items}
          locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
          data-testid="inbox-list"
          renderItem={(item) => {
            const isUnread = item.readAt === null;
            return (
              <List.Item
                key={item.id}
                className={isUnread ? 'pw-inbox-item pw-inbox-unread' : 'pw-inbox-item'}
                data-testid={`inbox-item-${item.id}`}
                data-unread={isUnread}
                actions={[
                  ...(item.link
                    ? [
                        <Button
                          key="open"
                          type="link"
                          size="small"
                          onClick={() => void open(item)}
                          data-testid={`inbox-open-${item.id}`}
                        >
                          {t('inbox.open')}
                        </Button>,
                      ]
                    : []),
                  ...(isUnread
                    ? [
                        <Button
                          key="read"
                          type="link"
                          size="small"
                          onClick={() => void read(item)}
                          data-testid={`inbox-read-${item.id}`}
                        >
                          {t('inbox.markRead')}
                        </Button>,
                      ]
                    : []),
                ]}
              >
                <List.Item.Meta
                  avatar={
                    <Badge dot={isUnread}>
                      <MailOutlined className="pw-inbox-icon" />
                    </Badge>
                  }
                  title={
                    <Space wrap size={[8, 2]}>
                      <Tag color={STAGE_COLORS[item.stage] ?? 'default'}>
                        {t(`inbox.stage.${item.stage}`, { defaultValue: item.stage })}
                      </Tag>
                      <span className={isUnread ? 'pw-strong' : undefined}>{item.subject}</span>
                    </Space>
                  }
                  description={
                    <>
                      {item.body !== item.subject && (
                        <div className="pw-inbox-body">{item.body}</div>
                      )}
                      <span className="pw-small">{formatDateTime(item.createdAt, lang)}</span>
                    </>
                  }
                />
              </List.Item>
            );
          }}
        />
      </Card>
    </div>
  );
}
