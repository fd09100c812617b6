/**
 * One spreadsheet or CSV cell to a number, a missing value, or an error that
 * says what is wrong. Reported figures arrive typed by hand, exported from
 * Excel or WPS, sometimes in full-width characters: what is unambiguous is
 * read, what could mean two things is refused with its reason, so a figure is
 * never stored off by a factor of a thousand.
 */

export type NumberCell =
  { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'error'; reason: string };

export interface ParseNumberOptions {
  /** The column's unit is percent: a trailing `%` is allowed and dropped (12.5% reads as 12.5). */
  percent?: boolean;
}

const MISSING: NumberCell = { kind: 'missing' };

/** Markers statistical tables use for "no figure" (compared after full-width folding, case-insensitively). */
const MISSING_MARKERS = new Set([
  '-',
  '\u2014', // — em dash
  '\u2014\u2014', // —— the doubled dash of Chinese tables
  '\u2013', // – en dash
  '..',
  '...',
  '\u2026', // …
  '\u2026\u2026', // ……
  'N/A',
  'NA',
  '无',
  '空',
]);

const SPREADSHEET_ERRORS = new Set([
  '#DIV/0!',
  '#N/A',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#GETTING_DATA',
]);

/** A space around a cell: \s covers NBSP, U+3000 and the other Unicode spaces; U+200B comes from copied web text. */
const SPACE = /^[\s\u200B]$/;

// Written without nested or adjacent quantifiers over the same characters: linear on any input.
const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const EUROPEAN = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const MANTISSA_NONZERO = /^[^eE]*[1-9]/;

const OTHER_DIGIT = /\p{Nd}/u;
const DIGIT_SCRIPTS: readonly [number, string][] = [
  [0x0660, 'Arabic-Indic'],
  [0x06f0, 'Persian (extended Arabic-Indic)'],
  [0x07c0, 'NKo'],
  [0x0966, 'Devanagari'],
  [0x09e6, 'Bengali'],
  [0x0a66, 'Gurmukhi'],
  [0x0ae6, 'Gujarati'],
  [0x0b66, 'Oriya'],
  [0x0be6, 'Tamil'],
  [0x0c66, 'Telugu'],
  [0x0ce6, 'Kannada'],
  [0x0d66, 'Malayalam'],
  [0x0e50, 'Thai'],
  [0x0ed0, 'Lao'],
  [0x0f20, 'Tibetan'],
  [0x1040, 'Myanmar'],
  [0x17e0, 'Khmer'],
  [0x1810, 'Mongolian'],
];
const CHINESE_NUMERAL = /[〇零一二三四五六七八九十百千万萬亿億两兩壹贰叁肆伍陆柒捌玖拾佰仟]/u;
const CURRENCY = /[$¥￥€£₩₹]/u;

/** Reads one cell as a decimal number; never throws. */
export function parseNumberCell(raw: string, options: ParseNumberOptions = {}): NumberCell {
  const trimmed = trimSpaces(raw);
  if (trimmed === '') return MISSING;
  if (trimmed.startsWith('=') || trimmed.startsWith('\uFF1D'))
    return error('a formula, not a value: save the sheet with computed values');
  if (SPREADSHEET_ERRORS.has(trimmed.toUpperCase()))
    return error(`spreadsheet error ${trimmed}: the sheet could not compute this cell`);

  let text = foldFullWidth(trimmed);
  if (MISSING_MARKERS.has(text.toUpperCase())) return MISSING;

  if (text.endsWith('%')) {
    if (!options.percent)
      return error(
        'a percent sign, but the unit of this column is not percent: give the unit as percent, or write the value without %',
      );
    text = trimSpaces(text.slice(0, -1));
  }

  if (PLAIN.test(text)) return finite(text, text);
  if (GROUPED.test(text)) return finite(text.replaceAll(',', ''), text);
  return error(diagnose(text));
}

/** The cell without surrounding spaces (loops: a `$`-anchored regex is quadratic on long inner runs). */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && SPACE.test(text.charAt(start))) start += 1;
  while (end > start && SPACE.test(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

/** Full-width digits, signs, point and comma to ASCII; the Unicode minus to a hyphen-minus. */
function foldFullWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0B\uFF0D\uFF0E\uFF0C\uFF05\u2212]/g, (char) => {
    if (char === '\u2212') return '-';
    return String.fromCharCode(char.charCodeAt(0) - 0xfee0);
  });
}

function finite(decimal: string, written: string): NumberCell {
  // Number() rounds the decimal string correctly, once: '0.1' is the double nearest to 0.1.
  const value = Number(decimal);
  if (!Number.isFinite(value))
    return error(
      `${written} is out of range: beyond ±1.8e308, the largest magnitude a number can have here`,
    );
  if (value === 0 && MANTISSA_NONZERO.test(decimal))
    return error(`${written} is too small to hold: it would round to 0`);
  // -0 is 0 as a figure; keeping the sign would only surprise comparisons.
  return { kind: 'number', value: value === 0 ? 0 : value };
}

/** The reason a cell that is neither a plain nor a grouped decimal is refused. */
function diagnose(text: string): string {
  const unsigned = text.replace(/^[+-]/, '');
  if (/^nan$/i.test(unsigned)) return 'NaN is not a number';
  if (/^(?:inf|infinity|∞)$/i.test(unsigned)) return 'infinity is not a figure';
  if (/^0[xX]/.test(unsigned)) return 'hexadecimal notation (0x) is not a decimal figure';
  if (/^0[bB][01]/.test(unsigned)) return 'binary notation (0b) is not a decimal figure';
  if (/^0[oO][0-7]/.test(unsigned)) return 'octal notation (0o) is not a decimal figure';
  const digit = otherDigit(text);
  if (digit) return `digits of another script (${digit}): write the number with the digits 0-9`;
  const numeral = CHINESE_NUMERAL.exec(text);
  if (numeral)
    return `Chinese numeral or multiplier "${numeral[0]}": write the figure in the digits 0-9 and give any multiplier in the unit`;
  const currency = CURRENCY.exec(text);
  if (currency)
    return `a currency sign "${currency[0]}": give the currency in the unit, not in the cell`;
  if (/^\(.*\)$/.test(text))
    return 'a number in parentheses is ambiguous (an accounting negative?): write -12.5 for a negative number';
  if (/[\s\u200B]/.test(text))
    return 'a space inside the number: write 1234 or 1,234 (spaces as thousands separators are ambiguous)';
  if (EUROPEAN.test(text))
    return 'European notation (dots grouping thousands, a decimal comma) is ambiguous: write 1234.5 or 1,234.5';
  if (text.includes(',') && /[eE]/.test(text))
    return 'thousands separators together with an exponent: write 1234e3 or 1,234,000';
  if (text.includes(','))
    return 'a comma that does not separate groups of three digits (a decimal comma?): write 1.23 or 123';
  if ((text.match(/\./g) ?? []).length > 1) return 'more than one decimal point';
  if (/^[+-]{2}/.test(text)) return 'more than one sign';
  const stray = /[^0-9+\-.,eE]/u.exec(text);
  if (stray) {
    const rest = /^\p{L}+/u.exec(text.slice(stray.index));
    const shown = rest ? rest[0] : String.fromCodePoint(text.codePointAt(stray.index)!);
    return `not a number: unexpected "${shown}"`;
  }
  if (!/\d/.test(text)) return 'not a number: no digits';
  return 'not a number: the signs, digits, point, commas or exponent are out of order';
}

/** Names the script of the first decimal digit outside 0-9, e.g. 'Arabic-Indic "١"'. */
function otherDigit(text: string): string | null {
  for (const char of text) {
    if ((char >= '0' && char <= '9') || !OTHER_DIGIT.test(char)) continue;
    const code = char.codePointAt(0)!;
    const script = DIGIT_SCRIPTS.find(([zero]) => code >= zero && code <= zero + 9);
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    return script ? `${script[1]} "${char}"` : `"${char}", U+${hex}`;
  }
  return null;
}

function error(reason: string): NumberCell {
  return { kind: 'error', reason };
}
