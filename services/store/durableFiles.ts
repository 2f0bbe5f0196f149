// A rename is only durable once the directory holding it is flushed, and a file's content only
// once the file is: without both, a power cut right after "backup done" could leave an empty or
// missing file under the name the operator was told about.
import * as fs from 'node:fs';

export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (error) {
    // Some platforms (Windows) cannot open a directory to flush it; their renames are durable as they are.
    if (['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (!['EINVAL', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/** Renames `from` to `to` (same directory) so that, once this returns, a power cut keeps `to` whole. */
export function durableRename(from: string, to: string, dir: string): void {
  syncFile(from);
  fs.renameSync(from, to);
  syncDirectory(dir);
}
