/**
 * Delivers what the outbox holds: digest e-mails through SMTP, webhook calls
 * as signed JSON POSTs. Several instances may deliver at once: a row is
 * claimed by a conditional update that counts the attempt and pushes the
 * next attempt past a lease (`where attempts = <as read>`), so exactly one
 * instance sends it, and a sender that dies mid-send leaves it due again when
 * the lease runs out. Nothing is sent inside a database transaction.
 * Failures are retried with back-off (1 min, 5 min, 30 min, 2 h, 12 h) and
 * given up after six attempts.
 */
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database, OutboxTable } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';

export interface MailSettings {
  /** smtp://host:port or smtps://user:password@host:port */
  smtpUrl: string;
  /** The From address of every mail. */
  from: string;
}

/** Minutes to wait after the 1st, 2nd, … failed attempt. */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 720] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
/** How long a claimed row is left to its sender before it is due again. */
export const DELIVERY_LEASE_MS = 5 * 60 * 1000;
export const WEBHOOK_TIMEOUT_MS = 10_000;
const OUTBOX_ACTOR: Actor = { name: 'system:outbox', ip: null };

export interface DeliveryReport {
  sent: number;
  /** Failed and due again later. */
  retrying: number;
  /** Failed for the last time. */
  failed: number;
}

export interface OutboxSenderOptions {
  mail?: MailSettings | null;
  webhookTimeoutMs?: number;
  /** How many due rows one call handles at most. */
  batchSize?: number;
}

/** The wait after `attempts` failed attempts, or null when there is no further attempt. */
export function retryDelayMs(attempts: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const minutes = RETRY_DELAYS_MINUTES[Math.max(attempts, 1) - 1];
  return minutes === undefined ? null : minutes * 60_000;
}

/** The X-Planwatch-Signature value: the hex HMAC-SHA256 of the exact body with the hook's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

type OutboxRow = { id: number } & Omit<OutboxTable, 'id'>;

/** A failure that no retry can mend (the webhook was removed). */
class PermanentFailure extends Error {}

export class OutboxSender {
  private readonly mail: MailSettings | null;
  private transport: Transporter | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: OutboxSenderOptions = {},
  ) {
    this.mail = options.mail ?? null;
  }

  /** Sends every row due at `now` that this instance manages to claim. */
  async deliverDue(now: Date = new Date()): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
    const at = now.toISOString();
    // E-mail rows wait while no SMTP server is set (none are made then, but settings change).
    const channels: OutboxTable['channel'][] = this.mail ? ['email', 'webhook'] : ['webhook'];
    const due = await this.db
      .selectFrom('outbox')
      .select(['id', 'attempts'])
      .where('status', '=', 'pending')
      .where('nextAttemptAt', '<=', at)
      .where('channel', 'in', channels)
      .orderBy('nextAttemptAt')
      .orderBy('id')
      .limit(this.options.batchSize ?? 200)
      .execute();
    for (const candidate of due) {
      const row = await this.claim(candidate.id, candidate.attempts, now);
      if (!row) continue;
      let error: string | null = null;
      let final = false;
      try {
        await this.send(row);
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
        final = caught instanceof PermanentFailure;
      }
      const outcome = await this.record(row, error, final, now);
      report[outcome]++;
    }
    return report;
  }

  /** Releases the SMTP connections. */
  close(): void {
    this.transport?.close();
    this.transport = null;
  }

  private async claim(id: number, attempts: number, now: Date): Promise<OutboxRow | undefined> {
    return this.db
      .updateTable('outbox')
      .set({
        attempts: attempts + 1,
        nextAttemptAt: new Date(now.getTime() + DELIVERY_LEASE_MS).toISOString(),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('attempts', '=', attempts)
      .where('nextAttemptAt', '<=', now.toISOString())
      .returningAll()
      .executeTakeFirst();
  }

  private async record(
    row: OutboxRow,
    error: string | null,
    final: boolean,
    now: Date,
  ): Promise<keyof DeliveryReport> {
    const delay = error === null || final ? null : retryDelayMs(row.attempts);
    const outcome: keyof DeliveryReport =
      error === null ? 'sent' : delay === null ? 'failed' : 'retrying';
    const change = {
      status: outcome === 'retrying' ? ('pending' as const) : outcome,
      lastError: error === null ? row.lastError : error.slice(0, 1000),
      sentAt: error === null ? now.toISOString() : null,
      nextAttemptAt:
        delay === null ? row.nextAttemptAt : new Date(now.getTime() + delay).toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbox')
        .set(change)
        .where('id', '=', row.id)
        .where('attempts', '=', row.attempts)
        .execute();
      await appendAudit(trx, OUTBOX_ACTOR, {
        action: `outbox.${outcome}`,
        entityType: 'outbox',
        entityId: String(row.id),
        after: {
          channel: row.channel,
          key: row.key,
          attempts: row.attempts,
          ...(error === null
            ? {}
            : { error: change.lastError, nextAttemptAt: change.nextAttemptAt }),
        },
      });
    });
    return outcome;
  }

  private async send(row: OutboxRow): Promise<void> {
    switch (row.channel) {
      case 'email':
        return this.sendMail(row);
      case 'webhook':
        return this.callWebhook(row);
    }
  }

  private async sendMail(row: OutboxRow): Promise<void> {
    if (!this.mail) throw new Error('no SMTP server is set (PLANWATCH_SMTP_URL)');
    const mail = JSON.parse(row.payload) as { subject: string; text: string };
    this.transport ??= nodemailer.createTransport({
      url: this.mail.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    await this.transport.sendMail({
      from: this.mail.from,
      to: row.destination,
      subject: mail.subject,
      text: mail.text,
    });
  }

  private async callWebhook(row: OutboxRow): Promise<void> {
    const payload = JSON.parse(row.payload) as { webhookId?: number; event?: string };
    const hook =
      payload.webhookId === undefined
        ? undefined
        : await this.db
            .selectFrom('webhook')
            .select(['secret', 'disabledAt'])
            .where('id', '=', payload.webhookId)
            .executeTakeFirst();
    if (!hook || hook.disabledAt !== null)
      throw new PermanentFailure(`webhook ${payload.webhookId ?? '?'} was removed`);
    const response = await fetch(row.destination, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Planwatch-Webhook',
        'x-planwatch-event': payload.event ?? 'unknown',
        'x-planwatch-delivery': String(row.id),
        'x-planwatch-signature': webhookSignature(hook.secret, row.payload),
      },
      body: row.payload,
      // A redirect would send the signed event somewhere nobody subscribed.
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS),
    });
    // The body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status > 299)
      throw new Error(`HTTP ${response.status} from ${row.destination}`);
  }
}
