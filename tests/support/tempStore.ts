import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../services/store/sqliteStore';
import * as sinon from 'sinon';
import type { DocumentStore, StoreLogger } from '../../services/store/documentStore';

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

/** Temporary folders for one spec file, removed after its tests: returns the function that makes one. */
export function tempDirsRemovedAfter(prefix: string): () => Promise<string> {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** A store logger whose calls a test can read. */
export function spyLogger(): StoreLogger & { warn: sinon.SinonSpy; info: sinon.SinonSpy; error: sinon.SinonSpy } {
  return { warn: sinon.spy(), info: sinon.spy(), error: sinon.spy() };
}
