/**
 * The yearly report's model on both engines: the Outline's targets with the
 * dashboard's statuses and their latest figures up to the year; task
 * delivery and inspection results; a year without an evaluation says so, a
 * year with a draft run shows its ranking; and the HTML and workbook made
 * from it.
 */
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { roundPoints } from '../../../core/evaluation/index.js';
import { insertFinding, insertInspection } from '../../../test-support/inspection-rows.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { insertTask } from '../../../test-support/task-rows.js';
import { createServices, type Services } from '../../container.js';
import { ensureDefaults } from '../../defaults.service.js';
import { InputError } from '../../errors.js';
import { releaseMonthOf } from './report-model.js';
import { REPORT_SHEETS } from './report-xlsx.js';

const actor = { name: 'test', ip: null };

async function inspectionWithFinding(
  db: Kysely<Database>,
  unit: string,
  heldOn: string,
  severity: 'minor' | 'major' | 'critical',
): Promise<void> {
  await insertFinding(db, await insertInspection(db, unit, heldOn), severity, heldOn);
}

describeEachStore('yearly report model', (fixture) => {
  let services: Services;

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    services = createServices(fixture.store, { now: () => new Date('2021-04-01T08:00:00Z') });
    const done = (taskId: number, doneOn: string) =>
      db.updateTable('task').set({ status: 'done', doneOn }).where('id', '=', taskId).execute();
    // 2020: Beijing on time, Tianjin late, a prefecture of Hebei not done; the ministry on time.
    await done(
      await insertTask(db, {
        title: 'Beijing on time',
        leadUnit: '110000',
        assignedBy: 'CN',
        startOn: '2020-01-01',
        dueOn: '2020-06-30',
      }),
      '2020-06-01',
    );
    await done(
      await insertTask(db, {
        title: 'Tianjin late',
        leadUnit: '120000',
        assignedBy: 'CN',
        startOn: '2020-01-01',
        dueOn: '2020-09-30',
      }),
      '2020-10-15',
    );
    await insertTask(db, {
      title: 'Shijiazhuang open',
      leadUnit: '130100',
      assignedBy: 'CN',
      startOn: '2020-01-01',
      dueOn: '2020-12-31',
    });
    await done(
      await insertTask(db, {
        title: 'Ministry on time',
        leadUnit: 'MIIT',
        assignedBy: 'CN',
        startOn: '2020-01-01',
        dueOn: '2020-12-31',
      }),
      '2020-12-01',
    );
    await inspectionWithFinding(db, '120000', '2020-10-01', 'major');
  });

  it('has every target of the Outline with the dashboard’s status as at the end of the year and its latest figure', async () => {
    const model = await services.report.build(2020, 'en');
    const dashboard = await services.progress.plan({ kind: 'anonymous' }, 'nids-2016', 'CN', {
      observationsUpTo: 2020,
    });
    expect(model.plan).toMatchObject({ code: 'nids-2016', method: dashboard.method });
    expect(model.targets.map((target) => target.progress.target.id)).toEqual(
      dashboard.items.map((item) => item.target.id),
    );
    expect(model.targets.map((target) => target.status)).toEqual(
      dashboard.items.map(
        (item) => item.assessment?.status ?? item.milestone?.status ?? 'insufficient_data',
      ),
    );
    // Today's dashboard judges some 2025 targets on figures after 2020; the report does not.
    const today = await services.progress.plan({ kind: 'anonymous' }, 'nids-2016');
    const laterInputs = today.items.filter(
      (item) => (item.assessment?.inputs.latest?.period ?? '0') > '2020Z',
    );
    expect(laterInputs.length).toBeGreaterThan(0);

    // Information consumption, at least 6 (trillion yuan) by 2020: 5.8 in 2020, MIIT, missed.
    const consumption = model.targets.find(
      (target) =>
        target.progress.target.indicator === 'information_consumption' &&
        target.progress.target.year === 2020,
    )!;
    expect(consumption.progress.target.value).toBe(6);
    expect(consumption.status).toBe('missed');
    expect(consumption.latest).toMatchObject({ period: '2020', value: 5.8, unitMult: 12 });
    expect(consumption.latest!.source?.key).toBe('I3');
    expect(consumption.progress.assessment!.inputs.latest!.period).toBe('2020');

    // Its 2025 target as at the end of 2020: the status rests on 2020's figure, not 2021's;
    // 2018's figure is on another basis ("about"), so not on the chart.
    const consumption2025 = model.targets.find(
      (target) =>
        target.progress.target.indicator === 'information_consumption' &&
        target.progress.target.year === 2025,
    )!;
    expect(consumption2025.latest).toMatchObject({ period: '2020', value: 5.8 });
    expect(consumption2025.seriesToYear.map((point) => point.period)).toEqual(['2017', '2020']);
    expect(consumption2025.progress.assessment!.inputs.latest!.period).toBe('2020');
    expect(model.assessedOn).toBe('2020-12-31');

    // The annex: the published national figures of the targets' indicators up to 2020, with sources.
    expect(new Set(model.figures.map((figure) => figure.indicator))).toEqual(
      new Set(
        model.targets
          .filter((target) => target.progress.target.kind === 'numeric')
          .map((target) => target.progress.target.indicator),
      ),
    );
    expect(model.figures.every((figure) => Number(figure.period.slice(0, 4)) <= 2020)).toBe(true);
    expect(model.figures.every((figure) => figure.orgUnit.code === 'CN')).toBe(true);
    const ecommerce2015 = model.figures.find(
      (figure) => figure.indicator === 'ecommerce_volume' && figure.period === '2015',
    )!;
    expect(ecommerce2015).toMatchObject({ value: 20.8, unit: 'yuan', unitMult: 12 });
    expect(ecommerce2015.source).toMatchObject({ key: 'E1', releasedIn: '2016-05' });
  });

  it('counts the year’s tasks by delivery and lead unit level, without the examples', async () => {
    const { delivery } = await services.report.build(2020, 'zh-CN');
    expect(delivery.total).toEqual({ due: 4, onTime: 2, late: 1, open: 1 });
    expect(delivery.byLevel).toEqual([
      { level: 'province', due: 2, onTime: 1, late: 1, open: 0 },
      { level: 'prefecture', due: 1, onTime: 0, late: 0, open: 1 },
      { level: 'department', due: 1, onTime: 1, late: 0, open: 0 },
    ]);
    expect(delivery.tasks.map((task) => [task.title, task.delivery])).toEqual([
      ['Beijing on time', 'on_time'],
      ['Tianjin late', 'late'],
      ['Shijiazhuang open', 'open'],
      ['Ministry on time', 'on_time'],
    ]);
    // The shipped examples fall due in other years; in any case they are never counted.
    expect(delivery.tasks.some((task) => task.title.startsWith('示例'))).toBe(false);
  });

  it('shows the inspection results of the year', async () => {
    const { inspections } = await services.report.build(2020, 'en');
    expect(inspections.asOf).toBe('2021-04-01');
    expect(inspections.units.map((row) => [row.unit.code, row.unit.nameZh])).toEqual([
      ['120000', '天津市'],
    ]);
    expect(inspections.total).toMatchObject({
      inspections: 1,
      openFindings: { critical: 0, major: 1, minor: 0 },
      openFindingTotal: 1,
    });
  });

  it('says that no evaluation was run for a year without one', async () => {
    const model = await services.report.build(2019, 'en');
    expect(model.evaluation).toBeNull();
    const html = await services.report.html(2019, 'en');
    expect(html).toContain('No evaluation has been run for 2019');
    expect(html).toContain('Evaluation: no evaluation has been run for 2019');
    const zh = await services.report.html(2019, 'zh-CN');
    expect(zh).toContain('2019 年尚未开展年度评估');
  });

  it('shows the draft ranking of a year with a run, marked as a draft, with component points', async () => {
    const run = await services.evaluation.run(2020, { cutoffOn: '2021-03-31', actor });
    const model = await services.report.build(2020, 'en');
    expect(model.evaluation).toMatchObject({ id: run.id, status: 'draft', cutoffOn: '2021-03-31' });
    const ranked = model.evaluation!.ranked;
    // Ranked: exactly the units the run scored on some input, in its order; the rest listed apart.
    const evaluated = run.scores.filter((score) => score.detail.evaluated);
    expect(ranked.map((row) => [row.unit.code, row.rank])).toEqual(
      evaluated.map((score) => [score.unit, score.rank]),
    );
    expect(model.evaluation!.notEvaluated.map((unit) => unit.code)).toEqual(
      run.scores.filter((score) => !score.detail.evaluated).map((score) => score.unit),
    );
    // The units given tasks are among them (Hebei through its prefecture).
    expect(ranked.map((row) => row.unit.code)).toEqual(
      expect.arrayContaining(['110000', '120000', '130000', 'MIIT']),
    );
    for (const row of ranked) {
      const score = run.scores.find((s) => s.unit === row.unit.code)!;
      expect(row.total).toBe(score.total);
      for (const component of score.detail.components)
        expect(row.components[component.key]).toBe(component.points);
      const components = Object.values(row.components).reduce((sum, points) => sum + points, 0);
      expect(roundPoints(components)).toBe(roundPoints(row.total));
    }
    const beijing = ranked.find((row) => row.unit.code === '110000')!;
    expect(beijing.unit).toMatchObject({ nameEn: 'Beijing', nameZh: '北京市' });
    expect(beijing.components.delivery).toBeGreaterThan(0);

    const html = await services.report.html(2020, 'en');
    expect(html).toContain('DRAFT: this ranking has not been published');
    expect(html).toContain('<td>Beijing</td>');
    expect(html).toMatch(/<svg[^>]*>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('writes a workbook with a sheet for each part, headers in the language', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await services.report.xlsx(2020, 'zh-CN')) as unknown as ExcelJS.Buffer,
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...REPORT_SHEETS]);
    const targets = workbook.getWorksheet('Targets')!;
    expect(targets.getRow(1).getCell(2).value).toBe('指标');
    expect(targets.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const figures = workbook.getWorksheet('Figures')!;
    const model = await services.report.build(2020, 'zh-CN');
    expect(figures.rowCount).toBe(model.figures.length + 1);
    expect(figures.getRow(1).getCell(6).value).toBe('数值');
    // Sorted by indicator code: e-commerce first, stored in trillions of yuan.
    expect(figures.getRow(2).getCell(1).value).toBe('ecommerce_volume');
    expect(figures.getRow(2).getCell(7).value).toBe('万亿元');
    const tasks = workbook.getWorksheet('Tasks')!;
    expect(tasks.rowCount).toBe(5);
  });

  it('refuses a bad year and language, naming both', async () => {
    const error = await services.report.build(1999, 'fr').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.path)).toEqual(['year', 'lang']);
  });
});

it('reads a release month from a source title only when it names one', () => {
  expect(releaseMonthOf('CNNIC 47th Statistical Report (Feb 2021)')).toBe('2021-02');
  expect(releaseMonthOf('MIIT (Oct 2020 restatement of 2015 baseline)')).toBeNull();
  expect(releaseMonthOf('MIIT 2019 communications industry bulletin')).toBeNull();
});
