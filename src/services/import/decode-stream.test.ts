import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../core/import/index.js';
import { StreamingDecoder, type DecodedPiece } from './decode-stream.js';

function decodeInPieces(bytes: Uint8Array, cuts: number[]) {
  const decoder = new StreamingDecoder();
  const out: DecodedPiece[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    decoder.push(bytes.subarray(from, Math.max(from, cut)), out);
    from = Math.max(from, cut);
  }
  decoder.push(bytes.subarray(from), out);
  decoder.end(out);
  let text = '';
  const problems: { invalidAt: number; reason: string }[] = [];
  for (const piece of out) {
    if ('text' in piece) text += piece.text;
    else problems.push(piece);
  }
  return { text, problems, encoding: decoder.detected };
}

const hex = (text: string) => Uint8Array.from(text.split(' ').map((byte) => parseInt(byte, 16)));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
const ascii = (text: string) => new TextEncoder().encode(text);

describe('StreamingDecoder', () => {
  it('decodes what decodeText decodes, to the same text and encoding, however the bytes arrive', () => {
    const piece = fc.constantFrom(
      ascii('a,1\n'),
      ascii('\r\n'),
      ascii('湖北'),
      hex('BA FE B1 B1'), // 湖北 in GBK
      hex('94 39 FC 36'), // a GB18030 four-byte character
      hex('EF BB BF'),
      hex('FF FE'),
      hex('FF'),
      hex('80'),
      hex('E6 B9'),
      hex('00 D8'),
      ascii('x'),
    );
    const bytes = fc.array(piece, { maxLength: 12 }).map((parts) => concat(...parts));
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(40), { maxLength: 5 }), (input, cuts) => {
        const whole = decodeText(input);
        const streamed = decodeInPieces(input, cuts);
        if (whole.ok) {
          expect(streamed).toEqual({ text: whole.text, problems: [], encoding: whole.encoding });
        } else if (whole.problem.kind === 'invalid-bytes') {
          expect(streamed.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('reads a GBK file whose first Chinese character comes after a megabyte of ASCII', () => {
    const filler = ascii('indicator,org_unit,period,value\n'.repeat(40_000));
    const bytes = concat(filler, hex('BA FE B1 B1'), ascii('\n'));
    const streamed = decodeInPieces(bytes, [1000, 65_536, 1_000_000, filler.length + 1]);
    expect(streamed.encoding).toBe('gb18030');
    expect(streamed.problems).toEqual([]);
    expect(streamed.text.endsWith('湖北\n')).toBe(true);
  });

  it('reports a bad byte deep in a UTF-8 file at its offset and reads on', () => {
    const head = concat(ascii('地区,值\n'), ascii('a,1\n'.repeat(100_000)));
    const bytes = concat(head, hex('FF'), ascii(',2\n'));
    const streamed = decodeInPieces(bytes, [7, 65_536, 300_000]);
    expect(streamed.encoding).toBe('utf-8');
    expect(streamed.problems).toEqual([
      {
        invalidAt: head.length,
        reason: 'not UTF-8 (the text before it is UTF-8, so the file is read as UTF-8)',
      },
    ]);
    expect(streamed.text.endsWith('a,1\n\uFFFD,2\n')).toBe(true);
  });

  it('names the lead byte of a broken GBK character and reads on', () => {
    const bytes = concat(hex('BA FE'), ascii('\n'), hex('81 20'), ascii('x\n'), hex('B1 B1'));
    const streamed = decodeInPieces(bytes, [1, 4]);
    expect(streamed.encoding).toBe('gb18030');
    expect(streamed.problems).toEqual([
      { invalidAt: 3, reason: 'not UTF-8, and not GB18030 either' },
    ]);
    expect(streamed.text).toBe('湖\n\uFFFD x\n北');
  });

  it('stops after too many undecodable bytes', () => {
    const bytes = new Uint8Array(10_000).fill(0xff);
    const streamed = decodeInPieces(bytes, [5000]);
    expect(streamed.problems).toHaveLength(101);
    expect(streamed.problems.at(-1)!.reason).toContain('reading stopped here');
  });
});
