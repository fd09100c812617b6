import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanNodeTree } from '../../../../src/api/contract';
import type { AlignmentLink } from './api';
import {
  cellIndex,
  cellKey,
  cellState,
  changedLinks,
  coveredMeasureCount,
  depthOf,
  formatShare,
  importProblems,
  linkProblems,
  matrixChapters,
  measureGroups,
  offsetOf,
  PLAN_CODE_PATTERN,
  type MatrixMeasure,
} from './model';

function node(
  kind: PlanNodeTree['kind'],
  path: string,
  children: PlanNodeTree[] = [],
): PlanNodeTree {
  return {
    id: path.length,
    kind,
    number: path,
    printedNumber: null,
    path,
    title: `title ${path}`,
    text: '',
    indicatorCodes: [],
    children,
  };
}

describe('measureGroups', () => {
  it('groups measures under the node above them, in document order, skipping nodes without', () => {
    const tree = [
      node('chapter', 'I', [node('section', 'I.1'), node('principle', 'I.2')]),
      node('chapter', 'III', [
        node('section', 'III.1', [node('measure', 'III.1.1'), node('measure', 'III.1.2')]),
        node('section', 'III.2', [node('measure', 'III.2.1')]),
      ]),
      node('chapter', 'VI', [node('measure', 'VI.1')]),
    ];
    expect(
      measureGroups(tree).map((group) => [group.section.path, group.measures.map((m) => m.path)]),
    ).toEqual([
      ['III.1', ['III.1.1', 'III.1.2']],
      ['III.2', ['III.2.1']],
      ['VI', ['VI.1']],
    ]);
  });
});

function measure(path: string, unitsCovered: number, ancestors: string[]): MatrixMeasure {
  return {
    measure: { id: path.length, path, title: `title ${path}` },
    ancestors: ancestors.map((a) => ({ path: a, title: `title ${a}` })),
    unitsCovered,
    unitsWithTasks: 0,
    coverage: unitsCovered / 34,
  };
}

describe('matrixChapters', () => {
  const measures = [
    measure('III.1.1', 0, ['III', 'III.1']),
    measure('III.1.2', 2, ['III', 'III.1']),
    measure('III.2.1', 1, ['III', 'III.2']),
    measure('IV.1.1', 0, ['IV', 'IV.1']),
    measure('VI.1', 0, ['VI']),
  ];

  it('groups rows by chapter and section in the given order', () => {
    const chapters = matrixChapters(measures, false);
    expect(
      chapters.map((c) => [
        c.chapter?.path,
        c.sections.map((s) => [s.section?.path ?? null, s.rows.map((r) => r.measure.path)]),
      ]),
    ).toEqual([
      [
        'III',
        [
          ['III.1', ['III.1.1', 'III.1.2']],
          ['III.2', ['III.2.1']],
        ],
      ],
      ['IV', [['IV.1', ['IV.1.1']]]],
      ['VI', [[null, ['VI.1']]]],
    ]);
  });

  it('keeps only the measures no unit covers, and drops groups left empty', () => {
    const chapters = matrixChapters(measures, true);
    expect(
      chapters.flatMap((c) => c.sections.flatMap((s) => s.rows.map((r) => r.measure.path))),
    ).toEqual(['III.1.1', 'IV.1.1', 'VI.1']);
    expect(chapters[0]!.sections.map((s) => s.section?.path)).toEqual(['III.1']);
  });

  it('loses and repeats no row', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }), (covered) => {
        const rows = covered.map((count, index) =>
          measure(`M.${Math.floor(index / 4)}.${index}`, count, [
            'M',
            `M.${Math.floor(index / 4)}`,
          ]),
        );
        for (const uncoveredOnly of [false, true]) {
          const flat = matrixChapters(rows, uncoveredOnly).flatMap((c) =>
            c.sections.flatMap((s) => s.rows),
          );
          expect(flat).toEqual(rows.filter((row) => !uncoveredOnly || row.unitsCovered === 0));
        }
      }),
    );
  });

  it('counts the measures at least one unit covers', () => {
    expect(coveredMeasureCount(measures)).toBe(2);
  });
});

describe('cells', () => {
  const cells = [
    { measurePath: 'III.2.3', unitCode: '420000', nodes: [], taskCount: 2 },
    {
      measurePath: 'IV.2.1',
      unitCode: '420000',
      nodes: [{ planCode: 'hb', path: 'I.1.2', title: 'x' }],
      taskCount: 0,
    },
  ];

  it('finds a cell by measure and unit', () => {
    const index = cellIndex(cells);
    expect(index.get(cellKey('IV.2.1', '420000'))?.nodes).toHaveLength(1);
    expect(index.get(cellKey('IV.2.1', '110000'))).toBeUndefined();
  });

  it.each([
    ['no cell', undefined, 'empty'],
    ['tasks only', cells[0], 'tasks'],
    ['an aligned node', cells[1], 'covered'],
    ['an aligned node and tasks', { ...cells[1]!, taskCount: 3 }, 'covered'],
    ['an empty cell', { ...cells[0]!, taskCount: 0 }, 'empty'],
  ] as const)('calls a cell with %s %s', (_, cell, state) => {
    expect(cellState(cell)).toBe(state);
  });
});

describe('formatShare', () => {
  it.each([
    [0, '0%'],
    [1, '100%'],
    [0.0357, '3.6%'],
    [0.5, '50%'],
    [2 / 3, '66.7%'],
  ])('writes %f as %s', (ratio, text) => {
    expect(formatShare(ratio)).toBe(text);
  });
});

describe('importProblems', () => {
  it('places problems in the text by line and column, in text order, and the rest by field', () => {
    const problems = importProblems(
      [
        { path: 'text:12:3', message: 'later' },
        { path: 'code', message: 'not a plan code' },
        { path: 'text:5:1', message: 'earlier' },
        { path: 'body.title', message: 'too long' },
        { path: 'text:7', message: 'no column' },
        { path: 'elsewhere', message: 'other' },
      ],
      ['code', 'title', 'text'],
    );
    expect(problems.text).toEqual([
      { line: 5, column: 1, message: 'earlier' },
      { line: 7, column: null, message: 'no column' },
      { line: 12, column: 3, message: 'later' },
    ]);
    expect(problems.fields).toEqual([
      { name: 'code', errors: ['not a plan code'] },
      { name: 'title', errors: ['too long'] },
    ]);
    expect(problems.rest).toEqual([{ path: 'elsewhere', message: 'other' }]);
  });

  it('puts a validation problem of the whole text under the text field', () => {
    expect(importProblems([{ path: 'body.text', message: 'too big' }], ['text']).fields).toEqual([
      { name: 'text', errors: ['too big'] },
    ]);
  });
});

describe('offsetOf', () => {
  const text = '标题\n\n一、主要任务\n1. 措施';
  it.each([
    [1, 1, 0],
    [3, 1, 4],
    [3, 3, 6],
    [4, null, 11],
    // Past the end of a line: its end; past the last line: the text's end.
    [2, 9, 3],
    [9, 1, text.length],
  ])('finds line %i column %s at %i', (line, column, offset) => {
    expect(offsetOf(text, line, column)).toBe(offset);
  });

  it('points at the first character of every line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }).map((s) => s.replace(/\n/g, ''))),
        (lines) => {
          const joined = lines.join('\n');
          let start = 0;
          lines.forEach((line, index) => {
            expect(offsetOf(joined, index + 1, 1)).toBe(start);
            start += line.length + 1;
          });
        },
      ),
    );
  });
});

function link(path: string, measure: string | null): AlignmentLink {
  return {
    node: { id: path.length, path, kind: 'measure', title: path },
    measure: measure === null ? null : { id: 1, path: measure, title: measure },
  };
}

describe('changedLinks', () => {
  const links = [link('I.1.1', null), link('I.1.2', 'III.2.1'), link('I.2.1', 'IV.1.1')];

  it('sends only the nodes whose choice differs from what is saved, in document order', () => {
    expect(
      changedLinks(links, {
        'I.2.1': null,
        'I.1.1': 'III.2.3',
        'I.1.2': 'III.2.1',
      }),
    ).toEqual([
      { node: 'I.1.1', measure: 'III.2.3' },
      { node: 'I.2.1', measure: null },
    ]);
  });

  it('sends nothing when nothing was chosen', () => {
    expect(changedLinks(links, {})).toEqual([]);
  });
});

describe('linkProblems', () => {
  it('places a bulk save problem on the node sent at that position', () => {
    const sent = [{ node: 'I.1.1' }, { node: 'I.1.2' }];
    const placed = linkProblems(
      [
        { path: 'links.1.measure', message: 'a section' },
        { path: 'body.links.0.node', message: 'unknown' },
        { path: 'links.7.measure', message: 'beyond' },
        { path: 'code', message: 'other' },
      ],
      sent,
    );
    expect([...placed.byNode]).toEqual([
      ['I.1.2', ['a section']],
      ['I.1.1', ['unknown']],
    ]);
    expect(placed.rest).toEqual([
      { path: 'links.7.measure', message: 'beyond' },
      { path: 'code', message: 'other' },
    ]);
  });
});

describe('depthOf and PLAN_CODE_PATTERN', () => {
  it.each([
    ['II', 0],
    ['II.1', 1],
    ['II.1.3', 2],
  ])('puts %s at depth %i', (path, depth) => {
    expect(depthOf(path)).toBe(depth);
  });

  it.each([
    ['hb-info-2017', true],
    ['2017', true],
    ['HB', false],
    ['-hb', false],
    ['hb info', false],
    ['', false],
  ])('accepts %s as a plan code: %s', (code, ok) => {
    expect(PLAN_CODE_PATTERN.test(code)).toBe(ok);
  });
});
