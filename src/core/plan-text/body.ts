/**
 * Builds the tree of chapters, sections and items from the lines between the
 * first chapter heading and the end of the text.
 */
import { classifyLine, type LineShape } from './markers.js';
import { numberToRoman, numeralSystemName, type Numeral, type NumeralSystem } from './numbering.js';
import { quote, type ImportReport } from './report.js';
import { splitTitle, type TitleSplit } from './sentences.js';
import type { ParsedPlanNode, PlanNodeKind } from './types.js';
import { isBlank, normaliseLine } from './whitespace.js';

type ItemKind = Extract<PlanNodeKind, 'measure' | 'objective' | 'principle'>;
/** "1." and "12," are one family of item markers, "（1）" another. */
type MarkerFamily = 'numbered' | 'parenthesised';

interface Draft {
  node: ParsedPlanNode;
  paragraphs: string[];
}

interface SectionDraft extends Draft {
  itemKind: ItemKind;
  family: MarkerFamily | null;
  /** Separator ("." or ",") and indentation of the first numbered item, to describe irregular ones. */
  separator: string | null;
  indent: number | null;
  items: Draft[];
}

interface ChapterDraft extends Draft {
  sections: SectionDraft[];
}

interface Where {
  line: number;
  column: number;
  indent: number;
}

const MAX_SPECIAL_TITLE_LENGTH = 80;

/** Objectives and principles sections are recognised by a short title naming them. */
function itemKindOf(sectionTitle: string): ItemKind {
  if ([...sectionTitle].length > MAX_SPECIAL_TITLE_LENGTH) return 'measure';
  if (/objective/i.test(sectionTitle) || sectionTitle.includes('目标')) return 'objective';
  if (/principle/i.test(sectionTitle) || sectionTitle.includes('原则')) return 'principle';
  return 'measure';
}

function newNode(
  kind: PlanNodeKind,
  number: string,
  printed: string | null,
  path: string,
  title: string,
  line: number,
): ParsedPlanNode {
  return {
    kind,
    number,
    printedNumber: printed === null || printed === number ? null : printed,
    path,
    title,
    text: '',
    line,
    children: [],
  };
}

/** Turns the drafts into nodes with their text joined from paragraphs. */
function finish(draft: Draft, children: ParsedPlanNode[]): ParsedPlanNode {
  return { ...draft.node, text: draft.paragraphs.join('\n\n'), children };
}

export class PlanBodyParser {
  private readonly chapters: ChapterDraft[] = [];
  private chapter: ChapterDraft | null = null;
  private section: SectionDraft | null = null;
  private item: Draft | null = null;
  private chapterSystem: NumeralSystem | null = null;
  private sectionSystem: NumeralSystem | null = null;

  constructor(private readonly report: ImportReport) {}

  /** Parses lines [start, end) of the document. */
  parse(lines: readonly string[], start: number, end: number): ParsedPlanNode[] {
    for (let index = start; index < end; index += 1) {
      const raw = lines[index] ?? '';
      if (isBlank(raw)) continue;
      const line = normaliseLine(raw);
      const where: Where = { line: index + 1, column: line.column, indent: line.indent };
      this.report.whitespace(raw, line, where.line, `line ${where.line}`);
      this.handleLine(line.content, classifyLine(line.content), where);
    }
    return this.chapters.map((chapter) =>
      finish(
        chapter,
        chapter.sections.map((section) =>
          finish(
            section,
            section.items.map((item) => finish(item, [])),
          ),
        ),
      ),
    );
  }

  private handleLine(content: string, shape: LineShape, where: Where): void {
    switch (shape.type) {
      case 'chapter':
        this.openChapter(shape.numeral, shape.marker, shape.rest, where);
        return;
      case 'parenthesised':
        // In a plan whose sections are numbered "（一）", "（1）" is an item, not a section.
        if (shape.numeral.system === 'arabic' && this.sectionSystem === 'chinese') {
          this.openNumberedItem(
            content,
            shape.numeral,
            shape.marker,
            '',
            'parenthesised',
            shape.rest,
            where,
          );
        } else {
          this.openSection(shape.numeral, shape.marker, shape.rest, where);
        }
        return;
      case 'numbered':
        this.openNumberedItem(
          content,
          shape.numeral,
          shape.marker,
          shape.separator,
          'numbered',
          shape.rest,
          where,
        );
        return;
      case 'bare-marker':
        this.report.problem(
          where.line,
          where.column,
          `Marker ${quote(shape.marker)} stands alone on its line: a chapter, section or item needs a title after its number.`,
        );
        return;
      case 'no-words':
        this.report.problem(
          where.line,
          where.column,
          `Line ${quote(content)} has no words: it is neither a heading, an item nor a paragraph of the plan.`,
        );
        return;
      case 'dash':
      case 'by':
      case 'paragraph':
        this.paragraph(content, shape, where);
        return;
    }
  }

  /** A paragraph, which starts a principle or an objective in the sections that have them. */
  private paragraph(content: string, shape: LineShape, where: Where): void {
    if (shape.type === 'dash' && this.section?.itemKind === 'principle') {
      this.openUnnumberedItem(shape.rest === '' ? content : shape.rest, where, 'principle');
      return;
    }
    if (shape.type === 'by' && this.section?.itemKind === 'objective') {
      this.openObjective(shape.phrase, shape.rest, where);
      return;
    }
    const target = this.item ?? this.section ?? this.chapter;
    if (!target) {
      this.report.problem(
        where.line,
        where.column,
        `Paragraph ${quote(content)} comes before the first chapter.`,
      );
      return;
    }
    target.paragraphs.push(content);
  }

  private openChapter(numeral: Numeral, marker: string, rest: string, where: Where): void {
    const position = this.chapters.length + 1;
    const number = numberToRoman(position);
    const split = splitTitle(rest, { strayWithoutFullStop: false });
    const chapter: ChapterDraft = {
      node: newNode('chapter', number, numeral.printed, number, split.title, where.line),
      paragraphs: [],
      sections: [],
    };
    this.chapters.push(chapter);
    this.chapter = chapter;
    this.section = null;
    this.item = null;

    if (this.chapterSystem === null) this.chapterSystem = numeral.system;
    else if (numeral.system !== this.chapterSystem) {
      this.report.note(
        where.line,
        'mixed-numbering',
        `Chapter printed as ${quote(marker)} at line ${where.line} uses ${numeralSystemName(numeral.system)} numerals among ${numeralSystemName(this.chapterSystem)} ones; placed as chapter ${number}.`,
      );
    }
    if (numeral.value !== position) {
      this.report.note(
        where.line,
        'renumbered',
        `Chapter printed as ${quote(marker)} at line ${where.line} breaks the sequence of chapters (expected ${number}); placed by its position as chapter ${number}.`,
      );
    }
    this.afterTitle(split, 'chapter', chapter.node, where);
    if (split.text !== '') chapter.paragraphs.push(split.text);
  }

  private openSection(numeral: Numeral, marker: string, rest: string, where: Where): void {
    const chapter = this.chapter;
    if (!chapter) {
      this.report.problem(
        where.line,
        where.column,
        `Section ${quote(`${marker} ${rest}`)} comes before the first chapter.`,
      );
      return;
    }
    const position = chapter.sections.length + 1;
    const number = String(position);
    const path = `${chapter.node.path}.${number}`;
    const split = splitTitle(rest, { strayWithoutFullStop: false });
    const section: SectionDraft = {
      node: newNode('section', number, numeral.printed, path, split.title, where.line),
      paragraphs: [],
      itemKind: itemKindOf(split.title),
      family: null,
      separator: null,
      indent: null,
      items: [],
    };
    chapter.sections.push(section);
    this.section = section;
    this.item = null;

    if (this.sectionSystem === null) this.sectionSystem = numeral.system;
    else if (numeral.system !== this.sectionSystem) {
      const kind = numeral.system === 'roman' ? 'roman-numbered-section' : 'mixed-numbering';
      this.report.note(
        where.line,
        kind,
        `Section printed as ${quote(marker)} at line ${where.line} uses ${numeralSystemName(numeral.system)} numerals among ${numeralSystemName(this.sectionSystem)}-numbered sections; placed as section ${number} of chapter ${chapter.node.number} (${path}).`,
      );
    }
    if (numeral.value !== position) {
      this.report.note(
        where.line,
        'renumbered',
        `Section printed as ${quote(marker)} at line ${where.line} breaks the sequence of sections in chapter ${chapter.node.number} (expected ${number}); placed by its position as section ${number} (${path}).`,
      );
    }
    this.afterTitle(split, 'section', section.node, where);
    if (split.text !== '') {
      // The text after an inline title ("(2) Objectives. By 2020, ...") may start the first item.
      const shape = classifyLine(split.text);
      this.paragraph(
        split.text,
        shape.type === 'dash' || shape.type === 'by' ? shape : { type: 'paragraph' },
        where,
      );
    }
  }

  private sectionForItem(content: string, where: Where): SectionDraft | null {
    if (this.section) return this.section;
    const inChapter = this.chapter ? ` of chapter ${this.chapter.node.number}` : '';
    this.report.problem(
      where.line,
      where.column,
      `Numbered item ${quote(content)} comes before any section${inChapter}: an item can only be placed in a section.`,
    );
    return null;
  }

  private openNumberedItem(
    content: string,
    numeral: Numeral,
    marker: string,
    separator: string,
    family: MarkerFamily,
    rest: string,
    where: Where,
  ): void {
    const section = this.sectionForItem(content, where);
    if (!section) return;
    if (section.family !== null && section.family !== family && this.item) {
      // A sub-item ("（1）" under "1.") stays, verbatim, in the text of its item.
      this.item.paragraphs.push(content);
      return;
    }
    if (section.family === null) {
      section.family = family;
      section.separator = separator;
      section.indent = where.indent;
    }
    const item = this.addItem(section, section.itemKind, numeral.printed, rest, where);
    if (!item) return;
    const position = section.items.length;
    if (numeral.value !== position) {
      const oddities: string[] = [];
      if (section.separator !== null && separator !== section.separator) {
        oddities.push(`printed with "${separator}" instead of "${section.separator}"`);
      }
      if (section.indent !== null && where.indent !== section.indent) {
        oddities.push(
          where.indent === 0
            ? 'not indented like the items before it'
            : `indented by ${where.indent} instead of ${section.indent}`,
        );
      }
      this.report.note(
        where.line,
        'renumbered',
        `${capitalise(section.itemKind)} printed as ${quote(marker)} at line ${where.line} breaks the sequence of section ${section.node.path} (expected ${position}, printed ${numeral.printed})${oddities.length > 0 ? `, ${oddities.join(' and ')}` : ''}; placed by its position as ${section.itemKind} ${position} (${item.node.path}).`,
      );
    }
  }

  private openUnnumberedItem(rest: string, where: Where, kind: ItemKind): void {
    const section = this.section;
    if (!section) return;
    this.addItem(section, kind, null, rest, where);
  }

  private openObjective(phrase: string, rest: string, where: Where): void {
    const section = this.section;
    if (!section) return;
    const number = String(section.items.length + 1);
    const item: Draft = {
      node: newNode(
        'objective',
        number,
        null,
        `${section.node.path}.${number}`,
        phrase,
        where.line,
      ),
      paragraphs: rest === '' ? [] : [rest],
    };
    section.items.push(item);
    this.item = item;
  }

  private addItem(
    section: SectionDraft,
    kind: ItemKind,
    printed: string | null,
    rest: string,
    where: Where,
  ): Draft | null {
    const number = String(section.items.length + 1);
    const split = splitTitle(rest, { strayWithoutFullStop: true });
    const item: Draft = {
      node: newNode(
        kind,
        number,
        printed,
        `${section.node.path}.${number}`,
        split.title,
        where.line,
      ),
      paragraphs: split.text === '' ? [] : [split.text],
    };
    section.items.push(item);
    this.item = item;
    this.afterTitle(split, kind, item.node, where);
    return item;
  }

  /** Notes a stray terminator and reports an empty title. */
  private afterTitle(
    split: TitleSplit,
    kind: PlanNodeKind,
    node: ParsedPlanNode,
    where: Where,
  ): void {
    if (split.title === '') {
      this.report.problem(
        where.line,
        where.column,
        `The ${kind} at line ${where.line} (${node.path}) has no title.`,
      );
    }
    if (split.stray) {
      this.report.note(
        where.line,
        'stray-title-terminator',
        `The title of ${kind} ${node.path} at line ${where.line} ends with a stray "${split.stray.char}" instead of a full stop; title ${quote(split.title, 100)}, text from ${quote(split.text, 30)}.`,
      );
    }
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
