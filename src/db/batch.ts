/** Splits rows into batches that stay under both engines' bound-parameter limits. */
export function inBatches<T>(
  rows: readonly T[],
  columnsPerRow: number,
  maxParameters = 30_000,
): T[][] {
  const size = Math.max(1, Math.floor(maxParameters / Math.max(1, columnsPerRow)));
  const batches: T[][] = [];
  for (let start = 0; start < rows.length; start += size)
    batches.push(rows.slice(start, start + size));
  return batches;
}

/** Runs `query` on the distinct keys, a batch at a time under the parameter limits, and joins the rows. */
export async function selectByKeys<K, R>(
  keys: readonly K[],
  query: (batch: K[]) => Promise<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (const batch of inBatches([...new Set(keys)], 1)) rows.push(...(await query(batch)));
  return rows;
}
