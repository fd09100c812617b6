/**
 * A small RFC 4180 reader that reports every structural problem of a file in
 * one pass, so a ministry's file is fixed once rather than error by error.
 *
 * Why not csv-parse (installed, used by src/services/csv.ts for trusted
 * files): with `skip_records_with_error` and `on_skip` it does go on after
 * some errors, but (1) an unterminated quote is reported on the last line of
 * the file, not the line it was opened on, and everything after it is lost;
 * (2) after a stray character following a closing quote (`"a"b`) it loses
 * track of quoting and swallows the rest of the file into one bogus "quote not
 * closed", hiding every later problem; (3) `info.lines` is the line a record
 * ends on, so a record with a quoted line break cannot be named by its first
 * line; (4) it picks one record delimiter for the whole file. The reader below
 * is a single forward scan with no recursion: linear in the size of the text.
 *
 * Columns in problems are 1-based positions in the physical line, in UTF-16
 * code units (the same as characters, except for the rare ones beyond the
 * Basic Multilingual Plane, which count two).
 */

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvReadOptions {
  /** The field delimiter; when absent it is detected from the header line. */
  delimiter?: CsvDelimiter;
}

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  line: number;
  /** The cells as written: unquoted, doubled quotes undone, nothing trimmed. */
  cells: string[];
}

export interface CsvProblem {
  line: number;
  column: number;
  message: string;
}

export interface CsvRecords {
  /** The delimiter used: the one given, or the one detected. */
  delimiter: CsvDelimiter;
  /** The header's cells, as written. */
  header: string[];
  /** Records after the header, without those with a structural problem (which name them instead). */
  rows: CsvRow[];
  problems: CsvProblem[];
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
const DELIMITER_NAMES: Record<CsvDelimiter, { one: string; many: string }> = {
  ',': { one: 'a comma', many: 'commas' },
  ';': { one: 'a semicolon', many: 'semicolons' },
  '\t': { one: 'a tab', many: 'tabs' },
};

interface CellStart {
  line: number;
  column: number;
}

/** Reads a CSV text with a header line; never throws. */
export function readCsvRecords(text: string, options: CsvReadOptions = {}): CsvRecords {
  const problems: CsvProblem[] = [];
  // A byte order mark left in the text is not part of the first header name.
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = start;
  // Blank lines carry no record; skipping the leading ones finds the header.
  while (start < text.length && isLineBreak(text.charCodeAt(start))) {
    start += text.charCodeAt(start) === CR && text.charCodeAt(start + 1) === LF ? 2 : 1;
    line += 1;
    lineStart = start;
  }
  if (start >= text.length) {
    problems.push({ line, column: 1, message: 'the file is empty: no header line' });
    return { delimiter: options.delimiter ?? ',', header: [], rows: [], problems };
  }

  const delimiter = options.delimiter ?? detectDelimiter(text, start, line, problems);
  const delimiterCode = delimiter.charCodeAt(0);

  let i = start;
  let header: string[] | null = null;
  const rows: CsvRow[] = [];

  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isLineBreak(code)) {
      // A blank line between records: no cells, nothing to report.
      i += code === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line += 1;
      lineStart = i;
      continue;
    }

    const recordLine = line;
    const cells: string[] = [];
    const starts: CellStart[] = [];
    let broken = false;
    let recordEnded = false;

    while (!recordEnded) {
      const cellLine = line;
      const cellColumn = i - lineStart + 1;
      starts.push({ line: cellLine, column: cellColumn });
      let value: string;

      if (text.charCodeAt(i) === QUOTE) {
        const open = i;
        const openLineStart = lineStart;
        const parts: string[] = [];
        let pos = i + 1;
        let closed = false;
        for (;;) {
          const quote = text.indexOf('"', pos);
          if (quote === -1) break;
          for (let k = pos; k < quote; k += 1) {
            const c = text.charCodeAt(k);
            if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) {
              line += 1;
              lineStart = k + 1;
            }
          }
          if (text.charCodeAt(quote + 1) === QUOTE) {
            parts.push(text.slice(pos, quote + 1));
            pos = quote + 2;
            continue;
          }
          parts.push(text.slice(pos, quote));
          pos = quote + 1;
          closed = true;
          break;
        }
        if (closed) {
          value = parts.join('');
          i = pos;
          if (i < text.length && !isCellEnd(text.charCodeAt(i), delimiterCode)) {
            problems.push({
              line,
              column: i - lineStart + 1,
              message: `text after the closing quote of a quoted cell: quote the whole cell and double any quote inside it ("")`,
            });
            broken = true;
            const end = cellEnd(text, i, delimiterCode);
            value += text.slice(i, end);
            i = end;
          }
        } else {
          // Never closed: the rest of the file would be one cell. Read the cell
          // to the end of its line instead and go on, so later problems show.
          // Past an unclosed quote every quote run has an even length, so this
          // happens at most once and the scan stays linear.
          const end = lineEnd(text, open + 1);
          line = cellLine;
          lineStart = openLineStart;
          problems.push({
            line: cellLine,
            column: cellColumn,
            message:
              end < text.length
                ? `a quoted cell opened here is never closed; reading went on from line ${cellLine + 1}`
                : 'a quoted cell opened here is never closed',
          });
          broken = true;
          value = text.slice(open + 1, end);
          i = end;
        }
      } else {
        const end = cellEnd(text, i, delimiterCode);
        const stray = firstQuote(text, i, end);
        if (stray !== -1) {
          problems.push({
            line,
            column: stray - lineStart + 1,
            message:
              'a quote inside an unquoted cell: quote the whole cell and double the quote ("")',
          });
          broken = true;
        }
        value = text.slice(i, end);
        i = end;
      }

      cells.push(value);
      if (i < text.length && text.charCodeAt(i) === delimiterCode) {
        i += 1;
        continue;
      }
      recordEnded = true;
      if (i < text.length) {
        // A line break ends the record.
        i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line += 1;
        lineStart = i;
      }
    }

    if (header === null) {
      header = cells;
      checkHeader(cells, starts, problems);
      continue;
    }
    if (cells.length !== header.length) {
      const excess = cells.length > header.length;
      problems.push({
        line: recordLine,
        column: 1,
        message: `${cells.length} ${cells.length === 1 ? 'cell' : 'cells'} where the header has ${header.length}${
          excess
            ? ` (${DELIMITER_NAMES[delimiter].one} inside an unquoted value?)`
            : ' (a cell missing?)'
        }`,
      });
      broken = true;
    }
    if (!broken) rows.push({ line: recordLine, cells });
  }

  // A record's cell problems are found before its count problem; read in file order.
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { delimiter, header: header ?? [], rows, problems };
}

function checkHeader(header: string[], starts: CellStart[], problems: CsvProblem[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    const { line, column } = starts[index]!;
    const key = name.trim();
    if (key === '') {
      problems.push({ line, column, message: `column ${index + 1} of the header has no name` });
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        line,
        column,
        message: `the header name "${key}" of column ${index + 1} repeats column ${first + 1}`,
      });
    } else {
      seen.set(key, index);
    }
  });
}

/**
 * The delimiter the header line uses most outside quotes; a tie is a problem
 * (the first of comma, semicolon, tab is used). No delimiter at all is a
 * single-column file, read with commas.
 */
function detectDelimiter(
  text: string,
  start: number,
  line: number,
  problems: CsvProblem[],
): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '\n' || char === '\r') break;
    else if (char === ',' || char === ';' || char === '\t') counts[char] += 1;
  }
  const most = Math.max(...DELIMITERS.map((delimiter) => counts[delimiter]));
  if (most === 0) return ',';
  const tied = DELIMITERS.filter((delimiter) => counts[delimiter] === most);
  if (tied.length > 1) {
    problems.push({
      line,
      column: 1,
      message: `cannot tell the delimiter: the header line has as many ${tied
        .map((delimiter) => DELIMITER_NAMES[delimiter].many)
        .join(' as ')} (${most}); name the delimiter`,
    });
  }
  return tied[0]!;
}

function isLineBreak(code: number): boolean {
  return code === LF || code === CR;
}

function isCellEnd(code: number, delimiterCode: number): boolean {
  return code === delimiterCode || code === LF || code === CR;
}

/** Index of the delimiter or line break ending an unquoted cell starting at `from`, or the text's length. */
function cellEnd(text: string, from: number, delimiterCode: number): number {
  let i = from;
  while (i < text.length && !isCellEnd(text.charCodeAt(i), delimiterCode)) i += 1;
  return i;
}

/** Index of the first quote in text[from, to), or -1 (not indexOf: that would look past `to`, up to the end of the file). */
function firstQuote(text: string, from: number, to: number): number {
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === QUOTE) return i;
  return -1;
}

/** Index of the first line break at or after `from`, or the text's length. */
function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i += 1;
  return i;
}
