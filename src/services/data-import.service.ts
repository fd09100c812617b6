/**
 * Imports reported values: files (plain CSV or SDMX-CSV, in UTF-8, UTF-8
 * with BOM, UTF-16 with BOM or GBK/GB18030) and JSON values from the API.
 * The whole input is checked first and every problem reported at once; if
 * any remains, nothing is written. Otherwise one transaction writes new
 * values and changed drafts (a revision each, the reason naming the file
 * and its SHA-256) and one audit entry; the same input again changes
 * nothing. The engine is in ./import/.
 */
import type { Principal } from '../core/access/policy.js';
import type { Db } from '../db/connect.js';
import type { Actor } from './audit.service.js';
import {
  ImportEngine,
  type ImportOptions,
  type ImportReport,
  type JsonValue,
} from './import/index.js';

export type { ImportProgress, ImportReport, JsonValue } from './import/index.js';
export { ImportRefusedError } from './import/index.js';

export class DataImportService {
  private readonly engine: ImportEngine;

  constructor(db: Db) {
    this.engine = new ImportEngine(db);
  }

  /** A file on disk, streamed: its size does not matter. `name` is how reports and revisions call it. */
  importFile(
    path: string,
    principal: Principal,
    actor: Actor,
    options: ImportOptions & { name?: string | undefined },
  ): Promise<ImportReport> {
    return this.engine.run({ kind: 'file', path, name: options.name }, principal, actor, options);
  }

  /** A file already in memory (an upload, a test). */
  importBytes(
    bytes: Uint8Array,
    fileName: string,
    principal: Principal,
    actor: Actor,
    options: ImportOptions,
  ): Promise<ImportReport> {
    return this.engine.run({ kind: 'bytes', bytes, name: fileName }, principal, actor, options);
  }

  /** The CSV import as it was first offered; any layout the engine reads is accepted. */
  importCsv(
    bytes: Uint8Array,
    fileName: string,
    principal: Principal,
    actor: Actor,
    options: ImportOptions,
  ): Promise<ImportReport> {
    return this.importBytes(bytes, fileName, principal, actor, options);
  }

  /** Values sent as JSON; problems name `values[i].field`. */
  importJson(
    values: readonly JsonValue[],
    principal: Principal,
    actor: Actor,
    options: ImportOptions & { name?: string | undefined },
  ): Promise<ImportReport> {
    return this.engine.run({ kind: 'json', values, name: options.name }, principal, actor, options);
  }
}
