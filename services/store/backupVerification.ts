// What makes a file a usable backup of the embedded store, checked before a backup is kept and
// before a restore puts one in place: a whole SQLite database (header, page count, integrity
// check), Samordna's (its tables), of a schema this Samordna can run, and sealed with a key we
// have — a backup nobody can open is worse than none, because it looks like one.
//
// Nothing read here is printed or logged: a sealed value is opened only to prove that it opens.
import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Keyring } from '../crypto/keyring';
import { PSEUDONYMISATION_SECRET_ID } from '../crypto/pseudonymisationSecret';
import { sealedValueSchema } from '../crypto/sealedValue';
import type { SealedValue } from '../domain/records';
import { CURRENT_SCHEMA_VERSION } from './migrations';
import { NEDB_IMPORTS_TABLE } from './nedbImport';
import { LIST_PATHS_TABLE } from './sqliteListPaths';
import { decodeDocument } from './storedJson';

export interface BackupReport {
  bytes: number;
  /** SQLite's `user_version`: 0 for a store from before schema versions. */
  schemaVersion: number;
  counts: { cases: number; audit: number; outbox: number };
  /** The sealed values opened with the keys; empty in a store that holds none yet. */
  sealedChecked: SealedCheck[];
}

export type SealedCheck = 'pseudonymisation secret' | 'newest case';

/** The file is not a backup this Samordna can restore; `reason` says why, for the operator. */
export class BackupInvalidError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`the backup ${file} ${reason}`);
    this.name = 'BackupInvalidError';
  }
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;
/** Every Samordna store has it from its first opening (sqliteListPaths.ts): the mark of one. */
const COUNTED = ['cases', 'audit', 'outbox'] as const;
const INTEGRITY_ERRORS_SHOWN = 3;

/** Checks `file` as a backup opened with `keyring`'s keys; throws BackupInvalidError. */
export function verifyBackup(file: string, keyring: Keyring): BackupReport {
  return checkBackupFile(file, keyring, file);
}

/** As verifyBackup, naming the file `shownAs` in errors (a temporary copy stands for the file the operator named). */
export function checkBackupFile(file: string, keyring: Keyring, shownAs: string): BackupReport {
  const invalid = (reason: string) => new BackupInvalidError(shownAs, reason);
  const header = readHeader(file, invalid);
  if (header.wal) {
    throw invalid('is in WAL mode, so part of it may be in a -wal file beside it; a backup made by `npm run backup` is one self-contained file');
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw invalid(`cannot be opened: ${sqliteMessage(error)}`);
  }
  try {
    assertSamordnaTables(db, invalid);
    const problems = (db.pragma(`integrity_check(${INTEGRITY_ERRORS_SHOWN})`) as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') throw invalid(`is damaged: SQLite's integrity check reports ${problems.join('; ')}`);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion > CURRENT_SCHEMA_VERSION) {
      throw invalid(`has schema version ${schemaVersion}, written by a newer Samordna; this Samordna knows schema versions up to ${CURRENT_SCHEMA_VERSION}. Use the Samordna that wrote it`);
    }
    if (schemaVersion < 0) throw invalid(`has an impossible schema version ${schemaVersion}`);
    const tables = tableNames(db);
    const counts = { cases: 0, audit: 0, outbox: 0 };
    for (const name of COUNTED) if (tables.has(name)) counts[name] = db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number;
    const sealedChecked = openSealedValues(db, tables, keyring, invalid);
    return { bytes: fs.statSync(file).size, schemaVersion, counts, sealedChecked };
  } catch (error) {
    if (error instanceof BackupInvalidError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) throw invalid(`is damaged: ${sqliteMessage(error)}`);
    throw invalid(`cannot be read as a database: ${sqliteMessage(error)}`);
  } finally {
    db.close();
  }
}

/**
 * Writes a copy made by SQLite's backup API (which keeps the source's WAL mode in its header)
 * back into rollback mode, so that it is one file with nothing beside it. Files that are not
 * SQLite databases, or not in WAL mode, are left alone for checkBackupFile to judge.
 */
export function makeSelfContained(file: string): void {
  let wal: boolean;
  try {
    wal = readHeader(file, (reason) => new Error(reason)).wal;
  } catch {
    return;
  }
  if (!wal) return;
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

interface Header {
  wal: boolean;
}

/** The first 100 bytes as SQLite defines them (sqlite.org/fileformat.html §1.3), and the file's length against them. */
function readHeader(file: string, invalid: (reason: string) => Error): Header {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw invalid(`cannot be read: ${(error as Error).message}`);
  }
  if (!stat.isFile()) throw invalid('is not a file');
  if (stat.size === 0) throw invalid('is empty');
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  const magicSeen = header.subarray(0, Math.min(read, MAGIC.length));
  if (!MAGIC.subarray(0, magicSeen.length).equals(magicSeen)) throw invalid('is not a SQLite database (it does not begin with SQLite’s file header)');
  if (read < HEADER_BYTES) throw invalid(`is truncated: ${read} bytes, less than SQLite’s ${HEADER_BYTES}-byte header`);
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw invalid(`is damaged: its header gives an impossible page size ${rawPageSize}`);
  // The page count in the header is valid when the "version-valid-for" number matches the change
  // counter (SQLite ≥ 3.7.0 keeps both); otherwise SQLite goes by the file's length.
  const changeCounter = header.readUInt32BE(24);
  const declaredPages = header.readUInt32BE(28);
  const validFor = header.readUInt32BE(92);
  const declaredBytes = declaredPages * pageSize;
  if (declaredPages > 0 && validFor === changeCounter && stat.size < declaredBytes) {
    throw invalid(`is truncated: ${stat.size.toLocaleString('en-US')} bytes of the ${declaredBytes.toLocaleString('en-US')} its header declares`);
  }
  if (stat.size % pageSize !== 0) throw invalid(`is truncated: its ${stat.size.toLocaleString('en-US')} bytes are not a whole number of its ${pageSize.toLocaleString('en-US')}-byte pages`);
  return { wal: header[18] === 2 || header[19] === 2 };
}

function tableNames(db: Database.Database): Set<string> {
  const names = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).pluck().all() as string[];
  return new Set(names);
}

/**
 * Samordna's tables: `_list_paths`, `_nedb_imports` in a store upgraded from nedb, and a table
 * (`_id`, `doc`) per collection — nothing else.
 */
function assertSamordnaTables(db: Database.Database, invalid: (reason: string) => Error): void {
  const tables = tableNames(db);
  if (!tables.has(LIST_PATHS_TABLE)) {
    throw invalid(`is a SQLite database but not a Samordna store: it has no table ${LIST_PATHS_TABLE}, which every Samordna store has`);
  }
  const columnsOf = db.prepare('SELECT name FROM pragma_table_info(?)').pluck();
  for (const table of tables) {
    if (table === LIST_PATHS_TABLE || table === NEDB_IMPORTS_TABLE) continue;
    const columns = columnsOf.all(table) as string[];
    if (columns.length !== 2 || columns[0] !== '_id' || columns[1] !== 'doc') {
      throw invalid(`is a SQLite database but not a Samordna store: its table ${JSON.stringify(table)} has the columns ${columns.join(', ')}, not _id, doc`);
    }
  }
}

/**
 * Opens the pseudonymisation secret (stored once a server or tool has started) and the sealed
 * content of the case stored last (if any case still has content): with the keys of the
 * installation's time, both open, or none of its patient data would.
 */
function openSealedValues(db: Database.Database, tables: ReadonlySet<string>, keyring: Keyring, invalid: (reason: string) => Error): SealedCheck[] {
  const checked: SealedCheck[] = [];
  if (tables.has('secrets')) {
    const text = db.prepare(`SELECT doc FROM "secrets" WHERE _id = ?`).pluck().get(PSEUDONYMISATION_SECRET_ID) as string | undefined;
    if (text !== undefined) {
      const secret = Buffer.from(openOne(decodeDocument<{ sealed?: unknown }>(text).sealed, 'its pseudonymisation secret', keyring, invalid), 'base64');
      if (secret.length !== 32) throw invalid('is damaged: its pseudonymisation secret is not 32 bytes');
      checked.push('pseudonymisation secret');
    }
  }
  if (tables.has('cases')) {
    // By rowid: the case stored last, found from the end without reading the others.
    const text = db.prepare(`SELECT doc FROM "cases" WHERE json_extract(doc, '$.sealed.keyId') IS NOT NULL ORDER BY rowid DESC LIMIT 1`).pluck().get() as string | undefined;
    if (text !== undefined) {
      openOne(decodeDocument<{ sealed?: unknown }>(text).sealed, 'the content of its newest case', keyring, invalid);
      checked.push('newest case');
    }
  }
  return checked;
}

function openOne(value: unknown, what: string, keyring: Keyring, invalid: (reason: string) => Error): string {
  const parsed = sealedValueSchema.safeParse(value);
  if (!parsed.success) throw invalid(`is damaged: ${what} is not a sealed value`);
  const sealed: SealedValue = parsed.data;
  const configured = [keyring.keyId, ...keyring.previousKeyIds].join(', ');
  if (!keyring.has(sealed.keyId)) {
    throw invalid(
      `does not open with the configured encryption key: ${what} is sealed with key ${sealed.keyId}, and the configured keys ` +
        `(ENCRYPTION_KEY, ENCRYPTION_KEY_PREVIOUS) are ${configured}`,
    );
  }
  try {
    return keyring.open(sealed);
  } catch {
    // The key id is a hash of the key, so the right key was used: the value itself is altered.
    throw invalid(`is damaged: ${what} does not open with its key ${sealed.keyId} (the sealed data was altered)`);
  }
}

function sqliteMessage(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${message} (${code})` : message;
}
