/**
 * Webhook subscriptions: a unit's managers name a URL that receives the
 * warnings raised about units in their subtree (and escalations to it) as
 * signed JSON. The signing secret is shown once, when the hook is made.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decide, scopesFor, type Principal } from '../../core/access/policy.js';
import type { Database } from '../../db/schema.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { ForbiddenError, InputError, NotFoundError } from '../errors.js';

export interface WebhookView {
  id: number;
  orgUnitCode: string;
  url: string;
  createdBy: string;
  createdAt: string;
}

/** Why a URL cannot receive webhooks, or null when it can: http or https only. */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not an absolute URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `only http and https URLs receive webhooks, not ${url.protocol.replace(/:$/, '')}`;
  if (url.username !== '' || url.password !== '')
    return 'credentials do not belong in the URL; the signature authenticates each call';
  return null;
}

export class WebhookService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Active hooks on units within `unit`'s subtree that the principal manages tasks for. */
  async list(principal: Principal, unit: string | undefined): Promise<WebhookView[]> {
    const scopes = scopesFor(principal, 'task:manage');
    if (scopes.length === 0) return [];
    const within = unit === undefined ? null : await this.unitPath(unit);
    let query = this.db
      .selectFrom('webhook')
      .innerJoin('orgUnit', 'orgUnit.code', 'webhook.orgUnitCode')
      .select([
        'webhook.id',
        'webhook.orgUnitCode',
        'webhook.url',
        'webhook.createdBy',
        'webhook.createdAt',
      ])
      .where('webhook.disabledAt', 'is', null)
      .where((eb) => eb.or(scopes.map((path) => eb('orgUnit.path', 'like', `${path}%`))));
    if (within !== null) query = query.where('orgUnit.path', 'like', `${within}%`);
    return query.orderBy('webhook.id').execute();
  }

  async create(
    principal: Principal,
    input: { orgUnitCode: string; url: string },
    actor: Actor,
  ): Promise<WebhookView & { secret: string }> {
    const problem = webhookUrlProblem(input.url);
    if (problem)
      throw new InputError(`The webhook URL is refused: ${problem}`, [
        { path: 'url', message: problem },
      ]);
    const path = await this.unitPath(input.orgUnitCode);
    this.assertManages(principal, path, input.orgUnitCode);
    const secret = `whsec_${randomBytes(32).toString('hex')}`;
    const createdAt = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('webhook')
        .values({
          orgUnitCode: input.orgUnitCode,
          url: input.url,
          secret,
          createdBy: actor.name,
          createdAt,
          disabledAt: null,
        })
        .returning(['id', 'orgUnitCode', 'url', 'createdBy', 'createdAt'])
        .executeTakeFirstOrThrow();
      await appendAudit(trx, actor, {
        action: 'webhook.create',
        entityType: 'webhook',
        entityId: String(row.id),
        after: { orgUnitCode: row.orgUnitCode, url: row.url },
      });
      return { ...row, secret };
    });
  }

  /** Stops a hook: nothing more is queued for it, and what is queued is not sent. */
  async remove(principal: Principal, id: number, actor: Actor): Promise<void> {
    const hook = await this.db
      .selectFrom('webhook')
      .innerJoin('orgUnit', 'orgUnit.code', 'webhook.orgUnitCode')
      .select(['webhook.id', 'webhook.orgUnitCode', 'webhook.url', 'orgUnit.path'])
      .where('webhook.id', '=', id)
      .where('webhook.disabledAt', 'is', null)
      .executeTakeFirst();
    if (!hook) throw new NotFoundError(`No webhook has id ${id}`);
    this.assertManages(principal, hook.path, hook.orgUnitCode);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('webhook')
        .set({ disabledAt: this.now().toISOString() })
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, actor, {
        action: 'webhook.remove',
        entityType: 'webhook',
        entityId: String(id),
        before: { orgUnitCode: hook.orgUnitCode, url: hook.url },
      });
    });
  }

  /** The unit of a hook, for the route policy; null when there is none. */
  async unitOf(id: number): Promise<string | null> {
    if (!Number.isInteger(id)) return null;
    const row = await this.db
      .selectFrom('webhook')
      .select('orgUnitCode')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.orgUnitCode ?? null;
  }

  private async unitPath(code: string): Promise<string> {
    const unit = await this.db
      .selectFrom('orgUnit')
      .select('path')
      .where('code', '=', code)
      .executeTakeFirst();
    if (!unit) throw new NotFoundError(`No org unit has code ${code}`);
    return unit.path;
  }

  private assertManages(principal: Principal, path: string, code: string): void {
    const decision = decide(principal, 'task:manage', path);
    if (!decision.allowed) throw new ForbiddenError(`${decision.reason} (webhooks of ${code})`);
  }
}
