import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskDetail, TaskList, TaskUpdate } from '../../api/tasks-contract.js';
import { openStore } from '../../db/connect.js';
import { AccessService } from '../../services/access.service.js';
import type { TaskImportReport } from '../../services/tasks/task-import.service.js';
import { runCli } from '../../test-support/cli.js';
import { createStoreLocation, engines, type StoreLocation } from '../../test-support/stores.js';

const HEADER = 'ref,parent_ref,measure,title,lead_unit,start_on,due_on,milestones';

describe.each(engines)('planwatch tasks [%s]', (engine) => {
  let location: StoreLocation;
  let env: Record<string, string | undefined>;
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    location = await createStoreLocation(engine);
    env = { PLANWATCH_DATA: location.dataDir, DATABASE_URL: location.databaseUrl ?? undefined };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-tasks-cli-'));
    // The first command makes the store; a coordinator of Hubei for --as.
    expect((await runCli(['tasks', 'list', '--limit', '1'], env)).code).toBe(0);
    const store = await openStore(location);
    try {
      await new AccessService(store.db).createUser(
        null,
        {
          username: 'hubei',
          displayName: 'Hubei coordinator',
          password: 'a long enough password 2016',
          roles: [{ role: 'coordinator', orgUnitCode: '420000' }],
        },
        { name: 'system:test', ip: null },
      );
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await location.dispose();
  });

  it('lists the example breakdown of a new store, and shows a task', async () => {
    const list = await runCli(['tasks', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const { items, total } = JSON.parse(list.stdout) as TaskList;
    expect(total).toBe(9);
    expect(items.every((task) => task.isExample && task.title.startsWith('示例：'))).toBe(true);

    const human = await runCli(['tasks', 'list', '--unit', '420000', '--measure', 'III.2.3'], env);
    expect(human.stdout).toMatch(/示例：湖北省千兆城市和5G网络建设 \[example\]/);
    expect(human.stdout).toMatch(/示例：武汉市5G基站和千兆光网覆盖/);
    expect(human.stdout).toMatch(/\n2 tasks\n$/);

    const wuhan = items.find((task) => task.leadUnit.code === '420100')!;
    const show = await runCli(['tasks', 'show', String(wuhan.id)], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Task ${wuhan.id}: 示例：武汉市5G基站和千兆光网覆盖 [example]`);
    expect(show.stdout).toContain('2027-03-31 完成城区站址规划');
    const missing = await runCli(['tasks', 'show', '999999'], env);
    expect(missing).toMatchObject({ code: 1, stderr: 'planwatch: No task has id 999999\n' });
  });

  it('posts an update with evidence; a missing reason or a disguised file exits 1 and writes nothing', async () => {
    const list = JSON.parse((await runCli(['tasks', 'list', '--json'], env)).stdout) as TaskList;
    const task = list.items.find((item) => item.leadUnit.code === '420100')!;
    const updates = async () =>
      (
        JSON.parse(
          (await runCli(['tasks', 'show', String(task.id), '--json'], env)).stdout,
        ) as TaskDetail
      ).updates.length;
    const before = await updates();

    const noReason = await runCli(
      ['tasks', 'update', String(task.id), '--status', 'delayed', '--percent', '30'],
      env,
    );
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('needs a reason');

    const disguised = write('report.pdf', 'MZ\u0090\u0000 not a PDF at all');
    const refused = await runCli(
      [
        'tasks',
        'update',
        String(task.id),
        '--status',
        'on_track',
        '--percent',
        '30',
        '--evidence',
        disguised,
      ],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('report.pdf');
    expect(await updates()).toBe(before);

    const pdfText = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';
    const pdf = write('progress.pdf', pdfText);
    const posted = await runCli(
      [
        'tasks',
        'update',
        String(task.id),
        '--status',
        'delayed',
        '--percent',
        '30',
        '--reason',
        '施工许可延误',
        '--evidence',
        pdf,
        '--json',
      ],
      env,
    );
    expect(posted.stderr).toBe('');
    const update = JSON.parse(posted.stdout) as TaskUpdate;
    const sha256 = createHash('sha256').update(pdfText).digest('hex');
    expect(update).toMatchObject({ status: 'delayed', reason: '施工许可延误' });
    expect(update.evidence).toMatchObject([{ fileName: 'progress.pdf', sha256 }]);
    const stored = fs.readdirSync(path.join(location.dataDir, 'files', sha256.slice(0, 2)));
    expect(stored).toHaveLength(1);
    expect(await updates()).toBe(before + 1);
  });

  it('imports a file: a dry run, then for real; a bad file exits 1 naming line and column', async () => {
    const file = write(
      'hubei.csv',
      [
        HEADER,
        'H1,,IV.1.3,湖北电子商务进农村,420000,2026/7/1,2027-06-30,2026-12-31 方案',
        'W1,H1,,武汉电子商务进农村,420100,2026-07-01,2027-06-30,',
      ].join('\n'),
    );
    const dry = await runCli(['tasks', 'import', file, '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toBe(
      [
        'Checked hubei.csv (utf-8, 2 rows): 2 tasks would be created; nothing was written',
        '  line 2: H1',
        '  line 3: W1',
        'Dates converted:',
        '  line 2: start_on: "2026/7/1" read as 2026-07-01 (a date written with "/")',
        '',
      ].join('\n'),
    );
    const done = await runCli(['tasks', 'import', file, '--json'], env);
    expect(done.code).toBe(0);
    const report = JSON.parse(done.stdout) as TaskImportReport;
    expect(report).toMatchObject({ created: 2, dryRun: false });
    expect(report.tasks.every((task) => task.id !== null)).toBe(true);

    const bad = write(
      'bad.csv',
      [HEADER, 'B1,,IV.9.9,Nowhere,420000,2026-07-01,2026-06-30,'].join('\n'),
    );
    const refused = await runCli(['tasks', 'import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      [
        'planwatch: bad.csv: 2 problems; nothing was imported',
        '  bad.csv:2:3: measure: plan nids-2016 has no node IV.9.9',
        '  bad.csv:2:7: due_on: the due date 2026-06-30 is before the start date 2026-07-01',
        '',
      ].join('\n'),
    );
  });

  it('acts with a user’s roles with --as: a unit outside their scope is refused, exit 1', async () => {
    const before = JSON.parse((await runCli(['tasks', 'list', '--json'], env)).stdout) as TaskList;
    const file = write(
      'hunan.csv',
      [HEADER, 'X1,,IV.1.3,湖南电子商务,430000,2026-07-01,2027-06-30,'].join('\n'),
    );
    const refused = await runCli(['tasks', 'import', file, '--as', 'hubei'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^planwatch: hubei may not assign tasks on unit 430000/);
    expect(refused.stderr).not.toContain('    at ');
    const own = write(
      'xiaogan.csv',
      [HEADER, 'K1,,IV.1.3,孝感电子商务,420900,2026-07-01,2027-06-30,'].join('\n'),
    );
    expect((await runCli(['tasks', 'import', own, '--as', 'hubei'], env)).code).toBe(0);
    const seen = JSON.parse(
      (await runCli(['tasks', 'list', '--json', '--as', 'hubei'], env)).stdout,
    ) as TaskList;
    // The coordinator sees the tasks led in Hubei, not the national ones above them.
    expect(seen.items.every((task) => task.leadUnit.code.startsWith('42'))).toBe(true);
    expect(seen.total).toBeLessThan(before.total);
    expect(seen.items.map((task) => task.title)).toContain('孝感电子商务');
    const unknown = await runCli(['tasks', 'list', '--as', 'nobody'], env);
    expect(unknown).toMatchObject({ code: 1, stderr: 'planwatch: No user has the name nobody\n' });
  });

  it('exports to a workbook that imports back as the same breakdown', async () => {
    const out = path.join(dir, 'ecommerce.xlsx');
    const exported = await runCli(
      ['tasks', 'export', '--format', 'xlsx', '--out', out, '--measure', 'IV.1.3', '--lang', 'zh'],
      env,
    );
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe(`3 tasks written to ${out}\n`);
    const again = await runCli(['tasks', 'import', out, '--json'], env);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as TaskImportReport).created).toBe(3);
    const csv = await runCli(['tasks', 'export', '--measure', 'IV.1.3'], env);
    expect(csv.code).toBe(0);
    const lines = csv.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(7);
    // The copy repeats the original row for row, refs aside.
    const withoutRefs = (line: string) => line.replace(/T\d+/g, 'T');
    expect(lines.slice(4).map(withoutRefs)).toEqual(lines.slice(1, 4).map(withoutRefs));
    const noOut = await runCli(['tasks', 'export', '--format', 'xlsx'], env);
    expect(noOut).toMatchObject({
      code: 1,
      stderr: 'planwatch: An Excel export needs --out FILE\n',
    });
  });
});
