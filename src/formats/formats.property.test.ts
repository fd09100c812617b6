/**
 * Round trips of every writer through its reader: what is exported and
 * imported again is the same set of values, whatever the comments hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../core/import/index.js';
import type { RecordProblem, ValueRecord } from '../core/import/value-record.js';
import { CSV_HEADER, writeValuesCsv } from './csv-write.js';
import type { ExportRow } from './export-row.js';
import { unneutralise } from './formula-cells.js';
import { numberText } from './number-text.js';
import { createSdmxCsvMapper, writeSdmxCsv } from './sdmx-csv.js';
import { readWorkbookRecords, writeValuesWorkbook } from './xlsx.js';

const CATEGORIES: Record<string, readonly string[]> = {
  AREA: ['URBAN', 'RURAL'],
  ENTERPRISE: ['SOE', 'PRIVATE', 'FOREIGN'],
};
const CATEGORY_CODES = Object.keys(CATEGORIES);

const year = fc.integer({ min: 1900, max: 2999 });
const period = fc.oneof(
  year.map(String),
  fc.tuple(year, fc.integer({ min: 1, max: 2 })).map(([y, i]) => `${y}S${i}`),
  fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, i]) => `${y}Q${i}`),
  fc
    .tuple(year, fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}${String(m).padStart(2, '0')}`),
);
/** Keys in category order, as the store keeps them. */
const disaggregation = fc
  .tuple(...CATEGORY_CODES.map((code) => fc.option(fc.constantFrom(...CATEGORIES[code]!))))
  .map((options) =>
    options
      .map((option, index) => (option === null ? null : `${CATEGORY_CODES[index]}=${option}`))
      .filter((part) => part !== null)
      .join(';'),
  );
/** Text with what breaks naive writers: delimiters, quotes, line breaks, Chinese, control characters. */
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        ';',
        '"',
        '""',
        '\n',
        '\r\n',
        '\r',
        ' ',
        '\t',
        '估算，待核',
        '数据来源：国家统计局《2024年统计公报》',
        '=SUM(A1:A3)',
        '_x0041_',
        '&lt;',
        '\u0001',
        '😀',
      ),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));
const exportRow: fc.Arbitrary<ExportRow> = fc.record({
  indicator: fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/),
  orgUnit: fc.stringMatching(/^\d{6}$/),
  period,
  disaggregation,
  value: fc.double({ noNaN: true, noDefaultInfinity: true }),
  comment: fc.option(text),
  source: fc.option(text),
  indicatorName: fc.option(text, { nil: undefined }),
  orgUnitName: fc.option(text, { nil: undefined }),
  unitLabel: fc.option(text, { nil: undefined }),
});

/** What a reader should give back for a written row. */
function expected(row: ExportRow) {
  return {
    indicator: row.indicator,
    orgUnit: row.orgUnit,
    period: row.period,
    disaggregation: row.disaggregation,
    value: numberText(row.value),
    comment: row.comment ?? '',
    source: row.source ?? '',
  };
}

function fields(result: ValueRecord | RecordProblem[] | null) {
  if (result === null || Array.isArray(result)) return result;
  const { indicator, orgUnit, period, disaggregation, value, comment, source } = result;
  return { indicator, orgUnit, period, disaggregation, value, comment, source };
}

describe('round trips', () => {
  it('plain CSV: writeValuesCsv -> readCsvRecords gives every cell back', () => {
    fc.assert(
      fc.property(fc.array(exportRow, { maxLength: 20 }), (rows) => {
        const csv = readCsvRecords(Array.from(writeValuesCsv(rows)).join(''));
        expect(csv.problems).toEqual([]);
        expect(csv.header).toEqual([...CSV_HEADER]);
        expect(csv.rows.map((row) => row.cells.map(unneutralise))).toEqual(
          rows.map((row) => {
            const e = expected(row);
            return [
              e.indicator,
              e.orgUnit,
              e.period,
              e.disaggregation,
              e.value,
              e.comment,
              e.source,
            ];
          }),
        );
        // Numbers read back as the same double.
        csv.rows.forEach((row, index) => {
          const value = rows[index]!.value;
          expect(Number(row.cells[4])).toBe(value === 0 ? 0 : value);
        });
      }),
    );
  });

  it('SDMX-CSV: writeSdmxCsv -> readCsvRecords -> mapper gives the same values', () => {
    fc.assert(
      fc.property(fc.array(exportRow, { maxLength: 20 }), (rows) => {
        const dataflow = 'PLANWATCH:DF_NIDS(1.0)';
        const csv = readCsvRecords(
          Array.from(writeSdmxCsv(rows, { dataflow, categoryCodes: CATEGORY_CODES })).join(''),
        );
        expect(csv.problems).toEqual([]);
        const mapper = createSdmxCsvMapper(csv.header, {
          categoryCodes: CATEGORY_CODES,
          dataflow,
        });
        expect(mapper.headerProblems).toEqual([]);
        expect(csv.rows.map((row) => fields(mapper.map(row)))).toEqual(rows.map(expected));
      }),
    );
  });

  it('Excel: writeValuesWorkbook -> readWorkbookRecords gives the same values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(exportRow, { maxLength: 8 }), async (rows) => {
        const bytes = await writeValuesWorkbook(rows, { language: 'zh', title: '导出，测试' });
        const read: (ValueRecord | RecordProblem[])[] = [];
        for await (const item of readWorkbookRecords(bytes)) read.push(item);
        expect(read.map(fields)).toEqual(rows.map(expected));
        read.forEach((record, index) =>
          expect(record).toMatchObject({ sheet: 'Data', line: 4 + index }),
        );
      }),
      { numRuns: 25 },
    );
  });
});
