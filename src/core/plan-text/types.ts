/**
 * What the plan-text importer produces from a plan document. Pure data: the
 * store and the CLI consume it, the parser never touches I/O.
 */
export type PlanNodeKind = 'chapter' | 'section' | 'principle' | 'objective' | 'measure';

export interface ParsedPlanNode {
  kind: PlanNodeKind;
  /** The number the node has in the plan's structure: "III" for a chapter, "3" for a section, "2" for a measure. */
  number: string;
  /** The number as printed when it differs from `number` (e.g. "12" for a misnumbered measure, "IV" for a section printed in Roman numerals); otherwise null. */
  printedNumber: string | null;
  /** Dotted path from the root, unique within a plan: "III", "III.3", "III.3.3". */
  path: string;
  /** The heading; for measures and principles the first sentence without its terminator. */
  title: string;
  /** Full text of the node itself (intro paragraph of a chapter or section, the whole body of a measure), without the title. */
  text: string;
  /** 1-based line in the source document where the node starts. */
  line: number;
  children: ParsedPlanNode[];
}

export type ImportNoteKind =
  | 'renumbered' // an item whose printed number breaks the sequence was placed by its position
  | 'roman-numbered-section' // a section printed in Roman numerals among Arabic ones
  | 'stray-title-terminator' // a title ending with a stray character instead of a full stop
  | 'header-dropped' // web page furniture before the text (e.g. "Posted on Updated on")
  | 'footer-dropped' // web page footer after the end of the text
  | 'normalised-whitespace' // non-breaking or odd spaces replaced
  | 'mixed-numbering'; // a chapter or section printed in another numeral system than its siblings (other than a Roman section)

/** A correction the importer made, kept with the plan so nobody has to trust a silent fix. */
export interface ImportNote {
  line: number;
  kind: ImportNoteKind;
  message: string;
}

/** Something the importer could not place: an import with problems is refused. */
export interface ImportProblem {
  line: number;
  column: number;
  message: string;
}

export interface ParsedPlan {
  title: string;
  /** Issuing bodies as printed (e.g. "Central Committee General Office"). */
  issuers: string[];
  /** ISO date (YYYY-MM-DD) when a date line like "27 July 2016" is found, else null. */
  issuedOn: string | null;
  /** The paragraphs before the first chapter. */
  preamble: string;
  nodes: ParsedPlanNode[];
  notes: ImportNote[];
  problems: ImportProblem[];
}
