/**
 * The alignment pages' rules, pure: a plan's measures grouped by section,
 * the matrix's rows grouped by chapter and section with the "uncovered only"
 * filter, the state of a cell, and where an import's or a bulk link's errors
 * belong (lines of the text, nodes of the plan).
 */
import type { PlanNodeTree } from '../../../../src/api/contract';
import type { AlignmentLink, AlignmentMatrix } from './api';

export interface NodeRef {
  path: string;
  title: string;
}

export interface MeasureGroup {
  /** The node the measures sit in (a section, or a chapter without sections). */
  section: NodeRef;
  measures: NodeRef[];
}

/** A plan's measures in document order, grouped by the node directly above them. */
export function measureGroups(tree: readonly PlanNodeTree[]): MeasureGroup[] {
  const groups: MeasureGroup[] = [];
  const visit = (nodes: readonly PlanNodeTree[], parent: PlanNodeTree | null) => {
    const measures = nodes.filter((node) => node.kind === 'measure');
    if (parent && measures.length > 0)
      groups.push({
        section: { path: parent.path, title: parent.title },
        measures: measures.map((node) => ({ path: node.path, title: node.title })),
      });
    for (const node of nodes) if (node.kind !== 'measure') visit(node.children, node);
  };
  visit(tree, null);
  return groups;
}

export type MatrixMeasure = AlignmentMatrix['measures'][number];
export type MatrixCell = AlignmentMatrix['cells'][number];

export interface MatrixSection {
  /** The section above the measures (null when a measure sits right under its chapter). */
  section: NodeRef | null;
  rows: MatrixMeasure[];
}

export interface MatrixChapter {
  chapter: NodeRef | null;
  sections: MatrixSection[];
}

/**
 * The matrix's rows grouped by chapter, then section, in document order.
 * `uncoveredOnly` keeps the measures no listed unit has a counterpart for.
 */
export function matrixChapters(
  measures: readonly MatrixMeasure[],
  uncoveredOnly: boolean,
): MatrixChapter[] {
  const chapters: MatrixChapter[] = [];
  for (const row of measures) {
    if (uncoveredOnly && row.unitsCovered > 0) continue;
    const chapter = row.ancestors[0] ?? null;
    const section = row.ancestors.length > 1 ? row.ancestors[row.ancestors.length - 1]! : null;
    let lastChapter = chapters[chapters.length - 1];
    if (!lastChapter || lastChapter.chapter?.path !== chapter?.path) {
      lastChapter = { chapter, sections: [] };
      chapters.push(lastChapter);
    }
    let lastSection = lastChapter.sections[lastChapter.sections.length - 1];
    if (!lastSection || lastSection.section?.path !== section?.path) {
      lastSection = { section, rows: [] };
      lastChapter.sections.push(lastSection);
    }
    lastSection.rows.push(row);
  }
  return chapters;
}

export function cellKey(measurePath: string, unitCode: string): string {
  return `${measurePath}|${unitCode}`;
}

export function cellIndex(cells: readonly MatrixCell[]): Map<string, MatrixCell> {
  return new Map(cells.map((cell) => [cellKey(cell.measurePath, cell.unitCode), cell]));
}

/** covered: an aligned local node; tasks: tasks but no aligned node; empty: neither. */
export type CellState = 'covered' | 'tasks' | 'empty';

export function cellState(cell: MatrixCell | undefined): CellState {
  if (!cell) return 'empty';
  if (cell.nodes.length > 0) return 'covered';
  return cell.taskCount > 0 ? 'tasks' : 'empty';
}

/** A share (0..1) as a percentage with at most one decimal: 0.0357 → "3.6%". */
export function formatShare(ratio: number): string {
  const tenths = Math.round(ratio * 1000) / 10;
  return `${tenths.toFixed(Number.isInteger(tenths) ? 0 : 1)}%`;
}

/** Measures at least one listed unit covers. */
export function coveredMeasureCount(measures: readonly MatrixMeasure[]): number {
  return measures.filter((row) => row.unitsCovered > 0).length;
}

export interface TextProblem {
  line: number;
  column: number | null;
  message: string;
}

export interface ImportProblems {
  /** Problems placed in the plan's text (`text:LINE:COLUMN`), in text order. */
  text: TextProblem[];
  /** Problems of the other fields, by field. */
  fields: { name: string; errors: string[] }[];
  /** Anything else: shown with the headline. */
  rest: { path: string; message: string }[];
}

/**
 * Sorts an import's error details: the importer names places in the text as
 * `text:12:5` (line and column, from 1); request validation names `body.field`;
 * the service names `field`.
 */
export function importProblems(
  details: readonly { path: string; message: string }[],
  fields: readonly string[],
): ImportProblems {
  const result: ImportProblems = { text: [], fields: [], rest: [] };
  const byField = new Map<string, string[]>();
  for (const detail of details) {
    const place = /^text:(\d+)(?::(\d+))?$/.exec(detail.path);
    if (place) {
      result.text.push({
        line: Number(place[1]),
        column: place[2] === undefined ? null : Number(place[2]),
        message: detail.message,
      });
      continue;
    }
    const field = detail.path.replace(/^body\./, '').split('.')[0] ?? '';
    if (fields.includes(field)) byField.set(field, [...(byField.get(field) ?? []), detail.message]);
    else result.rest.push(detail);
  }
  result.text.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  result.fields = [...byField].map(([name, errors]) => ({ name, errors }));
  return result;
}

/** The character offset of a line and column (both from 1) in a text, clamped to the text. */
export function offsetOf(text: string, line: number, column: number | null): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  const lineEnd = end < 0 ? text.length : end;
  return Math.min(offset + Math.max((column ?? 1) - 1, 0), lineEnd);
}

/** The nodes whose chosen measure differs from the saved one, in document order. */
export function changedLinks(
  links: readonly AlignmentLink[],
  chosen: Readonly<Record<string, string | null>>,
): { node: string; measure: string | null }[] {
  return links.flatMap((link) => {
    if (!Object.hasOwn(chosen, link.node.path)) return [];
    const measure = chosen[link.node.path] ?? null;
    return measure === (link.measure?.path ?? null) ? [] : [{ node: link.node.path, measure }];
  });
}

/**
 * Places a bulk save's error details on the nodes sent (`links.3.measure` is
 * the fourth link of the request); the rest stays with the headline.
 */
export function linkProblems(
  details: readonly { path: string; message: string }[],
  sent: readonly { node: string }[],
): { byNode: Map<string, string[]>; rest: { path: string; message: string }[] } {
  const byNode = new Map<string, string[]>();
  const rest: { path: string; message: string }[] = [];
  for (const detail of details) {
    const match = /^(?:body\.)?links\.(\d+)(?:\.|$)/.exec(detail.path);
    const node = match ? sent[Number(match[1])]?.node : undefined;
    if (node === undefined) rest.push(detail);
    else byNode.set(node, [...(byNode.get(node) ?? []), detail.message]);
  }
  return { byNode, rest };
}

/** How deep a node sits: "II" → 0, "II.1" → 1, "II.1.3" → 2. */
export function depthOf(path: string): number {
  return path.split('.').length - 1;
}

/** Plan codes the server accepts (PLAN_CODE in the importer). */
export const PLAN_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
