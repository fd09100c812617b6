/**
 * `planwatch plan import --owner --aligns-to`, `plan align`, `plan matrix`,
 * `plan example` as a user runs them (the built command), on both engines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlignmentMatrix, LocalPlanSummary } from '../../api/alignment-contract.js';
import { runCli } from '../../test-support/cli.js';
import { createStoreLocation, engines, type StoreLocation } from '../../test-support/stores.js';

const PLAN = [
  '某省宽带网络发展规划（测试用文本）',
  '',
  '一、主要任务',
  '',
  '（一）网络建设',
  '',
  '1. 推进光纤到户。到2020年行政村光纤全覆盖。',
  '2. 建设政务外网。覆盖省市县乡四级。',
  '',
].join('\n');

describe.each(engines)('planwatch plan: local plans and alignment [%s]', (engine) => {
  let location: StoreLocation;
  let env: Record<string, string | undefined>;
  let file: string;
  beforeAll(async () => {
    location = await createStoreLocation(engine);
    env = { PLANWATCH_DATA: location.dataDir, DATABASE_URL: location.databaseUrl ?? undefined };
    file = path.join(location.dataDir, 'hunan.txt');
    fs.writeFileSync(file, PLAN);
  });
  afterAll(async () => location.dispose());

  it('imports a local plan for its owner, following the Outline', async () => {
    const result = await runCli(
      [
        'plan',
        'import',
        file,
        '--code',
        'hn-broadband',
        '--owner',
        '430000',
        '--aligns-to',
        'nids-2016',
      ],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Imported plan hn-broadband: 某省宽带网络发展规划（测试用文本） (4 nodes), owned by 430000, following nids-2016',
    );
    const list = await runCli(['plan', 'list', '--owner', '430000', '--json'], env);
    expect(JSON.parse(list.stdout) as LocalPlanSummary[]).toMatchObject([
      { code: 'hn-broadband', ownerUnit: { code: '430000' }, parentPlan: { code: 'nids-2016' } },
    ]);
  });

  it.each([
    [['--owner', '430000'], 'A local plan needs both --owner and --aligns-to'],
    [['--owner', '999999', '--aligns-to', 'nids-2016'], 'ownerUnit: No org unit has code 999999'],
    [['--owner', '430000', '--aligns-to', 'nope'], 'alignsTo: No plan has code nope'],
  ])('refuses %j and says why', async (args, message) => {
    const result = await runCli(['plan', 'import', file, '--code', 'other', ...args], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('links nodes all or nothing and prints the matrix', async () => {
    const bad = await runCli(['plan', 'align', 'hn-broadband', 'I.1.1=III.2.3', 'I.1.2=IV.2'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('links.1.measure: IV.2 of plan nids-2016 is a section');
    const links = path.join(location.dataDir, 'links.json');
    fs.writeFileSync(links, JSON.stringify([{ node: 'I.1.2', measure: 'IV.2.2' }]));
    const good = await runCli(
      ['plan', 'align', 'hn-broadband', 'I.1.1=III.2.3', '--file', links],
      env,
    );
    expect(good.stderr).toBe('');
    expect(good.stdout).toContain('Plan hn-broadband: 2 of 4 nodes aligned to nids-2016');

    const matrix = await runCli(
      ['plan', 'matrix', 'nids-2016', '--level', 'province', '--unit', '430000', '--json'],
      env,
    );
    expect(matrix.code).toBe(0);
    const parsed = JSON.parse(matrix.stdout) as AlignmentMatrix;
    expect(parsed.units).toMatchObject([{ unit: { code: '430000' }, measuresCovered: 2 }]);
    expect(parsed.cells.map((cell) => cell.measurePath)).toEqual(['III.2.3', 'IV.2.2']);
    const text = await runCli(['plan', 'matrix', 'nids-2016'], env);
    // Hubei's column (the shipped example plan) comes first.
    expect(text.stdout).toMatch(/^III\.2\.3\t.*\thn-broadband:I\.1\.1$/m);
  });

  it('loads the example local plan once: a new store holds it already', async () => {
    const list = await runCli(['plan', 'list', '--owner', '420000', '--json'], env);
    expect(JSON.parse(list.stdout)).toMatchObject([
      { code: 'example-province-2017', title: '某省信息化发展规划（示例）', isExample: true },
    ]);
    const second = await runCli(['plan', 'example'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('exists already');
  });
});
