import type { Kysely, Transaction } from 'kysely';
import type { Database, SourceRow } from '../schema.js';

export class SourceRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async insertMany(sources: readonly SourceRow[]): Promise<void> {
    if (sources.length > 0)
      await this.db
        .insertInto('source')
        .values([...sources])
        .execute();
  }

  async list(keys?: readonly string[]): Promise<SourceRow[]> {
    if (keys?.length === 0) return [];
    let query = this.db.selectFrom('source').selectAll();
    if (keys) query = query.where('key', 'in', keys);
    return query.orderBy('key').execute();
  }
}
