import { beforeAll, expect, it } from 'vitest';
import type { Principal } from '../../core/access/policy.js';
import { describeEachStore } from '../../test-support/stores.js';
import { rejectionOf } from '../../test-support/access.js';
import { DataEntryService } from '../data-entry.service.js';
import { ensureDefaults } from '../defaults.service.js';
import { ConflictError, ForbiddenError, InputError } from '../errors.js';
import { DataSetService } from './data-set.service.js';
import { ReportingService } from './reporting.service.js';

function principal(
  username: string,
  role: 'reporter' | 'reviewer',
  code: string,
  path: string,
): Principal {
  return {
    kind: 'user',
    userId: username.length,
    username,
    via: 'session',
    grants: [{ role, orgUnitCode: code, orgUnitPath: path }],
  };
}

// 江岸区 (Jiang'an District) of 武汉市 (Wuhan), 湖北省 (Hubei).
const COUNTY = '420102';
const countyPath = '/CN/420000/420100/420102/';
const countyReporter = principal('jiangan', 'reporter', COUNTY, countyPath);
const countyReviewer = principal('jiangan-review', 'reviewer', COUNTY, countyPath);
const wuhanReviewer = principal('wuhan', 'reviewer', '420100', '/CN/420000/420100/');
const hubeiReviewer = principal('hubei', 'reviewer', '420000', '/CN/420000/');
const nationReviewer = principal('office', 'reviewer', 'CN', '/CN/');
const actorOf = (p: Principal) => ({
  name: p.kind === 'user' ? p.username : 'anonymous',
  ip: null,
});
const DS = 'nids-annual';

/** A complete and consistent report (users in 亿, stations in 万). */
const goodValues = [
  { indicator: 'fixed_broadband_subscribers', value: 0.004 },
  { indicator: 'fixed_broadband_subscribers', disaggregation: 'AREA=URBAN', value: 0.003 },
  { indicator: 'fixed_broadband_subscribers', disaggregation: 'area=rural', value: 0.001 },
  { indicator: 'internet_users', value: 0.0068 },
  { indicator: 'mobile_phone_users', value: 0.011 },
  { indicator: 'users_5g', value: 0.005 },
  { indicator: 'base_stations_4g', value: 0.3 },
  { indicator: 'base_stations_5g', value: 0.15 },
];

describeEachStore('reporting a data set through multi-level approval', (fixture) => {
  let reporting: ReportingService;
  let today = '2026-02-01';
  const clock = () => new Date(`${today}T08:00:00Z`);

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    reporting = new ReportingService(fixture.store.db, clock);
  });

  it('ships the Outline form: indicators, urban/rural parts, every province, prefecture and county', async () => {
    const summary = await reporting.summaryOf(DS);
    expect(summary.periodType).toBe('year');
    expect(summary.approvalLevels).toEqual(['prefecture', 'province', 'nation']);
    expect(summary.indicatorCodes).toContain('mobile_phone_users');
    expect(summary.orgUnitCount).toBe(34 + 337 + 2846);
    const form = await reporting.form(countyReporter, DS, COUNTY, '2025');
    expect(form.window).toEqual({ opensOn: '2026-01-01', closesOn: '2026-03-31' });
    expect(form.submission.path).toEqual(['prefecture', 'province', 'nation']);
    expect(
      form.rows
        .filter((row) => row.indicator === 'fixed_broadband_subscribers')
        .map((row) => row.label.zh),
    ).toEqual(['合计', '城镇', '农村']);
    expect(form.permissions).toMatchObject({ edit: true, submit: true, approve: false });
    expect(form.blocking.map((finding) => finding.check)).toContain('required');
  });

  it('refuses a form to a unit outside the reader, a period of the wrong type and a unit that does not report', async () => {
    expect(await rejectionOf(reporting.form(countyReporter, DS, '420103', '2025'))).toBeInstanceOf(
      ForbiddenError,
    );
    const quarter = await rejectionOf(reporting.form(countyReporter, DS, COUNTY, '2025Q1'));
    expect(quarter).toBeInstanceOf(InputError);
    expect(quarter.message).toMatch(
      /2025Q1 is a quarter period; data set nids-annual is reported by year/,
    );
    const department = await rejectionOf(reporting.form(nationReviewer, DS, 'CN', '2025'));
    expect(department.message).toMatch(/does not report data set nids-annual/);
  });

  it('saves all or nothing, names every problem, and checks on submission', async () => {
    const bad = await rejectionOf(
      reporting.saveForm(
        countyReporter,
        DS,
        COUNTY,
        '2025',
        {
          values: [
            { indicator: 'internet_users', value: 1 },
            { indicator: 'not_in_form', value: 1 },
            { indicator: 'fixed_broadband_subscribers', disaggregation: 'AREA=SUBURBAN', value: 1 },
          ],
        },
        actorOf(countyReporter),
      ),
    );
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as InputError).problems.map((p) => p.path)).toEqual([
      'values.1.indicator',
      'values.2.disaggregation',
    ]);
    const untouched = await reporting.form(countyReporter, DS, COUNTY, '2025');
    expect(untouched.rows.every((row) => row.value === null)).toBe(true);

    // 5G users above mobile users breaks a rule: saved as a draft, but not submittable.
    const saved = await reporting.saveForm(
      countyReporter,
      DS,
      COUNTY,
      '2025',
      { values: goodValues.map((v) => (v.indicator === 'users_5g' ? { ...v, value: 0.02 } : v)) },
      actorOf(countyReporter),
    );
    const rule = saved.blocking.find((finding) => finding.ruleCode === 'users_5g_le_mobile');
    expect(rule?.message.en).toMatch(/0\.02/);
    expect(rule?.message.zh).toContain('5G用户数不超过移动电话用户数');
    const refused = await rejectionOf(
      reporting.submit(countyReporter, DS, COUNTY, '2025', actorOf(countyReporter)),
    );
    expect(refused).toBeInstanceOf(InputError);
    expect(refused.message).toMatch(/cannot be submitted/);

    const version = saved.rows.find((row) => row.indicator === 'users_5g')!.version!;
    const fixed = await reporting.saveForm(
      countyReporter,
      DS,
      COUNTY,
      '2025',
      { values: [{ indicator: 'users_5g', value: 0.005, expectedVersion: version }] },
      actorOf(countyReporter),
    );
    expect(fixed.blocking).toEqual([]);
    expect(fixed.rows.find((row) => row.indicator === 'users_5g')).toMatchObject({
      value: 0.005,
      version: version + 1,
    });
  });

  it('refuses a stale save and names who changed the value', async () => {
    const form = await reporting.form(countyReporter, DS, COUNTY, '2025');
    const row = form.rows.find((r) => r.indicator === 'internet_users')!;
    await reporting.saveForm(
      countyReporter,
      DS,
      COUNTY,
      '2025',
      { values: [{ indicator: 'internet_users', value: 0.0069, expectedVersion: row.version! }] },
      actorOf(countyReporter),
    );
    const stale = await rejectionOf(
      reporting.saveForm(
        countyReporter,
        DS,
        COUNTY,
        '2025',
        { values: [{ indicator: 'internet_users', value: 0.007, expectedVersion: row.version! }] },
        actorOf(countyReporter),
      ),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.message).toMatch(/changed by jiangan .* to 0\.0069/);
  });

  it('goes county -> prefecture (return, correct, approve) -> province -> national office, locked throughout', async () => {
    const submitted = await reporting.submit(
      countyReporter,
      DS,
      COUNTY,
      '2025',
      actorOf(countyReporter),
    );
    expect(submitted.submission).toMatchObject({ state: 'submitted', awaitedLevel: 'prefecture' });
    expect(submitted.reportingStatus).toBe('on_time');
    expect(submitted.permissions.edit).toBe(false);

    // Locked: neither the form nor the single-value API may change it.
    const locked = await rejectionOf(
      reporting.saveForm(
        countyReporter,
        DS,
        COUNTY,
        '2025',
        { values: [{ indicator: 'internet_users', value: 1, expectedVersion: 2 }] },
        actorOf(countyReporter),
      ),
    );
    expect(locked).toBeInstanceOf(ConflictError);
    const entry = new DataEntryService(fixture.store.db);
    const lockedSingle = await rejectionOf(
      entry.writeDraft(
        countyReporter,
        {
          indicatorCode: 'internet_users',
          orgUnitCode: COUNTY,
          period: '2025',
          value: 1,
          comment: null,
          expectedVersion: 2,
        },
        actorOf(countyReporter),
      ),
    );
    expect(lockedSingle.message).toMatch(/submitted in data set nids-annual and locked/);

    // Only the prefecture acts now: not the county's own reviewer, not the province.
    for (const outsider of [countyReviewer, hubeiReviewer]) {
      const refused = await rejectionOf(
        reporting.approve(outsider, DS, [{ orgUnit: COUNTY, period: '2025' }], actorOf(outsider)),
      );
      expect(refused).toBeInstanceOf(ForbiddenError);
    }
    expect((await reporting.form(wuhanReviewer, DS, COUNTY, '2025')).permissions).toMatchObject({
      approve: true,
      return: true,
      edit: false,
    });

    const returned = await reporting.returnSubmission(
      wuhanReviewer,
      DS,
      {
        orgUnit: COUNTY,
        period: '2025',
        reason: 'Rural broadband looks low: check the township returns',
      },
      actorOf(wuhanReviewer),
    );
    expect(returned.submission).toMatchObject({
      state: 'returned',
      reason: 'Rural broadband looks low: check the township returns',
    });
    const form = await reporting.form(countyReporter, DS, COUNTY, '2025');
    expect(form.permissions.edit).toBe(true);
    const version = (d: string) =>
      form.rows.find(
        (r) => r.indicator === 'fixed_broadband_subscribers' && r.disaggregation === d,
      )!.version!;
    await reporting.saveForm(
      countyReporter,
      DS,
      COUNTY,
      '2025',
      {
        values: [
          { indicator: 'fixed_broadband_subscribers', value: 0.0045, expectedVersion: version('') },
          {
            indicator: 'fixed_broadband_subscribers',
            disaggregation: 'AREA=RURAL',
            value: 0.0015,
            expectedVersion: version('AREA=RURAL'),
          },
        ],
      },
      actorOf(countyReporter),
    );
    today = '2026-04-15';
    const resubmitted = await reporting.submit(
      countyReporter,
      DS,
      COUNTY,
      '2025',
      actorOf(countyReporter),
    );
    // Timeliness counts the first submission, made before the window closed.
    expect(resubmitted.reportingStatus).toBe('on_time');

    for (const [reviewer, state, approvedLevels] of [
      [wuhanReviewer, 'submitted', 1],
      [hubeiReviewer, 'submitted', 2],
      [nationReviewer, 'approved', 3],
    ] as const) {
      const result = await reporting.approve(
        reviewer,
        DS,
        [{ orgUnit: COUNTY, period: '2025' }],
        actorOf(reviewer),
      );
      expect(result.approved).toEqual([{ orgUnit: COUNTY, period: '2025', state, approvedLevels }]);
    }
    const approved = await reporting.form(countyReporter, DS, COUNTY, '2025');
    expect(
      approved.submission.events.map((e) => `${e.action}:${e.level ?? ''}:${e.state}`),
    ).toEqual([
      'submit::submitted',
      'return:prefecture:returned',
      'submit::submitted',
      'approve:prefecture:submitted',
      'approve:province:submitted',
      'approve:nation:approved',
    ]);
    expect(approved.permissions).toMatchObject({ edit: false, submit: false, unlock: false });

    // Unlocking needs the final approver's scope and a reason, and is audited.
    expect(
      await rejectionOf(
        reporting.unlock(
          hubeiReviewer,
          DS,
          { orgUnit: COUNTY, period: '2025', reason: 'x' },
          actorOf(hubeiReviewer),
        ),
      ),
    ).toBeInstanceOf(ForbiddenError);
    const unlocked = await reporting.unlock(
      nationReviewer,
      DS,
      { orgUnit: COUNTY, period: '2025', reason: 'Census revision of users' },
      actorOf(nationReviewer),
    );
    expect(unlocked.submission).toMatchObject({
      state: 'returned',
      reason: 'Census revision of users',
    });
    const audit = await fixture.store.db
      .selectFrom('auditLog')
      .select(['action', 'actor'])
      .where('entityId', '=', `${DS}/${COUNTY}/2025`)
      .orderBy('seq')
      .execute();
    expect(
      audit.filter((row) => row.action.startsWith('submission.')).map((row) => row.action),
    ).toEqual([
      'submission.submit',
      'submission.return',
      'submission.submit',
      'submission.approve',
      'submission.approve',
      'submission.approve',
      'submission.unlock',
    ]);
  });

  it('approves many units and past periods at once, or none when one is not the caller’s to approve', async () => {
    today = '2026-05-01';
    const counties = ['420103', '420104'];
    const periods = ['2024', '2025'];
    for (const code of counties) {
      const reporter = principal(`r${code}`, 'reporter', code, `/CN/420000/420100/${code}/`);
      for (const period of periods) {
        await reporting.saveForm(
          reporter,
          DS,
          code,
          period,
          { values: goodValues },
          actorOf(reporter),
        );
        await reporting.submit(reporter, DS, code, period, actorOf(reporter));
      }
    }
    const items = counties.flatMap((orgUnit) => periods.map((period) => ({ orgUnit, period })));
    const outsider = principal('wuhan-other', 'reviewer', '420200', '/CN/420000/420200/');
    const mixed = await rejectionOf(reporting.approve(outsider, DS, items, actorOf(outsider)));
    expect(mixed).toBeInstanceOf(ForbiddenError);
    expect(mixed.message).toMatch(/420103 2024: waits for the prefecture level/);
    const queue = await reporting.submissions(wuhanReviewer, DS, { state: 'submitted' });
    expect(queue.filter((item) => item.canAct).length).toBe(4);
    const result = await reporting.approve(wuhanReviewer, DS, items, actorOf(wuhanReviewer));
    expect(result.approved).toHaveLength(4);
    const again = await rejectionOf(
      reporting.approve(
        hubeiReviewer,
        DS,
        [...items, { orgUnit: COUNTY, period: '2025' }],
        actorOf(hubeiReviewer),
      ),
    );
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toMatch(/420102 2025: it was returned/);
  });

  it('tells completeness and timeliness for a period', async () => {
    today = '2026-05-01';
    const wuhan = await reporting.completeness(wuhanReviewer, DS, '2025', '420100');
    expect(wuhan.summary.expected).toBe(14);
    const byCode = new Map(wuhan.units.map((unit) => [unit.orgUnit.code, unit]));
    expect(byCode.get('420103')).toMatchObject({
      status: 'late',
      state: 'submitted',
      awaitedLevel: 'province',
    });
    expect(byCode.get(COUNTY)).toMatchObject({ status: 'returned' });
    expect(byCode.get('420105')).toMatchObject({ status: 'overdue', state: 'draft' });
    expect(wuhan.summary).toMatchObject({ reported: 2, onTime: 0, late: 2 });
    const hubei = await reporting.completeness(hubeiReviewer, DS, '2025', '420000');
    const wuhanRow = hubei.children.find((child) => child.orgUnit.code === '420100');
    expect(wuhanRow).toMatchObject({ expected: 14, reported: 2 });
    expect(
      await rejectionOf(reporting.completeness(wuhanReviewer, DS, '2025', '420000')),
    ).toBeInstanceOf(ForbiddenError);
  });
});

describeEachStore('data set definitions', (fixture) => {
  let service: DataSetService;
  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    service = new DataSetService(fixture.store.db);
  });

  it('refuses a definition that does not fit the store, naming every problem', async () => {
    const error = await rejectionOf(
      service.save(
        {
          code: 'broken',
          nameEn: 'Broken',
          nameZh: '坏',
          periodType: 'quarter',
          opensAfterDays: 0,
          closesAfterDays: 30,
          approvalLevels: ['province'],
          indicators: [
            { indicator: 'no_such_indicator' },
            { indicator: 'online_silk_road' },
            { indicator: 'users_5g', categories: ['SEX'] },
          ],
          orgUnits: { codes: ['999999'] },
          rules: [
            {
              code: 'r',
              severity: 'error',
              nameEn: 'r',
              nameZh: 'r',
              definition: { kind: 'compare' },
            },
          ],
        },
        { name: 'test', ip: null },
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    const paths = (error as InputError).problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'definition:indicators.0.indicator',
        'definition:indicators.1.indicator',
        'definition:indicators.2.categories.0',
        'definition:orgUnits.codes.0',
      ]),
    );
    expect(paths.some((p) => p.startsWith('definition:rules.0.definition'))).toBe(true);
    expect(await service.list()).toHaveLength(1);
  });

  it('saves a quarterly form for provinces and replaces it in place', async () => {
    const definition = {
      code: 'quarterly-5g',
      nameEn: '5G rollout, quarterly',
      nameZh: '5G建设季报',
      periodType: 'quarter',
      opensAfterDays: 1,
      closesAfterDays: 20,
      approvalLevels: ['nation'],
      indicators: [{ indicator: 'base_stations_5g', required: true, min: 0 }],
      orgUnits: { levels: ['province'] },
    };
    expect(await service.save(definition, { name: 'test', ip: null })).toMatchObject({
      created: true,
      orgUnits: 34,
    });
    expect(
      await service.save(
        { ...definition, orgUnits: { codes: ['420000'] } },
        { name: 'test', ip: null },
      ),
    ).toMatchObject({ created: false, orgUnits: 1 });
  });
});
