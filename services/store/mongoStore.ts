// The `mongodb` store: the official driver, for installs with a MongoDB (or Cosmos DB for MongoDB).

import {
  MongoClient,
  MongoServerError,
  type Collection,
  type Db,
  type Document,
  type Filter as MongoFilter,
  type UpdateFilter,
} from 'mongodb';
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
// The same document rules as the embedded store, so code tested on one store behaves on the other.
import { assertCollectionName, toStorable, toStorableUpdate } from './embeddedStore';

const DEFAULT_DB_NAME = 'samordna';

export async function openMongoStore(options: { uri: string; dbName?: string }): Promise<DocumentStore> {
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
    await db.command({ ping: 1 });
    return new MongoStore(client, db);
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

class MongoStore implements DocumentStore {
  readonly kind = 'mongodb' as const;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  collection<T extends StoredDocument>(name: string): DocumentCollection<T> {
    assertCollectionName(name);
    return new MongoCollection<T>(this.db.collection(name));
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

class MongoCollection<T extends StoredDocument> implements DocumentCollection<T> {
  constructor(private readonly coll: Collection<Document>) {}

  async ensureIndexes(indexes: readonly IndexSpec[]): Promise<void> {
    if (indexes.length === 0) return;
    await this.write(() =>
      this.coll.createIndexes(
        indexes.map((index) => ({ key: { ...index.fields }, name: index.name, unique: index.unique ?? false })),
      ),
    );
  }

  async insertOne(doc: T): Promise<void> {
    const stored = toStorable(doc, this.coll.collectionName, '') as Document;
    await this.write(() => this.coll.insertOne(stored));
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.coll.findOne(toMongoFilter(filter))) as T | null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.coll.find(toMongoFilter(filter));
    if (options.sort) cursor = cursor.sort({ ...options.sort });
    if (options.limit) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as unknown as T[];
  }

  async updateOne(filter: Filter, update: Update<T>): Promise<number> {
    const modifier = toStorableUpdate(update, this.coll.collectionName) as UpdateFilter<Document>;
    const result = await this.write(() => this.coll.updateOne(toMongoFilter(filter), modifier));
    return result.matchedCount;
  }

  async replaceOne(doc: T): Promise<void> {
    const stored = toStorable(doc, this.coll.collectionName, '') as Document;
    await this.write(() => this.coll.replaceOne(toMongoFilter({ _id: doc._id }), stored, { upsert: true }));
  }

  async deleteMany(filter: Filter): Promise<number> {
    const result = await this.coll.deleteMany(toMongoFilter(filter));
    return result.deletedCount;
  }

  async count(filter: Filter): Promise<number> {
    return await this.coll.countDocuments(toMongoFilter(filter));
  }

  private async write<R>(op: () => Promise<R>): Promise<R> {
    try {
      return await op();
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) {
        throw new DuplicateKeyError(this.coll.collectionName, err);
      }
      throw err;
    }
  }
}

/** Our filter language is a subset of MongoDB's, so it passes through unchanged. */
function toMongoFilter(filter: Filter): MongoFilter<Document> {
  return filter as MongoFilter<Document>;
}
