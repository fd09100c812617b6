import { describe, expect, it } from 'vitest';
import { formatQuantity, unitLabel, type Language as Lang } from './quantity.js';

type Row = [value: number, unit: string | null, unitMult: number, lang: Lang, expected: string];

const cases: Row[] = [
  [6, 'yuan', 12, 'zh-CN', '6 万亿元'],
  [6, 'yuan', 12, 'en', '6 trillion yuan'],
  [5.8, 'yuan', 12, 'zh-CN', '5.8 万亿元'],
  [5.8, 'yuan', 12, 'en', '5.8 trillion yuan'],
  [37.21, 'yuan', 12, 'zh-CN', '37.21 万亿元'],
  [0.5, 'yuan', 12, 'zh-CN', '5,000 亿元'],
  [0.5, 'yuan', 12, 'en', '500 billion yuan'],
  [6.88, 'person', 8, 'zh-CN', '6.88 亿人'],
  [6.88, 'person', 8, 'en', '688 million persons'],
  [11.08, 'person', 8, 'en', '1.11 billion persons'],
  [372, 'station', 4, 'zh-CN', '372 万个'],
  [372, 'station', 4, 'en', '3.72 million stations'],
  [71.8, 'station', 4, 'en', '718 thousand stations'],
  [13, 'station', 0, 'zh-CN', '13 个'],
  [1, 'station', 0, 'en', '1 station'],
  [999.999, 'user', 3, 'en', '1 million users'],
  [3.5, 'subscriber', 8, 'zh-CN', '3.5 亿户'],
  [20, 'bit_per_second', 12, 'zh-CN', '20 Tbps'],
  [20, 'bit_per_second', 12, 'en', '20 Tbps'],
  [11511.397, 'bit_per_second', 9, 'en', '11.51 Tbps'],
  [622, 'bit_per_second', 9, 'en', '622 Gbps'],
  [96, 'percent', 0, 'zh-CN', '96%'],
  [96, 'percent', 0, 'en', '96%'],
  [52.6, 'percent', 0, 'en', '52.6%'],
  [31.25, 'per_100_people', 0, 'en', '31.25 per 100 people'],
  [31.25, 'per_100_people', 0, 'zh-CN', '31.25/百人'],
  [12345, null, 0, 'en', '12.35 thousand'],
  [42, null, 0, 'zh-CN', '42'],
  [0, 'yuan', 12, 'en', '0 yuan'],
  [-2.5, 'yuan', 12, 'en', '-2.5 trillion yuan'],
];

describe('formatQuantity', () => {
  it.each(cases)('%s %s ×10^%s (%s) -> %s', (value, unit, unitMult, lang, expected) => {
    expect(formatQuantity(value, unit, unitMult, lang)).toBe(expected);
  });

  it('honours maximumFractionDigits', () => {
    expect(formatQuantity(11511.397, 'bit_per_second', 9, 'en', { maximumFractionDigits: 4 })).toBe(
      '11.5114 Tbps',
    );
    expect(formatQuantity(97.92, 'percent', 0, 'en', { maximumFractionDigits: 0 })).toBe('98%');
  });
});

describe('unitLabel', () => {
  const labels: Array<[string | null, number, Lang, string]> = [
    ['yuan', 12, 'zh-CN', '万亿元'],
    ['yuan', 12, 'en', 'trillion yuan'],
    ['person', 8, 'zh-CN', '亿人'],
    ['person', 8, 'en', '100 million persons'],
    ['station', 4, 'zh-CN', '万个'],
    ['station', 4, 'en', '10 thousand stations'],
    ['bit_per_second', 9, 'en', 'Gbps'],
    ['bit_per_second', 12, 'zh-CN', 'Tbps'],
    ['percent', 0, 'en', '%'],
    ['per_100_people', 0, 'zh-CN', '每百人'],
    [null, 0, 'en', ''],
    ['yuan', 7, 'en', '×10^7 yuan'],
  ];
  it.each(labels)('%s ×10^%s (%s) -> %s', (unit, unitMult, lang, expected) => {
    expect(unitLabel(unit, unitMult, lang)).toBe(expected);
  });
});
