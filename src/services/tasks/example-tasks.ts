/**
 * The example task breakdown shipped with the demo data
 * (data/tasks/nids-2016.example-tasks.csv): nine tasks under two measures of
 * the Outline, broadband (III.2.3) and integrated online public services
 * (IV.2.6), led by the nation and central departments and broken down to two
 * provinces and a prefecture. Every one is marked is_example, its title starts
 * with "示例：" and its description with "Example only, not real work".
 * Loaded through the same importer as any breakdown file, so the shipped file
 * is checked like a user's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Tx } from '../../db/connect.js';
import type { Actor } from '../audit.service.js';
import { NATION_CODE } from '../../core/org-units.js';
import { dataFiles } from '../data-files.js';
import { importBreakdownIn } from './task-import.service.js';
import { TaskService } from './task.service.js';

export const EXAMPLE_TASKS_FILE = path.join(dataFiles.root, 'tasks', 'nids-2016.example-tasks.csv');

/** Loads the example breakdown in the caller's transaction; returns how many tasks it made. */
export async function loadExampleTasksIn(trx: Tx, actor: Actor): Promise<number> {
  const report = await importBreakdownIn(
    trx,
    // Creating tasks writes no evidence files: the directory is never used.
    (db) => new TaskService(db, { filesDir: os.tmpdir() }),
    fs.readFileSync(EXAMPLE_TASKS_FILE),
    path.relative(process.cwd(), EXAMPLE_TASKS_FILE) || EXAMPLE_TASKS_FILE,
    // The store's own loader: an administrator of the whole tree, like the command line's operator.
    {
      kind: 'user',
      userId: 0,
      username: actor.name,
      via: 'session',
      grants: [{ role: 'admin', orgUnitCode: NATION_CODE, orgUnitPath: `/${NATION_CODE}/` }],
    },
    actor,
    { isExample: true },
  );
  return report.created;
}
