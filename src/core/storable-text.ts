/**
 * Text no store keeps faithfully: NUL (PostgreSQL refuses it) and unpaired
 * UTF-16 surrogates (no encoding can hold them).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 64;

/** The path of the first unstorable string within `value`, or null. */
export function findUnstorableText(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return `${path} (nested deeper than ${MAX_DEPTH} levels)`;
  for (const [key, inner] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return `${path}.${key}`;
    const found = findUnstorableText(inner, `${path}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Replaces what cannot be stored, for text the system itself writes (audit entries). */
export function storableText(text: string): string {
  return text.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');
}
