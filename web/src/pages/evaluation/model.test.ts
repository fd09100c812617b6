import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluationComponentKeys } from '../../../../src/api/evaluation-contract';
import en from '../../i18n/evaluation.en.json';
import zh from '../../i18n/evaluation.zh-CN.json';
import type { ComponentScore, RankingRow } from './api';
import {
  chosenYear,
  COMPONENTS,
  defaultPair,
  defaultRunYear,
  formatPoints,
  formatPointsChange,
  orderRows,
  pairComponents,
  provinceTotals,
  rankMove,
  reasonIn,
  runnableYears,
  runYears,
} from './model';

function row(
  code: string,
  level: string,
  rank: number | null,
  total: number,
  evaluated = rank !== null,
): RankingRow {
  return {
    unit: { code, nameZh: code, nameEn: code, level },
    evaluated,
    total,
    rank,
    rankChange: null,
    totalChange: null,
    components: [],
  };
}

function component(key: ComponentScore['key'], points: number): ComponentScore {
  return { key, weight: 25, effectiveWeight: 25, points, items: [] };
}

describe('the evaluation model', () => {
  it('lists the components in the contract’s order', () => {
    expect(COMPONENTS).toEqual([...evaluationComponentKeys]);
  });

  it('offers the years with runs newest first and picks the one asked for, else the newest', () => {
    const years = runYears([{ year: 2019 }, { year: 2020 }, { year: 2020 }, { year: 2018 }]);
    expect(years).toEqual([2020, 2019, 2018]);
    expect(chosenYear('2019', years)).toBe(2019);
    expect(chosenYear('2017', years)).toBe(2020);
    expect(chosenYear('x', years)).toBe(2020);
    expect(chosenYear(null, years)).toBe(2020);
    expect(chosenYear('2020', [])).toBeNull();
  });

  it('runs this year down to the Outline’s, by default the year shown or last year', () => {
    expect(runnableYears(2021)).toEqual([2021, 2020, 2019, 2018, 2017, 2016]);
    expect(runnableYears(2010)).toEqual([2016]);
    expect(defaultRunYear(2019, 2026)).toBe(2019);
    expect(defaultRunYear(null, 2026)).toBe(2025);
    expect(defaultRunYear(null, 2016)).toBe(2016);
  });

  it('shows points with exactly two decimals and signed changes', () => {
    expect(formatPoints(85.5, 'en')).toBe('85.50');
    expect(formatPoints(100, 'zh-CN')).toBe('100.00');
    expect(formatPoints(33.335, 'en')).toBe('33.34');
    expect(formatPoints(-0, 'en')).toBe('0.00');
    expect(formatPointsChange(1.254, 'en')).toBe('+1.25');
    expect(formatPointsChange(-0.5, 'en')).toBe('−0.50');
    expect(formatPointsChange(0.001, 'en')).toBe('0.00');
    expect(formatPointsChange(-0.001, 'en')).toBe('0.00');
  });

  it('reads a rank change', () => {
    expect([2, -1, 0, null].map(rankMove)).toEqual(['up', 'down', 'same', 'none']);
  });

  it('takes the reason in the UI language', () => {
    const reason = { en: 'Task done on time', zh: '任务按期完成' };
    expect(reasonIn(reason, 'en')).toBe('Task done on time');
    expect(reasonIn(reason, 'zh-CN')).toBe('任务按期完成');
  });

  it('orders ranked units by rank then code, then the units not evaluated by code', () => {
    const rows = [
      row('CN-DEPT-1', 'department', null, 40),
      row('420000', 'province', 2, 70.5),
      row('310000', 'province', 2, 70.5),
      row('110000', 'province', 1, 80),
      row('120000', 'province', null, 0),
    ];
    expect(orderRows(rows).map((r) => r.unit.code)).toEqual([
      '110000',
      '310000',
      '420000',
      '120000',
      'CN-DEPT-1',
    ]);
    expect(defaultPair(rows)).toEqual(['110000', '310000']);
    expect(defaultPair([row('120000', 'province', null, 0)])).toEqual([null, null]);
  });

  it('maps evaluated provinces only, at the two decimals shown', () => {
    const rows = [
      row('110000', 'province', 1, 80.004),
      row('120000', 'province', null, 30),
      row('CN-DEPT-1', 'department', 2, 60),
    ];
    expect(provinceTotals(rows)).toEqual([{ code: '110000', value: 80 }]);
  });

  it('pairs two units’ components in the scheme’s order, leaving out those neither has', () => {
    const pairs = pairComponents(
      [component('inspection', 10), component('outcome', 30)],
      [component('outcome', 20)],
    );
    expect(pairs.map((pair) => [pair.key, pair.a?.points, pair.b?.points])).toEqual([
      ['outcome', 30, 20],
      ['inspection', 10, undefined],
    ]);
  });
});

const here = path.dirname(fileURLToPath(import.meta.url));

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) =>
    keysOf(inner, prefix ? `${prefix}.${key}` : key),
  );
}

describe('the evaluation pages in both languages', () => {
  const enKeys = new Set(keysOf(en));
  const zhKeys = new Set(keysOf(zh));
  const has = (keys: Set<string>, key: string) =>
    keys.has(key) || (keys.has(`${key}_one`) && keys.has(`${key}_other`));

  it('have the same keys in English and Chinese, all under "evaluation", none empty', () => {
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect(Object.keys(en)).toEqual(['evaluation']);
    const values = (tree: unknown): unknown[] =>
      typeof tree === 'object' && tree !== null ? Object.values(tree).flatMap(values) : [tree];
    expect(
      [...values(en), ...values(zh)].filter((v) => typeof v !== 'string' || !v.trim()),
    ).toEqual([]);
  });

  it('translate every key the pages and the header use', () => {
    const files = [
      ...fs
        .readdirSync(here)
        .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
        .map((f) => path.join(here, f)),
      path.join(here, '../../App.tsx'),
    ];
    const used = new Set<string>();
    for (const file of files)
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/'(evaluation\.[A-Za-z0-9_.]+)'/g))
        used.add(match[1]!);
    // Keys built at run time.
    for (const key of COMPONENTS) {
      used.add(`evaluation.component.${key}`);
      used.add(`evaluation.empty.inputs.${key}`);
    }
    for (const move of ['up', 'down', 'same', 'none']) used.add(`evaluation.rankMove.${move}`);
    for (const status of ['draft', 'published']) used.add(`evaluation.status.${status}`);
    for (const format of ['pdf', 'html', 'xlsx']) used.add(`evaluation.report.${format}`);
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((key) => !has(enKeys, key))).toEqual([]);
    expect([...used].filter((key) => !has(zhKeys, key))).toEqual([]);
  });
});
