import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  joinItems,
  neutralise,
  readDate,
  readMilestones,
  splitCodes,
  splitItems,
  unneutralise,
  writeMilestones,
} from './task-breakdown-cells.js';

describe('readDate', () => {
  it.each([
    ['2026-06-30', {}, '2026-06-30', null],
    [' 2026-06-30 ', {}, '2026-06-30', null],
    ['2026-6-3', {}, '2026-06-03', 'a date without leading zeros'],
    ['2026/6/30', {}, '2026-06-30', 'a date written with "/"'],
    ['2026/06/30', {}, '2026-06-30', 'a date written with "/"'],
    ['2026.6.30', {}, '2026-06-30', 'a date written with "."'],
    ['2026年6月30日', {}, '2026-06-30', 'a date written 年月日'],
    ['2026 年 6 月 30 日', {}, '2026-06-30', 'a date written 年月日'],
    ['２０２６年６月３０日', {}, '2026-06-30', 'a date written 年月日'],
    ['2026-06-30T12:00:00', {}, '2026-06-30', 'a date with a time of day: the time dropped'],
    ['46203', { serials: true }, '2026-06-30', 'an Excel date serial'],
    ['36526', { serials: true }, '2000-01-01', 'an Excel date serial'],
    ['73415', { serials: true }, '2100-12-31', 'an Excel date serial'],
  ])('reads %j', (text, options, date, how) => {
    expect(readDate(text, options)).toEqual({ ok: true, date, converted: how !== null, how });
  });

  it.each([
    ['', {}, 'no date given'],
    ['30/6/2026', {}, '"30/6/2026" is not a date: write 2026-06-30, 2026/6/30 or 2026年6月30日'],
    ['2026-02-30', {}, '"2026-02-30" is not a date: there is no 2026-02-30'],
    ['2026/13/1', {}, '"2026/13/1" is not a date: there is no 2026-13-01'],
    ['2026-06/30', {}, '"2026-06/30" is not a date: write 2026-06-30, 2026/6/30 or 2026年6月30日'],
    // Serials only in workbooks, and only those of 2000 to 2100: 2026 is a year, not a date.
    ['46203', {}, '"46203" is not a date: write 2026-06-30, 2026/6/30 or 2026年6月30日'],
    [
      '2026',
      { serials: true },
      '"2026" is not a date: write 2026-06-30, 2026/6/30 or 2026年6月30日',
    ],
    [
      '36525',
      { serials: true },
      '"36525" is not a date: write 2026-06-30, 2026/6/30 or 2026年6月30日',
    ],
  ])('refuses %j', (text, options, message) => {
    expect(readDate(text, options)).toEqual({ ok: false, message });
  });
});

describe('lists', () => {
  it.each([
    ['MIIT;NDRC', ['MIIT', 'NDRC']],
    ['MIIT; NDRC ;', ['MIIT', 'NDRC']],
    ['MIIT，NDRC、NDA；CAC', ['MIIT', 'NDRC', 'NDA', 'CAC']],
    ['420000 520000\n420100', ['420000', '520000', '420100']],
    ['', []],
  ])('splits the codes %j', (text, codes) => {
    expect(splitCodes(text)).toEqual(codes);
  });

  it.each([
    ['方案; 报告', ['方案', '报告']],
    ['方案；报告；', ['方案', '报告']],
    ['a; b\nc', ['a; b', 'c']],
    ['a; b\n', ['a; b']],
    ['one\r\ntwo\rthree', ['one', 'two', 'three']],
    ['  ', []],
  ])('splits the items %j', (text, items) => {
    expect(splitItems(text)).toEqual(items);
  });

  const item = fc
    .string({ unit: fc.constantFrom('a', 'b', ' ', ';', '；', '示', ',', '-') })
    .map((text) => text.trim())
    .filter((text) => text !== '');
  it('reads back any items it writes (items without line breaks)', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        expect(splitItems(joinItems(items))).toEqual(items);
      }),
    );
  });
});

describe('readMilestones', () => {
  it('reads dates and titles, in every date form, and says which dates it converted', () => {
    expect(readMilestones('2026-06-30 下达目标; 2026/9/30 中期评估；2027年3月31日：总结')).toEqual({
      milestones: [
        { dueOn: '2026-06-30', title: '下达目标' },
        { dueOn: '2026-09-30', title: '中期评估' },
        { dueOn: '2027-03-31', title: '总结' },
      ],
      problems: [],
      conversions: [
        { from: '2026/9/30', to: '2026-09-30', how: 'a date written with "/"' },
        { from: '2027年3月31日', to: '2027-03-31', how: 'a date written 年月日' },
      ],
    });
  });

  it('names every milestone it cannot read', () => {
    expect(readMilestones('Kick-off; 2026-02-30 Review; 2026-06-30').problems).toEqual([
      'milestone 1 "Kick-off" does not start with its date: write "2026-06-30 title"',
      'milestone 2: "2026-02-30" is not a date: there is no 2026-02-30',
      'milestone 3 on 2026-06-30 has no title',
    ]);
  });

  it('reads back what it writes, titles with semicolons included', () => {
    const milestones = [
      { dueOn: '2026-06-30', title: 'Plan; draft' },
      { dueOn: '2026-12-31', title: '总结' },
    ];
    expect(readMilestones(writeMilestones(milestones)).milestones).toEqual(milestones);
  });
});

describe('neutralise', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+86 10', "'+86 10"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ["'=1", "''=1"],
    ["'quoted'", "'quoted'"],
    ['示例：任务', '示例：任务'],
    ['', ''],
  ])('%j becomes %j', (text, written) => {
    expect(neutralise(text)).toBe(written);
    expect(unneutralise(written)).toBe(text);
  });

  it('is undone exactly, whatever the text', () => {
    const text = fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a') });
    fc.assert(
      fc.property(text, (value) => {
        expect(unneutralise(neutralise(value))).toBe(value);
        expect(neutralise(value)).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});
