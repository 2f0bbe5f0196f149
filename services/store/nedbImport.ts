// The upgrade from the embedded store of earlier versions: one nedb file per collection in
// DATA_DIR (`cases.db`, `audit.db`, …). At start-up every such file is imported into the SQLite
// database once, in one transaction, and then renamed (`cases.db` → `cases.db.imported-nedb`),
// so the original stays on disk and a second start finds nothing to do.
//
// nedb's file format (as its persistence layer writes and reads it): one JSON document per line,
// appended on every write, so a later line for the same `_id` replaces an earlier one;
// `{"$$deleted":true,"_id":…}` removes the document; `{"$$indexCreated":{…}}` and
// `{"$$indexRemoved":…}` lines are index definitions, not documents (the repositories create
// this store's indexes); Dates are `{"$$date":<ms since epoch>}`. A last line without its newline
// is an append a crash cut short (a write nobody was told had succeeded) and is dropped. nedb
// skipped other unreadable lines unless more than 10 % were unreadable; so does the import.
// `name.db~` alone is a compaction that was interrupted before its rename: nedb used it, and so
// does the import.
//
// Idempotent: the SHA-256 of each imported file (name and content) is recorded in the same
// transaction as its documents, so a crash between the commit and the rename imports nothing twice.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { StoreLogger } from './documentStore';

export interface ImportSink {
  /** Makes sure the collection's table exists. */
  prepare(collection: string): void;
  /** Stores `doc` (checked as every stored document is), replacing one with the same `_id`. */
  upsert(collection: string, doc: Record<string, unknown>): void;
  remove(collection: string, id: string): void;
}

export class NedbImportError extends Error {
  override name = 'NedbImportError';
}

const NEDB_FILE = /^([A-Za-z][A-Za-z0-9_-]{0,63})\.db(~?)$/;
const IMPORTED_SUFFIX = '.imported-nedb';
const LOCK_FILE = 'samordna.lock';
/** nedb's default `corruptAlertThreshold`: more unreadable lines than this refuse the load. */
const CORRUPT_THRESHOLD = 0.1;
/** Which nedb files were imported (a store upgraded from nedb has it; backup verification knows it). */
export const NEDB_IMPORTS_TABLE = '_nedb_imports';

interface FileReport {
  collection: string;
  file: string;
  documents: number;
  deletedLines: number;
  indexLines: number;
  unreadableLines: number;
  tornLastLine: boolean;
}

/** Imports every nedb collection file in `dataDir` not imported before; see the header. */
export function importNedbFiles(dataDir: string, db: Database, sink: ImportSink, logger: StoreLogger): void {
  const files = nedbFilesIn(dataDir);
  if (files.length === 0) return;
  refuseWhileOldServerRuns(dataDir);

  db.exec(`CREATE TABLE IF NOT EXISTS ${NEDB_IMPORTS_TABLE} (sha256 TEXT PRIMARY KEY, file TEXT NOT NULL, documents INTEGER NOT NULL, imported_at TEXT NOT NULL)`);
  const seen = db.prepare<[string], number>(`SELECT 1 FROM ${NEDB_IMPORTS_TABLE} WHERE sha256 = ?`).pluck();
  const mark = db.prepare<[string, string, number, string]>(`INSERT INTO ${NEDB_IMPORTS_TABLE} (sha256, file, documents, imported_at) VALUES (?, ?, ?, ?)`);

  const reports: FileReport[] = [];
  const alreadyImported: string[] = [];
  db.transaction(() => {
    for (const { collection, file } of files) {
      const sha256 = sha256Of(file);
      if (seen.get(sha256) !== undefined) {
        alreadyImported.push(path.basename(file));
        continue;
      }
      const report = importFile(collection, file, sink);
      mark.run(sha256, path.basename(file), report.documents, new Date().toISOString());
      reports.push(report);
    }
  }).immediate();

  for (const { file } of files) renameImported(file);
  removeStaleLock(dataDir);
  for (const report of reports) {
    if (report.tornLastLine) logger.warn({ file: report.file }, 'dropped an incomplete last line of a nedb file (a write interrupted by a crash, never acknowledged)');
    if (report.unreadableLines > 0) logger.warn({ file: report.file, unreadableLines: report.unreadableLines }, 'skipped unreadable lines of a nedb file, as nedb did');
  }
  logger.info(
    {
      dataDir,
      imported: reports.map(({ collection, documents, deletedLines, indexLines }) => ({ collection, documents, deletedLines, indexLines })),
      alreadyImported,
      keptAs: `<file>${IMPORTED_SUFFIX}`,
    },
    'imported the nedb files of an earlier version into the SQLite store',
  );
}

/** Per collection the file nedb itself would have loaded: `name.db`, else a leftover `name.db~`. */
function nedbFilesIn(dataDir: string): { collection: string; file: string }[] {
  const byCollection = new Map<string, { plain: boolean; temporary: boolean }>();
  for (const entry of fs.readdirSync(dataDir)) {
    const match = NEDB_FILE.exec(entry);
    if (!match || !fs.statSync(path.join(dataDir, entry)).isFile()) continue;
    const found = byCollection.get(match[1]!) ?? { plain: false, temporary: false };
    if (match[2] === '~') found.temporary = true;
    else found.plain = true;
    byCollection.set(match[1]!, found);
  }
  return [...byCollection].map(([collection, found]) => ({ collection, file: path.join(dataDir, `${collection}.db${found.plain ? '' : '~'}`) }));
}

function importFile(collection: string, file: string, sink: ImportSink): FileReport {
  sink.prepare(collection);
  const report: FileReport = { collection, file, documents: 0, deletedLines: 0, indexLines: 0, unreadableLines: 0, tornLastLine: false };
  const live = new Set<string>();
  let lines = 0;
  for (const { line, terminated } of linesOf(file)) {
    if (line === '') continue;
    let record: Record<string, unknown>;
    try {
      record = parseLine(line);
    } catch {
      if (terminated) report.unreadableLines++;
      else report.tornLastLine = true;
      continue;
    } finally {
      lines++;
    }
    const id = record._id;
    if (typeof id === 'string' && id !== '') {
      if (record.$$deleted === true) {
        sink.remove(collection, id);
        live.delete(id);
        report.deletedLines++;
      } else {
        sink.upsert(collection, record);
        live.add(id);
      }
    } else if ('$$indexCreated' in record || '$$indexRemoved' in record) {
      report.indexLines++;
    } else {
      report.unreadableLines++;
    }
  }
  if (lines > 0 && report.unreadableLines / lines > CORRUPT_THRESHOLD) {
    throw new NedbImportError(
      `${file}: ${report.unreadableLines} of ${lines} lines are unreadable, more than nedb itself accepted; nothing was imported. ` +
        'Repair or move the file and start again.',
    );
  }
  report.documents = live.size;
  return report;
}

/** One line of a nedb file: JSON with Dates as `{"$$date": ms}`. */
export function parseLine(line: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a document');
  return reviveDates(parsed) as Record<string, unknown>;
}

function reviveDates(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(reviveDates);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$$date') {
    const date = new Date(record.$$date as number | string);
    if (Number.isNaN(date.getTime())) throw new Error('an invalid $$date');
    return date;
  }
  for (const key of keys) record[key] = reviveDates(record[key]);
  return record;
}

/** The file's lines, read in chunks, each with whether a newline ended it. */
function* linesOf(file: string): Generator<{ line: string; terminated: boolean }> {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let carry = Buffer.alloc(0);
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      // Split on the newline byte before decoding, so a character cut by the chunk stays whole.
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let newline = data.indexOf(0x0a, start); newline !== -1; newline = data.indexOf(0x0a, start)) {
        yield { line: data.toString('utf8', start, newline), terminated: true };
        start = newline + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) yield { line: carry.toString('utf8'), terminated: false };
  } finally {
    fs.closeSync(fd);
  }
}

/** Of the file's name and content: two empty files of different collections are different imports. */
function sha256Of(file: string): string {
  const hash = createHash('sha256').update(`${path.basename(file)}\0`);
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function renameImported(file: string): void {
  let target = `${file}${IMPORTED_SUFFIX}`;
  if (fs.existsSync(target)) target = `${file}${IMPORTED_SUFFIX}-${Date.now()}`;
  try {
    fs.renameSync(file, target);
  } catch (error) {
    // Another process starting at the same moment renamed it first.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // The other half of an interrupted compaction, when `name.db` was the one imported.
  const temporary = `${file}~`;
  if (!file.endsWith('~') && fs.existsSync(temporary)) renameImported(temporary);
}

/**
 * An earlier version's server holds `samordna.lock` while it runs; importing under it would miss
 * its later writes. A lock whose process is gone (or carries this process's own pid, as after a
 * restart in a container) is stale.
 */
function refuseWhileOldServerRuns(dataDir: string): void {
  const pid = lockHolder(dataDir);
  if (pid !== null && pid !== process.pid && isAlive(pid)) {
    throw new NedbImportError(
      `DATA_DIR ${dataDir} is in use by Samordna process ${pid} of an earlier version (nedb store). ` +
        'Stop it first: its files are imported into the SQLite store when this version starts.',
    );
  }
}

function removeStaleLock(dataDir: string): void {
  const pid = lockHolder(dataDir);
  if (pid === null || pid === process.pid || !isAlive(pid)) fs.rmSync(path.join(dataDir, LOCK_FILE), { force: true });
}

function lockHolder(dataDir: string): number | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'));
    const pid = (parsed as { pid?: unknown } | null)?.pid;
    // pid 0 or below would make process.kill address a process group.
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
