/**
 * The path of a delay: the nation assigns a task to a province, the province
 * breaks it down to a prefecture, the prefecture reports a delay with a PDF;
 * the status, the file on disk, the warning and its escalation to the
 * province, once. Then reviews, downloads and every refused upload.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TaskDetail, TaskUpdate } from '../../../api/tasks-contract.js';
import { describeEachStore } from '../../../test-support/stores.js';
import {
  filesUnder,
  GIGABIT_TASK,
  minimalPdf,
  multipart,
  startTaskApi,
  TASK_PEOPLE,
  taskCounts,
  windowsExecutable,
  type TaskTestApi,
} from './task-test-api.js';

describeEachStore('task updates with evidence over HTTP', (fixture) => {
  let api: TaskTestApi;
  let nationalTask: TaskDetail;
  let prefectureTask: TaskDetail;
  let url: string;

  beforeAll(async () => {
    api = await startTaskApi(
      fixture.store,
      [
        ...TASK_PEOPLE,
        ['hubei-reviewer', 'reviewer', '420000'],
        ['wuhan-admin', 'admin', '420100'],
      ],
      '2026-01-10',
    );
    const created = await api.call('nation', 'POST', '/api/tasks', {
      ...GIGABIT_TASK,
      indicators: ['internet_users'],
    });
    expect(created.statusCode, created.body).toBe(201);
    nationalTask = created.json<TaskDetail>();
    const broken = await api.call('hubei', 'POST', '/api/tasks', {
      parentTaskId: nationalTask.id,
      title: 'Gigabit in Wuhan',
      leadUnit: '420100',
      startOn: '2026-02-01',
      dueOn: '2026-09-30',
      milestones: [{ title: 'Core network tendered', dueOn: '2026-04-30' }],
    });
    expect(broken.statusCode, broken.body).toBe(201);
    prefectureTask = broken.json<TaskDetail>();
    url = `/api/tasks/${prefectureTask.id}/updates`;
  });
  afterAll(async () => api.close());

  const notifications = (stage: string) =>
    fixture.store.db
      .selectFrom('notification')
      .innerJoin('userAccount', 'userAccount.id', 'notification.userId')
      .select(['userAccount.username', 'notification.warningId', 'notification.subject'])
      .where('notification.stage', '=', stage)
      .orderBy('notification.id')
      .execute();

  it('breaks a national task down to the prefecture, which takes the parent’s measure', () => {
    expect(nationalTask).toMatchObject({
      measure: { path: 'III.2.3' },
      leadUnit: { code: '420000' },
      assignedBy: { code: 'CN' },
      status: 'not_started',
      indicators: ['internet_users'],
    });
    expect(prefectureTask).toMatchObject({
      measure: { path: 'III.2.3' },
      parentTaskId: nationalTask.id,
      leadUnit: { code: '420100' },
      assignedBy: { code: '420000' },
    });
  });

  it('takes a delayed update with a PDF: status, file on disk, warning escalated to the province once', async () => {
    api.setToday('2026-03-02');
    const pdf = minimalPdf('site survey');
    const posted = await api.upload(
      'wuhan',
      url,
      multipart(
        {
          status: 'delayed',
          percentComplete: 30,
          narrative: 'Tender re-run',
          reason: 'The first tender drew no valid bids',
        },
        [{ fileName: '勘察报告.pdf', content: pdf, contentType: 'application/pdf' }],
      ),
    );
    expect(posted.statusCode, posted.body).toBe(201);
    const update = posted.json<TaskUpdate>();
    expect(update).toMatchObject({
      status: 'delayed',
      percentComplete: 30,
      reason: 'The first tender drew no valid bids',
      reportedOn: '2026-03-02',
      reviewState: 'pending',
    });
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(update.evidence).toEqual([
      expect.objectContaining({
        fileName: '勘察报告.pdf',
        mediaType: 'application/pdf',
        sizeBytes: pdf.length,
        sha256,
      }),
    ]);
    const [row] = await fixture.store.db.selectFrom('attachment').selectAll().execute();
    expect(row!.storageKey).toMatch(new RegExp(`^${sha256.slice(0, 2)}/[0-9a-f-]{36}$`));
    const onDisk = fs.readFileSync(path.join(api.filesDir, row!.storageKey));
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(sha256);
    expect(filesUnder(api.filesDir)).toEqual([row!.storageKey]);

    const detail = (
      await api.call('wuhan', 'GET', `/api/tasks/${prefectureTask.id}`)
    ).json<TaskDetail>();
    expect(detail).toMatchObject({
      status: 'delayed',
      percentComplete: 30,
      lastUpdateOn: '2026-03-02',
      version: prefectureTask.version + 1,
      openWarnings: 1,
    });
    expect(detail.updates.map((u) => u.id)).toEqual([update.id]);
    expect(detail.warnings).toEqual([
      expect.objectContaining({
        kind: 'reported_delay',
        orgUnitCode: '420100',
        escalationUnitCode: '420000',
        raisedOn: '2026-03-02',
        escalatedOn: '2026-03-02',
        resolvedOn: null,
      }),
    ]);
    expect(detail.warnings[0]!.message).toContain('The first tender drew no valid bids');
    const escalations = await notifications('escalation');
    expect(escalations.map((n) => n.username)).toEqual(['hubei']);
    expect(escalations[0]!.warningId).toBe(detail.warnings[0]!.id);
    // The prefecture's own people hear of the warning; the assigning unit of the update.
    expect((await notifications('warning')).map((n) => n.username).sort()).toEqual([
      'wuhan',
      'wuhan-admin',
    ]);
    expect((await notifications('update_posted')).map((n) => n.username).sort()).toEqual([
      'hubei',
      'hubei-reviewer',
    ]);
  });

  it('lets the people who see the task download the evidence, with its name and type', async () => {
    const detail = (
      await api.call('hubei', 'GET', `/api/tasks/${prefectureTask.id}`)
    ).json<TaskDetail>();
    const file = detail.updates[0]!.evidence[0]!;
    for (const user of ['wuhan', 'hubei', 'nation']) {
      const download = await api.call(user, 'GET', file.href);
      expect(download.statusCode, user).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('勘察报告.pdf')}`,
      );
      expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(file.sha256);
    }
    const outsider = await api.call('hunan', 'GET', file.href);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.body).not.toContain('勘察报告');
    expect((await api.call(null, 'GET', file.href)).statusCode).toBe(401);
    expect((await api.call('hunan', 'GET', `/api/tasks/${prefectureTask.id}`)).statusCode).toBe(
      404,
    );
  });

  it('lets a reviewer of the province accept or query, with a note for a query; nobody reviews their own', async () => {
    const own = await api.call('wuhan-admin', 'POST', url, {
      status: 'on_track',
      percentComplete: 35,
      narrative: 'Second tender published',
    });
    expect(own.statusCode, own.body).toBe(201);
    const ownId = own.json<TaskUpdate>().id;
    const selfReview = await api.call('wuhan-admin', 'POST', `/api/task-updates/${ownId}/review`, {
      decision: 'accept',
    });
    expect(selfReview.statusCode).toBe(403);
    expect(selfReview.json<{ message: string }>().message).toMatch(/someone else reviews it/);

    const reporterReview = await api.call('wuhan', 'POST', `/api/task-updates/${ownId}/review`, {
      decision: 'accept',
    });
    expect(reporterReview.statusCode).toBe(403);

    const noNote = await api.call('hubei-reviewer', 'POST', `/api/task-updates/${ownId}/review`, {
      decision: 'query',
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json<{ details: { path: string }[] }>().details[0]!.path).toBe('note');

    const queried = await api.call('hubei-reviewer', 'POST', `/api/task-updates/${ownId}/review`, {
      decision: 'query',
      note: 'Attach the tender notice',
    });
    expect(queried.statusCode, queried.body).toBe(200);
    expect(queried.json<TaskUpdate>()).toMatchObject({
      reviewState: 'queried',
      reviewNote: 'Attach the tender notice',
      reviewedBy: expect.stringContaining('hubei-reviewer'),
    });
    const accepted = await api.call('hubei', 'POST', `/api/task-updates/${ownId}/review`, {
      decision: 'accept',
    });
    expect(accepted.json<TaskUpdate>().reviewState).toBe('accepted');
    const reviewed = await notifications('update_reviewed');
    expect(reviewed.length).toBe(4); // two reviews, told to wuhan and wuhan-admin each
    expect(new Set(reviewed.map((n) => n.username))).toEqual(new Set(['wuhan', 'wuhan-admin']));
    // The on-track update closed nothing but "no update"; the reported delay stays open.
    const detail = (
      await api.call('wuhan', 'GET', `/api/tasks/${prefectureTask.id}`)
    ).json<TaskDetail>();
    expect(detail.openWarnings).toBe(1);
  });

  it('refuses bad updates naming the field, and writes nothing', async () => {
    const before = await taskCounts(fixture.store);
    const cases: [object, string, RegExp][] = [
      [{ status: 'delayed', percentComplete: 40 }, 'reason', /needs a reason/],
      [{ status: 'at_risk', percentComplete: 40, reason: '  ' }, 'reason', /needs a reason/],
      [{ status: 'done', percentComplete: 80 }, 'percentComplete', /100% complete, not 80%/],
      [
        { status: 'on_track', percentComplete: 40, reportedOn: '2026-03-03' },
        'reportedOn',
        /in the future/,
      ],
      [
        { status: 'on_track', percentComplete: 40, reportedOn: '2026-02-30' },
        'reportedOn',
        /not a date/,
      ],
    ];
    for (const [body, field, message] of cases) {
      for (const send of ['json', 'multipart'] as const) {
        const response =
          send === 'json'
            ? await api.call('wuhan', 'POST', url, body)
            : await api.upload(
                'wuhan',
                url,
                multipart(body, [{ fileName: 'a.pdf', content: minimalPdf() }]),
              );
        expect(response.statusCode, `${send} ${JSON.stringify(body)}`).toBe(400);
        const error = response.json<{ details: { path: string; message: string }[] }>();
        expect(error.details.map((d) => d.path)).toContain(field);
        expect(error.details.map((d) => d.message).join(' ')).toMatch(message);
      }
    }
    expect(await taskCounts(fixture.store)).toEqual(before);
    expect(filesUnder(api.filesDir)).toHaveLength(1);
  });

  it('refuses files by their content, size and number, naming the file; nothing is written or left on disk', async () => {
    const before = await taskCounts(fixture.store);
    const filesBefore = filesUnder(api.filesDir);
    const update = { status: 'on_track', percentComplete: 50 };
    const cases: [string, Parameters<typeof multipart>[1], number, RegExp][] = [
      [
        'an .exe renamed .pdf',
        [{ fileName: 'minutes.pdf', content: windowsExecutable() }],
        400,
        /minutes\.pdf is a application\/x-msdownload file/,
      ],
      [
        'an HTML page named .png',
        [
          {
            fileName: 'photo.png',
            content: '<!DOCTYPE html><html><script>alert(1)</script></html>',
            contentType: 'image/png',
          },
        ],
        400,
        /photo\.png holds HTML/,
      ],
      [
        'a PDF named .png',
        [{ fileName: 'scan.png', content: minimalPdf() }],
        400,
        /scan\.png is named \.png but its content is PDF/,
      ],
      [
        'text that is not UTF-8',
        [{ fileName: 'notes.txt', content: Buffer.from([0x4e, 0xc3, 0x28, 0x41]) }],
        400,
        /notes\.txt is neither/,
      ],
      ['an empty file', [{ fileName: 'empty.txt', content: '' }], 400, /empty\.txt is empty/],
      [
        'a file over the limit per file',
        [{ fileName: 'big.txt', content: 'x'.repeat(65 * 1024) }],
        413,
        /big\.txt is larger than 64 KiB, the limit per file/,
      ],
      [
        'files over the limit together',
        [
          { fileName: 'one.txt', content: 'a'.repeat(60 * 1024) },
          { fileName: 'two.txt', content: 'b'.repeat(60 * 1024) },
        ],
        413,
        /two\.txt takes the upload beyond 100 KiB/,
      ],
      [
        'too many files',
        [1, 2, 3, 4].map((n) => ({ fileName: `n${n}.txt`, content: `note ${n}` })),
        413,
        /at most 3 per update \(n4\.txt/,
      ],
      [
        'a good file then a bad one',
        [
          { fileName: 'good.pdf', content: minimalPdf() },
          { fileName: 'bad.pdf', content: windowsExecutable() },
        ],
        400,
        /bad\.pdf/,
      ],
      [
        'a file in the wrong field',
        [{ field: 'file', fileName: 'good.pdf', content: minimalPdf() }],
        400,
        /field "evidence"/,
      ],
    ];
    for (const [name, files, status, message] of cases) {
      const response = await api.upload('wuhan', url, multipart(update, files));
      expect(response.statusCode, `${name}: ${response.body}`).toBe(status);
      expect(response.json<{ message: string }>().message, name).toMatch(message);
      expect(filesUnder(api.filesDir), name).toEqual(filesBefore);
    }
    const notJson = await api.upload('wuhan', url, multipart('{status', []));
    expect(notJson.statusCode).toBe(400);
    expect(await taskCounts(fixture.store)).toEqual(before);
  });

  it('takes text, CSV and Office files by content; a done update closes every warning', async () => {
    api.setToday('2026-09-01');
    const posted = await api.upload(
      'wuhan',
      url,
      multipart({ status: 'done', percentComplete: 100, narrative: 'Live' }, [
        { fileName: 'acceptance.csv', content: '站点,速率\n武汉,1000\n' },
        { fileName: 'README', content: 'plain text, no extension' },
      ]),
    );
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json<TaskUpdate>().evidence.map((file) => file.mediaType)).toEqual([
      'text/csv',
      'text/plain',
    ]);
    const csv = await api.call('hubei', 'GET', posted.json<TaskUpdate>().evidence[0]!.href);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe('站点,速率\n武汉,1000\n');
    const detail = (
      await api.call('wuhan', 'GET', `/api/tasks/${prefectureTask.id}`)
    ).json<TaskDetail>();
    expect(detail).toMatchObject({ status: 'done', doneOn: '2026-09-01', openWarnings: 0 });
    expect(detail.warnings.every((warning) => warning.resolvedOn === '2026-09-01')).toBe(true);
    // Still exactly one escalation: nothing was raised or escalated twice.
    expect(await notifications('escalation')).toHaveLength(1);
  });

  it('refuses reporters outside the task and units with no report role', async () => {
    const before = await taskCounts(fixture.store);
    const body = { status: 'on_track', percentComplete: 10 };
    expect((await api.call('hunan', 'POST', url, body)).statusCode).toBe(403);
    expect((await api.call('hubei-reviewer', 'POST', url, body)).statusCode).toBe(403);
    expect((await api.call(null, 'POST', url, body)).statusCode).toBe(401);
    expect((await api.call('wuhan', 'POST', '/api/tasks/999999/updates', body)).statusCode).toBe(
      403,
    );
    expect(await taskCounts(fixture.store)).toEqual(before);
  });
});
