// What `npm run backup` and `npm run restore` share. They work on the embedded store's file, not
// through the service layer: configuration, the keys and a logger on stderr are all they need,
// so neither creates anything in a store (a restore must not, and a backup need not).
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '../services/config';
import { configuredKeyring } from '../services/crypto/configuredKeyring';
import type { Keyring } from '../services/crypto/keyring';
import { createLogger, type Logger } from '../services/logger';
import type { BackupReport } from '../services/store/backupVerification';
import { megabytes } from '../services/store/writeLimits';
import { loadDotEnv } from './cliSetup';

export interface StoreFileCli {
  config: Config;
  logger: Logger;
  keyring: Keyring;
}

/** Exits with `usage` and code 2: bad arguments or configuration. */
export function usageExit(problem: string, usage: string): never {
  process.stderr.write(`${problem}\n${usage}\n`);
  process.exit(2);
}

/** The command's `--name value` options, checked by `schema`; anything else is a usage error. */
export function readOptions<S extends z.ZodType>(names: readonly string[], schema: S, usage: string): z.infer<S> {
  const parsed = (() => {
    try {
      return parseArgs({ args: process.argv.slice(2), options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])), allowPositionals: true });
    } catch (error) {
      return usageExit(error instanceof Error ? error.message : String(error), usage);
    }
  })();
  if (parsed.positionals.length > 0) usageExit(`unexpected argument ${parsed.positionals[0]}`, usage);
  const args = schema.safeParse(parsed.values);
  if (!args.success) usageExit(args.error.issues[0]!.message, usage);
  return args.data;
}

/**
 * Configuration, keys and a stderr logger; exits 2 on invalid configuration, and when MongoDB is
 * configured (its backups are mongodump's, docs/storage.md).
 */
export function openStoreFileCli(command: 'backup' | 'restore'): StoreFileCli {
  loadDotEnv();
  try {
    const config = loadConfig(process.env);
    if (config.mongodbUri) {
      process.stderr.write(
        `npm run ${command} works on the embedded store only, and MONGODB_URI is set: ` +
          `use ${command === 'backup' ? 'mongodump' : 'mongorestore'} as docs/storage.md describes ("Backups", "MongoDB").\n`,
      );
      process.exit(2);
    }
    const logger = createLogger(config.logLevel, pino.destination({ fd: 2, sync: true }));
    return { config, logger, keyring: configuredKeyring(config) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

const count = (value: number, one: string, many: string): string => `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;

/** `433.2 MB, schema 1, 50,000 cases, 250,000 audit entries, 98,000 outbox messages` */
export function describeContents(report: BackupReport): string {
  return [
    megabytes(report.bytes),
    `schema ${report.schemaVersion}`,
    count(report.counts.cases, 'case', 'cases'),
    count(report.counts.audit, 'audit entry', 'audit entries'),
    count(report.counts.outbox, 'outbox message', 'outbox messages'),
  ].join(', ');
}

/** `integrity ok, sealed values open` */
export function describeChecks(report: BackupReport): string {
  return `integrity ok, ${report.sealedChecked.length > 0 ? 'sealed values open' : 'no sealed values stored yet'}`;
}

/** One line on stderr and exit 1: the operation failed; the message says what was left as it was. */
export function failExit(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
