/** The report's strings: both languages have the same keys and the same placeholders. */
import { expect, it } from 'vitest';
import { REPORT_TEXT, reportText } from './report-text.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

it('has the same keys in zh-CN and en', () => {
  expect(Object.keys(REPORT_TEXT['zh-CN']).sort()).toEqual(Object.keys(REPORT_TEXT.en).sort());
});

it('has the same placeholders in both languages for every key', () => {
  const differing = Object.entries(REPORT_TEXT.en).filter(
    ([key, text]) =>
      JSON.stringify(placeholders(text)) !==
      JSON.stringify(placeholders(REPORT_TEXT['zh-CN'][key as keyof typeof REPORT_TEXT.en])),
  );
  expect(differing.map(([key]) => key)).toEqual([]);
});

it('fills in placeholders and leaves unknown ones visible', () => {
  const t = reportText('zh-CN');
  expect(t('reportYear', { year: 2020 })).toBe('2020 年度');
  expect(t('reportYear')).toBe('{year} 年度');
});
