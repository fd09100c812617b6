/**
 * Planwatch's Excel layout: a data entry template for one data set, org unit
 * and period, which reporting offices fill in with Excel or WPS and upload
 * back, and an export of any selection of values in the same layout.
 *
 * Layout of the sheet "Data": title rows, a row of human column labels, then
 * the header row of column codes (indicator, org_unit, period, disaggregation,
 * value, comment, source, and the descriptive columns indicator_name,
 * org_unit_name, unit_label, disaggregation_label, required, which are for
 * people and never read as data), then one value a row. The reader finds the
 * header as the first row naming at least two of the value fields; the label
 * rows are worded so that they never do. A very hidden sheet `_planwatch`
 * holds what the file is (format, version, data set, org unit, period).
 *
 * Reading streams (exceljs's WorkbookReader): a large workbook is never held
 * whole. Cells become text as the user saw them: numbers as their shortest
 * exact decimal, percent-formatted numbers as "12.5%", dates as ISO dates,
 * formulas as their saved result, rich text as plain text. Parsing the text
 * is the checker's job, so a text in a value cell stays text here.
 */
import { open } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './exceljs.js';
import {
  REQUIRED_VALUE_FIELDS,
  VALUE_FIELDS,
  columnLetters,
  type RecordProblem,
  type ValueField,
  type ValueRecord,
} from '../core/import/value-record.js';
import { parsePeriod } from '../core/periods.js';
import type { ExportRow } from './export-row.js';
import { numberText, percentText } from './number-text.js';
import type { RowMapper, TableRow } from './row-mapper.js';
import { openZip, type ZipArchive, type ZipEntry } from './zip-reader.js';

export const WORKBOOK_FORMAT = 'planwatch-xlsx';
export const WORKBOOK_FORMAT_VERSION = '1';
export const DATA_SHEET = 'Data';
export const METADATA_SHEET = '_planwatch';

/** Columns for people: the reader knows them and never takes them as data. */
export const DESCRIPTIVE_COLUMNS = [
  'indicator_name',
  'org_unit_name',
  'unit_label',
  'disaggregation_label',
  'required',
] as const;
export type DescriptiveColumn = (typeof DESCRIPTIVE_COLUMNS)[number];
type Column = ValueField | DescriptiveColumn;

export type WorkbookLanguage = 'zh' | 'en';

export interface TemplateRow {
  indicator: string;
  indicatorName: string;
  unitLabel: string;
  /** Canonical disaggregation key; '' is the total. */
  disaggregation: string;
  disaggregationLabel: string;
  /** A value already known (e.g. a draft), or null for an empty cell. */
  value: number | null;
  comment: string | null;
  source: string | null;
  required: boolean;
}

export interface TemplateSpec {
  dataSet: { code: string; nameEn: string; nameZh: string };
  orgUnit: { code: string; nameZh: string; nameEn: string | null };
  /** Planwatch period code: 2024, 2024S1, 2024Q3, 202407. */
  period: string;
  language: WorkbookLanguage;
  /** When the template was made, ISO 8601; kept in the metadata sheet and the document properties. */
  generatedAt: string;
  rows: readonly TemplateRow[];
}

export interface ValuesWorkbookOptions {
  language: WorkbookLanguage;
  title: string;
}

/** A sheet row as text; `problems` are cells that could not be read (a formula without a saved result, ...). */
export interface WorkbookRow extends TableRow {
  sheet: string;
  cells: string[];
  problems: RecordProblem[];
}

export interface WorkbookTable {
  sheet: string;
  /** Hidden or very hidden in the workbook. */
  hidden: boolean;
  /**
   * The sheet's rows that hold anything, in order. Read them before asking
   * for the next table: the sheet is streamed, and closed when the next table
   * is asked for.
   */
  rows: AsyncIterable<WorkbookRow>;
}

/** The file is no readable .xlsx workbook (not a zip, an old .xls, damaged). */
export class WorkbookReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkbookReadError';
  }
}

const LABELS: Record<WorkbookLanguage, Record<Column, string>> = {
  // Worded so that no label equals a column code: the label row is never taken for the header.
  zh: {
    indicator: '指标代码',
    indicator_name: '指标名称',
    org_unit: '单位代码',
    org_unit_name: '单位名称',
    period: '报告期',
    disaggregation: '分组代码',
    disaggregation_label: '分组',
    unit_label: '计量单位',
    required: '必填',
    value: '数值',
    comment: '备注',
    source: '数据来源',
  },
  en: {
    indicator: 'Indicator code',
    indicator_name: 'Indicator',
    org_unit: 'Reporting unit code',
    org_unit_name: 'Reporting unit',
    period: 'Reporting period',
    disaggregation: 'Breakdown code',
    disaggregation_label: 'Breakdown',
    unit_label: 'Unit',
    required: 'Required?',
    value: 'Reported value',
    comment: 'Notes',
    source: 'Data source',
  },
};

const WIDTHS: Record<Column, number> = {
  indicator: 22,
  indicator_name: 40,
  org_unit: 14,
  org_unit_name: 24,
  period: 11,
  disaggregation: 24,
  disaggregation_label: 20,
  unit_label: 12,
  required: 8,
  value: 16,
  comment: 36,
  source: 30,
};

const TEMPLATE_COLUMNS: readonly Column[] = [
  'indicator',
  'indicator_name',
  'disaggregation',
  'disaggregation_label',
  'unit_label',
  'required',
  'value',
  'comment',
  'source',
  'org_unit',
  'period',
];

const EXPORT_COLUMNS: readonly Column[] = [
  'indicator',
  'indicator_name',
  'org_unit',
  'org_unit_name',
  'period',
  'disaggregation',
  'unit_label',
  'value',
  'comment',
  'source',
];

/** Template rows: title, unit and period, instructions, labels, codes; values from row 6. */
export const TEMPLATE_HEADER_ROW = 5;
/** Export rows: title, labels, codes; values from row 4. */
export const EXPORT_HEADER_ROW = 3;

const GREY = 'FFEDEDED';
const HEADER_GREY = 'FFD9D9D9';
const REQUIRED_YELLOW = 'FFFFF2CC';
const TEXT_FORMAT = '@';
/** No Excel format shows grouping with any number of decimals and no trailing point; General shows what was typed. */
const VALUE_FORMAT = 'General';
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

// ---------------------------------------------------------------------------
// Writing

/** The data entry template as .xlsx bytes. */
export async function buildTemplateWorkbook(spec: TemplateSpec): Promise<Buffer> {
  const generatedAt = new Date(spec.generatedAt);
  if (Number.isNaN(generatedAt.getTime()))
    throw new RangeError(`generatedAt "${spec.generatedAt}" is not a date`);
  const zh = spec.language === 'zh';
  const labels = LABELS[spec.language];
  const columns = TEMPLATE_COLUMNS;
  const at = (column: Column) => columns.indexOf(column) + 1;

  const excel = await loadExcelJs();
  const workbook = new excel.Workbook();
  workbook.creator = 'Planwatch';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  const sheet = workbook.addWorksheet(DATA_SHEET, {
    views: [
      {
        state: 'frozen',
        xSplit: 2,
        ySplit: TEMPLATE_HEADER_ROW,
        topLeftCell: `C${TEMPLATE_HEADER_ROW + 1}`,
        activeCell: `${columnLetters(at('value'))}${TEMPLATE_HEADER_ROW + 1}`,
      },
    ],
    pageSetup: {
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${TEMPLATE_HEADER_ROW - 1}:${TEMPLATE_HEADER_ROW}`,
    },
  });
  sheet.columns = columns.map((column) => ({ width: WIDTHS[column] }));

  const unitName = zh ? spec.orgUnit.nameZh : (spec.orgUnit.nameEn ?? spec.orgUnit.nameZh);
  const periodText = periodLabel(spec.period, spec.language);
  const lastColumn = columnLetters(columns.length);
  const titles = [
    zh
      ? `${spec.dataSet.nameZh}（${spec.dataSet.code}）`
      : `${spec.dataSet.nameEn} (${spec.dataSet.code})`,
    zh
      ? `填报单位：${unitName}（${spec.orgUnit.code}）\u3000报告期：${periodText}`
      : `Reporting unit: ${unitName} (${spec.orgUnit.code})    Period: ${periodText}`,
    zh
      ? `请在白色单元格中填写数值、备注和数据来源；灰色单元格为代码和说明，已锁定。第${TEMPLATE_HEADER_ROW}行是导入时读取的列代码，请勿修改。`
      : `Fill in the white cells: value, notes and source. Grey cells hold codes and descriptions and are locked. Row ${TEMPLATE_HEADER_ROW} holds the column codes the upload reads; leave it as it is.`,
  ];
  titles.forEach((text, index) => {
    const row = sheet.getRow(index + 1);
    row.getCell(1).value = xlsxText(text);
    sheet.mergeCells(`A${index + 1}:${lastColumn}${index + 1}`);
    row.getCell(1).font =
      index === 0 ? { bold: true, size: 14 } : { size: index === 1 ? 11 : 9, italic: index === 2 };
    row.getCell(1).alignment = { vertical: 'middle', wrapText: index === 2 };
    if (index === 2) row.height = 30;
  });
  writeHeaderRows(sheet, TEMPLATE_HEADER_ROW, columns, labels);

  spec.rows.forEach((entry, index) => {
    const row = sheet.getRow(TEMPLATE_HEADER_ROW + 1 + index);
    const values: Record<Column, string | number | null> = {
      indicator: entry.indicator,
      indicator_name: entry.indicatorName,
      org_unit: spec.orgUnit.code,
      org_unit_name: unitName,
      period: spec.period,
      disaggregation: entry.disaggregation,
      disaggregation_label: entry.disaggregationLabel,
      unit_label: entry.unitLabel,
      required: entry.required ? (zh ? '必填' : 'required') : '',
      value: entry.value,
      comment: entry.comment,
      source: entry.source,
    };
    columns.forEach((column, columnIndex) => {
      const cell = row.getCell(columnIndex + 1);
      const value = values[column];
      cell.value = typeof value === 'string' ? xlsxText(value) : value;
      cell.border = BORDER;
      if (column === 'value' || column === 'comment' || column === 'source') {
        // What reporters fill in: unlocked, white (pale yellow where required).
        cell.protection = { locked: false };
        cell.numFmt = column === 'value' ? VALUE_FORMAT : TEXT_FORMAT;
        if (column !== 'value') cell.alignment = { wrapText: true, vertical: 'top' };
        if (column === 'value' && entry.required)
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: REQUIRED_YELLOW } };
      } else {
        cell.protection = { locked: true };
        // Text format, so a code such as 202407 or 2024-07 is never turned into a number or a date.
        cell.numFmt = TEXT_FORMAT;
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: GREY } };
        cell.font = { color: { argb: 'FF404040' } };
        cell.alignment = { vertical: 'top', wrapText: column === 'indicator_name' };
      }
    });
  });

  // No password: the protection keeps keys from being edited by accident, not by intent.
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

  addMetadataSheet(workbook, [
    ['format', WORKBOOK_FORMAT],
    ['format_version', WORKBOOK_FORMAT_VERSION],
    ['kind', 'template'],
    ['data_set', spec.dataSet.code],
    ['org_unit', spec.orgUnit.code],
    ['period', spec.period],
    ['language', spec.language],
    ['header_row', String(TEMPLATE_HEADER_ROW)],
    ['generated_at', spec.generatedAt],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Values in the Planwatch layout as .xlsx bytes, read back unchanged by
 * readWorkbookRecords. Rows are streamed into the workbook as they come.
 */
export async function writeValuesWorkbook(
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>,
  options: ValuesWorkbookOptions,
): Promise<Buffer> {
  const { workbook, finish } = await workbookInMemory();
  const columns = EXPORT_COLUMNS;
  const sheet = workbook.addWorksheet(DATA_SHEET, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: EXPORT_HEADER_ROW }],
  });
  sheet.columns = columns.map((column) => ({ width: WIDTHS[column] }));

  writeTitleRow(sheet, options.title);
  writeHeaderRows(sheet, EXPORT_HEADER_ROW, columns, LABELS[options.language]);
  sheet.getRow(EXPORT_HEADER_ROW - 1).commit();
  sheet.getRow(EXPORT_HEADER_ROW).commit();

  let line = EXPORT_HEADER_ROW;
  for await (const entry of eachRow(rows)) {
    line += 1;
    const values: Record<Column, string | number> = {
      indicator: entry.indicator,
      indicator_name: entry.indicatorName ?? '',
      org_unit: entry.orgUnit,
      org_unit_name: entry.orgUnitName ?? '',
      period: entry.period,
      disaggregation: entry.disaggregation,
      disaggregation_label: '',
      unit_label: entry.unitLabel ?? '',
      required: '',
      value: checkedNumber(entry.value),
      comment: entry.comment ?? '',
      source: entry.source ?? '',
    };
    const row = sheet.getRow(line);
    columns.forEach((column, index) => {
      const value = values[column];
      const cell = row.getCell(index + 1);
      // An empty text is no cell at all: it reads back as '' either way.
      if (value !== '') cell.value = typeof value === 'string' ? xlsxText(value) : value;
      cell.numFmt = column === 'value' ? VALUE_FORMAT : TEXT_FORMAT;
    });
    row.commit();
  }
  sheet.commit();

  const metadata = workbook.addWorksheet(METADATA_SHEET, { state: 'veryHidden' });
  [
    ['format', WORKBOOK_FORMAT],
    ['format_version', WORKBOOK_FORMAT_VERSION],
    ['kind', 'values'],
    ['language', options.language],
    ['header_row', String(EXPORT_HEADER_ROW)],
  ].forEach(([key, value], index) => {
    const row = metadata.getRow(index + 1);
    row.getCell(1).value = key!;
    row.getCell(2).value = value!;
    row.commit();
  });
  metadata.commit();
  return finish();
}

/**
 * A streaming workbook writer (rows are committed as they come) whose bytes
 * are gathered in memory; `finish` commits the workbook and returns them.
 */
export async function workbookInMemory(): Promise<{
  workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  finish: () => Promise<Buffer>;
}> {
  const excel = await loadExcelJs();
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  // Shared strings: exceljs's reader decodes entities in inline strings twice ("&amp;lt;" would read "<").
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: true,
    useStyles: true,
  });
  workbook.creator = 'Planwatch';
  return {
    workbook,
    finish: async () => {
      await workbook.commit();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}

/** Row 1 of a streamed sheet: the title, bold and large. */
export function writeTitleRow(sheet: ExcelJS.Worksheet, title: string): void {
  const row = sheet.getRow(1);
  row.getCell(1).value = xlsxText(title);
  row.getCell(1).font = { bold: true, size: 14 };
  row.commit();
}

/** Sync or async rows as one async sequence, typed (for await over the union loses the type). */
async function* eachRow<T>(rows: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* rows;
}

function writeHeaderRows(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  columns: readonly Column[],
  labels: Record<Column, string>,
): void {
  const labelRow = sheet.getRow(headerRow - 1);
  const codeRow = sheet.getRow(headerRow);
  columns.forEach((column, index) => {
    const label = labelRow.getCell(index + 1);
    label.value = labels[column];
    label.font = { bold: true };
    label.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_GREY } };
    label.border = BORDER;
    label.alignment = { vertical: 'middle', wrapText: true };
    const code = codeRow.getCell(index + 1);
    code.value = column;
    code.font = { size: 8, italic: true, color: { argb: 'FF7F7F7F' } };
    code.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_GREY } };
    code.border = BORDER;
  });
}

function addMetadataSheet(workbook: ExcelJS.Workbook, entries: readonly [string, string][]): void {
  // Very hidden: not offered by Format > Unhide, so it is not edited by accident.
  const sheet = workbook.addWorksheet(METADATA_SHEET, { state: 'veryHidden' });
  entries.forEach(([key, value]) => sheet.addRow([key, xlsxText(value)]));
}

function checkedNumber(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  // -0 would be written as "-0" and read back as 0 anyway; write what is read.
  return value === 0 ? 0 : value;
}

/** "2024年第3季度" / "2024 Q3": a period as people write it. */
export function periodLabel(code: string, language: WorkbookLanguage): string {
  const period = parsePeriod(code);
  const zh = language === 'zh';
  switch (period.type) {
    case 'year':
      return zh ? `${period.year}年` : String(period.year);
    case 'half_year':
      return zh
        ? `${period.year}年${period.index === 1 ? '上半年' : '下半年'}`
        : `${period.year} H${period.index}`;
    case 'quarter':
      return zh ? `${period.year}年第${period.index}季度` : `${period.year} Q${period.index}`;
    case 'month':
      return zh
        ? `${period.year}年${period.index}月`
        : `${MONTHS[period.index - 1]} ${period.year}`;
  }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Text as an .xlsx cell holds it (ECMA-376 ST_Xstring): characters XML cannot
 * carry (control characters, CR, U+FFFE, U+FFFF) become _xHHHH_, and a literal
 * "_xHHHH_" gets its underscore escaped, as Excel does; exceljs would drop or
 * corrupt them. A lone surrogate, which UTF-8 cannot encode, becomes U+FFFD.
 */
export function xlsxText(text: string): string {
  return text
    .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_')
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]/g,
      (char) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    )
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The inverse of xlsxText: what Excel and WPS mean by the _xHHHH_ escapes in a cell's text. */
export function fromXlsxText(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

// ---------------------------------------------------------------------------
// Reading

interface SheetReader {
  name?: string;
  state?: string;
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}

interface OpenSheet {
  name: string;
  hidden: boolean;
  rows: AsyncIterator<ExcelJS.Row>;
  date1904: boolean;
}

/**
 * The workbook's sheets, except the metadata sheet, with their rows as text.
 * Throws WorkbookReadError when the file is no .xlsx workbook or is damaged.
 */
export async function* readWorkbookTables(input: Buffer | string): AsyncGenerator<WorkbookTable> {
  for await (const sheet of openSheets(input)) {
    if (sheet.name === METADATA_SHEET) continue;
    yield { sheet: sheet.name, hidden: sheet.hidden, rows: textRows(sheet) };
  }
}

/**
 * Every value record of the workbook, or the problems of a row: per sheet,
 * title rows up to the header row (isHeaderRow) are skipped and the rows
 * after it mapped. A visible sheet with content but no header row is a
 * problem; so is a hidden sheet with a header row (importing values nobody
 * sees, or dropping them, would both surprise). A hidden sheet without one
 * (a list behind a drop-down, say) is left alone.
 */
export async function* readWorkbookRecords(
  input: Buffer | string,
): AsyncGenerator<ValueRecord | RecordProblem[]> {
  for await (const table of readWorkbookTables(input)) {
    let mapper: RowMapper | null = null;
    let firstContent: WorkbookRow | null = null;
    for await (const row of table.rows) {
      if (mapper === null) {
        if (isHeaderRow(row)) {
          if (table.hidden) {
            yield [
              {
                sheet: table.sheet,
                line: row.line,
                message: `the hidden sheet ${table.sheet} holds a table of values (header at row ${row.line}): show the sheet to upload them, or delete it`,
              },
            ];
            break;
          }
          mapper = createWorkbookMapper(row);
          if (mapper.headerProblems.length > 0) {
            yield mapper.headerProblems;
            break;
          }
        } else if (firstContent === null && !isBlankRow(row)) {
          firstContent = row;
        }
        continue;
      }
      const mapped = mapper.map(row);
      if (mapped !== null) yield mapped;
    }
    if (mapper === null && firstContent !== null && !table.hidden) {
      yield [
        {
          sheet: table.sheet,
          line: firstContent.line,
          message: `sheet ${table.sheet} has no header row (a row of column codes such as indicator, org_unit, period, value); add one, or delete the sheet if it holds no values`,
        },
      ];
    }
  }
}

/** What the metadata sheet says (format, kind, data_set, ...), or null when there is none. */
export async function readWorkbookMetadata(
  input: Buffer | string,
): Promise<Record<string, string> | null> {
  for await (const sheet of openSheets(input)) {
    if (sheet.name !== METADATA_SHEET) continue;
    const entries: Record<string, string> = {};
    for await (const row of textRows(sheet)) {
      const [key, value] = row.cells;
      if (key !== undefined && key !== '') entries[key] = value ?? '';
    }
    return entries;
  }
  return null;
}

/** The parts of exceljs's streaming WorkbookReader used here (private in its typings). */
interface ReaderInternals {
  parse: () => AsyncGenerator<{ eventType: string; value: unknown }>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    iterator: Readable,
    sheetNo: string,
  ): Generator<{ eventType: string; value: SheetReader }>;
  model?: { sheets?: { id?: number; name?: string; rId?: string; state?: string }[] };
  workbookRels?: { Id?: string; Type?: string; Target?: string }[];
  properties?: { model?: { date1904?: boolean } };
}

async function* openSheets(input: Buffer | string): AsyncGenerator<OpenSheet> {
  await checkSignature(input);
  const archive = await readingWorkbook(() => openZip(input));
  // exceljs's own single-pass unzip loses entries at random (see zip-reader.ts): its XML
  // parsers are fed from the central directory instead, workbook parts first.
  const excel = await loadExcelJs();
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell dates and percentages from plain numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  for (const method of [
    '_parseRels',
    '_parseWorkbook',
    '_parseSharedStrings',
    '_parseStyles',
    '_parseWorksheet',
  ] as const) {
    // A programming error, not the user's file: exceljs's internals moved (written for 4.4.0).
    if (typeof internals[method] !== 'function') {
      await archive.close();
      throw new Error(`exceljs's WorkbookReader has no ${method}: check src/formats/xlsx.ts`);
    }
  }
  internals.parse = () => workbookEvents(internals, archive);
  const sheets = reader[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await readingWorkbook(() => sheets.next());
      if (next.done) return;
      const sheet = next.value as unknown as SheetReader;
      yield {
        name: sheet.name ?? '',
        hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden',
        rows: sheet[Symbol.asyncIterator](),
        date1904: internals.properties?.model?.date1904 === true,
      };
    }
  } finally {
    await sheets.return(undefined);
    await archive.close();
  }
}

/** What exceljs's WorkbookReader.parse yields, from the central directory, sheets in tab order. */
async function* workbookEvents(
  reader: ReaderInternals,
  archive: ZipArchive,
): AsyncGenerator<{ eventType: string; value: unknown }> {
  const part = (name: string) => archive.entries.get(name);
  const rels = part('xl/_rels/workbook.xml.rels');
  const book = part('xl/workbook.xml');
  if (!rels || !book)
    throw new WorkbookReadError('not an Excel workbook (.xlsx): it has no xl/workbook.xml');
  // Read whole, so that their size and checksum are checked: exceljs stops at the closing tag.
  const whole = async (entry: ZipEntry) => {
    const chunks: Buffer[] = [];
    for await (const chunk of await archive.open(entry)) chunks.push(chunk as Buffer);
    return Readable.from([Buffer.concat(chunks)]);
  };
  await reader._parseRels(await whole(rels));
  await reader._parseWorkbook(await whole(book));
  const related = (type: string, fallback: string) => {
    const target = reader.workbookRels?.find((rel) => rel.Type?.endsWith(`/${type}`))?.Target;
    return part(target ? partName(target) : fallback);
  };
  const strings = related('sharedStrings', 'xl/sharedStrings.xml');
  if (strings) {
    // Cached by the reader; nothing is yielded.
    for await (const event of reader._parseSharedStrings(await archive.open(strings))) void event;
  }
  const styles = related('styles', 'xl/styles.xml');
  if (styles) await reader._parseStyles(await whole(styles));

  for (const sheet of reader.model?.sheets ?? []) {
    const rel = reader.workbookRels?.find((candidate) => candidate.Id === sheet.rId);
    // Chart sheets and dialog sheets hold no cells.
    if (!rel?.Target || !rel.Type?.endsWith('/worksheet')) continue;
    const entry = part(partName(rel.Target));
    if (!entry)
      throw new WorkbookReadError(`the sheet ${sheet.name ?? ''} is missing from the file`);
    const stream = await archive.open(entry);
    try {
      for (const event of reader._parseWorksheet(stream, String(sheet.id ?? ''))) {
        event.value.name = sheet.name ?? '';
        event.value.state = sheet.state ?? 'visible';
        yield event;
      }
    } finally {
      stream.destroy();
    }
  }
}

/** A relationship target as a zip entry name: relative to xl/, or absolute from the package root. */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

async function* textRows(sheet: OpenSheet): AsyncGenerator<WorkbookRow> {
  for (;;) {
    // A sheet left unread is closed by openSheets when the next sheet is asked for.
    const next = await readingWorkbook(() => sheet.rows.next());
    if (next.done) return;
    // exceljs yields no row for a <row> element it cannot place (a damaged file).
    if (!next.value) throw new WorkbookReadError(`the sheet ${sheet.name} holds a damaged row`);
    yield textRow(next.value, sheet.name, sheet.date1904);
  }
}

async function readingWorkbook<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof WorkbookReadError) throw error;
    throw new WorkbookReadError(
      `the workbook is damaged or not an .xlsx file: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Refuses what is plainly not an .xlsx before the zip reader sees it, with a reason a user can act on. */
async function checkSignature(input: Buffer | string): Promise<void> {
  let head: Buffer;
  if (typeof input === 'string') {
    const file = await open(input, 'r').catch((error: unknown) => {
      throw new WorkbookReadError(`cannot open ${input}`, { cause: error });
    });
    try {
      head = Buffer.alloc(8);
      const { bytesRead } = await file.read(head, 0, 8, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  } else {
    head = input.subarray(0, 8);
  }
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return;
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
    throw new WorkbookReadError(
      'an Excel 97-2003 workbook (.xls) or a password-protected one: save it as an Excel workbook (.xlsx) without a password',
    );
  }
  throw new WorkbookReadError(
    head.length === 0 ? 'the file is empty' : 'not an Excel workbook (.xlsx)',
  );
}

type CellText = { ok: true; text: string } | { ok: false; message: string };

function textRow(row: ExcelJS.Row, sheet: string, date1904: boolean): WorkbookRow {
  const cells: string[] = [];
  const problems: RecordProblem[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    while (cells.length < column - 1) cells.push('');
    const read = cellText(cell, date1904);
    if (read.ok) {
      cells[column - 1] = read.text;
    } else {
      cells[column - 1] = '';
      problems.push({ sheet, line: row.number, column, message: read.message });
    }
  });
  return { sheet, line: row.number, cells, problems };
}

function cellText(cell: ExcelJS.Cell, date1904: boolean): CellText {
  const value = cell.value as unknown;
  const format = cell.numFmt;
  if (value === null || value === undefined) return ok('');
  if (typeof value === 'object' && !(value instanceof Date)) {
    if ('formula' in value || 'sharedFormula' in value) {
      // cell.value drops a falsy result (0, ''); cell.result keeps it. A shared formula's
      // other cells come as plain objects, with the result on the object.
      const result =
        'result' in value ? value.result : (cell as unknown as { result?: unknown }).result;
      const formula =
        'formula' in value && typeof value.formula === 'string' && value.formula !== ''
          ? `the formula =${value.formula}`
          : 'the formula';
      if (result === undefined || result === null)
        return fail(
          `${formula} has no saved result: open the file in Excel or WPS, let it calculate, and save it again (or type the value)`,
        );
      if (typeof result === 'number') {
        if (Number.isNaN(result))
          return fail(`${formula} results in an error (#DIV/0!, #N/A, ...)`);
        if (isDateFormat(format)) return dateText(excelDate(result, date1904));
        return ok(numberCellText(result, format));
      }
      return plainText(result);
    }
  }
  if (typeof value === 'number') return ok(numberCellText(value, format));
  return plainText(value);
}

/** A value that is no formula: text, boolean, date, rich text, error. */
function plainText(value: unknown): CellText {
  if (typeof value === 'string') return ok(fromXlsxText(value));
  if (typeof value === 'number') return ok(numberText(value));
  if (typeof value === 'boolean') return ok(value ? 'TRUE' : 'FALSE');
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object' && value !== null) {
    if ('richText' in value && Array.isArray(value.richText)) {
      const runs = value.richText as { text?: unknown }[];
      return ok(
        fromXlsxText(runs.map((run) => (typeof run.text === 'string' ? run.text : '')).join('')),
      );
    }
    // The error's own text ("#N/A"): the checker names it as a spreadsheet error.
    if ('error' in value && typeof value.error === 'string') return ok(value.error);
    if ('text' in value) return plainText(value.text);
  }
  return fail('this cell cannot be read as text');
}

function numberCellText(value: number, format: string | undefined): string {
  return isPercentFormat(format) ? percentText(value) : numberText(value);
}

function dateText(date: Date): CellText {
  if (Number.isNaN(date.getTime())) return fail('a date out of range');
  const iso = date.toISOString();
  // Dates in a sheet carry no zone; exceljs reads them as UTC, so the UTC fields are the sheet's.
  if (iso.endsWith('T00:00:00.000Z')) return ok(iso.slice(0, 10));
  return ok(iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23));
}

/** A date serial as exceljs reads one (1900 or 1904 date system). */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** Without quoted literals, [colour]/[locale] brackets and escaped characters: the format's codes. */
function formatCodes(format: string | undefined): string {
  if (!format) return '';
  return format
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
}

function isPercentFormat(format: string | undefined): boolean {
  return formatCodes(format).includes('%');
}

function isDateFormat(format: string | undefined): boolean {
  const codes = formatCodes(format);
  return codes !== '' && codes.toLowerCase() !== 'general' && /[dmyhs]/i.test(codes);
}

function ok(text: string): CellText {
  return { ok: true, text };
}

function fail(message: string): CellText {
  return { ok: false, message };
}

// ---------------------------------------------------------------------------
// Mapping

/** Whether the row is the header: it names at least two value fields (case and spaces aside). */
export function isHeaderRow(row: TableRow): boolean {
  const names = new Set(row.cells.map((cell) => cell.trim().toLowerCase()));
  return VALUE_FIELDS.filter((field) => names.has(field)).length >= 2;
}

function isBlankRow(row: WorkbookRow): boolean {
  return row.problems.length === 0 && row.cells.every((cell) => cell.trim() === '');
}

const KNOWN_COLUMNS: readonly string[] = [...VALUE_FIELDS, ...DESCRIPTIVE_COLUMNS];

/**
 * The mapper for the rows below `header`. Rows from readWorkbookTables carry
 * the problems of cells that could not be read; those in value-field columns
 * are the row's problems. A non-blank cell in a column without a name in the
 * header is a problem too: it would be lost otherwise.
 */
export function createWorkbookMapper(header: TableRow): RowMapper {
  const headerProblems: RecordProblem[] = [];
  const fields = new Map<ValueField, number>();
  const named = new Map<number, string>();
  const seen = new Map<string, number>();
  const position = (index?: number) => ({
    sheet: header.sheet,
    line: header.line,
    column: index === undefined ? undefined : index + 1,
  });
  const expected = `expected ${VALUE_FIELDS.join(', ')} (${REQUIRED_VALUE_FIELDS.join(', ')} required), and the descriptive columns ${DESCRIPTIVE_COLUMNS.join(', ')}`;

  header.cells.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return;
    const first = seen.get(name);
    if (first !== undefined) {
      headerProblems.push({
        ...position(index),
        message: `the column ${name} is named twice, in ${columnLetters(first + 1)} and ${columnLetters(index + 1)}`,
      });
      return;
    }
    seen.set(name, index);
    named.set(index, name);
    if (!KNOWN_COLUMNS.includes(name)) {
      headerProblems.push({
        ...position(index),
        message: `unknown column "${raw.trim()}"; ${expected}`,
      });
    } else if ((VALUE_FIELDS as readonly string[]).includes(name)) {
      fields.set(name as ValueField, index);
    }
  });
  const missing = REQUIRED_VALUE_FIELDS.filter((field) => !fields.has(field));
  if (missing.length > 0) {
    headerProblems.push({
      ...position(),
      field: missing[0],
      message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; ${expected}`,
    });
  }
  const fieldAt = new Map([...fields].map(([field, index]) => [index + 1, field]));

  const map = (row: TableRow): ValueRecord | RecordProblem[] | null => {
    if (headerProblems.length > 0) return null;
    const problems: RecordProblem[] = [];
    const at = (column: number, field?: ValueField) => ({
      sheet: row.sheet,
      line: row.line,
      column,
      field,
    });
    let blank = true;
    row.cells.forEach((text, index) => {
      if (text.trim() === '') return;
      blank = false;
      if (!named.has(index)) {
        problems.push({
          ...at(index + 1),
          message: `a cell outside the table: column ${columnLetters(index + 1)} has no name in the header row ${header.line}; move its content into comment, or delete it`,
        });
      }
    });
    for (const problem of (row as Partial<WorkbookRow>).problems ?? []) {
      const column = problem.column;
      const field = column === undefined ? undefined : fieldAt.get(column);
      // A broken cell among the descriptive columns changes no value.
      if (column !== undefined && field === undefined && named.has(column - 1)) continue;
      problems.push({ ...problem, field });
    }
    if (problems.length > 0) return problems;
    if (blank) return null;
    const cell = (field: ValueField) => {
      const index = fields.get(field);
      return index === undefined ? '' : (row.cells[index] ?? '');
    };
    const columns: ValueRecord['columns'] = {};
    for (const [field, index] of fields) columns[field] = index + 1;
    return {
      line: row.line,
      sheet: row.sheet,
      columns,
      indicator: cell('indicator'),
      orgUnit: cell('org_unit'),
      period: cell('period'),
      disaggregation: cell('disaggregation'),
      value: cell('value'),
      comment: cell('comment'),
      source: cell('source'),
    };
  };

  return { layout: 'planwatch-xlsx', headerProblems, map };
}
