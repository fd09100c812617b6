/**
 * Numerals used to number the parts of a plan: Arabic ("3", also full-width "３"),
 * Roman ("IV") and Chinese ("十二"). Pure functions.
 */

export type NumeralSystem = 'arabic' | 'roman' | 'chinese';

/** A number as printed in the document, with its value and the system it was printed in. */
export interface Numeral {
  system: NumeralSystem;
  value: number;
  printed: string;
}

const ROMAN_PATTERN = /^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
const ROMAN_VALUES: ReadonlyArray<readonly [string, number]> = [
  ['M', 1000],
  ['CM', 900],
  ['D', 500],
  ['CD', 400],
  ['C', 100],
  ['XC', 90],
  ['L', 50],
  ['XL', 40],
  ['X', 10],
  ['IX', 9],
  ['V', 5],
  ['IV', 4],
  ['I', 1],
];

/** Value of a canonical upper-case Roman numeral ("XIV" -> 14), or null ("IIII", "", "iv"). */
export function romanToNumber(roman: string): number | null {
  if (roman === '' || !ROMAN_PATTERN.test(roman)) return null;
  let value = 0;
  let rest = roman;
  for (const [symbol, symbolValue] of ROMAN_VALUES) {
    while (rest.startsWith(symbol)) {
      value += symbolValue;
      rest = rest.slice(symbol.length);
    }
  }
  return value;
}

/** Canonical Roman numeral for 1..3999; other numbers are returned in Arabic digits. */
export function numberToRoman(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 3999) return String(value);
  let rest = value;
  let roman = '';
  for (const [symbol, symbolValue] of ROMAN_VALUES) {
    while (rest >= symbolValue) {
      roman += symbol;
      rest -= symbolValue;
    }
  }
  return roman;
}

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CHINESE_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** Characters a Chinese numeral up to 9999 is written with. */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千';

/**
 * Value of a Chinese numeral written with units ("十二" -> 12, "二十" -> 20,
 * "一百零五" -> 105), or null when it is not one.
 */
export function chineseToNumber(chinese: string): number | null {
  if (chinese === '') return null;
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const char of chinese) {
    const digitValue = CHINESE_DIGITS[char];
    const unitValue = CHINESE_UNITS[char];
    if (digitValue !== undefined) {
      // Two digits in a row are only valid with a zero between units ("一百零五").
      if (digit !== null && digit !== 0) return null;
      digit = digitValue;
    } else if (unitValue !== undefined) {
      if (unitValue >= lastUnit) return null;
      if (digit === 0) return null;
      total += (digit ?? 1) * unitValue;
      digit = null;
      lastUnit = unitValue;
    } else {
      return null;
    }
  }
  if (digit !== null) total += digit;
  return total > 0 ? total : null;
}

/** Chinese numeral for 1..9999 ("十二", "二十", "一百零五"); other numbers in Arabic digits. */
export function numberToChinese(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 9999) return String(value);
  const digits = '零一二三四五六七八九';
  const units: ReadonlyArray<readonly [number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let out = '';
  let rest = value;
  let pendingZero = false;
  for (const [unitValue, unit] of units) {
    const digit = Math.floor(rest / unitValue);
    rest %= unitValue;
    if (digit === 0) {
      if (out !== '') pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // 10-19 are written "十", "十一", not "一十一".
    out += unitValue === 10 && digit === 1 && out === '' ? unit : `${digits[digit]}${unit}`;
  }
  return out;
}

/** Value of Arabic digits, ASCII or full-width ("12", "１２"), or null. */
export function arabicToNumber(digits: string): number | null {
  if (!/^[0-9０-９]+$/.test(digits)) return null;
  const ascii = digits.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
  return Number(ascii);
}

/** Reads a numeral in any of the three systems. */
export function parseNumeral(printed: string): Numeral | null {
  const arabic = arabicToNumber(printed);
  if (arabic !== null) return { system: 'arabic', value: arabic, printed };
  const roman = romanToNumber(printed);
  if (roman !== null) return { system: 'roman', value: roman, printed };
  const chinese = chineseToNumber(printed);
  if (chinese !== null) return { system: 'chinese', value: chinese, printed };
  return null;
}

/** Writes a number in the given system. */
export function formatNumeral(value: number, system: NumeralSystem): string {
  if (system === 'roman') return numberToRoman(value);
  if (system === 'chinese') return numberToChinese(value);
  return String(value);
}

/** Human-readable name of a numeral system, for notes and problems. */
export function numeralSystemName(system: NumeralSystem): string {
  return { arabic: 'Arabic', roman: 'Roman', chinese: 'Chinese' }[system];
}
