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
