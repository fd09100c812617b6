/**
 * Imports values from a CSV file (columns indicator, org_unit, period,
 * value, optional comment), in any encoding the import core recognises.
 * The whole file is checked first and every problem reported at once with
 * its line and column; if any remains, nothing is written. Otherwise one
 * transaction writes the values as drafts (a revision each, reason naming
 * the file) and one audit entry. Importing the same file again changes nothing.
 */
import { createHash } from 'node:crypto';
import { decide, type Principal } from '../core/access/policy.js';
import { decodeText, parseNumberCell, readCsvRecords } from '../core/import/index.js';
import {
  formatPeriod,
  parsePeriod,
  PeriodCodeError,
  periodEnd,
  type Period,
} from '../core/periods.js';
import type { Db } from '../db/connect.js';
import { DataValueRepository } from '../db/repositories/data-value.repository.js';
import { IndicatorRepository } from '../db/repositories/indicator.repository.js';
import { OrgUnitRepository } from '../db/repositories/org-unit.repository.js';
import type { IndicatorRow, OrgUnitRow } from '../db/schema.js';
import { appendAudit, type Actor } from './audit.service.js';
import { InputError, type Problem } from './errors.js';

export const IMPORT_COLUMNS = ['indicator', 'org_unit', 'period', 'value'] as const;
const ENTRY_BASIS = '';

export interface ImportReport {
  file: string;
  encoding: string;
  sha256: string;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows whose value cell says "no value" (blank, -, …): nothing to store. */
  missing: number;
}

interface CheckedRow {
  line: number;
  indicator: IndicatorRow;
  unit: OrgUnitRow;
  period: Period;
  value: number;
  /** The cell as written in the file. */
  raw: string;
  comment: string | null;
}

export class DataImportService {
  constructor(private readonly db: Db) {}

  async importCsv(
    bytes: Uint8Array,
    fileName: string,
    principal: Principal,
    actor: Actor,
    options: { dryRun: boolean },
  ): Promise<ImportReport> {
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      throw new InputError(`${fileName} cannot be read as text`, [
        { path: fileName, line: decoded.problem.line, message: decoded.problem.message },
      ]);
    }
    const csv = readCsvRecords(decoded.text);
    const problems: Problem[] = csv.problems.map((problem) => ({ path: fileName, ...problem }));
    const column = new Map(csv.header.map((name, index) => [name.trim().toLowerCase(), index]));
    const missingColumns = IMPORT_COLUMNS.filter((name) => !column.has(name));
    if (missingColumns.length > 0) {
      throw new InputError(
        `${fileName} lacks column${missingColumns.length > 1 ? 's' : ''} ${missingColumns.join(', ')}`,
        [
          {
            path: fileName,
            line: 1,
            message: `expected columns ${IMPORT_COLUMNS.join(', ')} (and optionally comment); found ${csv.header.join(', ')}`,
          },
        ],
      );
    }
    const at = (name: string) => column.get(name)! + 1;

    const indicators = new IndicatorRepository(this.db);
    const units = new OrgUnitRepository(this.db);
    const indicatorCache = new Map<string, IndicatorRow | undefined>();
    const unitCache = new Map<string, OrgUnitRow | undefined>();
    const checked: CheckedRow[] = [];
    const seen = new Map<string, number>();
    let missing = 0;

    for (const row of csv.rows) {
      const cell = (name: string) => (row.cells[column.get(name) ?? -1] ?? '').trim();
      const problem = (name: string, message: string) =>
        problems.push({
          path: fileName,
          line: row.line,
          column: at(name),
          message: `${name}: ${message}`,
        });
      const before = problems.length;

      const code = cell('indicator');
      if (!indicatorCache.has(code)) indicatorCache.set(code, await indicators.get(code));
      const indicator = indicatorCache.get(code);
      if (!indicator) problem('indicator', `no indicator has code "${code}"`);
      else if (indicator.kind !== 'numeric')
        problem('indicator', `${code} is qualitative and takes no values`);

      const unitCode = cell('org_unit');
      if (!unitCache.has(unitCode)) unitCache.set(unitCode, await units.get(unitCode));
      const unit = unitCache.get(unitCode);
      if (!unit) problem('org_unit', `no org unit has code "${unitCode}"`);
      else {
        const decision = decide(principal, 'data:write', unit.path);
        if (!decision.allowed) problem('org_unit', decision.reason);
      }

      let period: Period | null = null;
      try {
        period = parsePeriod(cell('period'));
      } catch (error) {
        if (!(error instanceof PeriodCodeError)) throw error;
        problem('period', error.message);
      }

      const parsed = parseNumberCell(row.cells[column.get('value')!] ?? '', {
        percent: indicator?.unit === 'percent',
      });
      if (parsed.kind === 'error')
        problem('value', `"${row.cells[column.get('value')!] ?? ''}": ${parsed.reason}`);

      if (indicator && unit && period) {
        const key = `${indicator.code}|${unit.code}|${formatPeriod(period)}`;
        const first = seen.get(key);
        if (first !== undefined)
          problem(
            'period',
            `${indicator.code} ${unit.code} ${formatPeriod(period)} is given on line ${first} already`,
          );
        else seen.set(key, row.line);
      }
      if (problems.length > before || !indicator || !unit || !period) continue;
      if (parsed.kind === 'missing') {
        missing++;
        continue;
      }
      if (parsed.kind !== 'number') continue;
      const comment = column.has('comment') ? cell('comment') || null : null;
      checked.push({
        line: row.line,
        indicator,
        unit,
        period,
        value: parsed.value,
        raw: cell('value'),
        comment,
      });
    }

    if (problems.length > 0) {
      throw new InputError(
        `${fileName}: ${problems.length} problem${problems.length > 1 ? 's' : ''}; nothing was imported`,
        problems,
      );
    }

    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const reason = `import of ${fileName} (sha256 ${sha256.slice(0, 12)})`;
    const report: ImportReport = {
      file: fileName,
      encoding: decoded.encoding,
      sha256,
      dryRun: options.dryRun,
      rows: csv.rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      missing,
    };
    const write = async (values: DataValueRepository): Promise<void> => {
      const now = new Date().toISOString();
      const fresh = [];
      for (const row of checked) {
        const key = {
          indicatorCode: row.indicator.code,
          orgUnitCode: row.unit.code,
          period: formatPeriod(row.period),
          basis: ENTRY_BASIS,
        };
        const existing = await values.findOne(key);
        if (existing?.status === 'published') {
          problems.push({
            path: fileName,
            line: row.line,
            message: `${key.indicatorCode} ${key.orgUnitCode} ${key.period} is published; published values are not overwritten`,
          });
        } else if (existing && existing.value === row.value && existing.comment === row.comment) {
          report.unchanged++;
        } else if (existing) {
          report.updated++;
          if (!options.dryRun) {
            await values.updateDraft(existing.id, existing.version, {
              value: row.value,
              comment: row.comment,
              reason,
              by: actor.name,
              at: now,
            });
          }
        } else {
          report.created++;
          fresh.push({
            ...key,
            periodType: row.period.type,
            periodEnd: periodEnd(row.period),
            value: row.value,
            sourceKey: null,
            confidence: null,
            publishedValue: row.raw,
            publishedUnit: null,
            createdBy: actor.name,
            createdAt: now,
            status: 'draft' as const,
            comment: row.comment,
          });
        }
      }
      if (problems.length > 0) {
        throw new InputError(
          `${fileName}: ${problems.length} problem${problems.length > 1 ? 's' : ''}; nothing was imported`,
          problems,
        );
      }
      if (!options.dryRun) await values.insertMany(fresh, reason);
    };

    if (options.dryRun) {
      await write(new DataValueRepository(this.db));
      return report;
    }
    await this.db.transaction().execute(async (trx) => {
      await write(new DataValueRepository(trx));
      if (report.created + report.updated > 0) {
        await appendAudit(trx, actor, {
          action: 'data.import',
          entityType: 'file',
          entityId: sha256,
          after: {
            file: fileName,
            encoding: report.encoding,
            rows: report.rows,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            missing,
          },
        });
      }
    });
    return report;
  }
}
