/**
 * The plan-text parser: turns a plan document (title, issuers, date,
 * preamble, then chapters "I," / "一、", sections "(1)" / "（一）" and items
 * "1." / "– " / "By 2020,") into a tree, with a note for every correction it
 * made and a problem for everything it could not place. Pure: no I/O, never
 * throws for bad input.
 */
import { PlanBodyParser } from './body.js';
import { parseFrontMatter } from './front-matter.js';
import { classifyLine } from './markers.js';
import { ImportReport, quote } from './report.js';
import type { ParsedPlan } from './types.js';
import { isFooterStart } from './web-furniture.js';
import { isBlank, normaliseLine, splitLines } from './whitespace.js';

/** Index of the first chapter heading, or -1 when the document has none. */
function findFirstChapter(lines: readonly string[]): number {
  return lines.findIndex(
    (line) => !isBlank(line) && classifyLine(normaliseLine(line).content).type === 'chapter',
  );
}

/** Index of the first line of a web page footer after `from`, or the number of lines. */
function findFooter(lines: readonly string[], from: number): number {
  for (let index = from; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (!isBlank(line) && isFooterStart(normaliseLine(line).content)) return index;
  }
  return lines.length;
}

/** Parses a plan document. Problems, not exceptions, report what cannot be placed. */
export function parsePlanText(text: string): ParsedPlan {
  const lines = splitLines(text);
  const report = new ImportReport();
  const firstChapter = findFirstChapter(lines);

  if (firstChapter < 0) {
    const front = parseFrontMatter(lines, lines.length, false, report);
    const firstText = lines.findIndex((line) => !isBlank(line));
    report.problem(
      firstText < 0 ? 1 : firstText + 1,
      1,
      firstText < 0
        ? 'Not a plan: the document is empty.'
        : 'Not a plan: no chapter heading found (expected a line such as "I, Title", "I. Title" or "一、标题").',
    );
    return { ...front, nodes: [], ...report.sorted() };
  }

  const footer = findFooter(lines, firstChapter + 1);
  if (footer < lines.length) {
    const dropped = lines.slice(footer).filter((line) => !isBlank(line)).length;
    report.note(
      footer + 1,
      'footer-dropped',
      `Dropped the web page footer from line ${footer + 1} (${quote(normaliseLine(lines[footer] ?? '').content)}) to the end of the document at line ${lines.length}: ${dropped} non-empty line${dropped === 1 ? '' : 's'} of page furniture, not part of the plan.`,
    );
  }

  const front = parseFrontMatter(lines, firstChapter, true, report);
  if (front.title === '') {
    report.problem(firstChapter + 1, 1, 'No title line before the first chapter.');
  }
  const nodes = new PlanBodyParser(report).parse(lines, firstChapter, footer);
  return { ...front, nodes, ...report.sorted() };
}
