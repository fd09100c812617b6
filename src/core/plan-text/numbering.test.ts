import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arabicToNumber,
  chineseToNumber,
  formatNumeral,
  numberToChinese,
  numberToRoman,
  parseNumeral,
  romanToNumber,
} from './numbering.js';

describe('Roman numerals', () => {
  it.each([
    ['I', 1],
    ['IV', 4],
    ['VI', 6],
    ['IX', 9],
    ['XIV', 14],
    ['XL', 40],
    ['MCMXCIX', 1999],
  ])('%s = %i', (roman, value) => {
    expect(romanToNumber(roman)).toBe(value);
    expect(numberToRoman(value)).toBe(roman);
  });

  it.each(['', 'IIII', 'VV', 'IC', 'iv', 'ABC'])('%j is not a canonical Roman numeral', (roman) => {
    expect(romanToNumber(roman)).toBeNull();
  });

  it('round-trips 1..3999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3999 }), (n) => romanToNumber(numberToRoman(n)) === n),
    );
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十七', 27],
    ['一百零五', 105],
    ['一百一十', 110],
  ])('%s = %i', (chinese, value) => {
    expect(chineseToNumber(chinese)).toBe(value);
    expect(numberToChinese(value)).toBe(chinese);
  });

  it.each([
    ['两', 2],
    ['一十二', 12],
  ])('also reads %s = %i', (chinese, value) => {
    expect(chineseToNumber(chinese)).toBe(value);
  });

  it.each(['', '零', '一二', '十十', '百十百', '甲'])('%j is not a Chinese numeral', (chinese) => {
    expect(chineseToNumber(chinese)).toBeNull();
  });

  it('round-trips 1..9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        (n) => chineseToNumber(numberToChinese(n)) === n,
      ),
    );
  });
});

describe('parseNumeral', () => {
  it.each([
    ['12', { system: 'arabic', value: 12, printed: '12' }],
    ['１２', { system: 'arabic', value: 12, printed: '１２' }],
    ['IV', { system: 'roman', value: 4, printed: 'IV' }],
    ['四', { system: 'chinese', value: 4, printed: '四' }],
  ])('reads %j', (printed, numeral) => {
    expect(parseNumeral(printed)).toEqual(numeral);
  });

  it('returns null for what is not a numeral', () => {
    expect(parseNumeral('a')).toBeNull();
    expect(arabicToNumber('1a')).toBeNull();
  });

  it('formats in each system', () => {
    expect([
      formatNumeral(4, 'arabic'),
      formatNumeral(4, 'roman'),
      formatNumeral(4, 'chinese'),
    ]).toEqual(['4', 'IV', '四']);
  });
});
