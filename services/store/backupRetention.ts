// The nightly backups in one directory (`npm run backup -- --dir <dir> --keep <n>`): one file per
// run, named by its UTC time so that names sort as the runs did, and the oldest removed beyond n.
// Only files named exactly as this module names them are ever removed: an operator's own copies,
// renamed files and the temporary files of a running backup in the same directory are left alone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncDirectory } from './durableFiles';

const NAMED = /^samordna-\d{8}T\d{6}Z\.sqlite$/;

/** `samordna-20261204T021500Z.sqlite` for 2026-12-04 02:15:00 UTC. */
export function backupFileName(at: Date): string {
  return `samordna-${utcStamp(at)}.sqlite`;
}

/** `20261204T021500Z`: sortable, and safe in a file name everywhere. */
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Removes the oldest backups in `dir` so that `keep` remain; returns the names removed, oldest first. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number ≥ 1, not ${keep}`);
  const named = fs
    .readdirSync(dir)
    .filter((name) => NAMED.test(name) && fs.lstatSync(path.join(dir, name)).isFile())
    .sort();
  const removed = named.slice(0, Math.max(0, named.length - keep));
  for (const name of removed) fs.rmSync(path.join(dir, name));
  if (removed.length > 0) syncDirectory(dir);
  return removed;
}
