import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberToChinese, numberToRoman } from './numbering.js';
import { parsePlanText } from './parse-plan-text.js';
import { renderPlanText, type PlanTextDraft, type PlanTextDraftNode } from './render-plan-text.js';
import type { ParsedPlan, ParsedPlanNode } from './types.js';

type Language = 'en' | 'zh';

/** Words that cannot start a heading or an item, and name neither objectives nor principles. */
const WORDS: Record<Language, readonly string[]> = {
  en: [
    'national',
    'information',
    'network',
    'digital',
    'service',
    'public',
    'data',
    'security',
    'rural',
    'urban',
    'industry',
    'innovation',
    'talent',
    'infrastructure',
    'broadband',
    'platform',
    'governance',
    'system',
    'culture',
    'health',
    'education',
    'market',
    'people’s',
    'cross-border',
    'e-government',
    '5G',
    'cloud',
    'research',
    '“Internet Plus”',
    'mid-size',
    'the',
    'and',
    'of',
    'in',
  ],
  zh: [
    '信息',
    '网络',
    '数字',
    '服务',
    '公共',
    '数据',
    '安全',
    '农村',
    '城市',
    '产业',
    '创新',
    '人才',
    '设施',
    '平台',
    '治理',
    '体系',
    '文化',
    '健康',
    '教育',
    '市场',
    '建设',
    '推进',
    '加强',
    '完善',
    '5G',
  ],
};

const OBJECTIVE_TITLES: Record<Language, readonly string[]> = {
  en: ['By 2020', 'By 2025', 'By the middle of this century', 'By the end of 2030'],
  zh: ['到2020年', '到2025年', '到本世纪中叶'],
};
const OBJECTIVES_SECTION: Record<Language, readonly string[]> = {
  en: ['Strategic objectives', 'Main objectives', 'Development objectives of the plan'],
  zh: ['发展目标', '主要目标'],
};
const PRINCIPLES_SECTION: Record<Language, readonly string[]> = {
  en: ['Basic principles', 'Principles'],
  zh: ['基本原则'],
};

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

function words(language: Language, min: number, max: number): fc.Arbitrary<string[]> {
  return fc.array(fc.constantFrom(...WORDS[language]), { minLength: min, maxLength: max });
}

/** A heading: "Developing core technologies, strengthening the information industry". */
function title(language: Language): fc.Arbitrary<string> {
  return fc
    .tuple(words(language, 1, 6), fc.boolean(), words(language, 1, 3))
    .map(([first, withSecond, second]) => {
      if (language === 'zh') return [...first, ...(withSecond ? second : [])].join('');
      const head = [capitalise(first[0] ?? 'data'), ...first.slice(1)].join(' ');
      return withSecond ? `${head}, ${second.join(' ')}` : head;
    });
}

function sentence(language: Language): fc.Arbitrary<string> {
  return fc.tuple(words(language, 2, 10), words(language, 0, 4)).map(([first, second]) => {
    if (language === 'zh')
      return `${first.join('')}${second.length > 0 ? `，${second.join('')}` : ''}。`;
    const head = [capitalise(first[0] ?? 'data'), ...first.slice(1)].join(' ');
    return `${head}${second.length > 0 ? `, ${second.join(' ')}` : ''}.`;
  });
}

function paragraph(language: Language): fc.Arbitrary<string> {
  return fc
    .array(sentence(language), { minLength: 1, maxLength: 3 })
    .map((sentences) => sentences.join(language === 'zh' ? '' : ' '));
}

function text(language: Language, max = 2): fc.Arbitrary<string> {
  return fc
    .array(paragraph(language), { maxLength: max })
    .map((paragraphs) => paragraphs.join('\n\n'));
}

function leaf(
  kind: 'measure' | 'principle' | 'objective',
  titleArbitrary: fc.Arbitrary<string>,
  language: Language,
): fc.Arbitrary<PlanTextDraftNode> {
  return fc.record({
    kind: fc.constant(kind),
    title: titleArbitrary,
    text: text(language, 3),
    children: fc.constant([]),
  });
}

interface SectionModel {
  node: PlanTextDraftNode;
  inline: boolean;
}

function section(language: Language): fc.Arbitrary<SectionModel> {
  const items = (kind: 'measure' | 'principle' | 'objective', itemTitle: fc.Arbitrary<string>) =>
    fc.array(leaf(kind, itemTitle, language), { maxLength: 5 });
  const measures = fc.record({
    title: title(language),
    children: items('measure', title(language)),
  });
  const principles = fc.record({
    title: fc.constantFrom(...PRINCIPLES_SECTION[language]),
    children: items('principle', title(language)),
  });
  const objectives = fc.record({
    title: fc.constantFrom(...OBJECTIVES_SECTION[language]),
    children: items('objective', fc.constantFrom(...OBJECTIVE_TITLES[language])),
  });
  return fc
    .tuple(
      fc.oneof({ arbitrary: measures, weight: 4 }, principles, objectives),
      text(language),
      fc.boolean(),
    )
    .map(([{ title: sectionTitle, children }, sectionText, inline]) => ({
      node: { kind: 'section' as const, title: sectionTitle, text: sectionText, children },
      inline,
    }));
}

interface PlanModel {
  plan: PlanTextDraft;
  inline: Set<string>;
}

function planModel(language: Language): fc.Arbitrary<PlanModel> {
  const issuer = words(language, 1, 3).map((parts) =>
    language === 'zh' ? `${parts.join('')}办公厅` : `${parts.map(capitalise).join(' ')} Office`,
  );
  const chapter = fc.record({
    title: title(language),
    text: text(language),
    sections: fc.array(section(language), { maxLength: 5 }),
  });
  const date = fc
    .date({
      min: new Date('1950-01-01T00:00:00Z'),
      max: new Date('2100-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  return fc
    .record({
      title: title(language),
      issuers: fc.array(issuer, { maxLength: 2 }),
      issuedOn: fc.option(date, { nil: null }),
      preamble: text(language),
      chapters: fc.array(chapter, { minLength: 1, maxLength: 4 }),
    })
    .map(({ chapters, ...front }) => {
      const inline = new Set<string>();
      const nodes = chapters.map((c, chapterIndex) => ({
        kind: 'chapter' as const,
        title: c.title,
        text: c.text,
        children: c.sections.map((s, sectionIndex) => {
          if (s.inline) inline.add(`${numberToRoman(chapterIndex + 1)}.${sectionIndex + 1}`);
          return s.node;
        }),
      }));
      return { plan: { ...front, nodes }, inline };
    });
}

type NodeWithoutLine = Omit<ParsedPlanNode, 'line' | 'children'> & { children: NodeWithoutLine[] };

/** The tree parsePlanText should give for a model: numbers and paths from positions. */
function expectedNodes(
  nodes: readonly PlanTextDraftNode[],
  language: Language,
  prefix = '',
): NodeWithoutLine[] {
  return nodes.map((node, index) => {
    const number = prefix === '' ? numberToRoman(index + 1) : String(index + 1);
    const path = prefix === '' ? number : `${prefix}.${number}`;
    // Chinese chapters and sections are printed "一、" and "（一）".
    const printedInChinese =
      language === 'zh' && (node.kind === 'chapter' || node.kind === 'section');
    return {
      kind: node.kind,
      number,
      printedNumber: printedInChinese ? numberToChinese(index + 1) : null,
      path,
      title: node.title,
      text: node.text,
      children: expectedNodes(node.children, language, path),
    };
  });
}

function withoutLines(nodes: readonly ParsedPlanNode[]): NodeWithoutLine[] {
  return nodes.map(({ line: _line, children, ...rest }) => ({
    ...rest,
    children: withoutLines(children),
  }));
}

function allNodes(nodes: readonly ParsedPlanNode[]): ParsedPlanNode[] {
  return nodes.flatMap((node) => [node, ...allNodes(node.children)]);
}

describe.each<Language>(['en', 'zh'])('parsePlanText round trip (%s)', (language) => {
  it('parses a rendered well-formed plan back into the same tree, without notes or problems', () => {
    fc.assert(
      fc.property(
        planModel(language),
        fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
        ({ plan, inline }, lineEnding) => {
          const rendered = renderPlanText(plan, {
            language,
            lineEnding,
            inlineSection: (_, path) => inline.has(path),
          });
          const parsed = parsePlanText(rendered);
          expect(parsed.problems).toEqual([]);
          expect(parsed.notes).toEqual([]);
          expect({ ...parsed, nodes: withoutLines(parsed.nodes) }).toEqual({
            title: plan.title,
            issuers: plan.issuers,
            issuedOn: plan.issuedOn,
            preamble: plan.preamble,
            nodes: expectedNodes(plan.nodes, language),
            notes: [],
            problems: [],
          });
          // Lines point at the headings and items as rendered.
          const lines = rendered.split(lineEnding);
          for (const node of allNodes(parsed.nodes)) {
            expect(lines[node.line - 1]).toContain(node.title);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Lines that exercise every rule of the parser, in random order and quantity. */
const FRAGMENTS = [
  'Outline of a Plan',
  'I, Chapter one',
  'II. Chapter two',
  'IV, Chapter four',
  '一、总体要求',
  '(1) Section',
  '(2) Strategic objectives',
  '(3) Basic principles',
  '(IV) Roman section',
  '（一）指导思想。全面贯彻。',
  '（二）发展目标',
  '（1）子项。',
  '  1. Measure. Text of the measure.',
  '  2. Measure two> Stray terminator. Text.',
  '12, Misnumbered measure. Text.',
  '3、中文措施。正文。',
  '– Principle. Text.',
  '——原则。正文。',
  'By 2020, an objective.',
  'By the middle of this century, another.',
  '到2025年，目标。',
  'A plain paragraph, with words.',
  'Central Committee General Office',
  'Posted on Updated on',
  'Leave a Reply',
  'Share this:',
  'Connecting to %s',
  '***',
  '(3)',
  '4.',
  'IV,',
  '1. . No title.',
  '',
  ' ',
  '\u00A0',
  'Non\u00A0breaking\u3000spaces\u200Bhere.',
  '\tTabbed line.',
];

const fragmentLine = fc.oneof(
  { arbitrary: fc.constantFrom(...FRAGMENTS), weight: 6 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
);

const fragmentDocument = fc
  .tuple(fc.array(fragmentLine, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([lines, ending]) => lines.join(ending));

function checkShape(plan: ParsedPlan, input: string): void {
  const lineCount = input.split(/\r\n|\r|\n/).length;
  expect(typeof plan.title).toBe('string');
  expect(Array.isArray(plan.nodes)).toBe(true);
  for (const entry of [...plan.notes, ...plan.problems]) {
    expect(entry.line).toBeGreaterThanOrEqual(1);
    expect(entry.line).toBeLessThanOrEqual(lineCount);
    expect(entry.message).not.toBe('');
  }
  for (const problem of plan.problems) expect(problem.column).toBeGreaterThanOrEqual(1);
  const paths = allNodes(plan.nodes).map((node) => node.path);
  expect(new Set(paths).size).toBe(paths.length);
}

describe('parsePlanText on garbage', () => {
  it('never throws on random strings', () => {
    const loneSurrogates = fc
      .integer({ min: 0xd800, max: 0xdfff })
      .map((code) => String.fromCharCode(code));
    const anything = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({
        unit: fc.oneof(loneSurrogates, fc.constantFrom('\n', '\r', 'I, ', '(1)', ' 1. ', '– ')),
        maxLength: 100,
      }),
    );
    fc.assert(
      fc.property(anything, (input) => {
        checkShape(parsePlanText(input), input);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random arrangements of plan lines, and drops no word silently', () => {
    fc.assert(
      fc.property(fragmentDocument, (input) => {
        const plan = parsePlanText(input);
        checkShape(plan, input);

        // Every word of every line ends up in the plan, unless the line is dropped with a
        // note (page furniture) or reported as a problem.
        const footer = plan.notes.find((note) => note.kind === 'footer-dropped')?.line ?? Infinity;
        const furniture = new Set(
          plan.notes.filter((note) => note.kind === 'header-dropped').map((note) => note.line),
        );
        const problems = new Set(plan.problems.map((problem) => problem.line));
        const kept = [
          plan.title,
          ...plan.issuers,
          plan.issuedOn ?? '',
          plan.preamble,
          ...allNodes(plan.nodes).flatMap((node) => [
            node.number,
            node.printedNumber ?? '',
            node.title,
            node.text,
          ]),
        ].join('\u0001');
        const notAPlan = plan.problems.some((problem) => problem.message.startsWith('Not a plan'));
        input
          .replace(/^\uFEFF/, '')
          .split(/\r\n|\r|\n/)
          .forEach((line, index) => {
            const lineNumber = index + 1;
            if (
              lineNumber >= footer ||
              furniture.has(lineNumber) ||
              (problems.has(lineNumber) && !notAPlan)
            )
              return;
            for (const word of line.match(/[\p{L}\p{N}]+/gu) ?? []) {
              expect(kept, `word ${JSON.stringify(word)} of line ${lineNumber}`).toContain(word);
            }
          });
      }),
      { numRuns: 500 },
    );
  });
});
