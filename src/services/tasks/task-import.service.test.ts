import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../core/access/policy.js';
import type { Db } from '../../db/connect.js';
import { readTaskBreakdown, type BreakdownTask } from '../../formats/task-breakdown.js';
import { rejectionOf } from '../../test-support/access.js';
import { describeEachStore } from '../../test-support/stores.js';
import { countRows } from '../../test-support/row-counts.js';
import { OPERATOR } from '../catalogue.service.js';
import { createServices, type Services } from '../container.js';
import { ensureDefaults } from '../defaults.service.js';
import { ForbiddenError, InputError } from '../errors.js';

const actor = { name: 'system:test', ip: null };
const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER =
  'ref,parent_ref,parent_task_id,measure,title,description,lead_unit,participants,start_on,due_on,milestones,deliverables,indicators';

describeEachStore('task breakdown import and export', (fixture) => {
  let services: Services;
  let db: Db;
  /** A coordinator of Hubei: manages tasks in Hubei's subtree only. */
  let hubei: Principal;

  beforeAll(async () => {
    db = fixture.store.db;
    await ensureDefaults(db);
    services = createServices(fixture.store);
    hubei = {
      kind: 'user',
      userId: 9001,
      username: 'hubei-coordinator',
      via: 'session',
      grants: [
        {
          role: 'coordinator',
          orgUnitCode: '420000',
          orgUnitPath: (await services.access.unitPath('420000'))!,
        },
      ],
    };
  });

  const importCsv = (text: string, principal: Principal = OPERATOR, dryRun = false) =>
    services.taskImport.importBytes(utf8(text), 'breakdown.csv', principal, actor, { dryRun });

  describe('the example breakdown of a new store', () => {
    it('holds nine example tasks under the broadband and e-government measures, each labelled', async () => {
      const rows = await db
        .selectFrom('task')
        .innerJoin('planNode', 'planNode.id', 'task.planNodeId')
        .select([
          'task.id',
          'task.title',
          'task.description',
          'task.isExample',
          'task.parentTaskId',
          'task.leadUnitCode',
          'task.assignedByUnitCode',
          'planNode.path',
        ])
        .orderBy('task.id')
        .execute();
      expect(rows).toHaveLength(9);
      for (const row of rows) {
        expect(row.isExample).toBe(1);
        expect(row.title).toMatch(/^示例：/);
        expect(row.description).toMatch(/^Example only, not real work\./);
      }
      expect([...new Set(rows.map((row) => row.path))]).toEqual(['III.2.3', 'IV.2.6']);
      // National tasks led by the nation or a department, broken down to two provinces and a prefecture.
      const byId = new Map(rows.map((row) => [row.id, row]));
      const chains = rows.map((row) => {
        const chain = [row.leadUnitCode];
        for (let at = row.parentTaskId; at !== null; at = byId.get(at)!.parentTaskId)
          chain.unshift(byId.get(at)!.leadUnitCode);
        return chain.join('>');
      });
      expect(chains).toEqual([
        'CN',
        'CN>420000',
        'CN>420000>420100',
        'CN>520000',
        'MIIT',
        'CN',
        'CN>420000',
        'CN>520000',
        'GOSC',
      ]);
      // A sub-task is assigned by its parent's lead unit, which it escalates to.
      expect(rows[2]!.assignedByUnitCode).toBe('420000');
      const indicators = await db
        .selectFrom('taskIndicator')
        .select('indicatorCode')
        .distinct()
        .execute();
      expect(indicators.map((row) => row.indicatorCode)).toContain('fixed_broadband_per_100');
    });

    it('is loaded once: opening the store again adds nothing', async () => {
      const before = await countRows(db, 'task');
      expect((await ensureDefaults(db)).loaded).toBe(false);
      expect(await countRows(db, 'task')).toBe(before);
    });
  });

  it('imports a breakdown with parent refs and a parent already in the store in one go', async () => {
    const [national] = (await services.tasks.list(OPERATOR, { measure: 'IV.2.6', q: '一体化' }))
      .items;
    const report = await importCsv(
      [
        HEADER,
        `H1,,${national!.id},,湖北省政务数据共享,,420000,,2026/9/1,2027-06-30,2027年3月31日 目录编制,目录,egovernment_application_level`,
        'W1,H1,,,武汉市政务数据共享,,420100,,2026-10-01,2027-06-30,,,',
        'P1,,,IV.2.2,全国政务大数据中心,"国家治理大数据中心, 试点",CN,NDA;NDRC,2026-07-01,2027-12-31,2026-12-31 方案; 2027-12-31 验收,方案;验收报告,',
      ].join('\r\n'),
    );
    expect(report).toMatchObject({ format: 'csv', encoding: 'utf-8', rows: 3, created: 3 });
    expect(
      report.conversions.map((conversion) => [conversion.line, conversion.columnName]),
    ).toEqual([
      [2, 'start_on'],
      [2, 'milestones'],
    ]);
    const [h1, w1, p1] = report.tasks.map((task) => task.id!);
    const wuhan = await services.tasks.get(OPERATOR, w1!);
    expect(wuhan).toMatchObject({
      parentTaskId: h1,
      measure: { path: 'IV.2.6' },
      isExample: false,
    });
    const hubeiTask = await services.tasks.get(OPERATOR, h1!);
    expect(hubeiTask).toMatchObject({
      parentTaskId: national!.id,
      startOn: '2026-09-01',
      milestones: [{ title: '目录编制', dueOn: '2027-03-31' }],
      indicators: ['egovernment_application_level'],
    });
    expect(await services.tasks.get(OPERATOR, p1!)).toMatchObject({
      measure: { path: 'IV.2.2' },
      description: '国家治理大数据中心, 试点',
      participants: [{ code: 'NDRC' }, { code: 'NDA' }],
      deliverables: ['方案', '验收报告'],
    });
  });

  describe('a bad row leaves nothing written', () => {
    const good = 'G1,,,IV.1.3,电子商务示范,,CN,,2026-07-01,2027-06-30,,,';
    it.each([
      [
        'a due date before the start',
        [good, 'B1,G1,,,子任务,,420000,,2026-09-01,2026-08-01,,,'],
        { path: 'breakdown.csv', line: 3, column: 10 },
        'due_on: the due date 2026-08-01 is before the start date 2026-09-01',
      ],
      [
        'an unknown measure',
        [good, 'B1,,,IV.9.9,无此措施,,CN,,2026-07-01,2027-06-30,,,'],
        { path: 'breakdown.csv', line: 3, column: 4 },
        'measure: plan nids-2016 has no node IV.9.9',
      ],
      [
        'a parent that comes later',
        ['B1,G1,,,子任务,,420000,,2026-09-01,2027-06-01,,,', good],
        { path: 'breakdown.csv', line: 2, column: 2 },
        'parent_ref: row "G1" comes later: list a parent before its sub-tasks',
      ],
      [
        'a task that is its own parent',
        [good, 'B1,B1,,IV.1.3,循环,,CN,,2026-07-01,2027-06-30,,,'],
        { path: 'breakdown.csv', line: 3, column: 2 },
        'parent_ref: the task "B1" names itself as its parent: a cycle',
      ],
      [
        'an unknown indicator',
        [good, 'B1,G1,,,子任务,,420000,,2026-09-01,2027-06-01,,,no_such_indicator'],
        { path: 'breakdown.csv', line: 3, column: 13 },
        'indicators: item 1: no indicator has code no_such_indicator',
      ],
    ])('%s', async (_, lines, where, message) => {
      const [tasks, audit] = [await countRows(db, 'task'), await countRows(db, 'auditLog')];
      const error = await rejectionOf(importCsv([HEADER, ...lines].join('\n')));
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems).toContainEqual({ ...where, message });
      expect([await countRows(db, 'task'), await countRows(db, 'auditLog')]).toEqual([
        tasks,
        audit,
      ]);
    });

    it('a unit outside the caller’s scope (403, naming it)', async () => {
      const before = await countRows(db, 'task');
      const error = await rejectionOf(
        importCsv(
          [
            HEADER,
            'H1,,,IV.1.3,湖北电子商务,,420000,,2026-07-01,2027-06-30,,,',
            'X1,H1,,,湖南分解,,430000,,2026-07-01,2027-06-30,,,',
          ].join('\n'),
          hubei,
        ),
      );
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toContain('430000 (breakdown.csv line 3, lead_unit)');
      expect(await countRows(db, 'task')).toBe(before);
    });
  });

  it('names every problem of every row at once, the reader’s and the store’s, in file order', async () => {
    const before = await countRows(db, 'task');
    const error = await rejectionOf(
      importCsv(
        [
          HEADER,
          'A1,,,IV.1.3,电子商务,,CN,MIIT;NOPE,2026-07-01,2027/02/30,,,',
          'A2,A1,,,分解,,420000,,2026-06-01,2027-06-30,2026-05-01 启动,,',
          'A3,,,III.2,章节,,CN,,2026-07-01,2027-06-30,,,',
        ].join('\n'),
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('breakdown.csv: 5 problems; nothing was imported');
    // The unreadable due date does not keep the row's participants from being checked.
    expect((error as InputError).problems).toEqual([
      {
        path: 'breakdown.csv',
        line: 2,
        column: 8,
        message: 'participants: item 2: no org unit has code NOPE',
      },
      {
        path: 'breakdown.csv',
        line: 2,
        column: 10,
        message: 'due_on: "2027/02/30" is not a date: there is no 2027-02-30',
      },
      {
        path: 'breakdown.csv',
        line: 3,
        column: 2,
        message: 'parent_ref: row "A1" cannot be created (see its problems)',
      },
      {
        path: 'breakdown.csv',
        line: 3,
        column: 11,
        message:
          'milestones: milestone 1: milestone "启动" is due 2026-05-01, outside the task\'s 2026-06-01 to 2027-06-30',
      },
      {
        path: 'breakdown.csv',
        line: 4,
        column: 4,
        message: expect.stringContaining('III.2 of plan nids-2016 is a section, not a measure'),
      },
    ]);
    expect(await countRows(db, 'task')).toBe(before);
  });

  it('checks a dry run against the store and writes nothing', async () => {
    const [tasks, audit] = [await countRows(db, 'task'), await countRows(db, 'auditLog')];
    const report = await importCsv(
      [HEADER, 'D1,,,IV.1.3,试运行,,CN,,2026-07-01,2027-06-30,,,'].join('\n'),
      OPERATOR,
      true,
    );
    expect(report).toMatchObject({
      dryRun: true,
      rows: 1,
      created: 0,
      tasks: [{ ref: 'D1', id: null, line: 2 }],
    });
    expect([await countRows(db, 'task'), await countRows(db, 'auditLog')]).toEqual([tasks, audit]);
    // A dry run still finds what only the store knows.
    const error = await rejectionOf(
      importCsv(
        [HEADER, 'D1,,,IV.9.9,试运行,,CN,,2026-07-01,2027-06-30,,,'].join('\n'),
        OPERATOR,
        true,
      ),
    );
    expect((error as InputError).problems).toEqual([
      {
        path: 'breakdown.csv',
        line: 2,
        column: 4,
        message: 'measure: plan nids-2016 has no node IV.9.9',
      },
    ]);
  });

  it('imports a workbook and names its cells by sheet and row', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('分解');
    sheet.addRow(['任务分解表']);
    sheet.addRow(['编号', '措施', '任务名称', '牵头单位', '开始日期', '完成时限']);
    sheet.addRow(['X1', 'IV.1.3', '电子商务进农村', 'CN', new Date(Date.UTC(2026, 6, 1)), 46568]);
    sheet.addRow(['X2', 'IV.1.3', '跨境电商', 'NOWHERE', '2026-07-01', '2027-06-30']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const error = await rejectionOf(
      services.taskImport.importBytes(bytes, 'breakdown.xlsx', OPERATOR, actor, { dryRun: false }),
    );
    expect((error as InputError).problems).toEqual([
      {
        path: 'breakdown.xlsx#分解',
        line: 4,
        column: 4,
        message: '牵头单位 (D4): no org unit has code NOWHERE',
      },
    ]);
    sheet.getCell('D4').value = '420000';
    const report = await services.taskImport.importBytes(
      new Uint8Array(await book.xlsx.writeBuffer()),
      'breakdown.xlsx',
      OPERATOR,
      actor,
      { dryRun: false },
    );
    expect(report).toMatchObject({ format: 'xlsx', encoding: null, created: 2 });
    expect(report.conversions).toEqual([
      {
        sheet: '分解',
        line: 3,
        column: 6,
        columnName: '完成时限',
        from: '46568',
        to: '2027-06-30',
        how: 'an Excel date serial',
      },
    ]);
  });

  describe('export', () => {
    const tricky = [
      HEADER,
      'R1,,,V.2.3,"=HYPERLINK(""x"")",@cmd,CN,NDRC;MIIT,2026-07-01,2027-12-31,"2026-12-31 Plan; draft\n2027-06-30 -Review",-first;+second,internet_users',
      'R2,R1,,,湖北分解,"line one\nline two",420000,420100,2026-08-01,2027-06-30,,"单项；含分号\n",',
      'R3,R2,,,武汉分解,,420100,,2026-09-01,2027-06-30,2027-03-31 中期,,',
    ].join('\n');

    it.each(['csv', 'xlsx'] as const)(
      'writes what imports back as the same breakdown (%s)',
      async (format) => {
        const measure = format === 'csv' ? 'V.2.3' : 'V.3.2';
        await importCsv(tricky.replaceAll('V.2.3', measure));
        const first = await services.taskExport.export(OPERATOR, { format, measure });
        expect(first.rows).toBe(3);
        await services.taskImport.importBytes(first.body, first.fileName, OPERATOR, actor, {
          dryRun: false,
        });
        const second = await services.taskExport.export(OPERATOR, { format, measure });
        const original = (await readTaskBreakdown(first.body)).rows.map((row) => row.task);
        const again = (await readTaskBreakdown(second.body)).rows.map((row) => row.task);
        expect(again).toHaveLength(6);
        // The copy comes after the original, its refs are its own ids.
        const refs = new Map(again.slice(3).map((task, index) => [task.ref, original[index]!.ref]));
        const copy = again.slice(3).map((task): BreakdownTask => ({
          ...task,
          ref: refs.get(task.ref)!,
          parentRef: task.parentRef === null ? null : refs.get(task.parentRef)!,
        }));
        expect(copy).toEqual(original);
        expect(original[0]).toMatchObject({
          title: '=HYPERLINK("x")',
          description: '@cmd',
          milestones: [
            { dueOn: '2026-12-31', title: 'Plan; draft' },
            { dueOn: '2027-06-30', title: '-Review' },
          ],
          deliverables: ['-first', '+second'],
        });
        expect(original[1]).toMatchObject({
          description: 'line one\nline two',
          deliverables: ['单项；含分号'],
        });
      },
    );

    it('names a parent outside the file by its id, and shows only what the caller sees', async () => {
      const file = await services.taskExport.export(hubei, { format: 'csv', unit: '420100' });
      const rows = (await readTaskBreakdown(file.body)).rows.map((row) => row.task);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.leadUnit).toBe('420100');
        expect(row.parentRef).toBeNull();
        expect(row.parentTaskId).not.toBeNull();
        // The measure comes from the parent, which is not in the file.
        expect(row).not.toHaveProperty('measure');
      }
    });
  });
});
