import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { describeEachStore } from '../test-support/stores.js';
import { OPERATOR } from './catalogue.service.js';
import { DataExportService, EXPORT_FORMATS } from './data-export.service.js';
import { DataImportService } from './data-import.service.js';
import { ensureDefaults } from './defaults.service.js';
import { InputError } from './errors.js';
import { ReportingService } from './reporting/reporting.service.js';
import { rejectionOf } from '../test-support/access.js';

const actor = { name: 'test', ip: null };

describeEachStore('exports of reported values', (fixture) => {
  let exporter: DataExportService;
  let importer: DataImportService;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    exporter = new DataExportService(fixture.store.db);
    importer = new DataImportService(fixture.store.db);
    const reporting = new ReportingService(fixture.store.db);
    for (const [unit, period] of [
      ['420102', '2024'],
      ['420102', '2025'],
      ['420103', '2025'],
    ] as const) {
      await reporting.saveForm(
        OPERATOR,
        'nids-annual',
        unit,
        period,
        {
          values: [
            { indicator: 'fixed_broadband_subscribers', value: 0.004 },
            {
              indicator: 'fixed_broadband_subscribers',
              disaggregation: 'AREA=URBAN',
              value: 0.003,
            },
            {
              indicator: 'fixed_broadband_subscribers',
              disaggregation: 'AREA=RURAL',
              value: 0.001,
              comment: '含"行政村",逗号与换行\n第二行',
            },
            { indicator: 'internet_users', value: 0.0068, source: '区统计局, 2025' },
            { indicator: 'users_5g', value: 1e-7 },
          ],
        },
        actor,
      );
    }
  });

  it.each(EXPORT_FORMATS)(
    'round-trips a %s export through the import unchanged',
    async (format) => {
      const file = await exporter.export(
        { format, dataSet: 'nids-annual', under: '420100' },
        OPERATOR,
      );
      expect(file.rows).toBe(15);
      const report = await importer.importBytes(file.body, file.fileName, OPERATOR, actor, {
        dryRun: false,
      });
      expect(report).toMatchObject({ rows: 15, created: 0, updated: 0, unchanged: 15 });
    },
  );

  it('selects by period range, indicator and subtree, and names a bad selection', async () => {
    const file = await exporter.export(
      { format: 'csv', indicators: ['internet_users'], under: '420102', from: '2025', to: '2025' },
      OPERATOR,
    );
    expect(file.rows).toBe(1);
    expect(file.body.toString('utf8')).toContain(
      'internet_users,420102,2025,,0.0068,,"区统计局, 2025"',
    );
    const bad = await rejectionOf(
      exporter.export(
        { format: 'csv', indicators: ['nope'], under: '999999', from: '2025Q5' },
        OPERATOR,
      ),
    );
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as InputError).problems.map((problem) => problem.path)).toEqual([
      'indicator',
      'under',
      'from',
    ]);
  });

  it('is a CLI command whose file the CLI imports back unchanged', async () => {
    const dir = fixture.location.dataDir;
    const env = { PLANWATCH_DATA: dir, DATABASE_URL: fixture.location.databaseUrl ?? undefined };
    const out = path.join(dir, 'wuhan.xlsx');
    const exported = await runCli(
      [
        'data',
        'export',
        '--format',
        'xlsx',
        '--data-set',
        'nids-annual',
        '--under',
        '420100',
        '--out',
        out,
      ],
      env,
    );
    expect(exported).toMatchObject({ code: 0, stderr: `15 values written to ${out}\n` });
    const imported = await runCli(['data', 'import', out, '--json'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      layout: 'planwatch-xlsx',
      created: 0,
      unchanged: 15,
    });
    const noOut = await runCli(['data', 'export', '--format', 'xlsx'], env);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toContain('needs --out FILE');
  });

  it('shows anonymous readers no drafts', async () => {
    const file = await exporter.export({ format: 'csv', under: '420100' }, { kind: 'anonymous' });
    expect(file.rows).toBe(0);
  });
});
