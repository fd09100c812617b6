/**
 * The DCAT-AP 3.0 catalogue of the public data at stable URLs: /api/catalog
 * (JSON-LD, or Turtle when the client asks for text/turtle), and
 * /api/catalog.jsonld and /api/catalog.ttl for one format each.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';
import { publicRateLimitOf } from '../../../config.js';
import { publicRateLimit } from '../public/rate-limit.js';

const TURTLE = 'text/turtle; charset=utf-8';
const JSON_LD = 'application/ld+json; charset=utf-8';

type CatalogFormat = 'turtle' | 'jsonld';

/** Turtle when the Accept header prefers it to JSON-LD (by q-value, then order); JSON-LD otherwise. */
/** Public, and limited per client like the public API (anonymous by address, tokens by token). */
const OPEN_DATA = { policy: PUBLIC, rateLimit: publicRateLimit(publicRateLimitOf()) };

export function negotiatedFormat(accept: string | undefined): CatalogFormat {
  let best: { format: CatalogFormat; q: number } = { format: 'jsonld', q: 0 };
  for (const part of (accept ?? '').split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    const format: CatalogFormat | null =
      type === 'text/turtle'
        ? 'turtle'
        : type === 'application/ld+json' || type === 'application/json'
          ? 'jsonld'
          : null;
    if (format && q > best.q) best = { format, q };
  }
  return best.format;
}

export function catalogRoutes(context: AppContext): FastifyPluginAsyncZod {
  const dcat = context.services.dcat;
  const origin = (request: FastifyRequest) =>
    dcat.baseUrlFor(`${request.protocol}://${request.host}`);

  async function send(request: FastifyRequest, reply: FastifyReply, format: CatalogFormat) {
    const base = origin(request);
    if (format === 'turtle')
      return reply.header('content-type', TURTLE).send(await dcat.turtle(base));
    return reply
      .header('content-type', JSON_LD)
      .send(JSON.stringify(await dcat.jsonLd(base), null, 2));
  }

  const schema = (summary: string) => ({
    tags: ['open data'],
    summary,
    produces: ['application/ld+json', 'text/turtle'],
  });

  return async (app) => {
    app.get(
      '/catalog',
      {
        config: OPEN_DATA,
        schema: schema(
          'The DCAT-AP 3.0 catalogue of published data: JSON-LD, or Turtle with Accept: text/turtle',
        ),
      },
      async (request, reply) => {
        reply.header('vary', 'Accept');
        return send(request, reply, negotiatedFormat(request.headers.accept));
      },
    );
    app.get(
      '/catalog.jsonld',
      { config: OPEN_DATA, schema: schema('The DCAT-AP 3.0 catalogue as JSON-LD') },
      async (request, reply) => send(request, reply, 'jsonld'),
    );
    app.get(
      '/catalog.ttl',
      { config: OPEN_DATA, schema: schema('The DCAT-AP 3.0 catalogue as Turtle') },
      async (request, reply) => send(request, reply, 'turtle'),
    );
  };
}
