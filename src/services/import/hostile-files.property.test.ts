/**
 * Random and malformed files through every importer's service entry point:
 * values (plain CSV and SDMX-CSV in UTF-8, UTF-16, GBK, with bytes that are
 * no text; .xlsx workbooks cut short or damaged), plan texts (national and
 * local), task breakdowns (CSV and .xlsx), evidence files and data set
 * definitions. Each either imports or refuses with the importer's own error,
 * whose problems name where (a line within the file, a column from 1); a
 * refusal leaves every table as it was, and a dry run always does.
 *
 * Fixed seed and few cases here; `npm run test:fuzz` runs many with a fresh
 * seed (test-support/fuzz.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import {
  BREAKDOWN_COLUMNS,
  CHINESE_HEADERS,
  readTaskBreakdown,
  type BreakdownTask,
} from '../../formats/task-breakdown.js';
import { writeBreakdownWorkbook } from '../../formats/task-breakdown-write.js';
import { readWorkbookRecords, WorkbookReadError, writeValuesWorkbook } from '../../formats/xlsx.js';
import { auditHead } from '../../test-support/access.js';
import { fuzzSettings, fuzzTimeout, nastyText } from '../../test-support/fuzz.js';
import { countRows } from '../../test-support/row-counts.js';
import { describeEachStore } from '../../test-support/stores.js';
import { OPERATOR } from '../catalogue.service.js';
import { createServices, type Services } from '../container.js';
import { ensureDefaults } from '../defaults.service.js';
import { ConflictError, InputError, NotFoundError, type Problem } from '../errors.js';
import { importPlan } from '../plan-import.service.js';
import { EvidenceStore, TooLargeError } from '../tasks/evidence-store.js';

const actor = { name: 'system:fuzz', ip: null };

/** Every table an importer writes; a refusal leaves each as it was. */
const TABLES: (keyof Database)[] = [
  'dataValue',
  'dataValueRevision',
  'dataValueAggregate',
  'plan',
  'planNode',
  'planImportNote',
  'task',
  'taskParticipant',
  'taskIndicator',
  'taskMilestone',
  'dataSet',
  'dataSetIndicator',
  'dataSetOrgUnit',
  'dataSetPeriodWindow',
  'validationRule',
  'category',
  'categoryOption',
];

// ---------------------------------------------------------------------------
// Text files: cells, records, encodings, corruption

const INDICATORS = ['users_5g', 'internet_users', 'fixed_broadband_subscribers', 'no_such_code'];
const UNITS = ['CN', '420000', '420100', '430000', '999999'];

/** Cells that are nearly right (codes, periods, numbers in many forms) or hostile. */
const cell = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      ...INDICATORS,
      ...UNITS,
      '2024',
      '2024Q3',
      '202407',
      '2024S1',
      '2024-Q3',
      '1900',
      '99999',
      'AREA=URBAN',
      'AREA=MARS',
      '1',
      '-1',
      '0',
      '3.5',
      '1,234.5',
      '71.2%',
      '-',
      '…',
      '1e400',
      '1e-400',
      '123456789012345678901234567890',
      'dataflow',
      'PLANWATCH:DF_NIDS(1.0)',
      'I',
      'D',
      '_T',
      '2026-01-01',
      '2026/6/30',
      '2026年6月30日',
      '46000',
      'nids-2016',
      'III.2.3',
      '2026-12-31 milestone; 2027-06-30 another',
    ),
  },
  { weight: 3, arbitrary: nastyText },
);

interface TextFile {
  header: string[];
  rows: string[][];
  delimiter: string;
  lineEnd: string;
  quoteAll: boolean;
}

function csvText(file: TextFile): string {
  const quote = (text: string) =>
    file.quoteAll || /[",;\t\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  return [file.header, ...file.rows]
    .map((record) => record.map(quote).join(file.delimiter))
    .join(file.lineEnd);
}

const VALUE_HEADERS = [
  'indicator',
  'org_unit',
  'period',
  'value',
  'disaggregation',
  'comment',
  'source',
];
const SDMX_HEADERS = [
  'STRUCTURE',
  'STRUCTURE_ID',
  'ACTION',
  'INDICATOR',
  'REF_AREA',
  'TIME_PERIOD',
  'AREA',
  'OBS_VALUE',
  'COMMENT',
  'SOURCE',
];

/** A header of known columns (some missing, repeated or misspelt, in any order), or any cells. */
function headerOf(columns: readonly string[]): fc.Arbitrary<string[]> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<string[]>([...columns]) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.shuffledSubarray([...columns], { minLength: 1 }),
          fc.option(fc.oneof(fc.constantFrom(...columns, 'VALUE ', 'Unknown'), nastyText), {
            freq: 3,
          }),
        )
        .map(([chosen, extra]) => (extra === null ? chosen : [...chosen, extra])),
    },
    { weight: 1, arbitrary: fc.array(cell, { maxLength: 8 }) },
  );
}

function textFileOf(columns: readonly string[]): fc.Arbitrary<TextFile> {
  return fc.record({
    header: headerOf(columns),
    rows: fc.array(fc.array(cell, { maxLength: columns.length + 2 }), { maxLength: 8 }),
    delimiter: fc.constantFrom(',', ',', ';', '\t'),
    lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
    quoteAll: fc.boolean(),
  });
}

/** GBK bytes of the Chinese characters the generators use most; others stay UTF-8 (a mixed file). */
const GBK: Record<string, number[]> = {
  湖: [0xba, 0xfe],
  北: [0xb1, 0xb1],
  省: [0xca, 0xa1],
  年: [0xc4, 0xea],
  月: [0xd4, 0xc2],
  日: [0xc8, 0xd5],
};

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gbk';

function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'utf-16le':
      return Buffer.from(`\ufeff${text}`, 'utf16le');
    case 'utf-16be':
      return Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    case 'gbk':
      return Buffer.from([...text].flatMap((char) => GBK[char] ?? [...Buffer.from(char, 'utf8')]));
  }
}

/** Damage: cut short, bytes that are no text put in, a NUL, or none. */
const damage = fc.oneof(
  { weight: 3, arbitrary: fc.constant((bytes: Buffer) => bytes) },
  {
    weight: 1,
    arbitrary: fc.nat().map((at) => (bytes: Buffer) => bytes.subarray(0, at % (bytes.length + 1))),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.nat(),
        fc.constantFrom(
          [0xff],
          [0x80],
          [0xc0, 0xaf],
          [0xed, 0xa0, 0x80],
          [0xe6, 0xb9],
          [0xf4, 0x90, 0x80, 0x80],
          [0x00],
          [0xfe, 0xff],
          [0x81, 0x20],
        ),
      )
      .map(([at, inserted]) => (bytes: Buffer) => {
        const cut = at % (bytes.length + 1);
        return Buffer.concat([bytes.subarray(0, cut), Buffer.from(inserted), bytes.subarray(cut)]);
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((random) => (bytes: Buffer) => Buffer.concat([bytes, Buffer.from(random)])),
  },
);

function textBytesOf(columns: readonly string[]): fc.Arbitrary<{ bytes: Buffer; text: string }> {
  return fc
    .tuple(
      textFileOf(columns),
      fc.constantFrom<Encoding>('utf-8', 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gbk'),
      damage,
    )
    .map(([file, encoding, damaged]) => {
      const text = csvText(file);
      return { bytes: damaged(encode(text, encoding)), text };
    });
}

/** Bytes changed (each to a different value) at the given offsets. */
function flipped(base: Buffer, edits: readonly (readonly [number, number])[]): Buffer {
  const copy = Buffer.from(base);
  for (const [at, mask] of edits) copy[at] = copy[at]! ^ mask;
  return copy;
}

const edits = (from: number, to: number) =>
  fc.array(
    fc.tuple(
      fc.integer({ min: from, max: Math.max(from, to - 1) }),
      fc.integer({ min: 1, max: 255 }),
    ),
    {
      minLength: 1,
      maxLength: 4,
    },
  );

/**
 * Damage to a zip: cut short, bytes changed anywhere, in the central
 * directory at its end, or in the middle (deflated sheet data), garbage
 * after a zip signature.
 */
function damagedZip(base: Buffer): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.nat(base.length - 1).map((at) => base.subarray(0, at)),
    edits(0, base.length).map((chosen) => flipped(base, chosen)),
    edits(Math.max(0, base.length - 400), base.length).map((chosen) => flipped(base, chosen)),
    edits(Math.floor(base.length / 4), Math.floor((base.length * 3) / 4)).map((chosen) =>
      flipped(base, chosen),
    ),
    fc
      .uint8Array({ maxLength: 300 })
      .map((random) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(random)])),
  );
}

/** Upper bound of the line a problem can be on: every line break, both kinds, counted. */
function lineBound(bytes: Buffer): number {
  let breaks = 0;
  for (const byte of bytes) if (byte === 0x0a || byte === 0x0d) breaks += 1;
  return breaks + 2;
}

// ---------------------------------------------------------------------------
// Plan texts: the shipped documents with lines dropped, repeated, swapped or defaced

const NUMBERING = [
  '第一章 总则',
  '第一节',
  '一、',
  '（一）',
  '（三十二）',
  '1.',
  '1．',
  'I.',
  'IV.',
  'Chapter 1',
  '(1)',
  '①',
  '',
  '   ',
];

function mutatedText(base: string): fc.Arbitrary<string> {
  const lines = base.split('\n');
  const edit = fc.oneof(
    fc.nat().map((at) => (list: string[]) => list.filter((_, index) => index !== at % list.length)),
    fc.nat().map((at) => (list: string[]) => {
      const index = at % list.length;
      return [...list.slice(0, index + 1), ...list.slice(index)];
    }),
    fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (list: string[]) => {
      const copy = [...list];
      const i = a % copy.length;
      const j = b % copy.length;
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      return copy;
    }),
    fc
      .tuple(fc.nat(), fc.oneof(fc.constantFrom(...NUMBERING), nastyText), fc.boolean())
      .map(([at, text, replace]) => (list: string[]) => {
        const index = at % list.length;
        return replace
          ? [...list.slice(0, index), text, ...list.slice(index + 1)]
          : [...list.slice(0, index), `${text}${list[index]}`, ...list.slice(index + 1)];
      }),
    fc.nat().map((at) => (list: string[]) => list.slice(0, at % (list.length + 1))),
  );
  return fc.array(edit, { maxLength: 6 }).map((edits) => {
    let list = lines;
    for (const apply of edits) list = list.length === 0 ? list : apply(list);
    return list.join('\n');
  });
}

// ---------------------------------------------------------------------------
// JSON documents (data set definitions): leaves replaced, keys dropped or added

const wrongJson: fc.Arbitrary<unknown> = fc.oneof(
  nastyText,
  fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, -0),
  fc.constantFrom(null, true, [], {}),
  fc.constantFrom(NaN, Infinity, -Infinity),
  fc.jsonValue({ maxDepth: 2 }),
);

function mutatedJson(example: unknown, depth = 0): fc.Arbitrary<unknown> {
  const leaf = (value: unknown) =>
    fc.oneof({ weight: 6, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: wrongJson });
  if (example === null || typeof example !== 'object' || depth > 8) return leaf(example);
  if (Array.isArray(example)) {
    return fc
      .tuple(fc.tuple(...example.map((item) => mutatedJson(item, depth + 1))), fc.nat())
      .chain(([items, at]) =>
        fc.oneof(
          { weight: 6, arbitrary: fc.constant(items) },
          // An element repeated or dropped.
          { weight: 1, arbitrary: fc.constant([...items, items[at % (items.length || 1)]]) },
          {
            weight: 1,
            arbitrary: fc.constant(items.filter((_, index) => index !== at % (items.length || 1))),
          },
        ),
      );
  }
  const entries = Object.entries(example);
  return fc
    .tuple(
      fc.tuple(
        ...entries.map(([key, value]) =>
          fc.option(
            mutatedJson(value, depth + 1).map((inner) => [key, inner] as const),
            { freq: 15 },
          ),
        ),
      ),
      fc.option(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'extra'), wrongJson), {
        freq: 10,
      }),
    )
    .map(([chosen, extra]) => {
      const result: Record<string, unknown> = {};
      for (const entry of chosen) if (entry) result[entry[0]] = entry[1];
      // defineProperty, so a "__proto__" key is a key and not the prototype.
      if (extra) Object.defineProperty(result, extra[0], { value: extra[1], enumerable: true });
      return result;
    });
}

// ---------------------------------------------------------------------------

const RUNS = 15;

const EXAMPLE_TASK: BreakdownTask = {
  ref: 'T1',
  parentRef: null,
  parentTaskId: null,
  plan: 'nids-2016',
  measure: 'III.2.3',
  title: '示例',
  description: '@SUM(A1)',
  leadUnit: '420000',
  participants: ['420100'],
  startOn: '2026-01-01',
  dueOn: '2026-12-31',
  milestones: [{ title: 'half', dueOn: '2026-06-30' }],
  deliverables: ['report'],
  indicators: ['users_5g'],
};
const EXAMPLE_SUBTASK: BreakdownTask = {
  ...EXAMPLE_TASK,
  ref: 'T1.1',
  parentRef: 'T1',
  title: '-1',
};
// A sub-task takes its parent's measure.
delete EXAMPLE_SUBTASK.measure;
const EXAMPLE_TASKS: BreakdownTask[] = [EXAMPLE_TASK, { ...EXAMPLE_SUBTASK, dueOn: '2026-11-30' }];

/** Rows with numbers and text in every column that a damaged byte could change unnoticed. */
const WORKBOOK_ROWS = [
  ['users_5g', '420000', '2024', '', 3.5, '=HYPERLINK("x")', '湖北'],
  ['fixed_broadband_subscribers', '420100', '2024', 'AREA=URBAN', -1, null, null],
  ['internet_users', '430000', '2023Q4', '', 1234567.25, 'note', 'source'],
  ['base_stations_5g', 'CN', '202407', '', 0.001, '', '国家统计局'],
] as const;

function valuesWorkbook(): Promise<Buffer> {
  return writeValuesWorkbook(
    WORKBOOK_ROWS.map(([indicator, orgUnit, period, disaggregation, value, comment, source]) => ({
      indicator,
      orgUnit,
      period,
      disaggregation,
      value,
      comment,
      source,
    })),
    { language: 'zh', title: '导出' },
  );
}

async function workbookRecords(bytes: Buffer): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const record of readWorkbookRecords(bytes)) records.push(record);
  return records;
}

describe('damaged workbooks', () => {
  it(
    'read as the original values, or with a problem, or not at all: never as other values',
    async () => {
      const base = await valuesWorkbook();
      const original = await workbookRecords(base);
      await fc.assert(
        fc.asyncProperty(damagedZip(base), async (bytes) => {
          let records: unknown[];
          try {
            records = await workbookRecords(bytes);
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(WorkbookReadError);
            return;
          }
          if (records.some(Array.isArray)) return;
          expect(records).toEqual(original);
        }),
        fuzzSettings(RUNS * 6),
      );
    },
    fuzzTimeout(RUNS * 6, 500),
  );

  it(
    'of tasks read as the original rows, or with a problem: never as other tasks',
    async () => {
      const base = await writeBreakdownWorkbook(EXAMPLE_TASKS, { title: 'Tasks' });
      const original = await readTaskBreakdown(base);
      expect(original.problems).toEqual([]);
      await fc.assert(
        fc.asyncProperty(damagedZip(base), async (bytes) => {
          const read = await readTaskBreakdown(bytes);
          if (read.problems.length > 0) return;
          expect(read.rows).toEqual(original.rows);
        }),
        fuzzSettings(RUNS * 4),
      );
    },
    fuzzTimeout(RUNS * 4, 500),
  );
});

describeEachStore('Hostile files through every importer', (fixture) => {
  let services: Services;
  let evidenceDir: string;
  let valuesXlsx: Buffer;
  let breakdownWorkbook: Buffer;
  let exampleBreakdown: string;
  let nationalPlan: string;
  let localPlan: string;
  let dataSetExample: unknown;

  beforeAll(async () => {
    await ensureDefaults(fixture.store.db);
    services = createServices(fixture.store);
    evidenceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-fuzz-evidence-'));
    valuesXlsx = await valuesWorkbook();
    exampleBreakdown = fs.readFileSync('data/tasks/nids-2016.example-tasks.csv', 'utf8');
    breakdownWorkbook = await writeBreakdownWorkbook(EXAMPLE_TASKS, { title: 'Tasks' });
    nationalPlan = fs.readFileSync('data/plans/nids-2016.en.txt', 'utf8');
    localPlan = fs.readFileSync(
      'data/plans/examples/province-informatization-plan.example.zh.txt',
      'utf8',
    );
    dataSetExample = JSON.parse(fs.readFileSync('data/data-sets/nids-annual.json', 'utf8'));
  });

  afterAll(() => {
    if (evidenceDir) fs.rmSync(evidenceDir, { recursive: true, force: true });
  });

  async function snapshot(): Promise<Record<string, number>> {
    const counts: Record<string, number> = { auditHead: await auditHead(fixture.store.db) };
    for (const table of TABLES) counts[table] = await countRows(fixture.store.db, table);
    return counts;
  }

  /**
   * Runs an import: it may succeed (and then write, unless a dry run), or be
   * refused with an importer's error whose every problem says what and where;
   * a refusal writes nothing.
   */
  async function importOrRefusal(
    run: () => Promise<unknown>,
    options: { dryRun: boolean; lines?: number; label: string },
  ): Promise<void> {
    const before = await snapshot();
    try {
      await run();
      if (options.dryRun) expect(await snapshot(), options.label).toEqual(before);
    } catch (error) {
      const label = `${options.label}: ${String(error)}\n${(error as Error).stack ?? ''}`;
      expect(
        error instanceof InputError ||
          error instanceof ConflictError ||
          error instanceof NotFoundError,
        label,
      ).toBe(true);
      expect((error as Error).message.length, label).toBeGreaterThan(0);
      if (error instanceof InputError) expectPlaced(error.problems, options.lines, label);
      expect(await snapshot(), label).toEqual(before);
    }
  }

  function expectPlaced(problems: readonly Problem[], lines: number | undefined, label: string) {
    for (const problem of problems) {
      expect(problem.message.length, label).toBeGreaterThan(0);
      expect(typeof problem.path, label).toBe('string');
      if (problem.line !== undefined) {
        expect(Number.isInteger(problem.line) && problem.line >= 1, label).toBe(true);
        if (lines !== undefined) expect(problem.line, label).toBeLessThanOrEqual(lines);
      }
      if (problem.column !== undefined)
        expect(Number.isInteger(problem.column) && problem.column >= 1, label).toBe(true);
    }
  }

  const describeBytes = (bytes: Buffer) =>
    bytes.length > 400 ? `${bytes.length} bytes` : bytes.toString('hex');

  it(
    'values: plain CSV and SDMX-CSV in every encoding, damaged, import or are refused line by line',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(textBytesOf(VALUE_HEADERS), textBytesOf(SDMX_HEADERS)),
          fc.constantFrom('values.csv', 'values.txt', 'values', '湖北 2024.csv'),
          fc.boolean(),
          fc.option(fc.constantFrom('420000', 'CN', 'XX'), { freq: 4 }),
          async ({ bytes }, name, dryRun, withinUnit) => {
            await importOrRefusal(
              () =>
                services.dataImport.importBytes(bytes, name, OPERATOR, actor, {
                  dryRun,
                  ...(withinUnit === null ? {} : { withinUnit }),
                }),
              { dryRun, lines: lineBound(bytes), label: `${name} ${describeBytes(bytes)}` },
            );
          },
        ),
        fuzzSettings(RUNS * 4),
      );
    },
    fuzzTimeout(RUNS * 4, 1000),
  );

  it(
    'values: damaged .xlsx workbooks and zips are refused as such, never crash',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          damagedZip(valuesXlsx),
          fc.constantFrom('values.xlsx', 'values.csv'),
          async (bytes, name) => {
            await importOrRefusal(
              () => services.dataImport.importBytes(bytes, name, OPERATOR, actor, { dryRun: true }),
              { dryRun: true, label: `${name} ${describeBytes(bytes)}` },
            );
          },
        ),
        fuzzSettings(RUNS * 2),
      );
    },
    fuzzTimeout(RUNS * 2, 2000),
  );

  it(
    'task breakdowns: CSV of any columns and cells, in every encoding, damaged',
    async () => {
      const columns = [...BREAKDOWN_COLUMNS, ...Object.values(CHINESE_HEADERS).slice(0, 3)];
      const fromExample = fc
        .tuple(
          mutatedText(exampleBreakdown),
          fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le', 'gbk'),
          damage,
        )
        .map(([text, encoding, damaged]) => ({ bytes: damaged(encode(text, encoding)), text }));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(textBytesOf(columns), fromExample),
          fc.boolean(),
          async ({ bytes }, dryRun) => {
            await importOrRefusal(
              () =>
                services.taskImport.importBytes(bytes, 'breakdown.csv', OPERATOR, actor, {
                  dryRun,
                }),
              { dryRun, lines: lineBound(bytes), label: `breakdown ${describeBytes(bytes)}` },
            );
          },
        ),
        fuzzSettings(RUNS * 2),
      );
    },
    fuzzTimeout(RUNS * 2, 1000),
  );

  it(
    'task breakdowns: damaged workbooks are refused as such',
    async () => {
      await fc.assert(
        fc.asyncProperty(damagedZip(breakdownWorkbook), async (bytes) => {
          await importOrRefusal(
            () =>
              services.taskImport.importBytes(bytes, 'breakdown.xlsx', OPERATOR, actor, {
                dryRun: true,
              }),
            { dryRun: true, label: `breakdown.xlsx ${describeBytes(bytes)}` },
          );
        }),
        fuzzSettings(RUNS * 2),
      );
    },
    fuzzTimeout(RUNS * 2, 2000),
  );

  it(
    'plan texts: the Outline with lines dropped, repeated, swapped or defaced imports or is refused line by line',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          mutatedText(nationalPlan),
          fc.constantFrom('fuzz-plan', 'nids-2016', 'Fuzz Plan', '-x', ''),
          fc.nat(),
          async (text, code, salt) => {
            // A fresh code mostly, so a good text is imported rather than refused as a duplicate.
            const planCode = code === 'fuzz-plan' ? `fuzz-plan-${salt}` : code;
            await importOrRefusal(
              () =>
                importPlan(
                  fixture.store.db,
                  { code: planCode, text, source: 'fuzz', fileName: 'plan.txt' },
                  actor,
                ),
              {
                dryRun: false,
                lines: text.split('\n').length + 1,
                label: `plan ${planCode}`,
              },
            );
          },
        ),
        fuzzSettings(RUNS),
      );
    },
    fuzzTimeout(RUNS, 3000),
  );

  it(
    'local plans: a defaced text, unknown owners and parents are refused with every problem',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          mutatedText(localPlan),
          fc.oneof(fc.constantFrom('420000', '430000', 'XX'), nastyText),
          fc.oneof(fc.constantFrom('nids-2016', 'no-such-plan'), nastyText),
          fc.oneof(fc.constant('fuzz-local'), nastyText),
          fc.nat(),
          async (text, ownerUnit, alignsTo, code, salt) => {
            const planCode = code === 'fuzz-local' ? `fuzz-local-${salt}` : code;
            await importOrRefusal(
              () =>
                services.alignment.importLocalPlan(
                  {
                    code: planCode,
                    ownerUnit,
                    alignsTo,
                    text,
                    source: 'fuzz',
                    fileName: 'local.txt',
                  },
                  actor,
                ),
              {
                dryRun: false,
                lines: text.split('\n').length + 1,
                label: `local plan ${JSON.stringify([planCode, ownerUnit, alignsTo])}`,
              },
            );
          },
        ),
        fuzzSettings(RUNS),
      );
    },
    fuzzTimeout(RUNS, 3000),
  );

  it(
    'data set definitions: the shipped definition with fields dropped, repeated or of the wrong kind',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedJson(dataSetExample), async (definition) => {
          await importOrRefusal(() => services.dataSets.save(definition, actor, 'definition'), {
            dryRun: false,
            label: `data set ${JSON.stringify(definition).slice(0, 300)}`,
          });
        }),
        fuzzSettings(RUNS * 2),
      );
    },
    fuzzTimeout(RUNS * 2, 1000),
  );

  it(
    'evidence files: any bytes under any name are kept whole or refused, and a discarded batch leaves no file',
    async () => {
      const store = new EvidenceStore(evidenceDir, {
        maxFileBytes: 2048,
        maxTotalBytes: 3000,
        maxFiles: 2,
      });
      const MAGIC = [
        '',
        '%PDF-1.4\n',
        'MZ',
        'PK\u0003\u0004',
        '\u0089PNG\r\n\u001a\n',
        '<html><script>',
        '<?xml version="1.0"?><svg onload="x">',
        '\ufeffplain text',
        '#!/bin/sh\n',
      ];
      const file = fc.record({
        name: fc.oneof(
          fc.constantFrom('report.pdf', 'a.exe', '../../etc/passwd', '', 'x.txt', 'photo.PNG'),
          nastyText,
        ),
        chunks: fc.array(
          fc.oneof(
            fc.constantFrom(...MAGIC).map((text) => Buffer.from(text, 'latin1')),
            fc.uint8Array({ maxLength: 1500 }).map((bytes) => Buffer.from(bytes)),
          ),
          { maxLength: 4 },
        ),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 3 }), async (files) => {
          const batch = store.batch();
          for (const { name, chunks } of files) {
            const label = `${JSON.stringify(name)} ${Buffer.concat(chunks).toString('hex').slice(0, 200)}`;
            try {
              const stored = await batch.add(
                name,
                (async function* () {
                  yield* chunks;
                })(),
              );
              expect(stored.sizeBytes, label).toBe(Buffer.concat(chunks).length);
              expect(fs.statSync(path.join(evidenceDir, stored.storageKey)).size).toBe(
                stored.sizeBytes,
              );
            } catch (error) {
              expect(
                error instanceof InputError || error instanceof TooLargeError,
                `${label}: ${String(error)}`,
              ).toBe(true);
              break;
            }
          }
          await batch.discard();
          expect(
            fs
              .readdirSync(evidenceDir, { recursive: true, withFileTypes: true })
              .filter((entry) => entry.isFile()),
          ).toEqual([]);
        }),
        fuzzSettings(RUNS * 4),
      );
    },
    fuzzTimeout(RUNS * 4, 500),
  );
});
