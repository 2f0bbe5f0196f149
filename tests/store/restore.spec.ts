import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { backupDatabase } from '../../services/store/backup';
import { CURRENT_SCHEMA_VERSION } from '../../services/store/migrations';
import { DataDirInUseError, restoreDatabase, RestoreRefusedError } from '../../services/store/restore';
import { DATABASE_FILE, openSqliteStore } from '../../services/store/sqliteStore';
import { escapeRegExp, freePort, ROOT, runProcess, spawnTs, waitForHealth, type ProcessRun } from '../support/childProcess';
import { snapshotDir, waitUntil } from '../support/dirSnapshot';
import { keyringOf, newKey, seedStore } from '../support/seededStore';
import { tempDirsRemovedAfter } from '../support/tempStore';

const tempDir = tempDirsRemovedAfter('samordna-restore-');

const casesIn = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM cases').pluck().get() as number;
  } finally {
    db.close();
  }
};

function restoreCli(args: string[], env: Record<string, string>): Promise<ProcessRun> {
  return runProcess(process.execPath, ['--import', 'tsx', 'bot/restoreCli.ts', ...args], env);
}


/**
 * A DATA_DIR whose store has 7 cases, and a backup of it taken when it had 5: a restore must
 * bring back the 5. The store is closed, so its files are stable to compare.
 */
async function storeAndBackup(): Promise<{ dataDir: string; key: string; backup: string }> {
  const dataDir = await tempDir();
  const key = newKey();
  await seedStore(dataDir, key, { cases: 5, audit: 8, outbox: 2, padding: 500 });
  const backup = path.join(await tempDir(), 'backup.sqlite');
  await backupDatabase({ dataDir, to: backup, keyring: keyringOf(key) });
  const store = await openSqliteStore({ dataDir });
  await store.collection('cases').insertOne({ _id: 'after-backup-1' });
  await store.collection('cases').insertOne({ _id: 'after-backup-2' });
  await store.close();
  return { dataDir, key, backup };
}

describe('restore of the embedded store', function () {
  this.timeout(60_000);

  it('puts the verified backup in place and keeps the database it replaces beside it', async () => {
    const { dataDir, key, backup } = await storeAndBackup();
    const database = path.join(dataDir, DATABASE_FILE);
    const replaced = fs.readFileSync(database);
    const at = new Date('2026-12-04T02:15:00Z');
    const result = await restoreDatabase({ dataDir, from: backup, keyring: keyringOf(key), now: () => at });

    const keptAs = `${database}.before-restore-20261204T021500Z`;
    assert.equal(result.keptAs, keptAs);
    assert.equal(result.database, database);
    assert.deepEqual(result.counts, { cases: 5, audit: 8, outbox: 2 });
    assert.deepEqual(result.sealedChecked, ['pseudonymisation secret', 'newest case']);
    assert.deepEqual(fs.readFileSync(database), fs.readFileSync(backup), 'the backup’s bytes, as verified');
    assert.deepEqual(fs.readFileSync(keptAs), replaced, 'the replaced database, untouched');
    for (const file of [database, keptAs]) assert.equal(fs.statSync(file).mode & 0o777, 0o600, file);
    assert.deepEqual(fs.readdirSync(dataDir).sort(), ['processes', DATABASE_FILE, path.basename(keptAs)].sort(), 'no lock, no temporary copy left');

    const store = await openSqliteStore({ dataDir });
    assert.equal(await store.collection('cases').count({}), 5);
    await store.close();
    assert.equal(casesIn(keptAs), 7);

    // Again within the same second: the next name, nothing overwritten.
    const again = await restoreDatabase({ dataDir, from: backup, keyring: keyringOf(key), now: () => at });
    assert.equal(again.keptAs, `${keptAs}-2`);
    assert.deepEqual(fs.readFileSync(keptAs), replaced);
  });

  it('restores into an empty DATA_DIR (another machine), which it creates owner-only', async () => {
    const { key, backup } = await storeAndBackup();
    const dataDir = path.join(await tempDir(), 'new-data');
    const result = await restoreDatabase({ dataDir, from: backup, keyring: keyringOf(key) });
    assert.equal(result.keptAs, null);
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(casesIn(path.join(dataDir, DATABASE_FILE)), 5);
  });

  describe('leaves the store exactly as it was when the backup is not good', () => {
    let dataDir = '';
    let key = '';
    let backup = '';
    before(async () => ({ dataDir, key, backup } = await storeAndBackup()));

    const refused = async (from: string, reason: RegExp, keyring = keyringOf(key)) => {
      const before = snapshotDir(dataDir);
      await assert.rejects(restoreDatabase({ dataDir, from, keyring }), (error: unknown) => {
        assert.ok(error instanceof RestoreRefusedError, String(error));
        assert.match(error.message, reason);
        assert.match(error.message, /; the store was not changed$/);
        return true;
      });
      assert.deepEqual(snapshotDir(dataDir), before);
      assert.equal(casesIn(path.join(dataDir, DATABASE_FILE)), 7);
    };
    const fileWith = async (name: string, bytes: Buffer | string): Promise<string> => {
      const file = path.join(await tempDir(), name);
      fs.writeFileSync(file, bytes);
      return file;
    };

    it('a truncated backup (through the command: exit 1, one line)', async () => {
      const bytes = fs.readFileSync(backup);
      const truncated = await fileWith('truncated.sqlite', bytes.subarray(0, bytes.length - 8192));
      await refused(truncated, new RegExp(`^restore refused: the backup ${escapeRegExp(truncated)} is truncated: [\\d,]+ bytes of the [\\d,]+ its header declares`));
      const before = snapshotDir(dataDir);
      const run = await restoreCli(['--from', truncated], { DATA_DIR: dataDir, ENCRYPTION_KEY: key });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`^restore refused: the backup ${escapeRegExp(truncated)} is truncated: .*; the store was not changed\\n$`));
      assert.deepEqual(snapshotDir(dataDir), before);
    });

    it('a file that is not a SQLite database', async () => {
      const text = await fileWith('notes.sqlite', 'Samordna backup, December\n'.repeat(400));
      await refused(text, /is not a SQLite database/);
    });

    it('a SQLite database that is not Samordna’s', async () => {
      const foreign = path.join(await tempDir(), 'foreign.sqlite');
      const db = new Database(foreign);
      db.exec("CREATE TABLE patients (name TEXT); INSERT INTO patients VALUES ('x')");
      db.close();
      await refused(foreign, /is a SQLite database but not a Samordna store/);
    });

    it('a backup the configured key does not open', async () => {
      await refused(backup, /does not open with the configured encryption key/, keyringOf(newKey()));
    });

    it('a backup of a newer schema', async () => {
      const newer = path.join(await tempDir(), 'newer.sqlite');
      fs.copyFileSync(backup, newer);
      const db = new Database(newer);
      db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`);
      db.close();
      await refused(newer, new RegExp(`has schema version ${CURRENT_SCHEMA_VERSION + 1}, written by a newer Samordna`));
    });

    it('a backup that is not there', async () => {
      await refused(path.join(dataDir, 'missing.sqlite'), /missing\.sqlite does not exist or is not a file/);
    });
  });

  it('a failure once the database is set aside puts it back', async () => {
    const { dataDir, key, backup } = await storeAndBackup();
    const before = snapshotDir(dataDir);
    let setAside: string[] = [];
    // The verified copy vanishes (say, an operator's clean-up) before it is renamed into place.
    const afterSetAside = () => {
      setAside = fs.readdirSync(dataDir).filter((name) => name.includes('.before-restore-'));
      for (const name of fs.readdirSync(dataDir)) if (name.includes('.restoring-')) fs.rmSync(path.join(dataDir, name));
    };
    await assert.rejects(restoreDatabase({ dataDir, from: backup, keyring: keyringOf(key), afterSetAside }), /^RestoreRefusedError: restore failed: ENOENT: .*; the store was not changed$/);
    assert.equal(setAside.length, 1, `the database was set aside: ${setAside.join(', ')}`);
    assert.deepEqual(snapshotDir(dataDir), before);
  });

  it('refuses while a server uses the DATA_DIR, and names it', async () => {
    const { dataDir, key, backup } = await storeAndBackup();
    const port = await freePort();
    const server = spawnTs('bot/index.ts', [], { PORT: String(port), DATA_DIR: dataDir, ENCRYPTION_KEY: key, LOG_LEVEL: 'warn' });
    try {
      await waitForHealth(port, server);
      const names = () => fs.readdirSync(dataDir).filter((name) => !name.endsWith('-wal') && !name.endsWith('-shm')).sort();
      const before = names();
      await assert.rejects(restoreDatabase({ dataDir, from: backup, keyring: keyringOf(key) }), (error: unknown) => {
        assert.ok(error instanceof DataDirInUseError);
        assert.deepEqual(error.users.map((user) => [user.command, user.pid]), [['server', server.process.pid]]);
        assert.match(error.message, new RegExp(`^restore refused: DATA_DIR ${escapeRegExp(dataDir)} is in use by server \\(pid ${server.process.pid}, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\. Stop it and run the restore again; the store was not changed\\.$`));
        return true;
      });
      const run = await restoreCli(['--from', backup], { DATA_DIR: dataDir, ENCRYPTION_KEY: key });
      assert.equal(run.code, 1);
      assert.match(run.stderr, new RegExp(`is in use by server \\(pid ${server.process.pid}, `));
      assert.deepEqual(names(), before, 'nothing set aside, no copy, no lock');
      assert.ok(casesIn(path.join(dataDir, DATABASE_FILE)) >= 7);
    } finally {
      server.process.kill('SIGTERM');
      assert.equal(await server.exited, 0, server.output());
    }
    // Stopped: now it may.
    assert.equal((await restoreDatabase({ dataDir, from: backup, keyring: keyringOf(key) })).counts.cases, 5);
  });

  it('refuses while a process that never registered has the database open (SQLite’s own proof)', async () => {
    const { dataDir, key, backup } = await storeAndBackup();
    const holder = spawn(process.execPath, ['-e', `const db = new (require('better-sqlite3'))(process.argv[1]); db.prepare('SELECT 1').get(); console.log('open'); setInterval(() => {}, 1000);`, path.join(dataDir, DATABASE_FILE)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      holder.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitUntil(() => output.includes('open'), 'the other process has the database open');
      const before = snapshotDir(dataDir);
      await assert.rejects(restoreDatabase({ dataDir, from: backup, keyring: keyringOf(key) }), (error: unknown) => {
        assert.ok(error instanceof DataDirInUseError);
        assert.deepEqual(error.users, []);
        assert.match(error.message, /is open in a process that is not a registered Samordna process \(an sqlite3 shell, or a Samordna of an earlier version\?\)\. Close it and run the restore again; the store was not changed\.$/);
        return true;
      });
      assert.deepEqual(snapshotDir(dataDir), before);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('npm run restore: the summary line; bad arguments and MongoDB get exit code 2', async () => {
    const { dataDir, key, backup } = await storeAndBackup();
    const env = { DATA_DIR: dataDir, ENCRYPTION_KEY: key };
    const run = await restoreCli(['--from', backup], env);
    assert.equal(run.code, 0, run.stderr);
    const database = path.join(dataDir, DATABASE_FILE);
    assert.match(
      run.stdout,
      new RegExp(
        `^restore: ${escapeRegExp(database)} from ${escapeRegExp(backup)} \\(\\d+\\.\\d MB, schema 0, 5 cases, 8 audit entries, 2 outbox messages; verified: integrity ok, sealed values open\\); ` +
          `the database it replaced is kept as ${escapeRegExp(database)}\\.before-restore-\\d{8}T\\d{6}Z; the next start brings it from schema 0 to ${CURRENT_SCHEMA_VERSION}\\n$`,
      ),
    );
    for (const [args, problem] of [
      [[], /give --from <file>: the backup to restore/],
      [['--from'], /argument missing/],
      [['--from', backup, 'extra'], /unexpected argument extra/],
      [['--to', backup], /Unknown option '--to'/],
    ] as [string[], RegExp][]) {
      const bad = await restoreCli(args, env);
      assert.equal(bad.code, 2, args.join(' '));
      assert.match(bad.stderr, problem);
      assert.match(bad.stderr, /usage: npm run restore -- --from <file>\n$/);
    }
    const mongo = await restoreCli(['--from', backup], { ...env, MONGODB_URI: 'mongodb://127.0.0.1:9/samordna' });
    assert.equal(mongo.code, 2);
    assert.match(mongo.stderr, /use mongorestore as docs\/storage\.md describes/);
  });
});
