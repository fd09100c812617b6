import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { inBatches, selectByKeys } from '../batch.js';
import type { Database, NewOrgUnit, OrgUnitRow } from '../schema.js';

export interface OrgUnitQuery {
  parentCode?: string | undefined;
  level?: OrgUnitRow['level'] | undefined;
  /** Matches a code prefix or a part of the Chinese or English name. */
  search?: string | undefined;
  limit: number;
  offset: number;
}

export class OrgUnitRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts units parents-first (callers order them so); one statement per batch. */
  async insertMany(units: readonly NewOrgUnit[]): Promise<void> {
    for (const batch of inBatches(units, 9)) {
      await this.db.insertInto('orgUnit').values(batch).execute();
    }
  }

  async get(code: string): Promise<OrgUnitRow | undefined> {
    return this.db.selectFrom('orgUnit').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** The units of a materialised path, root first ("/CN/420000/420100/" -> CN, 420000, 420100). */
  /** The units with these codes (unknown codes are left out). */
  async byCodes(codes: readonly string[]): Promise<OrgUnitRow[]> {
    return selectByKeys(codes, (batch) =>
      this.db.selectFrom('orgUnit').selectAll().where('code', 'in', batch).execute(),
    );
  }

  async ancestry(path: string): Promise<OrgUnitRow[]> {
    const codes = path.split('/').filter(Boolean);
    if (codes.length === 0) return [];
    const rows = await this.db
      .selectFrom('orgUnit')
      .selectAll()
      .where('code', 'in', codes)
      .execute();
    return rows.sort((a, b) => a.depth - b.depth);
  }

  async list(query: OrgUnitQuery): Promise<{ items: OrgUnitRow[]; total: number }> {
    let select = this.db.selectFrom('orgUnit');
    if (query.parentCode !== undefined) select = select.where('parentCode', '=', query.parentCode);
    if (query.level !== undefined) select = select.where('level', '=', query.level);
    if (query.search) {
      const needle = query.search;
      select = select.where((eb) =>
        eb.or([
          like(eb.ref('code'), `${escapeLike(needle)}%`),
          like(eb.ref('nameZh'), `%${escapeLike(needle)}%`),
          like(eb.fn('lower', ['nameEn']), `%${escapeLike(needle.toLowerCase())}%`),
        ]),
      );
    }
    const [items, count] = await Promise.all([
      select
        .selectAll()
        .orderBy('sortOrder')
        .orderBy('code')
        .limit(query.limit)
        .offset(query.offset)
        .execute(),
      select.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.total) };
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('orgUnit')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }
}

/** LIKE with an explicit escape character: SQLite has no default one, PostgreSQL's is the same. */
function like(value: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${value} like ${pattern} escape '\\'`;
}

/** LIKE patterns: the few characters that are wildcards are matched literally. */
function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (char) => `\\${char}`);
}
