import type { DocumentStore } from './documentStore';
import { openEmbeddedStore, type StoreLogger } from './embeddedStore';
import { openMongoStore } from './mongoStore';

/** MongoDB when a URI is configured (an empty string counts as none), else nedb files in dataDir. */
export async function openStore(options: {
  mongodbUri: string | null;
  dataDir: string;
  logger?: StoreLogger;
}): Promise<DocumentStore> {
  if (options.mongodbUri) {
    const store = await openMongoStore({ uri: options.mongodbUri });
    // Never log the URI: it usually carries credentials.
    options.logger?.info({ kind: store.kind }, 'document store open');
    return store;
  }
  return openEmbeddedStore({ dataDir: options.dataDir, logger: options.logger });
}
