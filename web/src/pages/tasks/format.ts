/** Days, percentages and unit names of the task pages in the UI language. */
import type { Lang } from '../../format/quantity';

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'zh-CN');

/** A YYYY-MM-DD day as "27 Nov 2026" / "2026年11月27日" (read as a calendar day, not a moment). */
export function formatTaskDay(day: string | null | undefined, lang: Lang): string {
  if (!day) return '';
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale(lang), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** A short axis label: "Nov 2026" / "2026年11月". */
export function formatMonth(day: string, lang: Lang): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale(lang), {
    year: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(date);
}

/** 0–100 as "45%" / "45%". */
export function formatPercent(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(
    value / 100,
  );
}

/** File sizes: "1.2 MB" / "1.2 MB" (binary multiples, as the limits are stated). */
export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale(lang), {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
  return `${number} ${units[unit]}`;
}
