/**
 * The CSV reader of core/import (readCsvRecords) made incremental: text
 * arrives in pieces, records leave one by one with their first line, and
 * every structural problem is reported with its line and column, as the
 * whole-text reader does (a test holds them to the same results). Two
 * differences, both for bounded memory: a record may span at most
 * MAX_RECORD_CHARS characters (a quote left open is then read as never
 * closed, as the whole-text reader does at the end of the file), and
 * problems of a record are released when the record ends.
 *
 * Lines without quotes or lone CRs take a fast path (indexOf and split),
 * which gives the same cells as the character scan.
 */
import type { CsvDelimiter, CsvProblem } from '../../core/import/index.js';

export const MAX_RECORD_CHARS = 1 << 20;

export interface CsvStreamHandler {
  header(cells: string[], line: number): void;
  row(cells: string[], line: number): void;
  problem(problem: CsvProblem): void;
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

export class CsvStreamReader {
  private buf = '';
  private pos = 0;
  /** Line of the character at `pos`, and the index in `buf` where that line starts. */
  private line = 1;
  private lineStart = 0;
  private delimiter: CsvDelimiter | null;
  private delimiterCode = 0x2c;
  private headerLength = -1;
  private started = false;
  private ended = false;
  /** Index of the next quote and CR at or after the fast path's position; -2: not searched yet. */
  private nextQuote = -2;
  private nextCr = -2;

  constructor(
    private readonly handler: CsvStreamHandler,
    options: { delimiter?: CsvDelimiter } = {},
  ) {
    this.delimiter = options.delimiter ?? null;
    if (this.delimiter) this.delimiterCode = this.delimiter.charCodeAt(0);
  }

  /** The delimiter given or detected ('' before the header line was read). */
  get usedDelimiter(): CsvDelimiter | null {
    return this.delimiter;
  }

  push(text: string): void {
    if (text.length === 0) return;
    if (!this.started && this.buf.length === 0 && this.pos === 0 && text.charCodeAt(0) === 0xfeff) {
      // A byte order mark left in the text is not part of the first header name.
      text = text.slice(1);
    }
    this.rebase();
    this.buf += text;
    this.nextQuote = -2;
    this.nextCr = -2;
    this.parse(false);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.parse(true);
    if (this.headerLength === -1) {
      this.handler.problem({
        line: this.line,
        column: 1,
        message: 'the file is empty: no header line',
      });
    }
  }

  /**
   * The line and column just after the text pushed so far, for problems found
   * in the bytes before that text is read as records (undecodable bytes, NUL).
   * `extra` is text about to be pushed, up to the spot in question.
   */
  positionAfter(extra = ''): { line: number; column: number } {
    let line = this.line;
    let column = this.pos - this.lineStart + 1;
    const advance = (text: string, from: number) => {
      for (let i = from; i < text.length; i += 1) {
        const c = text.charCodeAt(i);
        if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
          line += 1;
          column = 1;
        } else if (c !== CR) column += 1;
      }
    };
    advance(this.buf, this.pos);
    advance(extra, 0);
    return { line, column };
  }

  private rebase(): void {
    if (this.pos === 0) return;
    this.buf = this.buf.slice(this.pos);
    this.lineStart -= this.pos;
    this.pos = 0;
  }

  private parse(final: boolean): void {
    const text = this.buf;
    if (!this.started) {
      // Blank lines carry no record; skipping the leading ones finds the header.
      let i = this.pos;
      while (i < text.length && isLineBreak(text.charCodeAt(i))) {
        if (text.charCodeAt(i) === CR && i + 1 === text.length && !final) return;
        i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        this.line += 1;
        this.lineStart = i;
        this.pos = i;
      }
      if (i >= text.length) return;
      if (this.delimiter === null) {
        const detected = this.detectDelimiter(final);
        if (detected === null) return;
        this.delimiter = detected;
        this.delimiterCode = detected.charCodeAt(0);
      }
      this.started = true;
    }
    const delimiter = this.delimiter!;
    for (;;) {
      const i = this.pos;
      if (i >= text.length) return;
      const code = text.charCodeAt(i);
      if (code === LF) {
        this.pos = i + 1;
        this.line += 1;
        this.lineStart = i + 1;
        continue;
      }
      if (code === CR) {
        if (i + 1 === text.length && !final) return;
        this.pos = text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
        this.line += 1;
        this.lineStart = this.pos;
        continue;
      }
      // Fast path: a whole line without quotes or carriage returns but a final CR.
      const nl = text.indexOf('\n', i);
      if (nl !== -1 && this.headerLength !== -1) {
        const lineEnd = text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        // Searched once per stretch, not per line: indexOf to the end of the text on every line would be quadratic.
        if (this.nextQuote !== -1 && this.nextQuote < i) this.nextQuote = text.indexOf('"', i);
        if (this.nextCr !== -1 && this.nextCr < i) this.nextCr = text.indexOf('\r', i);
        const quote = this.nextQuote;
        const cr = this.nextCr;
        if ((quote === -1 || quote > nl) && (cr === -1 || cr >= lineEnd)) {
          const cells = text.slice(i, lineEnd).split(delimiter);
          const recordLine = this.line;
          this.pos = nl + 1;
          this.line += 1;
          this.lineStart = nl + 1;
          if (cells.length !== this.headerLength) this.countProblem(cells.length, recordLine);
          else this.handler.row(cells, recordLine);
          continue;
        }
      }
      if (!this.slowRecord(final)) return;
    }
  }

  /** Reads one record by scanning characters; false when the text so far does not hold all of it. */
  private slowRecord(final: boolean): boolean {
    const text = this.buf;
    const length = text.length;
    const delimiterCode = this.delimiterCode;
    let i = this.pos;
    let line = this.line;
    let lineStart = this.lineStart;
    const recordLine = line;
    const recordStart = i;
    // A record this long is not waiting for more text: read it as if the file ended.
    const complete = final || length - recordStart > MAX_RECORD_CHARS;
    const cells: string[] = [];
    const starts: CellStart[] = [];
    const problems: CsvProblem[] = [];
    let broken = false;

    for (;;) {
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
          if (quote + 1 === length && !complete) return false;
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
        if (!closed && !complete) return false;
        if (closed) {
          value = parts.join('');
          i = pos;
          if (i < length && !isCellEnd(text.charCodeAt(i), delimiterCode)) {
            problems.push({
              line,
              column: i - lineStart + 1,
              message: `text after the closing quote of a quoted cell: quote the whole cell and double any quote inside it ("")`,
            });
            broken = true;
            const end = cellEnd(text, i, delimiterCode);
            if (end === length && !complete) return false;
            value += text.slice(i, end);
            i = end;
          }
        } else {
          // Never closed: read the cell to the end of its line and go on, so later problems show.
          const end = lineEnd(text, open + 1);
          line = cellLine;
          lineStart = openLineStart;
          problems.push({
            line: cellLine,
            column: cellColumn,
            message:
              end < length
                ? `a quoted cell opened here is never closed; reading went on from line ${cellLine + 1}`
                : 'a quoted cell opened here is never closed',
          });
          broken = true;
          value = text.slice(open + 1, end);
          i = end;
        }
      } else {
        const end = cellEnd(text, i, delimiterCode);
        if (end === length && !complete) return false;
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
      if (i < length && text.charCodeAt(i) === delimiterCode) {
        i += 1;
        continue;
      }
      if (i === length && !complete) return false;
      if (i < length) {
        if (text.charCodeAt(i) === CR && i + 1 === length && !complete) return false;
        i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line += 1;
        lineStart = i;
      }
      break;
    }

    this.pos = i;
    this.line = line;
    this.lineStart = lineStart;
    if (this.headerLength === -1) {
      this.headerLength = cells.length;
      checkHeader(cells, starts, problems);
      this.emit(problems);
      this.handler.header(cells, recordLine);
      return true;
    }
    if (cells.length !== this.headerLength) {
      problems.push(this.countMessage(cells.length, recordLine));
      broken = true;
    }
    this.emit(problems);
    if (!broken) this.handler.row(cells, recordLine);
    return true;
  }

  private emit(problems: CsvProblem[]): void {
    // A record's cell problems are found before its count problem; read in file order.
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const problem of problems) this.handler.problem(problem);
  }

  private countProblem(count: number, line: number): void {
    this.handler.problem(this.countMessage(count, line));
  }

  private countMessage(count: number, line: number): CsvProblem {
    const excess = count > this.headerLength;
    return {
      line,
      column: 1,
      message: `${count} ${count === 1 ? 'cell' : 'cells'} where the header has ${this.headerLength}${
        excess
          ? ` (${DELIMITER_NAMES[this.delimiter!].one} inside an unquoted value?)`
          : ' (a cell missing?)'
      }`,
    };
  }

  /**
   * The delimiter the header line uses most outside quotes; a tie is a
   * problem (the first of comma, semicolon, tab is used). None at all is a
   * single-column file, read with commas. null: the header line is not all here yet.
   */
  private detectDelimiter(final: boolean): CsvDelimiter | null {
    const text = this.buf;
    const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    let ended = false;
    for (let i = this.pos; i < text.length; i += 1) {
      const char = text.charAt(i);
      if (char === '"') quoted = !quoted;
      else if (quoted) continue;
      else if (char === '\n' || char === '\r') {
        ended = true;
        break;
      } else if (char === ',' || char === ';' || char === '\t') counts[char] += 1;
    }
    if (!ended && !final && text.length - this.pos <= MAX_RECORD_CHARS) return null;
    const most = Math.max(...DELIMITERS.map((delimiter) => counts[delimiter]));
    if (most === 0) return ',';
    const tied = DELIMITERS.filter((delimiter) => counts[delimiter] === most);
    if (tied.length > 1) {
      this.handler.problem({
        line: this.line,
        column: 1,
        message: `cannot tell the delimiter: the header line has as many ${tied
          .map((delimiter) => DELIMITER_NAMES[delimiter].many)
          .join(' as ')} (${most}); name the delimiter`,
      });
    }
    return tied[0]!;
  }
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

function isLineBreak(code: number): boolean {
  return code === LF || code === CR;
}

function isCellEnd(code: number, delimiterCode: number): boolean {
  return code === delimiterCode || code === LF || code === CR;
}

function cellEnd(text: string, from: number, delimiterCode: number): number {
  let i = from;
  while (i < text.length && !isCellEnd(text.charCodeAt(i), delimiterCode)) i += 1;
  return i;
}

function firstQuote(text: string, from: number, to: number): number {
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === QUOTE) return i;
  return -1;
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i += 1;
  return i;
}
