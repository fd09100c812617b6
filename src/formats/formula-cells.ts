/**
 * Cells a spreadsheet would run as a formula (CSV injection, OWASP): text
 * starting with = + - @, or with a tab or carriage return before one, gets a
 * leading apostrophe in every CSV Planwatch writes; the importers take it off
 * again. Numbers are written as they are: "-5" is a number to a spreadsheet,
 * not a formula. Pure.
 */

/**
 * The cell as written: an apostrophe before one that would run as a formula,
 * and before one that already starts with apostrophes and such a character,
 * so that `unneutralise` undoes exactly what this did.
 */
export function neutralise(text: string): string {
  return /^'*[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The cell as it was before `neutralise`. */
export function unneutralise(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
