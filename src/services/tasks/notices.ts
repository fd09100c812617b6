/**
 * Raising a warning and telling people, once. A warning row is unique by its
 * key; the people of the unit concerned get an inbox notification (unique per
 * user and notice), webhooks subscribed to the unit get an outbox message, and
 * e-mail goes out in the daily digest built from the inbox. An escalation
 * tells the supervising unit's people the same way. Every step is a plain
 * insert that a unique key turns into a no-op the second time, so running a
 * check twice, or on two instances at once, tells nobody twice.
 *
 * Call it inside the transaction that decided the warning.
 */
import { sql, type Kysely } from 'kysely';
import type { Role } from '../../core/access/policy.js';
import type { Database } from '../../db/schema.js';

export type NoticeKind =
  | 'overdue'
  | 'milestone_due_soon'
  | 'milestone_overdue'
  | 'no_update'
  | 'reported_delay'
  | 'indicator_off_track';

export interface WarningToRaise {
  key: string;
  kind: NoticeKind;
  taskId: number | null;
  indicatorCode: string | null;
  milestone: string | null;
  /** The unit whose people are told first (a task's lead unit). */
  orgUnitCode: string;
  /** The supervising unit an escalation goes to; null when there is none above. */
  escalationUnitCode: string | null;
  since: string;
  message: string;
  /** The app path the notice points to ("/tasks/12"). */
  link: string | null;
}

export interface Notice {
  stage: string;
  /** Unique per user: the same notice is never given twice. */
  dedupeKey: string;
  subject: string;
  body: string;
  link: string | null;
  warningId: number | null;
}

/** Who is told about a unit's own work: the people who do it and manage it there. */
export const OWNER_ROLES: readonly Role[] = ['admin', 'coordinator', 'reporter', 'reviewer'];
/** Who receives an escalation at the supervising unit. */
export const SUPERVISOR_ROLES: readonly Role[] = ['admin', 'coordinator'];

export class Notices {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records the warning if its key is new and tells the unit's people; the
   * second call with the same key changes nothing. Returns the warning's id
   * and whether this call created it.
   */
  async raise(warning: WarningToRaise, today: string): Promise<{ id: number; created: boolean }> {
    const inserted = await this.db
      .insertInto('warning')
      .values({
        key: warning.key,
        kind: warning.kind,
        taskId: warning.taskId,
        indicatorCode: warning.indicatorCode,
        milestone: warning.milestone,
        orgUnitCode: warning.orgUnitCode,
        escalationUnitCode: warning.escalationUnitCode,
        since: warning.since,
        raisedOn: today,
        escalatedOn: null,
        resolvedOn: null,
        message: warning.message,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await this.tell(warning.orgUnitCode, OWNER_ROLES, {
        stage: 'warning',
        dedupeKey: `warning:${warning.key}`,
        subject: warning.message,
        body: warning.message,
        link: warning.link,
        warningId: inserted.id,
      });
      await this.toWebhooks(warning.orgUnitCode, `warning:${warning.key}`, {
        event: 'warning.raised',
        warning: { ...warning, id: inserted.id, raisedOn: today },
      });
      return { id: inserted.id, created: true };
    }
    const existing = await this.db
      .selectFrom('warning')
      .select('id')
      .where('key', '=', warning.key)
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  /**
   * Escalates an open warning to its supervising unit once: the first call
   * stamps the day and tells the supervisors; later calls do nothing.
   */
  async escalate(warningId: number, today: string): Promise<boolean> {
    const updated = await this.db
      .updateTable('warning')
      .set({ escalatedOn: today })
      .where('id', '=', warningId)
      .where('escalatedOn', 'is', null)
      .where('resolvedOn', 'is', null)
      .where('escalationUnitCode', 'is not', null)
      .returningAll()
      .executeTakeFirst();
    if (!updated) return false;
    const message = `Escalated: ${updated.message}`;
    await this.tell(updated.escalationUnitCode!, SUPERVISOR_ROLES, {
      stage: 'escalation',
      dedupeKey: `escalation:${updated.key}`,
      subject: message,
      body: `${message} (unit ${updated.orgUnitCode}, since ${updated.since})`,
      link: updated.taskId !== null ? `/tasks/${updated.taskId}` : null,
      warningId: updated.id,
    });
    await this.toWebhooks(updated.escalationUnitCode!, `escalation:${updated.key}`, {
      event: 'warning.escalated',
      warning: updated,
    });
    return true;
  }

  /** Marks a task's open warnings no longer holding as resolved (the task was updated or done). */
  async resolve(warningIds: readonly number[], today: string): Promise<void> {
    if (warningIds.length === 0) return;
    await this.db
      .updateTable('warning')
      .set({ resolvedOn: today })
      .where('id', 'in', warningIds)
      .where('resolvedOn', 'is', null)
      .execute();
  }

  /**
   * Gives a notice to every enabled user holding one of `roles` directly on
   * the unit. Returns how many were told for the first time.
   */
  async tell(orgUnitCode: string, roles: readonly Role[], notice: Notice): Promise<number> {
    const users = await this.db
      .selectFrom('roleAssignment')
      .innerJoin('userAccount', 'userAccount.id', 'roleAssignment.userId')
      .select('userAccount.id')
      .distinct()
      .where('roleAssignment.orgUnitCode', '=', orgUnitCode)
      .where('roleAssignment.role', 'in', [...roles])
      .where('userAccount.disabledAt', 'is', null)
      .execute();
    if (users.length === 0) return 0;
    const createdAt = this.now().toISOString();
    const inserted = await this.db
      .insertInto('notification')
      .values(
        users.map((user) => ({
          userId: user.id,
          warningId: notice.warningId,
          stage: notice.stage,
          dedupeKey: notice.dedupeKey,
          subject: notice.subject,
          body: notice.body,
          link: notice.link,
          createdAt,
          readAt: null,
          emailedIn: null,
        })),
      )
      .onConflict((oc) => oc.columns(['userId', 'dedupeKey']).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  /** Queues the event for every active webhook whose unit's subtree holds the unit. */
  async toWebhooks(orgUnitCode: string, eventKey: string, payload: unknown): Promise<number> {
    const hooks = await this.db
      .selectFrom('webhook')
      .innerJoin('orgUnit as hookUnit', 'hookUnit.code', 'webhook.orgUnitCode')
      .innerJoin('orgUnit as unit', (join) =>
        join
          .on('unit.code', '=', orgUnitCode)
          .on(sql`unit.path`, 'like', sql`hook_unit.path || '%'`),
      )
      .select(['webhook.id', 'webhook.url'])
      .where('webhook.disabledAt', 'is', null)
      .execute();
    if (hooks.length === 0) return 0;
    const createdAt = this.now().toISOString();
    const inserted = await this.db
      .insertInto('outbox')
      .values(
        hooks.map((hook) => ({
          key: `webhook:${hook.id}:${eventKey}`,
          channel: 'webhook' as const,
          destination: hook.url,
          payload: JSON.stringify({ webhookId: hook.id, ...(payload as object) }),
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: createdAt,
          lastError: null,
          createdAt,
          sentAt: null,
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }
}
