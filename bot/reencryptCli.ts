// `npm run reencrypt [-- --batch 200] [--dry-run]`: after ENCRYPTION_KEY was changed (the old key
// moved to ENCRYPTION_KEY_PREVIOUS), seals every stored value with the new key, so the previous
// key can be removed. Safe to stop and run again at any point (services/crypto/reencrypt.ts).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError } from '../services/config';
import { UnknownKeyError } from '../services/crypto/keyring';
import { reencrypt, type KeyCount } from '../services/crypto/reencrypt';
import { openRepositories } from '../services/store/repositories';
import { systemClock } from '../services/time/clock';
import { failureText, openForCli } from './cliSetup';

const argsSchema = z.object({
  batch: z.coerce.number().int('--batch must be a whole number').min(1, '--batch must be at least 1').max(10_000, '--batch must be at most 10000').default(200),
  dryRun: z.boolean(),
});

/**
 * Test-only: a pause after every batch, so the end-to-end test can kill a run in the middle of its
 * work. Not for operators; unset it is zero.
 */
const TEST_ONLY_BATCH_DELAY = z.coerce.number().int().min(0).max(60_000).default(0);

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run reencrypt -- [--batch <1-10000, default 200>] [--dry-run]\n`);
  process.exit(2);
}

function readArgs() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: { batch: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      allowPositionals: true,
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const where = (entry: KeyCount): string => `${entry.collection}.${entry.path} (key ${entry.keyId})`;

async function main(): Promise<number> {
  const { values, positionals } = readArgs();
  if (positionals.length > 0) usage(`unexpected argument ${positionals[0]}`);
  const parsed = argsSchema.safeParse({ batch: values.batch, dryRun: values['dry-run'] });
  if (!parsed.success) usage(parsed.error.issues[0]!.message);
  const { batch, dryRun } = parsed.data;
  const batchDelayMs = TEST_ONLY_BATCH_DELAY.parse(process.env.SAMORDNA_REENCRYPT_BATCH_DELAY_MS || undefined);

  // Logs go to stderr: stdout carries the run's report.
  const { store, keyring } = await openForCli({ clock: systemClock, logTo: 'stderr', reportRotation: false });
  try {
    const repos = await openRepositories(store);
    const previous = keyring.previousKeyIds;
    say(`current key ${keyring.keyId}; previous keys: ${previous.length > 0 ? previous.join(', ') : 'none (ENCRYPTION_KEY_PREVIOUS is not set)'}`);

    const result = await reencrypt({
      repos,
      keyring,
      batchSize: batch,
      dryRun,
      hooks: {
        async afterBatch(progress) {
          say(`${where(progress)}: ${progress.moved}/${progress.count} moved`);
          if (batchDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, batchDelayMs));
        },
      },
    });
    switch (result.kind) {
      case 'nothing_to_do':
        say(`Nothing to re-encrypt: every sealed value already uses the current key ${keyring.keyId}.`);
        say(
          previous.length > 0
            ? 'ENCRYPTION_KEY_PREVIOUS can now be removed; restart the server afterwards.'
            : 'ENCRYPTION_KEY_PREVIOUS is not set, so there is no previous key to move away from.',
        );
        return 0;
      case 'unknown_keys':
        for (const entry of result.unknown) say(`${where(entry)}: ${entry.count} values sealed with an unknown key`);
        say(
          `Refusing to run: no key with id ${[...new Set(result.unknown.map((entry) => entry.keyId))].join(', ')} is configured. ` +
            'Add that key to ENCRYPTION_KEY_PREVIOUS and run again. Nothing was changed.',
        );
        return 1;
      case 'dry_run':
        for (const entry of result.toMove) say(`${where(entry)}: ${entry.count} values would move to key ${keyring.keyId}`);
        say(`Dry run: ${total(result.toMove)} values would be sealed anew; nothing was changed. Keep ENCRYPTION_KEY_PREVIOUS.`);
        return 0;
      case 'done':
        say(`Moved ${result.moved} values to key ${keyring.keyId}; ${result.changedMeanwhile} were changed by the server meanwhile (already on the current key or purged).`);
        if (result.left.length === 0) {
          say(`Done: every sealed value uses the current key ${keyring.keyId}. ENCRYPTION_KEY_PREVIOUS can now be removed; restart the server afterwards.`);
          return 0;
        }
        for (const entry of result.left) say(`${where(entry)}: ${entry.count} values still on the older key`);
        say(`Not done: ${total(result.left)} values still need a previous key. Keep ENCRYPTION_KEY_PREVIOUS and run \`npm run reencrypt\` again.`);
        return 1;
    }
  } finally {
    await store.close();
  }
}

const total = (counts: KeyCount[]): number => counts.reduce((sum, entry) => sum + entry.count, 0);

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof UnknownKeyError) {
      process.stderr.write(`${error.message}\nNothing was changed. Keep ENCRYPTION_KEY_PREVIOUS (the key that sealed the data) until \`npm run reencrypt\` reports it may go.\n`);
      process.exit(1);
    }
    process.stderr.write(`${failureText(error)}\n`);
    process.exit(1);
  },
);
