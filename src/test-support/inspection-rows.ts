/**
 * Inspections and findings written straight into the tables, the way the
 * inspection service keeps them, for the evaluation and report tests.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** A national inspection plan for the year of `heldOn` and the inspection of `unit` held that day. */
export async function insertInspection(
  db: Kysely<Database>,
  unit: string,
  heldOn: string,
): Promise<number> {
  const plan = await db
    .insertInto('inspectionPlan')
    .values({
      year: Number(heldOn.slice(0, 4)),
      title: `Inspection of ${unit}`,
      orgUnitCode: 'CN',
      description: '',
      createdBy: 'test',
      createdAt: `${heldOn}T00:00:00.000Z`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const inspection = await db
    .insertInto('inspection')
    .values({
      inspectionPlanId: plan.id,
      orgUnitCode: unit,
      scheduledOn: heldOn,
      heldOn,
      inspectors: '[]',
      summary: '',
      createdBy: 'test',
      createdAt: `${heldOn}T00:00:00.000Z`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inspection.id;
}

/** A finding of the inspection, open unless `closedOn` is given. */
export async function insertFinding(
  db: Kysely<Database>,
  inspectionId: number,
  severity: 'minor' | 'major' | 'critical',
  createdOn: string,
  closedOn: string | null = null,
): Promise<number> {
  const finding = await db
    .insertInto('inspectionFinding')
    .values({
      inspectionId,
      severity,
      description: `${severity} finding`,
      planNodeId: null,
      taskId: null,
      status: closedOn === null ? 'open' : 'closed',
      closedOn,
      closedBy: closedOn === null ? null : 'test',
      closureNote: null,
      createdBy: 'test',
      createdAt: `${createdOn}T00:00:00.000Z`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return finding.id;
}
