import { describe, expect, it } from 'vitest';
import {
  buildOrgUnitTree,
  DEPARTMENTS_CODE,
  isWithin,
  OrgUnitDataError,
  type DivisionInput,
} from './org-units.js';

const divisions: DivisionInput = {
  edition: 'test edition',
  provinces: [
    { code: '420000', name: '湖北省' },
    { code: '110000', name: '北京市' },
  ],
  prefectures: [{ code: '420100', name: '武汉市' }],
  counties: [
    { code: '420102', name: '江岸区' },
    { code: '110101', name: '东城区' },
    { code: '429004', name: '仙桃市' },
  ],
  englishNames: new Map([['110000', 'Beijing']]),
};

describe('buildOrgUnitTree', () => {
  const tree = buildOrgUnitTree(divisions, [
    { code: 'MIIT', nameZh: '工业和信息化部', nameEn: 'MIIT' },
  ]);
  const byCode = new Map(tree.map((unit) => [unit.code, unit]));

  it.each([
    ['CN', null, 'nation', '/CN/'],
    ['110000', 'CN', 'province', '/CN/110000/'],
    ['420100', '420000', 'prefecture', '/CN/420000/420100/'],
    ['420102', '420100', 'county', '/CN/420000/420100/420102/'],
    // Districts of a municipality and province-administered cities have no prefecture above them.
    ['110101', '110000', 'county', '/CN/110000/110101/'],
    ['429004', '420000', 'county', '/CN/420000/429004/'],
    [DEPARTMENTS_CODE, 'CN', 'department', '/CN/CN-DEPT/'],
    ['MIIT', DEPARTMENTS_CODE, 'department', '/CN/CN-DEPT/MIIT/'],
  ])('%s hangs under %s as a %s at %s', (code, parent, level, path) => {
    const unit = byCode.get(code);
    expect(unit).toMatchObject({ parentCode: parent, level, path });
  });

  it('lists parents before children and keeps the edition and English names', () => {
    const seen = new Set<string>();
    for (const unit of tree) {
      if (unit.parentCode) expect(seen.has(unit.parentCode)).toBe(true);
      seen.add(unit.code);
    }
    expect(byCode.get('110000')).toMatchObject({
      nameEn: 'Beijing',
      divisionEdition: 'test edition',
    });
    expect(byCode.get('420000')?.nameEn).toBeNull();
    expect(byCode.get('MIIT')?.divisionEdition).toBeNull();
  });

  it('scopes subtrees by path', () => {
    const hubei = byCode.get('420000')!;
    expect(isWithin(byCode.get('420102')!, hubei)).toBe(true);
    expect(isWithin(byCode.get('110101')!, hubei)).toBe(false);
    expect(isWithin(hubei, byCode.get('420102')!)).toBe(false);
  });

  it.each([
    [
      { ...divisions, counties: [{ code: '42010', name: 'short' }] },
      'not a six-digit GB/T 2260 code',
    ],
    [
      { ...divisions, provinces: [...divisions.provinces, { code: '110000', name: 'again' }] },
      'appears twice',
    ],
    [{ ...divisions, prefectures: [{ code: '990100', name: 'orphan' }] }, 'names parent 990000'],
  ])('refuses bad division data: %#', (input, message) => {
    expect(() => buildOrgUnitTree(input, [])).toThrow(OrgUnitDataError);
    expect(() => buildOrgUnitTree(input, [])).toThrow(message);
  });
});
