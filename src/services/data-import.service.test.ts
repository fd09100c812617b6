import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../core/access/policy.js';
import { runCli } from '../test-support/cli.js';
import { describeEachStore } from '../test-support/stores.js';
import { CatalogueService, OPERATOR } from './catalogue.service.js';
import { DataImportService } from './data-import.service.js';
import { ensureDefaults } from './defaults.service.js';
import { InputError } from './errors.js';

const hubeiReporter: Principal = {
  kind: 'user',
  userId: 7,
  username: 'hubei',
  via: 'session',
  grants: [{ role: 'reporter', orgUnitCode: '420000', orgUnitPath: '/CN/420000/' }],
};
const actor = { name: 'user:7:hubei', ip: null };
const utf8 = (text: string) => new TextEncoder().encode(text);
/** 湖北省统计局 in GBK, as older office software saves it. */
const HUBEI_BUREAU_GBK = Uint8Array.from([
  0xba, 0xfe, 0xb1, 0xb1, 0xca, 0xa1, 0xcd, 0xb3, 0xbc, 0xc6, 0xbe, 0xd6,
]);

function gbkCsv(): Uint8Array {
  const parts = [
    utf8('indicator,org_unit,period,value,comment\r\n'),
    utf8('internet_penetration,420100,2023,"71.2",'),
    HUBEI_BUREAU_GBK,
    utf8('\r\ninternet_users,420000,2023,0.55,'),
    HUBEI_BUREAU_GBK,
    utf8('\r\nbase_stations_5g,420000,2023,"1,234.5",\r\nbase_stations_4g,420000,2023,-,\r\n'),
  ];
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

describeEachStore('CSV import of values', (fixture) => {
  let imports: DataImportService;
  let catalogue: CatalogueService;
  const count = async () => (await catalogue.listDataValues({ limit: 10_000 }, OPERATOR)).length;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    imports = new DataImportService(fixture.store.db);
    catalogue = new CatalogueService(fixture.store.db);
  });

  it('reads a GBK file, full-width digits, grouping and missing cells; a dry run writes nothing', async () => {
    expect(new TextDecoder('gbk').decode(HUBEI_BUREAU_GBK)).toBe('湖北省统计局');
    const before = await count();
    const dry = await imports.importCsv(gbkCsv(), 'hubei-2023.csv', hubeiReporter, actor, {
      dryRun: true,
    });
    expect(dry).toMatchObject({
      encoding: 'gb18030',
      rows: 4,
      created: 3,
      updated: 0,
      unchanged: 0,
      missing: 1,
      dryRun: true,
    });
    expect(await count()).toBe(before);

    const report = await imports.importCsv(gbkCsv(), 'hubei-2023.csv', hubeiReporter, actor, {
      dryRun: false,
    });
    expect(report).toMatchObject({ created: 3, missing: 1 });
    const values = await catalogue.listDataValues(
      { orgUnit: '420000', period: '2023' },
      hubeiReporter,
    );
    expect(
      values.map((value) => [value.indicatorCode, value.value, value.comment, value.status]),
    ).toEqual([
      ['base_stations_5g', 1234.5, null, 'draft'],
      ['internet_users', 0.55, '湖北省统计局', 'draft'],
    ]);
  });

  it('changes nothing when the same file comes again', async () => {
    const again = await imports.importCsv(gbkCsv(), 'hubei-2023.csv', hubeiReporter, actor, {
      dryRun: false,
    });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('records a changed value as a revision naming the file', async () => {
    // Full-width digits, as typed with a Chinese input method.
    const file = utf8(
      'indicator,org_unit,period,value\ninternet_penetration,420100,2023,７１．４\n',
    );
    expect(
      await imports.importCsv(file, 'fix.csv', hubeiReporter, actor, { dryRun: false }),
    ).toMatchObject({ updated: 1 });
    const history = await catalogue.valueHistory(
      { indicator: 'internet_penetration', orgUnit: '420100', period: '2023', basis: '' },
      hubeiReporter,
    );
    expect(history.map((revision) => [revision.version, revision.value])).toEqual([
      [1, 71.2],
      [2, 71.4],
    ]);
    expect(history[1]!.reason).toMatch(/^import of fix\.csv \(sha256 [0-9a-f]{12}\)$/);
  });

  it('reports every problem of the file at once, with line and column, and imports nothing', async () => {
    const before = await count();
    const file = utf8(
      [
        'indicator,org_unit,period,value',
        'internet_users,420000,2022,0.5',
        'no_such_indicator,420000,2022,1',
        'internet_users,420000,2022Q5,1',
        'internet_users,420000,2021,"1.234,5"',
        'internet_users,430000,2022,0.6',
        'internet_users,420000,2022,0.7',
        'china_asean_information_port,420000,2022,1',
        'internet_users,999999,2022,=A1',
      ].join('\n'),
    );
    const attempt = imports.importCsv(file, 'bad.csv', hubeiReporter, actor, { dryRun: false });
    await expect(attempt).rejects.toThrow('bad.csv: 8 problems; nothing was imported');
    const error = (await attempt.catch((caught: unknown) => caught)) as InputError;
    expect(
      error.problems.map((problem) => [
        problem.line,
        problem.column,
        problem.message.split(':')[0],
      ]),
    ).toEqual([
      [3, 1, 'indicator'],
      [4, 3, 'period'],
      [5, 4, 'value'],
      [6, 2, 'org_unit'],
      [7, 3, 'period'],
      [8, 1, 'indicator'],
      [9, 2, 'org_unit'],
      [9, 4, 'value'],
    ]);
    expect(error.problems[3]!.message).toContain('hubei may not enter data on unit 430000');
    expect(error.problems[4]!.message).toContain('given on line 2 already');
    expect(await count()).toBe(before);
  });

  it('keeps an entered value apart from the published figure of the same period', async () => {
    const file = utf8('indicator,org_unit,period,value\ninternet_users,CN,2015,7\n');
    expect(
      await imports.importCsv(file, 'national.csv', OPERATOR, actor, { dryRun: false }),
    ).toMatchObject({ created: 1 });
    const values = await catalogue.listDataValues(
      { indicator: 'internet_users', orgUnit: 'CN', period: '2015' },
      OPERATOR,
    );
    expect(values.map((value) => [value.value, value.basis, value.status])).toEqual([
      [7, '', 'draft'],
      [6.88, 'CNNIC survey (year end)', 'published'],
    ]);
  });

  it('is a CLI command with a non-zero exit naming file, line and column', async () => {
    const dir = fixture.location.dataDir;
    const env = { PLANWATCH_DATA: dir, DATABASE_URL: fixture.location.databaseUrl ?? undefined };
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, 'indicator,org_unit,period,value\nusers_5g,420000,2024,0.42\n');
    const ok = await runCli(['data', 'import', good], env);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain(
      '(utf-8, 1 rows): 1 new, 0 changed, 0 unchanged, 0 without a value',
    );
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'indicator,org_unit,period,value\nusers_5g,420000,2024,abc\n');
    const refused = await runCli(['data', 'import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:2:4: value: "abc"`);
  });
});
