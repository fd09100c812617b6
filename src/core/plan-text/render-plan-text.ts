/**
 * Writes a plan tree back as plan text in the layout parsePlanText reads:
 * the inverse of the parser for well-formed plans (used to test round trips
 * and to export a plan as text). Numbers come from the positions of nodes.
 */
import { numberToChinese, numberToRoman } from './numbering.js';
import type { PlanNodeKind } from './types.js';

export interface PlanTextDraftNode {
  kind: PlanNodeKind;
  title: string;
  text: string;
  children: readonly PlanTextDraftNode[];
}

export interface PlanTextDraft {
  title: string;
  issuers: readonly string[];
  issuedOn: string | null;
  preamble: string;
  nodes: readonly PlanTextDraftNode[];
}

export interface RenderPlanTextOptions {
  /** "en": "I, Title", "(1) Title", "  1. Title. Text"; "zh": "一、标题", "（一）标题", "1.标题。正文". */
  language?: 'en' | 'zh';
  /** Whether a section is written "(1) Title. Text" on one line rather than title and text on separate lines. */
  inlineSection?: (section: PlanTextDraftNode, path: string) => boolean;
  lineEnding?: '\n' | '\r\n';
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function formatDate(iso: string, language: 'en' | 'zh'): string {
  const [year, month, day] = iso.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return iso;
  return language === 'zh'
    ? `${year}年${month}月${day}日`
    : `${day} ${MONTHS[month - 1] ?? month} ${year}`;
}

function paragraphs(text: string): string[] {
  return text === '' ? [] : text.split('\n\n');
}

/** "Title. First paragraph" / "标题。第一段" and the other paragraphs on their own lines. */
function titled(head: string, node: PlanTextDraftNode, language: 'en' | 'zh'): string[] {
  const [first, ...rest] = paragraphs(node.text);
  const stop = language === 'zh' ? '。' : '.';
  const space = language === 'zh' ? '' : ' ';
  return [`${head}${node.title}${stop}${first === undefined ? '' : `${space}${first}`}`, ...rest];
}

function renderItem(item: PlanTextDraftNode, position: number, language: 'en' | 'zh'): string[] {
  if (item.kind === 'objective') {
    const [first, ...rest] = paragraphs(item.text);
    const comma = language === 'zh' ? '，' : ',';
    const space = language === 'zh' ? '' : ' ';
    return [`${item.title}${comma}${first === undefined ? '' : `${space}${first}`}`, ...rest];
  }
  if (item.kind === 'principle') return titled(language === 'zh' ? '——' : '– ', item, language);
  // "1.5G" would read as a decimal number: a title starting with a digit is set off by a space.
  const zhMarker = /^[0-9０-９]/.test(item.title) ? `${position}. ` : `${position}.`;
  return titled(language === 'zh' ? zhMarker : `  ${position}. `, item, language);
}

/** Renders a plan as text. */
export function renderPlanText(plan: PlanTextDraft, options: RenderPlanTextOptions = {}): string {
  const language = options.language ?? 'en';
  const out: string[] = [];
  const block = (...lines: string[]): void => {
    out.push(...lines, '');
  };

  block(plan.title);
  for (const issuer of plan.issuers) block(issuer);
  if (plan.issuedOn !== null) block(formatDate(plan.issuedOn, language));
  for (const paragraph of paragraphs(plan.preamble)) block(paragraph);

  plan.nodes.forEach((chapter, chapterIndex) => {
    const chapterNumber =
      language === 'zh'
        ? `${numberToChinese(chapterIndex + 1)}、`
        : `${numberToRoman(chapterIndex + 1)}, `;
    block(`${chapterNumber}${chapter.title}`);
    for (const paragraph of paragraphs(chapter.text)) block(paragraph);

    chapter.children.forEach((section, sectionIndex) => {
      const marker =
        language === 'zh' ? `（${numberToChinese(sectionIndex + 1)}）` : `(${sectionIndex + 1}) `;
      const path = `${numberToRoman(chapterIndex + 1)}.${sectionIndex + 1}`;
      if (options.inlineSection?.(section, path)) {
        block(...titled(marker, section, language));
      } else {
        block(`${marker}${section.title}`);
        for (const paragraph of paragraphs(section.text)) block(paragraph);
      }
      if (section.children.length > 0) {
        block(
          ...section.children.flatMap((item, itemIndex) =>
            renderItem(item, itemIndex + 1, language),
          ),
        );
      }
    });
  });

  return out.join(options.lineEnding ?? '\n');
}
