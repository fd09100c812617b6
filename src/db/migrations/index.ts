/**
 * Every migration, in order. Append-only: a new change is a new file listed
 * at the end; a released migration is never edited (a test guards the schema).
 */
import type { Migration } from 'kysely';
import * as initial from './2026-11-26T2100-initial.js';
import * as access from './2026-11-26T2200-access.js';
import * as valueRevisions from './2026-11-26T2300-value-revisions.js';
import * as reporting from './2026-11-27T0000-reporting.js';
import * as analytics from './2026-11-27T0200-analytics.js';
import * as tasks from './2026-11-27T0600-tasks.js';
import * as evaluation from './2026-11-27T0800-evaluation.js';
import * as evaluationUnranked from './2026-11-27T1000-evaluation-unranked.js';
import * as releases from './2026-11-27T1200-releases.js';
import * as revisionNotes from './2026-11-27T1400-revision-notes.js';

export const migrations: Record<string, Migration> = {
  '2026-11-26T2100-initial': initial,
  '2026-11-26T2200-access': access,
  '2026-11-26T2300-value-revisions': valueRevisions,
  '2026-11-27T0000-reporting': reporting,
  '2026-11-27T0200-analytics': analytics,
  '2026-11-27T0600-tasks': tasks,
  '2026-11-27T0800-evaluation': evaluation,
  '2026-11-27T1000-evaluation-unranked': evaluationUnranked,
  '2026-11-27T1200-releases': releases,
  '2026-11-27T1400-revision-notes': revisionNotes,
};
