import * as fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import { Keyring } from './keyring';
import { GENERATED_KEY_FILE } from './loadKeyring';

/**
 * The configured keys as a Keyring that opens sealed values, without a store: for tools that
 * check a file (a backup) rather than serve. Unlike loadKeyring it never generates a development
 * key — a new key would open nothing — and says which setting is missing instead.
 */
export function configuredKeyring(config: { encryptionKey: string | null; previousEncryptionKeys: readonly string[]; dataDir: string }): Keyring {
  const current = config.encryptionKey ?? developmentKey(config.dataDir);
  return new Keyring(
    Buffer.from(current, 'base64'),
    config.previousEncryptionKeys.map((key) => Buffer.from(key, 'base64')),
  );
}

function developmentKey(dataDir: string): string {
  const file = path.join(dataDir, GENERATED_KEY_FILE);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new ConfigError('ENCRYPTION_KEY', `is not set, and DATA_DIR holds no development key (${file}): set it to the installation's key (it is never in a backup)`);
  }
}
