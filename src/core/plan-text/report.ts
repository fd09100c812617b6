/**
 * Collects the notes (corrections made) and problems (what could not be
 * placed) of one import, with helpers to quote the document in messages.
 */
import type { ImportNote, ImportNoteKind, ImportProblem } from './types.js';
import { describeCharacter, showInvisible, type NormalisedLine } from './whitespace.js';

export class ImportReport {
  readonly notes: ImportNote[] = [];
  readonly problems: ImportProblem[] = [];

  note(line: number, kind: ImportNoteKind, message: string): void {
    this.notes.push({ line, kind, message });
  }

  problem(line: number, column: number, message: string): void {
    this.problems.push({ line, column, message });
  }

  /** Records a normalised-whitespace note when odd spaces were replaced in a kept line. */
  whitespace(raw: string, normalised: NormalisedLine, line: number, where: string): void {
    if (normalised.replaced.length === 0) return;
    const names = [...new Set(normalised.replaced.map(describeCharacter))].join(', ');
    const trimmed = raw.trim();
    const first = [...trimmed].findIndex((char) => /[^\S ]|\u200B/u.test(char));
    const chars = [...trimmed];
    const from = Math.max(0, first - 30);
    const printed =
      (from > 0 ? '…' : '') +
      showInvisible(chars.slice(from, first + 30).join('')) +
      (first + 30 < chars.length ? '…' : '');
    this.note(
      line,
      'normalised-whitespace',
      `Normalised whitespace in ${where}: ${names} replaced by a plain space (printed "${printed}", kept as ${quote(normalised.content, 120)}).`,
    );
  }

  /** Notes and problems in document order. */
  sorted(): { notes: ImportNote[]; problems: ImportProblem[] } {
    return {
      notes: [...this.notes].sort((a, b) => a.line - b.line),
      problems: [...this.problems].sort((a, b) => a.line - b.line || a.column - b.column),
    };
  }
}

/** Quotes a piece of the document for a message, shortened to `max` characters. */
export function quote(text: string, max = 60): string {
  const chars = [...text];
  const shown = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return `"${showInvisible(shown)}"`;
}
