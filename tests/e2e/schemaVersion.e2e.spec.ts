import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CURRENT_SCHEMA_VERSION } from '../../services/store/migrations';
import { DATABASE_FILE, openSqliteStore } from '../../services/store/sqliteStore';
import { freePort, ROOT, spawnTs } from '../support/childProcess';
import { tempDirsRemovedAfter } from '../support/tempStore';

const tempDir = tempDirsRemovedAfter('samordna-schema-');
const digest = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

/** An older Samordna started on a store a newer one wrote (issue 17, item 5): refused, naming both versions, the store untouched. */
describe('e2e: a store written by a newer Samordna', function () {
  this.timeout(60_000);
  let dataDir: string;
  let before: string;
  const newer = CURRENT_SCHEMA_VERSION + 1;
  const refusal = new RegExp(`schema version ${newer}, written by a newer Samordna; this Samordna knows schema versions up to ${CURRENT_SCHEMA_VERSION}`);

  beforeEach(async () => {
    dataDir = await tempDir();
    const store = await openSqliteStore({ dataDir });
    await store.collection<{ _id: string }>('cases').insertOne({ _id: 'written-by-the-newer-version' });
    await store.setSchemaVersion(newer);
    await store.close();
    before = await digest(path.join(dataDir, DATABASE_FILE));
  });

  it('stops the server at start-up with a message naming both versions', async () => {
    const server = spawnTs('bot/index.ts', [], { DATA_DIR: dataDir, PORT: String(await freePort()) });
    assert.equal(await server.exited, 1);
    assert.match(server.output(), refusal);
    assert.equal(await digest(path.join(dataDir, DATABASE_FILE)), before);
  });

  it('stops an operator command the same way, without a stack trace', async () => {
    const job = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.js'), 'job', 'retention', '--dry-run'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir } });
    assert.equal(job.status, 1);
    assert.match(job.stderr, refusal);
    assert.doesNotMatch(job.stderr, /\n\s+at /);
    assert.equal(await digest(path.join(dataDir, DATABASE_FILE)), before);
  });
});
