/**
 * The example local plan shipped in data/plans/examples/: a provincial plan
 * written for Planwatch (not any province's real plan), imported and aligned
 * to the Outline in one transaction, so the alignment matrix has something to show.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PlanAlignment } from '../../api/alignment-contract.js';
import type { Db, Tx } from '../../db/connect.js';
import type { Actor } from '../audit.service.js';
import { dataFiles } from '../data-files.js';
import { InputError } from '../errors.js';
import { importLocalPlanIn, setAlignmentsIn } from './alignment.service.js';

export const EXAMPLE_LOCAL_PLAN_FILE = path.join(
  dataFiles.root,
  'plans',
  'examples',
  'province-informatization-plan.example.json',
);

const exampleSchema = z.object({
  code: z.string(),
  ownerUnit: z.string(),
  alignsTo: z.string(),
  title: z.string(),
  textFile: z.string(),
  links: z.array(z.object({ node: z.string(), measure: z.string().nullable() })).min(1),
});

/** Imports the example and its links; a second load is refused (the plan code is taken). */
export async function loadExampleLocalPlan(
  db: Db,
  actor: Actor,
  file = EXAMPLE_LOCAL_PLAN_FILE,
): Promise<PlanAlignment> {
  const parsed = exampleSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new InputError(
      `${file} does not describe an example plan`,
      parsed.error.issues.map((issue) => ({
        path: [file, ...issue.path].join('.'),
        message: issue.message,
      })),
    );
  const example = parsed.data;
  const textFile = path.join(path.dirname(file), example.textFile);
  const text = fs.readFileSync(textFile, 'utf8');
  // Inside a caller's transaction (the defaults of a new store) it joins that one.
  const inTransaction = <T>(run: (trx: Tx) => Promise<T>): Promise<T> =>
    db.isTransaction ? run(db as Tx) : db.transaction().execute(run);
  return inTransaction(async (trx) => {
    await importLocalPlanIn(
      trx,
      {
        code: example.code,
        ownerUnit: example.ownerUnit,
        alignsTo: example.alignsTo,
        title: example.title,
        text,
        source: `Example written for Planwatch, not a real plan (${path.relative(dataFiles.root, textFile)})`,
        fileName: path.relative(process.cwd(), textFile) || textFile,
      },
      actor,
    );
    return setAlignmentsIn(trx, example.code, { links: example.links }, actor);
  });
}
