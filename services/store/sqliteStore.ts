// The `embedded` store: one SQLite database (better-sqlite3) in DATA_DIR, for installs without
// MongoDB. One table per collection, each row a document as JSON text (`_id`, `doc`); the
// contract's filters and sorts are compiled to SQL over `json_extract` (sqliteQuery.ts), and
// every IndexSpec becomes an index on those same expressions, so queries use them.
//
// Several processes may use one DATA_DIR at once — the server, `npm run job`, `audit-extract`,
// `reencrypt`, even a second server. SQLite's locks serialise their writes; every write that
// reads before it writes (updateOne, deleteMany, ensureIndexes, a transaction) starts with
// BEGIN IMMEDIATE, which takes the write lock first, so a conditional update ("claim this run if
// nobody has") is atomic across processes, not just within one. A process waits up to
// BUSY_TIMEOUT_MS for another's write to finish.
//
// Durability: WAL mode with synchronous=NORMAL. A write resolves once its transaction is committed
// to the write-ahead log, i.e. handed to the kernel; the kernel's page cache does not belong to
// the process, so `kill -9` (or any crash of Node) after that loses nothing. Against power loss
// or a kernel crash, NORMAL may lose the last transactions committed before it, but never
// corrupts the database (WAL is checkpointed with fsync). That is what the nedb store gave
// before; an installation that must survive power loss without losing a write uses MongoDB with
// journaled majority writes.
//
// better-sqlite3 is synchronous: each operation runs to completion on the calling thread (a few
// microseconds to a few milliseconds here), which is also what makes it atomic within the process.

import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import {
  DuplicateKeyError,
  SILENT_STORE_LOGGER,
  type DocumentCollection,
  type DocumentStore,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type Projected,
  type StoredDocument,
  type StoreFootprint,
  type StoreLogger,
  type Update,
} from './documentStore';
import { assertCollectionName, assertFieldPath, assertIndexName, assertLimit, filterTerms, projectionPaths, sortKeys, toStorableUpdate, type FilterTerm } from './documentRules';
import { compareDocuments, matchesAll } from './documentMatch';
import { projectDocument, projectionTree } from './documentProjection';
import { compileProjection, projectsInSql } from './sqliteProjection';
import { applyUpdate } from './documentUpdate';
import { registerDataDirUser, type Registration } from './dataDirUsers';
import { importNedbFiles, type ImportSink } from './nedbImport';
import { ListPaths } from './sqliteListPaths';
import { compileFilter, compileSort, fieldExpression, touchesList, type CompiledFilter } from './sqliteQuery';
import { decodeDocument, encodeDocument, type EncodedDocument } from './storedJson';
import { errorCode, sqliteWriteFailure, StoreWriteError } from './writeFailures';
import { WriteHealth } from './writeHealth';
import { systemClock, type Clock } from '../time/clock';

export const DATABASE_FILE = 'samordna.sqlite';
const BUSY_TIMEOUT_MS = 5000;
// Sealed patient data lives in the database: owner-only. SQLite gives its -wal and -shm files the
// database file's permissions.
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/** Query shapes are few; the bound only matters if something builds filters from data. */
const STATEMENT_CACHE_SIZE = 500;
/** Statistics for the query planner, refreshed now and then on a long-running server. */
const OPTIMIZE_EVERY_MS = 60 * 60 * 1000;

type Doc = Record<string, unknown>;

/** A write of about this size is what /healthz tries while writes fail (writeHealth.ts). */
const PROBE_BYTES = 16 * 1024;
const PROBE_COLLECTION = 'writeProbe';

export async function openSqliteStore(options: { dataDir: string; logger?: StoreLogger; clock?: Clock }): Promise<DocumentStore> {
  const logger = options.logger ?? SILENT_STORE_LOGGER;
  const dataDir = path.resolve(options.dataDir);
  privateDirectory(dataDir, logger);
  const file = path.join(dataDir, DATABASE_FILE);
  // Tells `npm run restore` who uses DATA_DIR; refuses while a restore runs (dataDirUsers.ts).
  const user = registerDataDirUser(dataDir, { logger });
  let db: Db;
  try {
    privateFile(file, logger);
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    user.release();
    throw error;
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Deleted and overwritten content is zeroed, not left in free pages: a purged case's sealed
    // data and a re-encrypted value's old form really leave the file (once the WAL is checkpointed).
    db.pragma('secure_delete = ON');
    // Keeps the -wal file from staying at its high-water mark after a checkpoint.
    db.pragma('journal_size_limit = 67108864');
    // Checkpoints (the log copied into the database, with fsync) run in the committing call. Every
    // 10,000 pages (40 MB) rather than SQLite's 1,000 they are a tenth as frequent, and cheaper per
    // write: index pages written many times over in the log are copied once.
    db.pragma('wal_autocheckpoint = 10000');
    // SQLite's own page cache, capped at 4 MB (the driver's default is 16 MB): the operating system
    // caches the file anyway, and a follow-up reading a year of fifty meetings would otherwise keep
    // up to 16 MB of pages resident in the server for good.
    db.pragma('cache_size = -4000');
    const store = new SqliteStore(db, file, user, logger, options.clock ?? systemClock);
    // Made while writes work: on a full disk the probe must fail at its write, not at its table.
    store.collection(PROBE_COLLECTION);
    importNedbFiles(dataDir, db, store.importSink(), logger);
    store.startMaintenance();
    logger.info({ dataDir, file: DATABASE_FILE }, 'embedded document store (SQLite) open');
    return store;
  } catch (error) {
    db.close();
    user.release();
    throw error;
  }
}

/** Creates the directory owner-only, or takes group and other access away from an existing one. */
function privateDirectory(dir: string, logger: StoreLogger): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const { mode, uid } = fs.statSync(dir);
  if ((mode & 0o077) !== 0 && uid === process.getuid?.()) {
    fs.chmodSync(dir, DIR_MODE);
    logger.warn({ dataDir: dir, was: (mode & 0o777).toString(8) }, 'DATA_DIR was readable by others: made it owner-only (0700)');
  }
}

function privateFile(file: string, logger: StoreLogger): void {
  fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
  for (const existing of [file, `${file}-wal`, `${file}-shm`]) {
    const mode = fs.existsSync(existing) ? fs.statSync(existing).mode & 0o777 : FILE_MODE;
    if ((mode & 0o077) !== 0) {
      fs.chmodSync(existing, FILE_MODE);
      logger.warn({ file: path.basename(existing), was: mode.toString(8) }, 'a database file was readable by others: made it owner-only (0600)');
    }
  }
}

interface OpenTransaction {
  open: boolean;
  done: Promise<void>;
}

class SqliteStore implements DocumentStore {
  readonly kind = 'embedded' as const;
  readonly transactional = true;
  readonly listPaths: ListPaths;
  private readonly statements = new Map<string, Statement>();
  private readonly tables = new Set<string>();
  private readonly context = new AsyncLocalStorage<OpenTransaction>();
  private active: OpenTransaction | null = null;
  private closed = false;
  private optimizeTimer: NodeJS.Timeout | undefined;
  readonly writes: WriteHealth;

  constructor(
    readonly db: Db,
    private readonly file: string,
    private readonly user: Registration,
    logger: StoreLogger,
    clock: Clock,
  ) {
    this.listPaths = new ListPaths(db);
    this.writes = new WriteHealth({ logger, where: `DATA_DIR ${path.dirname(file)}`, probe: () => this.probeWrite(), now: () => clock.now().getTime() });
  }

  /** A real write of a modest size, and its removal, in a collection of its own (shaped like every other). */
  private async probeWrite(): Promise<void> {
    const probes = this.collection<{ _id: string; pad: string }>(PROBE_COLLECTION);
    await probes.replaceOne({ _id: 'probe', pad: 'x'.repeat(PROBE_BYTES) });
    await probes.deleteMany({});
  }

  /** Planner statistics now and every hour while the store is open. */
  startMaintenance(): void {
    this.optimize();
    this.optimizeTimer = setInterval(() => this.optimize(), OPTIMIZE_EVERY_MS);
    this.optimizeTimer.unref();
  }

  collection<T extends StoredDocument>(name: string): DocumentCollection<T> {
    assertCollectionName(name);
    // Inside an open transaction the table is made by the first operation (see ensureTable).
    if (!this.closed && !this.db.inTransaction) this.ensureTable(name);
    return new SqliteCollection<T>(this, name);
  }

  async ping(): Promise<void> {
    await this.run(() => {
      // The file itself, not just the open handle: a deleted or moved database is not healthy.
      fs.accessSync(this.file, fs.constants.R_OK | fs.constants.W_OK);
      this.statement('SELECT 1').get();
    });
  }

  async footprint(): Promise<StoreFootprint> {
    const size = async (file: string) => (await fs.promises.stat(file).catch(() => null))?.size ?? 0;
    const disk = await fs.promises.statfs(path.dirname(this.file));
    return { databaseBytes: await size(this.file), walBytes: await size(`${this.file}-wal`), freeBytes: disk.bavail * disk.bsize };
  }

  /** SQLite's `user_version` header field: written in the transaction that writes it, or not at all. */
  schemaVersion(): Promise<number> {
    return this.run(() => this.db.pragma('user_version', { simple: true }) as number);
  }

  async setSchemaVersion(version: number): Promise<void> {
    if (!Number.isInteger(version) || version < 0) throw new Error(`schema version must be a whole number ≥ 0, not ${version}`);
    await this.run(() => this.write('schema version', () => this.db.pragma(`user_version = ${version}`)));
  }

  async transaction<R>(work: () => Promise<R>): Promise<R> {
    if (this.context.getStore()?.open) return work();
    // Checked and taken in one synchronous step after the wait, so no other context slips in between.
    while (this.active !== null) await this.active.done;
    if (this.closed) throw new Error('embedded store is closed');
    let finish!: () => void;
    const transaction: OpenTransaction = { open: true, done: new Promise<void>((resolve) => (finish = resolve)) };
    this.active = transaction;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const result = await this.context.run(transaction, work);
      this.db.exec('COMMIT');
      this.writes.succeeded();
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw this.failedWrite(error);
    } finally {
      transaction.open = false;
      this.active = null;
      finish();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.active) await this.active.done;
    this.closed = true;
    clearInterval(this.optimizeTimer);
    this.optimize();
    this.db.close();
    this.user.release();
  }

  /**
   * Runs `op` when no transaction of another async context is open on this connection (its
   * statements would otherwise become part of that transaction).
   */
  async run<R>(op: () => R): Promise<R> {
    const mine = this.context.getStore();
    // As in `transaction`: `op` runs in the same synchronous step as the last check.
    while (this.active !== null && this.active !== mine) await this.active.done;
    if (this.closed) throw new Error('embedded store is closed');
    return op();
  }

  /**
   * `op` as one write transaction taken with BEGIN IMMEDIATE (a savepoint inside an open
   * transaction of this context); a unique-index clash in `collection` is a DuplicateKeyError.
   */
  write<R>(collection: string, op: () => R): R {
    const nested = this.db.inTransaction;
    try {
      // Taking the lock can fail too: another process held it past the wait, or the file is read-only.
      this.statement(nested ? 'SAVEPOINT write' : 'BEGIN IMMEDIATE').run();
      const result = op();
      this.statement(nested ? 'RELEASE write' : 'COMMIT').run();
      if (!nested) this.writes.succeeded();
      return result;
    } catch (error) {
      if (this.db.inTransaction) {
        if (nested) {
          this.statement('ROLLBACK TO write').run();
          this.statement('RELEASE write').run();
        } else {
          this.statement('ROLLBACK').run();
        }
      }
      throw this.failedWrite(duplicateKeyOr(error, collection));
    }
  }

  /**
   * A write failure of the store's own (disk full, read-only, I/O error, locked too long) as a
   * StoreWriteError, reported once to `writes`; any other error as it was.
   */
  private failedWrite(error: unknown): unknown {
    if (error instanceof StoreWriteError) return error;
    const cause = sqliteWriteFailure(error);
    if (!cause) return error;
    this.writes.failed(cause, error);
    return new StoreWriteError(cause, errorCode(error), error);
  }

  /**
   * One statement that writes one document. It is atomic by itself (a failing statement undoes its
   * own changes, also inside a transaction), so it needs a transaction of its own only when the
   * document holds a list at a path not recorded yet, which must be recorded with it.
   */
  writeOne(collection: string, listPaths: readonly string[], statement: () => unknown): void {
    this.ensureTable(collection);
    const unknown = this.listPaths.unknown(collection, listPaths);
    if (unknown.length > 0) {
      this.write(collection, () => {
        statement();
        this.listPaths.note(collection, unknown);
      });
      return;
    }
    try {
      statement();
      if (!this.db.inTransaction) this.writes.succeeded();
    } catch (error) {
      throw this.failedWrite(duplicateKeyOr(error, collection));
    }
  }

  /**
   * Runs a read compiled against the collection's list paths as last seen, again if another
   * process has stored a list at a new path since (the paths only grow, so a set unchanged after
   * the read was right during it).
   */
  read<R>(collection: string, terms: readonly FilterTerm[], op: (compiled: CompiledFilter, listPaths: ReadonlySet<string>) => R): R {
    for (let listPaths = this.listPaths.known(collection); ; ) {
      const result = op(compileFilter(terms, listPaths), listPaths);
      const now = this.listPaths.of(collection);
      if (now === listPaths) return result;
      listPaths = now;
    }
  }

  statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Map order is insertion order: re-inserting keeps the most used statements at the end.
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  /**
   * Creates the collection's table unless this process knows it exists. Inside a transaction the
   * creation is not remembered: a rollback would undo it.
   */
  ensureTable(name: string): void {
    if (this.tables.has(name)) return;
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table(name)} (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
    if (!this.db.inTransaction) this.tables.add(name);
  }

  /** Refreshes the planner's statistics where they are missing or stale; bounded in time. */
  optimize(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('analysis_limit = 1000');
      this.db.pragma('optimize = 0x10002');
    } catch {
      // Busy with another process's write: statistics can wait for the next round.
    }
  }

  /** Where the import of an earlier version's nedb files writes (nedbImport.ts), inside its transaction. */
  importSink(): ImportSink {
    return {
      prepare: (collection) => this.ensureTable(collection),
      upsert: (collection, doc) => {
        const { text, listPaths } = encodeDocument(doc, collection);
        this.statement(`INSERT INTO ${table(collection)} (_id, doc) VALUES (?, ?) ON CONFLICT(_id) DO UPDATE SET doc = excluded.doc`).run(doc._id, text);
        this.listPaths.note(collection, listPaths);
      },
      remove: (collection, id) => void this.statement(`DELETE FROM ${table(collection)} WHERE _id = ?`).run(id),
    };
  }
}

class SqliteCollection<T extends StoredDocument> implements DocumentCollection<T> {
  private readonly table: string;

  constructor(
    private readonly store: SqliteStore,
    private readonly name: string,
  ) {
    this.table = table(name);
  }

  async ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    const wanted = indexes.map((index) => ({ name: `${this.name}__${index.name}`, sql: this.indexSql(index) }));
    await this.store.run(() =>
      this.store.write(this.name, () => {
        this.store.ensureTable(this.name);
        let created = false;
        for (const index of wanted) {
          const existing = this.store.statement(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).pluck().get(index.name) as string | undefined;
          if (existing === index.sql) continue;
          // Same name, other definition (a field added, made unique): built anew.
          if (existing !== undefined) this.store.db.exec(`DROP INDEX "${index.name}"`);
          this.store.db.exec(index.sql);
          created = true;
        }
        return created;
      }),
    ).then((created) => created && this.store.optimize());
  }

  async dropIndexes(names: readonly string[]): Promise<void> {
    for (const name of names) assertIndexName(name);
    await this.store.run(() =>
      this.store.write(this.name, () => {
        for (const name of names) this.store.db.exec(`DROP INDEX IF EXISTS "${this.name}__${name}"`);
      }),
    );
  }

  private indexSql(index: IndexSpec): string {
    assertIndexName(index.name);
    const fields = Object.entries(index.fields);
    if (fields.length === 0) throw new Error(`index ${index.name} of ${this.name} has no fields`);
    const columns = fields.map(([field, direction]) => {
      assertFieldPath(field, `index ${index.name} of ${this.name}`);
      if (direction !== 1 && direction !== -1) throw new Error(`index ${index.name}: direction of ${field} must be 1 or -1`);
      return `${fieldExpression(field)}${direction === -1 ? ' DESC' : ''}`;
    });
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX "${this.name}__${index.name}" ON ${this.table} (${columns.join(', ')})`;
  }

  async insertOne(doc: T): Promise<void> {
    const { id, text, listPaths } = this.encoded(doc);
    await this.store.run(() => this.store.writeOne(this.name, listPaths, () => this.store.statement(`INSERT INTO ${this.table} (_id, doc) VALUES (?, ?)`).run(id, text)));
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.select(filter, { limit: 1 }))[0] ?? null;
  }

  find<const P extends string>(filter: Filter, options: FindOptions & { projection: readonly P[] }): Promise<Projected<T, P>[]>;
  find(filter: Filter, options?: FindOptions & { projection?: undefined }): Promise<T[]>;
  find(filter: Filter, options: FindOptions = {}): Promise<unknown[]> {
    return this.select(filter, options);
  }

  private async select(filter: Filter, options: FindOptions): Promise<T[]> {
    const terms = filterTerms(filter, this.name);
    const keys = sortKeys(options.sort ?? {}, this.name);
    assertLimit(options.limit);
    const projection = options.projection === undefined ? null : projectionPaths(options.projection, this.name);
    // As in MongoDB, a limit of 0 is no limit.
    const limit = options.limit || null;
    return this.store.run(() =>
      this.store.read(this.name, terms, (compiled, listPaths) => {
        this.store.ensureTable(this.name);
        const sortInMemory = keys.some((key) => touchesList(key.path, listPaths));
        const inSql = compiled.inMemory.length === 0 && !sortInMemory;
        // The limit is a checked whole number, written as a literal: a bound LIMIT makes SQLite
        // several times slower on these small queries.
        const tail = `${compileSort(keys)}${limit === null ? '' : ` LIMIT ${limit}`}`;
        if (inSql && projection !== null && projectsInSql(projection, listPaths)) {
          const fields = compileProjection(projection);
          const statement = this.store.statement(`SELECT _id${fields.columns === '' ? '' : `, ${fields.columns}`} FROM ${this.table} WHERE ${compiled.where}${tail}`).raw();
          return (statement.all(...compiled.params) as unknown[][]).map((row) => fields.build(row) as T);
        }
        let docs: Doc[];
        if (inSql) {
          const statement = this.store.statement(`SELECT doc FROM ${this.table} WHERE ${compiled.where}${tail}`).pluck();
          if (limit === 1) {
            const text = statement.get(...compiled.params) as string | undefined;
            docs = text === undefined ? [] : [decodeDocument<Doc>(text)];
          } else {
            docs = (statement.all(...compiled.params) as string[]).map((text) => decodeDocument<Doc>(text));
          }
        } else {
          const sql = `SELECT doc FROM ${this.table} WHERE ${compiled.where}${sortInMemory ? '' : compileSort(keys)}`;
          docs = (this.store.statement(sql).pluck().all(...compiled.params) as string[])
            .map((text) => decodeDocument<Doc>(text))
            .filter((doc) => matchesAll(doc, compiled.inMemory));
          if (sortInMemory) docs.sort((a, b) => compareDocuments(a, b, keys));
          if (limit !== null) docs = docs.slice(0, limit);
        }
        if (projection !== null) {
          const tree = projectionTree(projection);
          docs = docs.map((doc) => projectDocument(doc, tree));
        }
        return docs as T[];
      }),
    );
  }

  async updateOne(filter: Filter, update: Update<T>): Promise<number> {
    const terms = filterTerms(filter, this.name);
    const modifier = toStorableUpdate(update, this.name);
    return this.store.run(() =>
      this.store.write(this.name, () => {
        this.store.ensureTable(this.name);
        // Inside the write lock: what is matched here is what is changed, across processes too.
        const target = this.matching(terms, 1)[0];
        if (!target) return 0;
        applyUpdate(target.doc, modifier, this.name);
        const { text, listPaths } = encodeDocument(target.doc, this.name);
        this.store.statement(`UPDATE ${this.table} SET doc = ? WHERE rowid = ?`).run(text, target.rowid);
        this.store.listPaths.note(this.name, listPaths);
        return 1;
      }),
    );
  }

  async replaceOne(doc: T): Promise<void> {
    const { id, text, listPaths } = this.encoded(doc);
    await this.store.run(() =>
      this.store.writeOne(this.name, listPaths, () =>
        this.store.statement(`INSERT INTO ${this.table} (_id, doc) VALUES (?, ?) ON CONFLICT(_id) DO UPDATE SET doc = excluded.doc`).run(id, text),
      ),
    );
  }

  async deleteMany(filter: Filter): Promise<number> {
    const terms = filterTerms(filter, this.name);
    return this.store.run(() =>
      this.store.write(this.name, () => {
        this.store.ensureTable(this.name);
        const compiled = compileFilter(terms, this.store.listPaths.of(this.name));
        if (compiled.inMemory.length === 0) return this.store.statement(`DELETE FROM ${this.table} WHERE ${compiled.where}`).run(...compiled.params).changes;
        const doomed = this.matching(terms, null);
        const remove = this.store.statement(`DELETE FROM ${this.table} WHERE rowid = ?`);
        for (const { rowid } of doomed) remove.run(rowid);
        return doomed.length;
      }),
    );
  }

  async count(filter: Filter): Promise<number> {
    const terms = filterTerms(filter, this.name);
    return this.store.run(() =>
      this.store.read(this.name, terms, (compiled) => {
        this.store.ensureTable(this.name);
        if (compiled.inMemory.length === 0) return this.store.statement(`SELECT count(*) FROM ${this.table} WHERE ${compiled.where}`).pluck().get(...compiled.params) as number;
        const texts = this.store.statement(`SELECT doc FROM ${this.table} WHERE ${compiled.where}`).pluck().all(...compiled.params) as string[];
        return texts.filter((text) => matchesAll(decodeDocument<Doc>(text), compiled.inMemory)).length;
      }),
    );
  }

  /** Documents matching `terms` with their rowids, at most `limit`; call inside a write transaction. */
  private matching(terms: readonly FilterTerm[], limit: number | null): { rowid: number; doc: Doc }[] {
    const compiled = compileFilter(terms, this.store.listPaths.of(this.name));
    const sqlLimit = compiled.inMemory.length === 0 && limit !== null;
    const sql = `SELECT rowid, doc FROM ${this.table} WHERE ${compiled.where}${sqlLimit ? ` LIMIT ${limit}` : ''}`;
    const rows = this.store.statement(sql).all(...compiled.params) as { rowid: number; doc: string }[];
    const found: { rowid: number; doc: Doc }[] = [];
    for (const row of rows) {
      const doc = decodeDocument<Doc>(row.doc);
      if (!matchesAll(doc, compiled.inMemory)) continue;
      found.push({ rowid: row.rowid, doc });
      if (limit !== null && found.length >= limit) break;
    }
    return found;
  }

  private encoded(doc: T): { id: string } & EncodedDocument {
    const id: unknown = doc._id;
    if (typeof id !== 'string' || id === '') throw new Error(`a document in ${this.name} needs a non-empty string _id`);
    return { id, ...encodeDocument(doc, this.name) };
  }
}

/** Collection names are checked (documentRules.ts) before they get here; quoted for the "-" they may hold. */
function table(name: string): string {
  return `"${name}"`;
}

/** A unique-index clash as the contract's DuplicateKeyError; anything else as it was. */
function duplicateKeyOr(error: unknown, collection: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ? new DuplicateKeyError(collection, error) : error;
}
