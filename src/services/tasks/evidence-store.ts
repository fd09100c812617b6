/**
 * Evidence files on disk (or shared storage): each file is streamed to a
 * temporary name while its SHA-256, size and text-ness are worked out, synced,
 * checked by its content, then renamed to `<sha256[0..2]>/<uuid>`. A batch of
 * files is all or nothing: any refusal removes every file of the batch, and a
 * caller whose transaction fails discards the batch the same way.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import { findUnstorableText } from '../../core/storable-text.js';
import { InputError, NotFoundError } from '../errors.js';
import { cleanFileName, judgeContent, looksLikeMarkup } from './evidence-content.js';

const MiB = 1024 * 1024;

export interface EvidenceLimits {
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Largest total of one upload, in bytes. */
  maxTotalBytes: number;
  /** Most files in one upload. */
  maxFiles: number;
}

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  maxFileBytes: 20 * MiB,
  maxTotalBytes: 50 * MiB,
  maxFiles: 10,
};

/** An upload beyond a size or count limit (HTTP 413; `statusCode` is what the server's error handler reads). */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
  readonly statusCode = 413;
  readonly code = 'too_large';
}

export interface StoredEvidence {
  /** Where the bytes are, relative to the store's directory. */
  storageKey: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;
const MARKUP_PROBE_BYTES = 1024;

export function describeBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

export class EvidenceStore {
  constructor(
    readonly dir: string,
    readonly limits: EvidenceLimits = DEFAULT_EVIDENCE_LIMITS,
  ) {}

  /** A new upload of up to `limits.maxFiles` files. */
  batch(): EvidenceBatch {
    return new EvidenceBatch(this);
  }

  /** Opens a stored file for reading, after checking it is still there with its recorded size. */
  async open(storageKey: string, sizeBytes: number): Promise<fs.ReadStream> {
    if (!STORAGE_KEY.test(storageKey)) throw new Error(`not a storage key: ${storageKey}`);
    const file = path.join(this.dir, storageKey);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat) throw new NotFoundError('The file of this attachment is missing from storage');
    if (stat.size !== sizeBytes)
      throw new Error(`stored file ${storageKey} has ${stat.size} bytes, not ${sizeBytes}`);
    return fs.createReadStream(file);
  }

  /** Removes stored files (a batch whose rows were not written). */
  async remove(storageKeys: readonly string[]): Promise<void> {
    await Promise.all(
      storageKeys
        .filter((key) => STORAGE_KEY.test(key))
        .map((key) => fs.promises.rm(path.join(this.dir, key), { force: true })),
    );
  }

  /** Streams one file in and keeps it if its content is accepted; nothing stays on refusal. */
  async put(
    declaredName: string,
    content: AsyncIterable<Buffer>,
    maxBytes: number,
    overLimit: () => string,
  ): Promise<StoredEvidence> {
    const fileName = cleanFileName(declaredName);
    if (fileName === null || findUnstorableText(fileName, 'name') !== null) {
      throw new InputError(`An evidence file has no usable name: "${declaredName}"`, [
        { path: 'evidence', message: `"${declaredName}" is not a usable file name` },
      ]);
    }
    const incoming = path.join(this.dir, '.incoming');
    await fs.promises.mkdir(incoming, { recursive: true });
    const id = randomUUID();
    const temporary = path.join(incoming, `${id}.part`);
    const handle = await fs.promises.open(temporary, 'wx');
    let kept = false;
    try {
      const hash = createHash('sha256');
      const decoder = new TextDecoder('utf-8', { fatal: true });
      let size = 0;
      let validUtf8 = true;
      let hasNul = false;
      let probe = Buffer.alloc(0);
      for await (const chunk of content) {
        size += chunk.length;
        if (size > maxBytes) throw new TooLargeError(overLimit());
        hash.update(chunk);
        if (!hasNul && chunk.includes(0)) hasNul = true;
        if (validUtf8) {
          try {
            decoder.decode(chunk, { stream: true });
          } catch {
            validUtf8 = false;
          }
        }
        if (probe.length < MARKUP_PROBE_BYTES)
          probe = Buffer.concat([probe, chunk.subarray(0, MARKUP_PROBE_BYTES - probe.length)]);
        await handle.write(chunk);
      }
      if (validUtf8) {
        try {
          decoder.decode();
        } catch {
          validUtf8 = false;
        }
      }
      await handle.sync();
      await handle.close();
      if (size === 0) {
        throw new InputError(`Evidence file ${fileName} is empty`, [
          { path: `evidence (${fileName})`, message: 'the file is empty' },
        ]);
      }
      const detected = await fileTypeFromFile(temporary);
      const verdict = judgeContent(fileName, {
        detected: detected && { ext: detected.ext, mime: detected.mime },
        validUtf8,
        hasNul,
        looksLikeMarkup: looksLikeMarkup(new TextDecoder().decode(probe)),
      });
      if (!verdict.ok) {
        throw new InputError(`Evidence file refused: ${verdict.problem}`, [
          { path: `evidence (${fileName})`, message: verdict.problem },
        ]);
      }
      const sha256 = hash.digest('hex');
      const storageKey = `${sha256.slice(0, 2)}/${id}`;
      await fs.promises.mkdir(path.join(this.dir, sha256.slice(0, 2)), { recursive: true });
      await fs.promises.rename(temporary, path.join(this.dir, storageKey));
      kept = true;
      return { storageKey, fileName, mediaType: verdict.mediaType, sizeBytes: size, sha256 };
    } finally {
      await handle.close().catch(() => undefined);
      if (!kept) await fs.promises.rm(temporary, { force: true });
    }
  }
}

/** The files of one upload, within the store's count, per-file and total limits. */
export class EvidenceBatch {
  readonly files: StoredEvidence[] = [];
  private total = 0;

  constructor(private readonly store: EvidenceStore) {}

  get limits(): EvidenceLimits {
    return this.store.limits;
  }

  /** Adds a file; on refusal every file of the batch is removed and the error passes on. */
  async add(declaredName: string, content: AsyncIterable<Buffer>): Promise<StoredEvidence> {
    const { maxFiles, maxFileBytes, maxTotalBytes } = this.store.limits;
    try {
      if (this.files.length >= maxFiles) {
        throw new TooLargeError(
          `Too many evidence files: at most ${maxFiles} per update (${declaredName} is one more)`,
        );
      }
      const room = maxTotalBytes - this.total;
      const stored = await this.store.put(
        declaredName,
        content,
        Math.min(maxFileBytes, room),
        () =>
          maxFileBytes <= room
            ? `Evidence file ${declaredName} is larger than ${describeBytes(maxFileBytes)}, the limit per file`
            : `Evidence file ${declaredName} takes the upload beyond ${describeBytes(maxTotalBytes)}, the limit for all files of one update together`,
      );
      this.files.push(stored);
      this.total += stored.sizeBytes;
      return stored;
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  /** Removes every file of the batch (refused, or its rows were not written). */
  async discard(): Promise<void> {
    const keys = this.files.splice(0).map((file) => file.storageKey);
    this.total = 0;
    await this.store.remove(keys);
  }
}

/** Runs `work` with the files of `batch`; when it fails, the batch's files are discarded. */
export async function discardOnFailure<T>(
  batch: EvidenceBatch | null,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await batch?.discard();
    throw error;
  }
}
