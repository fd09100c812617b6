import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreLocation, engines, type StoreLocation } from '../test-support/stores.js';
import { runCli, spawnCli } from '../test-support/cli.js';

interface JsonNode {
  kind: string;
  number: string;
  printedNumber: string | null;
  path: string;
  title: string;
  children: JsonNode[];
}

function flatten(nodes: JsonNode[]): JsonNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

describe.each(engines)('planwatch CLI [%s]', (engine) => {
  let location: StoreLocation;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    location = await createStoreLocation(engine);
    env = { PLANWATCH_DATA: location.dataDir, DATABASE_URL: location.databaseUrl ?? undefined };
  });
  afterAll(async () => location.dispose());

  it('creates the store on first use, from two processes at once, and prints the Outline as JSON', async () => {
    const [first, second] = await Promise.all([
      spawnCli(['plan', 'tree', 'nids-2016', '--json'], env),
      spawnCli(['plan', 'list', '--json'], env),
    ]);
    expect(first.stderr).toBe('');
    expect(second.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as { code: string }[]).map((plan) => plan.code)).toEqual([
      'nids-2016',
      'example-province-2017',
    ]);
    const tree = JSON.parse(first.stdout) as JsonNode[];
    expect(tree.map((chapter) => chapter.number)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI']);
    const nodes = flatten(tree);
    const counts = (kind: string) => nodes.filter((node) => node.kind === kind).length;
    expect([
      counts('chapter'),
      counts('section'),
      counts('objective'),
      counts('principle'),
      counts('measure'),
    ]).toEqual([6, 23, 3, 6, 56]);
    const byPath = new Map(nodes.map((node) => [node.path, node]));
    expect(byPath.get('III.3.3')).toMatchObject({
      kind: 'measure',
      number: '3',
      printedNumber: '12',
      title: 'Establishing basic structures and systems for information resources',
    });
    expect(byPath.get('IV.4')).toMatchObject({ kind: 'section', number: '4', printedNumber: 'IV' });
    expect(byPath.get('IV.1.3')?.title).toBe(
      'Moving forward with the networked transformation of the services sector',
    );
  });

  it('lists indicators with their targets as JSON', async () => {
    const result = await runCli(['indicators', '--json'], env);
    expect(result.code).toBe(0);
    const indicators = JSON.parse(result.stdout) as {
      code: string;
      targets: { year: number; value: number | null }[];
    }[];
    const bandwidth = indicators.find((indicator) => indicator.code === 'intl_export_bandwidth');
    expect(bandwidth?.targets.map((target) => [target.year, target.value])).toEqual([
      [2020, 20],
      [2025, 48],
    ]);
  });

  it('verifies the aggregates after an import, and rebuilds them', async () => {
    const file = path.join(location.dataDir, 'months.csv');
    fs.writeFileSync(
      file,
      'indicator,org_unit,period,value\necommerce_volume,420102,202301,1.5\necommerce_volume,420103,202302,2\n',
    );
    expect((await runCli(['data', 'import', file], env)).code).toBe(0);
    const ok = await runCli(['analytics', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Aggregates consistent: \d+ aggregate rows/);
    const json = JSON.parse((await runCli(['analytics', 'verify', '--json'], env)).stdout) as {
      ok: boolean;
      checked: number;
    };
    expect(json.ok).toBe(true);
    expect(json.checked).toBeGreaterThan(0);
    const rebuilt = await runCli(['analytics', 'rebuild'], env);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/Aggregates rebuilt: \d+ rows/);
    expect((await runCli(['analytics', 'verify'], env)).code).toBe(0);
  });

  it('revises a published figure with a note; the same figure again exits 1', async () => {
    const args = [
      'data',
      'revise',
      '--indicator',
      'ecommerce_volume',
      '--unit',
      'CN',
      '--period',
      '2020',
      '--basis',
      'NBS/MOFCOM annual',
      '--value',
      '37.3',
      '--note',
      'Final annual survey',
    ];
    const revised = await runCli([...args, '--json'], env);
    expect(revised.stderr).toBe('');
    expect(revised.code).toBe(0);
    expect(JSON.parse(revised.stdout)).toMatchObject({
      value: 37.3,
      status: 'published',
      revisionNote: 'Final annual survey',
    });
    const again = await runCli(args, env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ecommerce_volume CN 2020 (NBS/MOFCOM annual) is 37.3 already');
  });

  it('lists org units as text and JSON', async () => {
    const text = await runCli(['org-units'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('420000\tprovince\t湖北省\tHubei');
    const json = await runCli(['org-units', '--parent', '420100', '--json'], env);
    expect(
      (JSON.parse(json.stdout) as { items: { code: string }[] }).items.map((unit) => unit.code),
    ).toContain('420102');
  });

  it('imports a plan file and refuses a second plan with the same code', async () => {
    const file = path.join(location.dataDir, 'local.txt');
    fs.writeFileSync(
      file,
      'Hubei informatization plan\n\nI, Objectives\n\n(1) Infrastructure\n\nBroadband everywhere.\n\n  1. Building fibre networks. Connect every village.\n',
    );
    const imported = await runCli(['plan', 'import', file, '--code', 'hubei-2016'], env);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported plan hubei-2016');
    const again = await runCli(['plan', 'import', file, '--code', 'hubei-2016'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
  });

  it.each([
    [['plan', 'tree', 'no-such-plan'], 1, 'No plan has code no-such-plan'],
    [['org-units', '--parent', 'XX'], 1, 'No org unit has code XX'],
    [['org-units', '--level', 'village'], 1, '--level village is not one of'],
    [['no-such-command'], 2, "unknown command 'no-such-command'"],
  ])('%j fails with exit %i and says why', async (args, code, message) => {
    // One of them as the shell sees it, from a process of its own.
    const run = args[0] === 'no-such-command' ? spawnCli : runCli;
    const result = await run(args, env);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it('refuses a file that is not a plan, naming the file, and leaves the store as it was', async () => {
    const file = path.join(location.dataDir, 'recipe.txt');
    fs.writeFileSync(file, 'Tomato soup\n\nBoil the tomatoes.\nAdd salt.\n');
    const result = await runCli(['plan', 'import', file, '--code', 'soup'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} cannot be imported as a plan`);
    expect(result.stderr).toMatch(/recipe\.txt:\d+/);
    const list = await runCli(['plan', 'list', '--json'], env);
    expect((JSON.parse(list.stdout) as { code: string }[]).map((plan) => plan.code)).not.toContain(
      'soup',
    );
  });

  it('refuses a missing file', async () => {
    const result = await runCli(['plan', 'import', '/nonexistent/plan.txt', '--code', 'x'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot read /nonexistent/plan.txt: ENOENT');
  });
});

describe('planwatch CLI settings', () => {
  it.each([
    [{ PORT: 'eighty' }, 2, 'PORT="eighty"'],
    [
      { DATABASE_URL: 'mysql://localhost/x' },
      2,
      'DATABASE_URL="mysql://localhost/x": must be a postgres:// or postgresql:// URL',
    ],
    [
      { DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' },
      3,
      'DATABASE_URL postgres://nobody:***@127.0.0.1:1/none does not answer',
    ],
    // Under a regular file no directory can be made, even by root.
    [
      { PLANWATCH_DATA: '{dir}/a-file/data' },
      3,
      'The data directory {dir}/a-file/data cannot be created or written to (ENOTDIR)',
    ],
  ])('%j: exit %i, "%s"', async (env, code, message) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-settings-'));
    fs.writeFileSync(path.join(dataDir, 'a-file'), '');
    const withDir = (text: string) => text.replaceAll('{dir}', dataDir);
    try {
      const settings = Object.fromEntries(
        Object.entries(env).map(([key, value]) => [key, withDir(value)]),
      );
      const result = await spawnCli(['plan', 'list'], { PLANWATCH_DATA: dataDir, ...settings });
      message = withDir(message);
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain('secret');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
