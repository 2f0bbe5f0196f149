// `npm run backup -- --to <file>` or `npm run backup -- --dir <dir> [--keep <n>]` (CONTRACT.md,
// docs/storage.md): an online, verified copy of the embedded store while servers and jobs run
// (services/store/backup.ts). `--dir` names the file `samordna-<UTC stamp>.sqlite` and, with
// `--keep n`, then removes the oldest such files beyond n — only after the new one is verified,
// so a failing night never costs an old backup. This is what the nightly timer runs.
//
// Prints one summary line on stdout; logs go to stderr. Exit codes: 0 written and verified;
// 1 failed (one line on stderr; nothing left under the target's name); 2 bad arguments or
// configuration, or MongoDB configured.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { backupDatabase } from '../services/store/backup';
import { backupFileName, pruneBackups } from '../services/store/backupRetention';
import { describeChecks, describeContents, failExit, openStoreFileCli, readOptions } from './storeFileCli';

const USAGE = 'usage: npm run backup -- --to <file>\n       npm run backup -- --dir <directory> [--keep <n>]';

const argsSchema = z
  .object({
    to: z.string().min(1, '--to needs a file name').optional(),
    dir: z.string().min(1, '--dir needs a directory').optional(),
    keep: z.coerce.number('--keep must be a number').int('--keep must be a whole number').min(1, '--keep must be at least 1').max(100_000, '--keep must be at most 100000').optional(),
  })
  .refine((args) => (args.to === undefined) !== (args.dir === undefined), 'give either --to <file> or --dir <directory>')
  .refine((args) => args.keep === undefined || args.dir !== undefined, '--keep goes with --dir');

async function main(): Promise<void> {
  const args = readOptions(['to', 'dir', 'keep'], argsSchema, USAGE);
  const { config, logger, keyring } = openStoreFileCli('backup');
  yieldTheProcessor(logger);
  let to: string;
  if (args.dir !== undefined) {
    // The nightly run's directory is made on first use, owner-only: the backups hold what the store holds.
    mkdirSync(args.dir, { recursive: true, mode: 0o700 });
    to = path.join(args.dir, backupFileName(new Date()));
  } else {
    to = args.to!;
  }
  // Stopped by the operator or the service manager: the copy stops at its next step and is removed.
  const interrupt = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => interrupt.abort());
  const result = await backupDatabase({ dataDir: config.dataDir, to, keyring, logger, signal: interrupt.signal });
  const removed = args.dir !== undefined && args.keep !== undefined ? pruneBackups(args.dir, args.keep) : [];
  const pruned = removed.length === 0 ? '' : `; removed ${removed.length} older backup${removed.length === 1 ? '' : 's'} (${removed.join(', ')})`;
  process.stdout.write(`backup: ${result.file}, ${describeContents(result)}; verified (${describeChecks(result)}) in ${result.seconds.toFixed(1)} s${pruned}\n`);
}

/**
 * The backup is background work beside servers that answer people: its copy and integrity check
 * keep a core busy for seconds to minutes, and on a machine with few cores the server's answers
 * wait for it. A lower priority (nice +10) lets the server's work go first; the backup then takes
 * longer only when the machine is busy anyway.
 */
function yieldTheProcessor(logger: { warn(obj: object, msg: string): void }): void {
  try {
    os.setPriority(Math.min(os.constants.priority.PRIORITY_LOW, os.getPriority() + 10));
  } catch (error) {
    logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'could not lower the backup’s priority; it runs at normal priority');
  }
}

main().then(() => process.exit(0), failExit);
