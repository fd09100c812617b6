/**
 * Inspections over HTTP on both engines: a national inspector plans the 2026
 * inspections of Hubei and Hunan, records a critical and a minor finding,
 * assigns two rectification items to Wuhan, whose reporter marks them done;
 * the finding closes only when both are; the year's summary counts open
 * findings and overdue items by the service clock. Then the refusals: scope,
 * dates, unknown units and references, and what each reader sees.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Finding,
  FindingListItem,
  InspectionDetail,
  InspectionPlanDetail,
  InspectionPlanSummary,
  InspectionYearSummary,
  RectificationItem,
} from '../../../api/inspections-contract.js';
import type { Role } from '../../../core/access/policy.js';
import type { Db } from '../../../db/connect.js';
import { createServices, type Services } from '../../../services/container.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { auditHead, auditSince } from '../../../test-support/access.js';
import { signInUsers } from '../../../test-support/http.js';
import { countRows } from '../../../test-support/row-counts.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { buildApp } from '../../app.js';
import { filesUnder, minimalPdf, windowsExecutable } from '../tasks/task-test-api.js';

const USERS: readonly [string, Role, string][] = [
  ['nation-inspector', 'inspector', 'CN'],
  ['hubei-inspector', 'inspector', '420000'],
  ['wuhan-reporter', 'reporter', '420100'],
  ['hubei-viewer', 'viewer', '420000'],
  ['hunan-viewer', 'viewer', '430000'],
  ['yichang-viewer', 'viewer', '420500'],
];

type Method = 'GET' | 'POST' | 'PATCH';

/** multipart/form-data with the JSON in field "done" and files in field "evidence". */
function doneUpload(done: object, files: readonly { fileName: string; content: Buffer }[]) {
  const boundary = `----planwatch-inspections-${files.length}`;
  const parts: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="done"\r\n\r\n${JSON.stringify(done)}\r\n`,
    ),
  ];
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${file.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** What a refused request must leave as it was. */
async function inspectionState(db: Db) {
  return {
    plans: await countRows(db, 'inspectionPlan'),
    inspections: await countRows(db, 'inspection'),
    findings: await countRows(db, 'inspectionFinding'),
    items: await countRows(db, 'rectificationItem'),
    doneItems: (
      await db.selectFrom('rectificationItem').select('id').where('status', '=', 'done').execute()
    ).length,
    closedFindings: (
      await db.selectFrom('inspectionFinding').select('id').where('status', '=', 'closed').execute()
    ).length,
    notifications: (await db.selectFrom('notification').select('id').execute()).length,
    attachments: (await db.selectFrom('attachment').select('id').execute()).length,
    auditHead: await auditHead(db),
  };
}

describeEachStore('inspections over HTTP', (fixture) => {
  let app: FastifyInstance;
  let services: Services;
  let headers: Record<string, Record<string, string>>;
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-inspection-evidence-'));
  /** The service clock: nothing here reads the machine's. */
  const today = '2026-06-10';

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    headers = await signInUsers(fixture.store, USERS);
    services = createServices(fixture.store, {
      now: () => new Date(`${today}T09:30:00Z`),
      filesDir,
    });
    app = await buildApp({
      context: { services, store: fixture.store, version: 'test' },
      logLevel: 'silent',
      webRoot: null,
    });
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const upload = (user: string, url: string, body: ReturnType<typeof doneUpload>) =>
    app.inject({
      method: 'POST',
      url,
      payload: body.payload,
      headers: { ...headers[user], 'content-type': body.contentType },
    });

  const call = (
    user: string | null,
    method: Method,
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, payload, headers: user ? headers[user] : {} });

  async function created<T>(response: Promise<LightMyRequestResponse>): Promise<T> {
    const answered = await response;
    expect(answered.statusCode, answered.body).toBe(201);
    return answered.json<T>();
  }

  async function userId(username: string): Promise<number> {
    const row = await fixture.store.db
      .selectFrom('userAccount')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The ids made along the way, shared by the steps below. */
  const ids = {
    plan: 0,
    hubei: 0,
    hunan: 0,
    critical: 0,
    minor: 0,
    other: 0,
    firstItem: 0,
    secondItem: 0,
  };

  describe('a year of inspections, from plan to closed finding', () => {
    it('plans the 2026 inspections of two provinces', async () => {
      const head = await auditHead(fixture.store.db);
      const plan = await created<InspectionPlanDetail>(
        call('nation-inspector', 'POST', '/api/inspection-plans', {
          year: 2026,
          title: '2026 informatization inspections',
          orgUnit: 'CN',
          description: 'Outline VI(4): annual inspections',
        }),
      );
      expect(plan).toMatchObject({
        year: 2026,
        orgUnit: { code: 'CN', level: 'nation' },
        inspectionCount: 0,
        inspections: [],
      });
      ids.plan = plan.id;
      const hubei = await created<InspectionDetail>(
        call('nation-inspector', 'POST', `/api/inspection-plans/${plan.id}/inspections`, {
          orgUnit: '420000',
          scheduledOn: '2026-05-12',
          inspectors: ['Li Wei', 'Zhang Min'],
        }),
      );
      expect(hubei).toMatchObject({
        orgUnit: { code: '420000', level: 'province' },
        scheduledOn: '2026-05-12',
        heldOn: null,
        inspectors: ['Li Wei', 'Zhang Min'],
        plan: { id: plan.id, year: 2026, orgUnit: { code: 'CN' } },
        findings: [],
      });
      ids.hubei = hubei.id;
      const hunan = await created<InspectionDetail>(
        call('nation-inspector', 'POST', `/api/inspection-plans/${plan.id}/inspections`, {
          orgUnit: '430000',
          scheduledOn: '2026-05-20',
        }),
      );
      ids.hunan = hunan.id;
      const entries = await auditSince(fixture.store.db, head);
      expect(entries.map((entry) => [entry.action, entry.entityId])).toEqual([
        ['inspection_plan.create', String(plan.id)],
        ['inspection.create', String(hubei.id)],
        ['inspection.create', String(hunan.id)],
      ]);
    });

    it('records when the Hubei inspection was held, with its summary', async () => {
      const response = await call('nation-inspector', 'PATCH', `/api/inspections/${ids.hubei}`, {
        heldOn: '2026-05-13',
        summary: 'Visited the provincial big-data bureau',
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<InspectionDetail>()).toMatchObject({
        heldOn: '2026-05-13',
        summary: 'Visited the provincial big-data bureau',
        inspectors: ['Li Wei', 'Zhang Min'],
      });
    });

    it('records a critical finding on a measure and a minor one', async () => {
      const critical = await created<Finding>(
        call('nation-inspector', 'POST', `/api/inspections/${ids.hubei}/findings`, {
          severity: 'critical',
          description: 'Government data sharing platform not connected to the national one',
          measure: { plan: 'nids-2016', path: 'III.3.3' },
        }),
      );
      expect(critical).toMatchObject({
        severity: 'critical',
        status: 'open',
        measure: { plan: 'nids-2016', path: 'III.3.3' },
        taskId: null,
        rectifications: [],
      });
      expect(critical.measure?.title).toBeTruthy();
      ids.critical = critical.id;
      const minor = await created<Finding>(
        call('nation-inspector', 'POST', `/api/inspections/${ids.hunan}/findings`, {
          severity: 'minor',
          description: 'Progress reports filed late twice',
        }),
      );
      expect(minor).toMatchObject({ severity: 'minor', measure: null });
      ids.minor = minor.id;
    });

    it('assigns two rectification items to Wuhan, whose people are told once each', async () => {
      const first = await created<RectificationItem>(
        call('nation-inspector', 'POST', `/api/findings/${ids.critical}/rectifications`, {
          title: 'Connect the city data exchange',
          ownerUnit: '420100',
          dueOn: '2026-09-30',
        }),
      );
      expect(first).toMatchObject({
        findingId: ids.critical,
        ownerUnit: { code: '420100', level: 'prefecture' },
        status: 'open',
        overdue: false,
        doneOn: null,
        evidenceLink: null,
      });
      ids.firstItem = first.id;
      const second = await created<RectificationItem>(
        call('nation-inspector', 'POST', `/api/findings/${ids.critical}/rectifications`, {
          title: 'Publish the shared data catalogue',
          ownerUnit: '420100',
          dueOn: '2026-06-01',
        }),
      );
      // Due before the service's today (2026-06-10).
      expect(second).toMatchObject({ status: 'open', overdue: true });
      ids.secondItem = second.id;

      const notices = await fixture.store.db
        .selectFrom('notification')
        .select(['stage', 'dedupeKey', 'link'])
        .where('userId', '=', await userId('wuhan-reporter'))
        .orderBy('id')
        .execute();
      expect(notices).toEqual([
        {
          stage: 'rectification_assigned',
          dedupeKey: `rectification_assigned:${first.id}`,
          link: `/inspections/${ids.hubei}`,
        },
        {
          stage: 'rectification_assigned',
          dedupeKey: `rectification_assigned:${second.id}`,
          link: `/inspections/${ids.hubei}`,
        },
      ]);
      // Wuhan's people are told, not Hubei's.
      const hubeiNotices = await fixture.store.db
        .selectFrom('notification')
        .select('id')
        .where('userId', '=', await userId('hubei-viewer'))
        .execute();
      expect(hubeiNotices).toEqual([]);
    });

    it('needs evidence to mark an item done, and only its owner unit’s reporters may', async () => {
      const before = await inspectionState(fixture.store.db);
      const noEvidence = await call(
        'wuhan-reporter',
        'POST',
        `/api/rectifications/${ids.firstItem}/done`,
        { note: 'Connected on 2 June' },
      );
      expect(noEvidence.statusCode).toBe(400);
      expect(noEvidence.json<{ details: { path: string }[] }>().details.map((d) => d.path)).toEqual(
        ['evidenceLink'],
      );
      const notALink = await call(
        'wuhan-reporter',
        'POST',
        `/api/rectifications/${ids.firstItem}/done`,
        { note: 'Connected', evidenceLink: 'javascript:alert(1)' },
      );
      expect(notALink.statusCode).toBe(400);
      expect(notALink.body).toContain('evidenceLink');
      for (const user of [
        'hubei-viewer',
        'hubei-inspector',
        'nation-inspector',
        'yichang-viewer',
      ]) {
        const refused = await call(user, 'POST', `/api/rectifications/${ids.firstItem}/done`, {
          note: 'done',
          evidenceLink: 'https://wuhan.example/report.pdf',
        });
        expect(refused.statusCode, `${user}: ${refused.body}`).toBe(403);
      }
      expect(await inspectionState(fixture.store.db)).toEqual(before);
    });

    it('refuses an evidence file that is not what its name says, keeping nothing', async () => {
      const before = await inspectionState(fixture.store.db);
      const files = filesUnder(filesDir);
      const response = await upload(
        'wuhan-reporter',
        `/api/rectifications/${ids.firstItem}/done`,
        doneUpload({ note: 'see the report' }, [
          { fileName: 'report.pdf', content: minimalPdf() },
          { fileName: 'minutes.pdf', content: windowsExecutable() },
        ]),
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('minutes.pdf');
      expect(await inspectionState(fixture.store.db)).toEqual(before);
      expect(filesUnder(filesDir)).toEqual(files);
    });

    it('lets the Wuhan reporter mark the first item done, with a PDF and a link', async () => {
      const head = await auditHead(fixture.store.db);
      const pdf = minimalPdf('exchange test report');
      const response = await upload(
        'wuhan-reporter',
        `/api/rectifications/${ids.firstItem}/done`,
        doneUpload(
          {
            note: 'Connected on 2 June; test report attached',
            evidenceLink: 'https://wuhan.example/exchange-report.pdf',
          },
          [{ fileName: '交换测试报告.pdf', content: pdf }],
        ),
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<RectificationItem>()).toMatchObject({
        status: 'done',
        doneOn: '2026-06-10',
        note: 'Connected on 2 June; test report attached',
        evidenceLink: 'https://wuhan.example/exchange-report.pdf',
        overdue: false,
      });
      const item = response.json<RectificationItem>();
      expect(item.doneBy).toContain('wuhan-reporter');
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      expect(item.evidence).toMatchObject([
        {
          fileName: '交换测试报告.pdf',
          mediaType: 'application/pdf',
          sizeBytes: pdf.length,
          sha256,
        },
      ]);
      const stored = filesUnder(filesDir).filter((file) => !file.startsWith('.incoming'));
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatch(new RegExp(`^${sha256.slice(0, 2)}/`));
      // The owner and the inspected unit download it; units that see neither do not learn it exists.
      for (const user of ['wuhan-reporter', 'hubei-viewer', 'nation-inspector']) {
        const download = await call(user, 'GET', item.evidence[0]!.href);
        expect(download.statusCode, `${user}: ${download.body}`).toBe(200);
        expect(download.rawPayload.equals(pdf)).toBe(true);
        expect(download.headers['content-type']).toBe('application/pdf');
        expect(download.headers['content-disposition']).toContain(
          "filename*=UTF-8''%E4%BA%A4%E6%8D%A2",
        );
      }
      for (const user of ['hunan-viewer', 'yichang-viewer']) {
        expect((await call(user, 'GET', item.evidence[0]!.href)).statusCode).toBe(404);
      }
      expect((await call(null, 'GET', item.evidence[0]!.href)).statusCode).toBe(401);
      const entries = await auditSince(fixture.store.db, head);
      expect(entries.map((entry) => entry.action)).toEqual(['rectification_item.done']);
      // The inspecting unit hears of it.
      const told = await fixture.store.db
        .selectFrom('notification')
        .select('stage')
        .where('userId', '=', await userId('nation-inspector'))
        .execute();
      expect(told).toEqual([{ stage: 'rectification_done' }]);

      const again = await call(
        'wuhan-reporter',
        'POST',
        `/api/rectifications/${ids.firstItem}/done`,
        { note: 'again', evidenceLink: 'https://wuhan.example/other.pdf' },
      );
      expect(again.statusCode).toBe(409);
      expect(again.json<{ message: string }>().message).toContain('done already');
    });

    it('refuses to close the finding while the other item is open, naming it', async () => {
      const before = await inspectionState(fixture.store.db);
      const response = await call(
        'nation-inspector',
        'POST',
        `/api/findings/${ids.critical}/close`,
        {
          note: 'Rectified',
        },
      );
      expect(response.statusCode).toBe(409);
      const message = response.json<{ message: string }>().message;
      expect(message).toContain(`#${ids.secondItem} "Publish the shared data catalogue"`);
      expect(message).not.toContain(`#${ids.firstItem} `);
      expect(await inspectionState(fixture.store.db)).toEqual(before);
    });

    it('counts open findings and overdue items per inspected unit', async () => {
      const response = await call('nation-inspector', 'GET', '/api/inspections/summary?year=2026');
      expect(response.statusCode, response.body).toBe(200);
      const summary = response.json<InspectionYearSummary>();
      expect(summary.today).toBe('2026-06-10');
      expect(
        summary.items.map((item) => [
          item.unit.code,
          item.inspections,
          item.openFindings,
          item.openRectifications,
          item.overdueRectifications,
        ]),
      ).toEqual([
        ['420000', 1, { minor: 0, major: 0, critical: 1 }, 1, 1],
        ['430000', 1, { minor: 1, major: 0, critical: 0 }, 0, 0],
      ]);
      // The annual evaluation reads the same through the service, for any day it names.
      expect(await services.inspections.openFindingsByUnit(2026, '2026-06-10')).toEqual(
        summary.items,
      );
      const earlier = await services.inspections.openFindingsByUnit(2026, '2026-05-31');
      expect(earlier.find((item) => item.unit.code === '420000')?.overdueRectifications).toBe(0);
      const otherYear = await call('nation-inspector', 'GET', '/api/inspections/summary?year=2025');
      expect(otherYear.json<InspectionYearSummary>().items).toEqual([]);
    });

    it('closes the finding once both items are done, and then takes no new items', async () => {
      const done = await call(
        'wuhan-reporter',
        'POST',
        `/api/rectifications/${ids.secondItem}/done`,
        { note: 'Catalogue published', evidenceLink: 'https://wuhan.example/catalogue' },
      );
      expect(done.statusCode, done.body).toBe(200);
      const head = await auditHead(fixture.store.db);
      const closed = await call('nation-inspector', 'POST', `/api/findings/${ids.critical}/close`, {
        note: 'Both items verified on site',
      });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json<Finding>()).toMatchObject({
        status: 'closed',
        closedOn: '2026-06-10',
        closureNote: 'Both items verified on site',
      });
      expect((await auditSince(fixture.store.db, head)).map((entry) => entry.action)).toEqual([
        'inspection_finding.close',
      ]);
      const twice = await call('nation-inspector', 'POST', `/api/findings/${ids.critical}/close`, {
        note: 'again',
      });
      expect(twice.statusCode).toBe(409);
      const before = await inspectionState(fixture.store.db);
      const late = await call(
        'nation-inspector',
        'POST',
        `/api/findings/${ids.critical}/rectifications`,
        { title: 'One more', ownerUnit: '420100', dueOn: '2026-12-31' },
      );
      expect(late.statusCode).toBe(409);
      expect(await inspectionState(fixture.store.db)).toEqual(before);

      const summary = await call('nation-inspector', 'GET', '/api/inspections/summary?year=2026');
      const hubei = summary
        .json<InspectionYearSummary>()
        .items.find((item) => item.unit.code === '420000');
      expect(hubei).toMatchObject({
        openFindingTotal: 0,
        openRectifications: 0,
        overdueRectifications: 0,
      });
    });

    it('shows the inspection with its findings and items, and the plan with its counts', async () => {
      const detail = await call('hubei-viewer', 'GET', `/api/inspections/${ids.hubei}`);
      expect(detail.statusCode, detail.body).toBe(200);
      const inspection = detail.json<InspectionDetail>();
      expect(inspection.findings.map((f) => [f.id, f.status, f.rectifications.length])).toEqual([
        [ids.critical, 'closed', 2],
      ]);
      const plan = await call('nation-inspector', 'GET', `/api/inspection-plans/${ids.plan}`);
      expect(plan.json<InspectionPlanDetail>()).toMatchObject({
        inspectionCount: 2,
        findingCount: 2,
        openFindings: { minor: 1, major: 0, critical: 0 },
      });
      expect(
        plan.json<InspectionPlanDetail>().inspections.map((i) => [i.orgUnit.code, i.findingCount]),
      ).toEqual([
        ['420000', 1],
        ['430000', 1],
      ]);
    });
  });

  describe('what each reader sees', () => {
    it('shows a province only its own inspection of a national plan', async () => {
      const list = await call('hunan-viewer', 'GET', '/api/inspection-plans?year=2026');
      expect(list.statusCode).toBe(200);
      const plans = list.json<{ items: InspectionPlanSummary[] }>().items;
      expect(plans.map((plan) => [plan.id, plan.inspectionCount, plan.openFindings])).toEqual([
        [ids.plan, 1, { minor: 1, major: 0, critical: 0 }],
      ]);
      const plan = await call('hunan-viewer', 'GET', `/api/inspection-plans/${ids.plan}`);
      expect(
        plan.json<InspectionPlanDetail>().inspections.map((inspection) => inspection.orgUnit.code),
      ).toEqual(['430000']);
      expect((await call('hunan-viewer', 'GET', `/api/inspections/${ids.hubei}`)).statusCode).toBe(
        404,
      );
      const findings = await call('hunan-viewer', 'GET', '/api/findings');
      expect(findings.json<{ items: FindingListItem[] }>().items.map((f) => f.id)).toEqual([
        ids.minor,
      ]);
      const summary = await call('hunan-viewer', 'GET', '/api/inspections/summary?year=2026');
      expect(summary.json<InspectionYearSummary>().items.map((item) => item.unit.code)).toEqual([
        '430000',
      ]);
    });

    it('shows the owner of a rectification item the finding it answers, and nothing else', async () => {
      const findings = await call('wuhan-reporter', 'GET', '/api/findings');
      const items = findings.json<{ items: FindingListItem[] }>().items;
      expect(
        items.map((f) => [f.id, f.inspection.orgUnit.code, f.inspection.inspectingUnit.code]),
      ).toEqual([[ids.critical, '420000', 'CN']]);
      // The inspection its notice points to shows the findings it answers, not the others.
      const other = await created<Finding>(
        call('nation-inspector', 'POST', `/api/inspections/${ids.hubei}/findings`, {
          severity: 'major',
          description: 'Ledger of shared data incomplete',
        }),
      );
      ids.other = other.id;
      const inspection = await call('wuhan-reporter', 'GET', `/api/inspections/${ids.hubei}`);
      expect(inspection.statusCode, inspection.body).toBe(200);
      expect(inspection.json<InspectionDetail>().findings.map((f) => f.id)).toEqual([ids.critical]);
      const whole = await call('hubei-viewer', 'GET', `/api/inspections/${ids.hubei}`);
      expect(whole.json<InspectionDetail>().findings.map((f) => f.id)).toEqual([
        ids.critical,
        other.id,
      ]);
      expect(
        (await call('yichang-viewer', 'GET', `/api/inspections/${ids.hubei}`)).statusCode,
      ).toBe(404);
      const yichang = await call('yichang-viewer', 'GET', '/api/findings');
      expect(yichang.json<{ items: FindingListItem[] }>().items).toEqual([]);
      const noPlans = await call('yichang-viewer', 'GET', '/api/inspection-plans');
      expect(noPlans.json<{ items: unknown[] }>().items).toEqual([]);
      expect(
        (await call('yichang-viewer', 'GET', `/api/inspection-plans/${ids.plan}`)).statusCode,
      ).toBe(404);
      expect((await call(null, 'GET', '/api/findings')).statusCode).toBe(401);
      expect((await call(null, 'GET', '/api/inspections/summary?year=2026')).statusCode).toBe(401);
    });

    it('filters findings by unit, status, severity and year', async () => {
      const ids_ = async (query: string) =>
        (await call('nation-inspector', 'GET', `/api/findings${query}`))
          .json<{ items: FindingListItem[] }>()
          .items.map((f) => f.id);
      expect(await ids_('')).toEqual([ids.critical, ids.other, ids.minor]);
      expect(await ids_('?status=open')).toEqual([ids.other, ids.minor]);
      expect(await ids_('?status=open&severity=major')).toEqual([ids.other]);
      expect(await ids_('?status=closed&severity=critical')).toEqual([ids.critical]);
      expect(await ids_('?unit=430000')).toEqual([ids.minor]);
      expect(await ids_('?unit=420100')).toEqual([ids.critical]);
      expect(await ids_('?year=2025')).toEqual([]);
      const unknown = await call('nation-inspector', 'GET', '/api/findings?unit=999999');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toContain('999999');
      const badSeverity = await call('nation-inspector', 'GET', '/api/findings?severity=grave');
      expect(badSeverity.statusCode).toBe(400);
      expect(badSeverity.body).toContain('severity');
    });
  });

  describe('refusals: nothing written', () => {
    let hubeiPlan = 0;

    beforeAll(async () => {
      hubeiPlan = (
        await created<InspectionPlanDetail>(
          call('hubei-inspector', 'POST', '/api/inspection-plans', {
            year: 2026,
            title: 'Hubei 2026 inspections',
            orgUnit: '420000',
          }),
        )
      ).id;
    });

    async function refused(
      user: string,
      method: Method,
      url: string,
      payload: object,
      status: number,
    ): Promise<LightMyRequestResponse> {
      const before = await inspectionState(fixture.store.db);
      const response = await call(user, method, url, payload);
      expect(response.statusCode, response.body).toBe(status);
      expect(await inspectionState(fixture.store.db)).toEqual(before);
      return response;
    }

    const paths = (response: LightMyRequestResponse) =>
      (response.json<{ details?: { path: string }[] }>().details ?? []).map((d) => d.path);

    it('an inspector of Hubei cannot inspect Hunan (403)', async () => {
      await refused(
        'hubei-inspector',
        'POST',
        '/api/inspection-plans',
        { year: 2026, title: 'Hunan', orgUnit: '430000' },
        403,
      );
      const response = await refused(
        'hubei-inspector',
        'POST',
        `/api/inspection-plans/${hubeiPlan}/inspections`,
        { orgUnit: '430000', scheduledOn: '2026-07-01' },
        403,
      );
      expect(response.json<{ message: string }>().message).toContain('430000');
      // Nor add to the national plan, write its inspections, findings or items.
      await refused(
        'hubei-inspector',
        'POST',
        `/api/inspection-plans/${ids.plan}/inspections`,
        { orgUnit: '420100', scheduledOn: '2026-07-01' },
        403,
      );
      await refused(
        'hubei-inspector',
        'PATCH',
        `/api/inspections/${ids.hubei}`,
        { summary: 'rewritten' },
        403,
      );
      await refused(
        'hubei-inspector',
        'POST',
        `/api/inspections/${ids.hubei}/findings`,
        { severity: 'minor', description: 'x' },
        403,
      );
      await refused('hubei-viewer', 'POST', `/api/findings/${ids.minor}/close`, { note: 'x' }, 403);
      await refused(
        'hubei-viewer',
        'POST',
        `/api/inspection-plans`,
        { year: 2026, title: 'Viewer plan', orgUnit: '420000' },
        403,
      );
    });

    it('an inspected unit lies within the plan unit’s subtree (400 naming it)', async () => {
      // The national inspector may inspect Hunan, but not through Hubei's plan.
      const response = await refused(
        'nation-inspector',
        'POST',
        `/api/inspection-plans/${hubeiPlan}/inspections`,
        { orgUnit: '430000', scheduledOn: '2026-07-01' },
        400,
      );
      expect(paths(response)).toEqual(['orgUnit']);
      expect(response.json<{ message: string }>().message).toContain('430000');
    });

    it('refuses bad dates, naming the field', async () => {
      const outside = await refused(
        'hubei-inspector',
        'POST',
        `/api/inspection-plans/${hubeiPlan}/inspections`,
        { orgUnit: '420100', scheduledOn: '2027-01-05' },
        400,
      );
      expect(paths(outside)).toEqual(['scheduledOn']);
      expect(outside.body).toContain("outside the plan's year 2026");
      const impossible = await refused(
        'hubei-inspector',
        'POST',
        `/api/inspection-plans/${hubeiPlan}/inspections`,
        { orgUnit: '420100', scheduledOn: '2026-02-30' },
        400,
      );
      expect(paths(impossible)).toEqual(['scheduledOn']);
      const malformed = await refused(
        'hubei-inspector',
        'POST',
        `/api/inspection-plans/${hubeiPlan}/inspections`,
        { orgUnit: '420100', scheduledOn: '2026/07/01' },
        400,
      );
      expect(paths(malformed)).toEqual(['body.scheduledOn']);
      const future = await refused(
        'nation-inspector',
        'PATCH',
        `/api/inspections/${ids.hunan}`,
        { heldOn: '2026-06-11' },
        400,
      );
      expect(paths(future)).toEqual(['heldOn']);
      // Held after an item's due day would leave that item due before the inspection.
      const afterItems = await refused(
        'nation-inspector',
        'PATCH',
        `/api/inspections/${ids.hubei}`,
        { heldOn: '2026-06-05' },
        400,
      );
      expect(afterItems.body).toContain(`#${ids.secondItem} (due 2026-06-01)`);
      const early = await refused(
        'nation-inspector',
        'POST',
        `/api/findings/${ids.minor}/rectifications`,
        { title: 'Backdated', ownerUnit: '430100', dueOn: '2026-05-19' },
        400,
      );
      expect(paths(early)).toEqual(['dueOn']);
      expect(early.body).toContain('before the inspection day 2026-05-20');
      const badYear = await refused(
        'nation-inspector',
        'POST',
        '/api/inspection-plans',
        { year: 1999, title: 'Old', orgUnit: 'CN' },
        400,
      );
      expect(paths(badYear)).toEqual(['body.year']);
    });

    it('refuses unknown units and references, naming each', async () => {
      const plan = await refused(
        'nation-inspector',
        'POST',
        '/api/inspection-plans',
        { year: 2026, title: 'Nowhere', orgUnit: '999999' },
        404,
      );
      expect(plan.body).toContain('999999');
      const inspection = await refused(
        'nation-inspector',
        'POST',
        `/api/inspection-plans/${ids.plan}/inspections`,
        { orgUnit: '999999', scheduledOn: '2026-07-01' },
        400,
      );
      expect(paths(inspection)).toEqual(['orgUnit']);
      const owner = await refused(
        'nation-inspector',
        'POST',
        `/api/findings/${ids.minor}/rectifications`,
        { title: 'x', ownerUnit: '999999', dueOn: '2026-07-01' },
        400,
      );
      expect(paths(owner)).toEqual(['ownerUnit']);
      // Wuhan is not within Hunan, the inspected unit.
      const outside = await refused(
        'nation-inspector',
        'POST',
        `/api/findings/${ids.minor}/rectifications`,
        { title: 'x', ownerUnit: '420100', dueOn: '2026-07-01' },
        400,
      );
      expect(paths(outside)).toEqual(['ownerUnit']);
      expect(outside.body).toContain('not within the subtree of the inspected unit 430000');
      const node = await refused(
        'nation-inspector',
        'POST',
        `/api/inspections/${ids.hunan}/findings`,
        { severity: 'major', description: 'x', measure: { plan: 'nids-2016', path: 'IX.9.9' } },
        400,
      );
      expect(paths(node)).toEqual(['measure.path']);
      const task = await refused(
        'nation-inspector',
        'POST',
        `/api/inspections/${ids.hunan}/findings`,
        { severity: 'major', description: 'x', taskId: 987654 },
        400,
      );
      expect(paths(task)).toEqual(['taskId']);
      await refused(
        'nation-inspector',
        'POST',
        `/api/inspections/987654/findings`,
        { severity: 'major', description: 'x' },
        404,
      );
      await refused('nation-inspector', 'POST', `/api/findings/987654/close`, { note: 'x' }, 404);
      await refused(
        'nation-inspector',
        'POST',
        `/api/inspections/${ids.hunan}/findings`,
        { severity: 'grave', description: 'x' },
        400,
      );
      expect((await call('nation-inspector', 'GET', '/api/inspections/987654')).statusCode).toBe(
        404,
      );
      // Ids beyond the integer columns name nothing (and never reach PostgreSQL as an error).
      for (const url of ['/api/inspections/99999999999', '/api/inspection-plans/99999999999']) {
        expect((await call('nation-inspector', 'GET', url)).statusCode).toBe(400);
        expect((await call('hubei-viewer', 'GET', url)).statusCode).toBeLessThan(500);
      }
      const hugeTask = await refused(
        'nation-inspector',
        'POST',
        `/api/inspections/${ids.hunan}/findings`,
        { severity: 'major', description: 'x', taskId: 99999999999 },
        400,
      );
      expect(paths(hugeTask)).toEqual(['body.taskId']);
    });
  });
});
