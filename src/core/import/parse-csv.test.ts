import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, type CsvDelimiter } from './parse-csv.js';

describe('readCsvRecords reads well-formed files', () => {
  it.each([
    ['LF', 'a,b\n1,2\n3,4\n'],
    ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['CR', 'a,b\r1,2\r3,4\r'],
    ['no trailing newline', 'a,b\n1,2\n3,4'],
    ['mixed line endings', 'a,b\r\n1,2\n3,4\r'],
    ['a byte order mark', '\uFEFFa,b\n1,2\n3,4\n'],
    ['quoted cells', '"a","b"\n"1","2"\n3,"4"\n'],
  ])('%s', (_, text) => {
    expect(readCsvRecords(text)).toEqual({
      delimiter: ',',
      header: ['a', 'b'],
      rows: [
        { line: 2, cells: ['1', '2'] },
        { line: 3, cells: ['3', '4'] },
      ],
      problems: [],
    });
  });

  it('reads quoted line breaks, delimiters and doubled quotes, numbering rows by their first line', () => {
    const text =
      'name,note\r\n"湖北省","a, b"\r\n"武汉\r\n市","say ""hi""\nthere"\r\nx,""\r\n"",y\r\n';
    expect(readCsvRecords(text)).toEqual({
      delimiter: ',',
      header: ['name', 'note'],
      rows: [
        { line: 2, cells: ['湖北省', 'a, b'] },
        { line: 3, cells: ['武汉\r\n市', 'say "hi"\nthere'] },
        { line: 6, cells: ['x', ''] },
        { line: 7, cells: ['', 'y'] },
      ],
      problems: [],
    });
  });

  it('keeps cells as written: spaces and empty cells', () => {
    expect(readCsvRecords('a,b,c\n 1 ,,\u3000\n,,\n').rows).toEqual([
      { line: 2, cells: [' 1 ', '', '\u3000'] },
      { line: 3, cells: ['', '', ''] },
    ]);
  });

  it('skips blank lines, counting them', () => {
    expect(readCsvRecords('\n\r\na,b\n\n1,2\r\n\r\n\r\n3,4\n\n')).toMatchObject({
      header: ['a', 'b'],
      rows: [
        { line: 5, cells: ['1', '2'] },
        { line: 8, cells: ['3', '4'] },
      ],
      problems: [],
    });
  });

  it('reads a single-column file, an empty cell being quoted', () => {
    expect(readCsvRecords('value\n1\n""\n2\n')).toMatchObject({
      delimiter: ',',
      header: ['value'],
      rows: [
        { line: 2, cells: ['1'] },
        { line: 3, cells: [''] },
        { line: 4, cells: ['2'] },
      ],
      problems: [],
    });
  });

  it('reads a header without rows', () => {
    expect(readCsvRecords('a,b')).toEqual({
      delimiter: ',',
      header: ['a', 'b'],
      rows: [],
      problems: [],
    });
  });
});

describe('readCsvRecords delimiters', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;2;3\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['"x;y","z;w",c\n1,2,3\n', ','],
    ['a;b,x;c\n1;2,5;3\n', ';'],
    ['"a,\nb";c;d\n1;2;3\n', ';'],
  ])('detects %j', (text, delimiter) => {
    const result = readCsvRecords(text);
    expect(result.delimiter).toBe(delimiter);
    expect(result.header).toHaveLength(3);
    expect(result.rows[0]?.cells).toHaveLength(3);
    expect(result.problems).toEqual([]);
  });

  it('uses the delimiter given, over what the header suggests', () => {
    expect(readCsvRecords('a;b,c\n1;2,3\n', { delimiter: ',' })).toMatchObject({
      delimiter: ',',
      header: ['a;b', 'c'],
      rows: [{ line: 2, cells: ['1;2', '3'] }],
      problems: [],
    });
  });

  it('refuses to choose between delimiters used as often', () => {
    expect(readCsvRecords('a;b,c\n1;2,3\n').problems).toEqual([
      {
        line: 1,
        column: 1,
        message:
          'cannot tell the delimiter: the header line has as many commas as semicolons (1); name the delimiter',
      },
    ]);
  });
});

describe('readCsvRecords reports every problem at once', () => {
  it.each([
    ['an empty file', '', [[1, 1, 'the file is empty: no header line']]],
    ['blank lines only', '\r\n\n', [[3, 1, 'the file is empty: no header line']]],
    ['an empty header name', 'a,,c\n1,2,3\n', [[1, 3, 'column 2 of the header has no name']]],
    ['a blank header name', 'a, ,c\n1,2,3\n', [[1, 3, 'column 2 of the header has no name']]],
    [
      'duplicate header names',
      'a,b,a, b\n1,2,3,4\n',
      [
        [1, 5, 'the header name "a" of column 3 repeats column 1'],
        [1, 7, 'the header name "b" of column 4 repeats column 2'],
      ],
    ],
    [
      'too many cells',
      'a,b\n1,2\n1,2,3\n',
      [[3, 1, '3 cells where the header has 2 (a comma inside an unquoted value?)']],
    ],
    ['too few cells', 'a;b;c\n1;2\n', [[2, 1, '2 cells where the header has 3 (a cell missing?)']]],
    [
      'too few cells in a multi-line record, named by its first line',
      'a,b,c\n"x\ny",2\n',
      [[2, 1, '2 cells where the header has 3 (a cell missing?)']],
    ],
    [
      'an unterminated quote, named where it opened',
      'a,b\n1,2\n3,"4\n5,6\n7,8,9\n',
      [
        [3, 3, 'a quoted cell opened here is never closed; reading went on from line 4'],
        [5, 1, '3 cells where the header has 2 (a comma inside an unquoted value?)'],
      ],
    ],
    [
      'an unterminated quote on the last line',
      'a,b\n1,"2',
      [[2, 3, 'a quoted cell opened here is never closed']],
    ],
    [
      'text after a closing quote',
      'a,b\n1,"2"x\n3,4,5\n',
      [
        [
          2,
          6,
          'text after the closing quote of a quoted cell: quote the whole cell and double any quote inside it ("")',
        ],
        [3, 1, '3 cells where the header has 2 (a comma inside an unquoted value?)'],
      ],
    ],
    [
      'a quote inside an unquoted cell',
      'a,b\n1,2"x"\n3\n',
      [
        [2, 4, 'a quote inside an unquoted cell: quote the whole cell and double the quote ("")'],
        [3, 1, '1 cell where the header has 2 (a cell missing?)'],
      ],
    ],
    [
      'problems in the header and in rows together',
      'a,a\n1\n2,3\n4,5,6\n',
      [
        [1, 3, 'the header name "a" of column 2 repeats column 1'],
        [2, 1, '1 cell where the header has 2 (a cell missing?)'],
        [4, 1, '3 cells where the header has 2 (a comma inside an unquoted value?)'],
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(readCsvRecords(text).problems).toEqual(
      expected.map(([line, column, message]) => ({ line, column, message })),
    );
  });

  it('leaves out the rows with a problem and keeps the others', () => {
    expect(readCsvRecords('a,b\n1,2\n3\n"4"x,5\n6,7\n').rows).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 5, cells: ['6', '7'] },
    ]);
  });

  it('names the line of a problem after a quoted line break', () => {
    expect(readCsvRecords('a,b\n"1\n\n2",3\n4,"5"x\n').problems).toEqual([
      {
        line: 5,
        column: 6,
        message:
          'text after the closing quote of a quoted cell: quote the whole cell and double any quote inside it ("")',
      },
    ]);
  });

  it('returns all of 10 000 problems in a 10 MB file without recursion', () => {
    const good = `${'x'.repeat(990)},1`;
    const lines = ['name,value'];
    for (let i = 0; i < 10_000; i += 1) lines.push(good, i % 2 === 0 ? '1,2,3' : '"4"x,5');
    const result = readCsvRecords(`${lines.join('\n')}\n`);
    expect(result.problems).toHaveLength(10_000);
    expect(result.rows).toHaveLength(10_000);
    expect(result.problems[9_999]?.line).toBe(20_001);
  });

  it('pairs a quote opened on every line with the next one, as RFC 4180 reads it', () => {
    const result = readCsvRecords(`a,b\n${'"1,2\n'.repeat(2_000)}`);
    expect(result.problems).toHaveLength(1_000);
    expect(result.problems[0]).toMatchObject({ line: 3, column: 2 });
    expect(result.rows).toEqual([]);
  });
});

describe('readCsvRecords properties', () => {
  const cellChar = fc.constantFrom(
    'a',
    'b',
    '1',
    ' ',
    ',',
    ';',
    '\t',
    '"',
    '\r',
    '\n',
    '湖',
    '😀',
    '\u3000',
  );
  const cell = fc.string({ unit: cellChar, maxLength: 6 });
  const nameChar = fc.constantFrom('a', 'b', 'c', '1', '湖', '北', '_', ' ');

  interface Table {
    header: string[];
    rows: string[][];
  }

  function table(name: fc.Arbitrary<string>, minColumns: number): fc.Arbitrary<Table> {
    return fc
      .uniqueArray(name, {
        minLength: minColumns,
        maxLength: 5,
        selector: (value) => value.trim(),
      })
      .chain((header) =>
        fc.record({
          header: fc.constant(header),
          rows: fc.array(fc.array(cell, { minLength: header.length, maxLength: header.length }), {
            maxLength: 8,
          }),
        }),
      );
  }

  const headerName = fc
    .string({ unit: fc.oneof(nameChar, cellChar), minLength: 1, maxLength: 6 })
    .filter((name) => name.trim() !== '');
  const plainHeaderName = fc
    .string({ unit: nameChar, minLength: 1, maxLength: 6 })
    .filter((name) => name.trim() !== '');
  const style: fc.Arbitrary<Style> = fc.record({
    delimiter: fc.constantFrom<CsvDelimiter>(',', ';', '\t'),
    quoteAll: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    endings: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 10, maxLength: 10 }),
    trailingNewline: fc.boolean(),
  });

  /** Renders the table the way any writer may: quoting is optional except where needed. */
  interface Style {
    delimiter: CsvDelimiter;
    quoteAll: boolean[];
    endings: string[];
    trailingNewline: boolean;
  }

  function render(
    { header, rows }: Table,
    { delimiter, quoteAll, endings, trailingNewline }: Style,
  ): { text: string; lines: number[] } {
    let k = 0;
    const records = [header, ...rows].map((cells) =>
      cells
        .map((value) => {
          const needsQuotes =
            /["\r\n]/.test(value) ||
            value.includes(delimiter) ||
            // A record of one empty cell would be a blank line.
            (cells.length === 1 && value === '');
          k += 1;
          return needsQuotes || quoteAll[k % quoteAll.length]
            ? `"${value.replaceAll('"', '""')}"`
            : value;
        })
        .join(delimiter),
    );
    let text = '';
    const lines: number[] = [];
    records.forEach((record, index) => {
      lines.push((text.match(/\r\n|\r|\n/g) ?? []).length + 1);
      text += record;
      if (index < records.length - 1 || trailingNewline) text += endings[index % endings.length];
    });
    return { text, lines };
  }

  it('reads random tables back, whatever the quoting and line endings', () => {
    fc.assert(
      fc.property(table(headerName, 1), style, (input, options) => {
        const { text, lines } = render(input, options);
        const result = readCsvRecords(text, { delimiter: options.delimiter });
        expect(result).toEqual({
          delimiter: options.delimiter,
          header: input.header,
          rows: input.rows.map((cells, index) => ({ line: lines[index + 1], cells })),
          problems: [],
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('detects the delimiter of random tables with two or more columns', () => {
    fc.assert(
      fc.property(table(plainHeaderName, 2), style, (input, options) => {
        const { text } = render(input, options);
        const result = readCsvRecords(text);
        expect(result.delimiter).toBe(options.delimiter);
        expect(result.header).toEqual(input.header);
        expect(result.rows.map((row) => row.cells)).toEqual(input.rows);
        expect(result.problems).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random text, and names lines that exist', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: fc.oneof(cellChar, fc.constantFrom(',', '"', '\r\n')), maxLength: 80 }),
    );
    fc.assert(
      fc.property(
        text,
        fc.constantFrom<CsvDelimiter | undefined>(undefined, ',', ';', '\t'),
        (s, d) => {
          const result = readCsvRecords(s, d ? { delimiter: d } : {});
          const lineCount = (s.match(/\r\n|\r|\n/g) ?? []).length + 1;
          for (const problem of [...result.problems, ...result.rows]) {
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.line).toBeLessThanOrEqual(lineCount);
          }
          for (const row of result.rows) expect(row.cells).toHaveLength(result.header.length);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
