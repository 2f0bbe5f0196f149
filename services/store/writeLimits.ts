// Why writing a copy of the database failed, in words an operator can act on. SQLite reports a
// full disk as SQLITE_FULL, but a write refused for the process's file size limit (`ulimit -f`,
// systemd's LimitFSIZE) only as a generic I/O error; so the limits are read and compared with
// what the copy needs.
import * as fs from 'node:fs';

const MB = 1024 * 1024;

/** Bytes an unprivileged process may still write on the file system holding `dir`; null if unknown. */
export function freeBytes(dir: string): number | null {
  try {
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/** This process's soft limit on the size of a file it writes (RLIMIT_FSIZE); null when unlimited or unknown. */
export function fileSizeLimit(): number | null {
  try {
    const line = fs
      .readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('Max file size'));
    const soft = line?.slice('Max file size'.length).trim().split(/\s+/)[0];
    return soft === undefined || soft === 'unlimited' ? null : Number(soft);
  } catch {
    return null;
  }
}

export function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/**
 * The sentence for a failed write of about `neededBytes` into `dir`, when the cause is a full
 * disk or a file size limit; null for any other failure.
 */
export function explainWriteFailure(error: unknown, dir: string, neededBytes: number): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  const ioError = typeof code === 'string' && (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT');
  if (!ioError) return null;
  const limit = fileSizeLimit();
  if (code !== 'SQLITE_FULL' && code !== 'ENOSPC' && limit !== null && limit < neededBytes) {
    return `it needs about ${megabytes(neededBytes)}, but this process may not write files larger than ${megabytes(limit)} (its file size limit, ulimit -f or LimitFSIZE)`;
  }
  if (code === 'EDQUOT') return `this user's disk quota on the disk holding ${dir} is used up (it needs about ${megabytes(neededBytes)})`;
  const free = freeBytes(dir);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || (free !== null && free < neededBytes)) {
    return `the disk holding ${dir} is full (${free === null ? 'free space unknown' : `${megabytes(free)} free`}; it needs about ${megabytes(neededBytes)})`;
  }
  return null;
}
