// An online backup of the embedded store: a consistent copy of DATA_DIR/samordna.sqlite made
// while servers and jobs keep writing, verified before it gets the name it was asked for.
//
// The copy runs through SQLite's backup API inside one read transaction of the copying
// connection. In WAL mode a reader never blocks writers, and everything it reads belongs to the
// snapshot its transaction began with, so the copy is that one moment of the store — without the
// transaction, the API would restart the copy whenever another process writes, and on a busy
// server might never finish. The price is that the write-ahead log cannot be checkpointed past
// that snapshot while the copy runs, so it grows by what is written meanwhile (checkpointed
// afterwards as usual). The API copies a number of pages per step and this process's event loop
// runs between steps, so a server that takes a backup of itself (before a schema migration)
// stays responsive.
//
// The copy is written under a hidden temporary name in the target's directory and renamed only
// once it is verified and on disk: the target name never holds a partial or unverified file, and
// a failure (a full disk, a wrong key, an interruption) removes the temporary file.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { Keyring } from '../crypto/keyring';
import { BackupInvalidError, checkBackupFile, makeSelfContained, type BackupReport } from './backupVerification';
import { registerDataDirUser } from './dataDirUsers';
import type { StoreLogger } from './documentStore';
import { durableRename, syncDirectory } from './durableFiles';
import { DATABASE_FILE } from './sqliteStore';
import { explainWriteFailure, freeBytes, megabytes } from './writeLimits';

export { BackupInvalidError, verifyBackup, type BackupReport, type SealedCheck } from './backupVerification';

/** 4 MB of 4 KB pages: a step takes a few milliseconds. */
const DEFAULT_PAGES_PER_STEP = 1000;
/** As the store waits for another process's write (sqliteStore.ts). */
const BUSY_TIMEOUT_MS = 5000;

export interface BackupOptions {
  dataDir: string;
  /** The file to write; it must not exist yet, and its directory must. */
  to: string;
  /** Opens the copy's sealed values: the keys the installation is configured with. */
  keyring: Keyring;
  pagesPerStep?: number;
  logger?: StoreLogger;
  /** After each step of the copy (progress, tests). */
  onStep?: (step: { copiedPages: number; totalPages: number }) => void;
  /** Stops the copy at its next step; nothing is left behind. */
  signal?: AbortSignal;
  /** How this process is listed to a restore while it copies (dataDirUsers.ts). */
  command?: string;
}

export interface BackupResult extends BackupReport {
  /** The backup's absolute path. */
  file: string;
  /** From start to a verified file under its name. */
  seconds: number;
}

/** A backup that was not made; the message says why and that nothing was left under the target's name. */
export class BackupFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupFailedError';
  }
}

export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const dataDir = path.resolve(options.dataDir);
  const source = path.join(dataDir, DATABASE_FILE);
  const target = path.resolve(options.to);
  const dir = path.dirname(target);
  const pagesPerStep = options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP;
  if (!Number.isInteger(pagesPerStep) || pagesPerStep < 1) throw new Error(`pagesPerStep must be a whole number ≥ 1, not ${pagesPerStep}`);
  const refuse = (reason: string) => new BackupFailedError(`backup refused: ${reason}`);
  if (!fs.existsSync(source)) throw refuse(`there is no database to back up at ${source} (is DATA_DIR right?)`);
  if (target === source || target.startsWith(`${source}-`)) throw refuse(`${target} is the live database itself`);
  if (!isDirectory(dir)) throw refuse(`the directory ${dir} does not exist`);
  if (fs.existsSync(target)) throw refuse(`${target} already exists, and a backup never overwrites a file`);

  const user = registerDataDirUser(dataDir, { command: options.command ?? 'backup', logger: options.logger });
  const temporary = path.join(dir, `.${path.basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  let neededBytes = fs.statSync(source).size;
  let phase = 'copying the database';
  let copied = started;
  try {
    // Created owner-only before SQLite writes into it: the copy holds the same sealed data as the store.
    fs.closeSync(fs.openSync(temporary, 'wx', 0o600));
    const db = new Database(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      // A store no Samordna has opened since a restore is still in rollback mode, where a reader
      // would hold writers off for the whole copy; every Samordna process makes it WAL anyway.
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN');
      // The read transaction, and with it the snapshot, starts with the first read.
      const pageCount = db.pragma('page_count', { simple: true }) as number;
      neededBytes = pageCount * (db.pragma('page_size', { simple: true }) as number);
      const free = freeBytes(dir);
      if (free !== null && free < neededBytes) {
        throw new BackupFailedError(
          `backup to ${target} not started: the disk holding ${dir} has ${megabytes(free)} free, the backup needs about ${megabytes(neededBytes)}; nothing was written`,
        );
      }
      options.logger?.info({ dataDir, to: target, pages: pageCount, pagesPerStep }, 'backup of the embedded store started');
      await db.backup(temporary, {
        progress: ({ totalPages, remainingPages }) => {
          if (options.signal?.aborted) throw new BackupFailedError(`backup to ${target} interrupted; nothing was written under that name`);
          options.onStep?.({ copiedPages: totalPages - remainingPages, totalPages });
          return pagesPerStep;
        },
      });
      db.exec('COMMIT');
      copied = performance.now();
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    }
    phase = 'verifying the copy';
    makeSelfContained(temporary);
    const report = checkBackupFile(temporary, options.keyring, target);
    phase = 'writing the copy to disk';
    // No other process may take the name between the check above and here without losing it to
    // this rename; a backup never overwrites, so fail rather than replace what appeared.
    if (options.signal?.aborted) throw new BackupFailedError(`backup to ${target} interrupted; nothing was written under that name`);
    if (fs.existsSync(target)) throw refuse(`${target} appeared while the backup ran`);
    durableRename(temporary, target, dir);
    const seconds = (performance.now() - started) / 1000;
    const copySeconds = (copied - started) / 1000;
    options.logger?.info(
      { to: target, bytes: report.bytes, seconds: Number(seconds.toFixed(1)), copySeconds: Number(copySeconds.toFixed(1)) },
      'backup of the embedded store written and verified',
    );
    return { ...report, file: target, seconds };
  } catch (error) {
    removeQuietly(temporary);
    throw failure(error, target, dir, phase, neededBytes);
  } finally {
    user.release();
  }
}

function failure(error: unknown, target: string, dir: string, phase: string, neededBytes: number): Error {
  if (error instanceof BackupFailedError) return error;
  const nothingLeft = `; nothing was written under ${target}`;
  if (error instanceof BackupInvalidError) return new BackupFailedError(`backup failed verification: ${error.message}${nothingLeft}`, { cause: error });
  const why = explainWriteFailure(error, dir, neededBytes) ?? (error instanceof Error ? error.message : String(error));
  return new BackupFailedError(`backup to ${target} failed while ${phase}: ${why}${nothingLeft}`, { cause: error });
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** The temporary copy, and the journal SQLite may have left beside it. */
function removeQuietly(temporary: string): void {
  for (const file of [temporary, `${temporary}-journal`, `${temporary}-wal`, `${temporary}-shm`]) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // Left for the operator: the name is hidden and says what it is.
    }
  }
  try {
    syncDirectory(path.dirname(temporary));
  } catch {
    // Best effort only.
  }
}
