// Which field paths of a collection have ever held a list, shared by every process on the file.
//
// A condition on such a path needs MongoDB's list semantics (`{tags: 'y'}` matches `tags:
// ['x','y']`), which the store checks in memory (documentMatch.ts); every other condition stays
// plain SQL, where the expression indexes apply. The table only grows — a path is recorded in the
// transaction that first stores a list there — so a set read once stays true until another
// connection commits, which SQLite's `data_version` tells.

import type { Database, Statement } from 'better-sqlite3';

/** Where the store records the paths at which a collection has stored lists. */
export const LIST_PATHS_TABLE = '_list_paths';

export class ListPaths {
  private readonly byCollection = new Map<string, Set<string>>();
  private readonly dataVersion: Statement<[], number>;
  private readonly selectAll: Statement<[], { collection: string; path: string }>;
  private readonly insert: Statement<[string, string]>;
  private seenVersion = -1;

  constructor(db: Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${LIST_PATHS_TABLE} (collection TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (collection, path)) WITHOUT ROWID`);
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.selectAll = db.prepare<[], { collection: string; path: string }>(`SELECT collection, path FROM ${LIST_PATHS_TABLE}`);
    this.insert = db.prepare<[string, string]>(`INSERT OR IGNORE INTO ${LIST_PATHS_TABLE} (collection, path) VALUES (?, ?)`);
    this.of('');
  }

  /**
   * The list paths of `collection` as of now. The same Set object comes back as long as nothing
   * changed, so a reader can tell whether a set it compiled a query with is still current.
   */
  of(collection: string): ReadonlySet<string> {
    const version = this.dataVersion.get()!;
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.reload();
    }
    return this.setOf(collection);
  }

  /**
   * The paths as of the last call of `of`, without asking SQLite. Enough to compile a read with,
   * if `of` is asked after the read (see sqliteStore.ts `read`): if nothing was committed by
   * another connection between the two calls, the set was right all along.
   */
  known(collection: string): ReadonlySet<string> {
    return this.setOf(collection);
  }

  /** Paths of `found` not recorded yet: a write that has any must record them in its transaction. */
  unknown(collection: string, found: readonly string[]): string[] {
    if (found.length === 0) return [];
    const known = this.setOf(collection);
    return found.filter((path) => !known.has(path));
  }

  /** Records list paths (see `unknown`); call inside the write transaction that stores them. */
  note(collection: string, paths: readonly string[]): void {
    const known = this.setOf(collection);
    const fresh = paths.filter((path) => !known.has(path));
    if (fresh.length === 0) return;
    for (const path of fresh) this.insert.run(collection, path);
    // A new Set, so readers holding the old one see the change.
    this.byCollection.set(collection, new Set([...known, ...fresh]));
  }

  private setOf(collection: string): Set<string> {
    let paths = this.byCollection.get(collection);
    if (!paths) {
      paths = new Set();
      this.byCollection.set(collection, paths);
    }
    return paths;
  }

  private reload(): void {
    const fresh = new Map<string, string[]>();
    for (const { collection, path } of this.selectAll.iterate()) {
      const paths = fresh.get(collection) ?? [];
      paths.push(path);
      fresh.set(collection, paths);
    }
    for (const [collection, paths] of fresh) {
      const known = this.byCollection.get(collection);
      // Unchanged sets are kept as they are (see `of`). A path noted by a transaction that was
      // rolled back is in `known` but not in the table, so sizes alone do not tell.
      if (!known || known.size !== paths.length || !paths.every((path) => known.has(path))) this.byCollection.set(collection, new Set(paths));
    }
  }
}
