// When the store cannot write — a full disk, a file system remounted read-only, an I/O error, a
// database locked past its wait, a MongoDB without a primary — every request that writes fails
// the same way until an operator acts or the fault heals. Users must be told their input was
// not saved (it was not: a failed write stores nothing), the operator once what is wrong, and
// /healthz and the metrics for as long as it lasts.

/** The metric label `cause` of `samordna_store_write_errors_total`: a fixed set, never an error text. */
export const WRITE_FAILURE_CAUSES = ['disk_full', 'read_only', 'io_error', 'busy', 'unavailable', 'other'] as const;
export type WriteFailureCause = (typeof WRITE_FAILURE_CAUSES)[number];

/** What the operator reads in the log, per cause. */
const CAUSE_TEXT: Record<WriteFailureCause, string> = {
  disk_full: 'the disk is full',
  read_only: 'the database or its file system is read-only',
  io_error: 'the disk reports input/output errors',
  busy: 'the database stayed locked by another process longer than the wait allows',
  unavailable: 'the database server does not accept writes (no primary, or not reachable)',
  other: 'the database refused the write',
};

const WHAT_TO_DO: Record<WriteFailureCause, string> = {
  disk_full: 'free space on the file system of DATA_DIR (or give MongoDB more); writes resume by themselves',
  read_only: 'check the mount and the permissions of DATA_DIR and its files; writes resume by themselves',
  io_error: 'check the disk and the kernel log; restore from a backup if the database is damaged',
  busy: 'look for a process holding a long transaction on DATA_DIR (npm run restore names the processes using it)',
  unavailable: 'check the MongoDB deployment; writes resume once it has a primary',
  other: 'see the error below',
};

/** A write that failed for one of these causes: nothing of it was stored. */
export class StoreWriteError extends Error {
  constructor(
    readonly failure: WriteFailureCause,
    readonly code: string | null,
    original: unknown,
  ) {
    super(`the store cannot write: ${CAUSE_TEXT[failure]}${code ? ` (${code})` : ''}`, { cause: original });
    this.name = 'StoreWriteError';
  }
}

export function isStoreWriteError(error: unknown): error is StoreWriteError {
  return error instanceof StoreWriteError;
}

/**
 * The cause of a failed SQLite write (better-sqlite3 reports SQLite's extended result codes as
 * `code`, e.g. SQLITE_IOERR_WRITE) or of a file operation beside it (ENOSPC); null when the error
 * says something else — a constraint, a bug — which is not a store failure.
 */
export function sqliteWriteFailure(error: unknown): WriteFailureCause | null {
  const code = errorCode(error);
  if (code === null) return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read_only';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'EIO') return 'io_error';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  return null;
}

export function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

export function describeCause(failure: WriteFailureCause): { problem: string; action: string } {
  return { problem: CAUSE_TEXT[failure], action: WHAT_TO_DO[failure] };
}
