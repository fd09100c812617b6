import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

export class StoreMetaRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  /**
   * Writes the key if it is absent and says whether this call wrote it. As the
   * first statement of a transaction it takes the write lock, so of several
   * processes opening a new store at once exactly one claims it.
   */
  async claim(key: string, value: string): Promise<boolean> {
    const rows = await this.db
      .insertInto('storeMeta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    return rows.length === 1;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('storeMeta')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }
}
