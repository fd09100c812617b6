import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from './parse-plan-text.js';
import type { ParsedPlanNode } from './types.js';

/** Joins lines with LF. */
const doc = (...lines: string[]): string => lines.join('\n');

/** [path, kind, number, printedNumber, title, text] of every node, depth first. */
function outline(
  nodes: readonly ParsedPlanNode[],
): Array<[string, string, string, string | null, string, string]> {
  return nodes.flatMap((node) => [
    [node.path, node.kind, node.number, node.printedNumber, node.title, node.text] as [
      string,
      string,
      string,
      string | null,
      string,
      string,
    ],
    ...outline(node.children),
  ]);
}

describe('parsePlanText: a small local plan in Chinese numbering', () => {
  const plan = parsePlanText(
    doc(
      '某市信息化发展规划',
      '',
      '某市人民政府办公厅',
      '',
      '2021年3月5日',
      '',
      '为推进全市信息化发展，制定本规划。',
      '',
      '一、总体要求',
      '',
      '（一）指导思想。以新发展理念为指导。',
      '',
      '（二）发展目标',
      '',
      '到2025年，全市信息化水平显著提升。',
      '数字经济占比达到一半。',
      '到2035年，基本建成智慧城市。',
      '',
      '（三）基本原则',
      '',
      '——统筹推进。坚持全市一盘棋。',
      '——创新引领。把创新作为第一动力。',
      '',
      '二、主要任务',
      '',
      '（一）建设新型基础设施',
      '',
      '加快网络建设。',
      '',
      '1. 推进5G网络建设。到2025年建成5G基站1万个。',
      '2、建设数据中心。优化布局。',
      '（1）市级数据中心。',
      '（2）区级数据中心。',
      '3.完善安全保障。加强防护。',
      '',
      '（二）发展数字经济',
      '',
      '（1）培育数字产业。壮大产业规模。',
      '（2）推动产业数字化。加快转型。',
    ),
  );

  it('places everything without notes or problems', () => {
    expect(plan.problems).toEqual([]);
    expect(plan.notes).toEqual([]);
  });

  it('reads the front matter', () => {
    expect(plan.title).toBe('某市信息化发展规划');
    expect(plan.issuers).toEqual(['某市人民政府办公厅']);
    expect(plan.issuedOn).toBe('2021-03-05');
    expect(plan.preamble).toBe('为推进全市信息化发展，制定本规划。');
  });

  it('numbers chapters in Roman and sections in Arabic numerals, keeping the printed Chinese numerals', () => {
    expect(outline(plan.nodes)).toEqual([
      ['I', 'chapter', 'I', '一', '总体要求', ''],
      ['I.1', 'section', '1', '一', '指导思想', '以新发展理念为指导。'],
      ['I.2', 'section', '2', '二', '发展目标', ''],
      [
        'I.2.1',
        'objective',
        '1',
        null,
        '到2025年',
        '全市信息化水平显著提升。\n\n数字经济占比达到一半。',
      ],
      ['I.2.2', 'objective', '2', null, '到2035年', '基本建成智慧城市。'],
      ['I.3', 'section', '3', '三', '基本原则', ''],
      ['I.3.1', 'principle', '1', null, '统筹推进', '坚持全市一盘棋。'],
      ['I.3.2', 'principle', '2', null, '创新引领', '把创新作为第一动力。'],
      ['II', 'chapter', 'II', '二', '主要任务', ''],
      ['II.1', 'section', '1', '一', '建设新型基础设施', '加快网络建设。'],
      ['II.1.1', 'measure', '1', null, '推进5G网络建设', '到2025年建成5G基站1万个。'],
      // "（1）" under "2、" is a sub-item: it stays in the text of its measure.
      [
        'II.1.2',
        'measure',
        '2',
        null,
        '建设数据中心',
        '优化布局。\n\n（1）市级数据中心。\n\n（2）区级数据中心。',
      ],
      ['II.1.3', 'measure', '3', null, '完善安全保障', '加强防护。'],
      ['II.2', 'section', '2', '二', '发展数字经济', ''],
      // In a section whose items are numbered "（1）", those are its measures.
      ['II.2.1', 'measure', '1', null, '培育数字产业', '壮大产业规模。'],
      ['II.2.2', 'measure', '2', null, '推动产业数字化', '加快转型。'],
    ]);
  });

  it('starts an objective in the text after an inline section title', () => {
    const inline = parsePlanText(
      doc(
        '规划',
        '',
        '一、总体要求',
        '',
        '（一）发展目标。到2025年，基本实现。',
        '到2035年，全面实现。',
      ),
    );
    expect(inline.problems).toEqual([]);
    expect(outline(inline.nodes).slice(1)).toEqual([
      ['I.1', 'section', '1', '一', '发展目标', ''],
      ['I.1.1', 'objective', '1', null, '到2025年', '基本实现。'],
      ['I.1.2', 'objective', '2', null, '到2035年', '全面实现。'],
    ]);
  });
});

describe('parsePlanText: headings and items', () => {
  it.each([
    ['I, Title', 'Title'],
    ['I. Title', 'Title'],
    ['I、Title', 'Title'],
    ['一、标题', '标题'],
  ])('reads the chapter heading %j', (heading, title) => {
    const plan = parsePlanText(doc('Plan', '', heading, '', '(1) Section'));
    expect(plan.problems).toEqual([]);
    expect(plan.nodes.map((node) => [node.kind, node.number, node.title])).toEqual([
      ['chapter', 'I', title],
    ]);
  });

  it('tells a section printed "(IV)" from a chapter printed "IV,"', () => {
    const plan = parsePlanText(
      doc(
        'Plan',
        '',
        'I, One',
        '',
        'II, Two',
        '',
        'III, Three',
        '',
        '(1) A',
        '(2) B',
        '(3) C',
        '(IV) D',
        '',
        'IV, Four',
      ),
    );
    expect(plan.problems).toEqual([]);
    expect(
      outline(plan.nodes).map(([path, kind, number, printed, title]) => [
        path,
        kind,
        number,
        printed,
        title,
      ]),
    ).toEqual([
      ['I', 'chapter', 'I', null, 'One'],
      ['II', 'chapter', 'II', null, 'Two'],
      ['III', 'chapter', 'III', null, 'Three'],
      ['III.1', 'section', '1', null, 'A'],
      ['III.2', 'section', '2', null, 'B'],
      ['III.3', 'section', '3', null, 'C'],
      ['III.4', 'section', '4', 'IV', 'D'],
      ['IV', 'chapter', 'IV', null, 'Four'],
    ]);
    expect(plan.notes.map((note) => [note.line, note.kind])).toEqual([
      [12, 'roman-numbered-section'],
    ]);
  });

  it('renumbers an item whose printed number breaks the sequence, by its position', () => {
    const plan = parsePlanText(
      doc(
        'Plan',
        '',
        'I, Chapter',
        '',
        '(1) Section',
        '',
        '  1. Alpha. A.',
        '  2. Beta. B.',
        '  7. Gamma. C.',
        '  4. Delta. D.',
      ),
    );
    expect(plan.problems).toEqual([]);
    const measures = plan.nodes[0]?.children[0]?.children ?? [];
    expect(
      measures.map((node) => [node.path, node.number, node.printedNumber, node.title]),
    ).toEqual([
      ['I.1.1', '1', null, 'Alpha'],
      ['I.1.2', '2', null, 'Beta'],
      ['I.1.3', '3', '7', 'Gamma'],
      ['I.1.4', '4', null, 'Delta'],
    ]);
    expect(plan.notes).toEqual([
      { line: 9, kind: 'renumbered', message: expect.stringMatching(/"7\.".*I\.1\.3/) },
    ]);
  });

  it('renumbers a misnumbered chapter and section', () => {
    const plan = parsePlanText(doc('Plan', '', 'I, One', '', '(1) A', '', '(3) B', '', 'V, Two'));
    expect(plan.nodes.map((node) => [node.number, node.printedNumber])).toEqual([
      ['I', null],
      ['II', 'V'],
    ]);
    expect(plan.nodes[0]?.children.map((node) => [node.path, node.printedNumber])).toEqual([
      ['I.1', null],
      ['I.2', '3'],
    ]);
    expect(plan.notes.map((note) => [note.line, note.kind])).toEqual([
      [7, 'renumbered'],
      [9, 'renumbered'],
    ]);
  });

  it.each([
    ['>', '  1. Building roads> Build more roads. Then bridges.'],
    [';', '  1. Building roads; Build more roads. Then bridges.'],
    [':', '  1. Building roads: Build more roads. Then bridges.'],
    ['|', '  1. Building roads| Build more roads'],
  ])('ends a title at a stray %j before the first full stop', (char, line) => {
    const plan = parsePlanText(doc('Plan', '', 'I, Chapter', '', '(1) Section', '', line));
    const measure = plan.nodes[0]?.children[0]?.children[0];
    expect(measure?.title).toBe('Building roads');
    expect(measure?.text).toMatch(/^Build more roads/);
    expect(plan.notes).toEqual([
      { line: 7, kind: 'stray-title-terminator', message: expect.stringContaining(`"${char}"`) },
    ]);
  });

  it.each([
    [
      'a colon followed by a lower-case word',
      '  1. Roads: all of them. Text.',
      'Roads: all of them',
      'Text.',
    ],
    [
      'a stray character after the first full stop',
      '  1. Roads. Build; More. Text.',
      'Roads',
      'Build; More. Text.',
    ],
    ['a decimal number', '  1. Raising 1.5 times. Text.', 'Raising 1.5 times', 'Text.'],
    [
      '"etc.,"',
      '  1. Roads, rails, etc., and ports. Text.',
      'Roads, rails, etc., and ports',
      'Text.',
    ],
    [
      'an abbreviation',
      '  1. Working with the U.S. Congress. Text.',
      'Working with the U.S. Congress',
      'Text.',
    ],
    ['a question mark', '  1. Why roads? Because.', 'Why roads?', 'Because.'],
    ['no full stop at all', '  1. Roads and rails', 'Roads and rails', ''],
    ['a doubled full stop', '  1. Roads.. Text.', 'Roads.', 'Text.'],
  ])('does not see a stray terminator in %s', (_, line, title, text) => {
    const plan = parsePlanText(doc('Plan', '', 'I, Chapter', '', '(1) Section', '', line));
    expect(plan.notes).toEqual([]);
    expect(plan.nodes[0]?.children[0]?.children[0]).toMatchObject({ title, text });
  });

  it('appends unnumbered paragraphs to the node they follow', () => {
    const plan = parsePlanText(
      doc(
        'Plan',
        '',
        'I, Chapter',
        '',
        'Chapter intro.',
        '',
        '(1) Section',
        '',
        'Section intro.',
        '',
        '– Not a principle here.',
        'By 2020, not an objective here.',
        '  1. Measure. First.',
        'Second.',
      ),
    );
    expect(plan.problems).toEqual([]);
    expect(outline(plan.nodes).map(([path, , , , title, text]) => [path, title, text])).toEqual([
      ['I', 'Chapter', 'Chapter intro.'],
      [
        'I.1',
        'Section',
        'Section intro.\n\n– Not a principle here.\n\nBy 2020, not an objective here.',
      ],
      ['I.1.1', 'Measure', 'First.\n\nSecond.'],
    ]);
  });

  it('recognises objectives and principles sections by title, not by number', () => {
    const plan = parsePlanText(
      doc(
        'Plan',
        '',
        'I, Chapter',
        '',
        '(1) Basic principles',
        '',
        '– Openness. Be open.',
        '– Security. Be safe.',
        '',
        '(2) Main objectives',
        '',
        'Intro.',
        '',
        'By 2030, much done.',
        'More done.',
        '',
        'By the end of the plan period, all done.',
      ),
    );
    expect(plan.problems).toEqual([]);
    expect(outline(plan.nodes).slice(1)).toEqual([
      ['I.1', 'section', '1', null, 'Basic principles', ''],
      ['I.1.1', 'principle', '1', null, 'Openness', 'Be open.'],
      ['I.1.2', 'principle', '2', null, 'Security', 'Be safe.'],
      ['I.2', 'section', '2', null, 'Main objectives', 'Intro.'],
      ['I.2.1', 'objective', '1', null, 'By 2030', 'much done.\n\nMore done.'],
      ['I.2.2', 'objective', '2', null, 'By the end of the plan period', 'all done.'],
    ]);
  });
});

describe('parsePlanText: front matter', () => {
  it.each([
    ['27 July 2016', '2016-07-27'],
    ['July 27, 2016', '2016-07-27'],
    ['2016-07-27', '2016-07-27'],
    ['2016年7月27日', '2016-07-27'],
    ['二〇一六年七月二十七日', '2016-07-27'],
  ])('reads the date line %j', (line, iso) => {
    const plan = parsePlanText(doc('Plan', '', 'Some Office', '', line, '', 'I, Chapter'));
    expect(plan.issuedOn).toBe(iso);
    expect(plan.issuers).toEqual(['Some Office']);
  });

  it('reports a date line that is not a date', () => {
    const plan = parsePlanText(doc('Plan', '', '31 February 2016', '', 'I, Chapter'));
    expect(plan.issuedOn).toBeNull();
    expect(plan.problems).toEqual([
      { line: 3, column: 1, message: expect.stringMatching(/not a valid date/) },
    ]);
  });

  it('has no issuers or date when there are none', () => {
    const plan = parsePlanText(doc('Plan', '', 'A preamble paragraph.', '', 'I, Chapter'));
    expect(plan).toMatchObject({
      title: 'Plan',
      issuers: [],
      issuedOn: null,
      preamble: 'A preamble paragraph.',
    });
  });
});

describe('parsePlanText: what cannot be placed', () => {
  it.each([
    ['plain paragraphs', doc('Just some text.', '', 'Another paragraph.'), 1],
    [
      'sections and measures without a chapter',
      doc('', '', '(1) Section', '  1. Measure. Text.'),
      3,
    ],
    ['an empty document', '', 1],
    ['blank lines only', '\n \n\u00A0\n', 1],
  ])('%s: "not a plan"', (_, text, line) => {
    const plan = parsePlanText(text);
    expect(plan.nodes).toEqual([]);
    expect(plan.problems).toEqual([
      { line, column: 1, message: expect.stringMatching(/^Not a plan/) },
    ]);
  });

  it.each([
    [
      'a measure before any section',
      doc('Plan', '', 'I, Chapter', '', '  1. Measure. Text.', '', '(1) Section'),
      { line: 5, column: 3, message: expect.stringMatching(/before any section of chapter I/) },
    ],
    [
      'a measure in a new chapter before its first section',
      doc('Plan', '', 'I, One', '', '(1) Section', '', 'II, Two', '', '1. Measure. Text.'),
      { line: 9, column: 1, message: expect.stringMatching(/before any section of chapter II/) },
    ],
    [
      'a section before any chapter',
      doc('Plan', '', '(1) Section', '', 'I, Chapter'),
      { line: 3, column: 1, message: expect.stringMatching(/before the first chapter/) },
    ],
    [
      'a line without words in the body',
      doc('Plan', '', 'I, Chapter', '', '  ***'),
      { line: 5, column: 3, message: expect.stringMatching(/has no words/) },
    ],
    [
      'a bare section marker',
      doc('Plan', '', 'I, Chapter', '', '(3)'),
      { line: 5, column: 1, message: expect.stringMatching(/"\(3\)" stands alone/) },
    ],
    [
      'a measure without a title',
      doc('Plan', '', 'I, Chapter', '', '(1) Section', '1. . Text.'),
      { line: 6, column: 1, message: expect.stringMatching(/has no title/) },
    ],
    [
      'a plan without a title',
      doc('I, Chapter', '', '(1) Section'),
      { line: 1, column: 1, message: expect.stringMatching(/No title/) },
    ],
  ])('%s', (_, text, problem) => {
    expect(parsePlanText(text).problems).toEqual([problem]);
  });
});

describe('parsePlanText: web page furniture and whitespace', () => {
  const nids = readFileSync(
    new URL('../../../data/plans/nids-2016.en.txt', import.meta.url),
    'utf8',
  );

  it.each([
    ['CRLF', nids.replace(/\n/g, '\r\n')],
    ['CR', nids.replace(/\n/g, '\r')],
    ['a byte order mark', `\uFEFF${nids}`],
    ['trailing spaces and tabs', nids.replace(/\n/g, ' \t\n')],
  ])('gives the same result with %s', (_, variant) => {
    expect(parsePlanText(variant)).toEqual(parsePlanText(nids));
  });

  it.each(['Share this:', 'Like this:', 'Leave a comment', 'Related', 'Post navigation'])(
    'drops a footer starting with %j',
    (first) => {
      const plan = parsePlanText(
        doc('Plan', '', 'I, Chapter', '', 'Text.', '', '', first, '', 'Comment by someone.'),
      );
      expect(plan.nodes[0]?.text).toBe('Text.');
      expect(plan.notes).toEqual([
        { line: 8, kind: 'footer-dropped', message: expect.stringContaining(first) },
      ]);
    },
  );

  it('normalises odd spaces in the text with a note for each line', () => {
    const plan = parsePlanText(
      doc('Plan', '', 'I, The\u00A0chapter', '', 'Some\u3000text\u2009here.'),
    );
    expect(plan.nodes[0]).toMatchObject({ title: 'The chapter', text: 'Some text here.' });
    expect(plan.notes.map((note) => [note.line, note.kind])).toEqual([
      [3, 'normalised-whitespace'],
      [5, 'normalised-whitespace'],
    ]);
    expect(plan.notes[1]?.message).toContain('U+3000 IDEOGRAPHIC SPACE, U+2009 THIN SPACE');
  });
});

describe('parsePlanText on long lines', () => {
  it.each([
    ['a long run of odd spaces', `Plan\n\nI, Chapter\n\na${' \u00A0'.repeat(100_000)}b`],
    [
      'a long run of letters before a full stop',
      `Plan\n\nI, A\n\n(1) B\n\n  1. ${'a'.repeat(200_000)} no. b. c`,
    ],
    ['many abbreviations', `Plan\n\nI, A\n\n(1) B\n\n  1. ${'no. '.repeat(50_000)}x`],
  ])('stays linear on %s', (_, text) => {
    const started = performance.now();
    const plan = parsePlanText(text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(plan.problems).toEqual([]);
  });
});
