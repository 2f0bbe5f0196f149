import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { backupDatabase, BackupFailedError, BackupInvalidError, verifyBackup } from '../../services/store/backup';
import { CURRENT_SCHEMA_VERSION } from '../../services/store/migrations';
import { DATABASE_FILE, openSqliteStore } from '../../services/store/sqliteStore';
import { escapeRegExp, ROOT, runProcess, spawnTs, type ProcessRun } from '../support/childProcess';
import { snapshotDir, waitUntil } from '../support/dirSnapshot';
import { keyringOf, newKey, seedStore } from '../support/seededStore';
import { tempDirsRemovedAfter } from '../support/tempStore';

const tempDir = tempDirsRemovedAfter('samordna-backup-');

/** Blocks this thread: stands for a slow disk under the copy, so other processes get to write between its steps. */
const sleepSync = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const countIn = (file: string, table: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
  } finally {
    db.close();
  }
};

/** `npm run backup` as the launcher runs it from source: the TypeScript entry in its own process. */
function backupCli(args: string[], env: Record<string, string>): Promise<ProcessRun> {
  return runProcess(process.execPath, ['--import', 'tsx', 'bot/backupCli.ts', ...args], env);
}

describe('backup of the embedded store', function () {
  this.timeout(60_000);

  describe('backupDatabase', () => {
    it('copies one consistent moment of the store while another process keeps writing, without holding the writer off', async () => {
      const dataDir = await tempDir();
      const key = newKey();
      // About 12 MB: a few hundred steps of 20 pages.
      await seedStore(dataDir, key, { cases: 3000, audit: 3000, padding: 2000 });
      const writer = spawnTs('tests/support/storeWriter.ts', [], { DATA_DIR: dataDir });
      try {
        await waitUntil(() => writer.output().includes('writing') || writer.process.exitCode !== null, 'the writer writes');
        assert.equal(writer.process.exitCode, null, writer.output());
        const live = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
        const liveCases = () => live.prepare('SELECT count(*) FROM cases').pluck().get() as number;
        const to = path.join(await tempDir(), 'backup.sqlite');
        const before = liveCases();
        const seen: number[] = [];
        const result = await backupDatabase({
          dataDir,
          to,
          keyring: keyringOf(key),
          pagesPerStep: 20,
          onStep: () => {
            seen.push(liveCases());
            assert.equal(fs.existsSync(to), false, 'nothing under the target name while it copies');
            sleepSync(2);
          },
        });
        live.close();

        assert.ok(seen.length > 50, `${seen.length} steps`);
        assert.ok(seen[seen.length - 1]! > seen[0]!, `the writer committed while the copy ran (${seen[0]} → ${seen[seen.length - 1]} cases)`);
        const copied = countIn(to, 'cases');
        assert.equal(countIn(to, 'audit'), copied, 'each case with its audit entry: no transaction cut in half');
        assert.ok(copied >= before && copied <= seen[0]!, `the moment the copy began (${before} ≤ ${copied} ≤ ${seen[0]})`);
        assert.equal(result.counts.cases, copied);
        assert.equal(result.counts.audit, copied);
        assert.deepEqual(result.sealedChecked, ['pseudonymisation secret', 'newest case']);
        assert.equal(result.file, to);
        assert.equal(result.bytes, fs.statSync(to).size);
        assert.equal(fs.statSync(to).mode & 0o777, 0o600);
        assert.deepEqual(fs.readdirSync(path.dirname(to)), ['backup.sqlite'], 'one self-contained file, nothing beside it');
        assert.equal(new Database(to, { readonly: true }).pragma('journal_mode', { simple: true }), 'delete');
      } finally {
        writer.process.kill('SIGTERM');
        assert.equal(await writer.exited, 0, writer.output());
      }
    });

    it('a backup stopped half-way leaves nothing behind, and nothing under the target name', async () => {
      const dataDir = await tempDir();
      const key = newKey();
      await seedStore(dataDir, key, { cases: 500, padding: 2000 });
      const dir = await tempDir();
      const to = path.join(dir, 'backup.sqlite');
      const interrupt = new AbortController();
      let steps = 0;
      const backup = backupDatabase({ dataDir, to, keyring: keyringOf(key), pagesPerStep: 10, signal: interrupt.signal, onStep: () => ++steps === 5 && interrupt.abort() });
      await assert.rejects(backup, (error: unknown) => error instanceof BackupFailedError && /interrupted; nothing was written under that name/.test(error.message));
      assert.deepEqual(fs.readdirSync(dir), []);
    });

    it('fails when the configured key does not open the store’s sealed values, saying so and leaving nothing', async () => {
      const dataDir = await tempDir();
      const key = newKey();
      await seedStore(dataDir, key, { cases: 3 });
      const dir = await tempDir();
      const to = path.join(dir, 'backup.sqlite');
      const wrong = keyringOf(newKey());
      await assert.rejects(backupDatabase({ dataDir, to, keyring: wrong }), (error: unknown) => {
        assert.ok(error instanceof BackupFailedError);
        assert.match(error.message, new RegExp(`${escapeRegExp(to)} does not open with the configured encryption key: its pseudonymisation secret is sealed with key [0-9a-f]{12}, and the configured keys \\(ENCRYPTION_KEY, ENCRYPTION_KEY_PREVIOUS\\) are ${wrong.keyId}`));
        assert.match(error.message, new RegExp(`nothing was written under ${escapeRegExp(to)}$`));
        return true;
      });
      assert.deepEqual(fs.readdirSync(dir), []);
    });

    it('fails on a store of a newer schema than this Samordna knows, naming both versions; 0 and the current one are fine', async () => {
      const dataDir = await tempDir();
      const key = newKey();
      await seedStore(dataDir, key, { cases: 1 });
      const dir = await tempDir();
      const setVersion = (version: number) => {
        const db = new Database(path.join(dataDir, DATABASE_FILE));
        db.pragma(`user_version = ${version}`);
        db.close();
      };
      assert.equal((await backupDatabase({ dataDir, to: path.join(dir, 'v0.sqlite'), keyring: keyringOf(key) })).schemaVersion, 0);
      setVersion(CURRENT_SCHEMA_VERSION);
      assert.equal((await backupDatabase({ dataDir, to: path.join(dir, 'current.sqlite'), keyring: keyringOf(key) })).schemaVersion, CURRENT_SCHEMA_VERSION);
      setVersion(CURRENT_SCHEMA_VERSION + 1);
      await assert.rejects(
        backupDatabase({ dataDir, to: path.join(dir, 'newer.sqlite'), keyring: keyringOf(key) }),
        new RegExp(`has schema version ${CURRENT_SCHEMA_VERSION + 1}, written by a newer Samordna; this Samordna knows schema versions up to ${CURRENT_SCHEMA_VERSION}`),
      );
      assert.deepEqual(fs.readdirSync(dir).sort(), ['current.sqlite', 'v0.sqlite']);
    });

    it('never overwrites a file, and never writes over the live database', async () => {
      const dataDir = await tempDir();
      const key = newKey();
      await seedStore(dataDir, key, { cases: 1 });
      const to = path.join(await tempDir(), 'existing.sqlite');
      fs.writeFileSync(to, 'an earlier backup');
      await assert.rejects(backupDatabase({ dataDir, to, keyring: keyringOf(key) }), /already exists, and a backup never overwrites a file/);
      assert.equal(fs.readFileSync(to, 'utf8'), 'an earlier backup');
      const before = snapshotDir(dataDir);
      await assert.rejects(backupDatabase({ dataDir, to: path.join(dataDir, DATABASE_FILE), keyring: keyringOf(key) }), /is the live database itself/);
      assert.deepEqual(snapshotDir(dataDir), before);
      await assert.rejects(backupDatabase({ dataDir: path.join(dataDir, 'nowhere'), to: path.join(dataDir, 'x.sqlite'), keyring: keyringOf(key) }), /there is no database to back up at .*nowhere/);
    });

    it('a store that holds no sealed value yet is backed up, and says so', async () => {
      const dataDir = await tempDir();
      const store = await openSqliteStore({ dataDir });
      await store.collection('meetings').insertOne({ _id: 'm1' });
      await store.close();
      const result = await backupDatabase({ dataDir, to: path.join(await tempDir(), 'b.sqlite'), keyring: keyringOf(newKey()) });
      assert.deepEqual(result.sealedChecked, []);
      assert.deepEqual(result.counts, { cases: 0, audit: 0, outbox: 0 });
    });
  });

  describe('verifyBackup', () => {
    let good = '';
    let key = '';
    before(async () => {
      const dataDir = await tempDir();
      key = newKey();
      await seedStore(dataDir, key, { cases: 20, audit: 30, outbox: 5, padding: 1000 });
      good = path.join(await tempDir(), 'good.sqlite');
      await backupDatabase({ dataDir, to: good, keyring: keyringOf(key) });
    });
    const variant = async (name: string, bytes: Buffer | string): Promise<string> => {
      const file = path.join(await tempDir(), name);
      fs.writeFileSync(file, bytes);
      return file;
    };
    const rejects = (file: string, reason: RegExp) =>
      assert.throws(
        () => verifyBackup(file, keyringOf(key)),
        (error: unknown) => error instanceof BackupInvalidError && error.file === file && reason.test(error.reason),
      );

    it('reports the size, schema version, counts and the sealed values it opened', () => {
      assert.deepEqual(verifyBackup(good, keyringOf(key)), {
        bytes: fs.statSync(good).size,
        schemaVersion: 0,
        counts: { cases: 20, audit: 30, outbox: 5 },
        sealedChecked: ['pseudonymisation secret', 'newest case'],
      });
    });

    it('refuses a truncated file, however it was cut', async () => {
      const bytes = fs.readFileSync(good);
      rejects(await variant('half.sqlite', bytes.subarray(0, Math.floor(bytes.length / 2))), /^is truncated: [\d,]+ bytes/);
      rejects(await variant('pages.sqlite', bytes.subarray(0, bytes.length - 4096)), /^is truncated: [\d,]+ bytes of the [\d,]+ its header declares$/);
      rejects(await variant('header.sqlite', bytes.subarray(0, 60)), /^is truncated: 60 bytes, less than SQLite’s 100-byte header$/);
      rejects(await variant('empty.sqlite', ''), /^is empty$/);
    });

    it('refuses a file that is not a SQLite database, and a SQLite database that is not Samordna’s', async () => {
      rejects(await variant('notes.sqlite', 'samordna backup 2026-12-04\n'), /^is not a SQLite database/);
      const foreign = path.join(await tempDir(), 'foreign.sqlite');
      const db = new Database(foreign);
      db.exec("CREATE TABLE notes (title TEXT, body TEXT); INSERT INTO notes VALUES ('a', 'b')");
      db.close();
      rejects(foreign, /^is a SQLite database but not a Samordna store: it has no table _list_paths/);
      const lookalike = path.join(await tempDir(), 'lookalike.sqlite');
      fs.copyFileSync(good, lookalike);
      const extra = new Database(lookalike);
      extra.exec('CREATE TABLE notes (title TEXT, body TEXT)');
      extra.close();
      rejects(lookalike, /^is a SQLite database but not a Samordna store: its table "notes" has the columns title, body, not _id, doc$/);
    });

    it('refuses a backup whose sealed values were altered', async () => {
      const altered = path.join(await tempDir(), 'altered.sqlite');
      fs.copyFileSync(good, altered);
      const db = new Database(altered);
      const doc = JSON.parse(db.prepare(`SELECT doc FROM secrets`).pluck().get() as string) as { sealed: { data: string } };
      doc.sealed.data = Buffer.alloc(Buffer.from(doc.sealed.data, 'base64').length, 1).toString('base64');
      db.prepare('UPDATE secrets SET doc = ?').run(JSON.stringify(doc));
      db.close();
      rejects(altered, /^is damaged: its pseudonymisation secret does not open with its key [0-9a-f]{12} \(the sealed data was altered\)$/);
    });
  });

  describe('npm run backup', () => {
    let dataDir = '';
    let key = '';
    before(async () => {
      dataDir = await tempDir();
      key = newKey();
      // About 2.5 MB: larger than the limits of the full-disk tests below.
      await seedStore(dataDir, key, { cases: 20, audit: 30, outbox: 5, padding: 40_000 });
    });
    const env = () => ({ DATA_DIR: dataDir, ENCRYPTION_KEY: key });

    it('prints one summary line, the file owner-only', async () => {
      const to = path.join(await tempDir(), 'b.sqlite');
      const run = await backupCli(['--to', to], env());
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stdout,
        new RegExp(`^backup: ${escapeRegExp(to)}, \\d+\\.\\d MB, schema 0, 20 cases, 30 audit entries, 5 outbox messages; verified \\(integrity ok, sealed values open\\) in \\d+\\.\\d s\\n$`),
      );
      assert.equal(fs.statSync(to).mode & 0o777, 0o600);
      assert.doesNotMatch(run.stdout + run.stderr, /Patient \d/, 'no patient data printed');
    });

    it('--dir --keep n: a file per run named by its UTC time; then only the oldest files of that pattern beyond n go', async () => {
      const dir = await tempDir();
      const others = ['samordna-notes.txt', 'samordna-20200101T000000Z.sqlite.copy', 'samordna-2020-01-01.sqlite', 'other-20200101T000000Z.sqlite'];
      const older = ['samordna-20241201T021500Z.sqlite', 'samordna-20251201T021500Z.sqlite', 'samordna-20261101T021500Z.sqlite'];
      for (const name of [...others, ...older]) fs.writeFileSync(path.join(dir, name), name);

      const failing = await backupCli(['--dir', dir, '--keep', '1'], { ...env(), ENCRYPTION_KEY: newKey() });
      assert.equal(failing.code, 1, failing.stdout);
      assert.match(failing.stderr, /does not open with the configured encryption key/);
      assert.deepEqual(fs.readdirSync(dir).sort(), [...others, ...older].sort(), 'a failed night removes nothing');

      const run = await backupCli(['--dir', dir, '--keep', '2'], env());
      assert.equal(run.code, 0, run.stderr);
      const written = /^backup: (\S+), /.exec(run.stdout)![1]!;
      assert.match(path.basename(written), /^samordna-\d{8}T\d{6}Z\.sqlite$/);
      assert.ok(Math.abs(Date.parse(path.basename(written).replace(/^samordna-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z.*/, '$1-$2-$3T$4:$5:$6Z')) - Date.now()) < 60_000, 'named by the UTC time now');
      assert.match(run.stdout, /; removed 2 older backups \(samordna-20241201T021500Z\.sqlite, samordna-20251201T021500Z\.sqlite\)\n$/);
      assert.deepEqual(fs.readdirSync(dir).sort(), [...others, 'samordna-20261101T021500Z.sqlite', path.basename(written)].sort());
    });

    it('refuses bad arguments with the usage and exit code 2', async () => {
      const cases: [string[], RegExp][] = [
        [[], /give either --to <file> or --dir <directory>/],
        [['--to'], /argument missing/],
        [['--to', 'a.sqlite', '--dir', 'b'], /give either --to <file> or --dir <directory>/],
        [['--to', 'a.sqlite', '--keep', '3'], /--keep goes with --dir/],
        [['--dir', 'b', '--keep', '0'], /--keep must be at least 1/],
        [['--dir', 'b', '--keep', 'two'], /--keep must be a number/],
        [['--dir', 'b', '--keep', '1.5'], /--keep must be a whole number/],
        [['--to', 'a.sqlite', 'b.sqlite'], /unexpected argument b\.sqlite/],
        [['--from', 'a.sqlite'], /Unknown option '--from'/],
      ];
      for (const [args, problem] of cases) {
        const run = await backupCli(args, env());
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, problem, args.join(' '));
        assert.match(run.stderr, /usage: npm run backup -- --to <file>\n {7}npm run backup -- --dir <directory> \[--keep <n>\]\n$/);
      }
      assert.deepEqual(fs.readdirSync(ROOT).filter((name) => name === 'b' || name.endsWith('.sqlite')), [], 'nothing written');
    });

    it('with MongoDB configured, points to mongodump (exit 2)', async () => {
      const run = await backupCli(['--to', path.join(await tempDir(), 'b.sqlite')], { ...env(), MONGODB_URI: 'mongodb://127.0.0.1:9/samordna' });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /works on the embedded store only, and MONGODB_URI is set: use mongodump as docs\/storage\.md describes/);
    });

    it('a target beyond the file size limit: a clear message, nothing under the target name, the store as it was', async () => {
      const dir = await tempDir();
      const to = path.join(dir, 'b.sqlite');
      const before = snapshotDir(dataDir);
      // 512 KB (bash counts in KB). SQLite reports the refused write as a plain I/O error; the message must still say why.
      const run = await runProcess('bash', ['-c', 'ulimit -f 512 && exec "$0" --import tsx bot/backupCli.ts --to "$1"', process.execPath, to], env());
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(`^backup to ${escapeRegExp(to)} failed while copying the database: it needs about \\d+\\.\\d MB, but this process may not write files larger than 0\\.5 MB \\(its file size limit, ulimit -f or LimitFSIZE\\); nothing was written under ${escapeRegExp(to)}\\n$`),
      );
      assert.deepEqual(fs.readdirSync(dir), []);
      assert.deepEqual(snapshotDir(dataDir), before);
    });

    const canMountTmpfs = spawnSync('unshare', ['-Urm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt']).status === 0;
    (canMountTmpfs ? it : it.skip)('a target on a full disk (a small tmpfs in a user namespace): a clear message, nothing left, the store as it was', async () => {
      const mountPoint = await tempDir();
      const to = path.join(mountPoint, 'b.sqlite');
      const before = snapshotDir(dataDir);
      const run = await runProcess(
        'unshare',
        ['-Urm', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$1" && "$0" --import tsx bot/backupCli.ts --to "$2"; code=$?; echo "left: [$(ls -A "$1")]" >&2; exit $code', process.execPath, mountPoint, to],
        env(),
      );
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(
        run.stderr,
        new RegExp(`^backup to ${escapeRegExp(to)} not started: the disk holding ${escapeRegExp(mountPoint)} has \\d+\\.\\d MB free, the backup needs about \\d+\\.\\d MB; nothing was written\\n`),
      );
      assert.match(run.stderr, /\nleft: \[\]\n$/);
      assert.deepEqual(snapshotDir(dataDir), before);
    });
  });
});
