import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeValuesWorkbook } from '../../../formats/xlsx.js';
import { AccessService } from '../../../services/access.service.js';
import { createServices } from '../../../services/container.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { auditHead, auditSince, countDataValues } from '../../../test-support/access.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { buildApp } from '../../app.js';

const PASSWORD = 'uploads through the API 2016';
/** 湖北省统计局 in GBK. */
const GBK_COMMENT = Buffer.from([
  0xba, 0xfe, 0xb1, 0xb1, 0xca, 0xa1, 0xcd, 0xb3, 0xbc, 0xc6, 0xbe, 0xd6,
]);

describeEachStore('imports through the API', (fixture) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    const access = new AccessService(db);
    await access.createUser(
      null,
      {
        username: 'hubei-uploader',
        displayName: 'Hubei uploader',
        password: PASSWORD,
        roles: [{ role: 'reporter', orgUnitCode: '420000' }],
      },
      { name: 'system:test', ip: null },
    );
    const { secret, session } = await access.signIn('hubei-uploader', PASSWORD, {
      ip: null,
      userAgent: null,
    });
    headers = { cookie: `planwatch_session=${secret}`, 'x-csrf-token': session.csrfToken };
    app = await buildApp({
      context: { services: createServices(fixture.store), store: fixture.store, version: 'test' },
      logLevel: 'silent',
      webRoot: null,
    });
  });
  afterAll(async () => app.close());

  const upload = (
    query: string,
    body: Buffer | string,
    type = 'application/octet-stream',
    auth = true,
  ) =>
    app.inject({
      method: 'POST',
      url: `/api/imports?${query}`,
      headers: { ...(auth ? headers : {}), 'content-type': type },
      payload: body,
    });

  it('imports an uploaded GBK file all or nothing: dry run, import, the same file again', async () => {
    const file = Buffer.concat([
      Buffer.from('indicator,org_unit,period,value,comment\r\nusers_5g,420100,2024,"1,234.5",'),
      GBK_COMMENT,
      Buffer.from('\r\nusers_5g,420200,2024,-,\r\n'),
    ]);
    const before = await countDataValues(fixture.store.db);
    const dry = await upload('fileName=hubei.csv&orgUnit=420000&dryRun=true', file, 'text/csv');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      file: 'hubei.csv',
      encoding: 'gb18030',
      layout: 'planwatch-csv',
      dryRun: true,
      rows: 2,
      created: 1,
      missing: 1,
    });
    expect(await countDataValues(fixture.store.db)).toBe(before);

    const head = await auditHead(fixture.store.db);
    const done = await upload('fileName=hubei.csv&orgUnit=420000', file);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ dryRun: false, created: 1, updated: 0, unchanged: 0 });
    expect(await countDataValues(fixture.store.db)).toBe(before + 1);
    const [entry] = await auditSince(fixture.store.db, head);
    expect(entry).toMatchObject({ action: 'data.import', entityType: 'file' });
    expect(entry!.actor).toMatch(/hubei-uploader/);
    expect(JSON.parse(entry!.afterJson!)).toMatchObject({ file: 'hubei.csv', created: 1 });

    const again = await upload('fileName=hubei.csv&orgUnit=420000', file);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await auditHead(fixture.store.db)).toBe(head + 1);
  });

  it('answers 400 with every problem of the file, each with line and column, and writes nothing', async () => {
    const before = await countDataValues(fixture.store.db);
    const response = await upload(
      'fileName=bad.csv&orgUnit=420000',
      'indicator,org_unit,period,value\nusers_5g,430000,2024,1\nusers_5g,420100,2024Q9,1\nusers_5g,420100,2023,1.2.3\n',
    );
    expect(response.statusCode).toBe(400);
    const body = response.json<{ message: string; details: { path: string; message: string }[] }>();
    expect(body.message).toBe('bad.csv: 3 problems; nothing was imported');
    expect(body.details.map((detail) => detail.path)).toEqual([
      'bad.csv:2:2',
      'bad.csv:3:3',
      'bad.csv:4:4',
    ]);
    expect(body.details[0]!.message).toContain('430000 is outside 420000');
    expect(await countDataValues(fixture.store.db)).toBe(before);
  });

  it('takes an Excel workbook by its content type', async () => {
    const workbook = await writeValuesWorkbook(
      [
        {
          indicator: 'users_5g',
          orgUnit: '420100',
          period: '2019',
          disaggregation: '',
          value: 0.12,
          comment: null,
          source: 'bureau',
        },
      ],
      { language: 'zh', title: '湖北 2019' },
    );
    const response = await upload(
      'fileName=hubei-2019.xlsx&orgUnit=420000&dryRun=true',
      workbook,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      layout: 'planwatch-xlsx',
      encoding: 'xlsx',
      created: 1,
    });
  });

  it('asks the policy for the unit the upload is for', async () => {
    const file = 'indicator,org_unit,period,value\nusers_5g,420100,2024,1\n';
    expect((await upload('fileName=a.csv&orgUnit=430000', file)).statusCode).toBe(403);
    // Without a unit the upload is nationwide, which a provincial reporter may not do.
    expect((await upload('fileName=a.csv', file)).statusCode).toBe(403);
    expect(
      (await upload('fileName=a.csv&orgUnit=420000', file, 'application/octet-stream', false))
        .statusCode,
    ).toBe(401);
  });

  it('imports JSON values through the same engine, naming values[i].field in problems', async () => {
    const values = [
      { indicator: 'users_5g', orgUnit: '420500', period: '2024', value: 0.5 },
      { indicator: 'users_5g', orgUnit: '420600', period: '2024', value: '1,2' },
      { indicator: 'nope', orgUnit: '420600', period: '2024', value: 1 },
      { indicator: 'users_5g', orgUnit: '420500', period: '2024', value: '0.6' },
    ];
    const refused = await app.inject({
      method: 'POST',
      url: '/api/data-values/import',
      headers,
      payload: { orgUnit: '420000', values },
    });
    expect(refused.statusCode).toBe(400);
    expect(
      refused.json<{ details: { path: string }[] }>().details.map((detail) => detail.path),
    ).toEqual(['values[1].value', 'values[2].indicator', 'values[3].period']);
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/data-values/import',
      headers,
      payload: { orgUnit: '420000', values: [values[0]], dryRun: false },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ encoding: 'json', layout: 'json', created: 1 });
    const again = await app.inject({
      method: 'POST',
      url: '/api/data-values/import',
      headers,
      payload: { orgUnit: '420000', values: [values[0]] },
    });
    expect(again.json()).toMatchObject({ created: 0, unchanged: 1 });
  });
});
