/**
 * Local plans aligned to the Outline over HTTP, on both engines: a province
 * imports its plan written in Chinese numbering, links its measures, and the
 * alignment matrix shows that province answering those measures and another
 * none; tasks count too. Every refusal names the problem, and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AlignmentMatrix,
  AlignmentSuggestions,
  LocalPlanImportRequest,
  LocalPlanSummary,
  PlanAlignment,
} from '../../../api/alignment-contract.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import { auditHead } from '../../../test-support/access.js';
import { startTestApi, type TestApi } from '../../../test-support/http.js';
import { describeEachStore } from '../../../test-support/stores.js';
import { insertTask } from '../../../test-support/task-rows.js';

const GUANGDONG = '440000';
const GUANGZHOU = '440100';
const HUNAN = '430000';

/** A short local plan as provinces write them: 一、/（一）/1./2、/3．/（1） numbering, in Chinese. */
const LOCAL_PLAN = [
  '某省数字政府建设规划（测试用文本）',
  '',
  '某省人民政府办公厅',
  '',
  '2018年6月1日',
  '',
  '为贯彻落实《国家信息化发展战略纲要》，加快数字政府建设，结合本省实际，制定本规划。',
  '',
  '一、总体要求',
  '',
  '（一）指导思想。以信息化推进省域治理体系和治理能力现代化。',
  '',
  '（二）发展目标',
  '',
  '到2020年，基本建成全省一体化网上政务服务平台。',
  '到2022年，政务服务事项全部实现网上办理。',
  '',
  '二、重点任务',
  '',
  '（一）夯实数字政府基础设施',
  '',
  '1. 建设全省政务云平台。统一全省政务云资源，推动集约建设和共享使用。',
  '2、提升宽带网络覆盖。推进光纤宽带网络向乡镇和行政村延伸，提高网络速率。',
  '3．保障关键信息基础设施安全。落实关键信息基础设施安全保护制度，开展风险评估。',
  '',
  '（二）深化政务服务',
  '',
  '（1）推进政务服务“一网通办”。建设全省一体化网上政务服务平台，推动公共服务事项网上办理。',
  '（2）建设政务数据共享平台。编制政务信息资源目录，推动信息资源共享开放。',
  '',
  '三、保障措施',
  '',
  '（一）加强组织领导。成立数字政府建设领导小组，统筹推进规划实施。',
  '（二）强化考核督查。将规划实施情况纳入年度考核，组织年度督查。',
].join('\n');

/** A prefecture's plan following the province's plan (Chinese on both sides). */
const PREFECTURE_PLAN = [
  '某市数字政府建设实施方案（测试用文本）',
  '',
  '一、主要任务',
  '',
  '（一）基础设施',
  '',
  '1. 推进光纤宽带网络进村入户。提高行政村宽带网络速率。',
  '2. 接入全省政务云平台。市级政务系统全部迁移上云。',
].join('\n');

const LINKS = [
  { node: 'II.1.1', measure: 'III.2.1' },
  { node: 'II.1.2', measure: 'III.2.3' },
  { node: 'II.1.3', measure: 'V.3.2' },
  { node: 'II.2.1', measure: 'IV.2.6' },
  { node: 'II.2.2', measure: 'III.3.2' },
];

describeEachStore('local plans aligned to the Outline over HTTP', (fixture) => {
  let api: TestApi;
  /** The matrix before this suite's plans and tasks (a new store may hold shipped example tasks). */
  let baseline: AlignmentMatrix;
  const call: TestApi['call'] = (...args) => api.call(...args);
  const request = (overrides: Partial<LocalPlanImportRequest> = {}): LocalPlanImportRequest => ({
    code: 'gd-digital-gov',
    ownerUnit: GUANGDONG,
    alignsTo: 'nids-2016',
    text: LOCAL_PLAN,
    ...overrides,
  });
  const planCodes = async () =>
    (await call(null, 'GET', '/api/plans'))
      .json<{ items: LocalPlanSummary[] }>()
      .items.map((plan) => plan.code);
  const alignment = async (code: string) =>
    (await call(null, 'GET', `/api/plans/${code}/alignment`)).json<PlanAlignment>();
  const linked = (result: PlanAlignment) =>
    result.links
      .filter((link) => link.measure !== null)
      .map((link) => ({ node: link.node.path, measure: link.measure!.path }));

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    api = await startTestApi(fixture.store, [
      ['nation', 'coordinator', 'CN'],
      ['guangdong', 'coordinator', GUANGDONG],
      ['guangdong-reporter', 'reporter', GUANGDONG],
      ['guangdong-viewer', 'viewer', GUANGDONG],
      ['guangzhou', 'coordinator', GUANGZHOU],
      ['hunan', 'coordinator', HUNAN],
    ]);
    baseline = (
      await call('nation', 'GET', '/api/plans/nids-2016/alignment-matrix?level=province')
    ).json<AlignmentMatrix>();
  });
  afterAll(async () => api.app.close());

  describe('importing a local plan', () => {
    it('refuses bad text with line and column, and writes nothing', async () => {
      const before = await auditHead(fixture.store.db);
      const bad = LOCAL_PLAN.replace('（二）发展目标', '  （二）');
      const response = await call('guangdong', 'POST', '/api/plans', request({ text: bad }));
      expect(response.statusCode).toBe(400);
      const line = LOCAL_PLAN.split('\n').indexOf('（二）发展目标') + 1;
      expect(response.json()).toMatchObject({
        error: 'invalid_input',
        details: [
          {
            path: `text:${line}:3`,
            message: expect.stringContaining('stands alone on its line') as unknown,
          },
        ],
      });
      expect(await planCodes()).not.toContain('gd-digital-gov');
      expect(await auditHead(fixture.store.db)).toBe(before);
    });

    it('lists every problem of a request at once: code, parent plan and text', async () => {
      const response = await call(
        'guangdong',
        'POST',
        '/api/plans',
        request({
          code: 'Not A Code',
          alignsTo: 'no-such-plan',
          text: '规划\n\n一、总体要求\n\n（一）',
        }),
      );
      expect(response.statusCode).toBe(400);
      const details = response.json<{ details: { path: string; message: string }[] }>().details;
      expect(details.map((detail) => detail.path)).toEqual(['code', 'alignsTo', 'text:5:1']);
      expect(details[1]!.message).toBe('No plan has code no-such-plan');
    });

    it('lets only a coordinator within the owner unit import it', async () => {
      for (const [user, status] of [
        [null, 401],
        ['hunan', 403],
        ['guangzhou', 403],
        ['guangdong-reporter', 403],
      ] as const) {
        const response = await call(user, 'POST', '/api/plans', request());
        expect(response.statusCode, `${user}`).toBe(status);
      }
      expect(await planCodes()).not.toContain('gd-digital-gov');
    });

    it('imports a plan in Chinese numbering, owned by the province, following the Outline', async () => {
      const response = await call('guangdong', 'POST', '/api/plans', request());
      expect(response.statusCode).toBe(201);
      const { plan, notes } = response.json<{ plan: LocalPlanSummary; notes: unknown[] }>();
      expect(notes).toEqual([]);
      expect(plan).toMatchObject({
        code: 'gd-digital-gov',
        title: '某省数字政府建设规划（测试用文本）',
        issuers: ['某省人民政府办公厅'],
        issuedOn: '2018-06-01',
        ownerUnit: { code: GUANGDONG, level: 'province' },
        parentPlan: { code: 'nids-2016' },
        alignedNodeCount: 0,
        isExample: false,
      });
      const tree = await alignment('gd-digital-gov');
      expect(tree.links.map((link) => [link.node.path, link.node.kind, link.node.title])).toEqual([
        ['I', 'chapter', '总体要求'],
        ['I.1', 'section', '指导思想'],
        ['I.2', 'section', '发展目标'],
        ['I.2.1', 'objective', '到2020年'],
        ['I.2.2', 'objective', '到2022年'],
        ['II', 'chapter', '重点任务'],
        ['II.1', 'section', '夯实数字政府基础设施'],
        ['II.1.1', 'measure', '建设全省政务云平台'],
        ['II.1.2', 'measure', '提升宽带网络覆盖'],
        ['II.1.3', 'measure', '保障关键信息基础设施安全'],
        ['II.2', 'section', '深化政务服务'],
        ['II.2.1', 'measure', '推进政务服务“一网通办”'],
        ['II.2.2', 'measure', '建设政务数据共享平台'],
        ['III', 'chapter', '保障措施'],
        ['III.1', 'section', '加强组织领导'],
        ['III.2', 'section', '强化考核督查'],
      ]);
      expect(linked(tree)).toEqual([]);
    });

    it('refuses a second plan with the same code (409)', async () => {
      const response = await call('guangdong', 'POST', '/api/plans', request());
      expect(response.statusCode).toBe(409);
    });

    it('lists plans with owner and parent, the Outline first, filtered by owner or parent', async () => {
      const all = (await call(null, 'GET', '/api/plans')).json<{ items: LocalPlanSummary[] }>();
      expect(all.items[0]).toMatchObject({
        code: 'nids-2016',
        nodeCount: 94,
        ownerUnit: null,
        parentPlan: null,
      });
      const owned = await call(null, 'GET', `/api/plans?owner=${GUANGDONG}`);
      expect(owned.json<{ items: LocalPlanSummary[] }>().items.map((p) => p.code)).toEqual([
        'gd-digital-gov',
      ]);
      const following = await call(null, 'GET', '/api/plans?alignsTo=nids-2016');
      expect(following.json<{ items: LocalPlanSummary[] }>().items.map((p) => p.code)).toContain(
        'gd-digital-gov',
      );
      expect((await call(null, 'GET', '/api/plans?alignsTo=nothing')).statusCode).toBe(404);
    });
  });

  describe('linking nodes to national measures', () => {
    const put = (user: string | null, path: string, measure: string | null) =>
      call(user, 'PUT', `/api/plans/gd-digital-gov/nodes/${path}/alignment`, { measure });

    it('links one node and unlinks it again, each change audited', async () => {
      const before = await auditHead(fixture.store.db);
      const response = await put('guangdong', 'II.1.2', 'III.2.3');
      expect(response.statusCode).toBe(200);
      const result = response.json<PlanAlignment>();
      expect(linked(result)).toEqual([{ node: 'II.1.2', measure: 'III.2.3' }]);
      expect(result.links.find((link) => link.node.path === 'II.1.2')!.measure).toMatchObject({
        path: 'III.2.3',
        title: 'Optimizing and upgrading broadband networks',
      });
      expect(result.plan.alignedNodeCount).toBe(1);
      expect(await auditHead(fixture.store.db)).toBe(before + 1);
      // The same link again changes nothing and logs nothing.
      expect((await put('guangdong', 'II.1.2', 'III.2.3')).statusCode).toBe(200);
      expect(await auditHead(fixture.store.db)).toBe(before + 1);
      const unlinked = await put('guangdong', 'II.1.2', null);
      expect(linked(unlinked.json<PlanAlignment>())).toEqual([]);
      expect(await auditHead(fixture.store.db)).toBe(before + 2);
    });

    it.each([
      ['a node the plan lacks', 'II.9.9', 'III.2.3', 404, 'Plan gd-digital-gov has no node II.9.9'],
      [
        'a path the Outline lacks',
        'II.1.2',
        'III.9.9',
        400,
        'III.9.9 is not a node of plan nids-2016 (the plan gd-digital-gov follows)',
      ],
      [
        'a section, not a measure',
        'II.1.2',
        'III.2',
        400,
        'III.2 of plan nids-2016 is a section, not a measure',
      ],
      [
        'an objective, not a measure',
        'II.1.2',
        'II.2.1',
        400,
        'II.2.1 of plan nids-2016 is an objective, not a measure',
      ],
      [
        'a measure of another plan',
        'II.1.2',
        'gd-digital-gov:II.1.1',
        400,
        'gd-digital-gov:II.1.1 is not a measure of nids-2016',
      ],
    ])('refuses %s', async (_, node, measure, status, message) => {
      const before = await auditHead(fixture.store.db);
      const response = await put('guangdong', node, measure);
      expect(response.statusCode).toBe(status);
      const body = response.json<{ message: string; details?: { message: string }[] }>();
      expect(JSON.stringify(body)).toContain(message);
      expect(linked(await alignment('gd-digital-gov'))).toEqual([]);
      expect(await auditHead(fixture.store.db)).toBe(before);
    });

    it("refuses units outside the plan owner's subtree (403) and anonymous callers (401)", async () => {
      expect((await put('hunan', 'II.1.2', 'III.2.3')).statusCode).toBe(403);
      expect((await put('guangzhou', 'II.1.2', 'III.2.3')).statusCode).toBe(403);
      expect((await put('guangdong-viewer', 'II.1.2', 'III.2.3')).statusCode).toBe(403);
      expect((await put(null, 'II.1.2', 'III.2.3')).statusCode).toBe(401);
      const bulk = await call('hunan', 'PUT', '/api/plans/gd-digital-gov/alignment', {
        links: LINKS,
      });
      expect(bulk.statusCode).toBe(403);
      expect(linked(await alignment('gd-digital-gov'))).toEqual([]);
    });

    it('applies a bulk change all or nothing, listing every problem', async () => {
      const before = await auditHead(fixture.store.db);
      const bad = await call('guangdong', 'PUT', '/api/plans/gd-digital-gov/alignment', {
        links: [
          ...LINKS,
          { node: 'II.7', measure: 'III.2.3' },
          { node: 'II.1.1', measure: 'IV.2' },
          { node: 'III.1', measure: 'VI.1' },
        ],
      });
      expect(bad.statusCode).toBe(400);
      expect(
        bad.json<{ details: { path: string; message: string }[] }>().details.map((d) => d.path),
      ).toEqual(['links.5.node', 'links.6.node', 'links.6.measure', 'links.7.measure']);
      expect(linked(await alignment('gd-digital-gov'))).toEqual([]);
      expect(await auditHead(fixture.store.db)).toBe(before);

      const good = await call('guangdong', 'PUT', '/api/plans/gd-digital-gov/alignment', {
        links: LINKS,
      });
      expect(good.statusCode).toBe(200);
      expect(linked(good.json<PlanAlignment>())).toEqual(LINKS);
      expect(await auditHead(fixture.store.db)).toBe(before + 1);
    });

    it('refuses to align a plan that follows no plan', async () => {
      const response = await call('nation', 'PUT', '/api/plans/nids-2016/nodes/III.1.1/alignment', {
        measure: 'III.1.2',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ message: string }>().message).toContain(
        'Plan nids-2016 follows no other plan',
      );
    });
  });

  describe('the alignment matrix', () => {
    beforeAll(async () => {
      // Tasks are the other way a unit answers a measure: one led by a Guangdong prefecture, one by Hunan.
      const seed = { assignedBy: 'CN', startOn: '2026-01-01', dueOn: '2026-12-31' };
      await insertTask(fixture.store.db, {
        ...seed,
        measure: 'III.2.3',
        leadUnit: GUANGZHOU,
        title: 'Fibre to every village of the prefecture',
      });
      await insertTask(fixture.store.db, {
        ...seed,
        measure: 'IV.2.2',
        leadUnit: HUNAN,
        title: 'Provincial e-government platform',
      });
    });

    const matrixOf = async (user: string, query: string, plan = 'nids-2016') => {
      const response = await call(user, 'GET', `/api/plans/${plan}/alignment-matrix?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<AlignmentMatrix>();
    };

    it('shows the province covering the measures it linked, another province none', async () => {
      const matrix = await matrixOf('nation', 'level=province');
      expect(matrix.measures).toHaveLength(56);
      expect(matrix.units.length).toBeGreaterThanOrEqual(31);
      const unit = (code: string) => matrix.units.find((row) => row.unit.code === code)!;
      expect(unit(GUANGDONG)).toMatchObject({
        measuresCovered: 5,
        measuresWithTasks: 1,
        coverage: Math.round((5 / 56) * 10000) / 10000,
        plans: [{ code: 'gd-digital-gov', isExample: false }],
      });
      expect(unit(HUNAN)).toMatchObject({
        measuresCovered: 0,
        measuresWithTasks: 1,
        coverage: 0,
        plans: [],
      });
      const cells = (code: string) => matrix.cells.filter((cell) => cell.unitCode === code);
      expect(
        cells(GUANGDONG).map((cell) => [
          cell.measurePath,
          cell.nodes.map((n) => n.path),
          cell.taskCount,
        ]),
      ).toEqual([
        ['III.2.1', ['II.1.1'], 0],
        ['III.2.3', ['II.1.2'], 1],
        ['III.3.2', ['II.2.2'], 0],
        ['IV.2.6', ['II.2.1'], 0],
        ['V.3.2', ['II.1.3'], 0],
      ]);
      expect(cells(HUNAN)).toEqual([
        { measurePath: 'IV.2.2', unitCode: HUNAN, nodes: [], taskCount: 1 },
      ]);
      const measure = (path: string) => matrix.measures.find((row) => row.measure.path === path)!;
      expect(measure('III.2.3')).toMatchObject({
        measure: { title: 'Optimizing and upgrading broadband networks' },
        ancestors: [
          { path: 'III', title: 'Forcefully strengthening informatization development capacities' },
          { path: 'III.2', title: 'Laying down infrastructure, strengthening universal service' },
        ],
      });
      const before = baseline.measures.find((row) => row.measure.path === 'III.2.3')!;
      expect(measure('III.2.3').unitsWithTasks).toBe(before.unitsWithTasks + 1);
      expect(measure('III.2.3').unitsCovered).toBe(before.unitsCovered + 1);
      // A measure nobody here touched: as it was, and no province has a counterpart.
      expect(measure('III.1.3')).toEqual(
        baseline.measures.find((row) => row.measure.path === 'III.1.3'),
      );
      expect(measure('III.1.3')).toMatchObject({ unitsCovered: 0, coverage: 0 });
    });

    it('lists only the units with a local plan when no level is asked for', async () => {
      const matrix = await matrixOf('nation', '');
      expect(matrix.level).toBeNull();
      expect(matrix.units.map((row) => row.unit.code)).toContain(GUANGDONG);
      expect(matrix.units.map((row) => row.unit.code)).not.toContain(HUNAN);
    });

    it("shows a province's reader its own subtree, and refuses them the nation or another province", async () => {
      const own = await matrixOf('guangdong-viewer', `level=province&unit=${GUANGDONG}`);
      expect(own.scopeUnit.code).toBe(GUANGDONG);
      expect(own.units.map((row) => row.unit.code)).toEqual([GUANGDONG]);
      expect(own.units[0]!.measuresCovered).toBe(5);
      expect(own.cells.every((cell) => cell.unitCode === GUANGDONG)).toBe(true);
      for (const query of ['level=province', `level=province&unit=${HUNAN}`]) {
        const response = await call(
          'guangdong-viewer',
          'GET',
          `/api/plans/nids-2016/alignment-matrix?${query}`,
        );
        expect(response.statusCode, query).toBe(403);
      }
      expect(
        (await call(null, 'GET', '/api/plans/nids-2016/alignment-matrix?level=province'))
          .statusCode,
      ).toBe(401);
      expect(
        (await call('nation', 'GET', '/api/plans/no-plan/alignment-matrix?level=province'))
          .statusCode,
      ).toBe(404);
      expect(
        (await call('nation', 'GET', '/api/plans/nids-2016/alignment-matrix?level=village'))
          .statusCode,
      ).toBe(400);
    });

    it('follows plans below a local plan: a prefecture aligned to its province', async () => {
      const imported = await call('guangzhou', 'POST', '/api/plans', {
        code: 'gz-digital-gov',
        ownerUnit: GUANGZHOU,
        alignsTo: 'gd-digital-gov',
        text: PREFECTURE_PLAN,
      });
      expect(imported.statusCode, imported.body).toBe(201);
      // Chinese on both sides: the key terms find the province's matching measures.
      const suggestions = (
        await call(null, 'GET', '/api/plans/gz-digital-gov/alignment/suggestions')
      ).json<AlignmentSuggestions>();
      const top = (path: string) =>
        suggestions.items.find((item) => item.node.path === path)!.suggestions[0]!;
      expect(top('I.1.1').measure.path).toBe('II.1.2');
      expect(top('I.1.1').sharedTerms).toContain('宽带');
      expect(top('I.1.2').measure.path).toBe('II.1.1');
      // Suggestions are only suggestions.
      expect(linked(await alignment('gz-digital-gov'))).toEqual([]);

      const put = await call('guangzhou', 'PUT', '/api/plans/gz-digital-gov/alignment', {
        links: [{ node: 'I.1.1', measure: 'II.1.2' }],
      });
      expect(put.statusCode).toBe(200);
      // A national measure is not a measure of the plan the prefecture follows.
      const wrong = await call('guangzhou', 'PUT', '/api/plans/gz-digital-gov/alignment', {
        links: [{ node: 'I.1.2', measure: 'nids-2016:III.2.3' }],
      });
      expect(wrong.statusCode).toBe(400);

      const matrix = await matrixOf(
        'guangdong-viewer',
        `level=prefecture&unit=${GUANGDONG}`,
        'gd-digital-gov',
      );
      expect(matrix.plan.code).toBe('gd-digital-gov');
      expect(matrix.measures.map((row) => row.measure.path)).toEqual(
        LINKS.map((l) => l.node).sort(),
      );
      expect(matrix.units.find((row) => row.unit.code === GUANGZHOU)).toMatchObject({
        measuresCovered: 1,
        plans: [{ code: 'gz-digital-gov' }],
      });
      expect(matrix.cells).toEqual([
        {
          measurePath: 'II.1.2',
          unitCode: GUANGZHOU,
          nodes: [{ planCode: 'gz-digital-gov', path: 'I.1.1', title: '推进光纤宽带网络进村入户' }],
          taskCount: 0,
        },
      ]);
    });
  });
});
