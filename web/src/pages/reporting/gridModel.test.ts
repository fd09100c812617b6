import { describe, expect, it } from 'vitest';
import type { FormView } from '../../api/client';
import {
  applyPaste,
  changesToSave,
  checkGrid,
  initialCells,
  numberText,
  parsePastedBlock,
  rowKey,
} from './gridModel';

const indicator = (code: string, extra: Partial<FormView['indicators'][number]> = {}) => ({
  code,
  nameEn: code,
  nameZh: code,
  unit: 'user',
  unitMult: 8,
  unitLabel: { en: '100 million users', zh: '亿户' },
  required: true,
  minValue: 0,
  maxValue: null,
  outlierThreshold: null,
  categories: [],
  history: [],
  historyPeriods: [],
  ...extra,
});
const row = (
  code: string,
  value: number | null,
  version: number | null = null,
  disaggregation = '',
) => ({
  indicator: code,
  disaggregation,
  label: { en: 'Total', zh: '合计' },
  value,
  comment: null,
  source: null,
  version,
  updatedBy: null,
  updatedAt: null,
});

const form = {
  indicators: [
    indicator('mobile'),
    indicator('users_5g'),
    indicator('share', { unit: 'percent', required: false }),
  ],
  rows: [row('mobile', 0.011, 3), row('users_5g', null), row('share', null)],
  rules: [
    {
      code: 'le',
      severity: 'error',
      nameEn: '5G ≤ mobile',
      nameZh: '5G不超过移动',
      definition: {
        kind: 'compare',
        left: [{ indicator: 'users_5g' }],
        operator: '<=',
        right: [{ indicator: 'mobile' }],
      },
    },
  ],
} as unknown as FormView;

describe('the entry grid model', () => {
  it('checks what is typed with the server’s own rules', () => {
    const cells = initialCells(form);
    cells.set('users_5g|', { value: '0.02', comment: '', source: '' });
    const check = checkGrid(form, cells);
    expect(check.blocking.map((f) => f.ruleCode ?? f.check)).toEqual(['le']);
    expect(check.severityByRow.get('users_5g|')).toBe('error');
    cells.set('users_5g|', { value: '0.005', comment: '', source: '' });
    expect(checkGrid(form, cells).blocking).toEqual([]);
  });

  it.each([
    ['1,23', 'error'],
    ['１２３', 'number'],
    ['1,234.5', 'number'],
    ['-', 'empty'],
    ['', 'empty'],
    ['abc', 'error'],
  ])('reads the cell %j as %s', (text, kind) => {
    const cells = initialCells(form);
    cells.set('users_5g|', { value: text, comment: '', source: '' });
    const check = checkGrid(form, cells);
    expect(check.cellProblems.has('users_5g|')).toBe(kind === 'error');
  });

  it('refuses to empty a saved value rather than dropping it', () => {
    const cells = initialCells(form);
    cells.set('mobile|', { value: '', comment: '', source: '' });
    expect(checkGrid(form, cells).cellProblems.get('mobile|')).toBe('cleared');
    expect(changesToSave(form, cells)).toEqual([]);
  });

  it('sends only changed rows, each stored one with the version it was loaded at', () => {
    const cells = initialCells(form);
    expect(changesToSave(form, cells)).toEqual([]);
    cells.set('mobile|', { value: '0.012', comment: ' census ', source: '' });
    cells.set('users_5g|', { value: '0.005', comment: '', source: 'MIIT' });
    cells.set('share|', { value: '45%', comment: '', source: '' });
    expect(changesToSave(form, cells)).toEqual([
      {
        indicator: 'mobile',
        disaggregation: '',
        value: 0.012,
        comment: 'census',
        source: null,
        expectedVersion: 3,
      },
      { indicator: 'users_5g', disaggregation: '', value: 0.005, comment: null, source: 'MIIT' },
      { indicator: 'share', disaggregation: '', value: 45, comment: null, source: null },
    ]);
  });

  it('pastes a spreadsheet block from the focused cell and counts what falls outside', () => {
    const block = parsePastedBlock('1\tone\tsrc\textra\r\n2\ttwo\r\n3\n4\n');
    expect(block).toEqual([['1', 'one', 'src', 'extra'], ['2', 'two'], ['3'], ['4']]);
    const keys = form.rows.map(rowKey);
    const result = applyPaste(initialCells(form), keys, 1, 0, block);
    expect(result.cells.get('users_5g|')).toEqual({ value: '1', comment: 'one', source: 'src' });
    expect(result.cells.get('share|')).toEqual({ value: '2', comment: 'two', source: '' });
    expect(result.written).toBe(5);
    expect(result.overflow).toBe(3); // 'extra', '3' and '4' lie outside the grid
  });

  it.each([
    [null, ''],
    [0.1, '0.1'],
    [1e-7, '0.0000001'],
    [12345678901, '12345678901'],
    [1e21, '1000000000000000000000'],
  ])('shows %j as %j', (value, text) => expect(numberText(value)).toBe(text));
});
