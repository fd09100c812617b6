import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkHeldOn,
  checkRectificationDue,
  checkScheduledOn,
  FINDING_SEVERITIES,
  inspectionDay,
  isOverdue,
  itemsBlockingClosure,
  tallyByUnit,
  type InspectedFinding,
  type RectificationState,
} from './inspection-rules.js';

const shown = (problems: { field: string; message: string }[]) =>
  problems.map((problem) => `${problem.field}: ${problem.message}`);

describe('checkScheduledOn', () => {
  it.each<[string, number, string[]]>([
    ['2026-03-15', 2026, []],
    ['2026-01-01', 2026, []],
    ['2026-12-31', 2026, []],
    ['2025-12-31', 2026, ["scheduledOn: 2025-12-31 is outside the plan's year 2026"]],
    ['2027-01-01', 2026, ["scheduledOn: 2027-01-01 is outside the plan's year 2026"]],
    ['2026-02-30', 2026, ['scheduledOn: "2026-02-30" is not a date (YYYY-MM-DD)']],
    ['next week', 2026, ['scheduledOn: "next week" is not a date (YYYY-MM-DD)']],
  ])('%s in a plan of %i', (scheduledOn, year, expected) => {
    expect(shown(checkScheduledOn(scheduledOn, year))).toEqual(expected);
  });
});

describe('checkHeldOn', () => {
  const today = '2026-06-10';
  it.each<[string, string[]]>([
    ['2026-06-10', []],
    ['2026-01-01', []],
    ['2026-06-11', ['heldOn: 2026-06-11 is in the future (today is 2026-06-10)']],
    ['2025-12-31', ["heldOn: 2025-12-31 is before the plan's year 2026"]],
    ['2026-13-01', ['heldOn: "2026-13-01" is not a date (YYYY-MM-DD)']],
  ])('%s', (heldOn, expected) => {
    expect(shown(checkHeldOn(heldOn, 2026, today))).toEqual(expected);
  });
});

describe('checkRectificationDue', () => {
  it.each<[string, string, string[]]>([
    ['2026-09-30', '2026-06-10', []],
    ['2026-06-10', '2026-06-10', []],
    ['2026-06-09', '2026-06-10', ['dueOn: 2026-06-09 is before the inspection day 2026-06-10']],
    ['2026-04-31', '2026-06-10', ['dueOn: "2026-04-31" is not a date (YYYY-MM-DD)']],
  ])('due %s after an inspection on %s', (dueOn, day, expected) => {
    expect(shown(checkRectificationDue(dueOn, day))).toEqual(expected);
  });

  it('counts from the day held, else the day scheduled', () => {
    expect(inspectionDay({ scheduledOn: '2026-05-01', heldOn: '2026-05-20' })).toBe('2026-05-20');
    expect(inspectionDay({ scheduledOn: '2026-05-01', heldOn: null })).toBe('2026-05-01');
  });
});

describe('closure and overdue items', () => {
  const items: RectificationState[] = [
    { id: 1, title: 'a', status: 'done', dueOn: '2026-01-10' },
    { id: 2, title: 'b', status: 'open', dueOn: '2026-07-01' },
    { id: 3, title: 'c', status: 'open', dueOn: '2026-06-09' },
  ];
  it('names every open item as blocking closure', () => {
    expect(itemsBlockingClosure(items).map((item) => item.id)).toEqual([2, 3]);
    expect(itemsBlockingClosure(items.slice(0, 1))).toEqual([]);
    expect(itemsBlockingClosure([])).toEqual([]);
  });
  it.each<[number, string, boolean]>([
    [1, '2026-06-10', false], // done, even though past due
    [2, '2026-06-10', false], // not yet due
    [2, '2026-07-01', false], // due today is not overdue
    [2, '2026-07-02', true],
    [3, '2026-06-10', true],
  ])('item %i on %s overdue: %s', (id, today, expected) => {
    expect(
      isOverdue(
        items.find((item) => item.id === id)!,
        today,
      ),
    ).toBe(expected);
  });
});

describe('tallyByUnit', () => {
  it('counts open findings by severity and open and overdue items per inspected unit', () => {
    const findings: InspectedFinding[] = [
      {
        unitCode: '420000',
        severity: 'critical',
        status: 'open',
        items: [
          { id: 1, title: 'x', status: 'open', dueOn: '2026-06-01' },
          { id: 2, title: 'y', status: 'done', dueOn: '2026-05-01' },
        ],
      },
      { unitCode: '420000', severity: 'minor', status: 'closed', items: [] },
      {
        unitCode: '430000',
        severity: 'minor',
        status: 'open',
        items: [{ id: 3, title: 'z', status: 'open', dueOn: '2026-12-01' }],
      },
    ];
    expect(
      tallyByUnit(
        [{ unitCode: '420000' }, { unitCode: '430000' }, { unitCode: '440000' }],
        findings,
        '2026-06-10',
      ),
    ).toEqual([
      {
        unitCode: '420000',
        inspections: 1,
        openFindings: { minor: 0, major: 0, critical: 1 },
        openFindingTotal: 1,
        openRectifications: 1,
        overdueRectifications: 1,
      },
      {
        unitCode: '430000',
        inspections: 1,
        openFindings: { minor: 1, major: 0, critical: 0 },
        openFindingTotal: 1,
        openRectifications: 1,
        overdueRectifications: 0,
      },
      {
        unitCode: '440000',
        inspections: 1,
        openFindings: { minor: 0, major: 0, critical: 0 },
        openFindingTotal: 0,
        openRectifications: 0,
        overdueRectifications: 0,
      },
    ]);
  });

  const item = fc.record({
    id: fc.nat(),
    title: fc.string(),
    status: fc.constantFrom('open' as const, 'done' as const),
    dueOn: fc.constantFrom('2026-01-01', '2026-06-10', '2026-12-31'),
  });
  const finding = fc.record({
    unitCode: fc.constantFrom('A', 'B', 'C'),
    severity: fc.constantFrom(...FINDING_SEVERITIES),
    status: fc.constantFrom('open' as const, 'closed' as const),
    items: fc.array(item, { maxLength: 4 }),
  });

  it('keeps every open finding and item once, and overdue within open (property)', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 20 }), (findings) => {
        const tallies = tallyByUnit([], findings, '2026-06-10');
        const sum = (pick: (t: (typeof tallies)[number]) => number) =>
          tallies.reduce((total, tally) => total + pick(tally), 0);
        const open = findings.filter((f) => f.status === 'open');
        const openItems = findings.flatMap((f) => f.items).filter((i) => i.status === 'open');
        expect(sum((t) => t.openFindingTotal)).toBe(open.length);
        expect(sum((t) => t.openRectifications)).toBe(openItems.length);
        expect(sum((t) => t.overdueRectifications)).toBe(
          openItems.filter((i) => i.dueOn < '2026-06-10').length,
        );
        for (const tally of tallies) {
          expect(
            tally.openFindings.minor + tally.openFindings.major + tally.openFindings.critical,
          ).toBe(tally.openFindingTotal);
          expect(tally.overdueRectifications).toBeLessThanOrEqual(tally.openRectifications);
        }
        expect(new Set(tallies.map((t) => t.unitCode)).size).toBe(tallies.length);
      }),
    );
  });
});
