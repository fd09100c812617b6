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
  };
}
