import { describe, expect, it } from 'vitest';
import { formatInUnit } from './inUnit';

describe('formatInUnit', () => {
  it('keeps the multiplier of the indicator', () => {
    expect(formatInUnit(0.9, 'yuan', 12, 'zh-CN')).toBe('0.9 万亿元');
    expect(formatInUnit(0.9, 'yuan', 12, 'en')).toBe('0.9 trillion yuan');
    expect(formatInUnit(11511.397, 'bit_per_second', 9, 'en')).toBe('11,511.4 Gbps');
    expect(formatInUnit(6.88, 'person', 8, 'zh-CN')).toBe('6.88 亿人');
  });
  it('formats unscaled units as usual', () => {
    expect(formatInUnit(52.6, 'percent', 0, 'en')).toBe('52.6%');
    expect(formatInUnit(35.7, 'per_100_people', 0, 'zh-CN')).toBe('35.7/百人');
    expect(formatInUnit(1200, 'station', 0, 'en')).toBe('1,200 stations');
  });
});
