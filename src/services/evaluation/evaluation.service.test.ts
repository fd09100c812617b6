/**
 * The evaluation run on both engines: three provinces with tasks, milestones,
 * inspections and findings scored by hand, a re-run giving identical scores,
 * and a published run frozen against later data.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ensureDefaults } from '../defaults.service.js';
import { auditHead } from '../../test-support/access.js';
import { describeEachStore } from '../../test-support/stores.js';
import { insertFinding, insertInspection } from '../../test-support/inspection-rows.js';
import { insertTask } from '../../test-support/task-rows.js';
import { roundPoints } from '../../core/evaluation/index.js';
import { ConflictError, InputError } from '../errors.js';
import { EvaluationService } from './evaluation.service.js';

const actor = { name: 'test', ip: null };

/** A 2020 target of the province (at least `target`) and its reported 2020 figure. */
async function targetWithValue(
  db: Kysely<Database>,
  unit: string,
  indicatorCode: string,
  target: number,
  reported: number,
): Promise<void> {
  const node = await db
    .selectFrom('planNode')
    .innerJoin('plan', 'plan.id', 'planNode.planId')
    .select('planNode.id')
    .where('plan.code', '=', 'nids-2016')
    .where('planNode.path', '=', 'III.1.1')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('target')
    .values({
      indicatorCode,
      orgUnitCode: unit,
      year: 2020,
      kind: 'numeric',
      value: target,
      comparator: 'at_least',
      baselineYear: null,
      baselineValue: null,
      derivation: null,
      milestoneEn: null,
      milestoneZh: null,
      status: null,
      sentence: `${indicatorCode} at least ${target} by 2020`,
      planNodeId: node.id,
    })
    .execute();
  await db
    .insertInto('dataValue')
    .values({
      indicatorCode,
      orgUnitCode: unit,
      period: '2020',
      periodType: 'year',
      periodEnd: '2020-12-31',
      value: reported,
      basis: '',
      sourceKey: null,
      confidence: null,
      publishedValue: null,
      publishedUnit: null,
      createdBy: 'test',
      createdAt: '2021-01-10T00:00:00.000Z',
      status: 'published',
      comment: null,
      sourceNote: null,
    })
    .execute();
}

describeEachStore('evaluation service', (fixture) => {
  let service: EvaluationService;

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    // Reporting is worked out on its own below: here no unit is expected to report.
    await db.deleteFrom('dataSetOrgUnit').execute();
    service = new EvaluationService(db, () => new Date('2021-04-01T08:00:00Z'));
    const task = (title: string, leadUnit: string, dueOn: string, milestones = []) =>
      insertTask(db, {
        title,
        leadUnit,
        assignedBy: 'CN',
        startOn: '2020-01-01',
        dueOn,
        milestones,
      });
    const done = (taskId: number, doneOn: string) =>
      db.updateTable('task').set({ status: 'done', doneOn }).where('id', '=', taskId).execute();

    // Beijing: one task on time, one late; its one milestone on time.
    const onTime = await insertTask(db, {
      title: 'On time',
      leadUnit: '110000',
      assignedBy: 'CN',
      startOn: '2020-01-01',
      dueOn: '2020-06-30',
      milestones: [{ title: 'm1', dueOn: '2020-03-31', doneOn: '2020-03-01' }],
    });
    await done(onTime, '2020-06-01');
    await done(await task('Late', '110000', '2020-12-31'), '2021-01-15');
    await insertInspection(db, '110000', '2020-09-01');
    // Two of its own targets: one achieved, one missed at 80% attained.
    const [first, second] = await db
      .selectFrom('indicator')
      .select('code')
      .where('direction', '=', 'increase')
      .orderBy('code')
      .limit(2)
      .execute();
    await targetWithValue(db, '110000', first!.code, 50, 60);
    await targetWithValue(db, '110000', second!.code, 50, 40);

    // Tianjin: a task not done; one milestone late, one on time; an open major
    // finding with an overdue rectification item, a minor one closed before the cut-off.
    await insertTask(db, {
      title: 'Not done',
      leadUnit: '120000',
      assignedBy: 'CN',
      startOn: '2020-01-01',
      dueOn: '2020-09-30',
      milestones: [
        { title: 'late', dueOn: '2020-05-31', doneOn: '2020-06-10' },
        { title: 'on time', dueOn: '2020-08-31', doneOn: '2020-08-01' },
      ],
    });
    const tianjin = await insertInspection(db, '120000', '2020-10-01');
    const major = await insertFinding(db, tianjin, 'major', '2020-10-01');
    await insertFinding(db, tianjin, 'minor', '2020-10-01', '2021-01-10');
    await db
      .insertInto('rectificationItem')
      .values({
        findingId: major,
        title: 'Fix it',
        ownerUnitCode: '120000',
        dueOn: '2021-02-01',
        status: 'open',
        doneOn: null,
        doneBy: null,
        note: null,
        evidenceLink: null,
      })
      .execute();

    // Hebei: a task of a prefecture below it, on time on its due day; an
    // example task and a task due the next year do not count; an open critical finding.
    await done(await task('Prefecture', '130100', '2020-12-31'), '2020-12-31');
    const example = await task('Example', '130000', '2020-06-30');
    await db.updateTable('task').set({ isExample: 1 }).where('id', '=', example).execute();
    await task('Next year', '130000', '2021-06-30');
    await insertFinding(
      db,
      await insertInspection(db, '130000', '2020-05-01'),
      'critical',
      '2020-05-01',
    );
  });

  /** Totals worked out by hand; rounded to the cent, as the ranking compares them. */
  const scored = (run: { scores: { unit: string; total: number; rank: number | null }[] }) =>
    run.scores
      .filter((score) => score.total !== 0)
      .map((score) => ({ unit: score.unit, total: roundPoints(score.total), rank: score.rank }));

  it('scores three provinces as worked out by hand', async () => {
    // No forms anywhere, targets only at Beijing: elsewhere outcome (40) and reporting
    // (20) spread over delivery (25 → 62.5) and inspection (15 → 37.5); tasks carry
    // 0.6 of delivery (37.5), milestones 0.4 (25).
    const run = await service.run(2020, { cutoffOn: '2021-03-31', actor });
    expect(run).toMatchObject({
      year: 2020,
      status: 'draft',
      cutoffOn: '2021-03-31',
      schemeVersion: 1,
    });
    // Beijing has targets: only reporting (20) spreads, over 80 points; outcome weighs 50.
    const beijing = run.scores.find((score) => score.unit === '110000')!;
    const outcome = beijing.detail.components.find((c) => c.key === 'outcome')!;
    expect(outcome.effectiveWeight).toBe(50);
    expect(
      outcome.items
        .filter((item) => item.kind === 'target')
        .map((item) => roundPoints(item.points))
        .sort(),
    ).toEqual([20, 25]);
    expect(scored(run)).toEqual([
      // Hebei: its prefecture's one task on time carries all of delivery (no
      // milestones) = 62.5; inspection 37.5 − critical 10% of 37.5 (3.75) = 33.75.
      { unit: '130000', total: 96.25, rank: 1 },
      // Beijing (outcome 50, delivery 31.25, inspection 18.75): achieved target 50 / 2 = 25,
      // missed one 0.8 × 50 / 2 = 20; 1 of 2 tasks on time = 0.6 × 31.25 / 2 = 9.375, its
      // milestone 0.4 × 31.25 = 12.5; inspection 18.75, nothing open: 85.625.
      { unit: '110000', total: 85.63, rank: 2 },
      // Tianjin: 0 for its task, 1 of 2 milestones = 12.5; inspection 37.5 − major 1.5 −
      // overdue item 0.75 = 35.25 (the minor finding was closed before the cut-off).
      { unit: '120000', total: 47.75, rank: 3 },
    ]);
    const tianjin = run.scores.find((score) => score.unit === '120000')!;
    const inspection = tianjin.detail.components.find((c) => c.key === 'inspection')!;
    expect(inspection.items.map((item) => [item.ref, item.points])).toEqual([
      // The note that the component took a share of the reweighted ones.
      ['inspection', 0],
      ['inspection', 37.5],
      [expect.stringMatching(/^finding:\d+$/), -1.5],
      [expect.stringMatching(/^rectification:\d+$/), -0.75],
    ]);
    // Every other province and department has no inputs: listed after the three as not
    // evaluated, without a rank, so a unit nobody gave inputs for never shares a place.
    expect(run.scores).toHaveLength(71);
    expect(new Set(run.scores.slice(3).map((score) => score.rank))).toEqual(new Set([null]));
    expect(run.scores.slice(3).every((score) => !score.detail.evaluated)).toBe(true);
    expect(run.scores.slice(0, 3).every((score) => score.detail.evaluated)).toBe(true);
    // Nothing published for 2019: no change to show.
    expect(run.scores.every((score) => score.rankChange === null)).toBe(true);
  });

  it('gives identical scores when run again on the same inputs, replacing the draft', async () => {
    const first = await service.run(2020, { cutoffOn: '2021-03-31', actor });
    const before = await auditHead(fixture.store.db);
    const second = await service.run(2020, { cutoffOn: '2021-03-31', actor });
    expect(await auditHead(fixture.store.db)).toBe(before + 1);
    expect(second.id).not.toBe(first.id);
    expect(second.inputsSha256).toBe(first.inputsSha256);
    expect(second.scores).toEqual(first.scores);
    const drafts = await fixture.store.db
      .selectFrom('evaluationRun')
      .select('id')
      .where('year', '=', 2020)
      .execute();
    expect(drafts.map((run) => run.id)).toEqual([second.id]);
  });

  it('refuses a malformed cut-off and year, naming them', async () => {
    const before = await auditHead(fixture.store.db);
    const error = await service
      .run(1999, { cutoffOn: '2021-02-30', actor })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.path)).toEqual(['year', 'cutoffOn']);
    expect(await auditHead(fixture.store.db)).toBe(before);
  });

  it('freezes a published run: later data and new drafts do not change it', async () => {
    const draft = await service.run(2020, { cutoffOn: '2021-03-31', actor });
    const published = await service.publish(draft.id, actor);
    expect(published).toMatchObject({ status: 'published', publishedBy: 'test' });

    // Later data: a major finding against Beijing, open on the cut-off day.
    const beijing = await insertInspection(fixture.store.db, '110000', '2020-11-01');
    await insertFinding(fixture.store.db, beijing, 'major', '2020-11-01');
    const redo = await service.run(2020, { cutoffOn: '2021-03-31', actor });
    expect(redo.inputsSha256).not.toBe(published.inputsSha256);
    // 85.625 − 4% of its inspection weight 18.75 (0.75).
    expect(scored(redo)[1]).toEqual({ unit: '110000', total: 84.88, rank: 2 });

    const shown = await service.get(2020);
    expect(shown.id).toBe(published.id);
    expect(shown.scores).toEqual(published.scores);
    expect(scored(shown)[1]).toEqual({ unit: '110000', total: 85.63, rank: 2 });
    await expect(service.publish(redo.id, actor)).rejects.toBeInstanceOf(ConflictError);
    await expect(service.publish(published.id, actor)).rejects.toBeInstanceOf(ConflictError);
  });

  it('ranks against the previous year’s published run', async () => {
    // 2021: Beijing and Tianjin have only inspection inputs (the open findings and the
    // overdue item), so it weighs 100; Hebei also has its task due in 2021, not done.
    const run = await service.run(2021, { cutoffOn: '2022-03-31', actor });
    const change = run.scores
      .filter((score) => score.total !== 0)
      .map((score) => [
        score.unit,
        roundPoints(score.total),
        score.rank,
        score.rankChange,
        score.totalChange,
      ]);
    expect(change).toEqual([
      // Beijing: 100 − major 4 (its targets are for 2020); was 2nd at 85.63.
      ['110000', 96, 1, 1, 10.37],
      // Tianjin: 100 − major 4 − overdue 2; was 3rd at 47.75.
      ['120000', 94, 2, 1, 46.25],
      // Hebei: delivery 0 of 62.5, inspection 37.5 − critical 3.75; was 1st at 96.25.
      ['130000', 33.75, 3, -2, -62.5],
    ]);
  });
});

describeEachStore('evaluation service: reporting', (fixture) => {
  /** The shipped annual data set, assigned to every province; 2020's window closes 2021-03-31. */
  let indicators: string[];
  let dataSetId: number;

  async function report(unit: string, count: number): Promise<void> {
    for (const indicatorCode of indicators.slice(0, count)) {
      await fixture.store.db
        .insertInto('dataValue')
        .values({
          indicatorCode,
          orgUnitCode: unit,
          period: '2020',
          periodType: 'year',
          periodEnd: '2020-12-31',
          value: 1,
          basis: '',
          sourceKey: null,
          confidence: null,
          publishedValue: null,
          publishedUnit: null,
          createdBy: 'test',
          createdAt: '2021-01-20T00:00:00.000Z',
          status: 'draft',
          comment: 'TEST DATA',
          sourceNote: null,
        })
        .execute();
    }
  }

  async function submitted(unit: string, firstOn: string, returnedOn: string | null) {
    const at = `${firstOn}T09:00:00.000Z`;
    const submission = await fixture.store.db
      .insertInto('submission')
      .values({
        dataSetId,
        orgUnitCode: unit,
        period: '2020',
        state: returnedOn ? 'returned' : 'submitted',
        approvedLevels: 0,
        firstSubmittedAt: at,
        submittedAt: at,
        submittedBy: 'test',
        updatedAt: at,
        updatedBy: 'test',
        reason: null,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (returnedOn) {
      await fixture.store.db
        .insertInto('submissionEvent')
        .values({
          submissionId: submission.id,
          action: 'return',
          level: 'province',
          state: 'returned',
          actor: 'test',
          at: `${returnedOn}T09:00:00.000Z`,
          reason: 'check the figures',
        })
        .execute();
    }
  }

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    const dataSet = await db
      .selectFrom('dataSet')
      .select('id')
      .where('code', '=', 'nids-annual')
      .executeTakeFirstOrThrow();
    dataSetId = dataSet.id;
    indicators = (
      await db
        .selectFrom('dataSetIndicator')
        .select('indicatorCode')
        .where('dataSetId', '=', dataSetId)
        .orderBy('sortOrder')
        .execute()
    ).map((row) => row.indicatorCode);
    expect(indicators).toHaveLength(9);
    // Beijing: all nine values, submitted on time. Shanghai: five, submitted late and
    // returned. Tianjin: three values, never submitted.
    await report('110000', 9);
    await submitted('110000', '2021-02-01', null);
    await report('310000', 5);
    await submitted('310000', '2021-04-10', '2021-04-12');
    await report('120000', 3);
  });

  it('scores the forms of the data set’s default window by hand', async () => {
    const service = new EvaluationService(fixture.store.db);
    // Before the window closes nothing is due: no unit has any input.
    const early = await service.run(2020, { cutoffOn: '2021-03-30', actor });
    expect(early.scores.every((score) => score.rank === null)).toBe(true);

    const run = await service.run(2020, { cutoffOn: '2021-04-30', actor });
    // Only reporting has inputs: it weighs 100.
    expect(
      run.scores
        .filter((score) => score.total > 0)
        .map((score) => [score.unit, roundPoints(score.total), score.rank]),
    ).toEqual([
      // 9 of 9 values (40), on time (30), not returned (30).
      ['110000', 100, 1],
      // 5 / 9 × 40 = 22.22; late: 0 of 30; returned: 0 of 30.
      ['310000', 22.22, 2],
      // Nothing submitted, so quality's 30 goes to completeness (40 → 57.14) and
      // timeliness (30 → 42.86): 3 / 9 × 57.14 = 19.05; not submitted: 0.
      ['120000', 19.05, 3],
    ]);
    // Every other province was expected to report and did not: 0, ranked, tied.
    const provinces = run.scores.filter((score) => /^\d{2}0000$/.test(score.unit));
    // The 31 mainland provinces: Taiwan, Hong Kong and Macao are not evaluated.
    expect(provinces).toHaveLength(31);
    expect(new Set(provinces.slice(3).map((score) => [score.total, score.rank].join()))).toEqual(
      new Set(['0,4']),
    );
    // Departments have no forms: not evaluated.
    expect(
      run.scores.filter((score) => !/^\d{2}0000$/.test(score.unit)).every((s) => s.rank === null),
    ).toBe(true);
    const tianjin = run.scores.find((score) => score.unit === '120000')!.detail;
    const reasons = tianjin.components
      .find((component) => component.key === 'reporting')!
      .items.map((item) => item.reason.en);
    expect(reasons).toContain(
      'Form nids-annual 2020: 3 of 9 values reported → 3 / 9 × 57.14 values expected = 19.05 points',
    );
  });
});
