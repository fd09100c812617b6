/**
 * Builds the organisation-unit tree from GB/T 2260 division records and the
 * list of central departments. Pure: callers read the files.
 */

export type OrgUnitLevel = 'nation' | 'province' | 'prefecture' | 'county' | 'department';

export interface OrgUnitSeed {
  code: string;
  parentCode: string | null;
  level: OrgUnitLevel;
  nameZh: string;
  nameEn: string | null;
  divisionEdition: string | null;
  path: string;
  depth: number;
  sortOrder: number;
}

export interface DivisionRecord {
  code: string;
  name: string;
}

export interface DivisionInput {
  edition: string;
  provinces: DivisionRecord[];
  prefectures: DivisionRecord[];
  counties: DivisionRecord[];
  /** English names by code, where known. */
  englishNames: ReadonlyMap<string, string>;
}

export interface DepartmentInput {
  code: string;
  nameZh: string;
  nameEn: string;
}

export const NATION_CODE = 'CN';
/** The branch that holds the central departments, beside the provinces. */
export const DEPARTMENTS_CODE = 'CN-DEPT';

/**
 * Taiwan, Hong Kong and Macao: province-level codes in GB/T 2260, but outside
 * the mainland's statistical system and the Outline's implementation (national
 * statistics cover the 31 mainland provinces), so the annual evaluation leaves
 * them out.
 */
export const OUTSIDE_MAINLAND_CODES: readonly string[] = ['710000', '810000', '820000'];

const DIVISION_CODE = /^\d{6}$/;

export class OrgUnitDataError extends Error {
  override name = 'OrgUnitDataError';
}

/**
 * Nation -> provinces -> prefectures -> counties, then the departments branch.
 * A county whose prefecture is not in the data (districts of the
 * municipalities) hangs directly under its province. Parents come before
 * children in the result, so rows can be inserted in order.
 */
export function buildOrgUnitTree(
  divisions: DivisionInput,
  departments: readonly DepartmentInput[],
): OrgUnitSeed[] {
  const seeds: OrgUnitSeed[] = [];
  const byCode = new Map<string, OrgUnitSeed>();
  let order = 0;
  const add = (seed: Omit<OrgUnitSeed, 'path' | 'depth' | 'sortOrder'>): void => {
    if (byCode.has(seed.code))
      throw new OrgUnitDataError(`Org unit code ${seed.code} appears twice`);
    const parent = seed.parentCode === null ? null : byCode.get(seed.parentCode);
    if (seed.parentCode !== null && !parent) {
      throw new OrgUnitDataError(
        `Org unit ${seed.code} names parent ${seed.parentCode}, which is not loaded`,
      );
    }
    const full: OrgUnitSeed = {
      ...seed,
      path: `${parent ? parent.path : '/'}${seed.code}/`,
      depth: parent ? parent.depth + 1 : 0,
      sortOrder: order++,
    };
    byCode.set(full.code, full);
    seeds.push(full);
  };

  add({
    code: NATION_CODE,
    parentCode: null,
    level: 'nation',
    nameZh: '全国',
    nameEn: 'China (national)',
    divisionEdition: null,
  });
  const sorted = (records: DivisionRecord[]): DivisionRecord[] => {
    for (const record of records) {
      if (!DIVISION_CODE.test(record.code)) {
        throw new OrgUnitDataError(
          `"${record.code}" (${record.name}) is not a six-digit GB/T 2260 code`,
        );
      }
    }
    return [...records].sort((a, b) => a.code.localeCompare(b.code));
  };
  const division = (record: DivisionRecord, parentCode: string, level: OrgUnitLevel) =>
    add({
      code: record.code,
      parentCode,
      level,
      nameZh: record.name,
      nameEn: divisions.englishNames.get(record.code) ?? null,
      divisionEdition: divisions.edition,
    });

  for (const province of sorted(divisions.provinces)) division(province, NATION_CODE, 'province');
  for (const prefecture of sorted(divisions.prefectures)) {
    division(prefecture, `${prefecture.code.slice(0, 2)}0000`, 'prefecture');
  }
  for (const county of sorted(divisions.counties)) {
    const prefecture = `${county.code.slice(0, 4)}00`;
    division(
      county,
      byCode.has(prefecture) ? prefecture : `${county.code.slice(0, 2)}0000`,
      'county',
    );
  }

  add({
    code: DEPARTMENTS_CODE,
    parentCode: NATION_CODE,
    level: 'department',
    nameZh: '中央和国家机关',
    nameEn: 'Central departments',
    divisionEdition: null,
  });
  for (const department of departments) {
    add({
      code: department.code,
      parentCode: DEPARTMENTS_CODE,
      level: 'department',
      nameZh: department.nameZh,
      nameEn: department.nameEn,
      divisionEdition: null,
    });
  }
  return seeds;
}

/** Whether `unit` lies in the subtree of `ancestor` (a unit is in its own subtree). */
export function isWithin(
  unit: Pick<OrgUnitSeed, 'path'>,
  ancestor: Pick<OrgUnitSeed, 'path'>,
): boolean {
  return unit.path.startsWith(ancestor.path);
}
