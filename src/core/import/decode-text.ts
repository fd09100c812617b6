/**
 * Bytes of an uploaded text file to a string, saying which encoding was used.
 * Files reach Planwatch from ministries and localities as UTF-8 (with or
 * without a byte order mark), UTF-16 with a byte order mark, or GBK/GB18030
 * from older office software. Order of trust: a byte order mark declares the
 * encoding; otherwise strict UTF-8, which random non-UTF-8 text almost never
 * passes; otherwise GB18030, a superset of GBK. Nothing is replaced by U+FFFD:
 * bytes that fit none of these are a problem with their line and offset.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  ok: true;
  text: string;
  encoding: TextEncodingName;
}

export type DecodeProblem =
  | {
      /** Bytes that the declared (byte order mark) or tried encodings cannot decode. */
      kind: 'invalid-bytes';
      /** 1-based line of the first invalid byte, counting LF, CRLF and CR line breaks. */
      line: number;
      /** 0-based offset of the first invalid byte from the start of the file. */
      byteOffset: number;
      message: string;
    }
  | {
      /** The text decoded, but holds NUL characters: no text file does (UTF-16 without a byte order mark, or binary). */
      kind: 'nul-character';
      encoding: TextEncodingName;
      /** 1-based line of the first NUL. */
      line: number;
      /** 1-based column of the first NUL, in UTF-16 code units. */
      column: number;
      /** How many NUL characters the text holds. */
      count: number;
      message: string;
    };

export type DecodeTextResult = DecodedText | { ok: false; problem: DecodeProblem };

const LF = 0x0a;
const CR = 0x0d;

/** Decodes a text file's bytes; never throws, never guesses without saying so. */
export function decodeText(bytes: Uint8Array): DecodeTextResult {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const invalid = firstInvalidUtf8Offset(bytes, 3);
    if (invalid !== -1) {
      return invalidBytes(
        lineOfByte(bytes, invalid),
        invalid,
        'not UTF-8, although the file starts with a UTF-8 byte order mark',
      );
    }
    // TextDecoder drops the byte order mark itself (ignoreBOM is false by default).
    return withoutNul(new TextDecoder('utf-8').decode(bytes), 'utf-8-bom');
  }
  // UTF-16 before anything else: FF FE and FE FF are never valid UTF-8 or GB18030 starts.
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes, 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes, 'utf-16be');

  const invalid = firstInvalidUtf8Offset(bytes, 0);
  if (invalid === -1) return withoutNul(new TextDecoder('utf-8').decode(bytes), 'utf-8');
  try {
    return withoutNul(new TextDecoder('gb18030', { fatal: true }).decode(bytes), 'gb18030');
  } catch {
    // The first non-UTF-8 byte leads; where GB18030 broke down helps with a GBK file with one bad byte.
    const gbOffset = gb18030FailureOffset(bytes);
    const where =
      gbOffset === invalid
        ? ''
        : gbOffset >= bytes.length
          ? ' (as GB18030, the file ends in the middle of a character)'
          : ` (as GB18030, it breaks at line ${lineOfByte(bytes, gbOffset)}, byte ${gbOffset})`;
    return invalidBytes(
      lineOfByte(bytes, invalid),
      invalid,
      `not UTF-8, and not GB18030 either${where}`,
    );
  }
}

const GB18030_CHUNK = 1 << 16;

/**
 * The offset of the byte at which a streaming GB18030 decoder fails (the
 * length of the file when it fails only for ending mid-character). The decoder
 * does not say where; feeding it chunk by chunk, then the failing chunk byte by
 * byte, finds out in linear time.
 */
function gb18030FailureOffset(bytes: Uint8Array): number {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  let chunk = 0;
  for (; chunk < bytes.length; chunk += GB18030_CHUNK) {
    try {
      decoder.decode(bytes.subarray(chunk, chunk + GB18030_CHUNK), { stream: true });
    } catch {
      break;
    }
  }
  if (chunk >= bytes.length) return bytes.length;
  const replay = new TextDecoder('gb18030', { fatal: true });
  replay.decode(bytes.subarray(0, chunk), { stream: true });
  const end = Math.min(chunk + GB18030_CHUNK, bytes.length);
  for (let offset = chunk; offset < end; offset += 1) {
    try {
      replay.decode(bytes.subarray(offset, offset + 1), { stream: true });
    } catch {
      return offset;
    }
  }
  return end;
}

/**
 * 0-based offset of the lead byte of the first sequence that is not well-formed
 * UTF-8 (overlongs, surrogates, code points beyond U+10FFFF and truncated
 * sequences included), or -1 when all of `bytes` from `start` is UTF-8. Agrees
 * with `new TextDecoder('utf-8', { fatal: true })`, which does not say where.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array, start = 0): number {
  let i = start;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    // The second byte's range excludes overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k += 1) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodeTextResult {
  const littleEndian = encoding === 'utf-16le';
  const unitAt = (offset: number) =>
    littleEndian
      ? bytes[offset]! | (bytes[offset + 1]! << 8)
      : (bytes[offset]! << 8) | bytes[offset + 1]!;
  let line = 1;
  const whole = bytes.length - (bytes.length % 2);
  for (let offset = 2; offset < whole; offset += 2) {
    const unit = unitAt(offset);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = offset + 2 < whole ? unitAt(offset + 2) : -1;
      if (next < 0xdc00 || next > 0xdfff)
        return invalidBytes(line, offset, `not ${label(encoding)}: a lone high surrogate`);
      offset += 2;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return invalidBytes(line, offset, `not ${label(encoding)}: a lone low surrogate`);
    } else if (unit === LF || (unit === CR && (offset + 2 >= whole || unitAt(offset + 2) !== LF))) {
      line += 1;
    }
  }
  if (whole !== bytes.length) {
    return invalidBytes(
      line,
      whole,
      `not ${label(encoding)}: the file ends in the middle of a character (an odd number of bytes)`,
    );
  }
  // The byte order mark is dropped by the decoder.
  return withoutNul(new TextDecoder(encoding).decode(bytes), encoding);
}

function label(encoding: 'utf-16le' | 'utf-16be'): string {
  return encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
}

function withoutNul(text: string, encoding: TextEncodingName): DecodeTextResult {
  const first = text.indexOf('\u0000');
  if (first === -1) return { ok: true, text, encoding };
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < first; i += 1) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) {
      line += 1;
      lineStart = i + 1;
    }
  }
  let count = 0;
  for (let i = first; i !== -1; i = text.indexOf('\u0000', i + 1)) count += 1;
  const column = first - lineStart + 1;
  const more = count > 1 ? ` (and ${count - 1} more)` : '';
  return {
    ok: false,
    problem: {
      kind: 'nul-character',
      encoding,
      line,
      column,
      count,
      message:
        `line ${line}, column ${column}: a NUL character${more}; a text file has none. ` +
        'Is this UTF-16 without a byte order mark, or not a text file at all?',
    },
  };
}

function invalidBytes(
  line: number,
  byteOffset: number,
  reason: string,
): { ok: false; problem: DecodeProblem } {
  return {
    ok: false,
    problem: {
      kind: 'invalid-bytes',
      line,
      byteOffset,
      message: `line ${line}, byte ${byteOffset}: ${reason}`,
    },
  };
}

/** 1-based line holding the byte at `offset`. LF and CR never occur inside a UTF-8 or GB18030 character. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) {
    const byte = bytes[i];
    if (byte === LF || (byte === CR && bytes[i + 1] !== LF)) line += 1;
  }
  return line;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}
