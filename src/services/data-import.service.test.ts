import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../core/access/policy.js';
import { runCli } from '../test-support/cli.js';
import { describeEachStore } from '../test-support/stores.js';
import { CatalogueService, OPERATOR } from './catalogue.service.js';
import { DataImportService, ImportRefusedError } from './data-import.service.js';
import { writeValuesWorkbook } from '../formats/xlsx.js';
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

describeEachStore('import checks against the store, at scale', (fixture) => {
  let imports: DataImportService;
  const db = () => fixture.store.db;
  const refusal = async (attempt: Promise<unknown>) => {
    const error = await attempt.then(
      () => {
        throw new Error('expected the import to be refused');
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ImportRefusedError);
    return error as ImportRefusedError;
  };

  beforeAll(async () => {
    await ensureDefaults(db());
    imports = new DataImportService(db());
    const now = new Date().toISOString();
    // A published entry on the entry basis, a data set with bounds, and a submitted form locking Hubei 2023.
    await db()
      .insertInto('dataValue')
      .values({
        indicatorCode: 'internet_users',
        orgUnitCode: '420000',
        period: '2021',
        periodType: 'year',
        periodEnd: '2021-12-31',
        value: 0.4,
        basis: '',
        sourceKey: null,
        confidence: null,
        publishedValue: '0.4',
        publishedUnit: null,
        createdBy: 'system:test',
        createdAt: now,
        status: 'published',
        comment: null,
      })
      .execute();
    const { id } = await db()
      .insertInto('dataSet')
      .values({
        code: 'PROVINCIAL_ANNUAL',
        nameEn: 'Provincial annual report',
        nameZh: '省级年报',
        periodType: 'year',
        opensAfterDays: 0,
        closesAfterDays: 90,
        approvalLevels: '[]',
        createdAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('dataSetIndicator')
      .values([
        {
          dataSetId: id,
          indicatorCode: 'internet_users',
          sortOrder: 1,
          required: 1,
          minValue: 0,
          maxValue: 2,
          outlierThreshold: null,
        },
        {
          dataSetId: id,
          indicatorCode: 'users_5g',
          sortOrder: 2,
          required: 0,
          minValue: null,
          maxValue: null,
          outlierThreshold: null,
        },
      ])
      .execute();
    await db()
      .insertInto('dataSetOrgUnit')
      .values({ dataSetId: id, orgUnitCode: '420000' })
      .execute();
    await db()
      .insertInto('submission')
      .values({
        dataSetId: id,
        orgUnitCode: '420000',
        period: '2023',
        state: 'submitted',
        approvedLevels: 0,
        firstSubmittedAt: now,
        submittedAt: now,
        submittedBy: 'user:7:hubei',
        updatedAt: now,
        updatedBy: 'user:7:hubei',
        reason: null,
        version: 1,
      })
      .execute();
    await db()
      .insertInto('category')
      .values({ code: 'ZONE', nameEn: 'Zone', nameZh: '区域' })
      .execute();
    await db()
      .insertInto('categoryOption')
      .values([
        { categoryCode: 'ZONE', code: 'URBAN', nameEn: 'Urban', nameZh: '城镇', sortOrder: 1 },
        { categoryCode: 'ZONE', code: 'RURAL', nameEn: 'Rural', nameZh: '乡村', sortOrder: 2 },
      ])
      .execute();
    await db()
      .insertInto('indicatorCategory')
      .values({ indicatorCode: 'base_stations_5g', categoryCode: 'ZONE', position: 1 })
      .execute();
  });

  it('refuses published, locked and out-of-range values and bad disaggregations, naming data set and bounds', async () => {
    const file = utf8(
      [
        'indicator,org_unit,period,disaggregation,value',
        'internet_users,420000,2021,,0.5',
        'users_5g,420000,2023,,1',
        'internet_users,420000,2022,,3.5',
        'base_stations_5g,420000,2022,zone=urban,10',
        'base_stations_5g,420000,2022,ZONE=CITY,10',
        'base_stations_5g,420000,2022,ZONE=URBAN,11',
        'users_5g,420000,2022,ZONE=URBAN,1',
      ].join('\n'),
    );
    const error = await refusal(
      imports.importCsv(file, 'checks.csv', OPERATOR, actor, { dryRun: true }),
    );
    expect(
      error.problems.map((problem) => [problem.line, problem.column, problem.message]),
    ).toEqual([
      [
        2,
        5,
        'value: internet_users 420000 2021 is published; published values are not overwritten',
      ],
      [3, 5, 'value: users_5g 420000 2023 is locked: submitted in data set PROVINCIAL_ANNUAL'],
      [
        4,
        5,
        'value: internet_users 420000 2022: 3.5 is out of range: data set PROVINCIAL_ANNUAL takes internet_users between 0 and 2',
      ],
      [6, 4, 'disaggregation: ZONE has no option CITY; expected URBAN, RURAL'],
      [7, 3, 'period: base_stations_5g 420000 2022 ZONE=URBAN is given on line 5 already'],
      [8, 4, 'disaggregation: "ZONE=URBAN": this indicator has no disaggregation; leave it empty'],
    ]);
  });

  it('stores a disaggregated value under its canonical key, with comment and source', async () => {
    const file = utf8(
      'INDICATOR,Org_Unit,period,disaggregation,value,comment,source\nbase_stations_5g,420000,2022,zone = rural,12,checked,bureau yearbook\n',
    );
    expect(
      await imports.importCsv(file, 'parts.csv', OPERATOR, actor, { dryRun: false }),
    ).toMatchObject({
      created: 1,
    });
    const stored = await db()
      .selectFrom('dataValue')
      .select(['disaggregation', 'value', 'comment', 'sourceNote', 'publishedValue'])
      .where('indicatorCode', '=', 'base_stations_5g')
      .where('orgUnitCode', '=', '420000')
      .where('period', '=', '2022')
      .execute();
    expect(stored).toEqual([
      {
        disaggregation: 'ZONE=RURAL',
        value: 12,
        comment: 'checked',
        sourceNote: 'bureau yearbook',
        publishedValue: '12',
      },
    ]);
  });

  it('gives every new value its own first revision, also for a file of new values only', async () => {
    const lines = ['indicator,org_unit,period,value,comment,source'];
    for (let month = 1; month <= 12; month += 1)
      for (const unit of ['420100', '420200', '420300'])
        lines.push(
          `users_5g,${unit},2019${String(month).padStart(2, '0')},${month}.${unit.slice(3, 4)},c${month},s${unit}`,
        );
    // Out of key order in the file: revisions must follow the values, not the lines.
    const file = utf8([lines[0], ...lines.slice(1).reverse()].join('\n'));
    expect(
      await imports.importCsv(file, 'months.csv', OPERATOR, actor, { dryRun: false }),
    ).toMatchObject({
      created: 36,
    });
    const rows = await db()
      .selectFrom('dataValue as d')
      .innerJoin('dataValueRevision as r', 'r.dataValueId', 'd.id')
      .select([
        'd.value',
        'd.comment',
        'd.sourceNote',
        'r.value as rValue',
        'r.comment as rComment',
        'r.sourceNote as rSource',
        'r.version',
        'r.reason',
      ])
      .where('d.indicatorCode', '=', 'users_5g')
      .where('d.period', 'like', '2019%')
      .execute();
    expect(rows).toHaveLength(36);
    for (const row of rows) {
      expect([row.rValue, row.rComment, row.rSource, row.version]).toEqual([
        row.value,
        row.comment,
        row.sourceNote,
        1,
      ]);
      expect(row.reason).toMatch(/^import of months\.csv \(sha256 [0-9a-f]{12}\)$/);
    }
  });

  it('refuses a column it does not know, instead of dropping it', async () => {
    const file = utf8('indicator,org_unit,period,value,unit\nusers_5g,420000,2022,1,万户\n');
    const error = await refusal(
      imports.importCsv(file, 'extra.csv', OPERATOR, actor, { dryRun: true }),
    );
    expect(error.problems).toEqual([
      expect.objectContaining({
        line: 1,
        column: 5,
        message: expect.stringContaining('unknown column "unit"'),
      }),
    ]);
  });

  it('reads SDMX-CSV by its header', async () => {
    const file = utf8(
      'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\ndataflow,PLANWATCH:DF_NIDS(1.0),I,users_5g,420000,2021,0.25\n',
    );
    expect(
      await imports.importCsv(file, 'sdmx.csv', OPERATOR, actor, { dryRun: true }),
    ).toMatchObject({
      layout: 'sdmx-csv',
      created: 1,
    });
  });

  it('reads an Excel workbook, naming sheet, row and column in problems', async () => {
    const row = {
      indicator: 'users_5g',
      orgUnit: '420000',
      period: '2020',
      disaggregation: '',
      value: 0.3,
      comment: null,
      source: null,
    };
    const options = { language: 'en' as const, title: 'Hubei 2020' };
    const good = await writeValuesWorkbook([row], options);
    expect(
      await imports.importCsv(good, 'hubei.xlsx', OPERATOR, actor, { dryRun: true }),
    ).toMatchObject({ layout: 'planwatch-xlsx', encoding: 'xlsx', rows: 1, created: 1 });
    const bad = await writeValuesWorkbook([row, { ...row, orgUnit: '999999' }], options);
    const error = await refusal(
      imports.importCsv(bad, 'upload.bin', OPERATOR, actor, { dryRun: true }),
    );
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: 'upload.bin#Data',
        line: expect.any(Number),
        column: expect.any(Number),
        message: 'org_unit: no org unit has code "999999"',
      }),
    ]);
  });

  it('prints the problems as JSON with --json, and exits 1', async () => {
    const dir = fixture.location.dataDir;
    const env = { PLANWATCH_DATA: dir, DATABASE_URL: fixture.location.databaseUrl ?? undefined };
    const bad = path.join(dir, 'bad-json.csv');
    fs.writeFileSync(
      bad,
      'indicator,org_unit,period,value\nusers_5g,420000,2024,abc\nnope,420000,2024,1\n',
    );
    const refused = await runCli(['data', 'import', bad, '--json'], env);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      error: `${bad}: 2 problems; nothing was imported`,
      total: 2,
      unlisted: 0,
      problems: [
        expect.objectContaining({ path: bad, line: 2, column: 4 }),
        expect.objectContaining({ path: bad, line: 3, column: 1 }),
      ],
    });
    expect(refused.stderr).toContain(`${bad}:3:1: indicator: no indicator has code "nope"`);
  });

  it('reports all of 10,000 bad rows in one answer, in file order', async () => {
    const lines = ['indicator,org_unit,period,value'];
    for (let i = 0; i < 10_000; i += 1)
      lines.push(`users_5g,420000,${1900 + (i % 1000)}Q${5 + (i % 3)},1`);
    const error = await refusal(
      imports.importCsv(utf8(lines.join('\n')), 'many.csv', OPERATOR, actor, { dryRun: false }),
    );
    expect(error.message).toBe('many.csv: 10000 problems; nothing was imported');
    expect(error.total).toBe(10_000);
    expect(error.unlisted).toBe(0);
    expect(error.problems.map((problem) => problem.line)).toEqual(
      lines.slice(1).map((_, i) => i + 2),
    );
    expect(error.problems.every((problem) => problem.message.startsWith('period: '))).toBe(true);
  });

  it('lists the first problems up to the cap and says how many more there are', async () => {
    const lines = ['indicator,org_unit,period,value'];
    for (let i = 0; i < 1000; i += 1)
      lines.push(`users_5g,4200${String(i).padStart(2, '0')},2022,x`);
    const error = await refusal(
      imports.importCsv(utf8(lines.join('\n')), 'capped.csv', OPERATOR, actor, {
        dryRun: true,
        problemCap: 100,
      }),
    );
    expect(error.total).toBeGreaterThan(1000);
    expect(error.problems).toHaveLength(101);
    expect(error.problems[0]!.line).toBe(2);
    expect(error.problems[99]!.line).toBeLessThanOrEqual(101);
    expect(error.problems[100]!.message).toBe(
      `and ${error.total - 100} more problems not listed here (the first 100 are)`,
    );
  });

  it('streams a file of several megabytes and names the line of a bad byte near its end', async () => {
    const dir = fixture.location.dataDir;
    const file = path.join(dir, 'late-bad-byte.csv');
    const rows: string[] = [];
    for (const indicator of [
      'users_5g',
      'internet_users',
      'base_stations_4g',
      'internet_penetration',
    ])
      for (const unit of ['420000', '420100'])
        for (let month = 0; month < 13_200; month += 1) {
          const period = `${1900 + Math.floor(month / 12)}${String((month % 12) + 1).padStart(2, '0')}`;
          // Chinese comments early: the file is UTF-8 from its first non-ASCII character on.
          rows.push(
            `${indicator},${unit},${period},${month % 997},${rows.length < 300 ? '说明' : ''}\n`,
          );
        }
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(
          `indicator,org_unit,period,value,comment\n${rows.join('')}users_5g,420000,2999,1,`,
        ),
        Buffer.from([0xff]),
        Buffer.from('\n'),
      ]),
    );
    expect(fs.statSync(file).size).toBeGreaterThan(3_000_000);
    const error = await refusal(imports.importFile(file, OPERATOR, actor, { dryRun: true }));
    expect(error.problems.map((problem) => [problem.line, problem.message])).toEqual([
      [
        rows.length + 2,
        expect.stringMatching(
          /^byte \d+: not UTF-8 \(the text before it is UTF-8, so the file is read as UTF-8\)$/,
        ),
      ],
    ]);
  });
});
