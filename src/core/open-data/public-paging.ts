/**
 * Paging and matching for the public API, pure: opaque cursors over codes,
 * the link to the next page, and words matched in English or Chinese text.
 */

/** An opaque cursor naming the last code of a page (base64url, so it survives any URL). */
export function encodeCursor(lastCode: string): string {
  return Buffer.from(`after:${lastCode}`, 'utf8').toString('base64url');
}

/** The code a cursor names, or null when the text is no cursor of ours. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('after:') && text.length > 'after:'.length
    ? text.slice('after:'.length)
    : null;
}

/**
 * The same URL (path and query) with `changes` applied: a null value removes
 * the parameter. Keeps every other parameter as the caller sent it.
 */
export function linkWith(url: string, changes: Record<string, string | number | null>): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** Lower case, full-width forms folded, runs of space made one: for matching, never for display. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

/** The query's words (split on spaces); Chinese has no spaces, so a Chinese phrase is one word. */
export function searchWords(query: string): string[] {
  return foldForSearch(query)
    .split(' ')
    .filter((word) => word !== '');
}

/** Whether every word occurs in one of the texts (folded). */
export function matchesAll(words: readonly string[], texts: readonly (string | null)[]): boolean {
  const folded = texts.filter((text): text is string => text !== null).map(foldForSearch);
  return words.every((word) => folded.some((text) => text.includes(word)));
}

/** Up to `width` characters of `text` around the first word found, with ellipses where cut. */
export function snippetAround(text: string, words: readonly string[], width = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const folded = foldForSearch(flat);
  const at = words.map((word) => folded.indexOf(word)).find((index) => index >= 0) ?? 0;
  // NFKC may change lengths; the index is a good enough anchor for a snippet.
  const start = Math.max(0, Math.min(at - Math.floor(width / 3), flat.length - width));
  const end = Math.min(flat.length, start + width);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
