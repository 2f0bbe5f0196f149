import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import type { DocumentStore } from '../store/documentStore';
import { keyringCollections } from '../store/repositories';
import { systemClock, type Clock } from '../time/clock';
import { generateKey, Keyring } from './keyring';
import { loadPseudonymisationSecret } from './pseudonymisationSecret';
import { valuesOnOlderKeys } from './reencrypt';

export const GENERATED_KEY_FILE = 'encryption.key';

export interface KeyringOptions {
  encryptionKey: string | null;
  /** ENCRYPTION_KEY_PREVIOUS: keys that only open values, during a key rotation. */
  previousEncryptionKeys: readonly string[];
  dataDir: string;
  /** Holds the pseudonymisation secret, created here on first start. */
  store: DocumentStore;
  logger: Logger;
  clock?: Clock;
  /** Log at start-up where a key rotation stands (default); `npm run reencrypt` reports that itself. */
  reportRotation?: boolean;
}

/**
 * The current key seals, every key opens. The pseudonymisation secret is read from the store, so
 * this throws (UnknownKeyError, naming the key id) when none of the given keys opens it — the
 * server then refuses to start instead of making subject keys that match nothing.
 */
export async function loadKeyring(options: KeyringOptions): Promise<Keyring> {
  const current = Buffer.from(options.encryptionKey ?? (await developmentKey(options.dataDir, options.logger)), 'base64');
  const previous = options.previousEncryptionKeys.map((key) => Buffer.from(key, 'base64'));
  const sealing = new Keyring(current, previous);
  const now = (options.clock ?? systemClock).now();
  const collections = keyringCollections(options.store);
  const secret = await loadPseudonymisationSecret(collections, sealing, now, options.logger);
  const keyring = new Keyring(current, previous, secret);
  if (options.reportRotation ?? true) await reportOlderKeys(keyring, collections, options.logger);
  return keyring;
}

/**
 * Tells the operator at start-up where a rotation stands. Values under a key nobody gave us are
 * logged as an error but do not stop the server: every other case still opens, and those answer
 * the user with an error card.
 */
async function reportOlderKeys(keyring: Keyring, collections: ReturnType<typeof keyringCollections>, logger: Logger): Promise<void> {
  const older = await valuesOnOlderKeys(collections, keyring.keyId);
  const unknown = older.filter((entry) => !keyring.has(entry.keyId));
  if (unknown.length > 0) {
    const keyIds = [...new Set(unknown.map((entry) => entry.keyId))];
    logger.error({ keyIds, unknown }, `values are sealed with keys that are not configured (${keyIds.join(', ')}): they cannot be opened until ENCRYPTION_KEY_PREVIOUS holds those keys`);
  }
  const movable = older.filter((entry) => keyring.has(entry.keyId));
  if (movable.length > 0) logger.warn({ movable }, 'values are still sealed with a previous key: run `npm run reencrypt` (with the server stopped when the store is embedded)');
  else if (keyring.previousKeyIds.length > 0 && unknown.length === 0) logger.info({ previousKeyIds: keyring.previousKeyIds }, 'no value uses a previous key any more: ENCRYPTION_KEY_PREVIOUS can be removed');
}

/**
 * Without ENCRYPTION_KEY (allowed only when no app id is set, which config enforces) a key is
 * generated once into DATA_DIR so local data stays readable across restarts — with a warning,
 * because a key beside the data protects nothing in production.
 */
async function developmentKey(dataDir: string, logger: Logger): Promise<string> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, GENERATED_KEY_FILE);
  let key: string;
  try {
    key = (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    key = generateKey();
    await fs.writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  }
  logger.warn(
    { file },
    'ENCRYPTION_KEY is not set: using a development key generated into DATA_DIR. Set ENCRYPTION_KEY before real patient data is stored.',
  );
  return key;
}
