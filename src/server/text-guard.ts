/**
 * Refuses text no store keeps faithfully: NUL (PostgreSQL rejects it) and
 * lone UTF-16 surrogates (no encoding can hold them), anywhere in a request's
 * path parameters, query or JSON body. Runs before authorization, so the
 * policy's unit lookup never sees them either.
 */
import type { FastifyInstance } from 'fastify';
import { findUnstorableText } from '../core/storable-text.js';

export function registerTextGuard(app: FastifyInstance): void {
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
