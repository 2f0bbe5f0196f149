import assert from 'node:assert/strict';
import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Keyring } from '../../services/crypto/keyring';
import { verifyBackup } from '../../services/store/backup';
import { CURRENT_SCHEMA_VERSION } from '../../services/store/migrations';
import { UPGRADE_BACKUPS_DIR } from '../../services/store/schemaUpgrade';
import { captureLogger } from '../support/captureLogger';
import { datadirCounts, type DatadirCounts } from '../support/datadirCounts';
import { validSbar } from '../support/sbarFixtures';
import { cardText, startTestBot } from '../support/testBot';
import type { TeamsUser } from '../support/teamsActivities';
import { tempDirsRemovedAfter } from '../support/tempStore';

interface Fixture {
  schemaVersion: number;
  encryptionKey: string;
  meetingId: string;
  people: Record<'leader' | 'socialWorker' | 'homeHealthNurse' | 'manager', TeamsUser>;
  escalatedCaseId: string;
  escalatedReference: string;
  patientNames: string[];
  expected: DatadirCounts;
}

const FIXTURES = path.join(__dirname, 'fixtures', 'datadirs');

/**
 * Every DATA_DIR a released version made (scripts/make-datadir-fixture.ts) must upgrade to this
 * version's schema and open with everything in it: a version that can no longer read an older
 * installation's data fails here, not at a region's upgrade.
 */
describe('stores made by earlier versions upgrade and open', function () {
  this.timeout(60_000);
  const newDir = tempDirsRemovedAfter('samordna-fixture-');

  it('keeps a fixture of this version', async () => {
    const versions = (await readdir(FIXTURES)).map((name) => Number(/^v(\d+)$/.exec(name)?.[1]));
    assert.ok(versions.includes(CURRENT_SCHEMA_VERSION), `tests/store/fixtures/datadirs/v${CURRENT_SCHEMA_VERSION} (make it with scripts/make-datadir-fixture.ts)`);
    assert.ok(versions.includes(0), 'the store of the versions before schema versions');
  });

  for (const folder of ['v0', 'v1']) {
    it(`a DATA_DIR of schema ${folder} opens with every case, kvittens, audit entry and message`, async () => {
      const fixture = JSON.parse(await readFile(path.join(FIXTURES, folder, 'fixture.json'), 'utf8')) as Fixture;
      const dataDir = await newDir();
      await cp(path.join(FIXTURES, folder, 'samordna.sqlite'), path.join(dataDir, 'samordna.sqlite'));
      const { logger, lines } = captureLogger('info');
      const bot = await startTestBot({ dataDir, logger, env: { ENCRYPTION_KEY: fixture.encryptionKey, INVOKE_RATE_LIMIT_PER_MINUTE: '10000' } });
      try {
        const { store, repos } = bot.runtime.services;
        assert.equal(await store.schemaVersion(), CURRENT_SCHEMA_VERSION);
        const upgrades = lines.filter((line) => line.msg === 'schema migration applied');
        assert.equal(upgrades.length, CURRENT_SCHEMA_VERSION - fixture.schemaVersion);
        // An upgrade starts with a verified copy of the store as it was.
        const copies = await readdir(path.join(dataDir, UPGRADE_BACKUPS_DIR)).catch(() => []);
        if (fixture.schemaVersion === CURRENT_SCHEMA_VERSION) assert.deepEqual(copies, []);
        else {
          assert.equal(copies.length, 1);
          assert.match(copies[0]!, new RegExp(`^before-schema-v${CURRENT_SCHEMA_VERSION}-\\d{8}T\\d{6}Z\\.sqlite$`));
          const copy = verifyBackup(path.join(dataDir, UPGRADE_BACKUPS_DIR, copies[0]!), new Keyring(Buffer.from(fixture.encryptionKey, 'base64')));
          assert.equal(copy.schemaVersion, fixture.schemaVersion);
          assert.deepEqual(copy.counts, { cases: fixture.expected.cases, audit: fixture.expected.audit, outbox: fixture.expected.outbox });
        }

        const counts = await datadirCounts(repos);
        assert.deepEqual(counts, fixture.expected);

        // Sealed with the installation's key, opened by this version, shown to a roster member.
        for (const record of await repos.cases.find({})) {
          assert.ok(fixture.patientNames.some((name) => bot.runtime.services.keyring.open(record.sealed!).includes(name)));
        }
        const view = cardText(await bot.press(fixture.people.manager, 'case.view', { caseId: fixture.escalatedCaseId }));
        assert.match(view, new RegExp(fixture.escalatedReference));
        assert.match(view, /Astrid Lindqvist/);
        assert.match(view, /Resurser saknas för nattbesök/);

        // …and the upgraded store takes new cases.
        const confirmation = cardText(await bot.press(fixture.people.socialWorker, 'case.submit', validSbar({ meetingId: fixture.meetingId })));
        assert.match(confirmation, /SA-[A-Z0-9]{5}/);
        assert.equal(await repos.cases.count({}), fixture.expected.cases + 1);
      } finally {
        await bot.stop();
      }
    });
  }
});
