/**
 * HTTP caching of the public reads (/api/public/v1, /api/sdmx, /api/catalog…),
 * so a CDN or reverse proxy can carry the public load and a conditional
 * request costs no query.
 *
 * The ETag is derived from (public data version, URL, Accept), never from the
 * body, so `If-None-Match` is answered 304 before any handler runs. The
 * version is held in memory: the newest audit entry (every change to the store
 * appends one), read when the server starts and then once a second in the
 * background, and bumped at once by this instance's own successful writes.
 * Full 200 answers are kept in a small LRU under the same key.
 *
 * Only anonymous GETs are cached or marked public: a signed-in reader (or an
 * API token) may see drafts, so those answers get `private, no-store`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Services } from '../services/container.js';

export const PUBLIC_CACHE_PREFIXES = ['/api/public/v1/', '/api/sdmx/', '/api/catalog'] as const;
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';

export interface HttpCacheOptions {
  /** Where the version comes from: the newest audit entry. */
  services: Pick<Services, 'audit'>;
  /** How often the version is read from the store (ms); other instances' writes show this late. */
  refreshMs?: number;
  /** Full answers kept, at most this many and this many bytes together. */
  maxEntries?: number;
  maxBytes?: number;
}

interface CachedAnswer {
  body: string | Buffer;
  headers: Record<string, string>;
  bytes: number;
}

interface RequestCacheState {
  key: string;
  etag: string;
  fromCache: boolean;
}

/** The public data version as this instance knows it. */
export interface PublicDataVersion {
  current(): string;
  /** Reads the newest audit entry now (the background does it every `refreshMs`). */
  refresh(): Promise<void>;
  /** This instance wrote something: answers change at once. */
  bump(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    publicDataVersion: PublicDataVersion;
  }
}

const SAFE = new Set(['GET', 'HEAD']);
/** Headers a cached answer is replayed with (the rest come from the hooks, e.g. helmet's). */
const KEPT_HEADERS = ['content-type', 'content-disposition', 'content-language', 'link'];

/** A small LRU of full answers: a Map keeps insertion order, a hit is moved to the end. */
class AnswerCache {
  private readonly entries = new Map<string, CachedAnswer>();
  private bytes = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get(key: string): CachedAnswer | undefined {
    const answer = this.entries.get(key);
    if (answer) {
      this.entries.delete(key);
      this.entries.set(key, answer);
    }
    return answer;
  }

  set(key: string, answer: CachedAnswer): void {
    if (answer.bytes > this.maxBytes / 8) return; // one big answer must not push out everything
    this.delete(key);
    this.entries.set(key, answer);
    this.bytes += answer.bytes;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      this.delete(this.entries.keys().next().value!);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }
}

export function isPublicCachePath(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return PUBLIC_CACHE_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (W/ ignored). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

function answerHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) kept[name] = String(value);
  }
  return kept;
}

async function httpCachePlugin(app: FastifyInstance, options: HttpCacheOptions): Promise<void> {
  const refreshMs = options.refreshMs ?? 1000;
  const answers = new AnswerCache(options.maxEntries ?? 2000, options.maxBytes ?? 64 * 1024 * 1024);
  // Distinguishes this instance's bumps from another's with the same count.
  const instance = randomBytes(4).toString('hex');
  let auditSeq = -1;
  let writes = 0;
  let version = 'init';
  const states = new WeakMap<FastifyRequest, RequestCacheState>();

  const setVersion = () => {
    const next = writes === 0 ? `${auditSeq}` : `${auditSeq}.${instance}.${writes}`;
    if (next !== version) {
      version = next;
      answers.clear();
    }
  };
  const publicDataVersion: PublicDataVersion = {
    current: () => version,
    async refresh() {
      const [latest] = await options.services.audit.list({ limit: 1 });
      const seq = latest?.seq ?? 0;
      if (seq !== auditSeq) {
        auditSeq = seq;
        // The store now shows every write this instance made before the read began.
        writes = 0;
        setVersion();
      }
    },
    bump() {
      writes += 1;
      setVersion();
    },
  };
  app.decorate('publicDataVersion', publicDataVersion);

  let timer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    await publicDataVersion.refresh();
    timer = setInterval(() => {
      publicDataVersion.refresh().catch((error: unknown) => {
        // Keep the old version: answers may be a little stale, never wrong for long.
        app.log.warn({ err: error }, 'could not read the public data version');
      });
    }, refreshMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });

  // After authentication (the principal is known), rate limits and validation; before any handler.
  app.addHook('preHandler', async (request, reply) => {
    if (!SAFE.has(request.method) || !isPublicCachePath(request.url)) return;
    if (request.principal?.kind !== 'anonymous') return;
    const accept = request.headers.accept ?? '';
    const key = `${version}\n${request.url}\n${accept}`;
    const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 32)}"`;
    const state: RequestCacheState = { key, etag, fromCache: false };
    states.set(request, state);
    if (noneMatch(request.headers['if-none-match'], etag)) {
      state.fromCache = true;
      return reply
        .code(304)
        .header('etag', etag)
        .header('cache-control', PUBLIC_CACHE_CONTROL)
        .header('vary', 'Accept')
        .send();
    }
    const cached = answers.get(key);
    if (cached) {
      state.fromCache = true;
      return reply.headers(cached.headers).send(cached.body);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!SAFE.has(request.method)) {
      // A write that succeeded may have changed what the public reads.
      // (Signing in and out changes nothing public.)
      if (
        request.method !== 'OPTIONS' &&
        reply.statusCode < 400 &&
        !request.url.startsWith('/api/session')
      )
        publicDataVersion.bump();
      return payload;
    }
    if (!isPublicCachePath(request.url)) return payload;
    if (reply.statusCode === 304) return payload;
    if (reply.statusCode !== 200) {
      reply.header('cache-control', 'no-store');
      return payload;
    }
    const state = states.get(request);
    if (!state) {
      // A signed-in reader's answer (drafts may be in it) is for them alone.
      reply.header('cache-control', 'private, no-store');
      return payload;
    }
    reply.header('etag', state.etag);
    reply.header('cache-control', PUBLIC_CACHE_CONTROL);
    reply.header('vary', 'Accept');
    // GET only: a HEAD's body is not one to replay (whatever Fastify hands this hook).
    const storable = request.method === 'GET' && !state.fromCache;
    if (storable && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      // Only under the version the answer was made with: a write in between made a new key.
      if (state.key.startsWith(`${version}\n`)) {
        answers.set(state.key, {
          body: payload,
          headers: answerHeaders(reply),
          bytes: Buffer.byteLength(payload),
        });
      }
    }
    return payload;
  });
}

export const httpCache = fp(httpCachePlugin, { name: 'planwatch-http-cache' });
