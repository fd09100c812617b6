/**
 * The Fastify application: JSON API under /api with zod validation and an
 * OpenAPI document, and the built web app with a fallback to its index page.
 */
import fs from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { registerErrorHandling } from './errors.js';
import { dataValueRoutes } from './routes/data-values/routes.js';
import { healthRoutes } from './routes/health/routes.js';
import { indicatorRoutes } from './routes/indicators/routes.js';
import { orgUnitRoutes } from './routes/org-units/routes.js';
import { planRoutes } from './routes/plans/routes.js';

export interface AppOptions {
  context: AppContext;
  logLevel: string;
  /** The built web app to serve at /, or null to serve the API only. */
  webRoot: string | null;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel },
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const serveWeb = options.webRoot !== null && fs.existsSync(options.webRoot);
  registerErrorHandling(app, { spaFallback: serveWeb });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Planwatch API',
        description:
          'Plans, indicators, targets, published figures and organisation units of Planwatch, the monitoring system for the Outline of the National Informatization Development Strategy.',
        version: options.context.version,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const { context } = options;
  await app.register(
    async (api) => {
      await api.register(healthRoutes(context));
      await api.register(orgUnitRoutes(context));
      await api.register(planRoutes(context));
      await api.register(indicatorRoutes(context));
      await api.register(dataValueRoutes(context));
    },
    { prefix: '/api' },
  );

  if (serveWeb) {
    await app.register(fastifyStatic, { root: options.webRoot!, wildcard: false });
  }
  return app;
}
