// The `embedded` store: one nedb (@seald-io/nedb v4) file per collection in DATA_DIR, for installs
// without MongoDB. Only one process may use a DATA_DIR at a time (nedb keeps every collection in
// memory and appends to its file; two writers would silently overwrite each other's compactions).
//
// Why a write is durable when its promise resolves (checked against nedb 4.1.2's lib/):
// - datastore.js `_insertAsync` / `_updateAsync` / `_removeAsync` run inside nedb's executor and
//   `await this.persistence.persistNewStateAsync(docs)` before resolving;
// - that method is replaced here (see `appendSynchronously`) by one that hands the new lines to
//   the kernel with a synchronous append(2) before it resolves.
// Bytes in the kernel's page cache belong to the kernel, not to the process, so `kill -9` (or any
// crash of Node) after the promise resolved cannot lose them. There is deliberately no fsync per
// write: like SQLite's WAL with synchronous=NORMAL, the embedded store survives process crashes,
// not power loss; nedb fsyncs at every compaction, and installations that need power-loss
// durability use MongoDB, whose writes here are journaled (`j: true`).
// Why synchronous: nedb's own append is `fs.promises.appendFile` (open, write, close, each a
// thread-pool round trip); appending a few hundred bytes synchronously takes microseconds and
// blocks nothing noticeable, and it made `case.submit` several times faster.
// A kill *during* an append can leave a torn last line. nedb would count it as corruption and,
// with few documents, refuse to load (its corruptAlertThreshold is a rate); the torn line is a write
// that never resolved, so `trimTornTail` drops it before loading.
//
// Compound unique indexes: nedb 4 supports them natively (`ensureIndexAsync({ fieldName: ['a','b'] })`
// indexes the object `{a, b}` and compares it by value), so no synthesized field is needed.

import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import Datastore from '@seald-io/nedb';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type DocumentStore,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type StoredDocument,
  type Update,
} from './documentStore';

export interface StoreLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another Samordna process (pid ${pid}). ` +
        'Stop it first, or point DATA_DIR elsewhere.',
    );
    this.name = 'DataDirLockedError';
  }
}

const LOCK_FILE = 'samordna.lock';
const AUTOCOMPACTION_MS = 10 * 60 * 1000;
// Sealed patient data lives in these files: owner-only.
const FILE_MODES = { fileMode: 0o600, dirMode: 0o700 };
// Collection names become file names.
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Data dirs opened by this process: a second open would run two nedb instances on the same files. */
const openDataDirs = new Set<string>();

const silentLogger: StoreLogger = { warn: () => undefined, info: () => undefined };

// ---------------------------------------------------------------------------------------------
// Rules both stores apply, so a document accepted by one is accepted by the other.

export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) {
    throw new Error(`invalid collection name ${JSON.stringify(name)}: use letters, digits, "_" or "-"`);
  }
}

/**
 * A deep copy of `value` ready to store: `undefined` fields are dropped (what the MongoDB driver's
 * `ignoreUndefined` does) and field names starting with "$" or containing "." are refused with an
 * error naming the field, because nedb cannot store them (e.g. an Adaptive Card's "$schema").
 */
export function toStorable(value: unknown, collection: string, at: string): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item, i) => toStorable(item, collection, join(at, String(i))));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.')) {
      throw new Error(
        `cannot store field ${JSON.stringify(join(at, key))} in ${collection}: field names may not ` +
          'start with "$" or contain "." (rename the field or store that value as a JSON string)',
      );
    }
    if (item !== undefined) copy[key] = toStorable(item, collection, join(at, key));
  }
  return copy;
}

const join = (at: string, key: string): string => (at === '' ? key : `${at}.${key}`);

/** Checks an update's operators and the values it would store; returns a cleaned copy. */
export function toStorableUpdate<T>(update: Update<T>, collection: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [op, fields] of Object.entries(update)) {
    if (fields === undefined) continue;
    if (op !== '$set' && op !== '$inc' && op !== '$unset') throw new Error(`unsupported update operator ${op}`);
    const cleaned: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
      if (field.startsWith('$') || field === '_id') throw new Error(`cannot ${op} field ${JSON.stringify(field)} in ${collection}`);
      if (value !== undefined) cleaned[field] = toStorable(value, collection, field);
    }
    out[op] = cleaned;
  }
  // nedb treats an update without operators as a whole-document replacement; never let that happen.
  if (Object.keys(out).length === 0) throw new Error(`update for ${collection} has no $set, $inc or $unset`);
  return out;
}

// ---------------------------------------------------------------------------------------------

export async function openEmbeddedStore(options: { dataDir: string; logger?: StoreLogger }): Promise<DocumentStore> {
  const dataDir = path.resolve(options.dataDir);
  const logger = options.logger ?? silentLogger;
  if (openDataDirs.has(dataDir)) throw new Error(`DATA_DIR ${dataDir} is already open in this process`);

  await fsp.mkdir(dataDir, { recursive: true, mode: FILE_MODES.dirMode });
  const lockPath = await acquireLock(dataDir, logger);
  openDataDirs.add(dataDir);

  const store = new EmbeddedStore(dataDir, lockPath, logger);
  try {
    // Load every existing collection now: a corrupt file should stop the bot at start-up, not on
    // first use. nedb's load rewrites the file from memory (persistence.js `loadDatabaseAsync` ends
    // with `persistCachedDatabaseAsync`), so this is also the compaction at open.
    // `<name>.db~` alone is a compaction interrupted between write and rename; nedb restores it.
    const names = new Set((await fsp.readdir(dataDir)).map((entry) => /^(.+)\.db~?$/.exec(entry)?.[1]));
    for (const name of names) {
      if (name !== undefined && COLLECTION_NAME.test(name)) await store.handle(name).ready();
    }
  } catch (err) {
    await store.close();
    throw err;
  }
  logger.info({ dataDir }, 'embedded document store open');
  return store;
}

class EmbeddedStore implements DocumentStore {
  readonly kind = 'embedded' as const;
  private readonly handles = new Map<string, CollectionHandle>();
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly lockPath: string,
    private readonly logger: StoreLogger,
  ) {}

  handle(name: string): CollectionHandle {
    assertCollectionName(name);
    let handle = this.handles.get(name);
    if (!handle) {
      handle = new CollectionHandle(name, path.join(this.dataDir, `${name}.db`), this.logger, () => this.closed);
      this.handles.set(name, handle);
    }
    return handle;
  }

  collection<T extends StoredDocument>(name: string): DocumentCollection<T> {
    return new EmbeddedCollection<T>(this.handle(name));
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('embedded store is closed');
    await fsp.access(this.dataDir, fs.constants.W_OK);
    const holder = readLock(this.lockPath);
    if (holder?.pid !== process.pid) throw new Error(`lost the lock on DATA_DIR ${this.dataDir}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const handle of this.handles.values()) await handle.shutdown();
    // Only remove the lock if it is still ours (someone may have taken over a lock we lost).
    if (readLock(this.lockPath)?.pid === process.pid) fs.rmSync(this.lockPath, { force: true });
    openDataDirs.delete(this.dataDir);
  }
}

/** One nedb datastore, loaded on first use. */
class CollectionHandle {
  private loading: Promise<Datastore> | null = null;

  constructor(
    readonly name: string,
    readonly filename: string,
    private readonly logger: StoreLogger,
    private readonly isClosed: () => boolean,
  ) {}

  ready(): Promise<Datastore> {
    if (this.isClosed()) return Promise.reject(new Error('embedded store is closed'));
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<Datastore> {
    await trimTornTail(this.filename, this.logger);
    const db = new Datastore({ filename: this.filename, modes: FILE_MODES });
    appendSynchronously(db, this.filename);
    await db.loadDatabaseAsync();
    // nedb only appends; periodic compaction keeps the file about the size of the live data.
    db.setAutocompactionInterval(AUTOCOMPACTION_MS);
    return db;
  }

  async shutdown(): Promise<void> {
    if (!this.loading) return;
    try {
      const db = await this.loading;
      db.stopAutocompaction();
      // Runs through nedb's executor, so it waits for queued writes, and leaves a compact file.
      await db.compactDatafileAsync();
    } catch (err) {
      this.logger.warn({ collection: this.name, err }, 'could not compact collection on close');
    }
  }
}

class EmbeddedCollection<T extends StoredDocument> implements DocumentCollection<T> {
  constructor(private readonly handle: CollectionHandle) {}

  async ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    const db = await this.handle.ready();
    for (const index of indexes) {
      // nedb keys indexes by field, not by name, and has no direction; a compound index is an array.
      const fields = Object.keys(index.fields);
      const unique = index.unique ?? false;
      // nedb ignores ensureIndex for a field it already indexes, even with other options (its
      // index definitions persist in the file); recreate it so a newly unique index is enforced.
      const key = [...fields].sort().join(',');
      if (nedbIndexes(db)[key]?.unique === !unique) await db.removeIndexAsync(key);
      await this.write(() => db.ensureIndexAsync({ fieldName: fields.length === 1 ? fields[0] : fields, unique }));
    }
  }

  async insertOne(doc: T): Promise<void> {
    const db = await this.handle.ready();
    const stored = toStorable(doc, this.handle.name, '') as Record<string, unknown>;
    await this.write(() => db.insertAsync(stored));
  }

  async findOne(filter: Filter): Promise<T | null> {
    const db = await this.handle.ready();
    return (await db.findOneAsync<T>(toNedbQuery(filter))) ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const db = await this.handle.ready();
    let cursor = db.findAsync<T>(toNedbQuery(filter));
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.limit) cursor = cursor.limit(options.limit);
    return await cursor;
  }

  async updateOne(filter: Filter, update: Update<T>): Promise<number> {
    const db = await this.handle.ready();
    const modifier = toStorableUpdate(update, this.handle.name);
    // One nedb update: match and modify happen in one executor task, so it is atomic.
    const { numAffected } = await this.write(() => db.updateAsync(toNedbQuery(filter), modifier, { multi: false }));
    return numAffected;
  }

  async replaceOne(doc: T): Promise<void> {
    const db = await this.handle.ready();
    const stored = toStorable(doc, this.handle.name, '') as Record<string, unknown>;
    await this.write(() => db.updateAsync({ _id: doc._id }, stored, { upsert: true }));
  }

  async deleteMany(filter: Filter): Promise<number> {
    const db = await this.handle.ready();
    return await db.removeAsync(toNedbQuery(filter), { multi: true });
  }

  async count(filter: Filter): Promise<number> {
    const db = await this.handle.ready();
    return await db.countAsync(toNedbQuery(filter));
  }

  private async write<R>(op: () => Promise<R>): Promise<R> {
    try {
      return await op();
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateKeyError(this.handle.name, err);
      throw err;
    }
  }
}

/** nedb's document serialisation (Dates as `{$$date}`): the replaced append writes exactly what nedb would. */
const { serialize } = createRequire(__filename)('@seald-io/nedb/lib/model.js') as { serialize(doc: unknown): string };

/** See the header: nedb's append, made synchronous so a resolved write is already in the kernel. */
function appendSynchronously(db: Datastore, filename: string): void {
  const persistence = db.persistence as unknown as { persistNewStateAsync(docs: unknown[]): Promise<void> };
  persistence.persistNewStateAsync = async (docs: unknown[]) => {
    let lines = '';
    for (const doc of docs) lines += `${serialize(doc)}\n`;
    if (lines.length > 0) fs.appendFileSync(filename, lines, { encoding: 'utf8', mode: FILE_MODES.fileMode });
  };
}

/** nedb's live indexes, keyed by their sorted, comma-joined fields (datastore.js `ensureIndexAsync`). */
function nedbIndexes(db: Datastore): Record<string, { unique: boolean } | undefined> {
  return (db as unknown as { indexes: Record<string, { unique: boolean } | undefined> }).indexes;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { errorType?: unknown }).errorType === 'uniqueViolated';
}

/**
 * nedb and MongoDB differ on null: in MongoDB `{f: null}` and `{f: {$in: [null]}}` also match
 * documents without `f`, and `{f: {$ne: null}}` excludes them; in nedb a missing field is not null.
 * Rewritten here so repositories see MongoDB's behaviour on both stores.
 */
function toNedbQuery(filter: Filter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const and: Record<string, unknown>[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    const missing = { [field]: { $exists: false } };
    if (condition === null) {
      and.push({ $or: [{ [field]: null }, missing] });
    } else if (isOperator(condition) && '$in' in condition && condition.$in.includes(null)) {
      and.push({ $or: [{ [field]: condition }, missing] });
    } else if (isOperator(condition) && '$ne' in condition && condition.$ne === null) {
      query[field] = { $ne: null, $exists: true };
    } else {
      query[field] = condition;
    }
  }
  if (and.length > 0) query.$and = and;
  return query;
}

function isOperator(condition: unknown): condition is Record<string, unknown> {
  return typeof condition === 'object' && condition !== null && !(condition instanceof Date);
}

/**
 * Drops a torn last line (no trailing newline) left by a process killed in the middle of an append.
 * That write never resolved, so no caller was told it succeeded.
 */
async function trimTornTail(filename: string, logger: StoreLogger): Promise<void> {
  let file: fsp.FileHandle;
  try {
    file = await fsp.open(filename, 'r+');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw err;
  }
  try {
    const content = await file.readFile();
    if (content.length === 0 || content[content.length - 1] === 0x0a) return;
    const keep = content.lastIndexOf(0x0a) + 1;
    await file.truncate(keep);
    await file.sync();
    logger.warn(
      { file: filename, droppedBytes: content.length - keep },
      'dropped an incomplete last line (a write interrupted by a crash, never acknowledged)',
    );
  } finally {
    await file.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The DATA_DIR lock.

interface LockInfo {
  pid: number;
  startedAt: string;
  hostname: string;
}

async function acquireLock(dataDir: string, logger: StoreLogger): Promise<string> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), hostname: os.hostname() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = fs.openSync(lockPath, 'wx', FILE_MODES.fileMode);
      try {
        fs.writeSync(fd, JSON.stringify(mine));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return lockPath;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    let holder = readLock(lockPath);
    if (holder === null && fs.existsSync(lockPath)) {
      // Unreadable: either garbage from a crash, or another process between its open and write.
      await new Promise((resolve) => setTimeout(resolve, 100));
      holder = readLock(lockPath);
    }
    // Our own pid in the lock means a previous run with the same pid (common in containers, where
    // the bot is often pid 1) died without removing it; openDataDirs already rules out this process.
    if (holder !== null && holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new DataDirLockedError(dataDir, holder.pid);
    }
    logger.warn(
      { dataDir, stalePid: holder?.pid ?? null, staleSince: holder?.startedAt ?? null },
      'taking over a stale DATA_DIR lock (its process is gone, e.g. after a crash or kill -9)',
    );
    // Two processes taking over the same stale lock at the same instant could both succeed; that
    // needs two starts within milliseconds after a crash, which a supervisor does not do.
    fs.rmSync(lockPath, { force: true });
  }
  throw new Error(`could not take the lock ${lockPath}: other processes keep replacing it`);
}

function readLock(lockPath: string): LockInfo | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    const pid = (parsed as Partial<LockInfo> | null)?.pid;
    // pid 0 or negative would make process.kill address a process group.
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
    return parsed as LockInfo;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return errnoCode(err) !== 'ESRCH';
  }
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
}
