import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startRuntime } from '../../bot/runtime';
import { loadConfig } from '../../services/config';
import { keyIdOf } from '../../services/crypto/keyring';
import { createLogger } from '../../services/logger';
import { DATABASE_FILE } from '../../services/store/sqliteStore';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { validSbar } from '../support/sbarFixtures';
import { cardText, startTestBot } from '../support/testBot';
import { botAddedToChannel, teamsUser } from '../support/teamsActivities';

const ROOT = path.resolve(__dirname, '../..');
const CASES = 6;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * `npm run reencrypt` as an operator runs it. In its own process group, so a kill reaches the
 * node process under npm too; `killAfterLines` kills the group once that many progress lines
 * have been printed.
 */
function runReencrypt(env: Record<string, string>, args: string[] = [], killAfterLines?: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'reencrypt', '--', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (killAfterLines !== undefined && (output.match(/ moved$/gm) ?? []).length >= killAfterLines) process.kill(-child.pid!, 'SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code, signal) => void groupGone(child.pid!).then(() => resolve({ code, signal, output })));
  });
}

/** npm's exit can come before its node child is gone: wait for the whole group. */
async function groupGone(groupId: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    try {
      process.kill(-groupId, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('e2e: npm run reencrypt (key rotation)', function () {
  this.timeout(120_000);
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const OLD_ID = keyIdOf(Buffer.from(oldKey, 'base64'));
  const NEW_ID = keyIdOf(Buffer.from(newKey, 'base64'));
  const karin = teamsUser('Karin Nilsson');
  const connector = new ConnectorStandIn();
  let dataDir: string;

  before(async () => {
    await connector.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-reencrypt-'));
    // Cases written under the old key by the server, stopped before the key is changed.
    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, env: { ENCRYPTION_KEY: oldKey } });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
    for (let n = 0; n < CASES; n++) await bot.press(karin, 'case.submit', validSbar({ meetingId, patientName: `Patient Nummer${n}` }));
    await bot.settle();
    await bot.stop();
  });
  after(async () => {
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const rotating = () => ({ DATA_DIR: dataDir, ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: oldKey });

  it('moves everything to the new key across a SIGKILL, after which the server needs only the new key', async () => {
    const withoutPrevious = await runReencrypt({ DATA_DIR: dataDir, ENCRYPTION_KEY: newKey });
    assert.equal(withoutPrevious.code, 1, withoutPrevious.output);
    assert.ok(withoutPrevious.output.includes(`no encryption key with id ${OLD_ID}`), withoutPrevious.output);
    assert.match(withoutPrevious.output, /ENCRYPTION_KEY_PREVIOUS/);

    // One value per batch and a pause after each: the kill after the second batch lands in that pause.
    const killed = await runReencrypt({ ...rotating(), SAMORDNA_REENCRYPT_BATCH_DELAY_MS: '2000' }, ['--batch', '1'], 2);
    assert.equal(killed.signal, 'SIGKILL', killed.output);
    assert.match(killed.output, /cases\.sealed \(key [0-9a-f]{12}\): 2\/6 moved/);

    const halfway = await runReencrypt(rotating(), ['--dry-run']);
    assert.equal(halfway.code, 0, halfway.output);
    assert.ok(halfway.output.includes(`cases.sealed (key ${OLD_ID}): 4 values would move to key ${NEW_ID}`), halfway.output);
    assert.match(halfway.output, /Keep ENCRYPTION_KEY_PREVIOUS/);
    // The pseudonymisation secret moves last: the new key alone is refused until the run is complete.
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, ENCRYPTION_KEY: newKey, LOG_LEVEL: 'silent' });
    await assert.rejects(startRuntime({ config, logger: createLogger('silent'), host: '127.0.0.1', schedule: 'manual' }), new RegExp(`no encryption key with id ${OLD_ID}.*ENCRYPTION_KEY_PREVIOUS`));

    const rerun = await runReencrypt(rotating(), ['--batch', '1']);
    assert.equal(rerun.code, 0, rerun.output);
    assert.match(rerun.output, /Moved 5 values/, 'the 4 cases left and the secret');
    assert.match(rerun.output, /ENCRYPTION_KEY_PREVIOUS can now be removed/);

    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, env: { ENCRYPTION_KEY: newKey } });
    try {
      const records = await bot.runtime.services.repos.cases.find({});
      assert.equal(records.length, CASES);
      assert.ok(records.every((record) => record.sealed?.keyId === NEW_ID));
      const byName = await Promise.all(records.map(async (record) => cardText(await bot.press(karin, 'case.view', { caseId: record._id }))));
      for (let n = 0; n < CASES; n++) assert.ok(byName.some((text) => text.includes(`Patient Nummer${n}`) && text.includes('Tre besök på akuten')), `case ${n}`);

      // Beside the running server, on the same DATA_DIR.
      const besideServer = await runReencrypt({ DATA_DIR: dataDir, ENCRYPTION_KEY: newKey });
      assert.equal(besideServer.code, 0, besideServer.output);
      assert.match(besideServer.output, /Nothing to re-encrypt/);
    } finally {
      await bot.stop();
    }
    // The old key id is gone from the data on disk, not just from the live rows: overwritten
    // content is zeroed, and the write-ahead log is folded in and removed when the last process stops.
    assert.ok(!(await readFile(path.join(dataDir, DATABASE_FILE))).includes(OLD_ID), DATABASE_FILE);

    const finished = await runReencrypt({ DATA_DIR: dataDir, ENCRYPTION_KEY: newKey });
    assert.equal(finished.code, 0, finished.output);
    assert.match(finished.output, /Nothing to re-encrypt.*\nENCRYPTION_KEY_PREVIOUS is not set/);
  });

  it('answers a case sealed with a key it does not have with a Swedish error card, and keeps serving', async () => {
    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, env: { ENCRYPTION_KEY: newKey } });
    try {
      const [unreadable, readable] = await bot.runtime.services.repos.cases.find({}, { sort: { _id: 1 }, limit: 2 });
      await bot.runtime.services.repos.cases.updateOne({ _id: unreadable!._id }, { $set: { 'sealed.keyId': 'ffffffffffff' } });
      assert.match(cardText(await bot.press(karin, 'case.view', { caseId: unreadable!._id })), /Något gick fel/);
      assert.match(cardText(await bot.press(karin, 'case.view', { caseId: readable!._id })), /Tre besök på akuten/);
    } finally {
      await bot.stop();
    }
  });
});
