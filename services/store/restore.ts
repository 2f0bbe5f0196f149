// `npm run restore -- --from <file>`: puts a verified backup in place of DATA_DIR/samordna.sqlite,
// keeping the database it replaces beside it (renamed, never deleted).
//
// Order, and why:
// 1. The backup is copied into DATA_DIR under a temporary name and that copy is verified — the
//    very bytes that will be put in place, on the file system they will live on (so the final
//    step is a rename, which is atomic). A truncated, foreign or unopenable file stops here, with
//    the store untouched.
// 2. The restore lock is taken (new openers now refuse), then nobody may be using DATA_DIR: no
//    live registration (named in the refusal), and SQLite itself must find no other connection
//    (an unregistered process, such as an sqlite3 shell).
// 3. The current database is kept aside as `samordna.sqlite.before-restore-<UTC stamp>`: a hard
//    link, so `samordna.sqlite` never goes missing (a server started after a crash here finds the
//    old store, not an empty new one), and its -wal/-shm, if any, are renamed to match.
// 4. The verified copy is renamed over `samordna.sqlite`. A failure before this rename undoes
//    step 3, so the store is exactly as it was.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Keyring } from '../crypto/keyring';
import { utcStamp } from './backupRetention';
import { BackupInvalidError, checkBackupFile, makeSelfContained, type BackupReport } from './backupVerification';
import { databaseOpenElsewhere, dataDirUsers, RestoreInProgressError, takeRestoreLock, type DataDirUser } from './dataDirUsers';
import type { StoreLogger } from './documentStore';
import { syncDirectory, syncFile } from './durableFiles';
import { DATABASE_FILE } from './sqliteStore';
import { explainWriteFailure } from './writeLimits';

export interface RestoreOptions {
  dataDir: string;
  from: string;
  /** Must open the backup's sealed values: the keys of the installation the backup comes from. */
  keyring: Keyring;
  logger?: StoreLogger;
  /** For the name the replaced database is kept under. */
  now?: () => Date;
  /** For tests: runs once the database is set aside, just before the backup takes its place. */
  afterSetAside?: () => void;
}

export interface RestoreResult extends BackupReport {
  /** The restored database: DATA_DIR/samordna.sqlite. */
  database: string;
  from: string;
  /** Where the database it replaced is kept; null when DATA_DIR had none. */
  keptAs: string | null;
  seconds: number;
}

/** The restore was not done; the store is as it was. */
export class RestoreRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RestoreRefusedError';
  }
}

/** Someone uses DATA_DIR: `users` names the registered processes; empty when only SQLite knows. */
export class DataDirInUseError extends RestoreRefusedError {
  constructor(
    readonly dataDir: string,
    readonly database: string,
    readonly users: readonly DataDirUser[],
  ) {
    super(
      users.length > 0
        ? `restore refused: DATA_DIR ${dataDir} is in use by ${users.map(describe).join(', ')}. Stop ${users.length === 1 ? 'it' : 'them'} and run the restore again; the store was not changed.`
        : `restore refused: ${database} is open in a process that is not a registered Samordna process (an sqlite3 shell, or a Samordna of an earlier version?). ` +
            'Close it and run the restore again; the store was not changed.',
    );
    this.name = 'DataDirInUseError';
  }
}

function describe(user: DataDirUser): string {
  return `${user.command} (pid ${user.pid}, since ${user.since})`;
}

export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const dataDir = path.resolve(options.dataDir);
  const database = path.join(dataDir, DATABASE_FILE);
  const from = path.resolve(options.from);
  const unchanged = '; the store was not changed';
  let size: number;
  try {
    const stat = fs.statSync(from);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new RestoreRefusedError(`restore refused: ${from} does not exist or is not a file${unchanged}`);
  }
  if (from === database || from.startsWith(`${database}-`)) throw new RestoreRefusedError(`restore refused: ${from} is the database it would replace${unchanged}`);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Early, before a long copy and check; asked again under the lock.
  refuseIfInUse(dataDir, database, false);

  const temporary = path.join(dataDir, `${DATABASE_FILE}.restoring-${process.pid}-${randomBytes(4).toString('hex')}`);
  let placed = false;
  try {
    try {
      fs.copyFileSync(from, temporary, fs.constants.COPYFILE_EXCL);
      fs.chmodSync(temporary, 0o600);
    } catch (error) {
      const why = explainWriteFailure(error, dataDir, size) ?? (error instanceof Error ? error.message : String(error));
      throw new RestoreRefusedError(`restore failed while copying ${from} into ${dataDir}: ${why}${unchanged}`, { cause: error });
    }
    makeSelfContained(temporary);
    const report = checkBackupFile(temporary, options.keyring, from);
    syncFile(temporary);

    const lock = takeRestoreLock(dataDir);
    try {
      refuseIfInUse(dataDir, database, true);
      const aside = setAside(database, `${database}.before-restore-${utcStamp(options.now?.() ?? new Date())}`);
      try {
        options.afterSetAside?.();
        fs.renameSync(temporary, database);
        placed = true;
        syncDirectory(dataDir);
      } catch (error) {
        if (!placed) aside.undo();
        throw error;
      }
      const seconds = (performance.now() - started) / 1000;
      options.logger?.info({ dataDir, from, keptAs: aside.name, bytes: report.bytes, seconds: Number(seconds.toFixed(1)) }, 'embedded store restored from a backup');
      return { ...report, database, from, keptAs: aside.name, seconds };
    } finally {
      lock.release();
    }
  } catch (error) {
    // With what SQLite may have made beside it while it made the copy self-contained.
    if (!placed) for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${temporary}${suffix}`, { force: true });
    if (error instanceof RestoreRefusedError) throw error;
    if (error instanceof BackupInvalidError || error instanceof RestoreInProgressError) throw new RestoreRefusedError(`restore refused: ${error.message}${unchanged}`, { cause: error });
    throw new RestoreRefusedError(`restore failed: ${error instanceof Error ? error.message : String(error)}${placed ? '' : unchanged}`, { cause: error });
  }
}

/**
 * Throws DataDirInUseError when a live process is registered, or — once the lock is held, when no
 * new opener can come — when SQLite finds another connection to the database.
 */
function refuseIfInUse(dataDir: string, database: string, askSqlite: boolean): void {
  const users = dataDirUsers(dataDir);
  if (users.length > 0) throw new DataDirInUseError(dataDir, database, users);
  if (askSqlite && databaseOpenElsewhere(database)) throw new DataDirInUseError(dataDir, database, []);
}

interface SetAside {
  /** The name the replaced database is kept under; null when there was none. */
  name: string | null;
  /** Puts everything back where it was. */
  undo(): void;
}

function setAside(database: string, wanted: string): SetAside {
  const files = ['', '-wal', '-shm'].filter((suffix) => fs.existsSync(`${database}${suffix}`));
  if (files.length === 0) return { name: null, undo: () => undefined };
  let name = wanted;
  for (let n = 2; ['', '-wal', '-shm'].some((suffix) => fs.existsSync(`${name}${suffix}`)); n++) name = `${wanted}-${n}`;
  const done: (() => void)[] = [];
  const undo = () => {
    for (const step of done.reverse()) step();
    syncDirectory(path.dirname(database));
  };
  try {
    for (const suffix of files) {
      const current = `${database}${suffix}`;
      const kept = `${name}${suffix}`;
      if (suffix === '') {
        // A second name for the same file: `samordna.sqlite` stays until the rename replaces it.
        linkOrCopy(current, kept);
        done.push(() => fs.rmSync(kept, { force: true }));
      } else {
        // The old log must not stay beside the new database, which SQLite would read it into.
        fs.renameSync(current, kept);
        done.push(() => fs.renameSync(kept, current));
      }
    }
    syncDirectory(path.dirname(database));
  } catch (error) {
    undo();
    throw error;
  }
  return { name, undo };
}

function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (error) {
    // File systems without hard links: a copy keeps the same guarantee, at the cost of the space.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
    syncFile(to);
  }
}
