/**
 * The inspection workspace's rules, pure: severities and their colours, the
 * years offered, who may act where (for showing buttons; the server decides),
 * the open items a user can answer, and where a server error's details go.
 */
import { actionsOf, type Action, type Role } from '../../../../src/core/access/policy';
import type { FindingListItem, FindingSeverity, RectificationItem, SeverityCounts } from './api';

/** Most serious first: the order of columns, tags and sorting. */
export const SEVERITIES: readonly FindingSeverity[] = ['critical', 'major', 'minor'];

export const SEVERITY_COLORS: Record<FindingSeverity, string> = {
  critical: 'red',
  major: 'orange',
  minor: 'gold',
};

/** The first year offered: the Outline's. */
export const FIRST_YEAR = 2016;

/** The years to choose from, newest first: next year (plans are made ahead) down to FIRST_YEAR. */
export function yearOptions(currentYear: number, first = FIRST_YEAR): number[] {
  const years: number[] = [];
  for (let year = Math.max(currentYear + 1, first); year >= first; year -= 1) years.push(year);
  return years;
}

/** The year in the URL when it is one of `years`, else `fallback`. */
export function yearFrom(param: string | null, years: readonly number[], fallback: number): number {
  const year = Number(param);
  return Number.isInteger(year) && years.includes(year) ? year : fallback;
}

export function openTotal(counts: SeverityCounts): number {
  return counts.critical + counts.major + counts.minor;
}

export interface RoleGrant {
  role: Role;
  orgUnitCode: string;
}

/**
 * Whether one of the grants allows the action on a unit, given the unit's
 * chain from the nation down to itself (a role covers its unit's subtree).
 */
export function grantsAllow(
  grants: readonly RoleGrant[],
  action: Action,
  chain: readonly string[] | null | undefined,
): boolean {
  if (!chain) return false;
  return grants.some(
    (grant) => chain.includes(grant.orgUnitCode) && actionsOf(grant.role).includes(action),
  );
}

/** The units where the grants allow the action (each with its subtree), in grant order, once each. */
export function unitsAllowing(grants: readonly RoleGrant[], action: Action): string[] {
  return [
    ...new Set(
      grants
        .filter((grant) => actionsOf(grant.role).includes(action))
        .map((grant) => grant.orgUnitCode),
    ),
  ];
}

export interface AnswerableItem {
  finding: FindingListItem;
  item: RectificationItem;
}

/**
 * The open rectification items of open findings that the user may mark done
 * (`canReport` says so per owner unit), earliest due first, then by id.
 */
export function answerableItems(
  findings: readonly FindingListItem[],
  canReport: (ownerUnitCode: string) => boolean,
): AnswerableItem[] {
  return findings
    .filter((finding) => finding.status === 'open')
    .flatMap((finding) =>
      finding.rectifications
        .filter((item) => item.status === 'open' && canReport(item.ownerUnit.code))
        .map((item) => ({ finding, item })),
    )
    .sort((a, b) => a.item.dueOn.localeCompare(b.item.dueOn) || a.item.id - b.item.id);
}

/** Open findings first, the most serious first, then in the order they were recorded. */
export function orderFindings<T extends { id: number; status: string; severity: FindingSeverity }>(
  findings: readonly T[],
): T[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.status !== 'open') - Number(b.status !== 'open') ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.id - b.id,
  );
}

export interface PlacedDetails {
  /** Errors by form field. */
  fields: { name: string; errors: string[] }[];
  /** Details no field took: listed above the form. */
  rest: { path: string; message: string }[];
}

/**
 * Places a server error's details under the form's fields. Request
 * validation names `body.field…`, the services name `field…`; anything else
 * (or a field the form lacks) stays with the headline.
 */
export function placeDetails(
  details: readonly { path: string; message: string }[],
  fields: readonly string[],
): PlacedDetails {
  const byField = new Map<string, string[]>();
  const rest: PlacedDetails['rest'] = [];
  for (const detail of details) {
    const parts = detail.path.split(/[.:]/).filter((part) => part !== '');
    if (parts[0] === 'body') parts.shift();
    const head = parts[0];
    if (head !== undefined && fields.includes(head)) {
      byField.set(head, [...(byField.get(head) ?? []), detail.message]);
    } else {
      rest.push({ path: detail.path, message: detail.message });
    }
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), rest };
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function isoDay(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}
