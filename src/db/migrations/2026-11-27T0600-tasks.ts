import type { Kysely } from 'kysely';
import { withIdColumn } from './support.js';

/**
 * From measures to work done: tasks under a plan's measures (assigned down
 * the unit tree, with milestones, participants and the indicators they should
 * move), progress updates with evidence files, early warnings with their
 * notifications and deliveries (inbox, email, webhooks), scheduled jobs
 * claimed once per day, inspections with findings and rectification items.
 * Users gain an e-mail address for notices.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user_account').addColumn('email', 'text').execute();

  await withIdColumn(db, db.schema.createTable('task'))
    // The measure the task implements; sub-tasks carry their parent's measure.
    .addColumn('plan_node_id', 'integer', (col) => col.notNull().references('plan_node.id'))
    .addColumn('parent_task_id', 'integer', (col) => col.references('task.id'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('lead_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    // The unit that assigned the task and supervises it: escalations go there.
    .addColumn('assigned_by_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('start_on', 'text', (col) => col.notNull())
    .addColumn('due_on', 'text', (col) => col.notNull())
    // JSON array of the expected deliverables, as text.
    .addColumn('deliverables', 'text', (col) => col.notNull())
    // The latest update's status and figures (not_started until the first update).
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('percent_complete', 'double precision', (col) => col.notNull())
    .addColumn('last_update_on', 'text')
    .addColumn('done_on', 'text')
    // 1 for the example breakdown shipped in the demo data (shown as an example).
    .addColumn('is_example', 'integer', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('task_plan_node').on('task').column('plan_node_id').execute();
  await db.schema.createIndex('task_parent').on('task').column('parent_task_id').execute();
  await db.schema
    .createIndex('task_lead_unit')
    .on('task')
    .columns(['lead_unit_code', 'due_on'])
    .execute();
  await db.schema.createIndex('task_due').on('task').columns(['due_on']).execute();

  await db.schema
    .createTable('task_participant')
    .addColumn('task_id', 'integer', (col) => col.notNull().references('task.id'))
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addPrimaryKeyConstraint('task_participant_pk', ['task_id', 'org_unit_code'])
    .execute();
  await db.schema
    .createIndex('task_participant_unit')
    .on('task_participant')
    .column('org_unit_code')
    .execute();
  await db.schema
    .createTable('task_indicator')
    .addColumn('task_id', 'integer', (col) => col.notNull().references('task.id'))
    .addColumn('indicator_code', 'text', (col) => col.notNull().references('indicator.code'))
    .addPrimaryKeyConstraint('task_indicator_pk', ['task_id', 'indicator_code'])
    .execute();
  await withIdColumn(db, db.schema.createTable('task_milestone'))
    .addColumn('task_id', 'integer', (col) => col.notNull().references('task.id'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('due_on', 'text', (col) => col.notNull())
    .addColumn('done_on', 'text')
    .addColumn('sort_order', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('task_milestone_task')
    .on('task_milestone')
    .columns(['task_id', 'sort_order'])
    .execute();

  await withIdColumn(db, db.schema.createTable('task_update'))
    .addColumn('task_id', 'integer', (col) => col.notNull().references('task.id'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('percent_complete', 'double precision', (col) => col.notNull())
    .addColumn('narrative', 'text', (col) => col.notNull())
    // Why the task is at risk or delayed (required for those statuses).
    .addColumn('reason', 'text')
    .addColumn('reported_on', 'text', (col) => col.notNull())
    .addColumn('posted_by', 'text', (col) => col.notNull())
    .addColumn('posted_at', 'text', (col) => col.notNull())
    // pending, accepted or queried by a reviewer.
    .addColumn('review_state', 'text', (col) => col.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .execute();
  await db.schema
    .createIndex('task_update_task')
    .on('task_update')
    .columns(['task_id', 'posted_at'])
    .execute();

  // Files kept on disk (or shared storage) under the data directory; the row keeps their checksum.
  await withIdColumn(db, db.schema.createTable('attachment'))
    // What the file is evidence for: task_update, rectification_item, inspection_finding.
    .addColumn('owner_type', 'text', (col) => col.notNull())
    .addColumn('owner_id', 'integer', (col) => col.notNull())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    // Where the bytes are, relative to the attachment directory.
    .addColumn('storage_key', 'text', (col) => col.notNull().unique())
    .addColumn('uploaded_by', 'text', (col) => col.notNull())
    .addColumn('uploaded_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('attachment_owner')
    .on('attachment')
    .columns(['owner_type', 'owner_id'])
    .execute();

  // One row per occurrence of a warning condition; its key makes sending it twice impossible.
  await withIdColumn(db, db.schema.createTable('warning'))
    .addColumn('key', 'text', (col) => col.notNull().unique())
    // overdue, milestone_due_soon, milestone_overdue, no_update, reported_delay, indicator_off_track
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('task_id', 'integer', (col) => col.references('task.id'))
    .addColumn('indicator_code', 'text', (col) => col.references('indicator.code'))
    .addColumn('milestone', 'text')
    // The unit whose people are told first, and the unit an escalation goes to.
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('escalation_unit_code', 'text', (col) => col.references('org_unit.code'))
    .addColumn('since', 'text', (col) => col.notNull())
    .addColumn('raised_on', 'text', (col) => col.notNull())
    .addColumn('escalated_on', 'text')
    .addColumn('resolved_on', 'text')
    .addColumn('message', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('warning_open')
    .on('warning')
    .columns(['resolved_on', 'task_id'])
    .execute();

  // The in-app inbox: one row per person told; (user, warning, stage) is unique, so once.
  await withIdColumn(db, db.schema.createTable('notification'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('user_account.id'))
    .addColumn('warning_id', 'integer', (col) => col.references('warning.id'))
    // warning, escalation, update_posted, update_reviewed, task_assigned, finding, ...
    .addColumn('stage', 'text', (col) => col.notNull())
    .addColumn('dedupe_key', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    // The app path it concerns ("/tasks/12").
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('read_at', 'text')
    // The day's digest e-mail that carried it; null until sent.
    .addColumn('emailed_in', 'integer')
    .addUniqueConstraint('notification_once', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('notification_user')
    .on('notification')
    .columns(['user_id', 'created_at'])
    .execute();

  // Webhook subscriptions: events of warnings about units within org_unit_code's subtree.
  await withIdColumn(db, db.schema.createTable('webhook'))
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('url', 'text', (col) => col.notNull())
    // HMAC-SHA256 key for the X-Planwatch-Signature header.
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  // Outgoing messages (digest e-mails, webhook calls): written in the transaction that
  // decided them, sent after, retried with back-off; the key makes each one once.
  await withIdColumn(db, db.schema.createTable('outbox'))
    .addColumn('key', 'text', (col) => col.notNull().unique())
    .addColumn('channel', 'text', (col) => col.notNull())
    // An e-mail address or a URL.
    .addColumn('destination', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();

  // A scheduled job's run for one day, claimed by exactly one instance.
  await db.schema
    .createTable('job_run')
    .addColumn('job', 'text', (col) => col.notNull())
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('instance', 'text', (col) => col.notNull())
    .addColumn('started_at', 'text', (col) => col.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('summary', 'text')
    .addPrimaryKeyConstraint('job_run_pk', ['job', 'day'])
    .execute();

  await withIdColumn(db, db.schema.createTable('inspection_plan'))
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    // The inspecting unit; its subtree is what it may inspect.
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await withIdColumn(db, db.schema.createTable('inspection'))
    .addColumn('inspection_plan_id', 'integer', (col) =>
      col.notNull().references('inspection_plan.id'),
    )
    // The inspected unit.
    .addColumn('org_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('scheduled_on', 'text', (col) => col.notNull())
    .addColumn('held_on', 'text')
    .addColumn('inspectors', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_unit')
    .on('inspection')
    .columns(['org_unit_code', 'scheduled_on'])
    .execute();
  await withIdColumn(db, db.schema.createTable('inspection_finding'))
    .addColumn('inspection_id', 'integer', (col) => col.notNull().references('inspection.id'))
    // minor, major, critical
    .addColumn('severity', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('plan_node_id', 'integer', (col) => col.references('plan_node.id'))
    .addColumn('task_id', 'integer', (col) => col.references('task.id'))
    // open or closed; closed only when every rectification item is done.
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('closure_note', 'text')
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_finding_inspection')
    .on('inspection_finding')
    .column('inspection_id')
    .execute();
  await withIdColumn(db, db.schema.createTable('rectification_item'))
    .addColumn('finding_id', 'integer', (col) => col.notNull().references('inspection_finding.id'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('owner_unit_code', 'text', (col) => col.notNull().references('org_unit.code'))
    .addColumn('due_on', 'text', (col) => col.notNull())
    // open or done
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('done_on', 'text')
    .addColumn('done_by', 'text')
    .addColumn('note', 'text')
    // A link to evidence kept elsewhere (files are attachments).
    .addColumn('evidence_link', 'text')
    .execute();
  await db.schema
    .createIndex('rectification_item_finding')
    .on('rectification_item')
    .column('finding_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'rectification_item',
    'inspection_finding',
    'inspection',
    'inspection_plan',
    'job_run',
    'outbox',
    'webhook',
    'notification',
    'warning',
    'attachment',
    'task_update',
    'task_milestone',
    'task_indicator',
    'task_participant',
    'task',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('user_account').dropColumn('email').execute();
}
