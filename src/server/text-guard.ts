/**
 * Refuses text no store keeps faithfully: NUL (PostgreSQL rejects it) and
 * lone UTF-16 surrogates (no encoding can hold them), anywhere in a request's
 * path parameters, query or JSON body. Runs before authorization, so the
 * policy's unit lookup never sees them either. A JSON body must be UTF-8
 * (RFC 8259): bytes that are not are refused, not read as U+FFFD.
 */
import type { FastifyInstance } from 'fastify';
import { firstInvalidUtf8Offset } from '../core/import/decode-text.js';
import { findUnstorableText } from '../core/storable-text.js';

export function registerTextGuard(app: FastifyInstance): void {
  // Fastify's own JSON parser decodes leniently: a byte that is no UTF-8 would be stored as U+FFFD.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      const error = new Error(
        `The body is not UTF-8 text: byte ${firstInvalidUtf8Offset(bytes)} starts no UTF-8 character; send JSON encoded as UTF-8`,
      );
      done(Object.assign(error, { statusCode: 400, code: 'invalid_utf8' }), undefined);
      return;
    }
    // Fastify's default parser calls `done` itself and returns nothing to wait for.
    void parseJson(request, text, done);
  });

  app.addHook('preValidation', async (request, reply) => {
    for (const [where, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const found = findUnstorableText(value, where);
      if (found !== null) {
        return reply.status(400).send({
          error: 'invalid_text',
          message: `${found} holds a NUL character, an unpaired surrogate or nesting too deep: send well-formed UTF-8 text`,
        });
      }
    }
  });
}
