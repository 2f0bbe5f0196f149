import type { Database } from 'better-sqlite3';
import type { DocumentStore } from '../../services/store/documentStore';

const NO_LIMIT = 1_073_741_823;

/**
 * Makes the embedded store's database full, as a full disk does: SQLite refuses every write that
 * needs a page more with SQLITE_FULL ("database or disk is full"). The pages there are filled up
 * first, so even a small insert finds no room. Returns the way back: room again, the filler gone.
 */
export function fillStore(store: DocumentStore): () => void {
  const db = (store as unknown as { db: Database }).db;
  db.exec('CREATE TABLE IF NOT EXISTS test_filler (b BLOB NOT NULL)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const insert = db.prepare('INSERT INTO test_filler (b) VALUES (zeroblob(?))');
  for (const size of [3000, 500, 50, 1]) {
    for (;;) {
      try {
        insert.run(size);
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
        break;
      }
    }
  }
  return () => {
    db.pragma(`max_page_count = ${NO_LIMIT}`);
    db.exec('DROP TABLE test_filler');
  };
}

/** Makes the embedded store refuse writes as a read-only file system does (SQLITE_READONLY). */
export function makeStoreReadOnly(store: DocumentStore): () => void {
  const db = (store as unknown as { db: Database }).db;
  db.pragma('query_only = ON');
  return () => void db.pragma('query_only = OFF');
}
