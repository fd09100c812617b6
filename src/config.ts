/**
 * Every setting, read once from the environment and validated. A bad value
 * stops the program with a message naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  PLANWATCH_DATA: z.string().min(1).default('.planwatch'),
  PLANWATCH_FILES: z
    .string()
    .min(1)
    .optional()
    .describe('where evidence files are kept; shared storage when several instances run'),
  DATABASE_URL: z
    .string()
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true behind a reverse proxy: X-Forwarded-For/-Proto name the client and the scheme'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLANWATCH_SMTP_URL: z
    .string()
    .refine((url) => /^smtps?:\/\/[^/]+/.test(url), 'must be an smtp:// or smtps:// URL')
    .optional()
    .describe(
      'the SMTP server of the daily digest (smtp://host:2525, smtps://user:password@host:465); unset: no e-mail at all, no digests are made and the in-app inbox is the only channel',
    ),
  PLANWATCH_MAIL_FROM: z
    .string()
    .min(3)
    .default('Planwatch <planwatch@localhost>')
    .describe('the From address of digest e-mails'),
  PLANWATCH_PUBLIC_URL: z
    .string()
    .refine((url) => /^https?:\/\//.test(url), 'must be an http:// or https:// URL')
    .optional()
    .describe('where users reach the web app, for the links in e-mails (else links are paths)'),
  PLANWATCH_PUBLISHER_ZH: z
    .string()
    .min(1)
    .max(200)
    .default('Planwatch 规划监测平台')
    .describe('the publisher of the open data, in Chinese (the DCAT catalogue and the portal)'),
  PLANWATCH_PUBLISHER_EN: z
    .string()
    .min(1)
    .max(200)
    .default('Planwatch plan monitoring')
    .describe('the publisher of the open data, in English'),
  PLANWATCH_DATA_LICENSE: z
    .string()
    .refine((url) => /^https?:\/\/\S+$/.test(url), 'must be an http:// or https:// URL')
    .default('http://creativecommons.org/licenses/by/4.0/')
    .describe('the licence of the open data, as its URL (default: CC BY 4.0)'),
  PLANWATCH_CONTACT_EMAIL: z
    .string()
    .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an e-mail address such as data@example.org')
    .optional()
    .describe(
      'where readers of the open data write (default: the digest sender, if mail is set up)',
    ),
  PLANWATCH_SCHEDULER: z
    .enum(['on', 'off'])
    .default('on')
    .describe('off: this server instance runs no scheduled checks or deliveries'),
  PLANWATCH_SCHEDULER_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(86_400)
    .default(300)
    .describe('seconds between scheduler ticks (each delivers the outbox)'),
  PLANWATCH_DAILY_CHECK_HOUR: z.coerce
    .number()
    .int()
    .min(0)
    .max(23)
    .default(6)
    .describe('the hour (UTC) from which the day’s early-warning check runs'),
  PLANWATCH_WARN_DUE_SOON_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  PLANWATCH_WARN_STALE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  PLANWATCH_WARN_ESCALATE_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  PLANWATCH_PUBLIC_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(600)
    .describe('requests a minute each client may make of the public API (by address or API token)'),
});

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the data directory (the SQLite store and, later, files). */
  dataDir: string;
  /** Absolute path of the directory that keeps uploaded evidence files. */
  filesDir: string;
  databaseUrl: string | null;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  /** Outgoing mail; null: no digests, the inbox is the only channel. */
  mail: { smtpUrl: string; from: string } | null;
  /** The web app's address for links in e-mails; null: links are paths. */
  publicUrl: string | null;
  /** In-server scheduled work (the daily early-warning check, outbox delivery). */
  scheduler: { enabled: boolean; intervalMs: number; dailyCheckHourUtc: number };
  /** When a milestone is due soon, a task stale, a warning escalated (days). */
  warningPolicy: { dueSoonDays: number; staleAfterDays: number; escalateAfterDays: number };
  /** Requests a minute per client on the public API (/api/public/v1). */
  publicRateLimitPerMinute: number;
  /** Who publishes the open data, under which licence, and where readers write. */
  openData: OpenDataSettings;
}

export interface OpenDataSettings {
  publisher: { zh: string; en: string };
  licenseUrl: string;
  contactEmail: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // An empty variable means "not set", as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`,
    );
    throw new ConfigError(
      `Invalid setting${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`,
    );
  }
  const settings = parsed.data;
  return {
    port: settings.PORT,
    host: settings.HOST,
    dataDir: path.resolve(cwd, settings.PLANWATCH_DATA),
    filesDir: path.resolve(
      cwd,
      settings.PLANWATCH_FILES ?? path.join(settings.PLANWATCH_DATA, 'files'),
    ),
    databaseUrl: settings.DATABASE_URL ?? null,
    logLevel: settings.LOG_LEVEL,
    trustProxy: settings.TRUST_PROXY === 'true',
    mail: settings.PLANWATCH_SMTP_URL
      ? { smtpUrl: settings.PLANWATCH_SMTP_URL, from: settings.PLANWATCH_MAIL_FROM }
      : null,
    publicUrl: settings.PLANWATCH_PUBLIC_URL ?? null,
    scheduler: {
      enabled: settings.PLANWATCH_SCHEDULER === 'on',
      intervalMs: settings.PLANWATCH_SCHEDULER_INTERVAL_SECONDS * 1000,
      dailyCheckHourUtc: settings.PLANWATCH_DAILY_CHECK_HOUR,
    },
    warningPolicy: {
      dueSoonDays: settings.PLANWATCH_WARN_DUE_SOON_DAYS,
      staleAfterDays: settings.PLANWATCH_WARN_STALE_DAYS,
      escalateAfterDays: settings.PLANWATCH_WARN_ESCALATE_DAYS,
    },
    publicRateLimitPerMinute: settings.PLANWATCH_PUBLIC_RATE_LIMIT,
    openData: {
      publisher: { zh: settings.PLANWATCH_PUBLISHER_ZH, en: settings.PLANWATCH_PUBLISHER_EN },
      licenseUrl: settings.PLANWATCH_DATA_LICENSE,
      contactEmail: settings.PLANWATCH_CONTACT_EMAIL ?? null,
    },
  };
}

/**
 * PLANWATCH_PUBLIC_RATE_LIMIT alone, for the public API's routes (the app is
 * built from services, not from the settings); a bad value names the variable.
 */
export function publicRateLimitOf(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PLANWATCH_PUBLIC_RATE_LIMIT;
  const parsed = configSchema.shape.PLANWATCH_PUBLIC_RATE_LIMIT.safeParse(
    raw === '' ? undefined : raw,
  );
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid setting: PLANWATCH_PUBLIC_RATE_LIMIT=${JSON.stringify(raw)}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    );
  }
  return parsed.data;
}
