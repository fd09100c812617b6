/** Inbox notices and webhook subscriptions to the shapes of the API (and the CLI's `--json`). */
import type { Notification } from './tasks-contract.js';
import type { NotificationRow } from '../db/schema.js';

export function presentNotification(
  row: Pick<
    NotificationRow,
    'id' | 'stage' | 'subject' | 'body' | 'link' | 'warningId' | 'createdAt' | 'readAt'
  >,
): Notification {
  return {
    id: row.id,
    stage: row.stage,
    subject: row.subject,
    body: row.body,
    link: row.link,
    warningId: row.warningId,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}
