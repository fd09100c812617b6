/**
 * The daily digest: one e-mail per person per day carrying every inbox
 * notice not yet read nor mailed, instead of a mail per notice. Each
 * person's digest is queued in the outbox and their notices are marked as
 * carried by it in one transaction; the outbox key `digest:<user>:<day>`
 * makes a second run, or a second instance, queue nothing. People without an
 * e-mail address have their inbox only.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { withRetries } from './retry.js';

export interface DigestNotice {
  subject: string;
  body: string;
  link: string | null;
}

export interface DigestMail {
  subject: string;
  text: string;
}

/** Listed one by one up to this many; the rest are counted (they are all in the inbox). */
export const DIGEST_LIST_LIMIT = 100;

export function digestSubject(count: number): string {
  return `Planwatch: ${count} ${count === 1 ? 'notice' : 'notices'} / ${count} 条提醒`;
}

/** The digest's text: each notice with its link, made absolute when the public address is known. */
export function digestMail(notices: readonly DigestNotice[], publicUrl: string | null): DigestMail {
  const base = publicUrl?.replace(/\/+$/, '') ?? null;
  const lines = [
    `Planwatch: ${notices.length} ${notices.length === 1 ? 'notice' : 'notices'} in your inbox`,
    `Planwatch：收件箱中有 ${notices.length} 条提醒`,
    '',
  ];
  notices.slice(0, DIGEST_LIST_LIMIT).forEach((notice, index) => {
    lines.push(`${index + 1}. ${notice.subject}`);
    if (notice.body !== notice.subject) lines.push(`   ${notice.body}`);
    if (notice.link !== null) lines.push(`   ${base === null ? notice.link : base + notice.link}`);
    lines.push('');
  });
  const more = notices.length - DIGEST_LIST_LIMIT;
  if (more > 0) lines.push(`… and ${more} more in the inbox / 另有 ${more} 条见收件箱`, '');
  lines.push(
    'This digest comes once a day with the notices you have not read yet.',
    '本邮件每天汇总一次您尚未阅读的提醒。',
  );
  return { subject: digestSubject(notices.length), text: lines.join('\n') };
}

export class DigestService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { now?: () => Date; publicUrl?: string | null } = {},
  ) {}

  /**
   * Queues the day's digest for everyone with an address and unread, unmailed
   * notices; a person whose digest failed is named (the next run takes them).
   */
  async queue(
    day: string,
    actor: Actor,
  ): Promise<{ queued: number; failures: { taskId: null; message: string }[] }> {
    const recipients = await this.db
      .selectFrom('notification')
      .innerJoin('userAccount', 'userAccount.id', 'notification.userId')
      .select('userAccount.id')
      .distinct()
      .where('notification.emailedIn', 'is', null)
      .where('notification.readAt', 'is', null)
      .where('userAccount.email', 'is not', null)
      .where('userAccount.disabledAt', 'is', null)
      .orderBy('userAccount.id')
      .execute();
    let queued = 0;
    const failures: { taskId: null; message: string }[] = [];
    for (const { id } of recipients) {
      try {
        if (await withRetries(() => this.queueFor(id, day, actor))) queued++;
      } catch (error) {
        failures.push({
          taskId: null,
          message: `digest of user ${id}: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    return { queued, failures };
  }

  private async queueFor(userId: number, day: string, actor: Actor): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('userAccount')
        .select('email')
        .where('id', '=', userId)
        .executeTakeFirst();
      const notices = await trx
        .selectFrom('notification')
        .select(['id', 'subject', 'body', 'link'])
        .where('userId', '=', userId)
        .where('emailedIn', 'is', null)
        .where('readAt', 'is', null)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      if (!user?.email || notices.length === 0) return false;
      const mail = digestMail(notices, this.options.publicUrl ?? null);
      const now = (this.options.now ?? (() => new Date()))().toISOString();
      const outbox = await trx
        .insertInto('outbox')
        .values({
          key: `digest:${userId}:${day}`,
          channel: 'email',
          destination: user.email,
          payload: JSON.stringify(mail),
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          lastError: null,
          createdAt: now,
          sentAt: null,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!outbox) return false;
      const ids = notices.map((notice) => notice.id);
      await trx
        .updateTable('notification')
        .set({ emailedIn: outbox.id })
        .where('id', 'in', ids)
        .execute();
      await appendAudit(trx, actor, {
        action: 'notification.digest',
        entityType: 'user',
        entityId: String(userId),
        after: { outboxId: outbox.id, day, notifications: ids },
      });
      return true;
    });
  }
}
