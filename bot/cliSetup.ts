import os from 'node:os';
import pino from 'pino';
import type { CliOperator } from '../services/audit/auditLog';
import { loadConfig, type Config } from '../services/config';
import type { Keyring } from '../services/crypto/keyring';
import { loadKeyring } from '../services/crypto/loadKeyring';
import { createLogger, type Logger } from '../services/logger';
import type { DocumentStore } from '../services/store/documentStore';
import { BackupFailedError, BackupInvalidError } from '../services/store/backup';
import { MigrationFailedError, SchemaTooNewError } from '../services/store/migrations';
import { upgradeSchema } from '../services/store/schemaUpgrade';
import { configuredKeyring } from '../services/crypto/configuredKeyring';
import { openStore } from '../services/store/openStore';
import { StoreWriteError } from '../services/store/writeFailures';
import { UnknownKeyError } from '../services/crypto/keyring';
import type { Clock } from '../services/time/clock';

/**
 * What an operator needs to read when a command fails for a reason of the installation — a store
 * written by a newer version, a migration that failed, a store that cannot write, a missing key —
 * instead of a stack trace; anything else (a bug) keeps its stack.
 */
export function failureText(error: unknown): string {
  const known =
    error instanceof SchemaTooNewError ||
    error instanceof MigrationFailedError ||
    error instanceof BackupFailedError ||
    error instanceof BackupInvalidError ||
    error instanceof StoreWriteError ||
    error instanceof UnknownKeyError;
  if (known) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** A `.env` in the working directory is read if present; real environment variables win. */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export interface CliSetup {
  config: Config;
  logger: Logger;
  store: DocumentStore;
  keyring: Keyring;
}

/**
 * What every command-line tool opens the way the server does: configuration, store and keys.
 * Tools whose stdout is their result log to stderr. The caller closes the store.
 */
export async function openForCli(options: { clock: Clock; logTo: 'stdout' | 'stderr'; reportRotation?: boolean }): Promise<CliSetup> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const logger = options.logTo === 'stderr' ? createLogger(config.logLevel, pino.destination({ fd: 2, sync: true })) : createLogger(config.logLevel);
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
  try {
    // A tool started first after an upgrade brings the store up to date as the server would.
    // The copy is named by the real time, not by a job's --at.
    await upgradeSchema(store, { dataDir: config.dataDir, keyring: () => configuredKeyring(config), logger, now: () => new Date() });
    const keyring = await loadKeyring({
      encryptionKey: config.encryptionKey,
      previousEncryptionKeys: config.previousEncryptionKeys,
      dataDir: config.dataDir,
      store,
      logger,
      clock: options.clock,
      ...(options.reportRotation === undefined ? {} : { reportRotation: options.reportRotation }),
    });
    return { config, logger, store, keyring };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The operator's account; a container without a passwd entry for the uid still has $USER, or at least the uid. */
export function operatorAccount(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

/**
 * Who runs an operator command, for the audit log: the account, and under sudo the person who
 * called it (the account is then root or a service account, which names nobody).
 */
export function cliOperator(): CliOperator {
  return { account: operatorAccount(), sudoUser: process.env.SUDO_USER?.trim() || null };
}
