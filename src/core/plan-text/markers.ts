/**
 * Recognises what a (trimmed) line of a plan starts with: a chapter heading,
 * a parenthesised section marker, a numbered item, a principle dash, an
 * objective's "By <time>," or nothing structural at all.
 */
import { CHINESE_NUMERAL_CHARS, parseNumeral, type Numeral } from './numbering.js';

export type LineShape =
  /** "I, Title", "I. Title", "一、标题" */
  | { type: 'chapter'; numeral: Numeral; marker: string; rest: string }
  /** "(1) Title", "(IV) Title", "（一）标题", "（1）标题" */
  | { type: 'parenthesised'; numeral: Numeral; marker: string; rest: string }
  /** "1. Title", "12, Title", "1、标题" */
  | { type: 'numbered'; numeral: Numeral; marker: string; separator: string; rest: string }
  /** "– Title. Text", "——标题。" */
  | { type: 'dash'; marker: string; rest: string }
  /** "By 2020, text", "到2020年，正文": phrase is "By 2020" */
  | { type: 'by'; phrase: string; rest: string }
  /** A marker with nothing after it: "(3)", "4.", "IV," */
  | { type: 'bare-marker'; marker: string }
  /** No letter or digit at all: "***", "–" */
  | { type: 'no-words' }
  | { type: 'paragraph' };

const CN = CHINESE_NUMERAL_CHARS;

const ROMAN_CHAPTER =
  /^([IVXL]+)\s*([,.，．、])(?:\s+|(?<=[，．、]))(?=[\p{Lu}\p{Lo}\p{N}“"‘'(（])(.*)$/u;
const CHINESE_CHAPTER = new RegExp(`^([${CN}]+)\\s*([、．.])\\s*(.*)$`, 'u');
const BARE_CHAPTER = /^([IVXL]+)\s*[,.，．、]$/u;
const PARENTHESISED = new RegExp(
  `^([(（]\\s*([IVXL]+|[${CN}]+|[0-9０-９]{1,3})\\s*[)）])\\s*(.*)$`,
  'u',
);
const NUMBERED = /^([0-9０-９]{1,3})\s*([.．,，、])(.*)$/u;
const DASH = /^([–—―]+|-(?=\s))\s*(.*)$/u;
const BY_TIME = /^(By\s+[^,]{1,60}?),(?:\s+(.*)|$)/u;
const CHINESE_BY_TIME = /^((?:到|至)[^，,。]{1,20}?)[，,]\s*(.*)$/u;
const HAS_WORDS = /[\p{L}\p{N}]/u;

/** Classifies a trimmed line by how it starts. */
export function classifyLine(content: string): LineShape {
  if (!HAS_WORDS.test(content)) return { type: 'no-words' };

  const roman = ROMAN_CHAPTER.exec(content);
  if (roman) {
    const numeral = parseNumeral(roman[1] ?? '');
    const rest = (roman[3] ?? '').trim();
    if (numeral?.system === 'roman' && rest !== '') {
      return { type: 'chapter', numeral, marker: `${roman[1]}${roman[2]}`, rest };
    }
  }
  const chinese = CHINESE_CHAPTER.exec(content);
  if (chinese) {
    const numeral = parseNumeral(chinese[1] ?? '');
    if (numeral?.system === 'chinese') {
      const marker = `${chinese[1]}${chinese[2]}`;
      const rest = (chinese[3] ?? '').trim();
      return rest === ''
        ? { type: 'bare-marker', marker }
        : { type: 'chapter', numeral, marker, rest };
    }
  }
  const bareChapter = BARE_CHAPTER.exec(content);
  if (bareChapter && parseNumeral(bareChapter[1] ?? '')?.system === 'roman') {
    return { type: 'bare-marker', marker: content };
  }

  const parenthesised = PARENTHESISED.exec(content);
  if (parenthesised) {
    const numeral = parseNumeral(parenthesised[2] ?? '');
    const marker = parenthesised[1] ?? '';
    const rest = (parenthesised[3] ?? '').trim();
    if (numeral) {
      return rest === ''
        ? { type: 'bare-marker', marker }
        : { type: 'parenthesised', numeral, marker, rest };
    }
  }

  const numbered = NUMBERED.exec(content);
  if (numbered) {
    const numeral = parseNumeral(numbered[1] ?? '');
    const separator = numbered[2] ?? '';
    const after = numbered[3] ?? '';
    const marker = `${numbered[1]}${separator}`;
    if (numeral) {
      const isComma = separator === ',';
      // "1.5 million" and "10, 20 and 30" are not items; "12, Establishing" is.
      const startsItem = isComma ? /^\s+[\p{Lu}\p{Lo}]/u.test(after) : !/^[0-9０-９]/u.test(after);
      if (startsItem && after.trim() !== '') {
        return { type: 'numbered', numeral, marker, separator, rest: after.trim() };
      }
      if (!isComma && after.trim() === '') return { type: 'bare-marker', marker };
    }
  }

  const dash = DASH.exec(content);
  if (dash) return { type: 'dash', marker: dash[1] ?? '', rest: (dash[2] ?? '').trim() };

  const by = BY_TIME.exec(content) ?? CHINESE_BY_TIME.exec(content);
  if (by) return { type: 'by', phrase: (by[1] ?? '').trim(), rest: (by[2] ?? '').trim() };

  return { type: 'paragraph' };
}
