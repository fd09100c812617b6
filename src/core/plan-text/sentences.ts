/**
 * Splitting a heading or an item into its title (the first sentence) and the
 * text that follows.
 */

export interface StrayTerminator {
  /** The character printed where the full stop should be (">"). */
  char: string;
  /** 0-based index of that character in the split string. */
  index: number;
}

export interface TitleSplit {
  title: string;
  text: string;
  /** Set when the title was ended by a stray character instead of a sentence terminator. */
  stray: StrayTerminator | null;
}

export interface SplitTitleOptions {
  /**
   * Look for a stray terminator even when the string has no full stop at all.
   * Off for headings (a heading without a full stop is all title), on for items.
   */
  strayWithoutFullStop: boolean;
}

interface Terminator {
  /** Index of the terminator character. */
  index: number;
  /** Index just after the terminator and any closing quotes or brackets. */
  end: number;
  /** What stays in the title after the text before the terminator ("?" or "!", closing quotes). */
  kept: string;
}

/**
 * A sentence terminator: Latin ones must be followed by whitespace or the end
 * of the string (so "1.5", "etc.," and "documents.." are not sentence ends),
 * CJK ones end a sentence wherever they are.
 */
const TERMINATOR = /([.!?])([”’"')\]]*)(?=\s|$)|([。！？])([”’"'）)」』\]]*)/gu;

/** Words whose full stop is an abbreviation, not the end of a sentence. */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'no',
  'nos',
  'art',
  'arts',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'vs',
  'cf',
  'approx',
  'fig',
  'vol',
  'pp',
  'u.s',
  'u.k',
  'u.n',
]);

/** Finds the first sentence terminator, or null when the string has none. */
function findTerminator(s: string): Terminator | null {
  for (const match of s.matchAll(TERMINATOR)) {
    const index = match.index;
    const latin = match[1];
    if (latin === '.') {
      // Only the last few characters matter (and a `$`-anchored regex on a long prefix is slow).
      const word = /([\p{L}.]+)$/u
        .exec(s.slice(Math.max(0, index - 12), index))?.[1]
        ?.toLowerCase();
      if (word !== undefined && ABBREVIATIONS.has(word)) continue;
    }
    const char = latin ?? match[3] ?? '';
    const closers = (latin !== undefined ? match[2] : match[4]) ?? '';
    const kept = (char === '.' || char === '。' ? '' : char) + closers;
    return { index, end: index + match[0].length, kept };
  }
  return null;
}

/**
 * A stray character printed where the full stop belongs: attached to the end
 * of a word, not a letter, digit, space or ordinary in-sentence punctuation,
 * and followed by a space and a capital letter ("sector> Support").
 */
const STRAY =
  /(?<=[\p{L}\p{N}])([^\p{L}\p{N}\p{M}\s.,!?'’‘"“”()（）[\]\-‐‑–—/&%+·。，、！？])\s+(?=\p{Lu})/u;

/**
 * Splits "Title. Text" into title and text. The title is the first sentence
 * without its full stop; a stray terminator ("Title> Text") before the first
 * full stop also ends the title. Without any terminator the whole string is
 * the title.
 */
export function splitTitle(s: string, options: SplitTitleOptions): TitleSplit {
  const terminator = findTerminator(s);
  const strayRegion = terminator
    ? s.slice(0, terminator.index)
    : options.strayWithoutFullStop
      ? s
      : '';
  const stray = STRAY.exec(strayRegion);
  if (stray?.[1] !== undefined) {
    return {
      title: s.slice(0, stray.index).trim(),
      text: s.slice(stray.index + stray[0].length).trim(),
      stray: { char: stray[1], index: stray.index },
    };
  }
  if (terminator) {
    return {
      title: (s.slice(0, terminator.index) + terminator.kept).trim(),
      text: s.slice(terminator.end).trim(),
      stray: null,
    };
  }
  return { title: s.trim(), text: '', stray: null };
}
