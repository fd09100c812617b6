import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8Offset } from './decode-text.js';

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.split(/\s+/).map((byte) => parseInt(byte, 16)));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

const ascii = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i += 1)
    view.setUint16(2 + i * 2, text.charCodeAt(i), littleEndian);
  return bytes;
}

/** GBK bytes written out by hand, as older office software saves them. */
const GBK = {
  湖北省: hex('BA FE B1 B1 CA A1'),
  武汉市: hex('CE E4 BA BA CA D0'),
  互联网普及率: hex('BB A5 C1 AA CD F8 C6 D5 BC B0 C2 CA'),
};

describe('the GBK fixtures', () => {
  it.each(Object.entries(GBK))('%s is what a GBK decoder reads', (text, bytes) => {
    expect(new TextDecoder('gbk', { fatal: true }).decode(bytes)).toBe(text);
  });
});

describe('decodeText', () => {
  it.each([
    ['empty file', new Uint8Array(0), '', 'utf-8'],
    ['ASCII', ascii('a,b\n1,2\n'), 'a,b\n1,2\n', 'utf-8'],
    [
      'UTF-8',
      ascii('地区,互联网普及率\n湖北省,65.2\n'),
      '地区,互联网普及率\n湖北省,65.2\n',
      'utf-8',
    ],
    ['UTF-8 with BOM', concat(hex('EF BB BF'), ascii('湖北省,1\n')), '湖北省,1\n', 'utf-8-bom'],
    ['UTF-8 BOM only', hex('EF BB BF'), '', 'utf-8-bom'],
    ['UTF-16LE with BOM', utf16('武汉市,2\r\n😀', true), '武汉市,2\r\n😀', 'utf-16le'],
    ['UTF-16BE with BOM', utf16('武汉市,2\r\n😀', false), '武汉市,2\r\n😀', 'utf-16be'],
    ['GBK', GBK.湖北省, '湖北省', 'gb18030'],
    [
      'a GBK CSV',
      concat(
        ascii('region,'),
        GBK.互联网普及率,
        ascii('\r\n'),
        GBK.湖北省,
        ascii(','),
        GBK.武汉市,
        ascii('\r\n'),
      ),
      'region,互联网普及率\r\n湖北省,武汉市\r\n',
      'gb18030',
    ],
    ['a GB18030 four-byte character', hex('94 39 FC 36'), '😀', 'gb18030'],
  ])('%s', (_, bytes, text, encoding) => {
    expect(decodeText(bytes)).toEqual({ ok: true, text, encoding });
  });

  it.each([
    [
      'neither UTF-8 nor GB18030',
      concat(ascii('a,b\n1,2\n'), GBK.湖北省, hex('FF'), ascii('\n')),
      3,
      8,
      'line 3, byte 8: not UTF-8, and not GB18030 either (as GB18030, it breaks at line 3, byte 14)',
    ],
    ['a lone 0xFF', hex('FF'), 1, 0, 'line 1, byte 0: not UTF-8, and not GB18030 either'],
    [
      'UTF-8 cut off in the middle of a character',
      concat(ascii('ab\n'), hex('E6 B9 96 E5 8C')),
      2,
      6,
      'line 2, byte 6: not UTF-8, and not GB18030 either (as GB18030, the file ends in the middle of a character)',
    ],
    [
      'a bad byte deep in a long GBK file',
      concat(
        ...Array.from({ length: 20_000 }, () => concat(GBK.武汉市, ascii('\n'))),
        hex('81 20'),
      ),
      1,
      0,
      'line 1, byte 0: not UTF-8, and not GB18030 either (as GB18030, it breaks at line 20001, byte 140001)',
    ],
    [
      'CR line endings count',
      concat(ascii('a\rb\r\nc\r'), hex('FF')),
      4,
      7,
      'line 4, byte 7: not UTF-8, and not GB18030 either',
    ],
    [
      'UTF-8 BOM then GBK',
      concat(hex('EF BB BF'), ascii('x\n'), GBK.湖北省),
      2,
      5,
      'line 2, byte 5: not UTF-8, although the file starts with a UTF-8 byte order mark',
    ],
    [
      'UTF-16LE with a lone surrogate',
      concat(utf16('a\nb', true), hex('00 D8 61 00')),
      2,
      8,
      'line 2, byte 8: not UTF-16LE: a lone high surrogate',
    ],
    [
      'UTF-16BE with a lone low surrogate',
      concat(utf16('a', false), hex('DC 00')),
      1,
      4,
      'line 1, byte 4: not UTF-16BE: a lone low surrogate',
    ],
    [
      'UTF-16LE with an odd number of bytes',
      concat(utf16('ab', true), hex('61')),
      1,
      6,
      'line 1, byte 6: not UTF-16LE: the file ends in the middle of a character (an odd number of bytes)',
    ],
  ])('refuses %s, naming line and byte', (_, bytes, line, byteOffset, message) => {
    expect(decodeText(bytes)).toEqual({
      ok: false,
      problem: { kind: 'invalid-bytes', line, byteOffset, message },
    });
  });

  it.each([
    ['UTF-8', ascii('a,b\n1,\u00002\n\u0000'), 'utf-8', 2, 3, 2],
    ['GB18030', concat(GBK.湖北省, hex('0D 00')), 'gb18030', 2, 1, 1],
    ['UTF-16 without BOM read as UTF-8', ascii('a\u0000b\u0000'), 'utf-8', 1, 2, 2],
    ['UTF-16LE', utf16('x\r\ny\u0000', true), 'utf-16le', 2, 2, 1],
  ])('refuses NUL characters in %s text', (_, bytes, encoding, line, column, count) => {
    const result = decodeText(bytes);
    expect(result).toMatchObject({
      ok: false,
      problem: { kind: 'nul-character', encoding, line, column, count },
    });
    if (!result.ok)
      expect(result.problem.message).toMatch(`line ${line}, column ${column}: a NUL character`);
  });

  it('never throws on random bytes: it decodes, or names a problem', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = decodeText(bytes);
        if (result.ok) expect(result.text).not.toContain('\u0000');
        else expect(result.problem.message).toMatch(/^line \d+, (byte|column) \d+: /);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any text it was given as UTF-8, UTF-8 with BOM or UTF-16 back to the same text', () => {
    const text = fc
      .string({ unit: 'grapheme', maxLength: 50 })
      // A leading U+FEFF would read as a byte order mark: that is what it is for.
      .filter((s) => !s.includes('\u0000') && !s.startsWith('\uFEFF'));
    fc.assert(
      fc.property(text, fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'), (s, enc) => {
        const bytes =
          enc === 'utf-8'
            ? ascii(s)
            : enc === 'utf-8-bom'
              ? concat(hex('EF BB BF'), ascii(s))
              : utf16(s, enc === 'utf-16le');
        expect(decodeText(bytes)).toEqual({ ok: true, text: s, encoding: enc });
      }),
    );
  });
});

describe('firstInvalidUtf8Offset', () => {
  it.each([
    ['valid', 'E6 B9 96 41', -1],
    ['overlong two-byte', '41 C0 80', 1],
    ['overlong three-byte', 'E0 80 80', 0],
    ['surrogate', '41 ED A0 80', 1],
    ['beyond U+10FFFF', 'F4 90 80 80', 0],
    ['truncated at the end', '41 E6 B9', 1],
    ['a continuation byte alone', '80', 0],
    ['a bad continuation', 'E6 41 96', 0],
  ])('%s', (_, bytes, offset) => {
    expect(firstInvalidUtf8Offset(hex(bytes))).toBe(offset);
  });

  it('agrees with the strict UTF-8 TextDecoder on random bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    // Biased to high bytes, where the multi-byte rules are.
    const bytes = fc
      .array(fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 0xff })), {
        maxLength: 40,
      })
      .map((array) => Uint8Array.from(array));
    fc.assert(
      fc.property(bytes, (input) => {
        let valid = true;
        try {
          strict.decode(input);
        } catch {
          valid = false;
        }
        const offset = firstInvalidUtf8Offset(input);
        expect(offset === -1).toBe(valid);
        if (!valid) {
          // Everything before the reported offset is valid UTF-8 on its own.
          expect(() => strict.decode(input.subarray(0, offset))).not.toThrow();
        }
      }),
      { numRuns: 5000 },
    );
  });
});
