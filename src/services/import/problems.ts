/**
 * Every problem of an import, in file order, with a bound on what is kept:
 * a file with millions of bad rows reports the first PROBLEM_CAP and the
 * count of the rest ("and N more"), never silently fewer. Problems may
 * arrive a little out of order (duplicates are found when a batch is
 * staged, checks against the store at the end); the kept ones are always
 * the first PROBLEM_CAP by position.
 */
import type { ValueField } from '../../core/import/value-record.js';

export const PROBLEM_CAP = 100_000;

export interface ImportProblem {
  /** Orders problems: sheet and line (or item number), see positionKey. */
  order: number;
  sheet?: string | undefined;
  /** Line (text files), row (sheets) or item number from 1 (JSON); absent for the file as a whole. */
  line?: number | undefined;
  column?: number | undefined;
  field?: ValueField | undefined;
  /** The cell's text, when the problem is about one cell. */
  cell?: string | undefined;
  message: string;
}

/** Sheets in file order, then lines: a number that sorts as the file reads. */
export function positionKey(sheetIndex: number, line: number): number {
  return sheetIndex * 10_000_000_000 + line;
}

export class ProblemCollector {
  private kept: (ImportProblem & { seq: number })[] = [];
  private seq = 0;
  private dropped = 0;
  /** Once trimmed: problems after this position cannot be among the first PROBLEM_CAP. */
  private limit = Infinity;

  constructor(private readonly cap = PROBLEM_CAP) {}

  get total(): number {
    return this.kept.length + this.dropped;
  }

  add(problem: ImportProblem): void {
    if (problem.order > this.limit) {
      this.dropped += 1;
      return;
    }
    this.kept.push({ ...problem, seq: this.seq++ });
    if (this.kept.length >= 2 * this.cap) this.trim();
  }

  /** Counts problems that are known to exist beyond those added (a capped query's remainder). */
  addUnlisted(count: number): void {
    this.dropped += count;
  }

  /** The first `cap` problems in file order, and how many more there are. */
  result(): { problems: ImportProblem[]; more: number } {
    this.trim();
    return {
      problems: this.kept.map(({ seq: _seq, ...problem }) => problem),
      more: this.dropped,
    };
  }

  private trim(): void {
    this.kept.sort(
      (a, b) => a.order - b.order || (a.column ?? 0) - (b.column ?? 0) || a.seq - b.seq,
    );
    if (this.kept.length > this.cap) {
      this.dropped += this.kept.length - this.cap;
      this.kept.length = this.cap;
      this.limit = this.kept[this.cap - 1]!.order;
    }
  }
}
