/**
 * The alignment service on both engines: the shipped example plan (labelled,
 * aligned, loaded once), problems named by file and line, the audit trail of a
 * link, and the matrix when units with plans nest (a province and its prefecture).
 */
import { beforeAll, expect, it } from 'vitest';
import { ensureDefaults } from '../defaults.service.js';
import { ConflictError, InputError } from '../errors.js';
import { auditHead, auditSince } from '../../test-support/access.js';
import { describeEachStore } from '../../test-support/stores.js';
import { AlignmentService } from './alignment.service.js';
import { loadExampleLocalPlan } from './example-local-plan.js';

const ACTOR = { name: 'system:test', ip: null };
const HUBEI = '420000';
const WUHAN = '420100';

describeEachStore('alignment service', (fixture) => {
  let service: AlignmentService;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    service = new AlignmentService(fixture.store.db);
  });

  it('holds the shipped example plan from the first start, labelled, aligned to the Outline', async () => {
    const loaded = await service.alignment('example-province-2017');
    expect(loaded.plan).toMatchObject({
      code: 'example-province-2017',
      title: '某省信息化发展规划（示例）',
      ownerUnit: { code: HUBEI },
      parentPlan: { code: 'nids-2016' },
      isExample: true,
      alignedNodeCount: 10,
    });
    expect(loaded.plan.source).toContain('Example written for Planwatch');
    const link = (path: string) => loaded.links.find((item) => item.node.path === path)!;
    expect(link('II.1.3')).toMatchObject({
      node: { title: '推进宽带网络优化升级' },
      measure: { path: 'III.2.3', title: 'Optimizing and upgrading broadband networks' },
    });
    expect(link('II.2.3').measure).toMatchObject({
      path: 'IV.2.2',
      title: 'Raising government informatization levels',
    });
  });

  it('refuses to load the example twice, writing nothing', async () => {
    const before = await auditHead(fixture.store.db);
    await expect(loadExampleLocalPlan(fixture.store.db, ACTOR)).rejects.toThrow(ConflictError);
    expect(await auditHead(fixture.store.db)).toBe(before);
    expect((await service.listPlans({ owner: HUBEI })).map((plan) => plan.code)).toEqual([
      'example-province-2017',
    ]);
  });

  it('names the file and line of every problem in the text', async () => {
    const error = await service
      .importLocalPlan(
        {
          code: 'wuhan-plan',
          ownerUnit: WUHAN,
          alignsTo: 'nids-2016',
          text: '某市规划\n\n一、任务\n\n（一）\n\n二、\n',
          source: 'test',
          fileName: 'plans/wuhan.txt',
        },
        ACTOR,
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['plans/wuhan.txt', 5, 1],
      ['plans/wuhan.txt', 7, 1],
    ]);
  });

  it('records each link with the measure before and after', async () => {
    const before = await auditHead(fixture.store.db);
    await service.setNodeAlignment('example-province-2017', 'II.1.6', 'III.4.2', ACTOR);
    await service.setNodeAlignment('example-province-2017', 'II.1.6', 'III.4.1', ACTOR);
    const entries = await auditSince(fixture.store.db, before);
    expect(
      entries.map((entry): unknown[] => [
        entry.action,
        entry.entityId,
        JSON.parse(entry.beforeJson!) as unknown,
        JSON.parse(entry.afterJson!) as unknown,
      ]),
    ).toEqual([
      [
        'plan.align',
        'example-province-2017',
        { alignsTo: 'nids-2016', links: [{ node: 'II.1.6', measure: null }] },
        { alignsTo: 'nids-2016', links: [{ node: 'II.1.6', measure: 'III.4.2' }] },
      ],
      [
        'plan.align',
        'example-province-2017',
        { alignsTo: 'nids-2016', links: [{ node: 'II.1.6', measure: 'III.4.2' }] },
        { alignsTo: 'nids-2016', links: [{ node: 'II.1.6', measure: 'III.4.1' }] },
      ],
    ]);
    await service.setNodeAlignment('example-province-2017', 'II.1.6', null, ACTOR);
  });

  it('counts a prefecture plan for its province too when both are listed', async () => {
    await service.importLocalPlan(
      {
        code: 'wuhan-plan',
        ownerUnit: WUHAN,
        alignsTo: 'nids-2016',
        text: '某市信息化规划（测试用文本）\n\n一、任务\n\n（一）网络\n\n1. 建设千兆城市。全市光纤覆盖。\n2. 建设智慧医院。推广远程医疗。\n',
        source: 'test',
        fileName: 'wuhan.txt',
      },
      ACTOR,
    );
    await service.setAlignments(
      'wuhan-plan',
      {
        links: [
          { node: 'I.1.1', measure: 'III.2.3' },
          { node: 'I.1.2', measure: 'IV.4.3' },
        ],
      },
      ACTOR,
    );
    const matrix = await service.matrix('nids-2016', {});
    expect(matrix.units.map((row) => [row.unit.code, row.plans.map((plan) => plan.code)])).toEqual([
      [HUBEI, ['example-province-2017', 'wuhan-plan']],
      [WUHAN, ['wuhan-plan']],
    ]);
    const cell = (measure: string, unit: string) =>
      matrix.cells
        .find((item) => item.measurePath === measure && item.unitCode === unit)
        ?.nodes.map((node) => `${node.planCode}:${node.path}`);
    expect(cell('III.2.3', HUBEI)).toEqual(['example-province-2017:II.1.3', 'wuhan-plan:I.1.1']);
    expect(cell('III.2.3', WUHAN)).toEqual(['wuhan-plan:I.1.1']);
    // Smart healthcare: answered only by the prefecture, which counts for the province too.
    expect(cell('IV.4.3', HUBEI)).toEqual(['wuhan-plan:I.1.2']);
    expect(matrix.units.find((row) => row.unit.code === HUBEI)!.measuresCovered).toBe(11);
    expect(matrix.units.find((row) => row.unit.code === WUHAN)!.measuresCovered).toBe(2);
    const healthcare = matrix.measures.find((row) => row.measure.path === 'IV.4.3')!;
    expect(healthcare).toMatchObject({ unitsCovered: 2, coverage: 1 });
  });
});
