import { strict as assert } from 'node:assert';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import * as sinon from 'sinon';
import { DuplicateKeyError } from '../../services/store/documentStore';
import { mongoWriteFailure } from '../../services/store/mongoStore';
import { openSqliteStore } from '../../services/store/sqliteStore';
import { sqliteWriteFailure, StoreWriteError } from '../../services/store/writeFailures';
import { WriteHealth } from '../../services/store/writeHealth';
import { fillStore, makeStoreReadOnly } from '../support/fullStore';
import { spyLogger, tempDirsRemovedAfter } from '../support/tempStore';

const tempDir = tempDirsRemovedAfter('samordna-writes-');

describe('store write failures', () => {
  it('tells the causes apart by SQLite’s and the file system’s codes, and leaves other errors alone', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    assert.equal(sqliteWriteFailure(coded('SQLITE_FULL')), 'disk_full');
    assert.equal(sqliteWriteFailure(coded('ENOSPC')), 'disk_full');
    assert.equal(sqliteWriteFailure(coded('SQLITE_READONLY')), 'read_only');
    assert.equal(sqliteWriteFailure(coded('SQLITE_READONLY_DBMOVED')), 'read_only');
    assert.equal(sqliteWriteFailure(coded('EROFS')), 'read_only');
    assert.equal(sqliteWriteFailure(coded('SQLITE_IOERR_WRITE')), 'io_error');
    assert.equal(sqliteWriteFailure(coded('SQLITE_IOERR_FSYNC')), 'io_error');
    assert.equal(sqliteWriteFailure(coded('SQLITE_BUSY')), 'busy');
    assert.equal(sqliteWriteFailure(coded('SQLITE_CONSTRAINT_UNIQUE')), null);
    assert.equal(sqliteWriteFailure(coded('SQLITE_ERROR')), null);
    assert.equal(sqliteWriteFailure(new Error('a bug')), null);
  });

  it('tells MongoDB’s deployment faults from bad requests', () => {
    assert.equal(mongoWriteFailure(new MongoNetworkError('connection reset')), 'unavailable');
    assert.equal(mongoWriteFailure(new MongoServerError({ code: 10107, errmsg: 'not primary' })), 'unavailable');
    assert.equal(mongoWriteFailure(new MongoServerError({ code: 14031, errmsg: 'out of disk space' })), 'disk_full');
    assert.equal(mongoWriteFailure(new MongoServerError({ code: 16500, errmsg: 'request rate is large' })), 'busy');
    assert.equal(mongoWriteFailure(new MongoServerError({ code: 11000, errmsg: 'duplicate key' })), null);
  });

  describe('on the embedded store', () => {
    it('reports a full database as a StoreWriteError, and keeps a transaction all-or-nothing', async () => {
      const logger = spyLogger();
      const store = await openSqliteStore({ dataDir: await tempDir(), logger });
      try {
        const things = store.collection<{ _id: string; text: string }>('things');
        await things.insertOne({ _id: 'kept', text: 'x' });
        const free = fillStore(store);
        await assert.rejects(
          store.transaction(async () => {
            await things.insertOne({ _id: 'small', text: 'y' });
            await things.insertOne({ _id: 'large', text: 'z'.repeat(20_000) });
          }),
          (error: unknown) => error instanceof StoreWriteError && error.failure === 'disk_full' && error.code === 'SQLITE_FULL',
        );
        assert.deepEqual((await things.find({})).map((thing) => thing._id), ['kept']);
        assert.equal(store.writes.state?.cause, 'disk_full');
        assert.equal(logger.error.callCount, 1);
        free();
      } finally {
        await store.close();
      }
    });

    it('reports a read-only database, but not a duplicate key, as a store failure', async () => {
      const store = await openSqliteStore({ dataDir: await tempDir() });
      try {
        const things = store.collection<{ _id: string }>('things');
        await things.insertOne({ _id: 'a' });
        await assert.rejects(things.insertOne({ _id: 'a' }), DuplicateKeyError);
        assert.equal(store.writes.state, null);
        const back = makeStoreReadOnly(store);
        await assert.rejects(things.updateOne({ _id: 'a' }, { $set: { n: 1 } }), (error: unknown) => error instanceof StoreWriteError && error.failure === 'read_only');
        await assert.rejects(store.setSchemaVersion(2), StoreWriteError);
        assert.equal(store.writes.state!.failures, 2);
        back();
      } finally {
        await store.close();
      }
    });
  });

  describe('WriteHealth', () => {
    let now: number;
    const make = (probe: () => Promise<void> = async () => undefined) => {
      const logger = { error: sinon.spy(), info: sinon.spy() };
      const health = new WriteHealth({ logger, where: 'DATA_DIR /x', probe, now: () => now, quietMs: 60_000, probeEveryMs: 10_000 });
      return { health, logger };
    };
    beforeEach(() => (now = Date.UTC(2026, 11, 4, 12)));

    it('logs one error per fault, naming the cause and what to do, and counts every failure', () => {
      const { health, logger } = make();
      const counted: string[] = [];
      health.onFailure((cause) => counted.push(cause));
      for (let i = 0; i < 5; i++) health.failed('disk_full', new Error('database or disk is full'));
      assert.equal(logger.error.callCount, 1);
      assert.match(logger.error.firstCall.args[1] as string, /store writes fail: the disk is full \(DATA_DIR \/x\).*free space on the file system of DATA_DIR/);
      assert.deepEqual(counted, ['disk_full', 'disk_full', 'disk_full', 'disk_full', 'disk_full']);
      assert.equal(health.state?.failures, 5);
      health.failed('read_only', new Error('readonly'));
      assert.equal(logger.error.callCount, 2, 'a fault that changed its nature is news');
    });

    it('counts as writable again only after a write succeeded a quiet minute after the last failure', () => {
      const { health, logger } = make();
      health.failed('disk_full', new Error('full'));
      now += 30_000;
      health.succeeded();
      assert.notEqual(health.state, null, 'a success between failures does not end the fault');
      now += 30_000;
      health.succeeded();
      assert.equal(health.state, null);
      assert.equal(logger.info.callCount, 1);
      assert.deepEqual(logger.info.firstCall.args[0], { cause: 'disk_full', failures: 1, failingSeconds: 60 });
    });

    it('tries a write of its own while failing, at most every ten seconds, so it heals without traffic', async () => {
      let probes = 0;
      let healthy = false;
      const { health } = make(async () => {
        probes++;
        if (healthy) health.succeeded();
        else health.failed('disk_full', new Error('full'));
      });
      health.failed('disk_full', new Error('full'));
      await health.check();
      await health.check();
      assert.equal(probes, 1);
      healthy = true;
      now += 61_000;
      assert.equal(await health.check(), null);
      assert.equal(probes, 2);
      await health.check();
      assert.equal(probes, 2, 'no probe while all is well');
    });
  });
});
