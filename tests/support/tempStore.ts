import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../services/store/sqliteStore';
import type { DocumentStore } from '../../services/store/documentStore';

export interface TempStore {
  store: DocumentStore;
  dataDir: string;
  dispose(): Promise<void>;
}

export async function openTempStore(): Promise<TempStore> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-test-'));
  const store = await openSqliteStore({ dataDir });
  return {
    store,
    dataDir,
    async dispose() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
