import type { RecordProblem, ValueRecord } from '../core/import/value-record.js';

/** Format readers yield a record or the problems of a row. */
export function isProblemList(item: ValueRecord | RecordProblem[]): item is RecordProblem[] {
  return Array.isArray(item);
}
