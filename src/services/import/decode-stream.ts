/**
 * Bytes to text, chunk by chunk, with the rules of core/import's decodeText
 * (a byte order mark declares the encoding; otherwise strict UTF-8; otherwise
 * GB18030, which reads GBK) but without holding the file. Nothing is replaced
 * silently: every undecodable spot is a problem naming its byte offset, and
 * the caller, who knows the lines, turns it into a line number.
 *
 * Whether a file without a byte order mark is UTF-8 or GB18030 is settled by
 * the first SNIFF_WINDOW bytes from its first non-ASCII byte: a GBK file
 * breaks UTF-8 within a few bytes of its first Chinese character. Text before
 * that byte is ASCII, the same in both encodings, so it can go out at once.
 * A UTF-8 file that breaks later is a UTF-8 file with a bad byte, reported
 * as such; the decision never depends on how the bytes arrive in chunks.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { firstInvalidUtf8Offset } from '../../core/import/decode-text.js';
import type { TextEncodingName } from '../../core/import/index.js';

export const SNIFF_WINDOW = 64 * 1024;
/** Past this many undecodable spots the file is not text: reading stops. */
export const MAX_DECODE_PROBLEMS = 100;

export type DecodedPiece = { text: string } | { invalidAt: number; reason: string };

export class StreamingDecoder {
  private encoding: TextEncodingName | null = null;
  /** Absolute offset of the next byte to decode. */
  private offset = 0;
  private started = false;
  /** Bytes held back: an incomplete sequence at a chunk's end, or the sniff window. */
  private held: Buffer = Buffer.alloc(0);
  /** Absolute offset of the first non-ASCII byte, once seen (UTF-8 sniffing). */
  private firstNonAscii = -1;
  private utf16: InstanceType<typeof TextDecoder> | null = null;
  /** UTF-16: a high surrogate ending the previous chunk, waiting for its low half. */
  private pendingHigh = -1;
  private problemCount = 0;
  stopped = false;

  /** The encoding in use, once known (always known after end()). */
  get detected(): TextEncodingName | null {
    return this.encoding;
  }

  push(chunk: Uint8Array, out: DecodedPiece[]): void {
    if (this.stopped) return;
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!this.started) {
      const joined = this.held.length > 0 ? Buffer.concat([this.held, bytes]) : bytes;
      if (joined.length < 3 && !(joined.length >= 2 && isUtf16Bom(joined))) {
        // Too short to tell whether a byte order mark starts the file.
        this.held = Buffer.from(joined);
        return;
      }
      this.held = Buffer.alloc(0);
      this.started = true;
      bytes = this.begin(joined);
    }
    this.feed(bytes, out, false);
  }

  end(out: DecodedPiece[]): void {
    if (this.stopped) return;
    if (!this.started) {
      this.started = true;
      const bytes = this.begin(this.held);
      this.held = Buffer.alloc(0);
      this.feed(bytes, out, true);
    } else this.feed(Buffer.alloc(0), out, true);
    this.encoding ??= 'utf-8';
  }

  /** Reads the byte order mark, if any; returns the bytes after it. */
  private begin(bytes: Buffer): Buffer {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      this.encoding = 'utf-8-bom';
      this.offset = 3;
      return bytes.subarray(3);
    }
    if (isUtf16Bom(bytes)) {
      this.encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
      this.utf16 = new TextDecoder(this.encoding, { ignoreBOM: true });
      this.offset = 2;
      return bytes.subarray(2);
    }
    return bytes;
  }

  private feed(bytes: Buffer, out: DecodedPiece[], final: boolean): void {
    switch (this.encoding) {
      case 'utf-16le':
      case 'utf-16be':
        return this.feedUtf16(bytes, out, final);
      case 'gb18030':
        return this.feedGb(bytes, out, final);
      case 'utf-8':
      case 'utf-8-bom':
        return this.feedUtf8(bytes, out, final);
      case null:
        return this.sniff(bytes, out, final);
    }
  }

  /** No byte order mark, encoding not settled yet. */
  private sniff(bytes: Buffer, out: DecodedPiece[], final: boolean): void {
    let all = this.held.length > 0 ? Buffer.concat([this.held, bytes]) : bytes;
    this.held = Buffer.alloc(0);
    if (this.firstNonAscii === -1) {
      if (isAscii(all)) {
        if (all.length > 0) out.push({ text: all.toString('latin1') });
        this.offset += all.length;
        if (final) this.encoding = 'utf-8';
        return;
      }
      let first = 0;
      while (all[first]! < 0x80) first += 1;
      if (first > 0) out.push({ text: all.toString('latin1', 0, first) });
      this.offset += first;
      all = all.subarray(first);
      this.firstNonAscii = this.offset;
    }
    // `all` starts at this.offset, at or after the first non-ASCII byte. A character
    // starting inside the window may end up to three bytes past it.
    const windowEnd = this.firstNonAscii + SNIFF_WINDOW;
    if (this.offset + all.length < windowEnd + 3 && !final) {
      this.held = Buffer.from(all);
      return;
    }
    const probe = all.subarray(0, Math.min(all.length, windowEnd + 3 - this.offset));
    const invalid = firstInvalidUtf8Offset(probe);
    if (invalid !== -1 && this.offset + invalid < windowEnd) {
      this.encoding = 'gb18030';
      this.feedGb(all, out, final);
      return;
    }
    this.encoding = 'utf-8';
    this.feedUtf8(all, out, final);
  }

  private feedUtf8(bytes: Buffer, out: DecodedPiece[], final: boolean): void {
    let all = this.held.length > 0 ? Buffer.concat([this.held, bytes]) : bytes;
    this.held = Buffer.alloc(0);
    for (;;) {
      const end = final ? all.length : completeUtf8Length(all);
      const part = all.subarray(0, end);
      if (isUtf8(part)) {
        if (end > 0) out.push({ text: part.toString('utf8', 0, end) });
        this.offset += end;
        if (end < all.length) this.held = Buffer.from(all.subarray(end));
        return;
      }
      const bad = firstInvalidUtf8Offset(part);
      if (bad > 0) out.push({ text: part.toString('utf8', 0, bad) });
      const reason =
        this.encoding === 'utf-8-bom'
          ? 'not UTF-8, although the file starts with a UTF-8 byte order mark'
          : 'not UTF-8 (the text before it is UTF-8, so the file is read as UTF-8)';
      if (!this.problem(out, this.offset + bad, reason)) return;
      const skip = invalidSequenceLength(part, bad);
      out.push({ text: '\uFFFD' });
      this.offset += bad + skip;
      all = all.subarray(bad + skip);
    }
  }

  private feedGb(bytes: Buffer, out: DecodedPiece[], final: boolean): void {
    const all = this.held.length > 0 ? Buffer.concat([this.held, bytes]) : bytes;
    this.held = Buffer.alloc(0);
    const end = final ? all.length : gbFrameEnds(all).complete;
    let part = all.subarray(0, end);
    while (part.length > 0) {
      try {
        // Whole characters only, so every call stands alone and a failure is within `part`.
        out.push({ text: GB18030.decode(part) });
        this.offset += part.length;
        break;
      } catch {
        const { ends } = gbFrameEnds(part);
        // The shortest run of whole characters that fails to decode ends with the bad one.
        let good = 0;
        let bad = ends.length;
        while (bad - good > 1) {
          const mid = (good + bad) >> 1;
          if (decodes(part.subarray(0, ends[mid - 1]))) good = mid;
          else bad = mid;
        }
        const from = good === 0 ? 0 : ends[good - 1]!;
        const to = bad - 1 < ends.length ? ends[bad - 1]! : part.length;
        if (from > 0) out.push({ text: GB18030.decode(part.subarray(0, from)) });
        const reason =
          to >= part.length && final && truncatedGb(part.subarray(from))
            ? 'not UTF-8, and as GB18030 the file ends in the middle of a character'
            : 'not UTF-8, and not GB18030 either';
        if (!this.problem(out, this.offset + from, reason)) return;
        out.push({ text: '\uFFFD' });
        // Skip the broken character, but never an ASCII byte in it: a line break stays one.
        let skip = 1;
        while (from + skip < to && part[from + skip]! >= 0x80) skip += 1;
        this.offset += from + skip;
        part = part.subarray(from + skip);
      }
    }
    if (end < all.length) this.held = Buffer.from(all.subarray(end));
  }

  private feedUtf16(bytes: Buffer, out: DecodedPiece[], final: boolean): void {
    const all = this.held.length > 0 ? Buffer.concat([this.held, bytes]) : bytes;
    this.held = Buffer.alloc(0);
    const little = this.encoding === 'utf-16le';
    const whole = all.length - (all.length % 2);
    // Lone surrogates are checked here: the decoder would replace them silently.
    for (let i = 0; i < whole; i += 2) {
      const unit = little ? all[i]! | (all[i + 1]! << 8) : (all[i]! << 8) | all[i + 1]!;
      const at = this.offset + i;
      if (this.pendingHigh !== -1) {
        const high = this.pendingHigh;
        this.pendingHigh = -1;
        if (unit >= 0xdc00 && unit <= 0xdfff) continue;
        if (!this.problem(out, high, `not ${label(little)}: a lone high surrogate`)) return;
      }
      if (unit >= 0xd800 && unit <= 0xdbff) this.pendingHigh = at;
      else if (unit >= 0xdc00 && unit <= 0xdfff) {
        if (!this.problem(out, at, `not ${label(little)}: a lone low surrogate`)) return;
      }
    }
    const text = this.utf16!.decode(all.subarray(0, whole), { stream: !final });
    if (text.length > 0) out.push({ text });
    this.offset += whole;
    if (whole < all.length) {
      if (final) {
        this.problem(
          out,
          this.offset,
          `not ${label(little)}: the file ends in the middle of a character (an odd number of bytes)`,
        );
      } else this.held = Buffer.from(all.subarray(whole));
    }
    if (final && this.pendingHigh !== -1) {
      this.problem(out, this.pendingHigh, `not ${label(little)}: a lone high surrogate`);
    }
  }

  /** Records a problem; false once there are too many to go on. */
  private problem(out: DecodedPiece[], at: number, reason: string): boolean {
    this.problemCount += 1;
    if (this.problemCount > MAX_DECODE_PROBLEMS) {
      out.push({
        invalidAt: at,
        reason: `more than ${MAX_DECODE_PROBLEMS} undecodable bytes: this is not a text file in a known encoding; reading stopped here`,
      });
      this.stopped = true;
      return false;
    }
    out.push({ invalidAt: at, reason });
    return true;
  }
}

const GB18030 = new TextDecoder('gb18030', { fatal: true });

function decodes(bytes: Uint8Array): boolean {
  try {
    GB18030.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the GB18030 characters of `bytes` end, read by their shapes (one
 * byte below 0x81; a lead 0x81-0xFE and a second byte; four bytes when the
 * second is a digit), and how far the complete ones reach.
 */
function gbFrameEnds(bytes: Uint8Array): { ends: number[]; complete: number } {
  const ends: number[] = [];
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const lead = bytes[i]!;
    let length = 1;
    if (lead >= 0x81 && lead <= 0xfe) {
      if (i + 1 >= n) break;
      const second = bytes[i + 1]!;
      length = second >= 0x30 && second <= 0x39 ? 4 : 2;
      if (i + length > n) break;
    }
    i += length;
    ends.push(i);
  }
  return { ends, complete: i };
}

/** Whether `bytes` is a GB18030 character cut short by the end of the file. */
function truncatedGb(bytes: Uint8Array): boolean {
  const lead = bytes[0]!;
  if (lead < 0x81 || lead > 0xfe) return false;
  if (bytes.length === 1) return true;
  const second = bytes[1]!;
  return second >= 0x30 && second <= 0x39 && bytes.length < 4;
}

function isUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function label(little: boolean): string {
  return little ? 'UTF-16LE' : 'UTF-16BE';
}

/** The length of `bytes` without a multi-byte sequence that the next chunk may complete. */
function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back += 1) {
    const byte = bytes[n - back]!;
    if (byte < 0x80) return n;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length > back ? n - back : n;
    }
  }
  return n;
}

/** How many bytes to skip for the invalid sequence at `at` (its lead and any continuation bytes). */
function invalidSequenceLength(bytes: Uint8Array, at: number): number {
  let i = at + 1;
  while (i < bytes.length && i < at + 4 && (bytes[i]! & 0xc0) === 0x80) i += 1;
  return i - at;
}
