import type { DocumentStore, StoreLogger } from './documentStore';
import { openSqliteStore } from './sqliteStore';

/** MongoDB when a URI is configured (an empty string counts as none), else SQLite in dataDir. */
export async function openStore(options: {
  mongodbUri: string | null;
  dataDir: string;
  logger?: StoreLogger;
}): Promise<DocumentStore> {
  if (options.mongodbUri) {
    // Loaded only when used: the driver and its BSON buffers cost the embedded store's servers
    // and command-line tools about 25 MB they would never use.
    const { openMongoStore } = await import('./mongoStore.js');
    const store = await openMongoStore({ uri: options.mongodbUri });
    // Never log the URI: it usually carries credentials.
    options.logger?.info({ kind: store.kind }, 'document store open');
    return store;
  }
  return openSqliteStore({ dataDir: options.dataDir, logger: options.logger });
}
