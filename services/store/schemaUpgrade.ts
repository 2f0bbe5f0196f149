import * as fs from 'node:fs';
import path from 'node:path';
import type { Keyring } from '../crypto/keyring';
import { backupDatabase } from './backup';
import { utcStamp } from './backupRetention';
import type { DocumentStore, StoreLogger } from './documentStore';
import { migrate, type Migration, type MigrationReport } from './migrations';

/** Where the embedded store keeps the copy it takes before an upgrade (docs/deployment.md). */
export const UPGRADE_BACKUPS_DIR = 'backups';

export interface UpgradeOptions {
  dataDir: string;
  /** The configured keys: the copy is verified to open with them like any backup. */
  keyring: () => Keyring;
  logger: StoreLogger;
  now: () => Date;
  /** For tests: another list of migrations. */
  migrations?: readonly Migration[];
}

/**
 * The store brought to this version's schema, as the server and every command open it. On the
 * embedded store a store that holds data is first copied, verified, into DATA_DIR/backups: an
 * upgrade is never a step without a way back. If the copy cannot be made, nothing is migrated.
 */
export function upgradeSchema(store: DocumentStore, options: UpgradeOptions): Promise<MigrationReport> {
  const beforeFirst = store.kind === 'embedded' ? (from: number, to: number) => backupBeforeUpgrade(store, from, to, options) : undefined;
  return migrate(store, { logger: options.logger, ...(beforeFirst ? { beforeFirst } : {}), ...(options.migrations ? { migrations: options.migrations } : {}) });
}

async function backupBeforeUpgrade(store: DocumentStore, from: number, to: number, options: UpgradeOptions): Promise<string | null> {
  if (!(await holdsData(store))) return null;
  const dir = path.join(path.resolve(options.dataDir), UPGRADE_BACKUPS_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const result = await backupDatabase({
    dataDir: options.dataDir,
    to: path.join(dir, `before-schema-v${to}-${utcStamp(options.now())}.sqlite`),
    keyring: options.keyring(),
    logger: options.logger,
    command: `backup before the schema upgrade from ${from} to ${to}`,
  });
  return result.file;
}

/** A store with nothing in it (a new installation) needs no copy. */
async function holdsData(store: DocumentStore): Promise<boolean> {
  for (const name of ['secrets', 'meetings', 'cases', 'audit']) {
    if ((await store.collection<{ _id: string }>(name).findOne({})) !== null) return true;
  }
  return false;
}
