import { describe, expect, it } from 'vitest';
import { formatQuantity } from './quantity.js';

describe('formatQuantity', () => {
  it.each([
    [6, 'yuan', 12, '6 万亿元', '6 trillion yuan'],
    [37.21, 'yuan', 12, '37.21 万亿元', '37.21 trillion yuan'],
    [6.88, 'person', 8, '6.88 亿人', '688 million persons'],
    [11.08, 'person', 8, '11.08 亿人', '1.11 billion persons'],
    [372, 'station', 4, '372 万个', '3.72 million stations'],
    [20, 'bit_per_second', 12, '20 Tbps', '20 Tbps'],
    [6.220764, 'bit_per_second', 12, '6.22 Tbps', '6.22 Tbps'],
    [96, 'percent', 0, '96%', '96%'],
    [52.6, 'percent', 0, '52.6%', '52.6%'],
    [35.7, 'per_100_people', 0, '35.7 户/百人', '35.7 per 100 people'],
    [0, 'yuan', 12, '0 元', '0 yuan'],
    [Number.NaN, 'yuan', 12, '—', '—'],
  ])('%d %s ×10^%d', (value, unit, mult, zh, en) => {
    expect(formatQuantity(value, unit, mult, 'zh-CN')).toBe(zh);
    expect(formatQuantity(value, unit, mult, 'en')).toBe(en);
  });
});
