import type { DocumentStore, StoreLogger } from './documentStore';
import { openSqliteStore } from './sqliteStore';
import type { Clock } from '../time/clock';

/** MongoDB when a URI is configured (an empty string counts as none), else SQLite in dataDir. */
export async function openStore(options: {
  mongodbUri: string | null;
  dataDir: string;
  logger?: StoreLogger;
  /** Times the store's write health (writeHealth.ts); the system clock unless given. */
  clock?: Clock;
}): Promise<DocumentStore> {
  if (options.mongodbUri) {
    // Loaded only when used: the driver and its BSON buffers cost the embedded store's servers
    // and command-line tools about 25 MB they would never use.
    const { openMongoStore } = await import('./mongoStore.js');
    const store = await openMongoStore({ uri: options.mongodbUri, logger: options.logger, clock: options.clock });
    // Never log the URI: it usually carries credentials.
    options.logger?.info({ kind: store.kind }, 'document store open');
    return store;
  }
  return openSqliteStore({ dataDir: options.dataDir, logger: options.logger, clock: options.clock });
}
