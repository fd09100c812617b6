import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';

/** How many rows a table holds: what a refused request must leave as it was. */
export async function countRows(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
