import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readTaskBreakdown } from '../../../formats/task-breakdown.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { startTestApi, type TestApi } from '../../../test-support/http.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { countRows } from '../../../test-support/row-counts.js';
import { TASK_UPLOAD_LIMIT } from './import.routes.js';

const HEADER = 'ref,parent_ref,measure,title,lead_unit,participants,start_on,due_on,milestones';

describeEachStore('task breakdown files through the API', (fixture) => {
  let api: TestApi;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startTestApi(fixture.store, [
      ['hubei-coordinator', 'coordinator', '420000'],
      ['hubei-reporter', 'reporter', '420000'],
      ['wuhan-viewer', 'viewer', '420100'],
    ]);
  });
  afterAll(async () => api.app.close());

  const upload = (user: string, query: string, body: Buffer | string | Uint8Array) =>
    api.app.inject({
      method: 'POST',
      url: `/api/tasks/import?${query}`,
      headers: { ...api.headers[user], 'content-type': 'application/octet-stream' },
      payload: Buffer.from(body),
    });

  it('imports a province’s breakdown: a dry run first, then for real, with the dates it converted', async () => {
    const file = [
      HEADER,
      'H1,,IV.1.3,湖北电子商务进农村,420000,420100,2026/7/1,2027-06-30,2026-12-31 方案',
      'W1,H1,,武汉电子商务进农村,420100,,2026-07-01,2027年6月30日,',
    ].join('\r\n');
    const before = await countRows(fixture.store.db, 'task');
    const dry = await upload(
      'hubei-coordinator',
      'fileName=C:\\Users\\me\\hubei.csv&orgUnit=420000&dryRun=true',
      file,
    );
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      file: 'hubei.csv',
      format: 'csv',
      dryRun: true,
      rows: 2,
      created: 0,
      tasks: [
        { ref: 'H1', id: null, line: 2 },
        { ref: 'W1', id: null, line: 3 },
      ],
    });
    expect(await countRows(fixture.store.db, 'task')).toBe(before);

    const done = await upload('hubei-coordinator', 'fileName=hubei.csv&orgUnit=420000', file);
    expect(done.statusCode).toBe(200);
    const report = done.json<{ created: number; conversions: { line: number; to: string }[] }>();
    expect(report.created).toBe(2);
    expect(report.conversions.map((conversion) => [conversion.line, conversion.to])).toEqual([
      [2, '2026-07-01'],
      [3, '2027-06-30'],
    ]);
    expect(await countRows(fixture.store.db, 'task')).toBe(before + 2);
  });

  it('answers 400 with every problem at its file, line and column, and writes nothing', async () => {
    const before = await countRows(fixture.store.db, 'task');
    const response = await upload(
      'hubei-coordinator',
      'fileName=bad.csv&orgUnit=420000',
      [`${HEADER},owner`, 'B1,,IV.1.3,Broadband,420000,,2026-07-01,2027-06-30,,x'].join('\n'),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json<{ details: { path: string }[] }>().details).toEqual([
      { path: 'bad.csv:1:10', message: expect.stringContaining('owner: unknown column "owner"') },
    ]);
    const dates = await upload(
      'hubei-coordinator',
      'fileName=bad.csv&orgUnit=420000',
      [
        HEADER,
        'B1,,IV.1.3,Broadband,420000,,2026-07-01,2026-06-30,',
        'B2,B1,,Sub,420100,,2026-07-01,2026-06-31,',
      ].join('\n'),
    );
    expect(dates.statusCode).toBe(400);
    expect(dates.json()).toMatchObject({
      error: 'invalid_input',
      message: 'bad.csv: 3 problems; nothing was imported',
      details: [
        {
          path: 'bad.csv:2:8',
          message: 'due_on: the due date 2026-06-30 is before the start date 2026-07-01',
        },
        // A sub-task of a row that cannot be created says so.
        {
          path: 'bad.csv:3:2',
          message: 'parent_ref: row "B1" cannot be created (see its problems)',
        },
        {
          path: 'bad.csv:3:8',
          message: 'due_on: "2026-06-31" is not a date: there is no 2026-06-31',
        },
      ],
    });
    expect(await countRows(fixture.store.db, 'task')).toBe(before);
  });

  it('refuses a row led outside the caller’s scope (403), and callers without task:manage', async () => {
    const before = await countRows(fixture.store.db, 'task');
    const file = [HEADER, 'X1,,IV.1.3,湖南电子商务,430000,,2026-07-01,2027-06-30,'].join('\n');
    const outside = await upload('hubei-coordinator', 'fileName=x.csv&orgUnit=420000', file);
    expect(outside.statusCode).toBe(403);
    expect(outside.json<{ message: string }>().message).toContain('430000');
    const reporter = await upload('hubei-reporter', 'fileName=x.csv&orgUnit=420000', file);
    expect(reporter.statusCode).toBe(403);
    const nationwide = await upload('hubei-coordinator', 'fileName=x.csv', file);
    expect(nationwide.statusCode).toBe(403);
    expect(await countRows(fixture.store.db, 'task')).toBe(before);
  });

  it('imports a workbook, and refuses a body over the limit (413)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Tasks');
    sheet.addRow(['ref', 'measure', 'title', 'lead_unit', 'start_on', 'due_on']);
    sheet.addRow(['K1', 'IV.1.3', '孝感电子商务', '420900', '2026-07-01', '2027-06-30']);
    const response = await upload(
      'hubei-coordinator',
      'fileName=tasks.xlsx&orgUnit=420000',
      new Uint8Array(await book.xlsx.writeBuffer()),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ format: 'xlsx', created: 1 });
    const large = await upload(
      'hubei-coordinator',
      'fileName=large.csv&orgUnit=420000',
      Buffer.alloc(TASK_UPLOAD_LIMIT + 1, 0x61),
    );
    expect(large.statusCode).toBe(413);
  });

  it('exports what the caller sees under a unit, in the layout the import reads', async () => {
    const response = await api.call('wuhan-viewer', 'GET', '/api/tasks/export?unit=420100');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="tasks-.*\.csv"$/,
    );
    const file = await readTaskBreakdown(response.rawPayload);
    expect(file.problems).toEqual([]);
    expect(file.rows.map((row) => row.task.title).sort()).toEqual([
      '武汉电子商务进农村',
      '示例：武汉市5G基站和千兆光网覆盖',
    ]);
    const xlsx = await api.call(
      'wuhan-viewer',
      'GET',
      '/api/tasks/export?unit=420100&format=xlsx&lang=zh',
    );
    expect(xlsx.statusCode).toBe(200);
    expect((await readTaskBreakdown(xlsx.rawPayload)).rows).toHaveLength(2);
    // Nationwide needs a nationwide reader.
    expect((await api.call('wuhan-viewer', 'GET', '/api/tasks/export')).statusCode).toBe(403);
  });
});
