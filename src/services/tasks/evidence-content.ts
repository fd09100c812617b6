/**
 * Which evidence files are accepted: decided by their bytes, not their names.
 * A binary type is what file-type recognises; text (which no signature marks)
 * is accepted only when it is valid UTF-8 without NUL and is not markup. A
 * declared name whose extension says something else than the content is
 * refused, so an executable or a web page cannot pass as a PDF or an image.
 */

interface AcceptedType {
  mediaType: string;
  label: string;
  extensions: readonly string[];
}

const OOXML = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const;

/** Accepted binary types by the media type file-type reports. */
const BINARY_TYPES: ReadonlyMap<string, AcceptedType> = new Map(
  (
    [
      ['application/pdf', 'PDF', ['pdf']],
      ['image/png', 'PNG', ['png']],
      ['image/apng', 'PNG', ['png', 'apng']],
      ['image/jpeg', 'JPEG', ['jpg', 'jpeg']],
      ['image/gif', 'GIF', ['gif']],
      ['image/webp', 'WebP', ['webp']],
      [OOXML.docx, 'Word (.docx)', ['docx']],
      [OOXML.xlsx, 'Excel (.xlsx)', ['xlsx']],
      [OOXML.pptx, 'PowerPoint (.pptx)', ['pptx']],
      ['application/zip', 'ZIP', ['zip', 'docx', 'xlsx', 'pptx']],
    ] as const
  ).map(([mediaType, label, extensions]) => [mediaType, { mediaType, label, extensions }]),
);

const TEXT_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['txt', 'text/plain'],
  ['text', 'text/plain'],
  ['md', 'text/plain'],
  ['log', 'text/plain'],
  ['csv', 'text/csv'],
]);

export const ACCEPTED_TYPES_TEXT =
  'PDF, PNG, JPEG, GIF, WebP, Word/Excel/PowerPoint (.docx/.xlsx/.pptx), ZIP, plain text and CSV (UTF-8)';

/** What the bytes of a file turned out to be. */
export interface ContentFacts {
  /** file-type's finding; undefined when no signature matched. */
  detected: { ext: string; mime: string } | undefined;
  /** The whole file decodes as UTF-8. */
  validUtf8: boolean;
  hasNul: boolean;
  /** The text starts like HTML, XML or SVG (a web page must not pass as text). */
  looksLikeMarkup: boolean;
}

export type ContentVerdict = { ok: true; mediaType: string } | { ok: false; problem: string };

/** The extension of a declared name, lower case, or '' without one. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 || dot === fileName.length - 1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Whether a file with this name and these bytes is accepted, and as which media type. */
export function judgeContent(fileName: string, facts: ContentFacts): ContentVerdict {
  const extension = extensionOf(fileName);
  if (facts.detected !== undefined) {
    const accepted = BINARY_TYPES.get(facts.detected.mime);
    if (!accepted) {
      return {
        ok: false,
        problem: `${fileName} is a ${facts.detected.mime} file (.${facts.detected.ext}), which is not accepted as evidence; accepted: ${ACCEPTED_TYPES_TEXT}`,
      };
    }
    if (extension !== '' && !accepted.extensions.includes(extension)) {
      return {
        ok: false,
        problem: `${fileName} is named .${extension} but its content is ${accepted.label}: rename it .${accepted.extensions[0]} if that is what it is`,
      };
    }
    // A plain ZIP named .docx/.xlsx/.pptx is an Office file file-type could not tell apart.
    const mediaType =
      accepted.mediaType === 'application/zip' && extension in OOXML
        ? OOXML[extension as keyof typeof OOXML]
        : accepted.mediaType;
    return { ok: true, mediaType };
  }
  if (!facts.validUtf8 || facts.hasNul) {
    return {
      ok: false,
      problem: `${fileName} is neither a recognised document or image nor UTF-8 text; accepted: ${ACCEPTED_TYPES_TEXT}`,
    };
  }
  if (facts.looksLikeMarkup) {
    return {
      ok: false,
      problem: `${fileName} holds HTML or XML markup, which is not accepted as evidence; accepted: ${ACCEPTED_TYPES_TEXT}`,
    };
  }
  if (extension === '') return { ok: true, mediaType: 'text/plain' };
  const textType = TEXT_EXTENSIONS.get(extension);
  if (!textType) {
    return {
      ok: false,
      problem: `${fileName} is named .${extension} but its content is plain text: name it .txt or .csv if that is what it is`,
    };
  }
  return { ok: true, mediaType: textType };
}

const MARKUP_START = /^(?:\uFEFF)?\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe|meta)\b/i;

/** Whether text begins like a web page or XML document. */
export function looksLikeMarkup(start: string): boolean {
  return MARKUP_START.test(start);
}

/**
 * The name a file is kept under: the last part of what the client sent
 * (browsers on Windows may send a whole path), trimmed; null when nothing is left.
 */
export function cleanFileName(declared: string): string | null {
  const base = declared.split(/[\\/]/).pop()?.trim() ?? '';
  if (base === '' || base === '.' || base === '..') return null;
  return base.length > 255 ? base.slice(base.length - 255) : base;
}
