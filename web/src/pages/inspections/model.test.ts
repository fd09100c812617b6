import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FindingListItem, RectificationItem } from './api';
import {
  answerableItems,
  grantsAllow,
  isoDay,
  orderFindings,
  placeDetails,
  unitsAllowing,
  yearFrom,
  yearOptions,
} from './model';

const HUBEI_CHAIN = ['CN', '420000'];
const WUHAN_CHAIN = ['CN', '420000', '420100'];

describe('yearOptions', () => {
  it.each([
    [2026, 2016, [2027, 2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016]],
    [2016, 2016, [2017, 2016]],
    // A clock before the first year still offers the first year.
    [2010, 2016, [2016]],
  ])('offers next year down to the first from %i', (current, first, expected) => {
    expect(yearOptions(current, first)).toEqual(expected);
  });

  it('is always newest first, without gaps, from next year down to the first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2016, max: 2100 }), (current) => {
        const years = yearOptions(current);
        expect(years[0]).toBe(current + 1);
        expect(years.at(-1)).toBe(2016);
        years.slice(1).forEach((year, index) => expect(year).toBe(years[index]! - 1));
      }),
    );
  });
});

describe('yearFrom', () => {
  const years = [2027, 2026, 2025];
  it.each([
    ['2025', 2025],
    [null, 2026],
    ['2024', 2026],
    ['abc', 2026],
    ['2025.5', 2026],
  ])('reads %s as %i', (param, expected) => {
    expect(yearFrom(param, years, 2026)).toBe(expected);
  });
});

describe('grantsAllow', () => {
  it.each([
    [
      'an inspector on the nation writes inspections in Hubei',
      'inspector',
      'CN',
      'inspection:write',
      HUBEI_CHAIN,
      true,
    ],
    [
      'a reporter on Wuhan reports for Wuhan',
      'reporter',
      '420100',
      'task:report',
      WUHAN_CHAIN,
      true,
    ],
    [
      'a reporter on Wuhan does not report for Hubei',
      'reporter',
      '420100',
      'task:report',
      HUBEI_CHAIN,
      false,
    ],
    ['an inspector does not report', 'inspector', 'CN', 'task:report', WUHAN_CHAIN, false],
    [
      'a coordinator on Hubei manages tasks in Wuhan',
      'coordinator',
      '420000',
      'task:manage',
      WUHAN_CHAIN,
      true,
    ],
    ['a viewer does not inspect', 'viewer', 'CN', 'inspection:write', HUBEI_CHAIN, false],
  ] as const)('%s', (_, role, unit, action, chain, expected) => {
    expect(grantsAllow([{ role, orgUnitCode: unit }], action, chain)).toBe(expected);
  });

  it('allows nothing while the chain is unknown', () => {
    expect(grantsAllow([{ role: 'admin', orgUnitCode: 'CN' }], 'task:report', null)).toBe(false);
    expect(grantsAllow([{ role: 'admin', orgUnitCode: 'CN' }], 'task:report', undefined)).toBe(
      false,
    );
  });
});

describe('unitsAllowing', () => {
  it('lists the units of the grants that allow the action, once each, in grant order', () => {
    expect(
      unitsAllowing(
        [
          { role: 'viewer', orgUnitCode: 'CN' },
          { role: 'inspector', orgUnitCode: '420000' },
          { role: 'coordinator', orgUnitCode: '110000' },
          { role: 'admin', orgUnitCode: '420000' },
        ],
        'inspection:write',
      ),
    ).toEqual(['420000', '110000']);
  });
});

function item(id: number, owner: string, dueOn: string, status: 'open' | 'done' = 'open') {
  return {
    id,
    findingId: 0,
    title: `item ${id}`,
    ownerUnit: { code: owner, nameZh: owner, nameEn: null, level: 'prefecture' },
    dueOn,
    status,
    overdue: false,
    doneOn: null,
    doneBy: null,
    note: null,
    evidenceLink: null,
    evidence: [],
  } satisfies RectificationItem;
}

function finding(
  id: number,
  items: RectificationItem[],
  status: 'open' | 'closed' = 'open',
): FindingListItem {
  const unit = { code: '420000', nameZh: '湖北省', nameEn: 'Hubei', level: 'province' };
  return {
    id,
    inspectionId: 1,
    severity: 'major',
    description: `finding ${id}`,
    measure: null,
    taskId: null,
    status,
    closedOn: null,
    closedBy: null,
    closureNote: null,
    createdBy: 'user:1:inspector',
    createdAt: '2026-06-16T00:00:00.000Z',
    rectifications: items.map((i) => ({ ...i, findingId: id })),
    inspection: {
      id: 1,
      planId: 1,
      year: 2026,
      orgUnit: unit,
      inspectingUnit: { ...unit, code: 'CN' },
      scheduledOn: '2026-06-15',
      heldOn: null,
    },
  };
}

describe('answerableItems', () => {
  const findings = [
    finding(1, [item(11, '420100', '2026-12-31'), item(12, '420500', '2026-09-30')]),
    finding(2, [item(21, '420100', '2026-08-31'), item(22, '420100', '2026-07-31', 'done')]),
    finding(3, [item(31, '420100', '2026-01-31')], 'closed'),
  ];

  it("lists the open items of open findings the user's units own, earliest due first", () => {
    const rows = answerableItems(findings, (owner) => owner === '420100');
    expect(rows.map((row) => [row.finding.id, row.item.id])).toEqual([
      [2, 21],
      [1, 11],
    ]);
  });

  it('lists nothing when the user reports for no owner', () => {
    expect(answerableItems(findings, () => false)).toEqual([]);
  });
});

describe('orderFindings', () => {
  it('puts open findings first, the most serious first, then by id', () => {
    const rows = [
      { id: 1, status: 'closed', severity: 'critical' as const },
      { id: 2, status: 'open', severity: 'minor' as const },
      { id: 3, status: 'open', severity: 'critical' as const },
      { id: 4, status: 'open', severity: 'major' as const },
      { id: 5, status: 'open', severity: 'critical' as const },
    ];
    expect(orderFindings(rows).map((row) => row.id)).toEqual([3, 5, 4, 2, 1]);
    expect(rows.map((row) => row.id)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('placeDetails', () => {
  it.each([
    ['a service problem under its field', 'ownerUnit', 'ownerUnit'],
    ['request validation under its field', 'body.dueOn', 'dueOn'],
    ['a nested field under its head', 'measure.path', 'measure'],
  ])('places %s', (_, path, field) => {
    expect(placeDetails([{ path, message: 'wrong' }], ['ownerUnit', 'dueOn', 'measure'])).toEqual({
      fields: [{ name: field, errors: ['wrong'] }],
      rest: [],
    });
  });

  it('keeps what no field takes with the headline and gathers several per field', () => {
    expect(
      placeDetails(
        [
          { path: 'note', message: 'a' },
          { path: 'body', message: 'b' },
          { path: 'note', message: 'c' },
          { path: 'plan', message: 'd' },
        ],
        ['note'],
      ),
    ).toEqual({
      fields: [{ name: 'note', errors: ['a', 'c'] }],
      rest: [
        { path: 'body', message: 'b' },
        { path: 'plan', message: 'd' },
      ],
    });
  });
});

describe('isoDay', () => {
  it('writes the local calendar day with zero padding', () => {
    expect(isoDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(isoDay(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });
});
