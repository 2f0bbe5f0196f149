import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { generateKey, Keyring } from './keyring';

export const GENERATED_KEY_FILE = 'encryption.key';

/**
 * With ENCRYPTION_KEY set, that key is used. Without it (allowed only when no app id is set,
 * which config enforces) a key is generated once into DATA_DIR so local data stays readable
 * across restarts — with a warning, because a key beside the data protects nothing in production.
 */
export async function loadKeyring(options: { encryptionKey: string | null; dataDir: string; logger: Logger }): Promise<Keyring> {
  if (options.encryptionKey) return new Keyring(Buffer.from(options.encryptionKey, 'base64'));
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dataDir, GENERATED_KEY_FILE);
  let key: string;
  try {
    key = (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    key = generateKey();
    await fs.writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  }
  options.logger.warn(
    { file },
    'ENCRYPTION_KEY is not set: using a development key generated into DATA_DIR. Set ENCRYPTION_KEY before real patient data is stored.',
  );
  return new Keyring(Buffer.from(key, 'base64'));
}
