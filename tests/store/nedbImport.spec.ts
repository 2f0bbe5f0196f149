import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as sinon from 'sinon';
import type { CaseRecord, CaseSensitive } from '../../services/domain/records';
import { DuplicateKeyError, type DocumentStore } from '../../services/store/documentStore';
import { openSqliteStore } from '../../services/store/sqliteStore';
import { startTestBot } from '../support/testBot';
import { NEDB_ENCRYPTION_KEY, NEDB_EXPECTED, NEDB_FILES } from './fixtures/nedbDataDir';
import { spyLogger, tempDirsRemovedAfter } from '../support/tempStore';

const tempDir = tempDirsRemovedAfter('samordna-nedb-');

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  assert.ok(pid);
  return pid;
}

async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await fsp.writeFile(path.join(dir, name), text, { mode: 0o600 });
}

async function writeLock(dir: string, pid: number): Promise<void> {
  await fsp.writeFile(path.join(dir, 'samordna.lock'), JSON.stringify({ pid, startedAt: '2026-11-22T09:00:00.000Z', hostname: os.hostname() }));
}

/** The fixture's expected documents with their `{"$date": …}` values as Dates. */
function expected(collection: string): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(NEDB_EXPECTED[collection]), (_key, value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as { $date?: unknown }).$date === 'string' ? new Date((value as { $date: string }).$date) : value,
  ) as Record<string, unknown>[];
}

const exists = (file: string): Promise<boolean> =>
  fsp.access(file).then(
    () => true,
    () => false,
  );

async function everything(store: DocumentStore): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const name of Object.keys(NEDB_EXPECTED)) all[name] = await store.collection(name).find({}, { sort: { _id: 1 } });
  return all;
}

describe('embedded store: importing a DATA_DIR of the nedb store', () => {
  let store: DocumentStore | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
  });

  it('imports every document as nedb itself loaded it: later lines win, deletions hold, Dates stay Dates, a torn line is dropped', async () => {
    const dir = await tempDir();
    await writeFiles(dir, NEDB_FILES);
    await writeLock(dir, deadPid());
    const logger = spyLogger();
    store = await openSqliteStore({ dataDir: dir, logger });

    for (const name of Object.keys(NEDB_EXPECTED)) {
      assert.deepStrictEqual(await store.collection(name).find({}, { sort: { _id: 1 } }), expected(name), name);
    }
    const cases = await store.collection<CaseRecord>('cases').find({}, { sort: { submittedAt: 1 } });
    assert.equal(cases.length, 4);
    assert.ok(cases.every((record) => record.submittedAt instanceof Date));
    assert.equal(cases.filter((record) => record.status === 'withdrawn').length, 1, 'the later line of the withdrawn case won');
    assert.ok(cases.find((record) => record.status === 'withdrawn')!.withdrawnAt instanceof Date);
    assert.equal(cases.filter((record) => !('slotArea' in record)).length, 1, 'an unset field stays unset');
    assert.equal(await store.collection('audit').count({ _id: 'torn' }), 0);
    const extra = await store.collection<{ _id: string; detail: { list: Date[] } }>('audit').findOne({ _id: 'zz-audit-extra' });
    assert.ok(extra?.detail.list[0] instanceof Date);
    assert.equal(extra.detail.list[0].toISOString(), '2026-11-22T09:51:00.000Z');
    // Deleted in the nedb file: appended to outbox.db as {"$$deleted": true}.
    assert.ok(NEDB_FILES['outbox.db']!.includes('"$$deleted":true'));
    assert.equal(await store.collection('outbox').count({}), NEDB_EXPECTED.outbox!.length);

    for (const [name, text] of Object.entries(NEDB_FILES)) {
      assert.equal(await exists(path.join(dir, name)), false, `${name} was renamed`);
      assert.equal(await fsp.readFile(path.join(dir, `${name}.imported-nedb`), 'utf8'), text, `${name} is kept as it was`);
    }
    assert.equal(await exists(path.join(dir, 'samordna.lock')), false, 'the stale lock of the old store is gone');
    const report = logger.info.getCalls().find((call) => call.args[1] === 'imported the nedb files of an earlier version into the SQLite store');
    assert.ok(report, 'the import is logged');
    const imported = (report.args[0] as { imported: { collection: string; documents: number }[] }).imported;
    assert.deepStrictEqual(Object.fromEntries(imported.map((entry) => [entry.collection, entry.documents])), Object.fromEntries(Object.entries(NEDB_EXPECTED).map(([name, docs]) => [name, docs.length])));
    assert.ok(logger.warn.calledWithMatch({ file: path.join(dir, 'audit.db') }, sinon.match(/incomplete last line/)));
  });

  it('imports once: a restart, or a crash between the import and the renames, adds nothing twice and keeps later changes', async () => {
    const dir = await tempDir();
    await writeFiles(dir, NEDB_FILES);
    store = await openSqliteStore({ dataDir: dir });
    const before = await everything(store);
    const [first] = expected('cases') as unknown as CaseRecord[];
    await store.collection<CaseRecord>('cases').updateOne({ _id: first!._id }, { $set: { status: 'closed' } });
    await store.close();

    // Restarted with nothing left to import.
    const quiet = spyLogger();
    store = await openSqliteStore({ dataDir: dir, logger: quiet });
    assert.ok(!quiet.info.getCalls().some((call) => /imported the nedb files/.test(String(call.args[1]))));
    await store.close();

    // As if the process had died after the import's commit, before renaming the files.
    await writeFiles(dir, NEDB_FILES);
    const logger = spyLogger();
    store = await openSqliteStore({ dataDir: dir, logger });
    const after = await everything(store);
    for (const name of Object.keys(before)) assert.equal(after[name]!.length, before[name]!.length, name);
    assert.equal((await store.collection<CaseRecord>('cases').findOne({ _id: first!._id }))?.status, 'closed', 'the change made after the import stays');
    const report = logger.info.getCalls().find((call) => /imported the nedb files/.test(String(call.args[1])));
    assert.deepStrictEqual((report?.args[0] as { imported: unknown[] }).imported, []);
    assert.equal((report?.args[0] as { alreadyImported: string[] }).alreadyImported.length, Object.keys(NEDB_FILES).length);
    for (const name of Object.keys(NEDB_FILES)) assert.equal(await exists(path.join(dir, name)), false, `${name} renamed again`);
  });

  it('the server starts on the imported DATA_DIR: sealed cases open with the same key, unique indexes hold', async () => {
    const dir = await tempDir();
    await writeFiles(dir, NEDB_FILES);
    const bot = await startTestBot({ dataDir: dir, env: { ENCRYPTION_KEY: NEDB_ENCRYPTION_KEY } });
    try {
      const { repos, keyring } = bot.runtime.services;
      const cases = await repos.cases.find({}, { sort: { submittedAt: 1 } });
      assert.deepStrictEqual(
        cases.map((record) => keyring.openJson<CaseSensitive>(record.sealed!).patientName),
        ['Patient Nummer0', 'Patient Nummer1', 'Patient Nummer2', 'Patient Nummer3'],
      );
      await assert.rejects(repos.cases.insertOne({ ...cases[0]!, _id: 'another' }), DuplicateKeyError);
      assert.equal((await bot.runtime.services.meetings.byId(cases[0]!.meetingId))?._id, cases[0]!.meetingId);
    } finally {
      await bot.stop();
    }
  });

  it('refuses to start while a server of the earlier version holds the DATA_DIR, and changes nothing', async () => {
    const dir = await tempDir();
    await writeFiles(dir, NEDB_FILES);
    await writeLock(dir, process.ppid);
    await assert.rejects(openSqliteStore({ dataDir: dir }), new RegExp(`in use by Samordna process ${process.ppid} of an earlier version.*Stop it first`));
    for (const name of Object.keys(NEDB_FILES)) assert.ok(await exists(path.join(dir, name)), name);
    await fsp.rm(path.join(dir, 'samordna.lock'));
    store = await openSqliteStore({ dataDir: dir });
    assert.equal(await store.collection('cases').count({}), NEDB_EXPECTED.cases!.length);
  });

  it("reads nedb's lines as nedb did: index lines and re-inserts after a deletion, and a compaction's leftover name.db~", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      'items.db': [
        '{"_id":"a","n":1}',
        '{"_id":"b","n":1}',
        '{"$$indexCreated":{"fieldName":"n","unique":false,"sparse":false}}',
        '{"_id":"a","n":2,"at":{"$$date":0}}',
        '{"$$deleted":true,"_id":"b"}',
        '{"_id":"c","nested":{"list":[{"$$date":86400000},"x"]}}',
        '{"$$deleted":true,"_id":"c"}',
        '{"_id":"c","n":3}',
        '{"$$indexRemoved":"n"}',
        '',
      ].join('\n'),
      // A compaction writes `name.db~` and renames it: only the leftover file means the rename never happened.
      'compacting.db~': '{"_id":"x","v":"from the new file"}\n',
      'both.db': '{"_id":"y","v":"from the live file"}\n',
      'both.db~': '{"_id":"y","v":"from an unfinished compaction"}\n',
    });
    store = await openSqliteStore({ dataDir: dir });
    assert.deepStrictEqual(await store.collection('items').find({}, { sort: { _id: 1 } }), [
      { _id: 'a', n: 2, at: new Date(0) },
      { _id: 'c', n: 3 },
    ]);
    assert.deepStrictEqual(await store.collection('compacting').find({}), [{ _id: 'x', v: 'from the new file' }]);
    assert.deepStrictEqual(await store.collection('both').find({}), [{ _id: 'y', v: 'from the live file' }]);
    assert.deepStrictEqual((await fsp.readdir(dir)).filter((name) => name.includes('.db')).sort(), [
      'both.db.imported-nedb',
      'both.db~.imported-nedb',
      'compacting.db~.imported-nedb',
      'items.db.imported-nedb',
    ]);
  });

  it('skips a few unreadable lines as nedb did, but refuses a file with more than 10 % of them and imports nothing', async () => {
    const dir = await tempDir();
    const good = Array.from({ length: 20 }, (_, i) => `{"_id":"d${i}","n":${i}}`);
    await writeFiles(dir, { 'few.db': [...good.slice(0, 10), 'garbage', ...good.slice(10), ''].join('\n') });
    const logger = spyLogger();
    store = await openSqliteStore({ dataDir: dir, logger });
    assert.equal(await store.collection('few').count({}), 20);
    assert.ok(logger.warn.calledWithMatch({ unreadableLines: 1 }));
    await store.close();
    store = null;

    await writeFiles(dir, { 'many.db': [...good.slice(0, 5), 'garbage', '{"no":"id"', 'more garbage', ''].join('\n'), 'fine.db': '{"_id":"f"}\n' });
    await assert.rejects(openSqliteStore({ dataDir: dir }), /many\.db: 3 of 8 lines are unreadable.*nothing was imported/);
    assert.ok(await exists(path.join(dir, 'many.db')));
    assert.ok(await exists(path.join(dir, 'fine.db')), 'the files of one import stand or fall together');
    await fsp.rm(path.join(dir, 'many.db'));
    store = await openSqliteStore({ dataDir: dir });
    assert.equal(await store.collection('many').count({}), 0);
    assert.equal(await store.collection('fine').count({}), 1);
  });
});
