/**
 * The import engine for reported values, independent of HTTP and the CLI:
 * bytes stream in, are decoded in chunks, read as CSV records with their
 * lines, mapped by the file's layout (plain CSV or SDMX-CSV) to value
 * records (Excel workbooks: streamed by formats/xlsx.ts to the same records), checked one by one against lookups loaded once, staged, checked
 * as a set against the store, and committed in one transaction, or not at
 * all. Every problem of the file is reported at once, in file order (the
 * first PROBLEM_CAP of them and the count of the rest). JSON values from the
 * API take the same path from the record on.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { PostgresAdapter } from 'kysely';
import type { Principal } from '../../core/access/policy.js';
import type { TextEncodingName } from '../../core/import/index.js';
import type { RecordProblem, ValueField, ValueRecord } from '../../core/import/value-record.js';
import type { Db } from '../../db/connect.js';
import { createPlanwatchCsvMapper } from '../../formats/planwatch-csv.js';
import type { RowMapper } from '../../formats/row-mapper.js';
import { createSdmxCsvMapper } from '../../formats/sdmx-csv.js';
import { readWorkbookRecords, WorkbookReadError } from '../../formats/xlsx.js';
import { appendAudit, type Actor } from '../audit.service.js';
import { StagedAggregates } from './aggregates.js';
import { InputError, type Problem } from '../errors.js';
import { RecordChecker, type CheckedValue } from './checker.js';
import { CsvStreamReader } from './csv-stream.js';
import { StreamingDecoder, type DecodedPiece } from './decode-stream.js';
import { loadLookups, type ImportLookups } from './lookups.js';
import { PostgresStaging } from './postgres-staging.js';
import { positionKey, PROBLEM_CAP, ProblemCollector, type ImportProblem } from './problems.js';
import { SqliteStaging, sqliteFileOf } from './sqlite-staging.js';
import {
  describeKey,
  type Duplicate,
  type StoreCounts,
  type StoreProblem,
  type StoreProblems,
  type WriteMeta,
} from './staging.js';

export type ImportLayout = RowMapper['layout'] | 'json';

export interface ImportReport {
  file: string;
  /** The text encoding read ('xlsx' for workbooks, 'json' for values sent as JSON). */
  encoding: TextEncodingName | 'xlsx' | 'json';
  layout: ImportLayout;
  sha256: string;
  dryRun: boolean;
  /** Records of the file (blank rows not counted). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Records whose value cell says "no value" (blank, -, …): counted, not stored. */
  missing: number;
}

/** One value sent as JSON through the API. */
export interface JsonValue {
  indicator: string;
  orgUnit: string;
  period: string;
  disaggregation?: string | null | undefined;
  value: number | string;
  comment?: string | null | undefined;
  source?: string | null | undefined;
}

export type ImportInput =
  | { kind: 'file'; path: string; name?: string | undefined }
  | { kind: 'bytes'; bytes: Uint8Array; name: string }
  | { kind: 'json'; values: readonly JsonValue[]; name?: string | undefined };

export interface ImportProgress {
  phase: 'read' | 'check' | 'write' | 'commit' | 'done';
  bytesRead: number;
  /** null when unknown (JSON). */
  bytesTotal: number | null;
  records: number;
}

export interface ImportOptions {
  dryRun: boolean;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** How many problems to list at most (the rest are counted). */
  problemCap?: number | undefined;
  /** The org unit the import is for: every value's unit must lie in its subtree. */
  withinUnit?: string | undefined;
}

/** The file is refused: every problem is listed (up to the cap), and how many more there are. */
export class ImportRefusedError extends InputError {
  constructor(
    message: string,
    problems: Problem[],
    readonly total: number,
    readonly unlisted: number,
  ) {
    super(message, problems);
  }
}

const CHUNK = 1 << 20;

interface Staging {
  /** Buffers a value; SQLite stages full batches at once. */
  add(value: CheckedValue): void;
  /** Stages what is buffered: everything when `all`, else only full batches. */
  flush(all: boolean): Promise<void>;
  begin(write: boolean): Promise<void>;
  classify(): Promise<StoreCounts>;
  storeProblems(cap: number, counts: StoreCounts): Promise<StoreProblems[]>;
  write(meta: WriteMeta, counts: StoreCounts): Promise<void>;
  readonly transaction: Parameters<typeof appendAudit>[0];
  commit(): Promise<void>;
  close(): Promise<void>;
}

export class ImportEngine {
  constructor(private readonly db: Db) {}

  async run(
    input: ImportInput,
    principal: Principal,
    actor: Actor,
    options: ImportOptions,
  ): Promise<ImportReport> {
    const name = input.name ?? (input.kind === 'file' ? input.path : 'values');
    const cap = options.problemCap ?? PROBLEM_CAP;
    const problems = new ProblemCollector(cap);
    const lookups = await loadLookups(this.db);
    let within = null;
    if (options.withinUnit !== undefined) {
      within = lookups.units.get(options.withinUnit) ?? null;
      if (!within) throw new InputError(`No org unit has code ${options.withinUnit}`);
    }
    const checker = new RecordChecker(lookups, principal, within);
    const sheets: string[] = [];
    const columnsBySheet = new Map<number, ValueRecord['columns']>();
    const pending: CheckedValue[] = [];
    const staging = await this.openStaging(lookups, (duplicate) =>
      problems.add(duplicateProblem(duplicate, sheets, columnsBySheet, input.kind === 'json')),
    );
    try {
      const progress = (phase: ImportProgress['phase'], read: ReadState) =>
        options.onProgress?.({
          phase,
          bytesRead: read.bytesRead,
          bytesTotal: read.bytesTotal,
          records: read.records,
        });
      const read: ReadState = {
        bytesRead: 0,
        bytesTotal: null,
        records: 0,
        missing: 0,
        encoding: 'json',
        layout: 'json',
        sha256: '',
      };
      const accept = (record: ValueRecord, sheetIndex: number) => {
        read.records += 1;
        if (!columnsBySheet.has(sheetIndex)) columnsBySheet.set(sheetIndex, record.columns);
        const order = positionKey(sheetIndex, record.line);
        const checked = checker.check(record, order, sheetIndex, (problem) =>
          problems.add(problem),
        );
        if (!checked) return;
        if (checked.value === null) read.missing += 1;
        pending.push(checked);
      };
      const drain = async () => {
        for (const value of pending) staging.add(value);
        pending.length = 0;
        await staging.flush(false);
      };

      if (input.kind === 'json') {
        const hash = createHash('sha256');
        input.values.forEach((item, index) => {
          hash.update(JSON.stringify(item));
          accept(jsonRecord(item, index), 0);
        });
        read.sha256 = hash.digest('hex');
        await drain();
      } else if (await isWorkbook(input)) {
        await this.readWorkbook(input, read, problems, sheets, accept, drain, progress);
      } else {
        await this.readText(input, lookups, read, problems, accept, drain, progress);
      }

      progress('check', read);
      await staging.begin(!options.dryRun);
      const counts = await staging.classify();
      for (const list of await staging.storeProblems(cap, counts)) {
        for (const problem of list.listed)
          problems.add(storeProblem(problem, sheets, columnsBySheet));
        problems.addUnlisted(list.total - list.listed.length);
      }
      if (problems.total > 0) throw refusal(name, problems, input.kind === 'json');

      const sha256 = read.sha256;
      const report: ImportReport = {
        file: name,
        encoding: read.encoding,
        layout: read.layout,
        sha256,
        dryRun: options.dryRun,
        rows: read.records,
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.unchanged,
        missing: read.missing,
      };
      if (options.dryRun) return report;

      progress('write', read);
      const meta: WriteMeta = {
        reason: `import of ${name} (sha256 ${sha256.slice(0, 12)})`,
        by: actor.name,
        at: new Date().toISOString(),
      };
      if (counts.created + counts.updated > 0) {
        const aggregates = new StagedAggregates(staging.transaction);
        await aggregates.beforeWrite();
        await staging.write(meta, counts);
        await aggregates.afterWrite();
      }
      if (counts.created + counts.updated > 0) {
        await appendAudit(staging.transaction, actor, {
          action: 'data.import',
          entityType: 'file',
          entityId: sha256,
          after: {
            file: name,
            encoding: report.encoding,
            layout: report.layout,
            rows: report.rows,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            missing: report.missing,
          },
        });
      }
      progress('commit', read);
      await staging.commit();
      progress('done', read);
      return report;
    } finally {
      await staging.close();
    }
  }

  private async openStaging(
    lookups: ImportLookups,
    onDuplicate: (duplicate: Duplicate) => void,
  ): Promise<Staging> {
    if (this.db.getExecutor().adapter instanceof PostgresAdapter) {
      return PostgresStaging.open(this.db, lookups, onDuplicate);
    }
    return new SqliteStaging(await sqliteFileOf(this.db), lookups, onDuplicate);
  }

  /** Streams a workbook's sheets (formats/xlsx.ts) as records; sheets count in file order. */
  private async readWorkbook(
    input: Exclude<ImportInput, { kind: 'json' }>,
    read: ReadState,
    problems: ProblemCollector,
    sheets: string[],
    accept: (record: ValueRecord, sheetIndex: number) => void,
    drain: () => Promise<void>,
    progress: (phase: ImportProgress['phase'], read: ReadState) => void,
  ): Promise<void> {
    read.encoding = 'xlsx';
    read.layout = 'planwatch-xlsx';
    const hash = createHash('sha256');
    for await (const chunk of openChunks(input, read)) {
      read.bytesRead += chunk.length;
      hash.update(chunk);
    }
    read.sha256 = hash.digest('hex');
    const sheetIndex = (sheet: string | undefined) => {
      if (sheet === undefined) return 0;
      let index = sheets.indexOf(sheet);
      if (index === -1) index = sheets.push(sheet) - 1;
      return index;
    };
    let since = 0;
    try {
      const source = input.kind === 'file' ? input.path : Buffer.from(input.bytes);
      for await (const item of readWorkbookRecords(source)) {
        if (Array.isArray(item)) {
          read.records += 1;
          for (const problem of item)
            problems.add({
              ...problem,
              order: positionKey(sheetIndex(problem.sheet), problem.line),
            });
          continue;
        }
        accept(item, sheetIndex(item.sheet));
        if (++since >= 10_000) {
          since = 0;
          await drain();
          progress('read', read);
        }
      }
    } catch (error) {
      if (!(error instanceof WorkbookReadError)) throw error;
      problems.add({ order: 0, message: `not a readable .xlsx workbook: ${error.message}` });
    }
    await drain();
  }

  /** Streams a text file through decoding, CSV records and the layout's mapper. */
  private async readText(
    input: Exclude<ImportInput, { kind: 'json' }>,
    lookups: ImportLookups,
    read: ReadState,
    problems: ProblemCollector,
    accept: (record: ValueRecord, sheetIndex: number) => void,
    drain: () => Promise<void>,
    progress: (phase: ImportProgress['phase'], read: ReadState) => void,
  ): Promise<void> {
    const hash = createHash('sha256');
    const decoder = new StreamingDecoder();
    let mapper: RowMapper | null = null;
    let refused = false;
    const add = (problem: RecordProblem) =>
      problems.add({ ...problem, order: positionKey(0, problem.line) });
    const csv = new CsvStreamReader({
      header: (cells, line) => {
        const first = cells[0]?.trim().toUpperCase() ?? '';
        mapper =
          first === 'STRUCTURE' || first === 'DATAFLOW'
            ? createSdmxCsvMapper(cells, { categoryCodes: lookups.categoryCodes, headerLine: line })
            : createPlanwatchCsvMapper(cells, { headerLine: line });
        read.layout = mapper.layout;
        for (const problem of mapper.headerProblems) add(problem);
        refused = mapper.headerProblems.length > 0;
      },
      row: (cells, line) => {
        if (refused || !mapper) {
          read.records += 1;
          return;
        }
        const mapped = mapper.map({ line, cells });
        if (mapped === null) return;
        if (Array.isArray(mapped)) {
          read.records += 1;
          for (const problem of mapped) add(problem);
          return;
        }
        accept(mapped, 0);
      },
      problem: (problem) => add(problem),
    });
    let nul: { line: number; column: number; count: number } | null = null;
    const pieces: DecodedPiece[] = [];
    const consume = () => {
      for (const piece of pieces) {
        if ('text' in piece) {
          const text = piece.text;
          let at = text.indexOf('\u0000');
          if (at !== -1) {
            nul ??= { ...csv.positionAfter(text.slice(0, at)), count: 0 };
            for (; at !== -1; at = text.indexOf('\u0000', at + 1)) nul.count += 1;
          }
          csv.push(text);
        } else {
          const position = csv.positionAfter();
          add({ ...position, message: `byte ${piece.invalidAt}: ${piece.reason}` });
        }
      }
      pieces.length = 0;
    };

    const chunks = openChunks(input, read);
    for await (const chunk of chunks) {
      read.bytesRead += chunk.length;
      hash.update(chunk);
      decoder.push(chunk, pieces);
      consume();
      await drain();
      progress('read', read);
      if (decoder.stopped) break;
    }
    decoder.end(pieces);
    consume();
    csv.end();
    await drain();
    read.encoding = decoder.detected ?? 'utf-8';
    read.sha256 = hash.digest('hex');
    if (nul) {
      const { line, column, count } = nul;
      add({
        line,
        column,
        message: `a NUL character${count > 1 ? ` (and ${count - 1} more)` : ''}; a text file has none. Is this UTF-16 without a byte order mark, or not a text file at all?`,
      });
    }
  }
}

interface ReadState {
  bytesRead: number;
  bytesTotal: number | null;
  records: number;
  missing: number;
  encoding: ImportReport['encoding'];
  layout: ImportLayout;
  sha256: string;
}

async function* openChunks(
  input: Exclude<ImportInput, { kind: 'json' }>,
  read: ReadState,
): AsyncGenerator<Uint8Array> {
  if (input.kind === 'bytes') {
    read.bytesTotal = input.bytes.length;
    for (let at = 0; at < input.bytes.length; at += CHUNK) {
      yield input.bytes.subarray(at, at + CHUNK);
    }
    return;
  }
  let stream: fs.ReadStream;
  try {
    read.bytesTotal = (await fs.promises.stat(input.path)).size;
    stream = fs.createReadStream(input.path, { highWaterMark: CHUNK });
  } catch (error) {
    throw new InputError(
      `Cannot read ${input.name ?? input.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  for await (const chunk of stream) yield chunk as Buffer;
}

/** An .xlsx workbook (a zip) by its name or its first bytes; anything else is read as text. */
async function isWorkbook(input: Exclude<ImportInput, { kind: 'json' }>): Promise<boolean> {
  const name = input.name ?? (input.kind === 'file' ? input.path : '');
  if (/\.xlsx$/i.test(name)) return true;
  let head: Uint8Array;
  if (input.kind === 'bytes') head = input.bytes.subarray(0, 4);
  else {
    const handle = await fs.promises.open(input.path, 'r').catch(() => null);
    if (!handle) return false;
    try {
      head = (await handle.read(Buffer.alloc(4), 0, 4, 0)).buffer;
    } finally {
      await handle.close();
    }
  }
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

const JSON_FIELDS: Record<ValueField, string> = {
  indicator: 'indicator',
  org_unit: 'orgUnit',
  period: 'period',
  disaggregation: 'disaggregation',
  value: 'value',
  comment: 'comment',
  source: 'source',
};

function jsonRecord(item: JsonValue, index: number): ValueRecord {
  return {
    line: index + 1,
    columns: {},
    indicator: item.indicator.trim(),
    orgUnit: item.orgUnit.trim(),
    period: item.period.trim(),
    disaggregation: (item.disaggregation ?? '').trim(),
    value: typeof item.value === 'number' ? String(item.value) : item.value,
    comment: item.comment ?? '',
    source: item.source ?? '',
  };
}

function where(order: number, sheets: string[], json: boolean): string {
  const sheetIndex = Math.floor(order / 10_000_000_000);
  const line = order % 10_000_000_000;
  if (json) return `item ${line - 1}`;
  const sheet = sheets[sheetIndex];
  return sheet === undefined ? `line ${line}` : `${sheet} row ${line}`;
}

function located(
  order: number,
  field: ValueField,
  sheets: string[],
  columnsBySheet: Map<number, ValueRecord['columns']>,
): Pick<ImportProblem, 'order' | 'sheet' | 'line' | 'column' | 'field'> {
  const sheetIndex = Math.floor(order / 10_000_000_000);
  return {
    order,
    sheet: sheets[sheetIndex],
    line: order % 10_000_000_000,
    column: columnsBySheet.get(sheetIndex)?.[field],
    field,
  };
}

function duplicateProblem(
  duplicate: Duplicate,
  sheets: string[],
  columnsBySheet: Map<number, ValueRecord['columns']>,
  json: boolean,
): ImportProblem {
  const value = duplicate.value;
  const key = describeKey({
    indicator: value.indicator.code,
    orgUnit: value.unit.code,
    period: value.period.code,
    disaggregation: value.disaggregation,
  });
  return {
    ...located(value.order, 'period', sheets, columnsBySheet),
    message: `${key} is given on ${where(duplicate.firstOrder, sheets, json)} already`,
  };
}

function storeProblem(
  problem: StoreProblem,
  sheets: string[],
  columnsBySheet: Map<number, ValueRecord['columns']>,
): ImportProblem {
  const key = describeKey(problem);
  let message: string;
  switch (problem.kind) {
    case 'published':
      message = `${key} is published; published values are not overwritten`;
      break;
    case 'locked':
      message = `${key} is locked: ${problem.state} in data set ${problem.dataSet}`;
      break;
    case 'range': {
      const bounds =
        problem.min !== null && problem.max !== null
          ? `between ${problem.min} and ${problem.max}`
          : problem.min !== null
            ? `at least ${problem.min}`
            : `at most ${problem.max}`;
      message = `${key}: ${problem.value} is out of range: data set ${problem.dataSet} takes ${problem.indicator} ${bounds}`;
      break;
    }
  }
  return { ...located(problem.order, 'value', sheets, columnsBySheet), message };
}

/** The problems as the error types of the services carry them: a file position, or a JSON path. */
function refusal(name: string, collector: ProblemCollector, json: boolean): ImportRefusedError {
  const { problems, more } = collector.result();
  const listed: Problem[] = problems.map((problem) => {
    const message = problem.field ? `${problem.field}: ${problem.message}` : problem.message;
    if (json) {
      const field = problem.field ? `.${JSON_FIELDS[problem.field]}` : '';
      return problem.line === undefined
        ? { path: name, message }
        : { path: `values[${problem.line - 1}]${field}`, message: problem.message };
    }
    return {
      path: problem.sheet === undefined ? name : `${name}#${problem.sheet}`,
      line: problem.line,
      column: problem.column,
      message,
    };
  });
  const total = collector.total;
  if (more > 0) {
    listed.push({
      path: name,
      message: `and ${more} more problem${more > 1 ? 's' : ''} not listed here (the first ${problems.length} are)`,
    });
  }
  return new ImportRefusedError(
    `${name}: ${total} problem${total > 1 ? 's' : ''}; nothing was imported`,
    listed,
    total,
    more,
  );
}
