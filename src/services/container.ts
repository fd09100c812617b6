/** The composition root shared by the server and the CLI. */
import os from 'node:os';
import path from 'node:path';
import type { Config, OpenDataSettings } from '../config.js';
import type { Store } from '../db/connect.js';
import { StoreMetaRepository } from '../db/repositories/store-meta.repository.js';
import { AccessService } from './access.service.js';
import { AggregateCheckService } from './analytics/aggregate-check.service.js';
import { AnalyticsService } from './analytics/analytics.service.js';
import { ProgressService } from './analytics/progress.service.js';
import { TargetService } from './analytics/targets.service.js';
import { AuditReader } from './audit.service.js';
import { AlignmentService } from './plans/alignment.service.js';
import { CatalogueService } from './catalogue.service.js';
import { DataEntryService } from './data-entry.service.js';
import { DataExportService } from './data-export.service.js';
import { DataRevisionService } from './data-revision.service.js';
import { DataImportService } from './data-import.service.js';
import { EvaluationService } from './evaluation/evaluation.service.js';
import { ReportService } from './evaluation/report/report.service.js';
import { InspectionService } from './inspections/inspection.service.js';
import { ReleaseService } from './releases/release.service.js';
import { SdmxService } from './open-data/sdmx.service.js';
import { DataSetService } from './reporting/data-set.service.js';
import { DcatService, dcatOptionsOf } from './open-data/dcat.service.js';
import { ReportingService } from './reporting/reporting.service.js';
import type { EvidenceLimits } from './tasks/evidence-store.js';
import { TaskService } from './tasks/task.service.js';
import { TaskExportService } from './tasks/task-export.service.js';
import { TaskImportService } from './tasks/task-import.service.js';
import type { WarningPolicy } from '../core/tasks/warnings.js';
import { DigestService } from './tasks/digest.js';
import { InboxService } from './tasks/inbox.service.js';
import { TickLock } from './tasks/job-runs.js';
import { OutboxSender, type MailSettings } from './tasks/outbox.js';
import { WarningService } from './tasks/warning.service.js';
import { WebhookService } from './tasks/webhook.service.js';

export interface Services {
  catalogue: CatalogueService;
  access: AccessService;
  dataEntry: DataEntryService;
  dataRevision: DataRevisionService;
  dataImport: DataImportService;
  audit: AuditReader;
  dataSets: DataSetService;
  dataExport: DataExportService;
  reporting: ReportingService;
  aggregateCheck: AggregateCheckService;
  analytics: AnalyticsService;
  progress: ProgressService;
  targets: TargetService;
  alignment: AlignmentService;
  inspections: InspectionService;
  tasks: TaskService;
  /** Task breakdowns from CSV or Excel files, all or nothing. */
  taskImport: TaskImportService;
  /** Tasks in the breakdown layout, to import back. */
  taskExport: TaskExportService;
  warnings: WarningService;
  outbox: OutboxSender;
  inbox: InboxService;
  webhooks: WebhookService;
  /** One scheduler tick at a time across instances. */
  tickLock: TickLock;
  /** The annual evaluation runs: scored, ranked, frozen once published. */
  evaluation: EvaluationService;
  /** The yearly report from the store: model, HTML, PDF and workbook, in zh-CN or en. */
  report: ReportService;
  /** The release calendar: approved values become public on their release day. */
  releases: ReleaseService;
  dcat: DcatService; // the DCAT-AP catalogue of what is public
  sdmx: SdmxService;
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
  /** Evidence upload limits (tests set small ones); by default 20 MiB a file, 50 MiB an update, 10 files. */
  evidenceLimits?: Partial<EvidenceLimits>;
  /** Outgoing mail (PLANWATCH_SMTP_URL); without it no digests are made: the inbox only. */
  mail?: MailSettings | null;
  /** The web app's address for links in e-mails (PLANWATCH_PUBLIC_URL). */
  publicUrl?: string | null;
  /** Early-warning thresholds (PLANWATCH_WARN_*); the core's defaults otherwise. */
  warningPolicy?: WarningPolicy;
  /** Publisher, licence and contact of the open data (PLANWATCH_PUBLISHER_*, _DATA_LICENSE, _CONTACT_EMAIL). */
  openData?: Partial<OpenDataSettings>;
}

/** The options the server and the CLI derive from the settings. */
export function serviceOptionsOf(config: Config): ServiceOptions {
  return {
    filesDir: config.filesDir,
    mail: config.mail,
    publicUrl: config.publicUrl,
    warningPolicy: config.warningPolicy,
    openData: config.openData,
  };
}

export function createServices(store: Store, options: ServiceOptions = {}): Services {
  const now = options.now ?? (() => new Date());
  const filesDir = options.filesDir ?? path.join(os.tmpdir(), `planwatch-files-${process.pid}`);
  const taskOptions = { now, filesDir, evidenceLimits: options.evidenceLimits };
  const tasks = new TaskService(store.db, taskOptions);
  const progress = new ProgressService(store.db);
  const inspections = new InspectionService(store.db, now, tasks.evidence);
  const evaluation = new EvaluationService(store.db, now);
  const sdmx = new SdmxService(store.db, now);
  return {
    catalogue: new CatalogueService(store.db),
    access: new AccessService(store.db),
    dataEntry: new DataEntryService(store.db),
    dataRevision: new DataRevisionService(store.db, now),
    dataImport: new DataImportService(store.db),
    audit: new AuditReader(store.db),
    dataSets: new DataSetService(store.db),
    dataExport: new DataExportService(store.db),
    reporting: new ReportingService(store.db),
    aggregateCheck: new AggregateCheckService(store.db),
    analytics: new AnalyticsService(store.db),
    progress,
    targets: new TargetService(store.db),
    alignment: new AlignmentService(store.db),
    inspections,
    tasks,
    taskImport: new TaskImportService(store.db, (db) => new TaskService(db, taskOptions)),
    taskExport: new TaskExportService(store.db, tasks),
    warnings: new WarningService(store.db, {
      now,
      ...(options.warningPolicy ? { policy: options.warningPolicy } : {}),
      digests: options.mail
        ? new DigestService(store.db, { now, publicUrl: options.publicUrl ?? null })
        : null,
    }),
    outbox: new OutboxSender(store.db, { mail: options.mail ?? null }),
    inbox: new InboxService(store.db, now),
    webhooks: new WebhookService(store.db, now),
    tickLock: new TickLock(store.db),
    evaluation,
    report: new ReportService(store.db, { progress, inspections, evaluation }, now),
    releases: new ReleaseService(store.db, now),
    dcat: new DcatService(store.db, sdmx, dcatOptionsOf(options)),
    sdmx,
    ping: () => new StoreMetaRepository(store.db).ping(),
  };
}
