import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cardOf, ConnectorStandIn } from '../support/connectorStandIn';
import { actionsOf, startTestBot } from '../support/testBot';
import { botAddedToChannel, CHANNEL_ID, teamsUser } from '../support/teamsActivities';
import { validSbar } from '../support/sbarFixtures';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';

const ROOT = path.resolve(__dirname, '../..');

function runJob(dataDir: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/jobCli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('e2e: npm run job', function () {
  this.timeout(60_000);
  let dataDir: string;
  let caseId: string;
  const connector = new ConnectorStandIn();
  const karin = teamsUser('Karin Nilsson');
  const monday0900 = zonedInstant('2026-11-23', '09:00').toISOString();

  before(async () => {
    await connector.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-job-'));
    // Set up a meeting with a case through the server (in this process, with a clock the test sets), then stop it.
    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, clock: new ManualClock(zonedInstant('2026-11-22', '10:00')) });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
    await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    caseId = (await bot.runtime.services.repos.cases.find({}))[0]!._id;
    await bot.settle();
    await bot.stop();
  });
  after(async () => {
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses an unknown job or a bad --at with usage and exit code 2', async () => {
    assert.equal((await runJob(dataDir, ['coffee'])).code, 2);
    const badAt = await runJob(dataDir, ['agenda', '--at', 'tomorrow']);
    assert.equal(badAt.code, 2);
    assert.match(badAt.output, /--at must be an ISO-8601 instant/);
    const unknownOption = await runJob(dataDir, ['agenda', '--when', 'now']);
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.output, /Unknown option '--when'[\s\S]*usage: npm run job/);
  });

  it('shows with --dry-run what would run, sending nothing', async () => {
    const before = connector.calls.length;
    const dry = await runJob(dataDir, ['submission-reminder', '--at', monday0900, '--dry-run']);
    assert.equal(dry.code, 0, dry.output);
    assert.match(dry.output, /"wouldRun":"submission-reminder:[0-9a-f-]{36}:2026-11-24"/);
    assert.equal(connector.calls.length, before);
  });

  it('runs the job once as if the clock read --at, and a second run sends nothing', async () => {
    const before = connector.posts().length;
    const first = await runJob(dataDir, ['submission-reminder', '--at', monday0900]);
    assert.equal(first.code, 0, first.output);
    const sent = connector.posts().slice(before);
    assert.equal(sent.length, 1);
    assert.ok(actionsOf(cardOf(sent[0]!)).some((action) => action.verb === 'case.form'));
    const again = await runJob(dataDir, ['submission-reminder', '--at', monday0900]);
    assert.equal(again.code, 0);
    assert.match(again.output, /nothing due that has not run already/);
    assert.equal(connector.posts().length, before + 1);
  });
  /** The last JSON line the CLI printed about its messages. */
  const deliveryOf = (output: string) => {
    const line = output.split('\n').reverse().find((l) => l.startsWith('{"job"') && l.includes('"delivery"'));
    assert.ok(line, output);
    return JSON.parse(line) as { delivery: { messages: number; sent: number; dead: number; queued: number; deadLetters: { key: string; reason: string }[] }; othersQueued: number };
  };

  it("waits for its own run's messages only: past hundreds queued for another channel, which it leaves to the server", async () => {
    const other = '19:another-meeting@thread.tacv2';
    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, clock: new ManualClock(zonedInstant('2026-11-23', '20:00')) });
    try {
      await bot.send(botAddedToChannel({ serviceUrl: connector.url, channelId: other }, karin));
      await bot.settle();
      // A busy day in another team: its channel posts are still queued when the job runs.
      await bot.runtime.outboxWorker.stop();
      for (let i = 0; i < 300; i++) await bot.runtime.services.outbox.post(`elsewhere-${i}`, other, { type: 'case.card', caseId });
    } finally {
      await bot.stop();
    }
    const postsBefore = connector.posts().length;

    const run = await runJob(dataDir, ['agenda', '--at', zonedInstant('2026-11-24', '07:00').toISOString()]);
    assert.equal(run.code, 0, run.output);
    const sent = connector.posts().slice(postsBefore);
    assert.deepEqual(sent.map((call) => call.conversationId), [CHANNEL_ID], 'the agenda went out, nothing for the other channel');
    assert.ok(JSON.stringify(cardOf(sent[0]!)).includes('Dagordning'));
    const { delivery, othersQueued } = deliveryOf(run.output);
    assert.deepEqual({ messages: delivery.messages, sent: delivery.sent, dead: delivery.dead, queued: delivery.queued }, { messages: 1, sent: 1, dead: 0, queued: 0 });
    assert.equal(othersQueued, 300);
  });

  it('exits non-zero when a message of its run ends as a dead letter, and says which and why', async () => {
    // Teams refuses: the bot was removed from the channel.
    connector.respond = (call) => (call.method === 'POST' && call.conversationId === CHANNEL_ID ? { status: 403 } : null);
    try {
      const run = await runJob(dataDir, ['agenda', '--at', zonedInstant('2026-12-01', '07:00').toISOString()]);
      assert.equal(run.code, 1, run.output);
      const { delivery } = deliveryOf(run.output);
      assert.equal(delivery.dead, 1);
      assert.match(delivery.deadLetters[0]!.key, /^agenda:[0-9a-f-]{36}:2026-12-01$/);
      assert.match(delivery.deadLetters[0]!.reason, /^403/);
    } finally {
      connector.respond = () => null;
    }
  });
});
