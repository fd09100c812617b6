import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumberCell } from './parse-cell.js';

describe('parseNumberCell reads numbers', () => {
  it.each([
    ['0', 0],
    ['0.1', 0.1],
    ['12', 12],
    ['007', 7],
    ['.5', 0.5],
    ['1.', 1],
    ['1.234', 1.234],
    ['1,234', 1234],
    ['12,345', 12345],
    ['1,234.5', 1234.5],
    ['1,234,567.8', 1234567.8],
    ['+3', 3],
    ['-12.5', -12.5],
    ['\u221212.5', -12.5],
    ['-0', 0],
    ['1.5e3', 1500],
    ['1.5E+3', 1500],
    ['2.5e-3', 0.0025],
    ['1e21', 1e21],
    ['1.7976931348623157e308', Number.MAX_VALUE],
    ['5e-324', Number.MIN_VALUE],
    ['0e-400', 0],
    ['  42  ', 42],
    ['\t42\n', 42],
    ['\u300042\u3000', 42],
    ['\u00A042\u00A0', 42],
    ['\u200B42', 42],
    ['\uFEFF42', 42],
    ['１２３', 123],
    ['－１２．５', -12.5],
    ['＋１２', 12],
    ['１，２３４', 1234],
    ['１,234.5', 1234.5],
    ['0.30000000000000004', 0.30000000000000004],
  ])('%j is %d', (raw, value) => {
    expect(parseNumberCell(raw)).toEqual({ kind: 'number', value });
  });

  it.each([
    ['12.5%', 12.5],
    ['12.5 %', 12.5],
    ['１２．５％', 12.5],
    ['-3%', -3],
    ['12.5', 12.5],
  ])('%j is %d when the unit is percent', (raw, value) => {
    expect(parseNumberCell(raw, { percent: true })).toEqual({ kind: 'number', value });
  });
});

describe('parseNumberCell reads missing values', () => {
  it.each([
    '',
    '   ',
    '\u3000',
    '-',
    '－',
    '—',
    '——',
    '–',
    '..',
    '...',
    '…',
    '……',
    'N/A',
    'n/a',
    'NA',
    'na',
    '无',
    '空',
    ' 无 ',
  ])('%j', (raw) => {
    expect(parseNumberCell(raw)).toEqual({ kind: 'missing' });
    expect(parseNumberCell(raw, { percent: true })).toEqual({ kind: 'missing' });
  });
});

describe('parseNumberCell refuses what is invalid or ambiguous, saying why', () => {
  it.each([
    ['1,23', 'a comma that does not separate groups of three digits'],
    ['1,2345', 'a comma that does not separate groups of three digits'],
    ['1234,567', 'a comma that does not separate groups of three digits'],
    [',123', 'a comma that does not separate groups of three digits'],
    ['1,234,56', 'a comma that does not separate groups of three digits'],
    ['1.234,5', 'European notation'],
    ['1.234.567', 'European notation'],
    ['1.234.567,89', 'European notation'],
    ['1 234', 'a space inside the number'],
    ['1\u00A0234', 'a space inside the number'],
    ['- 12', 'a space inside the number'],
    ['12abc', 'unexpected "abc"'],
    ['abc', 'unexpected "abc"'],
    ['12kg', 'unexpected "kg"'],
    ['NaN', 'NaN is not a number'],
    ['nan', 'NaN is not a number'],
    ['Infinity', 'infinity is not a figure'],
    ['-Infinity', 'infinity is not a figure'],
    ['∞', 'infinity is not a figure'],
    ['1e400', 'out of range'],
    ['-1e400', 'out of range'],
    ['1e-400', 'too small'],
    ['0x10', 'hexadecimal'],
    ['0b101', 'binary'],
    ['0o17', 'octal'],
    ['١٢٣', 'digits of another script (Arabic-Indic "١")'],
    ['۱۲۳', 'digits of another script (Persian'],
    ['१२३', 'digits of another script (Devanagari'],
    ['᠑᠒', 'digits of another script (Mongolian'],
    ['1٢3', 'digits of another script (Arabic-Indic "٢")'],
    ['𝟏𝟐', 'digits of another script ("𝟏", U+1D7CF)'],
    ['一百', 'Chinese numeral'],
    ['1.2万', 'Chinese numeral or multiplier "万"'],
    ['3亿', 'Chinese numeral or multiplier "亿"'],
    ['#DIV/0!', 'spreadsheet error #DIV/0!'],
    ['#N/A', 'spreadsheet error #N/A'],
    ['#VALUE!', 'spreadsheet error #VALUE!'],
    ['#REF!', 'spreadsheet error #REF!'],
    ['#NAME?', 'spreadsheet error #NAME?'],
    ['#div/0!', 'spreadsheet error'],
    ['=A1+B1', 'a formula, not a value'],
    ['=1', 'a formula, not a value'],
    ['＝SUM(A1:A3)', 'a formula, not a value'],
    ['12%', 'a percent sign, but the unit of this column is not percent'],
    ['１２％', 'a percent sign'],
    ['(12.5)', 'parentheses'],
    ['¥12', 'a currency sign "¥"'],
    ['$1,234', 'a currency sign "$"'],
    ['--5', 'more than one sign'],
    ['+-5', 'more than one sign'],
    ['1.2.3e4', 'more than one decimal point'],
    ['1,234e3', 'thousands separators together with an exponent'],
    ['+', 'no digits'],
    ['.', 'no digits'],
    ['e5', 'out of order'],
    ['5-', 'out of order'],
    ['1e', 'out of order'],
    ['%12', 'unexpected "%"'],
  ])('%j', (raw, reason) => {
    const cell = parseNumberCell(raw);
    expect(cell.kind).toBe('error');
    if (cell.kind === 'error') expect(cell.reason).toContain(reason);
  });

  it('refuses a percent sign in the middle even when the unit is percent', () => {
    expect(parseNumberCell('12%5', { percent: true })).toMatchObject({ kind: 'error' });
    expect(parseNumberCell('12%%', { percent: true })).toMatchObject({ kind: 'error' });
  });
});

describe('parseNumberCell properties', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));

  it('reads back any finite number written plainly', () => {
    fc.assert(
      fc.property(finite, (x) => {
        expect(parseNumberCell(String(x))).toEqual({ kind: 'number', value: x });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any finite number written with en-US grouping at full precision', () => {
    const format = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 17 });
    fc.assert(
      fc.property(finite, (x) => {
        expect(parseNumberCell(format.format(x))).toEqual({ kind: 'number', value: x });
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back toLocaleString('en-US') of numbers with at most three decimals", () => {
    // toLocaleString keeps three decimals by default: these are the numbers it writes exactly.
    const thousandths = fc
      .integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })
      .map((n) => (n === 0 ? 0 : n / 1000));
    fc.assert(
      fc.property(thousandths, (x) => {
        expect(parseNumberCell(x.toLocaleString('en-US'))).toEqual({ kind: 'number', value: x });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back integers written in full-width digits with full-width grouping', () => {
    const fullWidth = (text: string) =>
      text.replace(/[0-9,.-]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(parseNumberCell(fullWidth(n.toLocaleString('en-US')))).toEqual({
          kind: 'number',
          value: n === 0 ? 0 : n,
        });
      }),
    );
  });

  it('never throws on random strings, and only returns the three kinds', () => {
    const alphabet = fc.constantFrom(
      ...'0123456789+-.,eE% \u3000\u00A0１２，．－＋％−#=NnAa/无空—…١x'.split(''),
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: alphabet, maxLength: 20 }),
    );
    fc.assert(
      fc.property(text, fc.boolean(), (raw, percent) => {
        const cell = parseNumberCell(raw, { percent });
        expect(['number', 'missing', 'error']).toContain(cell.kind);
        if (cell.kind === 'number') expect(Number.isFinite(cell.value)).toBe(true);
        if (cell.kind === 'error') expect(cell.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 5000 },
    );
  });
});
