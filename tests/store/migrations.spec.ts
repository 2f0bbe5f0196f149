import { strict as assert } from 'node:assert';
import type { DocumentStore } from '../../services/store/documentStore';
import { CURRENT_SCHEMA_VERSION, MigrationFailedError, migrate, MIGRATIONS, SchemaTooNewError } from '../../services/store/migrations';
import { Keyring } from '../../services/crypto/keyring';
import { verifyBackup } from '../../services/store/backup';
import { UPGRADE_BACKUPS_DIR, upgradeSchema, type UpgradeOptions } from '../../services/store/schemaUpgrade';
import { openSqliteStore } from '../../services/store/sqliteStore';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spyLogger, tempDirsRemovedAfter } from '../support/tempStore';
import { testMigrations as migrations, type Note } from './fixtures/testMigrations';

const tempDir = tempDirsRemovedAfter('samordna-migrations-');

describe('schema migrations', () => {
  let store: DocumentStore;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await tempDir();
    store = await openSqliteStore({ dataDir });
  });
  afterEach(() => store.close());

  const notes = () => store.collection<Note>('notes').find({}, { sort: { _id: 1 } });

  it('numbers this version’s migrations 1, 2, 3 … and ends at CURRENT_SCHEMA_VERSION', () => {
    assert.deepEqual(MIGRATIONS.map((migration) => migration.version), MIGRATIONS.map((_, index) => index + 1));
    assert.equal(CURRENT_SCHEMA_VERSION, MIGRATIONS.length);
  });

  it('brings a new store up to date, logging each migration, and does nothing the second time', async () => {
    const logger = spyLogger();
    const report = await migrate(store, { logger, migrations: migrations() });
    assert.deepEqual(report, { from: 0, to: 3, applied: [1, 2, 3] });
    assert.equal(await store.schemaVersion(), 3);
    assert.deepEqual((await notes()).map((note) => [note._id, note.text, note.version]), [['a', 'changed by 3', 2], ['b', 'second', 2], ['c', 'third', undefined]]);
    const applied = logger.info.getCalls().filter((call) => call.args[1] === 'schema migration applied').map((call) => (call.args[0] as { version: number; migration: string }).migration);
    assert.deepEqual(applied, ['two notes', 'number the notes', 'a third note']);
    assert.deepEqual(await migrate(store, { logger, migrations: migrations() }), { from: 3, to: 3, applied: [] });
  });

  it('runs only the migrations past the recorded version', async () => {
    await store.setSchemaVersion(2);
    assert.deepEqual((await migrate(store, { logger: spyLogger(), migrations: migrations() })).applied, [3]);
    assert.deepEqual((await notes()).map((note) => note._id), ['c']);
  });

  it('takes back a migration that fails half-way, keeping the ones before it, and says which failed', async () => {
    await migrate(store, { logger: spyLogger(), migrations: migrations().slice(0, 2) });
    const before = JSON.stringify(await notes());
    const error = await migrate(store, { logger: spyLogger(), migrations: migrations({ failThird: true }) }).then(
      () => assert.fail('the migration should fail'),
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof MigrationFailedError);
    assert.match(error.message, /schema migration 3 \(a third note\) failed and was rolled back: disk trouble half-way/);
    assert.equal(await store.schemaVersion(), 2);
    assert.equal(JSON.stringify(await notes()), before, 'the store exactly as it was before migration 3');
  });

  it('refuses a store written by a newer Samordna, naming both versions, and changes nothing', async () => {
    await store.setSchemaVersion(7);
    await assert.rejects(migrate(store, { logger: spyLogger(), migrations: migrations() }), (error: unknown) => {
      assert.ok(error instanceof SchemaTooNewError);
      assert.match(error.message, /schema version 7, written by a newer Samordna; this Samordna knows schema versions up to 3/);
      return true;
    });
    assert.equal(await store.schemaVersion(), 7);
    assert.deepEqual(await notes(), []);
  });

  it('asks for a backup before the first pending migration, and stops untouched when it fails', async () => {
    const asked: [number, number][] = [];
    const logger = spyLogger();
    await migrate(store, { logger, migrations: migrations().slice(0, 1), beforeFirst: async (from, to) => (asked.push([from, to]), '/backups/before-v1.sqlite') });
    assert.deepEqual(asked, [[0, 1]]);
    assert.deepEqual(logger.info.getCalls().find((call) => call.args[1] === 'upgrading the store’s schema')?.args[0], { from: 0, to: 1, backup: '/backups/before-v1.sqlite' });
    await migrate(store, { logger, migrations: migrations().slice(0, 1), beforeFirst: async () => assert.fail('nothing pending: no backup') });

    await assert.rejects(migrate(store, { logger, migrations: migrations(), beforeFirst: async () => Promise.reject(new Error('backup target full')) }), /backup target full/);
    assert.equal(await store.schemaVersion(), 1);
  });

  it('applies each migration once when two processes start on the same DATA_DIR together', async () => {
    // Two processes — two servers, or a server and a tool — each ready, then let go at once.
    const go = path.join(dataDir, 'go');
    const code = `
      const fs = require('node:fs');
      const { openSqliteStore } = require('./services/store/sqliteStore');
      const { migrate } = require('./services/store/migrations');
      const { testMigrations } = require('./tests/store/fixtures/testMigrations');
      (async () => {
        const store = await openSqliteStore({ dataDir: process.env.DATA_DIR });
        process.stderr.write('ready');
        while (!fs.existsSync(process.env.GO)) await new Promise((resolve) => setTimeout(resolve, 5));
        const report = await migrate(store, { logger: { info() {} }, migrations: testMigrations() });
        await store.close();
        process.stdout.write(JSON.stringify(report.applied));
      })();`;
    const start = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, DATA_DIR: dataDir, GO: go }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const ready = new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
      const applied = new Promise<number[]>((resolve, reject) => child.on('close', (status) => (status === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`child exited ${status}`)))));
      return { ready, applied };
    };
    const processes = [start(), start()];
    await Promise.all(processes.map((child) => child.ready));
    await writeFile(go, '');
    const applied = await Promise.all(processes.map((child) => child.applied));
    assert.deepEqual(applied.flat().sort(), [1, 2, 3]);
    assert.equal((await notes()).length, 3);
  });

  describe('at start-up (upgradeSchema)', () => {
    const keyring = new Keyring(randomBytes(32));
    const options = (over: Partial<UpgradeOptions> = {}): UpgradeOptions => ({ dataDir, keyring: () => keyring, logger: spyLogger(), now: () => new Date('2026-12-04T02:15:00Z'), migrations: migrations(), ...over });
    const copies = () => readdir(path.join(dataDir, UPGRADE_BACKUPS_DIR)).catch(() => [] as string[]);

    it('takes no copy of a new, empty store', async () => {
      assert.deepEqual((await upgradeSchema(store, options())).applied, [1, 2, 3]);
      assert.deepEqual(await copies(), []);
    });

    it('copies a store that holds data, verified, before the first migration', async () => {
      await store.collection<{ _id: string; sealed: unknown }>('cases').insertOne({ _id: 'c', sealed: keyring.seal('Astrid Lindqvist') });
      await upgradeSchema(store, options());
      assert.deepEqual(await copies(), ['before-schema-v3-20261204T021500Z.sqlite']);
      const copy = verifyBackup(path.join(dataDir, UPGRADE_BACKUPS_DIR, 'before-schema-v3-20261204T021500Z.sqlite'), keyring);
      assert.equal(copy.schemaVersion, 0);
      assert.deepEqual(copy.sealedChecked, ['newest case']);
    });

    it('migrates nothing when the copy cannot be verified (the configured key does not open the data)', async () => {
      await store.collection<{ _id: string; sealed: unknown }>('cases').insertOne({ _id: 'c', sealed: keyring.seal('Astrid Lindqvist') });
      await assert.rejects(upgradeSchema(store, options({ keyring: () => new Keyring(randomBytes(32)) })), /does not open with the configured encryption key/);
      assert.equal(await store.schemaVersion(), 0);
      assert.deepEqual(await notes(), []);
      assert.deepEqual(await copies(), []);
    });
  });

  it('refuses a list that is not numbered 1, 2, 3 …', async () => {
    await assert.rejects(migrate(store, { logger: spyLogger(), migrations: [migrations()[1]!] }), /numbered 1, 2, 3/);
  });
});
