// Who uses a DATA_DIR, so that `npm run restore` can refuse while anyone does, and say who.
//
// SQLite itself can prove that nobody has the database open (`databaseOpenElsewhere`), but cannot
// name anyone. So every process that opens the embedded store registers itself in
// DATA_DIR/processes (one small JSON file per open store: pid, command, start time) and removes
// the file when it closes the store. A process that died without closing leaves a file whose
// pid is gone — or, after a reboot or a container restart, belongs to another process: the
// process's start time (from /proc, where there is one) tells them apart. Such files are stale
// and ignored.
//
// While a restore runs it holds DATA_DIR/restore.lock (created exclusively, holding its pid), and
// every opener refuses. Each side writes before it reads — an opener registers and then looks for
// the lock, a restore takes the lock and then reads the registrations — so whichever comes second
// sees the first: a store cannot slip open between a restore's check and its swap.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';

const REGISTRY_DIR = 'processes';
const RESTORE_LOCK = 'restore.lock';
const REGISTRATION = /^([1-9]\d*)-[0-9a-f]+\.json$/;

/** A process that has the DATA_DIR's store open (or is about to open it). */
export interface DataDirUser {
  pid: number;
  /** What it is, for the operator: `server`, `job agenda`, `backup`, … (never its arguments). */
  command: string;
  /** ISO-8601, when it opened the store. */
  since: string;
}

export interface Registration {
  /** Removes the registration; safe to call more than once. */
  release(): void;
}

interface Entry {
  pid: number;
  command: string;
  since: string;
  /** The kernel's start time of the process (Linux), to tell a reused pid from the original. */
  processStart: string | null;
}

/** A restore holds the DATA_DIR: opening its store now would read a database about to be replaced. */
export class RestoreInProgressError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirUser,
  ) {
    super(
      `DATA_DIR ${dataDir} is being restored from a backup (npm run restore, pid ${holder.pid}, since ${holder.since}): ` +
        'start again when the restore has finished.',
    );
    this.name = 'RestoreInProgressError';
  }
}

export interface RegisterOptions {
  /** What this process is (default: from its entry point, `commandOfThisProcess`). */
  command?: string;
  /** Told when the registration cannot be written. */
  logger?: { warn(obj: object, msg: string): void };
}

/** Errors of a file system that takes no new file now; the store itself may still be readable. */
const CANNOT_WRITE = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/**
 * Registers this process as a user of `dataDir` (which must exist) until `release`. Throws
 * RestoreInProgressError, registering nothing, while a restore holds the DATA_DIR. On a full or
 * read-only file system the process goes on unregistered, with a warning: a server that can
 * still read its store should not fail to start for want of a hundred bytes, and a restore still
 * finds it through SQLite's lock (`databaseOpenElsewhere`), only without its name.
 */
export function registerDataDirUser(dataDir: string, options: RegisterOptions = {}): Registration {
  const dir = path.join(dataDir, REGISTRY_DIR);
  const record: Entry = { pid: process.pid, command: options.command ?? commandOfThisProcess(), since: new Date().toISOString(), processStart: processStartOf(process.pid) };
  const file = path.join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.json`);
  // Written under another name and renamed: a reader never sees half a registration.
  const draft = path.join(dir, `.${path.basename(file)}.draft`);
  let registered = false;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(draft, JSON.stringify(record), { mode: 0o600, flag: 'wx' });
    fs.renameSync(draft, file);
    registered = true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!CANNOT_WRITE.has(code)) throw error;
    fs.rmSync(draft, { force: true });
    options.logger?.warn({ dataDir, code }, 'could not register this process in DATA_DIR/processes (the file system takes no new file): a restore will not be able to name it');
  }
  if (registered) {
    openRegistrations.add(file);
    removeOnExit();
  }
  const registration: Registration = {
    release() {
      if (!registered) return;
      openRegistrations.delete(file);
      fs.rmSync(file, { force: true });
    },
  };
  const restore = restoreHolder(dataDir);
  if (restore !== null) {
    registration.release();
    throw new RestoreInProgressError(dataDir, restore);
  }
  return registration;
}

/** The live users of `dataDir`, oldest first; stale registrations are removed on the way. */
export function dataDirUsers(dataDir: string): DataDirUser[] {
  const dir = path.join(dataDir, REGISTRY_DIR);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const users: DataDirUser[] = [];
  for (const entry of entries) {
    const match = REGISTRATION.exec(entry);
    if (!match) continue;
    const file = path.join(dir, entry);
    const record = readEntry(file, Number(match[1]));
    if (record === null) continue;
    if (isRunning(record)) users.push({ pid: record.pid, command: record.command, since: record.since });
    else fs.rmSync(file, { force: true });
  }
  return users.sort((a, b) => a.since.localeCompare(b.since));
}

export interface RestoreLock {
  release(): void;
}

/** Takes DATA_DIR/restore.lock for this process; throws RestoreInProgressError when a live restore holds it. */
export function takeRestoreLock(dataDir: string): RestoreLock {
  const lock = path.join(dataDir, RESTORE_LOCK);
  const record: Entry = { pid: process.pid, command: 'restore', since: new Date().toISOString(), processStart: processStartOf(process.pid) };
  // Written completely under a name of its own, then linked to the lock's name, which fails if
  // the name exists — as exclusive as O_EXCL, and nobody ever reads a half-written lock.
  const draft = path.join(dataDir, `.${RESTORE_LOCK}.${process.pid}-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(draft, JSON.stringify(record), { mode: 0o600, flag: 'wx' });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(draft, lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
        const holder = readEntry(lock, null);
        if (holder !== null && isRunning(holder)) throw new RestoreInProgressError(dataDir, { pid: holder.pid, command: holder.command, since: holder.since });
        // A restore that died (or a lock nobody can read): nothing holds it any more.
        fs.rmSync(lock, { force: true });
      }
    }
  } finally {
    fs.rmSync(draft, { force: true });
  }
  return { release: () => fs.rmSync(lock, { force: true }) };
}

/** The restore holding `dataDir`, unless none or it is gone (or it is this process). */
function restoreHolder(dataDir: string): DataDirUser | null {
  const record = readEntry(path.join(dataDir, RESTORE_LOCK), null);
  if (record === null || record.pid === process.pid || !isRunning(record)) return null;
  return { pid: record.pid, command: record.command, since: record.since };
}

/**
 * SQLite's own answer to "does any other connection have this database open?", even an idle one
 * of a process that never registered (an `sqlite3` shell, a tool of its own). In WAL mode every
 * connection that has read the database holds a shared lock on it for as long as it is open, so
 * an exclusive lock is granted only when no other connection exists. That is asked for in
 * exclusive locking mode with an empty transaction, which writes nothing: switching the journal
 * mode (DELETE and back) would prove the same but rewrite the file's header, and the database a
 * restore keeps aside should be byte for byte the one it replaced. A database in rollback mode (a
 * restored file no Samordna has opened since; Samordna always switches to WAL) shows only
 * connections in the middle of a transaction. A file SQLite cannot read as a database (the damaged
 * store a restore is to replace) answers false: nothing can be using it.
 */
export function databaseOpenElsewhere(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
  } catch (error) {
    if (isBusy(error)) return true;
    throw error;
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    if (isBusy(error)) return true;
    if (isNotADatabase(error)) return false;
    throw error;
  } finally {
    db.close();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function isNotADatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

/**
 * What this process is, from the entry point it was started with (`node dist/bot/jobCli.js
 * agenda`, `tsx bot/index.ts`, …). Never its other arguments: `audit-extract` takes a
 * personnummer.
 */
export function commandOfThisProcess(argv: readonly string[] = process.argv): string {
  const entry = path.basename(argv[1] ?? 'node').replace(/\.(ts|js|cjs|mjs)$/, '');
  const named: { [entry: string]: string } = {
    index: 'server',
    auditExtractCli: 'audit-extract',
    reencryptCli: 'reencrypt',
    backupCli: 'backup',
    restoreCli: 'restore',
    outboxCli: 'outbox',
  };
  if (entry === 'jobCli') {
    const job = argv[2] ?? '';
    return /^[a-z-]{1,40}$/.test(job) ? `job ${job}` : 'job';
  }
  return named[entry] ?? `node ${entry}`;
}

function readEntry(file: string, pidFromName: number | null): Entry | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Entry> | null;
    const pid = parsed?.pid;
    // A pid of 0 or below would make process.kill address a process group.
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || (pidFromName !== null && pid !== pidFromName)) return unreadable(pidFromName);
    return {
      pid,
      command: typeof parsed?.command === 'string' ? parsed.command : 'unknown',
      since: typeof parsed?.since === 'string' ? parsed.since : 'unknown',
      processStart: typeof parsed?.processStart === 'string' ? parsed.processStart : null,
    };
  } catch {
    return unreadable(pidFromName);
  }
}

/** A registration nobody can read still counts while its pid (from its name) runs. */
function unreadable(pidFromName: number | null): Entry | null {
  return pidFromName === null ? null : { pid: pidFromName, command: 'unknown', since: 'unknown', processStart: null };
}

function isRunning(record: Entry): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (record.processStart === null) return true;
  const now = processStartOf(record.pid);
  return now === null || now === record.processStart;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null where there is no /proc. */
function processStartOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const openRegistrations = new Set<string>();
let removingOnExit = false;

/** A process that exits without closing its stores (process.exit in a tool) leaves nothing behind. */
function removeOnExit(): void {
  if (removingOnExit) return;
  removingOnExit = true;
  process.once('exit', () => {
    for (const file of openRegistrations) fs.rmSync(file, { force: true });
  });
}
