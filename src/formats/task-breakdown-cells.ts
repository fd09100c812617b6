/**
 * The cells of a task breakdown file, both ways: dates as offices write them
 * (ISO, 2026/6/30, 2026年6月30日, Excel date serials), lists of codes and of
 * items, milestones as "date title", and the neutralising of cells that a
 * spreadsheet would run as formulas. Pure.
 */

export type DateReading =
  | { ok: true; date: string; converted: boolean; how: string | null }
  | { ok: false; message: string };

const FULL_WIDTH_DIGITS = /[０-９]/g;
const SEPARATED = /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
/** A date cell with a time of day, as the workbook reader gives it. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
/**
 * Excel date serials of 2000-01-01 (36526) to 2100-12-31 (73415): a plan's
 * dates fall there, and a smaller number (a year, 2026) is no date.
 */
const SERIAL = /^\d{5}$/;
const FIRST_SERIAL = 36_526;
const LAST_SERIAL = 73_415;

export const DATE_FORMS = '2026-06-30, 2026/6/30 or 2026年6月30日';

/**
 * A date cell as an ISO date. `serials` accepts whole numbers as Excel date
 * serials (1900 date system): only for workbooks, where a date typed into a
 * cell formatted as a number shows as one. Anything converted says how.
 */
export function readDate(text: string, options: { serials?: boolean } = {}): DateReading {
  const written = text.trim();
  if (written === '') return { ok: false, message: 'no date given' };
  const ascii = written.replace(FULL_WIDTH_DIGITS, (digit) =>
    String.fromCharCode(digit.charCodeAt(0) - 0xfee0),
  );
  const separated = SEPARATED.exec(ascii);
  if (separated) {
    const [, year, separator, month, day] = separated;
    return checked(year!, month!, day!, written, separator === '-' ? 'ISO date' : `${separator}`);
  }
  const chinese = CHINESE.exec(ascii);
  if (chinese) return checked(chinese[1]!, chinese[2]!, chinese[3]!, written, '年月日');
  const dateTime = DATE_TIME.exec(ascii);
  if (dateTime) {
    const date = dateTime[1]!;
    return { ok: true, date, converted: true, how: 'a date with a time of day: the time dropped' };
  }
  if (options.serials && SERIAL.test(ascii)) {
    const serial = Number(ascii);
    if (serial >= FIRST_SERIAL && serial <= LAST_SERIAL) {
      // Serial 25569 is 1970-01-01 (Excel's 1900 date system).
      const date = new Date((serial - 25_569) * 86_400_000).toISOString().slice(0, 10);
      return { ok: true, date, converted: true, how: 'an Excel date serial' };
    }
  }
  return { ok: false, message: `"${written}" is not a date: write ${DATE_FORMS}` };
}

function checked(
  year: string,
  month: string,
  day: string,
  written: string,
  form: string,
): DateReading {
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) {
    return { ok: false, message: `"${written}" is not a date: there is no ${iso}` };
  }
  if (iso === written) return { ok: true, date: iso, converted: false, how: null };
  const how =
    form === 'ISO date'
      ? 'a date without leading zeros'
      : form === '年月日'
        ? 'a date written 年月日'
        : `a date written with "${form}"`;
  return { ok: true, date: iso, converted: true, how };
}

/** Codes (units, indicators): separated by semicolons, commas, 、 or spaces, half or full width. */
export function splitCodes(text: string): string[] {
  return text
    .split(/[;；,，、\s]+/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

/**
 * Items (deliverables, milestones): one a line when the cell has a line break,
 * else separated by semicolons (half or full width). So items holding a
 * semicolon are written one a line (a single one with a line break after it)
 * and still read back whole.
 */
export function splitItems(text: string): string[] {
  const lines = /[\r\n]/.test(text);
  return text
    .split(lines ? /\r\n|\r|\n/ : /[;；]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The inverse of splitItems for items without line breaks. */
export function joinItems(items: readonly string[]): string {
  if (!items.some((item) => /[;；]/.test(item))) return items.join('; ');
  return items.length === 1 ? `${items[0]!}\n` : items.join('\n');
}

export interface MilestoneReading {
  milestones: { title: string; dueOn: string }[];
  problems: string[];
  conversions: { from: string; to: string; how: string }[];
}

const MILESTONE_DATE =
  /^(\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[:：]?\s*/;

/** "2026-06-30 Title; 2026-09-30 Title": each item a date, then its title. */
export function readMilestones(text: string): MilestoneReading {
  const reading: MilestoneReading = { milestones: [], problems: [], conversions: [] };
  splitItems(text).forEach((item, index) => {
    const ascii = item.replace(FULL_WIDTH_DIGITS, (digit) =>
      String.fromCharCode(digit.charCodeAt(0) - 0xfee0),
    );
    const match = MILESTONE_DATE.exec(ascii);
    const which = `milestone ${index + 1}`;
    if (!match) {
      reading.problems.push(
        `${which} "${item}" does not start with its date: write "2026-06-30 title"`,
      );
      return;
    }
    const date = readDate(match[1]!);
    const title = ascii.slice(match[0].length).trim();
    if (!date.ok) {
      reading.problems.push(`${which}: ${date.message}`);
      return;
    }
    if (title === '') {
      reading.problems.push(`${which} on ${date.date} has no title`);
      return;
    }
    if (date.converted)
      reading.conversions.push({ from: match[1]!, to: date.date, how: date.how! });
    reading.milestones.push({ title, dueOn: date.date });
  });
  return reading;
}

export function writeMilestones(milestones: readonly { title: string; dueOn: string }[]): string {
  return joinItems(milestones.map((milestone) => `${milestone.dueOn} ${milestone.title}`));
}

// Shared with every CSV writer and reader.
export { neutralise, unneutralise } from './formula-cells.js';
