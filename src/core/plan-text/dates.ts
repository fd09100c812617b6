/**
 * Date lines such as "27 July 2016", "July 27, 2016", "2016-07-27" or
 * "2016年7月27日" (also in Chinese numerals: "二〇一六年七月二十七日").
 */
import { arabicToNumber, chineseToNumber } from './numbering.js';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

export type DateLine =
  | { kind: 'date'; iso: string }
  /** Shaped like a date but not a real one ("31 February 2016"). */
  | { kind: 'invalid'; reason: string }
  | { kind: 'none' };

function monthNumber(name: string): number | null {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return null;
  const index = MONTHS.findIndex((month) => month.startsWith(lower));
  return index < 0 ? null : index + 1;
}

/** Reads a year written digit by digit in Chinese numerals ("二〇一六"). */
function chineseYear(year: string): number | null {
  const digits = '〇一二三四五六七八九';
  let value = 0;
  for (const char of year) {
    const digit = char === '零' ? 0 : digits.indexOf(char);
    if (digit < 0) return null;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toDate(year: number | null, month: number | null, day: number | null): DateLine {
  if (year === null || month === null || day === null) return { kind: 'none' };
  if (year < 1900 || year > 2999)
    return { kind: 'invalid', reason: `year ${year} is out of range` };
  if (month < 1 || month > 12) return { kind: 'invalid', reason: `there is no month ${month}` };
  if (day < 1 || day > daysInMonth(year, month)) {
    return { kind: 'invalid', reason: `day ${day} does not exist in ${MONTHS[month - 1]} ${year}` };
  }
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { kind: 'date', iso };
}

/** Recognises a line that is only a date. */
export function parseDateLine(content: string): DateLine {
  const line = content.trim();
  let match = /^(\d{1,2})\s+([A-Za-z]+\.?)\s+(\d{4})$/.exec(line);
  if (match) {
    const month = monthNumber(match[2] ?? '');
    if (month !== null) return toDate(Number(match[3]), month, Number(match[1]));
  }
  match = /^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(line);
  if (match) {
    const month = monthNumber(match[1] ?? '');
    if (month !== null) return toDate(Number(match[3]), month, Number(match[2]));
  }
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(line);
  if (match) return toDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日$/u.exec(line);
  if (match) {
    return toDate(
      arabicToNumber(match[1] ?? ''),
      arabicToNumber(match[2] ?? ''),
      arabicToNumber(match[3] ?? ''),
    );
  }
  match =
    /^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/u.exec(
      line,
    );
  if (match) {
    return toDate(
      chineseYear(match[1] ?? ''),
      chineseToNumber(match[2] ?? ''),
      chineseToNumber(match[3] ?? ''),
    );
  }
  return { kind: 'none' };
}
