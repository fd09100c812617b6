import type { Store } from '../db/connect.js';
import type { Services } from '../services/container.js';

/** What the routes get: the services (never the database) and a little about the store. */
export interface AppContext {
  services: Services;
  store: Pick<Store, 'engine'>;
  version: string;
}
