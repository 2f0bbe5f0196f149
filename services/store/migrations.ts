// The store's layout has a version. Each change to it ships as a numbered migration; at start-up
// the server (and every command-line tool, whichever starts first after an upgrade) brings the
// store up to the version this Samordna knows, one migration per transaction, and refuses a store
// written by a newer Samordna rather than run on data it does not understand.
import type { DocumentStore } from './documentStore';

export interface Migration {
  /** One more than the migration before it; the store records it in the same transaction. */
  version: number;
  /** What it changes, for the log and the operator (English, one line). */
  name: string;
  /** Every store operation awaited in here belongs to the migration's transaction. */
  up(store: DocumentStore): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    // Samordna 0.1's layout — the SQLite tables of its collections, or the MongoDB collections —
    // recorded as version 1; stores made before versions existed read as 0.
    name: 'record the schema version of the layout of Samordna 0.1',
    up: async () => undefined,
  },
];

export const CURRENT_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export class SchemaTooNewError extends Error {
  constructor(
    readonly storeVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `the store has schema version ${storeVersion}, written by a newer Samordna; this Samordna knows schema versions up to ${knownVersion}. ` +
        'Start the newer Samordna again, or restore a backup taken before the upgrade (docs/deployment.md).',
    );
    this.name = 'SchemaTooNewError';
  }
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: Migration,
    cause: unknown,
  ) {
    super(`schema migration ${migration.version} (${migration.name}) failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationFailedError';
  }
}

export interface MigrationLogger {
  info(obj: object, msg: string): void;
}

export interface MigrateOptions {
  logger: MigrationLogger;
  /**
   * Called once before the first pending migration, with the versions it goes from and to; what
   * it resolves to (a backup's file name, say) is logged. A rejection stops the upgrade with the
   * store untouched.
   */
  beforeFirst?: (from: number, to: number) => Promise<string | null>;
  /** For tests: another list of migrations. */
  migrations?: readonly Migration[];
}

export interface MigrationReport {
  from: number;
  to: number;
  applied: number[];
}

/** Brings the store to the newest version of `migrations`; throws SchemaTooNewError or MigrationFailedError. */
export async function migrate(store: DocumentStore, options: MigrateOptions): Promise<MigrationReport> {
  const migrations = checkedList(options.migrations ?? MIGRATIONS);
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const from = await store.schemaVersion();
  if (from > known) throw new SchemaTooNewError(from, known);
  const pending = migrations.filter((migration) => migration.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };

  const backup = options.beforeFirst ? await options.beforeFirst(from, known) : null;
  options.logger.info({ from, to: known, ...(backup ? { backup } : {}) }, 'upgrading the store’s schema');
  const applied: number[] = [];
  for (const migration of pending) {
    const started = Date.now();
    const ran = await store
      .transaction(async () => {
        // Read again inside the transaction: another process may have just done this one.
        if ((await store.schemaVersion()) >= migration.version) return false;
        await migration.up(store);
        await store.setSchemaVersion(migration.version);
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof SchemaTooNewError) throw error;
        throw new MigrationFailedError(migration, error);
      });
    if (!ran) continue;
    applied.push(migration.version);
    options.logger.info({ version: migration.version, migration: migration.name, ms: Date.now() - started }, 'schema migration applied');
  }
  return { from, to: known, applied };
}

function checkedList(migrations: readonly Migration[]): readonly Migration[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`schema migrations must be numbered 1, 2, 3, …: found ${migration.version} at position ${index + 1}`);
  });
  return migrations;
}
