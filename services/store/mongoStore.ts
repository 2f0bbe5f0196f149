// The `mongodb` store: the official driver, for installs with a MongoDB (or Cosmos DB for MongoDB).

import { AsyncLocalStorage } from 'node:async_hooks';
import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  type ClientSession,
  type Collection,
  type Db,
  type Document,
  type Filter as MongoFilter,
  type UpdateFilter,
} from 'mongodb';
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
import { errorCode, StoreWriteError, type WriteFailureCause } from './writeFailures';
import { WriteHealth } from './writeHealth';
import { systemClock, type Clock } from '../time/clock';
// The same document rules as the embedded store, so code tested on one store behaves on the other.
import { assertCollectionName, assertLimit, filterTerms, projectionPaths, sortKeys, toStorable, toStorableUpdate } from './documentRules';

const DEFAULT_DB_NAME = 'samordna';
/** Where the layout's version is kept (migrations.ts): one document in a collection of its own. */
const SCHEMA_COLLECTION = 'schema';
const SCHEMA_DOCUMENT = 'version';
/** What /healthz writes while writes fail (writeHealth.ts). */
const PROBE_COLLECTION = 'writeProbe';

/** MongoDB's error codes that mean the deployment cannot take writes now, rather than a bad request. */
const UNAVAILABLE_CODES = new Set([
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
]);

export function mongoWriteFailure(error: unknown): WriteFailureCause | null {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError || error instanceof MongoNotConnectedError) return 'unavailable';
  if (!(error instanceof MongoServerError)) return null;
  if (error.code === 14031) return 'disk_full'; // OutOfDiskSpace
  if (error.code === 16500) return 'busy'; // Cosmos DB: request rate too large
  return typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code) ? 'unavailable' : null;
}

/** Runs a write, telling `writes` how it went; a store failure comes out as a StoreWriteError. */
async function withWriteHealth<R>(writes: WriteHealth, op: () => Promise<R>): Promise<R> {
  try {
    const result = await op();
    writes.succeeded();
    return result;
  } catch (error) {
    const cause = mongoWriteFailure(error);
    if (!cause) throw error;
    writes.failed(cause, error);
    throw new StoreWriteError(cause, errorCode(error) ?? (error instanceof MongoServerError ? String(error.code) : null), error);
  }
}

export async function openMongoStore(options: { uri: string; dbName?: string; logger?: StoreLogger; clock?: Clock }): Promise<DocumentStore> {
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: 5000,
    // Optional fields left undefined are omitted instead of stored as null.
    ignoreUndefined: true,
    // A write that resolved is on a majority of members' journals: it survives a primary failover.
    writeConcern: { w: 'majority', journal: true },
    appName: 'samordna',
  });
  try {
    await client.connect();
    const db = client.db(options.dbName ?? dbNameFromUri(options.uri) ?? DEFAULT_DB_NAME);
    const hello = await db.command({ hello: 1 });
    // Multi-document transactions need a replica set or a sharded cluster (mongos).
    const transactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
    return new MongoStore(client, db, transactions, options.logger ?? SILENT_STORE_LOGGER, options.clock ?? systemClock);
  } catch (err) {
    await client.close();
    throw err;
  }
}

/** The database named in the URI's path (`mongodb://host/name?…`), if any. */
export function dbNameFromUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = match ? decodeURIComponent(match[1]) : '';
  return name === '' ? null : name;
}

/** The session of the transaction an operation belongs to, and the first error it met. */
interface OpenTransaction {
  session: ClientSession;
  failed: { error: unknown } | null;
}

class MongoStore implements DocumentStore {
  readonly kind = 'mongodb' as const;
  private readonly context = new AsyncLocalStorage<OpenTransaction>();
  readonly writes: WriteHealth;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    readonly transactional: boolean,
    logger: StoreLogger,
    clock: Clock,
  ) {
    this.writes = new WriteHealth({
      logger,
      now: () => clock.now().getTime(),
      where: `MongoDB database ${db.databaseName}`,
      probe: () => this.collection<{ _id: string; at: Date }>(PROBE_COLLECTION).replaceOne({ _id: 'probe', at: new Date() }),
    });
  }

  collection<T extends StoredDocument>(name: string): DocumentCollection<T> {
    assertCollectionName(name);
    return new MongoCollection<T>(this.db.collection(name), () => this.context.getStore(), this.writes);
  }

  async transaction<R>(work: () => Promise<R>): Promise<R> {
    if (this.context.getStore() || !this.transactional) return work();
    const session = this.client.startSession({ defaultTransactionOptions: { writeConcern: { w: 'majority', journal: true } } });
    try {
      return await withWriteHealth(this.writes, () => session.withTransaction(async () => {
        const transaction: OpenTransaction = { session, failed: null };
        const result = await this.context.run(transaction, work);
        // An error caught inside `work` (an idempotent insert swallowing its DuplicateKeyError, say)
        // has aborted the transaction on the server; rethrown, so the driver does not retry forever.
        if (transaction.failed) throw transaction.failed.error;
        return result;
      }));
    } finally {
      await session.endSession();
    }
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async footprint(): Promise<StoreFootprint> {
    const stats = await this.db.stats();
    const number = (value: unknown) => (typeof value === 'number' ? value : 0);
    // fsTotalSize/fsUsedSize: the file system of the server's data, where the server reports it.
    const free = typeof stats.fsTotalSize === 'number' && typeof stats.fsUsedSize === 'number' ? stats.fsTotalSize - stats.fsUsedSize : null;
    return { databaseBytes: number(stats.storageSize) + number(stats.indexSize), walBytes: null, freeBytes: free };
  }

  async schemaVersion(): Promise<number> {
    const found = await this.collection<{ _id: string; version: number }>(SCHEMA_COLLECTION).findOne({ _id: SCHEMA_DOCUMENT });
    return found?.version ?? 0;
  }

  async setSchemaVersion(version: number): Promise<void> {
    if (!Number.isInteger(version) || version < 0) throw new Error(`schema version must be a whole number ≥ 0, not ${version}`);
    await this.collection<{ _id: string; version: number; updatedAt: Date }>(SCHEMA_COLLECTION).replaceOne({ _id: SCHEMA_DOCUMENT, version, updatedAt: new Date() });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

class MongoCollection<T extends StoredDocument> implements DocumentCollection<T> {
  constructor(
    private readonly coll: Collection<Document>,
    private readonly transaction: () => OpenTransaction | undefined,
    private readonly writes: WriteHealth,
  ) {}

  /** Options that put an operation into the open transaction of its async context, if any. */
  private get session(): { session?: ClientSession } {
    const open = this.transaction();
    return open ? { session: open.session } : {};
  }

  async ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    if (indexes.length === 0) return;
    await this.write(() =>
      this.coll.createIndexes(
        indexes.map((index) => ({ key: { ...index.fields }, name: index.name, unique: index.unique ?? false })),
        this.session,
      ),
    );
  }

  async dropIndexes(names: readonly string[]): Promise<void> {
    const existing = new Set((await this.read(() => this.coll.listIndexes(this.session).toArray().catch(noIndexesWithoutCollection))).map((index) => index['name'] as string));
    for (const name of names.filter((candidate) => existing.has(candidate))) await this.write(() => this.coll.dropIndex(name, this.session));
  }

  async insertOne(doc: T): Promise<void> {
    const stored = toStorable(doc, this.coll.collectionName, '') as Document;
    await this.write(() => this.coll.insertOne(stored, this.session));
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.read(() => this.coll.findOne(this.checked(filter), this.session))) as T | null;
  }

  find<const P extends string>(filter: Filter, options: FindOptions & { projection: readonly P[] }): Promise<Projected<T, P>[]>;
  find(filter: Filter, options?: FindOptions & { projection?: undefined }): Promise<T[]>;
  async find(filter: Filter, options: FindOptions = {}): Promise<unknown[]> {
    const query = this.checked(filter);
    const sort = options.sort ? sortKeys(options.sort, this.coll.collectionName) : [];
    assertLimit(options.limit);
    const paths = options.projection === undefined ? null : projectionPaths(options.projection, this.coll.collectionName);
    // An empty projection would mean the whole document to MongoDB; to the contract it means `_id` alone.
    const projection = paths === null ? undefined : paths.length === 0 ? { _id: 1 } : Object.fromEntries(paths.map((path) => [path, 1]));
    let cursor = this.coll.find(query, { ...this.session, ...(projection ? { projection } : {}) });
    if (sort.length > 0) cursor = cursor.sort(Object.fromEntries(sort.map(({ path, direction }) => [path, direction])));
    if (options.limit) cursor = cursor.limit(options.limit);
    return await this.read(() => cursor.toArray());
  }

  async updateOne(filter: Filter, update: Update<T>): Promise<number> {
    const query = this.checked(filter);
    const modifier = toStorableUpdate(update, this.coll.collectionName) as UpdateFilter<Document>;
    const result = await this.write(() => this.coll.updateOne(query, modifier, this.session));
    return result.matchedCount;
  }

  async replaceOne(doc: T): Promise<void> {
    const stored = toStorable(doc, this.coll.collectionName, '') as Document;
    await this.write(() => this.coll.replaceOne(this.checked({ _id: doc._id }), stored, { upsert: true, ...this.session }));
  }

  async deleteMany(filter: Filter): Promise<number> {
    const query = this.checked(filter);
    const result = await this.write(() => this.coll.deleteMany(query, this.session));
    return result.deletedCount;
  }

  async count(filter: Filter): Promise<number> {
    const query = this.checked(filter);
    return await this.read(() => this.coll.countDocuments(query, this.session));
  }

  /**
   * Our filter language is a subset of MongoDB's, so a checked filter passes through unchanged;
   * the check keeps anything else (`$where`, `$expr`, operator objects in values) from the server.
   */
  private checked(filter: Filter): MongoFilter<Document> {
    filterTerms(filter, this.coll.collectionName);
    return filter as MongoFilter<Document>;
  }

  private async read<R>(op: () => Promise<R>): Promise<R> {
    try {
      return await op();
    } catch (err) {
      this.noteFailure(err);
      throw err;
    }
  }

  private async write<R>(op: () => Promise<R>): Promise<R> {
    try {
      // Inside a transaction the commit decides; transaction() reports it.
      return this.transaction() ? await op() : await withWriteHealth(this.writes, op);
    } catch (err) {
      this.noteFailure(err);
      if (err instanceof MongoServerError && err.code === 11000) {
        throw new DuplicateKeyError(this.coll.collectionName, err);
      }
      throw err;
    }
  }

  private noteFailure(error: unknown): void {
    const open = this.transaction();
    if (open && !open.failed) open.failed = { error };
  }
}

/** A collection not yet created has no indexes; MongoDB answers NamespaceNotFound (26) instead. */
function noIndexesWithoutCollection(error: unknown): Document[] {
  if (error instanceof MongoServerError && error.code === 26) return [];
  throw error;
}
