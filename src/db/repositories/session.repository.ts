import type { Kysely, Transaction } from 'kysely';
import type { ApiTokenRow, Database, SessionRow } from '../schema.js';

export class SessionRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async insert(session: SessionRow): Promise<void> {
    await this.db.insertInto('session').values(session).execute();
  }

  /** A session that is neither revoked nor expired at `now`. */
  async active(id: string, now: string): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom('session')
      .selectAll()
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', now)
      .executeTakeFirst();
  }

  async touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db
      .updateTable('session')
      .set({ lastSeenAt, expiresAt })
      .where('id', '=', id)
      .execute();
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('session')
      .set({ revokedAt: at })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .execute();
  }

  async revokeAllOf(userId: number, at: string): Promise<number> {
    const result = await this.db
      .updateTable('session')
      .set({ revokedAt: at })
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

export class ApiTokenRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async insert(token: Omit<ApiTokenRow, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('apiToken')
      .values(token)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async byHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
    return this.db
      .selectFrom('apiToken')
      .selectAll()
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst();
  }

  async byId(id: number): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('apiToken').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async ofUser(userId: number): Promise<ApiTokenRow[]> {
    return this.db
      .selectFrom('apiToken')
      .selectAll()
      .where('userId', '=', userId)
      .orderBy('id', 'desc')
      .execute();
  }

  async revoke(id: number, at: string): Promise<void> {
    await this.db
      .updateTable('apiToken')
      .set({ revokedAt: at })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .execute();
  }

  async markUsed(id: number, at: string): Promise<void> {
    await this.db.updateTable('apiToken').set({ lastUsedAt: at }).where('id', '=', id).execute();
  }
}
