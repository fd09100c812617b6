/**
 * The Fastify application: JSON API under /api with zod validation and an
 * OpenAPI document, and the built web app with a fallback to its index page.
 */
import fs from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
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
import { auth, PUBLIC, type RegisteredRoute } from './auth/plugin.js';
import type { AppContext } from './context.js';
import { registerErrorHandling } from './errors.js';
import { httpCache } from './http-cache.js';
import { registerTextGuard } from './text-guard.js';
import { alignmentRoutes } from './routes/alignment/routes.js';
import { analyticsRoutes } from './routes/analytics/routes.js';
import { auditRoutes } from './routes/audit/routes.js';
import { dataSetRoutes } from './routes/data-sets/routes.js';
import { dataValueRoutes } from './routes/data-values/routes.js';
import { healthRoutes } from './routes/health/routes.js';
import { importRoutes } from './routes/imports/routes.js';
import { indicatorRoutes } from './routes/indicators/routes.js';
import { evaluationRoutes } from './routes/evaluation/routes.js';
import { inspectionRoutes } from './routes/inspections/routes.js';
import { releaseRoutes } from './routes/releases/routes.js';
import { sdmxRoutes } from './routes/sdmx/routes.js';
import { catalogRoutes } from './routes/catalog/routes.js';
import { publicApiRoutes } from './routes/public/routes.js';
import { orgUnitRoutes } from './routes/org-units/routes.js';
import { planRoutes } from './routes/plans/routes.js';
import { sessionRoutes } from './routes/session/routes.js';
import { taskRoutes } from './routes/tasks/routes.js';
import { taskImportRoutes } from './routes/tasks/import.routes.js';
import { tokenRoutes } from './routes/tokens/routes.js';
import { userRoutes } from './routes/users/routes.js';
import { inboxRoutes } from './routes/inbox/routes.js';
import { warningRoutes } from './routes/warnings/routes.js';
import { webhookRoutes } from './routes/webhooks/routes.js';

export interface AppOptions {
  context: AppContext;
  logLevel: string;
  /** The built web app to serve at /, or null to serve the API only. */
  webRoot: string | null;
  /** Trust X-Forwarded-* from a reverse proxy in front (TRUST_PROXY). */
  trustProxy?: boolean | string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its declared policy (for the route-by-role test). */
    policyRoutes: RegisteredRoute[];
    /** Every route the server registers, API or not. */
    allRoutes: { method: string; url: string }[];
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel },
    // Reporting forms and imports are small JSON; files will have their own routes and limits.
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy, X-Forwarded-For and -Proto name the client and the scheme (Secure cookies).
    trustProxy: options.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  const policyRoutes: RegisteredRoute[] = [];
  const allRoutes: { method: string; url: string }[] = [];
  app.decorate('policyRoutes', policyRoutes);
  app.decorate('allRoutes', allRoutes);
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method !== 'HEAD') allRoutes.push({ method, url: route.url });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const serveWeb = options.webRoot !== null && fs.existsSync(options.webRoot);
  registerErrorHandling(app, { spaFallback: serveWeb });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its styles at run time (CSS-in-JS).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(httpCache, { services: options.context.services });
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
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const { context } = options;
  await app.register(
    async (api) => {
      // JSON only: a text/plain body would reach the policy as a bare string.
      api.removeContentTypeParser('text/plain');
      registerTextGuard(api);
      await api.register(auth, { access: context.services.access, registry: policyRoutes });
      api.get('/openapi.json', { config: { policy: PUBLIC }, schema: { hide: true } }, () =>
        app.swagger(),
      );
      await api.register(healthRoutes(context));
      await api.register(sessionRoutes(context));
      await api.register(userRoutes(context));
      await api.register(tokenRoutes(context));
      await api.register(auditRoutes(context));
      await api.register(orgUnitRoutes(context));
      await api.register(planRoutes(context));
      await api.register(alignmentRoutes(context));
      await api.register(indicatorRoutes(context));
      await api.register(analyticsRoutes(context));
      await api.register(dataSetRoutes(context));
      await api.register(dataValueRoutes(context));
      await api.register(importRoutes(context));
      await api.register(taskRoutes(context));
      await api.register(taskImportRoutes(context));
      await api.register(inboxRoutes(context));
      await api.register(warningRoutes(context));
      await api.register(webhookRoutes(context));
      await api.register(inspectionRoutes(context));
      await api.register(evaluationRoutes(context));
      await api.register(releaseRoutes(context));
      // Open data (Outline III(3)): SDMX, the DCAT-AP catalogue and the versioned public API.
      await api.register(sdmxRoutes(context), { prefix: '/sdmx' });
      await api.register(catalogRoutes(context));
      await api.register(publicApiRoutes(context), { prefix: '/public/v1' });
    },
    { prefix: '/api' },
  );

  if (serveWeb) {
    await app.register(fastifyStatic, { root: options.webRoot!, wildcard: false });
  }
  return app;
}
