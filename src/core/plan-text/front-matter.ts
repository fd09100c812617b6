/**
 * What comes before the first chapter: the title, the issuing bodies, the date
 * line and the preamble paragraphs, minus web page furniture.
 */
import { parseDateLine } from './dates.js';
import { classifyLine } from './markers.js';
import { quote, type ImportReport } from './report.js';
import { isHeaderFurniture } from './web-furniture.js';
import { isBlank, normaliseLine } from './whitespace.js';

export interface FrontMatter {
  title: string;
  issuers: string[];
  issuedOn: string | null;
  preamble: string;
}

/** A short line without sentence punctuation at its end, before the preamble starts: an issuing body. */
function isIssuerLike(content: string): boolean {
  return (
    [...content].length <= 80 &&
    content.split(/\s+/).length <= 10 &&
    /\p{L}/u.test(content) &&
    !/[.!?。！？;；:：,，]$/u.test(content)
  );
}

/**
 * Reads lines [0, end) as front matter. When `structureFollows` (the document
 * has chapters), a section or a numbered item here cannot be placed and is
 * reported as a problem.
 */
export function parseFrontMatter(
  lines: readonly string[],
  end: number,
  structureFollows: boolean,
  report: ImportReport,
): FrontMatter {
  let title: string | null = null;
  const issuers: string[] = [];
  let issuedOn: string | null = null;
  const preamble: string[] = [];
  let inPreamble = false;

  for (let index = 0; index < end; index += 1) {
    const raw = lines[index] ?? '';
    if (isBlank(raw)) continue;
    const lineNumber = index + 1;
    const line = normaliseLine(raw);
    const { content } = line;

    if (isHeaderFurniture(content)) {
      report.note(
        lineNumber,
        'header-dropped',
        `Dropped web page furniture ${quote(content)} at line ${lineNumber}: it is not part of the plan.`,
      );
      continue;
    }

    if (structureFollows) {
      const shape = classifyLine(content);
      if (shape.type === 'parenthesised') {
        report.problem(
          lineNumber,
          line.column,
          `Section ${quote(content)} comes before the first chapter: a section can only be placed in a chapter.`,
        );
        continue;
      }
      if (shape.type === 'numbered') {
        report.problem(
          lineNumber,
          line.column,
          `Numbered item ${quote(content)} comes before the first chapter: an item can only be placed in a section.`,
        );
        continue;
      }
    }

    report.whitespace(raw, line, lineNumber, title === null ? 'the title' : `line ${lineNumber}`);

    if (title === null) {
      title = content;
      continue;
    }
    if (!inPreamble) {
      const date = parseDateLine(content);
      if (date.kind === 'date' && issuedOn === null) {
        issuedOn = date.iso;
        continue;
      }
      if (date.kind === 'invalid') {
        report.problem(
          lineNumber,
          line.column,
          `Date line ${quote(content)} is not a valid date: ${date.reason}.`,
        );
        continue;
      }
      if (date.kind === 'none' && isIssuerLike(content)) {
        issuers.push(content);
        continue;
      }
      inPreamble = true;
    }
    preamble.push(content);
  }

  return { title: title ?? '', issuers, issuedOn, preamble: preamble.join('\n\n') };
}
