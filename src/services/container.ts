/** The composition root shared by the server and the CLI. */
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../db/connect.js';
import { StoreMetaRepository } from '../db/repositories/store-meta.repository.js';
import { AccessService } from './access.service.js';
import { AggregateCheckService } from './analytics/aggregate-check.service.js';
import { AnalyticsService } from './analytics/analytics.service.js';
import { ProgressService } from './analytics/progress.service.js';
import { TargetService } from './analytics/targets.service.js';
import { AuditReader } from './audit.service.js';
import { CatalogueService } from './catalogue.service.js';
import { DataEntryService } from './data-entry.service.js';
import { DataExportService } from './data-export.service.js';
import { DataImportService } from './data-import.service.js';
import { DataSetService } from './reporting/data-set.service.js';
import { ReportingService } from './reporting/reporting.service.js';

export interface Services {
  catalogue: CatalogueService;
  access: AccessService;
  dataEntry: DataEntryService;
  dataImport: DataImportService;
  audit: AuditReader;
  dataSets: DataSetService;
  dataExport: DataExportService;
  reporting: ReportingService;
  aggregateCheck: AggregateCheckService;
  analytics: AnalyticsService;
  progress: ProgressService;
  targets: TargetService;
  /** Answers when the store answers. */
  ping(): Promise<void>;
}

export interface ServiceOptions {
  /** The clock services read now and today from (tests set it). */
  now?: () => Date;
  /**
   * Where evidence files are kept (PLANWATCH_FILES, by default <data dir>/files). The
   * server and the CLI always pass it; without it (tests) files go to a temporary directory.
   */
  filesDir?: string;
}

export function createServices(store: Store, options: ServiceOptions = {}): Services {
  const now = options.now ?? (() => new Date());
  const filesDir = options.filesDir ?? path.join(os.tmpdir(), `planwatch-files-${process.pid}`);
  void now;
  void filesDir;
  return {
    catalogue: new CatalogueService(store.db),
    access: new AccessService(store.db),
    dataEntry: new DataEntryService(store.db),
    dataImport: new DataImportService(store.db),
    audit: new AuditReader(store.db),
    dataSets: new DataSetService(store.db),
    dataExport: new DataExportService(store.db),
    reporting: new ReportingService(store.db),
    aggregateCheck: new AggregateCheckService(store.db),
    analytics: new AnalyticsService(store.db),
    progress: new ProgressService(store.db),
    targets: new TargetService(store.db),
    ping: () => new StoreMetaRepository(store.db).ping(),
  };
}
