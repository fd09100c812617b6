/** The composition root shared by the server and the CLI. */
import type { Store } from '../db/connect.js';
import { StoreMetaRepository } from '../db/repositories/store-meta.repository.js';
import { CatalogueService } from './catalogue.service.js';

export interface Services {
  catalogue: CatalogueService;
  /** Answers when the store answers. */
  ping(): Promise<void>;
}

export function createServices(store: Store): Services {
  return {
    catalogue: new CatalogueService(store.db),
    ping: () => new StoreMetaRepository(store.db).ping(),
  };
}
