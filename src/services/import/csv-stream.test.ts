import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, type CsvProblem, type CsvRow } from '../../core/import/index.js';
import { CsvStreamReader, MAX_RECORD_CHARS } from './csv-stream.js';

function readInPieces(text: string, cuts: number[]) {
  let header: string[] = [];
  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [];
  const reader = new CsvStreamReader({
    header: (cells) => (header = cells),
    row: (cells, line) => rows.push({ line, cells }),
    problem: (problem) => problems.push(problem),
  });
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.push(text.slice(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  reader.push(text.slice(from));
  reader.end();
  return { delimiter: reader.usedDelimiter, header, rows, problems };
}

describe('CsvStreamReader', () => {
  it('reads what readCsvRecords reads, however the text is cut into pieces', () => {
    const piece = fc.constantFrom(
      'a',
      'b1',
      ' ',
      ',',
      ';',
      '\t',
      '"',
      '""',
      '\n',
      '\r',
      '\r\n',
      '湖北',
      'x"y',
    );
    const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(80), { maxLength: 6 }), (csv, cuts) => {
        const whole = readCsvRecords(csv);
        const streamed = readInPieces(csv, cuts);
        expect(streamed.rows).toEqual(whole.rows);
        expect(streamed.problems).toEqual(whole.problems);
        if (whole.rows.length > 0 || whole.header.length > 0) {
          expect(streamed.header).toEqual(whole.header);
          expect(streamed.delimiter).toBe(whole.delimiter);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a typical file with CRLF, quotes and blank lines cut at every position', () => {
    const csv =
      '\uFEFFindicator,org_unit,period,value\r\n\r\nusers,420000,2023,"1,234.5"\r\n"a""b",x,2024,1\r\nbad,"open\n' +
      'next,row,2024,2\nshort,1\n';
    const whole = readCsvRecords(csv);
    for (let cut = 0; cut <= csv.length; cut += 1) {
      const streamed = readInPieces(csv, [cut]);
      expect(streamed.rows).toEqual(whole.rows);
      expect(streamed.problems).toEqual(whole.problems);
      expect(streamed.header).toEqual(whole.header);
    }
  });

  it('gives up waiting for a closing quote after MAX_RECORD_CHARS and goes on at the next line', () => {
    const filler = 'x'.repeat(4096) + '\n';
    const pieces = ['a,b\n', '1,"never closed\n'];
    for (let size = 0; size < MAX_RECORD_CHARS + 8192; size += filler.length) pieces.push(filler);
    pieces.push('2,3\n');
    const streamed = readInPieces(pieces.join(''), []);
    const problems: CsvProblem[] = [];
    const rows: CsvRow[] = [];
    const reader = new CsvStreamReader({
      header: () => undefined,
      row: (cells, line) => rows.push({ line, cells }),
      problem: (problem) => problems.push(problem),
    });
    for (const piece of pieces) reader.push(piece);
    reader.end();
    expect(problems[0]).toMatchObject({ line: 2, column: 3 });
    expect(problems[0]!.message).toContain('never closed; reading went on from line 3');
    expect(rows.at(-1)).toEqual({ line: pieces.length, cells: ['2', '3'] });
    expect(streamed.problems[0]).toEqual(problems[0]);
  });

  it('names the line and column just after what it was given', () => {
    const reader = new CsvStreamReader({
      header: () => undefined,
      row: () => undefined,
      problem: () => undefined,
    });
    reader.push('a,b\n1,2\n3,');
    expect(reader.positionAfter()).toEqual({ line: 3, column: 3 });
    expect(reader.positionAfter('4\r\n56')).toEqual({ line: 4, column: 3 });
  });
});
