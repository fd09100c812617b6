import type { Command } from 'commander';
import { readConfig } from '../../config.js';
import { openStore } from '../../db/connect.js';
import { buildApp } from '../../server/app.js';
import { createScheduler } from '../../server/scheduler.js';
import { createServices, serviceOptionsOf } from '../../services/container.js';
import { dataFiles } from '../../services/data-files.js';
import { ensureDefaults } from '../../services/defaults.service.js';
import { packageVersion } from '../context.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API and the web app (PORT, HOST, PLANWATCH_DATA, DATABASE_URL)')
    .action(async () => {
      const config = readConfig();
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      const defaults = await ensureDefaults(store.db);
      const services = createServices(store, serviceOptionsOf(config));
      const app = await buildApp({
        context: { services, store, version: packageVersion() },
        trustProxy: config.trustProxy,
        logLevel: config.logLevel,
        webRoot: dataFiles.webDist,
      });
      if (defaults.loaded) {
        app.log.info(
          {
            orgUnits: defaults.orgUnits,
            indicators: defaults.indicators,
            targets: defaults.targets,
            dataValues: defaults.dataValues,
          },
          `New store at ${store.location}: loaded the Outline (plan nids-2016), its indicators and targets, and the published figures`,
        );
      }
      if ((await services.access.userCount()) === 0) {
        app.log.warn(
          'No user exists yet. Create the first administrator with: printf \'%s\\n\' "$PASSWORD" | npx planwatch user create --admin --username admin --password-stdin',
        );
      }
      // In-server scheduled work: the daily early-warning check and outbox delivery.
      const scheduler = config.scheduler.enabled
        ? createScheduler(services, config.scheduler, app.log)
        : null;
      let closing = false;
      const close = async (signal: string) => {
        if (closing) return;
        closing = true;
        app.log.info(`${signal} received, closing`);
        await scheduler?.stop();
        services.outbox.close();
        await app.close();
        await store.close();
      };
      process.once('SIGINT', () => void close('SIGINT'));
      process.once('SIGTERM', () => void close('SIGTERM'));
      await app.listen({ port: config.port, host: config.host });
      const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      app.log.info(
        `Planwatch is serving at http://${shown}:${port} (store: ${store.engine}, ${store.location})`,
      );
      scheduler?.start();
      if (!scheduler)
        app.log.info('PLANWATCH_SCHEDULER=off: no scheduled checks or deliveries here');
    });
}
