import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import {
  commandOfThisProcess,
  databaseOpenElsewhere,
  dataDirUsers,
  registerDataDirUser,
  RestoreInProgressError,
  takeRestoreLock,
} from '../../services/store/dataDirUsers';
import { DATABASE_FILE, openSqliteStore } from '../../services/store/sqliteStore';
import { ROOT } from '../support/childProcess';
import { tempDirsRemovedAfter } from '../support/tempStore';

const tempDir = tempDirsRemovedAfter('samordna-users-');

/** The pid of a process that has exited (and, right after, is not reused). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

function writeRegistration(dataDir: string, name: string, content: object): string {
  fs.mkdirSync(path.join(dataDir, 'processes'), { recursive: true });
  const file = path.join(dataDir, 'processes', name);
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('who uses a DATA_DIR (dataDirUsers)', () => {
  it('an open embedded store is registered under the command of its process, and unregistered when closed', async () => {
    const dataDir = await tempDir();
    const store = await openSqliteStore({ dataDir });
    const users = dataDirUsers(dataDir);
    assert.equal(users.length, 1);
    assert.equal(users[0]!.pid, process.pid);
    assert.equal(users[0]!.command, commandOfThisProcess());
    assert.ok(!Number.isNaN(Date.parse(users[0]!.since)));
    await store.close();
    assert.deepEqual(dataDirUsers(dataDir), []);
    assert.deepEqual(fs.readdirSync(path.join(dataDir, 'processes')), []);
  });

  it('names processes by their entry point, never by their other arguments', () => {
    assert.equal(commandOfThisProcess(['node', '/srv/samordna/dist/bot/index.js']), 'server');
    assert.equal(commandOfThisProcess(['node', '/srv/samordna/bot/jobCli.ts', 'agenda', '--at', '2026-11-24T06:00:00Z']), 'job agenda');
    assert.equal(commandOfThisProcess(['node', 'dist/bot/auditExtractCli.js', '--personnummer', '19121212-1212']), 'audit-extract');
    assert.equal(commandOfThisProcess(['node', 'dist/bot/jobCli.js', '19121212-1212']), 'job');
    assert.equal(commandOfThisProcess(['node', 'bench/scale.bench.ts']), 'node scale.bench');
  });

  it('registrations of processes that are gone, or whose pid now belongs to another process, are stale: ignored and removed', async () => {
    const dataDir = await tempDir();
    const gone = writeRegistration(dataDir, `${await deadPid()}-aa.json`, { pid: 0, command: 'server', since: '2026-12-01T00:00:00.000Z', processStart: null });
    const dead = await deadPid();
    const died = writeRegistration(dataDir, `${dead}-bb.json`, { pid: dead, command: 'server', since: '2026-12-01T00:00:00.000Z', processStart: null });
    // This very pid, but started at another time: a restart in a container that reuses pid 1, say.
    const reused = writeRegistration(dataDir, `${process.pid}-cc.json`, { pid: process.pid, command: 'job agenda', since: '2026-12-01T00:00:00.000Z', processStart: '1' });
    const live = registerDataDirUser(dataDir, { command: 'server' });
    try {
      assert.deepEqual(dataDirUsers(dataDir).map((user) => user.command), ['server']);
      // The one with pid 0 in it does not match its name: unreadable, counted by its name's pid, which is dead.
      for (const file of [gone, died, reused]) assert.equal(fs.existsSync(file), false, `${path.basename(file)} removed`);
    } finally {
      live.release();
    }
  });

  it('while a restore holds the lock, the store refuses to open and names the restore', async () => {
    const dataDir = await tempDir();
    // The lock of another, live process: this test's parent (mocha's own pid is exempt as the restorer).
    fs.writeFileSync(path.join(dataDir, 'restore.lock'), JSON.stringify({ pid: process.ppid, command: 'restore', since: '2026-12-04T10:00:00.000Z', processStart: null }));
    await assert.rejects(openSqliteStore({ dataDir }), (error: unknown) => {
      assert.ok(error instanceof RestoreInProgressError);
      assert.match(error.message, new RegExp(`being restored from a backup \\(npm run restore, pid ${process.ppid}, since 2026-12-04T10:00:00.000Z\\)`));
      return true;
    });
    assert.deepEqual(dataDirUsers(dataDir), [], 'the refused opener left no registration');
    assert.equal(fs.existsSync(path.join(dataDir, DATABASE_FILE)), false, 'nor a database file');
  });

  it('a restore lock whose process is gone does not stop anyone, and is taken over by the next restore', async () => {
    const dataDir = await tempDir();
    const dead = await deadPid();
    fs.writeFileSync(path.join(dataDir, 'restore.lock'), JSON.stringify({ pid: dead, command: 'restore', since: '2026-12-04T10:00:00.000Z', processStart: null }));
    const store = await openSqliteStore({ dataDir });
    await store.close();
    const lock = takeRestoreLock(dataDir);
    try {
      assert.equal(JSON.parse(fs.readFileSync(path.join(dataDir, 'restore.lock'), 'utf8')).pid, process.pid);
      assert.throws(() => takeRestoreLock(dataDir), RestoreInProgressError, 'one restore at a time');
    } finally {
      lock.release();
    }
    assert.equal(fs.existsSync(path.join(dataDir, 'restore.lock')), false);
    assert.deepEqual(fs.readdirSync(dataDir).filter((name) => name.startsWith('.')), [], 'no draft left');
  });

  const canMountTmpfs = spawnSync('unshare', ['-Urm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt']).status === 0;
  (canMountTmpfs ? it : it.skip)('on a full file system a process goes on unregistered, with a warning, and still respects a restore', async () => {
    const dataDir = await tempDir();
    // In a user namespace: a 64 KB tmpfs over dataDir, filled to the last byte, then a registration;
    // the second time with the lock of a live restore (the shell's own pid) written before the filling.
    const script = `
      const fs = require('node:fs');
      const { registerDataDirUser, dataDirUsers } = require('./services/store/dataDirUsers');
      const dir = process.argv[1];
      const fd = fs.openSync(dir + '/filler', 'w');
      try { for (;;) fs.writeSync(fd, Buffer.alloc(1024)); } catch (error) { if (error.code !== 'ENOSPC') throw error; }
      try { for (;;) fs.writeSync(fd, Buffer.alloc(1)); } catch (error) { if (error.code !== 'ENOSPC') throw error; }
      const warnings = [];
      const registration = registerDataDirUser(dir, { command: 'server', logger: { warn: (obj, msg) => warnings.push(obj.code + ': ' + msg) } });
      console.log(JSON.stringify({ warnings, users: dataDirUsers(dir) }));
      registration.release();
    `;
    const fill = (lock: boolean) =>
      spawnSync(
        'unshare',
        ['-Urm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs "$1" && ${lock ? `echo '{"pid":'$$',"command":"restore","since":"x"}' > "$1/restore.lock" && ` : ''}"$0" --import tsx -e "$2" "$1"`, process.execPath, dataDir, script],
        { cwd: ROOT, encoding: 'utf8' },
      );
    const full = fill(false);
    assert.equal(full.status, 0, full.stderr);
    const report = JSON.parse(full.stdout) as { warnings: string[]; users: unknown[] };
    assert.deepEqual(report.users, []);
    assert.match(report.warnings.join('\n'), /^ENOSPC: could not register this process in DATA_DIR\/processes \(the file system takes no new file\): a restore will not be able to name it$/);
    const locked = fill(true);
    assert.notEqual(locked.status, 0);
    assert.match(locked.stderr, /is being restored from a backup \(npm run restore, pid \d+, since x\)/);
  });

  it('SQLite proves whether any other connection has the database open, even an idle one', async () => {
    const dataDir = await tempDir();
    const file = path.join(dataDir, DATABASE_FILE);
    assert.equal(databaseOpenElsewhere(file), false, 'no file, nobody');
    const store = await openSqliteStore({ dataDir });
    await store.collection('cases').insertOne({ _id: 'a' });
    assert.equal(databaseOpenElsewhere(file), true);
    await store.close();
    assert.equal(databaseOpenElsewhere(file), false);
    const db = new Database(file);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal', 'left in WAL mode');
    assert.equal(databaseOpenElsewhere(file), true, 'a plain connection, registered nowhere');
    db.close();
    fs.writeFileSync(file, 'not a database at all, as a damaged store might be');
    assert.equal(databaseOpenElsewhere(file), false);
  });
});
