/**
 * The rules of annual inspections, before anything is written: dates that
 * are real and in order, closure only when every rectification item is done,
 * and the per-unit tally the annual evaluation reads. Each problem names its
 * field. Pure.
 */
export const FINDING_SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof FINDING_SEVERITIES)[number];

export interface FieldProblem {
  field: string;
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function notADate(field: string, text: string): FieldProblem {
  return { field, message: `"${text}" is not a date (YYYY-MM-DD)` };
}

/** An inspection of a year's plan is scheduled within that year. */
export function checkScheduledOn(scheduledOn: string, planYear: number): FieldProblem[] {
  if (!isIsoDate(scheduledOn)) return [notADate('scheduledOn', scheduledOn)];
  if (Number(scheduledOn.slice(0, 4)) !== planYear) {
    return [
      {
        field: 'scheduledOn',
        message: `${scheduledOn} is outside the plan's year ${planYear}`,
      },
    ];
  }
  return [];
}

/** An inspection is held no earlier than its plan's year begins, and not in the future. */
export function checkHeldOn(heldOn: string, planYear: number, today: string): FieldProblem[] {
  if (!isIsoDate(heldOn)) return [notADate('heldOn', heldOn)];
  if (heldOn < `${planYear}-01-01`) {
    return [{ field: 'heldOn', message: `${heldOn} is before the plan's year ${planYear}` }];
  }
  if (heldOn > today) {
    return [{ field: 'heldOn', message: `${heldOn} is in the future (today is ${today})` }];
  }
  return [];
}

/** The day an inspection took place, or is to: what its findings date from. */
export function inspectionDay(inspection: { scheduledOn: string; heldOn: string | null }): string {
  return inspection.heldOn ?? inspection.scheduledOn;
}

/** A rectification item falls due on or after the day of the inspection that found it. */
export function checkRectificationDue(dueOn: string, day: string): FieldProblem[] {
  if (!isIsoDate(dueOn)) return [notADate('dueOn', dueOn)];
  if (dueOn < day) {
    return [{ field: 'dueOn', message: `${dueOn} is before the inspection day ${day}` }];
  }
  return [];
}

export interface RectificationState {
  id: number;
  title: string;
  status: 'open' | 'done';
  dueOn: string;
}

/** Open and past its due day. */
export function isOverdue(item: RectificationState, today: string): boolean {
  return item.status === 'open' && item.dueOn < today;
}

/** The items that keep a finding from closing: every one still open. */
export function itemsBlockingClosure<T extends RectificationState>(items: readonly T[]): T[] {
  return items.filter((item) => item.status === 'open');
}

export interface InspectedFinding {
  /** The inspected unit. */
  unitCode: string;
  severity: Severity;
  status: 'open' | 'closed';
  items: readonly RectificationState[];
}

export interface UnitTally {
  unitCode: string;
  inspections: number;
  openFindings: Record<Severity, number>;
  openFindingTotal: number;
  openRectifications: number;
  overdueRectifications: number;
}

/**
 * Per inspected unit: its inspections, its open findings by severity, and
 * the rectification items still open and overdue (by `today`). Units are
 * given in the order of `inspections`, each once.
 */
export function tallyByUnit(
  inspections: readonly { unitCode: string }[],
  findings: readonly InspectedFinding[],
  today: string,
): UnitTally[] {
  const tallies = new Map<string, UnitTally>();
  const tallyOf = (unitCode: string): UnitTally => {
    let tally = tallies.get(unitCode);
    if (!tally) {
      tally = {
        unitCode,
        inspections: 0,
        openFindings: { minor: 0, major: 0, critical: 0 },
        openFindingTotal: 0,
        openRectifications: 0,
        overdueRectifications: 0,
      };
      tallies.set(unitCode, tally);
    }
    return tally;
  };
  for (const inspection of inspections) tallyOf(inspection.unitCode).inspections += 1;
  for (const finding of findings) {
    const tally = tallyOf(finding.unitCode);
    if (finding.status === 'open') {
      tally.openFindings[finding.severity] += 1;
      tally.openFindingTotal += 1;
    }
    for (const item of finding.items) {
      if (item.status !== 'open') continue;
      tally.openRectifications += 1;
      if (isOverdue(item, today)) tally.overdueRectifications += 1;
    }
  }
  return [...tallies.values()];
}
