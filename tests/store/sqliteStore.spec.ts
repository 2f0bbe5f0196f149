import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import * as sinon from 'sinon';
import type { DocumentStore } from '../../services/store/documentStore';
import { openStore } from '../../services/store/openStore';
import { openRepositories } from '../../services/store/repositories';
import { DATABASE_FILE, openSqliteStore } from '../../services/store/sqliteStore';
import { documentStoreContract } from './documentStore.contract';
import { spyLogger, tempDirsRemovedAfter } from '../support/tempStore';

const repoRoot = path.resolve(__dirname, '..', '..');
const tempDir = tempDirsRemovedAfter('samordna-store-');

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

const modeOf = async (file: string): Promise<number> => (await fsp.stat(file)).mode & 0o777;

/** Every SQL text better-sqlite3 is asked to prepare while `work` runs. */
async function preparedDuring(work: () => Promise<void>): Promise<string[]> {
  const prepare = sinon.spy(Database.prototype, 'prepare');
  try {
    await work();
    return prepare.getCalls().map((call) => String(call.args[0]));
  } finally {
    prepare.restore();
  }
}

describe('embedded store (SQLite)', () => {
  let contractDir = '';
  documentStoreContract(
    'embedded',
    async () => {
      contractDir ||= await tempDir();
      return openSqliteStore({ dataDir: contractDir });
    },
    async () => {
      await fsp.rm(contractDir, { recursive: true, force: true });
      contractDir = '';
    },
  );

  let store: DocumentStore | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
  });

  describe('files', () => {
    it('creates a missing DATA_DIR owner-only, with one database whose files are owner-only too', async () => {
      const dir = path.join(await tempDir(), 'nested', 'data');
      store = await openSqliteStore({ dataDir: dir });
      await store.collection('meetings').insertOne({ _id: 'm1' });
      await store.collection('cases').insertOne({ _id: 'c1' });
      assert.equal(await modeOf(dir), 0o700);
      const files = (await fsp.readdir(dir)).filter((name) => name !== 'processes').sort();
      assert.deepStrictEqual(files, [DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`]);
      for (const file of files) assert.equal(await modeOf(path.join(dir, file)), 0o600, file);
      // Beside them only the registry of the processes using DATA_DIR (dataDirUsers.ts), as private.
      assert.equal(await modeOf(path.join(dir, 'processes')), 0o700);
      for (const file of await fsp.readdir(path.join(dir, 'processes'))) assert.equal(await modeOf(path.join(dir, 'processes', file)), 0o600, file);
      assert.equal(new Database(path.join(dir, DATABASE_FILE), { readonly: true }).pragma('journal_mode', { simple: true }), 'wal');
      await store.close();
      await store.close(); // idempotent
      store = null;
    });

    it('makes an existing DATA_DIR and database file owner-only, and says so', async () => {
      const dir = await tempDir();
      await fsp.chmod(dir, 0o755);
      await fsp.writeFile(path.join(dir, DATABASE_FILE), '', { mode: 0o644 });
      await fsp.chmod(path.join(dir, DATABASE_FILE), 0o644);
      const logger = spyLogger();
      store = await openSqliteStore({ dataDir: dir, logger });
      assert.equal(await modeOf(dir), 0o700);
      assert.equal(await modeOf(path.join(dir, DATABASE_FILE)), 0o600);
      assert.ok(logger.warn.calledWithMatch({ dataDir: dir, was: '755' }));
      assert.ok(logger.warn.calledWithMatch({ file: DATABASE_FILE, was: '644' }));
    });

    it('refuses collection names that are not plain names', async () => {
      store = await openSqliteStore({ dataDir: await tempDir() });
      for (const name of ['../escape', '', 'a"b', 'items; DROP TABLE x']) assert.throws(() => store?.collection(name), /invalid collection name/);
    });

    it('ping rejects once the database file is gone or the store is closed', async () => {
      const dir = await tempDir();
      store = await openSqliteStore({ dataDir: dir });
      await store.ping();
      await fsp.rename(path.join(dir, DATABASE_FILE), path.join(dir, 'moved'));
      await assert.rejects(store.ping());
      await fsp.rename(path.join(dir, 'moved'), path.join(dir, DATABASE_FILE));
      await store.ping();
      await store.close();
      await assert.rejects(store.ping(), /closed/);
      await assert.rejects(store.collection('x').count({}), /closed/);
      store = null;
    });

    it('openStore picks SQLite when no MongoDB URI is configured', async () => {
      store = await openStore({ mongodbUri: '', dataDir: await tempDir() });
      assert.equal(store.kind, 'embedded');
      await store.close();
      store = await openStore({ mongodbUri: null, dataDir: await tempDir() });
      assert.equal(store.kind, 'embedded');
    });

    it('a second store on the same DATA_DIR in this process shares the data', async () => {
      const dir = await tempDir();
      store = await openSqliteStore({ dataDir: dir });
      const second = await openSqliteStore({ dataDir: dir });
      try {
        await store.collection('docs').insertOne({ _id: 'a' });
        assert.equal(await second.collection('docs').count({}), 1);
      } finally {
        await second.close();
      }
    });
  });

  describe('several processes on one DATA_DIR', () => {
    it('a conditional claim is atomic across processes: of four racing processes, one claims each job', async function () {
      this.timeout(30_000);
      const dir = await tempDir();
      store = await openSqliteStore({ dataDir: dir });
      const jobs = store.collection<{ _id: string; status: string; by: string | null }>('jobs');
      const ids = Array.from({ length: 200 }, (_, i) => `job-${String(i).padStart(3, '0')}`);
      await store.transaction(async () => {
        for (const id of ids) await jobs.insertOne({ _id: id, status: 'pending', by: null });
      });
      const claimer = `
        const { openSqliteStore } = require('./services/store/sqliteStore.ts');
        (async () => {
          const store = await openSqliteStore({ dataDir: process.env.DIR });
          const jobs = store.collection('jobs');
          const ids = JSON.parse(process.env.IDS);
          const claimed = [];
          for (const id of ids) {
            if (await jobs.updateOne({ _id: id, status: 'pending' }, { $set: { status: 'claimed', by: process.env.NAME } })) claimed.push(id);
          }
          await store.close();
          process.stdout.write(JSON.stringify(claimed));
        })().catch((err) => { console.error(err); process.exit(1); });`;
      // Each walks the jobs in its own order, so the claims really interleave.
      const orders = [ids, [...ids].reverse(), [...ids.slice(100), ...ids.slice(0, 100)], [...ids.slice(50), ...ids.slice(0, 50)]];
      const runs = await Promise.all(orders.map((order, i) => runChild(claimer, { DIR: dir, IDS: JSON.stringify(order), NAME: `p${i}` })));
      const claims = new Map<string, string>();
      runs.forEach((run, i) => {
        assert.equal(run.status, 0, run.stderr);
        for (const id of JSON.parse(run.stdout) as string[]) {
          assert.ok(!claims.has(id), `${id} claimed by p${i} and ${claims.get(id)}`);
          claims.set(id, `p${i}`);
        }
      });
      assert.equal(claims.size, ids.length);
      for (const job of await jobs.find({})) assert.equal(job.by, claims.get(job._id), job._id);
    });

    it('a write waits for another process to finish its transaction instead of failing', async function () {
      this.timeout(20_000);
      const dir = await tempDir();
      store = await openSqliteStore({ dataDir: dir });
      const docs = store.collection('docs');
      const holder = nodeChild(
        `const Database = require('better-sqlite3');
         const db = new Database(require('node:path').join(process.env.DIR, '${DATABASE_FILE}'));
         db.exec('BEGIN IMMEDIATE');
         db.prepare('INSERT INTO docs (_id, doc) VALUES (?, ?)').run('theirs', JSON.stringify({ _id: 'theirs' }));
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 600);`,
        { DIR: dir },
      );
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      await docs.insertOne({ _id: 'ours' });
      assert.deepStrictEqual((await docs.find({}, { sort: { _id: 1 } })).map((doc) => doc._id), ['ours', 'theirs']);
      await new Promise((resolve) => holder.on('close', resolve));
    });

    it('finds by list semantics what another process stored as a list at a path new to this one', async function () {
      this.timeout(20_000);
      const dir = await tempDir();
      store = await openSqliteStore({ dataDir: dir });
      const docs = store.collection<{ _id: string; tags: string | string[] }>('docs');
      await docs.insertOne({ _id: 'plain', tags: 'y' });
      assert.equal(await docs.count({ tags: 'y' }), 1);
      const writer = await runChild(
        `require('./services/store/sqliteStore.ts').openSqliteStore({ dataDir: process.env.DIR }).then(async (store) => {
           await store.collection('docs').insertOne({ _id: 'list', tags: ['x', 'y'] });
           await store.close();
         });`,
        { DIR: dir },
      );
      assert.equal(writer.status, 0, writer.stderr);
      assert.deepStrictEqual((await docs.find({ tags: 'y' }, { sort: { _id: 1 } })).map((doc) => doc._id), ['list', 'plain']);
      assert.equal(await docs.count({ tags: { $ne: 'x' } }), 1);
    });
  });

  describe('queries', () => {
    it('follows lists along dotted paths and sorts by a list as MongoDB does', async () => {
      store = await openSqliteStore({ dataDir: await tempDir() });
      const docs = store.collection<{ _id: string; list: { name: string; n: number }[] }>('docs');
      await docs.insertOne({ _id: 'a', list: [{ name: 'one', n: 5 }, { name: 'two', n: 1 }] });
      await docs.insertOne({ _id: 'b', list: [{ name: 'three', n: 3 }] });
      await docs.insertOne({ _id: 'c', list: [] });
      assert.deepStrictEqual((await docs.find({ 'list.name': 'two' })).map((doc) => doc._id), ['a']);
      assert.deepStrictEqual((await docs.find({ 'list.n': { $gte: 3 } }, { sort: { _id: 1 } })).map((doc) => doc._id), ['a', 'b']);
      assert.deepStrictEqual((await docs.find({ 'list.name': { $exists: false } })).map((doc) => doc._id), ['c']);
      // Ascending by the least element, descending by the greatest; a missing value sorts first.
      assert.deepStrictEqual((await docs.find({}, { sort: { 'list.n': 1 } })).map((doc) => doc._id), ['c', 'a', 'b']);
      assert.deepStrictEqual((await docs.find({}, { sort: { 'list.n': -1 } })).map((doc) => doc._id), ['a', 'b', 'c']);
      assert.deepStrictEqual((await docs.find({}, { sort: { 'list.n': 1 }, limit: 2 })).map((doc) => doc._id), ['c', 'a']);
      assert.equal(await docs.updateOne({ 'list.name': 'three' }, { $set: { 'list.0.name': 'x' } as never }).catch(() => -1), -1, 'list positions are not in the contract');
      assert.equal(await docs.deleteMany({ 'list.name': 'one' }), 1);
      assert.equal(await docs.count({}), 2);
    });

    it("answers the repositories' queries from the indexes meant for them, without scanning a collection", async () => {
      const dir = await tempDir();
      store = await openSqliteStore({ dataDir: dir });
      const repos = await openRepositories(store);
      const at = new Date('2026-11-24T12:00:00Z');
      const expectations: [string, () => Promise<unknown>][] = [
        ['cases__meeting_agenda', () => repos.cases.find({ meetingId: 'm', meetingDate: '2026-11-24', status: { $in: ['submitted', 'discussed'] } }, { sort: { submittedAt: 1 } })],
        ['cases__reference', () => repos.cases.findOne({ reference: 'SA-ABCDE' })],
        ['cases__subject', () => repos.cases.find({ subjectKey: 'k' }, { sort: { submittedAt: 1, _id: 1 } })],
        ['cases__status', () => repos.cases.find({ status: { $in: ['withdrawn', 'closed'] }, purgedAt: null })],
        ['cases__sealed_key', () => repos.cases.count({ 'sealed.keyId': 'abc' })],
        ['audit__case', () => repos.audit.find({ caseId: { $in: ['c1', 'c2'] } }, { sort: { at: 1, _id: 1 } })],
        ['audit__at', () => repos.audit.count({ at: { $lt: at } })],
        ['audit__meeting_action_at', () => repos.audit.find({ meetingId: 'm', action: { $in: ['case.create', 'case.decide'] }, at: { $gte: at, $lt: at } })],
        // A period's submissions and kvittenser of some meetings, out of every year kept.
        ['cases__meeting_agenda', () => repos.cases.find({ meetingId: { $in: ['m1', 'm2'] }, meetingDate: { $gte: '2026-01-01' }, submittedAt: { $gte: at, $lt: at } }, { projection: ['status', 'submittedAt'] })],
        ['acks__meeting_noticed', () => repos.acks.find({ meetingId: { $in: ['m1', 'm2'] }, noticeSentAt: { $gte: at, $lt: at } }, { projection: ['status', 'noticeSentAt'] })],
        ['runs__meeting_date', () => repos.runs.find({ meetingId: { $in: ['m1', 'm2'] }, status: 'ended', meetingDate: { $gte: '2026-01-01', $lt: '2027-01-01' } }, { projection: ['meetingDate'] })],
        ['acks__case', () => repos.acks.find({ caseId: 'c1' }, { sort: { role: 1 } })],
        ['acks__meeting_status', () => repos.acks.find({ meetingId: 'm', status: 'open', dueDate: '2026-11-24' }, { sort: { dueAt: 1 } })],
        ['acks__meeting_status', () => repos.acks.find({ meetingId: 'm', status: 'open', dueAt: { $lte: at } }, { sort: { dueAt: 1 } })],
        ['outbox__idempotency_key', () => repos.outbox.findOne({ key: 'case:c1' })],
        // Either index that starts with the status will do.
        ['outbox__status(_dead_at)?', () => repos.outbox.find({ status: 'pending' }, { sort: { createdAt: 1, seq: 1 }, limit: 50 })],
        ['outbox__status_dead_at', () => repos.outbox.find({ status: 'dead' }, { sort: { deadAt: -1 }, limit: 5 })],
        ['roster__one_entry_per_person', () => repos.roster.findOne({ meetingId: 'm', userId: 'u' })],
        ['meetings__one_meeting_per_conversation', () => repos.meetings.findOne({ conversationKey: 'k' })],
        ['meetings__updated', () => repos.meetings.find({ updatedAt: { $gt: at } })],
        // A projection changes what is read of each row, not how rows are found.
        ['audit__meeting_action_at', () => repos.audit.find({ meetingId: 'm', action: { $in: ['case.create'] }, at: { $gte: at, $lt: at } }, { projection: ['action', 'at'] })],
        ['acks__meeting_status', () => repos.acks.find({ meetingId: 'm', status: 'open', dueAt: { $lte: at } }, { sort: { dueAt: 1 }, projection: ['dueAt'] })],
      ];
      const database = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
      try {
        for (const [index, query] of expectations) {
          const [sql] = (await preparedDuring(async () => void (await query()))).filter((text) => text.startsWith('SELECT'));
          assert.ok(sql, `${index}: a query was prepared`);
          // The plan does not depend on the values; every parameter is bound (to null).
          const params = new Array<null>(sql.split('?').length - 1).fill(null);
          const plan = (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ');
          assert.match(plan, new RegExp(`USING (COVERING )?INDEX ${index}( |$)`), `${sql}\n${plan}`);
          assert.doesNotMatch(plan, /SCAN (cases|audit|acks|outbox|roster|meetings)\b/, `${sql}\n${plan}`);
        }
      } finally {
        database.close();
      }
    });

    it('drops the indexes an earlier version made and no query uses any more, when the repositories open', async () => {
      const dir = await tempDir();
      store = await openSqliteStore({ dataDir: dir });
      await store.collection('audit').ensureIndexes([{ name: 'meeting_at', fields: { meetingId: 1, at: 1 } }]);
      await store.collection('runs').ensureIndexes([{ name: 'meeting', fields: { meetingId: 1 } }]);
      const indexes = (table: string) => {
        const database = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
        try {
          return (database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_%'").pluck().all(table) as string[]).sort();
        } finally {
          database.close();
        }
      };
      assert.ok(indexes('audit').includes('audit__meeting_at'));
      assert.deepEqual(indexes('runs'), ['runs__meeting']);
      await openRepositories(store);
      assert.deepEqual(indexes('audit'), ['audit__at', 'audit__case', 'audit__meeting_action_at']);
      assert.deepEqual(indexes('runs'), ['runs__meeting_date']);
    });

    it('takes a projection\'s fields out of the document in SQL, and reads whole documents only where it must', async () => {
      store = await openSqliteStore({ dataDir: await tempDir() });
      type Sealed = { _id: string; meetingId: string; sealed: { keyId: string; ciphertext: string }; decision: { escalate: boolean; at: Date } | null; tags: string[] };
      const docs = store.collection<Sealed>('docs');
      const at = new Date('2026-03-04T05:06:07.089Z');
      await docs.insertOne({ _id: 'a', meetingId: 'm', sealed: { keyId: 'k', ciphertext: 'C'.repeat(3000) }, decision: { escalate: true, at }, tags: ['x'] });
      await docs.insertOne({ _id: 'b', meetingId: 'm', sealed: { keyId: 'k', ciphertext: 'C'.repeat(3000) }, decision: null, tags: [] });
      const selectsDoc = (sql: string) => /\bdoc\b/.test(sql.slice(0, sql.indexOf(' FROM ')).replace(/doc->'|json_type\(doc,'/g, ''));

      let found: unknown;
      const inSql = await preparedDuring(async () => {
        found = await docs.find({ meetingId: 'm' }, { projection: ['decision.escalate', 'decision.at', 'sealed.keyId', 'tags'], sort: { _id: 1 } });
      });
      assert.deepStrictEqual(found, [
        { _id: 'a', decision: { escalate: true, at }, sealed: { keyId: 'k' }, tags: ['x'] },
        { _id: 'b', sealed: { keyId: 'k' }, tags: [] },
      ]);
      const select = inSql.filter((sql) => sql.startsWith('SELECT'));
      assert.equal(select.length, 1, select.join('\n'));
      assert.equal(selectsDoc(select[0]!), false, select[0]);

      // A filter on a list is checked in memory, on whole documents; the projection is made after it.
      const inMemory = await preparedDuring(async () => {
        found = await docs.find({ tags: 'x' }, { projection: ['decision.at'] });
      });
      assert.deepStrictEqual(found, [{ _id: 'a', decision: { at } }]);
      assert.ok(inMemory.some((sql) => sql.startsWith('SELECT') && selectsDoc(sql)), inMemory.join('\n'));
    });

    it('never writes a value into SQL text, and refuses hostile filters before any SQL is made', async () => {
      store = await openSqliteStore({ dataDir: await tempDir() });
      const docs = store.collection<{ _id: string; key: string; at?: Date }>('docs');
      await docs.insertOne({ _id: 'a', key: "'; DROP TABLE docs; --" });
      const values = ["'; DROP TABLE docs; --", 'k"); DELETE FROM docs; --', '$where', 'sleep(1000)'];
      const valueSql = await preparedDuring(async () => {
        for (const value of values) {
          await docs.find({ key: value });
          await docs.count({ key: { $in: [value, 'x'] } });
          await docs.find({ key: { $gt: value } }, { sort: { key: -1 }, limit: 3 });
          await docs.updateOne({ key: value }, { $set: { key: value } });
          await docs.deleteMany({ key: value, _id: 'none' });
        }
        await docs.find({ at: { $lt: new Date('2026-01-01T00:00:00Z') } });
      });
      assert.ok(valueSql.length > 0, 'statements were prepared');
      for (const text of valueSql) {
        for (const value of [...values, 'DROP', 'DELETE FROM docs', '2026-01-01']) assert.ok(!text.includes(value), `${value} in ${text}`);
      }
      assert.equal(await docs.count({}), 1, 'the table and its row are still there');

      const hostile: unknown[] = [
        { $where: 'sleep(1000)' },
        { key: { $regex: 'DROP' } },
        { "key') OR ('1'='1": 'x' },
        { 'key.__proto__.x': 'DROP' },
        JSON.parse('{"constructor": {"$gt": ""}}'),
        { key: { $gt: { $where: 'DROP' } } },
        { key: { $in: [{ $ne: null }] } },
      ];
      const hostileSql = await preparedDuring(async () => {
        for (const filter of hostile) {
          await assert.rejects(docs.find(filter as never));
          await assert.rejects(docs.updateOne(filter as never, { $set: { key: 'x' } }));
          await assert.rejects(docs.deleteMany(filter as never));
        }
        await assert.rejects(docs.find({}, { sort: { "key); DROP TABLE docs; --": 1 } }));
        await assert.rejects(docs.find({}, { projection: ["key'), (SELECT doc FROM docs) --"] }));
      });
      assert.deepStrictEqual(hostileSql, [], 'nothing reached SQL');
      assert.equal(await docs.count({}), 1);
    });
  });

  describe('transactions', () => {
    it('keeps an operation of another caller out of an open transaction: it waits, and survives its rollback', async () => {
      store = await openSqliteStore({ dataDir: await tempDir() });
      const docs = store.collection('docs');
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => (inside = resolve));
      const rolledBack = store.transaction(async () => {
        await docs.insertOne({ _id: 'inside' });
        inside();
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new Error('roll back');
      });
      await entered;
      await docs.insertOne({ _id: 'outside' });
      await assert.rejects(rolledBack, /roll back/);
      assert.deepStrictEqual((await docs.find({})).map((doc) => doc._id), ['outside']);
    });

    it('a write that fails inside a transaction undoes only itself; the transaction goes on', async () => {
      store = await openSqliteStore({ dataDir: await tempDir() });
      const docs = store.collection<{ _id: string; key: string }>('docs');
      await docs.ensureIndexes([{ name: 'key', fields: { key: 1 }, unique: true }]);
      await docs.insertOne({ _id: 'a', key: 'k' });
      await store.transaction(async () => {
        await docs.insertOne({ _id: 'b', key: 'other' });
        await assert.rejects(docs.insertOne({ _id: 'c', key: 'k' }));
        await docs.insertOne({ _id: 'd', key: 'd' });
      });
      assert.deepStrictEqual((await docs.find({}, { sort: { _id: 1 } })).map((doc) => doc._id), ['a', 'b', 'd']);
    });
  });

  describe('durability', () => {
    it('every insert that resolved survives SIGKILL of the writing process, none half-written', async function () {
      this.timeout(20000);
      const dir = await tempDir();
      const child = nodeChild(
        `const { openSqliteStore } = require('./services/store/sqliteStore.ts');
         (async () => {
           const store = await openSqliteStore({ dataDir: process.env.DIR });
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
        if (output.split('\n').length > 200) child.kill('SIGKILL');
      });
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
      assert.equal(signal, 'SIGKILL', stderr);
      // Only complete lines: each was printed after its insert had resolved.
      const acknowledged = output.split('\n').slice(0, -1);
      assert.ok(acknowledged.length >= 200, `only ${acknowledged.length} acknowledged inserts`);

      store = await openSqliteStore({ dataDir: dir });
      const docs = store.collection<{ _id: string; at: Date; payload: string }>('docs');
      for (const id of acknowledged) {
        const doc = await docs.findOne({ _id: id });
        assert.ok(doc, `acknowledged insert ${id} was lost`);
        assert.equal(doc.payload, (id + ';').repeat(3000));
        assert.ok(doc.at instanceof Date);
      }
      for (const doc of await docs.find({})) assert.equal(doc.payload, (doc._id + ';').repeat(3000));
    });
  });
});
