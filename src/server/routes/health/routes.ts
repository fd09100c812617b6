import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthSchema } from '../../../api/contract.js';
import { PUBLIC } from '../../auth/plugin.js';
import type { AppContext } from '../../context.js';

export function healthRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['system'],
          summary: 'Liveness and the store in use',
          response: { 200: healthSchema },
        },
      },
      async () => {
        await context.services.ping();
        return { status: 'ok' as const, store: context.store.engine, version: context.version };
      },
    );
  };
}
