/**
 * Line splitting and whitespace normalisation. Only whitespace is touched:
 * the words and punctuation of a line are kept verbatim.
 */

/** Splits a document into lines on LF, CRLF or CR; a leading byte order mark is not part of the text. */
export function splitLines(text: string): string[] {
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return withoutBom.split(/\r\n|\r|\n/);
}

/** True when a line holds nothing but whitespace (including non-breaking and ideographic spaces). */
export function isBlank(line: string): boolean {
  return /^[\s\u200B]*$/u.test(line);
}

export interface NormalisedLine {
  /** Width of the leading whitespace (any kind of space counts as one column, a tab too). */
  indent: number;
  /** 1-based column where the content starts in the raw line. */
  column: number;
  /** The line without leading and trailing whitespace, odd spaces replaced by plain spaces. */
  content: string;
  /** Odd whitespace characters that were replaced inside the content, in order of appearance. */
  replaced: string[];
}

/** Any whitespace run that contains something other than plain spaces. */
const ODD_WHITESPACE_RUN = /[\s\u200B]+/gu;
const LEADING_WHITESPACE = /^[\s\u200B]*/u;
const WHITESPACE_CHAR = /^[\s\u200B]$/u;

/** Length of `text` without its trailing whitespace (a loop: a `$`-anchored regex is quadratic on long runs). */
function trimmedEnd(text: string): number {
  let end = text.length;
  while (end > 0 && WHITESPACE_CHAR.test(text.charAt(end - 1))) end -= 1;
  return end;
}

/**
 * Trims a line and replaces every run of whitespace holding a non-breaking,
 * ideographic, zero-width or other odd space (or a tab) by a single plain
 * space; a zero-width space on its own between two characters is removed.
 */
export function normaliseLine(raw: string): NormalisedLine {
  const leading = LEADING_WHITESPACE.exec(raw)?.[0] ?? '';
  const body = raw.slice(leading.length);
  const inner = body.slice(0, trimmedEnd(body));
  const replaced: string[] = [];
  const content = inner.replace(ODD_WHITESPACE_RUN, (run) => {
    if (/^ +$/.test(run)) return run;
    for (const char of run) if (char !== ' ') replaced.push(char);
    return /^\u200B+$/u.test(run) ? '' : ' ';
  });
  return { indent: [...leading].length, column: leading.length + 1, content, replaced };
}

const SPACE_NAMES: Readonly<Record<string, string>> = {
  '\u0009': 'TAB',
  '\u00A0': 'NO-BREAK SPACE',
  '\u1680': 'OGHAM SPACE MARK',
  '\u2000': 'EN QUAD',
  '\u2001': 'EM QUAD',
  '\u2002': 'EN SPACE',
  '\u2003': 'EM SPACE',
  '\u2004': 'THREE-PER-EM SPACE',
  '\u2005': 'FOUR-PER-EM SPACE',
  '\u2006': 'SIX-PER-EM SPACE',
  '\u2007': 'FIGURE SPACE',
  '\u2008': 'PUNCTUATION SPACE',
  '\u2009': 'THIN SPACE',
  '\u200A': 'HAIR SPACE',
  '\u200B': 'ZERO WIDTH SPACE',
  '\u2028': 'LINE SEPARATOR',
  '\u2029': 'PARAGRAPH SEPARATOR',
  '\u202F': 'NARROW NO-BREAK SPACE',
  '\u205F': 'MEDIUM MATHEMATICAL SPACE',
  '\u3000': 'IDEOGRAPHIC SPACE',
  '\uFEFF': 'ZERO WIDTH NO-BREAK SPACE',
};

/** "U+00A0 NO-BREAK SPACE" */
export function describeCharacter(char: string): string {
  const code = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const name = SPACE_NAMES[char];
  return name ? `U+${code} ${name}` : `U+${code}`;
}

/** Makes invisible characters visible in a message: "Development<U+00A0> Strategy". */
export function showInvisible(text: string): string {
  return text.replace(/[^\S ]|\u200B/gu, (char) => `<${describeCharacter(char).split(' ')[0]}>`);
}
