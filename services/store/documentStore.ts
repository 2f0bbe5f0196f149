// The small slice of MongoDB's query language both stores speak. Repositories are written once
// against it; `embedded` (SQLite, services/store/sqliteStore.ts) and `mongodb` (official driver)
// implement it, and tests/store/documentStore.contract.ts holds both to it.
import type { WriteHealth } from './writeHealth';

export interface StoredDocument {
  _id: string;
}

type Comparable = string | number | Date | boolean | null;

export type FieldCondition =
  | Comparable
  | { $in: Comparable[] }
  | { $ne: Comparable }
  | { $lt: Comparable }
  | { $lte: Comparable }
  | { $gt: Comparable }
  | { $gte: Comparable }
  | { $gte: Comparable; $lt: Comparable }
  | { $exists: boolean };

/** Equality or one operator per field; dotted paths allowed for nested fields. */
export type Filter = Readonly<Record<string, FieldCondition>>;

export interface Update<T> {
  $set?: Partial<T> | Record<string, unknown>;
  $inc?: Record<string, number>;
  $unset?: Record<string, true>;
}

export interface FindOptions {
  sort?: Readonly<Record<string, 1 | -1>>;
  limit?: number;
  /**
   * Only these fields come back (dotted paths; `_id` always does), for reads of many documents
   * that need a few fields of each: the rest — sealed values above all — is neither sent to nor
   * parsed by this process. As in MongoDB, a field the document lacks is absent from the result
   * (not null), a parent that is not an object is left out, a path through a list projects each
   * object in it, and one path inside another (`a` with `a.b`) is refused.
   */
  projection?: readonly string[];
}

/** Every field optional, down to the leaves; for a projection whose paths are not known literally. */
export type DeepPartial<T> = T extends Date
  ? T
  : T extends readonly (infer E)[]
    ? DeepPartial<E>[]
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

type PathHead<P extends string> = P extends `${infer H}.${string}` ? H : P;
type PathRest<P extends string, K extends string> = P extends `${K}.${infer R}` ? R : never;

/**
 * The part of `T` that the paths `P` select. A field named in full keeps its type and whether it
 * is optional; a parent reached on the way is optional, because a document whose parent is null
 * (or not an object) comes back without it.
 */
export type PickPaths<T, P extends string> = T extends Date
  ? never
  : T extends readonly (infer E)[]
    ? PickPaths<E, P>[]
    : T extends object
      ? { [K in keyof T as K extends P ? K : never]: T[K] } & {
          [K in keyof T as K extends P ? never : K extends PathHead<P> ? K : never]+?: PickPaths<NonNullable<T[K]>, PathRest<P, K & string>>;
        }
      : never;

/** What a find with a `projection` returns for each document. */
export type Projected<T extends StoredDocument, P extends string> = string extends P
  ? DeepPartial<T> & { _id: string }
  : { _id: string } & PickPaths<T, P>;

export interface IndexSpec {
  name: string;
  fields: Readonly<Record<string, 1 | -1>>;
  unique?: boolean;
}

export class DuplicateKeyError extends Error {
  constructor(readonly collection: string, cause?: unknown) {
    super(`duplicate key in ${collection}`, { cause });
    this.name = 'DuplicateKeyError';
  }
}

export interface DocumentCollection<T extends StoredDocument> {
  ensureIndexes(indexes: readonly IndexSpec[]): Promise<void>;
  /** Removes indexes no longer in the collection's specs; a name the collection lacks is passed over. */
  dropIndexes(names: readonly string[]): Promise<void>;
  /** Durable when it resolves. Throws DuplicateKeyError on a unique-index clash. */
  insertOne(doc: T): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  /** With a `projection`: each document cut down to those fields (`Projected`), never the whole of it. */
  find<const P extends string>(filter: Filter, options: FindOptions & { projection: readonly P[] }): Promise<Projected<T, P>[]>;
  find(filter: Filter, options?: FindOptions & { projection?: undefined }): Promise<T[]>;
  /** Atomic; resolves to the number of documents matched (0 or 1). */
  updateOne(filter: Filter, update: Update<T>): Promise<number>;
  /** Replaces the document with `doc._id`, inserting it when absent. */
  replaceOne(doc: T): Promise<void>;
  deleteMany(filter: Filter): Promise<number>;
  count(filter: Filter): Promise<number>;
}

export type StoreKind = 'embedded' | 'mongodb';

/** How much room the store takes and has left (the metrics); null where a store cannot tell. */
export interface StoreFootprint {
  databaseBytes: number;
  /** The embedded store's write-ahead log. */
  walBytes: number | null;
  /** Free space for the store's files, as an unprivileged process may use it. */
  freeBytes: number | null;
}

export interface StoreLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** For stores opened by tests and tools that log nothing. */
export const SILENT_STORE_LOGGER: StoreLogger = { warn: () => undefined, info: () => undefined, error: () => undefined };

export interface DocumentStore {
  readonly kind: StoreKind;
  collection<T extends StoredDocument>(name: string): DocumentCollection<T>;
  /**
   * Runs `work` as one transaction: every operation on this store's collections awaited inside
   * it (in its async context) commits together when `work` resolves, or not at all when it
   * throws. Keep it short and free of network calls: until it ends, the embedded store holds the
   * database's write lock and this process's other operations on the store wait. A failed write
   * inside (a DuplicateKeyError, say) may abort the whole transaction on MongoDB, so treat any
   * error as the end of it. MongoDB may run `work` again after a transient error, so it should
   * only write to the store. A nested call joins the outer transaction. On a MongoDB without
   * transactions (a standalone server) the writes are made one after the other, as without it,
   * which is why callers still order their writes so that a crash between two is harmless.
   */
  transaction<R>(work: () => Promise<R>): Promise<R>;
  /** False on a MongoDB without transactions, where `transaction` writes one after the other. */
  readonly transactional: boolean;
  /**
   * Whether writes work (writeHealth.ts). A write that fails because of the store itself — a full
   * disk, a read-only file system, an I/O error — throws a StoreWriteError and is reported here.
   */
  readonly writes: WriteHealth;
  /** Resolves when the store answers; rejects otherwise (drives /healthz). */
  ping(): Promise<void>;
  footprint(): Promise<StoreFootprint>;
  /** The version of the stored layout (migrations.ts); 0 for a store that never recorded one. */
  schemaVersion(): Promise<number>;
  /** Records the layout's version; inside a transaction, as part of it. */
  setSchemaVersion(version: number): Promise<void>;
  close(): Promise<void>;
}
