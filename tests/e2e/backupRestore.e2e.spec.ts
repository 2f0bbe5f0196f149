import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { loadKeyring } from '../../services/crypto/loadKeyring';
import type { CaseRecord } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { openSqliteStore } from '../../services/store/sqliteStore';
import { freePort, spawnTs, waitForHealth, type Child } from '../support/childProcess';
import { waitUntil } from '../support/dirSnapshot';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { postJson } from '../support/httpClient';
import { validSbar } from '../support/sbarFixtures';
import { tempDirsRemovedAfter } from '../support/tempStore';
import { botAddedToChannel, cardAction, teamsUser } from '../support/teamsActivities';

const tempDir = tempDirsRemovedAfter('samordna-backup-e2e-');

interface Answered {
  reference: string;
  patientName: string;
}

describe('e2e: npm run backup while the server takes submissions, npm run restore on another DATA_DIR', function () {
  this.timeout(180_000);
  const key = randomBytes(32).toString('base64');
  const connector = new ConnectorStandIn();
  const children: Child[] = [];
  before(() => connector.start());
  after(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await connector.stop();
  });

  const server = async (dataDir: string): Promise<{ child: Child; url: string }> => {
    const port = await freePort();
    const child = spawnTs('bot/index.ts', [], { PORT: String(port), DATA_DIR: dataDir, ENCRYPTION_KEY: key, LOG_LEVEL: 'warn', INVOKE_RATE_LIMIT_PER_MINUTE: '1000000' });
    children.push(child);
    await waitForHealth(port, child);
    return { child, url: `http://127.0.0.1:${port}` };
  };
  const stop = async (child: Child): Promise<void> => {
    child.process.kill('SIGTERM');
    assert.equal(await child.exited, 0, child.output());
  };

  it('every case answered before the backup began is in the restored store, and opens', async () => {
    const dataDir = await tempDir();
    const { child: running, url } = await server(dataDir);
    const place = { serviceUrl: connector.url };
    const karin = teamsUser('Karin Nilsson');
    const messages = `${url}/api/messages`;
    assert.equal((await postJson(messages, botAddedToChannel(place, karin))).status, 200);
    assert.equal((await postJson(messages, cardAction(place, karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }))).status, 200);
    const joined = await postJson(messages, cardAction(place, karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' }));
    const meetingId = /"meetingId":"([0-9a-f-]{36})"/.exec(JSON.stringify(joined.body))![1]!;

    // Submissions one after another, as nurses would send them, until the backup is done.
    const answered: Answered[] = [];
    let submitting = true;
    const submissions = (async () => {
      for (let n = 0; submitting; n++) {
        const patientName = `Patient Nummer${n}`;
        const answer = await postJson(messages, cardAction(place, karin, 'case.submit', validSbar({ meetingId, patientName })));
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const reference = /SA-[A-Z0-9]{5}/.exec(JSON.stringify(answer.body));
        assert.ok(reference, JSON.stringify(answer.body).slice(0, 300));
        answered.push({ reference: reference[0], patientName });
      }
    })();
    await waitUntil(() => answered.length >= 10, 'ten cases are answered');

    const backupFile = path.join(await tempDir(), 'samordna.sqlite');
    const answeredBefore = [...answered];
    const backup = spawnTs('bot/backupCli.ts', ['--to', backupFile], { DATA_DIR: dataDir, ENCRYPTION_KEY: key, LOG_LEVEL: 'warn' });
    children.push(backup);
    const backupCode = await backup.exited;
    const answeredDuring = answered.length - answeredBefore.length;
    submitting = false;
    await submissions;
    assert.equal(backupCode, 0, backup.output());
    assert.match(backup.output(), /^backup: .*, \d+ cases, \d+ audit entries, \d+ outbox messages; verified \(integrity ok, sealed values open\) in [\d.]+ s$/m);
    assert.ok(answeredDuring > 0, 'the server kept answering while the backup ran');
    await stop(running);

    const elsewhere = path.join(await tempDir(), 'restored-data');
    const restore = spawnTs('bot/restoreCli.ts', ['--from', backupFile], { DATA_DIR: elsewhere, ENCRYPTION_KEY: key, LOG_LEVEL: 'warn' });
    children.push(restore);
    assert.equal(await restore.exited, 0, restore.output());
    assert.match(restore.output(), /^restore: .*; DATA_DIR held no database before/m);

    const store = await openSqliteStore({ dataDir: elsewhere });
    try {
      const keyring = await loadKeyring({ encryptionKey: key, previousEncryptionKeys: [], dataDir: elsewhere, store, logger: createLogger('silent') });
      const cases = store.collection<CaseRecord>('cases');
      for (const { reference, patientName } of answeredBefore) {
        const record = await cases.findOne({ reference });
        assert.ok(record, `${reference} is in the restored store`);
        assert.equal(keyring.openJson<{ patientName: string }>(record.sealed!).patientName, patientName, `${reference} opens`);
      }
      // Nothing that came after the copy's moment: at most what was answered by the end.
      assert.ok((await cases.count({})) <= answered.length);
    } finally {
      await store.close();
    }
    // And a server runs on it.
    const { child: restored } = await server(elsewhere);
    await stop(restored);
  });
});
