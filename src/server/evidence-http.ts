/**
 * Evidence over HTTP: a multipart upload read part by part (files streamed
 * into an EvidenceBatch, never held in memory), and the headers of a download.
 * Shared by every route that takes evidence files.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { InputError } from '../services/errors.js';
import type { EvidenceBatch } from '../services/tasks/evidence-store.js';
import type { AttachmentDownload } from '../services/tasks/task.service.js';

/** Largest JSON field of an upload (the update itself). */
const FIELD_LIMIT = 1024 * 1024;

/** The field evidence files go in, on every route that takes them. */
const EVIDENCE_FIELD = 'evidence';

interface EvidenceUpload {
  /** The JSON of field `jsonField`, parsed. */
  body: unknown;
  batch: EvidenceBatch;
}

/**
 * The body of a route that takes JSON, or multipart with that JSON in
 * `jsonField` and files in field "evidence" (then streamed into a new batch).
 */
export async function readJsonWithEvidence(
  request: FastifyRequest,
  newBatch: () => EvidenceBatch,
  jsonField: string,
): Promise<{ body: unknown; batch: EvidenceBatch | null }> {
  if (!request.isMultipart()) return { body: request.body, batch: null };
  return readEvidenceUpload(request, newBatch(), { jsonField, fileField: EVIDENCE_FIELD });
}

/**
 * Reads `multipart/form-data` with one JSON field and files in `fileField`.
 * Files go into `batch` as they arrive; on any refusal the batch is discarded.
 */
async function readEvidenceUpload(
  request: FastifyRequest,
  batch: EvidenceBatch,
  fields: { jsonField: string; fileField: string },
): Promise<EvidenceUpload> {
  const { maxFiles, maxFileBytes } = batch.limits;
  let body: unknown = undefined;
  let sawBody = false;
  try {
    const parts = request.parts({
      // One byte more than the limits, so the batch (not busboy) refuses, with a message naming the limit.
      limits: {
        fileSize: maxFileBytes + 1,
        files: maxFiles + 1,
        fields: 5,
        fieldSize: FIELD_LIMIT,
        parts: maxFiles + 6,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== fields.fileField) {
          throw new InputError(
            `Unexpected file field "${part.fieldname}": send evidence files in field "${fields.fileField}"`,
            [{ path: part.fieldname, message: `files go in field "${fields.fileField}"` }],
          );
        }
        await batch.add(part.filename, part.file);
        continue;
      }
      if (part.fieldname !== fields.jsonField) {
        throw new InputError(
          `Unexpected field "${part.fieldname}": send the JSON in field "${fields.jsonField}" and files in "${fields.fileField}"`,
          [{ path: part.fieldname, message: 'not a field of this upload' }],
        );
      }
      if (part.valueTruncated) {
        throw new InputError(`Field "${fields.jsonField}" is longer than ${FIELD_LIMIT} bytes`, [
          { path: fields.jsonField, message: 'too long' },
        ]);
      }
      body = typeof part.value === 'string' ? parseJson(part.value, fields.jsonField) : part.value;
      sawBody = true;
    }
    if (!sawBody) {
      throw new InputError(`The upload has no field "${fields.jsonField}" with the JSON`, [
        { path: fields.jsonField, message: 'required' },
      ]);
    }
    return { body, batch };
  } catch (error) {
    await batch.discard();
    throw malformedMultipart(error) ?? error;
  }
}

/**
 * busboy's refusals of a body that is no well-formed multipart (no boundary,
 * cut short) are plain Errors, which would answer 500: they are the client's.
 */
function malformedMultipart(error: unknown): InputError | null {
  if (!(error instanceof Error) || 'statusCode' in error || error instanceof InputError)
    return null;
  if (!/^Multipart: Boundary not found$|unexpected end of multipart data$/i.test(error.message))
    return null;
  return new InputError(`The multipart body is malformed: ${error.message}`, [
    { path: 'body', message: error.message },
  ]);
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`Field "${field}" is not JSON: ${(error as Error).message}`, [
      { path: field, message: 'not JSON' },
    ]);
  }
}

/** Streams an evidence file as a download, never rendered inline nor sniffed. */
export function sendEvidenceFile(reply: FastifyReply, file: AttachmentDownload): FastifyReply {
  return reply
    .header(
      'content-type',
      file.mediaType.startsWith('text/') ? `${file.mediaType}; charset=utf-8` : file.mediaType,
    )
    .header('content-length', file.sizeBytes)
    .header('content-disposition', attachmentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .send(file.content);
}

/** `attachment` with an ASCII fallback name and the real one in RFC 5987 form (non-ASCII names). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
