/**
 * The units a unit's figures count towards: its ancestors on the org-unit
 * path ("/CN/420000/420100/"), nearest last. Central departments report
 * national figures of their own sector: they add up within the departments'
 * branch but never into the nation's total, which is the sum of its regions.
 */
import { DEPARTMENTS_CODE } from '../org-units.js';

export function aggregateAncestors(path: string): string[] {
  const codes = path.split('/').filter((code) => code !== '');
  const ancestors = codes.slice(0, -1);
  const departments = ancestors.indexOf(DEPARTMENTS_CODE);
  return departments >= 0 ? ancestors.slice(departments) : ancestors;
}
