/**
 * For the tasks tests: the API over a store with its defaults, a controllable clock, its
 * own evidence directory and small upload limits; users signed in by name;
 * multipart bodies; counts of everything a refused request must not change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../../db/connect.js';
import { createServices } from '../../../services/container.js';
import { ensureDefaults } from '../../../services/defaults.service.js';
import type { EvidenceLimits } from '../../../services/tasks/evidence-store.js';
import { auditHead } from '../../../test-support/access.js';
import { startTestApi, type TestUser } from '../../../test-support/http.js';
import { countRows } from '../../../test-support/row-counts.js';
import { buildApp } from '../../app.js';

export const TEST_LIMITS: EvidenceLimits = {
  maxFileBytes: 64 * 1024,
  maxTotalBytes: 100 * 1024,
  maxFiles: 3,
};

/** The people of most task tests: coordinators of the nation, Hubei and Hunan, and a Wuhan reporter. */
export const TASK_PEOPLE: readonly TestUser[] = [
  ['nation', 'coordinator', 'CN'],
  ['hubei', 'coordinator', '420000'],
  ['wuhan', 'reporter', '420100'],
  ['hunan', 'coordinator', '430000'],
];

/** A national task for Hubei under III.2.3, running through 2026; tests add what they need. */
export const GIGABIT_TASK = {
  measure: 'III.2.3',
  title: 'Gigabit broadband in every prefecture capital',
  leadUnit: '420000',
  startOn: '2026-01-01',
  dueOn: '2026-12-31',
};

export interface TaskTestApi {
  app: FastifyInstance;
  filesDir: string;
  /** Sets the day the services' clock reads (08:00 UTC). */
  setToday(day: string): void;
  call(
    user: string | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse>;
  upload(user: string | null, url: string, body: MultipartBody): Promise<LightMyRequestResponse>;
  userId(username: string): Promise<number>;
  close(): Promise<void>;
}

export async function startTaskApi(
  store: Store,
  users: readonly TestUser[],
  today: string,
): Promise<TaskTestApi> {
  await ensureDefaults(store.db);
  // startTestApi creates and signs in the users; its own app is not needed.
  const base = await startTestApi(store, users);
  await base.app.close();
  let day = today;
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-evidence-'));
  const app = await buildApp({
    context: {
      services: createServices(store, {
        now: () => new Date(`${day}T08:00:00Z`),
        filesDir,
        evidenceLimits: TEST_LIMITS,
      }),
      store,
      version: 'test',
    },
    logLevel: 'silent',
    webRoot: null,
  });
  const headersOf = (user: string | null) => (user ? base.headers[user]! : {});
  return {
    app,
    filesDir,
    setToday: (next) => (day = next),
    call: (user, method, url, payload) =>
      app.inject({ method, url, payload, headers: headersOf(user) }),
    upload: (user, url, body) =>
      app.inject({
        method: 'POST',
        url,
        payload: body.payload,
        headers: { ...headersOf(user), 'content-type': body.contentType },
      }),
    userId: async (username) =>
      (
        await store.db
          .selectFrom('userAccount')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirstOrThrow()
      ).id,
    close: async () => {
      await app.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export interface MultipartBody {
  payload: Buffer;
  contentType: string;
}

export interface UploadFile {
  field?: string;
  fileName: string;
  content: Buffer | string;
  contentType?: string;
}

/** A multipart/form-data body: the update JSON in field `update`, then the files. */
export function multipart(update: object | string, files: readonly UploadFile[]): MultipartBody {
  const boundary = `----planwatch-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  const text = (value: string) => chunks.push(Buffer.from(value, 'utf8'));
  text(`--${boundary}\r\nContent-Disposition: form-data; name="update"\r\n\r\n`);
  text(typeof update === 'string' ? update : JSON.stringify(update));
  text('\r\n');
  for (const file of files) {
    text(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'evidence'}"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    );
    chunks.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8'));
    text('\r\n');
  }
  text(`--${boundary}--\r\n`);
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A small but complete PDF: one empty page, cross-reference table with real offsets. */
export function minimalPdf(note = 'evidence'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    `<< /Length ${note.length + 4} >>\nstream\n% ${note}\n\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The start of a Windows executable (MZ header, PE signature). */
export function windowsExecutable(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

/** Every file under a directory, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Row counts of everything tasks write, and the audit head: what a refusal must leave alone. */
const COUNTED_TABLES = [
  'task',
  'taskParticipant',
  'taskIndicator',
  'taskMilestone',
  'taskUpdate',
  'attachment',
  'warning',
  'notification',
] as const;

export type TaskCounts = Record<(typeof COUNTED_TABLES)[number] | 'auditHead', number>;

export async function taskCounts(store: Store): Promise<TaskCounts> {
  const counts = {} as TaskCounts;
  for (const table of COUNTED_TABLES) {
    counts[table] = await countRows(store.db, table);
  }
  counts.auditHead = await auditHead(store.db);
  return counts;
}
