import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberText, percentText } from './number-text.js';

describe('numberText', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [12345678901, '12345678901'],
    [0.30000000000000004, '0.30000000000000004'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [-1.2345e25, '-12345000000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.25e-9, '-0.00000000125'],
    [123e-20, '0.00000000000000000123'],
    [5e-324, `0.${'0'.repeat(323)}5`],
    [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
  ])('%s is "%s"', (value, text) => {
    expect(numberText(value)).toBe(text);
  });

  it('refuses NaN and infinities', () => {
    expect(() => numberText(NaN)).toThrow(RangeError);
    expect(() => numberText(Infinity)).toThrow(RangeError);
    expect(() => numberText(-Infinity)).toThrow(RangeError);
  });

  it('is a plain decimal that reads back as the same number, with the digits of String()', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = numberText(value);
        expect(text).toMatch(/^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/);
        expect(Number(text)).toBe(value === 0 ? 0 : value);
        // Shortest: the significant digits are exactly those of String(value).
        const significant = (s: string) =>
          s.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
        expect(significant(text)).toBe(significant(String(Math.abs(value))));
      }),
    );
  });
});

describe('percentText', () => {
  it.each([
    [0, '0%'],
    [0.125, '12.5%'],
    [0.071, '7.1%'],
    [1, '100%'],
    [-0.5, '-50%'],
    [0.00001, '0.001%'],
    [12.345, '1234.5%'],
    [1e-9, '0.0000001%'],
  ])('%s is "%s"', (value, text) => {
    expect(percentText(value)).toBe(text);
  });

  it('shifts the decimal point by two, exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = percentText(value);
        expect(text).toMatch(/^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?%$/);
        const digits = (s: string) => s.replace(/[-.%]/g, '').replace(/^0+/, '').replace(/0+$/, '');
        expect(digits(text)).toBe(digits(numberText(value)));
      }),
    );
  });
});
