/**
 * The evaluation over HTTP on both engines: the national coordinator stores a
 * scheme version, runs 2020 (two provinces with tasks, everyone else not
 * evaluated), reads the ranking and a scorecard, publishes; a provincial
 * viewer sees only the published run; refusals name the problem and change
 * nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import type {
  EvaluationRanking,
  EvaluationRunList,
  EvaluationSchemeView,
  Scorecard,
} from '../../../api/evaluation-contract.js';
import { DEFAULT_SCHEME } from '../../../core/evaluation/index.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { auditHead } from '../../../test-support/access.js';
import { startTestApi, type TestApi } from '../../../test-support/http.js';
import { countRows } from '../../../test-support/row-counts.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { insertTask } from '../../../test-support/task-rows.js';

/** The default scheme as the office would send it: no year or version (the server's). */
function schemeFields() {
  const fields: Partial<typeof DEFAULT_SCHEME> = { ...DEFAULT_SCHEME };
  delete fields.version;
  delete fields.year;
  return fields;
}
const schemeInput = schemeFields();

describeEachStore('evaluation routes', (fixture) => {
  let api: TestApi;

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    // Reporting is scored in the service test: here nobody is expected to report.
    await db.deleteFrom('dataSetOrgUnit').execute();
    api = await startTestApi(fixture.store, [
      ['nation-coordinator', 'coordinator', 'CN'],
      ['hubei-coordinator', 'coordinator', '420000'],
      ['hubei-viewer', 'viewer', '420000'],
    ]);
    // Beijing: its one 2020 task done on time. Hubei: one done on time, one never done.
    const task = (title: string, leadUnit: string) =>
      insertTask(db, {
        title,
        leadUnit,
        assignedBy: 'CN',
        startOn: '2020-01-01',
        dueOn: '2020-06-30',
      });
    const done = (id: number) =>
      db
        .updateTable('task')
        .set({ status: 'done', doneOn: '2020-06-30' })
        .where('id', '=', id)
        .execute();
    await done(await task('Beijing task', '110000'));
    await done(await task('Hubei task done', '420000'));
    await task('Hubei task open', '420000');
  });

  it('runs, shows and publishes the year for the coordinating office', async () => {
    // A scheme version first: inspection 15 → 10, delivery 25 → 30.
    const scheme = await api.call('nation-coordinator', 'POST', '/api/evaluation-schemes/2020', {
      ...schemeInput,
      weights: { outcome: 40, delivery: 30, reporting: 20, inspection: 10 },
    });
    expect(scheme.statusCode).toBe(201);
    const view = scheme.json<EvaluationSchemeView>();
    expect(view).toMatchObject({ year: 2020, stored: true, current: { version: 1 } });
    expect(view.description.zh.some((row) => row.input.includes('任务'))).toBe(true);

    const run = await api.call('nation-coordinator', 'POST', '/api/evaluations/2020/runs', {
      cutoffOn: '2021-03-31',
    });
    expect(run.statusCode).toBe(201);
    const ranking = run.json<EvaluationRanking>();
    expect(ranking.run).toMatchObject({ status: 'draft', schemeVersion: 1, ranked: 2 });
    // Only delivery has inputs: it weighs 100. Beijing 1 of 1 on time; Hubei 1 of 2.
    expect(ranking.rows.slice(0, 2).map((row) => [row.unit.code, row.total, row.rank])).toEqual([
      ['110000', 100, 1],
      ['420000', 50, 2],
    ]);
    expect(ranking.rows[1]!.unit).toMatchObject({ nameZh: '湖北省', level: 'province' });
    const rest = ranking.rows.slice(2);
    expect(rest.length).toBe(ranking.run.units - 2);
    expect(rest.every((row) => row.rank === null && !row.evaluated)).toBe(true);

    const card = await api.call('nation-coordinator', 'GET', '/api/evaluations/2020/units/420000');
    expect(card.statusCode).toBe(200);
    const scorecard = card.json<Scorecard>();
    const delivery = scorecard.components.find((component) => component.key === 'delivery')!;
    expect(delivery.effectiveWeight).toBe(100);
    expect(
      delivery.items.filter((item) => item.kind === 'task').map((item) => item.points),
    ).toEqual([50, 0]);
    expect(
      delivery.items.every((item) => item.reason.zh.length > 0 && item.reason.en.length > 0),
    ).toBe(true);
    expect(scorecard.history.map((point) => [point.year, point.status, point.rank])).toEqual([
      [2020, 'draft', 2],
    ]);

    // The provincial viewer: no draft yet.
    const hidden = await api.call('hubei-viewer', 'GET', '/api/evaluations/2020');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json<{ message: string }>().message).toContain('not been published');
    const listed = await api.call('hubei-viewer', 'GET', '/api/evaluations');
    expect(listed.json<EvaluationRunList>()).toEqual({ runs: [], canManage: false });

    // The report: the office sees the draft ranking; the viewer only that it is not published.
    const officeReport = await api.call(
      'nation-coordinator',
      'GET',
      '/api/evaluations/2020/report?lang=en&format=html',
    );
    expect(officeReport.statusCode).toBe(200);
    expect(officeReport.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(officeReport.body).toContain('DRAFT: this ranking has not been published');
    expect(officeReport.body).toContain('Hubei');
    const viewerReport = await api.call(
      'hubei-viewer',
      'GET',
      '/api/evaluations/2020/report?lang=zh-CN&format=html',
    );
    expect(viewerReport.body).toContain('2020 年评估结果尚未发布，此处不显示排名。');
    expect(viewerReport.body).not.toContain('草稿');

    const published = await api.call(
      'nation-coordinator',
      'POST',
      `/api/evaluation-runs/${ranking.run.id}/publish`,
    );
    expect(published.statusCode).toBe(200);
    expect(published.json<EvaluationRanking>().run.status).toBe('published');

    const seen = await api.call('hubei-viewer', 'GET', '/api/evaluations/2020');
    expect(seen.statusCode).toBe(200);
    expect(seen.json<EvaluationRanking>().rows[1]!.total).toBe(50);
    const pdf = await api.call('hubei-viewer', 'GET', '/api/evaluations/2020/report?lang=en');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      'attachment; filename="planwatch-report-2020-en.pdf"',
    );
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const workbook = await api.call(
      'hubei-viewer',
      'GET',
      '/api/evaluations/2020/report?lang=zh-CN&format=xlsx',
    );
    expect(workbook.statusCode).toBe(200);
    // An .xlsx is a zip archive.
    expect(workbook.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const again = await api.call(
      'nation-coordinator',
      'POST',
      `/api/evaluation-runs/${ranking.run.id}/publish`,
    );
    expect(again.statusCode).toBe(409);
  });

  it('refuses what it cannot take, naming it, and changes nothing', async () => {
    const db = fixture.store.db;
    const before = {
      audit: await auditHead(db),
      schemes: await countRows(db, 'evaluationScheme'),
      runs: await countRows(db, 'evaluationRun'),
    };
    const province = await api.call('hubei-coordinator', 'POST', '/api/evaluations/2021/runs', {});
    expect(province.statusCode).toBe(403);
    expect(province.json<{ message: string }>().message).toContain(
      'run and publish the annual evaluation nationwide',
    );
    const anonymous = await api.call(null, 'GET', '/api/evaluations/2020');
    expect(anonymous.statusCode).toBe(401);
    const badReport = await api.call(
      'hubei-viewer',
      'GET',
      '/api/evaluations/2020/report?lang=fr&format=doc',
    );
    expect(badReport.statusCode).toBe(400);
    expect(badReport.json<{ message: string }>().message).toMatch(/lang.*format|format.*lang/s);

    const weights = await api.call('nation-coordinator', 'POST', '/api/evaluation-schemes/2021', {
      ...schemeInput,
      weights: { outcome: 40, delivery: 30, reporting: 20, inspection: 20 },
    });
    expect(weights.statusCode).toBe(400);
    expect(JSON.stringify(weights.json())).toContain(
      'the weights must add up to 100: outcome 40 + delivery 30 + reporting 20 + inspection 20 = 110',
    );
    const unknownField = await api.call(
      'nation-coordinator',
      'POST',
      '/api/evaluation-schemes/2021',
      {
        ...schemeInput,
        version: 7,
      },
    );
    expect(unknownField.statusCode).toBe(400);
    const badDay = await api.call('nation-coordinator', 'POST', '/api/evaluations/2021/runs', {
      cutoffOn: '2022-02-30',
    });
    expect(badDay.statusCode).toBe(400);
    expect(JSON.stringify(badDay.json())).toContain('cutoffOn');
    const noVersion = await api.call('nation-coordinator', 'POST', '/api/evaluations/2021/runs', {
      schemeVersion: 9,
    });
    expect(noVersion.statusCode).toBe(404);
    expect(noVersion.json<{ message: string }>().message).toContain('no version 9');
    const notScored = await api.call(
      'nation-coordinator',
      'GET',
      '/api/evaluations/2020/units/420100',
    );
    expect(notScored.statusCode).toBe(404);
    expect(notScored.json<{ message: string }>().message).toContain(
      'only provinces and central departments',
    );

    expect({
      audit: await auditHead(db),
      schemes: await countRows(db, 'evaluationScheme'),
      runs: await countRows(db, 'evaluationRun'),
    }).toEqual(before);
  });
});
