/**
 * The evaluation pages' rules, pure: the component order, the years offered,
 * how points and changes read, which reason language goes with the UI, the
 * map's values and the pairing of two units' items for comparison.
 */
import type { ProvinceValue } from '../../components/ProvinceChoropleth';
import type { Lang } from '../../format/quantity';
import type {
  ComponentScore,
  EvaluationComponentKey,
  EvaluationRunSummary,
  RankingRow,
  ScoreItem,
} from './api';

/** The scheme's components in the order the scheme lists them (the contract's COMPONENT_KEYS). */
export const COMPONENTS: readonly EvaluationComponentKey[] = [
  'outcome',
  'delivery',
  'reporting',
  'inspection',
];

/** The first year one can run: the Outline's. */
export const FIRST_YEAR = 2016;

/** One colour per component, the same on every chart and tag. */
export const COMPONENT_COLORS: Record<EvaluationComponentKey, string> = {
  outcome: '#1677ff',
  delivery: '#52c41a',
  reporting: '#fa8c16',
  inspection: '#722ed1',
};

/** Years with a run the caller sees, newest first, once each. */
export function runYears(runs: readonly Pick<EvaluationRunSummary, 'year'>[]): number[] {
  return [...new Set(runs.map((run) => run.year))].sort((a, b) => b - a);
}

/** The year in the URL when a run exists for it, else the newest; null when there is none. */
export function chosenYear(param: string | null, years: readonly number[]): number | null {
  const year = Number(param);
  if (param !== null && Number.isInteger(year) && years.includes(year)) return year;
  return years[0] ?? null;
}

/** Years a manager may run, newest first: this year down to the Outline's. */
export function runnableYears(currentYear: number, first = FIRST_YEAR): number[] {
  const years: number[] = [];
  for (let year = Math.max(currentYear, first); year >= first; year -= 1) years.push(year);
  return years;
}

/** The year a new run is for by default: the one on screen, else last year (a year's data comes in after it ends). */
export function defaultRunYear(shown: number | null, currentYear: number): number {
  return shown ?? Math.max(currentYear - 1, FIRST_YEAR);
}

/**
 * Points with exactly two decimals: the ranking compares totals at two
 * decimals, so the figures shown are the ones ranked.
 */
export function formatPoints(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(value === 0 ? 0 : value);
}

/** A change with its sign ("+1.25", "−0.50", "0.00"); the minus is the typographic one. */
export function formatPointsChange(value: number, lang: Lang): string {
  const text = formatPoints(Math.abs(value), lang);
  if (Number(value.toFixed(2)) === 0) return formatPoints(0, lang);
  return value > 0 ? `+${text}` : `−${text}`;
}

/** Rounded to the two decimals shown, for charts. */
export function chartPoints(value: number): number {
  return Number(value.toFixed(2));
}

/** An item's reason in the UI language. */
export function reasonIn(reason: ScoreItem['reason'], lang: Lang): string {
  return lang === 'en' ? reason.en : reason.zh;
}

/** The start of the inputs' hash: enough to tell runs apart on screen. */
export function shortHash(sha256: string, length = 12): string {
  return sha256.slice(0, length);
}

/** Rank change as it reads: up (moved up), down, same, or none (not ranked the year before). */
export type RankMove = 'up' | 'down' | 'same' | 'none';

export function rankMove(rankChange: number | null): RankMove {
  if (rankChange === null) return 'none';
  return rankChange > 0 ? 'up' : rankChange < 0 ? 'down' : 'same';
}

/** A row's points for one component (null when the row has no such component). */
export function componentOf<T extends { key: EvaluationComponentKey }>(
  components: readonly T[],
  key: EvaluationComponentKey,
): T | undefined {
  return components.find((component) => component.key === key);
}

/** The map's values: evaluated provinces by total; departments and units not evaluated have none. */
export function provinceTotals(rows: readonly RankingRow[]): ProvinceValue[] {
  return rows
    .filter((row) => row.unit.level === 'province' && row.evaluated)
    .map((row) => ({ code: row.unit.code, value: chartPoints(row.total) }));
}

/** Ranked first by rank then code, then the units not evaluated by code (the server's order, kept if it changes). */
export function orderRows(rows: readonly RankingRow[]): RankingRow[] {
  const rankOf = (row: RankingRow) => (row.evaluated ? (row.rank ?? Infinity) : Infinity);
  return [...rows].sort(
    (a, b) =>
      Number(b.evaluated) - Number(a.evaluated) ||
      rankOf(a) - rankOf(b) ||
      (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0),
  );
}

/** The two units compared by default: the two ranked first. */
export function defaultPair(rows: readonly RankingRow[]): [string | null, string | null] {
  const ranked = orderRows(rows).filter((row) => row.evaluated);
  return [ranked[0]?.unit.code ?? null, ranked[1]?.unit.code ?? null];
}

export interface ComponentPair {
  key: EvaluationComponentKey;
  a: ComponentScore | undefined;
  b: ComponentScore | undefined;
}

/** Two units' components side by side, in the scheme's order. */
export function pairComponents(
  a: readonly ComponentScore[],
  b: readonly ComponentScore[],
): ComponentPair[] {
  return COMPONENTS.map((key) => ({ key, a: componentOf(a, key), b: componentOf(b, key) })).filter(
    (pair) => pair.a !== undefined || pair.b !== undefined,
  );
}

/** Today in the browser's time zone as YYYY-MM-DD (the default cut-off day). */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
