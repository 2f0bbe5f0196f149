import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as sinon from 'sinon';
import { DataDirLockedError, openEmbeddedStore, type StoreLogger } from '../../services/store/embeddedStore';
import { DuplicateKeyError, type DocumentStore } from '../../services/store/documentStore';
import { openStore } from '../../services/store/openStore';
import { documentStoreContract } from './documentStore.contract';

const repoRoot = path.resolve(__dirname, '..', '..');
const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'samordna-store-'));
  tempDirs.push(dir);
  return dir;
}

after(async () => {
  for (const dir of tempDirs) await fsp.rm(dir, { recursive: true, force: true });
});

function spyLogger(): StoreLogger & { warn: sinon.SinonSpy; info: sinon.SinonSpy } {
  return { warn: sinon.spy(), info: sinon.spy() };
}

/** Runs `code` (CommonJS) in a fresh Node process that can require the project's TypeScript. */
function nodeChild(code: string, env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function runChild(code: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = nodeChild(code, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  assert.ok(pid);
  return pid;
}

async function writeLock(dir: string, pid: number): Promise<void> {
  const lock = { pid, startedAt: '2025-01-01T00:00:00.000Z', hostname: os.hostname() };
  await fsp.writeFile(path.join(dir, 'samordna.lock'), JSON.stringify(lock));
}

async function readLockFile(dir: string): Promise<{ pid: number; startedAt: string; hostname: string }> {
  return JSON.parse(await fsp.readFile(path.join(dir, 'samordna.lock'), 'utf8')) as {
    pid: number;
    startedAt: string;
    hostname: string;
  };
}

const exists = (file: string): Promise<boolean> =>
  fsp.access(file).then(
    () => true,
    () => false,
  );

describe('embedded store (nedb)', () => {
  let contractDir = '';
  documentStoreContract(
    'embedded',
    async () => {
      contractDir ||= await tempDir();
      return openEmbeddedStore({ dataDir: contractDir });
    },
    async () => {
      await fsp.rm(contractDir, { recursive: true, force: true });
      contractDir = '';
    },
  );

  describe('files and lock', () => {
    let store: DocumentStore | null = null;
    afterEach(async () => {
      await store?.close();
      store = null;
    });

    it('creates a missing DATA_DIR owner-only, one <name>.db per collection, and a lock it removes on close', async () => {
      const dir = path.join(await tempDir(), 'nested', 'data');
      store = await openEmbeddedStore({ dataDir: dir });
      assert.equal((await fsp.stat(dir)).mode & 0o777, 0o700);
      const lock = await readLockFile(dir);
      assert.equal(lock.pid, process.pid);
      assert.equal(lock.hostname, os.hostname());
      assert.ok(!Number.isNaN(Date.parse(lock.startedAt)));

      await store.collection('meetings').insertOne({ _id: 'm1' });
      await store.collection('cases').insertOne({ _id: 'c1' });
      assert.deepStrictEqual((await fsp.readdir(dir)).filter((f) => f.endsWith('.db')).sort(), ['cases.db', 'meetings.db']);
      assert.equal((await fsp.stat(path.join(dir, 'cases.db'))).mode & 0o777, 0o600);

      await store.close();
      await store.close(); // idempotent
      store = null;
      assert.equal(await exists(path.join(dir, 'samordna.lock')), false);
    });

    it('refuses collection names that are not plain file names', async () => {
      store = await openEmbeddedStore({ dataDir: await tempDir() });
      assert.throws(() => store?.collection('../escape'), /invalid collection name/);
      assert.throws(() => store?.collection(''), /invalid collection name/);
    });

    it('refuses a second process with a message naming the DATA_DIR and the holder pid', async function () {
      this.timeout(15000);
      const dir = await tempDir();
      store = await openEmbeddedStore({ dataDir: dir });
      const child = await runChild(
        `require('./services/store/embeddedStore.ts').openEmbeddedStore({ dataDir: process.env.DIR }).then(
           () => { console.log('OPENED'); process.exit(0); },
           (err) => { console.log(err.name + ': ' + err.message); process.exit(3); });`,
        { DIR: dir },
      );
      assert.equal(child.status, 3, child.stdout + child.stderr);
      assert.equal(
        child.stdout.trim(),
        `DataDirLockedError: DATA_DIR ${dir} is in use by another Samordna process (pid ${process.pid}). ` +
          'Stop it first, or point DATA_DIR elsewhere.',
      );
      // The refused process must not have disturbed the lock.
      assert.equal((await readLockFile(dir)).pid, process.pid);
      await store.ping();
    });

    it('refuses a second open of the same DATA_DIR in this process, and allows it after close', async () => {
      const dir = await tempDir();
      store = await openEmbeddedStore({ dataDir: dir });
      await assert.rejects(openEmbeddedStore({ dataDir: dir + path.sep }), /already open in this process/);
      await store.close();
      store = await openEmbeddedStore({ dataDir: dir });
    });

    it('throws DataDirLockedError while the lock holder is alive (checked in-process)', async () => {
      const dir = await tempDir();
      await writeLock(dir, process.ppid);
      await assert.rejects(openEmbeddedStore({ dataDir: dir }), (err: unknown) => {
        assert.ok(err instanceof DataDirLockedError);
        assert.equal(err.pid, process.ppid);
        assert.equal(err.dataDir, dir);
        return true;
      });
      assert.equal((await readLockFile(dir)).pid, process.ppid);
    });

    it('takes over a stale lock whose process is dead, with a warning', async () => {
      const dir = await tempDir();
      const stale = deadPid();
      await writeLock(dir, stale);
      const logger = spyLogger();
      store = await openEmbeddedStore({ dataDir: dir, logger });
      assert.equal((await readLockFile(dir)).pid, process.pid);
      assert.ok(logger.warn.calledOnce);
      assert.equal((logger.warn.firstCall.args[0] as { stalePid: number }).stalePid, stale);
    });

    it('takes over a lock carrying our own pid (a previous run with the same pid, as in containers)', async () => {
      const dir = await tempDir();
      await writeLock(dir, process.pid);
      const logger = spyLogger();
      store = await openEmbeddedStore({ dataDir: dir, logger });
      assert.ok(logger.warn.calledOnce);
      assert.notEqual((await readLockFile(dir)).startedAt, '2025-01-01T00:00:00.000Z');
    });

    it('takes over an unreadable lock file (crash between creating and writing it)', async () => {
      const dir = await tempDir();
      await fsp.writeFile(path.join(dir, 'samordna.lock'), '');
      store = await openEmbeddedStore({ dataDir: dir });
      assert.equal((await readLockFile(dir)).pid, process.pid);
    });

    it('ping rejects once the lock file is gone or the store is closed', async () => {
      const dir = await tempDir();
      store = await openEmbeddedStore({ dataDir: dir });
      await store.ping();
      await fsp.rm(path.join(dir, 'samordna.lock'));
      await assert.rejects(store.ping(), /lost the lock/);
      await writeLock(dir, process.pid);
      await store.ping();
      await store.close();
      await assert.rejects(store.ping(), /closed/);
      await assert.rejects(store.collection('x').count({}), /closed/);
      store = null;
    });

    it('refuses to open a corrupt collection file and releases the lock', async () => {
      const dir = await tempDir();
      await fsp.writeFile(path.join(dir, 'cases.db'), 'not json\nnot json either\n{"_id":"ok"}\n');
      await assert.rejects(openEmbeddedStore({ dataDir: dir }), /corrupt/);
      assert.equal(await exists(path.join(dir, 'samordna.lock')), false);
      await fsp.rm(path.join(dir, 'cases.db'));
      store = await openEmbeddedStore({ dataDir: dir });
    });

    it('making an existing index unique enforces it, also after reopening', async () => {
      const dir = await tempDir();
      store = await openEmbeddedStore({ dataDir: dir });
      let roster = store.collection<{ _id: string; m: string; u: string }>('roster');
      await roster.ensureIndexes([{ name: 'm_u', fields: { m: 1, u: 1 } }]);
      await roster.insertOne({ _id: '1', m: 'm', u: 'u' });
      await roster.insertOne({ _id: '2', m: 'm', u: 'u' });
      await roster.deleteMany({ _id: '2' });
      await roster.ensureIndexes([{ name: 'm_u', fields: { m: 1, u: 1 }, unique: true }]);
      await assert.rejects(roster.insertOne({ _id: '3', m: 'm', u: 'u' }), DuplicateKeyError);
      await store.close();

      store = await openEmbeddedStore({ dataDir: dir });
      roster = store.collection('roster');
      await assert.rejects(roster.insertOne({ _id: '3', m: 'm', u: 'u' }), DuplicateKeyError);
    });

    it('openStore picks the embedded store when no MongoDB URI is configured', async () => {
      store = await openStore({ mongodbUri: '', dataDir: await tempDir() });
      assert.equal(store.kind, 'embedded');
      await store.close();
      store = await openStore({ mongodbUri: null, dataDir: await tempDir() });
      assert.equal(store.kind, 'embedded');
    });

    it('drops a torn last line (an append cut short by a kill) and keeps every complete document', async () => {
      const dir = await tempDir();
      store = await openEmbeddedStore({ dataDir: dir });
      for (const id of ['a', 'b', 'c']) await store.collection('docs').insertOne({ _id: id });
      await store.close();
      await fsp.appendFile(path.join(dir, 'docs.db'), '{"_id":"d","payl');

      const logger = spyLogger();
      store = await openEmbeddedStore({ dataDir: dir, logger });
      const docs = await store.collection('docs').find({}, { sort: { _id: 1 } });
      assert.deepStrictEqual(docs, [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]);
      assert.ok(logger.warn.calledWithMatch({ droppedBytes: '{"_id":"d","payl'.length }));
      for (const line of (await fsp.readFile(path.join(dir, 'docs.db'), 'utf8')).split('\n').filter(Boolean)) {
        JSON.parse(line);
      }
    });
  });

  describe('durability', () => {
    it('every insert that resolved survives SIGKILL of the writing process, none half-written', async function () {
      this.timeout(20000);
      const dir = await tempDir();
      const child = nodeChild(
        `const { openEmbeddedStore } = require('./services/store/embeddedStore.ts');
         (async () => {
           const store = await openEmbeddedStore({ dataDir: process.env.DIR });
           const docs = store.collection('docs');
           let next = 0;
           const writer = async (w) => {
             for (;;) {
               const id = 'w' + w + '-' + next++;
               await docs.insertOne({ _id: id, at: new Date(1700000000000 + next), payload: (id + ';').repeat(3000) });
               process.stdout.write(id + '\\n');
             }
           };
           await Promise.all([0, 1, 2, 3].map(writer));
         })().catch((err) => { console.error(err); process.exit(1); });`,
        { DIR: dir },
      );
      let output = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.split('\n').length > 60) child.kill('SIGKILL');
      });
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
      assert.equal(signal, 'SIGKILL', stderr);
      // Only complete lines: each was printed after its insert had resolved.
      const acknowledged = output.split('\n').slice(0, -1);
      assert.ok(acknowledged.length >= 60, `only ${acknowledged.length} acknowledged inserts`);

      // Before any repair: every newline-terminated line in the file is a whole JSON document.
      const raw = await fsp.readFile(path.join(dir, 'docs.db'), 'utf8');
      for (const line of raw.split('\n').slice(0, -1).filter(Boolean)) JSON.parse(line);

      const store = await openEmbeddedStore({ dataDir: dir }); // takes over the dead child's lock
      try {
        const docs = store.collection<{ _id: string; at: Date; payload: string }>('docs');
        for (const id of acknowledged) {
          const doc = await docs.findOne({ _id: id });
          assert.ok(doc, `acknowledged insert ${id} was lost`);
          assert.equal(doc.payload, (id + ';').repeat(3000));
          assert.ok(doc.at instanceof Date);
        }
        for (const doc of await docs.find({})) assert.equal(doc.payload, (doc._id + ';').repeat(3000));
      } finally {
        await store.close();
      }
    });
  });
});
