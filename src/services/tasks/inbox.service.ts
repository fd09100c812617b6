/**
 * The in-app inbox: each person reads and marks their own notices, never
 * anyone else's; and says where the daily digest of them goes (their e-mail
 * address, or none for the inbox only).
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../../core/access/policy.js';
import type { Database } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { InputError, NotFoundError, UnauthorizedError } from '../errors.js';

export interface InboxFilter {
  unread?: boolean | undefined;
  limit: number;
  offset: number;
}

const NOTIFICATION_COLUMNS = [
  'id',
  'stage',
  'subject',
  'body',
  'link',
  'warningId',
  'createdAt',
  'readAt',
] as const;

/** A plain address check; what matters is that the SMTP server accepts it. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export class InboxService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The principal's notices, newest first, with how many are unread in all. */
  async list(principal: Principal, filter: InboxFilter) {
    const userId = userIdOf(principal);
    let query = this.db.selectFrom('notification').where('userId', '=', userId);
    if (filter.unread === true) query = query.where('readAt', 'is', null);
    if (filter.unread === false) query = query.where('readAt', 'is not', null);
    const items = await query
      .select(NOTIFICATION_COLUMNS)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const counts = await this.db
      .selectFrom('notification')
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.count<number>('readAt').as('read'),
      ])
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow();
    const total = Number(counts.total);
    const unread = total - Number(counts.read);
    return {
      items,
      unread,
      total: filter.unread === true ? unread : filter.unread === false ? total - unread : total,
    };
  }

  /** Marks one of the principal's own notices read; another person's is "not found". */
  async markRead(principal: Principal, id: number, actor: Actor) {
    const userId = userIdOf(principal);
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('notification')
        .select(NOTIFICATION_COLUMNS)
        .where('id', '=', id)
        .where('userId', '=', userId)
        .executeTakeFirst();
      if (!existing) throw new NotFoundError(`No notice ${id} in your inbox`);
      if (existing.readAt !== null) return existing;
      const readAt = this.now().toISOString();
      await trx.updateTable('notification').set({ readAt }).where('id', '=', id).execute();
      await appendAudit(trx, actor, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: String(id),
        after: { readAt },
      });
      return { ...existing, readAt };
    });
  }

  /** Marks all the principal's unread notices read; returns how many. */
  async markAllRead(principal: Principal, actor: Actor): Promise<number> {
    const userId = userIdOf(principal);
    return this.db.transaction().execute(async (trx) => {
      const readAt = this.now().toISOString();
      const marked = await trx
        .updateTable('notification')
        .set({ readAt })
        .where('userId', '=', userId)
        .where('readAt', 'is', null)
        .returning('id')
        .execute();
      if (marked.length > 0) {
        await appendAudit(trx, actor, {
          action: 'notification.read_all',
          entityType: 'user',
          entityId: String(userId),
          after: { readAt, count: marked.length },
        });
      }
      return marked.length;
    });
  }

  /** Sets (or with null, removes) the principal's own e-mail address for the daily digest. */
  async setOwnEmail(principal: Principal, email: string | null, actor: Actor): Promise<number> {
    const userId = userIdOf(principal);
    const address = email === null ? null : email.trim();
    if (address !== null && (address.length > 254 || !EMAIL.test(address)))
      throw new InputError(`"${email}" is not an e-mail address`, [
        { path: 'email', message: 'an address such as name@example.org' },
      ]);
    await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('userAccount')
        .select('email')
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!before) throw new NotFoundError(`No user has id ${userId}`);
      await trx
        .updateTable('userAccount')
        .set({ email: address })
        .where('id', '=', userId)
        .execute();
      await appendAudit(trx, actor, {
        action: 'user.email',
        entityType: 'user',
        entityId: String(userId),
        before: { email: before.email },
        after: { email: address },
      });
    });
    return userId;
  }
}

function userIdOf(principal: Principal): number {
  if (principal.kind !== 'user') throw new UnauthorizedError('Sign in first: the inbox is yours');
  return principal.userId;
}
