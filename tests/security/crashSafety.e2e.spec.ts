import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { activityFacts } from '../../bot/activityFacts';
import { conversationInstall } from '../../bot/conversationReference';
import { caseCardKey } from '../../services/cases/caseCardKey';
import { CRASH_REASON } from '../../services/outbox/outboxWorker';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { freePort, spawnTs as spawnProjectTs, waitForHealth, type Child } from '../support/childProcess';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { postJson } from '../support/httpClient';
import { withCheckDigit } from '../support/identityNumbers';
import { validSbar } from '../support/sbarFixtures';
import { startTestBot } from '../support/testBot';
import { botAddedToChannel, botInstalledPersonally, cardAction, teamsUser, type TeamsUser } from '../support/teamsActivities';

const SUBMISSIONS = 1000;
/** The server is killed once this many submissions have been answered. */
const KILL_AFTER_ANSWERS = 300;
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
// One user sends all 1,000 submissions here; the per-user limit is not what this file is about.
const NO_RATE_LIMIT = { INVOKE_RATE_LIMIT_PER_MINUTE: '10000' };

function spawnTs(entry: string, args: string[], env: Record<string, string>): Child {
  return spawnProjectTs(entry, args, { LOG_LEVEL: 'warn', ENCRYPTION_KEY, ...NO_RATE_LIMIT, ...env });
}

/** 1,008 distinct valid personnummer: one per day of 1930–1932 (days 1–28), serial 123. */
function personnummer(index: number): string {
  const yy = 30 + Math.floor(index / 336);
  const mm = 1 + (Math.floor(index / 28) % 12);
  const dd = 1 + (index % 28);
  const ten = withCheckDigit(`${yy}${String(mm).padStart(2, '0')}${String(dd).padStart(2, '0')}123`);
  return `19${ten.slice(0, 6)}-${ten.slice(6)}`;
}

async function until(predicate: () => Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** POSTs JSON through a pooled agent; resolves with the status and text, or null when the connection died. */
function post(agent: http.Agent, url: string, body: unknown): Promise<{ status: number; text: string } | null> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', () => resolve(null));
    });
    request.on('error', () => resolve(null));
    request.end(JSON.stringify(body));
  });
}

describe('crash safety: SIGKILL in the middle of the work', function () {
  this.timeout(90_000);
  const connector = new ConnectorStandIn();
  const dataDirs: string[] = [];
  const children: Child[] = [];
  const newDataDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'samordna-crash-'));
    dataDirs.push(dir);
    return dir;
  };
  const spawnChild = (entry: string, args: string[], env: Record<string, string>) => {
    const child = spawnTs(entry, args, env);
    children.push(child);
    return child;
  };

  before(() => connector.start());
  after(async () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await connector.stop();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every submission answered with 200, complete, across kill -9 during 1,000 concurrent submissions', async () => {
    const dataDir = await newDataDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/api/messages`;
    const place = { serviceUrl: connector.url };
    const karin = teamsUser('Karin Nilsson');

    // A short send timeout gives a short lease: the post the kill interrupts is looked at again soon.
    const server = spawnChild('bot/index.ts', [], { PORT: String(port), DATA_DIR: dataDir, OUTBOUND_TIMEOUT_MS: '1000' });
    await waitForHealth(port, server);
    await postJson(url, botAddedToChannel(place, karin));
    const setup = await postJson(url, cardAction(place, karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }));
    assert.equal(setup.status, 200);
    assert.equal((await postJson(url, cardAction(place, karin, 'roster.join', { role: 'hc_nurse', organization: 'HC Norrmalm' }))).status, 200);

    // 50 sockets: the requests are really in flight together, as Teams would send them.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const answered = new Map<string, string>(); // reference → case id
    let killed = false;
    const submissions = Array.from({ length: SUBMISSIONS }, async (_, i) => {
      const answer = await post(agent, url, cardAction(place, karin, 'case.submit', validSbar({ personnummer: personnummer(i) })));
      if (!answer || answer.status !== 200 || killed) return;
      const reference = /SA-[A-Z0-9]{5}/.exec(answer.text)?.[0];
      const caseId = /"caseId":"([0-9a-f-]{36})"/.exec(answer.text)?.[1];
      assert.ok(reference && caseId, `a 200 answer is a confirmation: ${answer.text.slice(0, 300)}`);
      answered.set(reference, caseId);
      if (answered.size >= KILL_AFTER_ANSWERS && !killed) {
        killed = true;
        server.process.kill('SIGKILL');
      }
    });
    await Promise.all(submissions);
    agent.destroy();
    await server.exited;
    assert.ok(killed, `the server was killed mid-way (answered ${answered.size})`);
    assert.ok(answered.size >= KILL_AFTER_ANSWERS && answered.size < SUBMISSIONS, `answered ${answered.size}`);

    // Restarted on the same DATA_DIR: nothing of the killed process is left to clear up.
    const restartedAt = new Date();
    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, env: { ENCRYPTION_KEY, ...NO_RATE_LIMIT } });
    try {
      const { repos, keyring } = bot.runtime.services;
      const cases = await repos.cases.find({});
      const byReference = new Map(cases.map((record) => [record.reference, record]));
      for (const [reference, caseId] of answered) {
        const record = byReference.get(reference);
        assert.ok(record, `answered ${reference} is stored`);
        assert.equal(record._id, caseId);
      }
      // Whatever was stored — answered or not — is whole: its sealed data opens, and its audit
      // entry, acknowledgements and channel post exist (they are written before the case).
      const audited = new Set((await repos.audit.find({ action: 'case.create' })).map((entry) => entry.caseId));
      for (const record of cases) {
        const sensitive = keyring.openJson<{ patientName: string }>(record.sealed!);
        assert.equal(sensitive.patientName, 'Astrid Lindqvist');
        assert.ok(audited.has(record._id), `${record.reference} has its audit entry`);
        assert.equal(await repos.acks.count({ caseId: record._id }), record.recipients.length, `${record.reference} has its acknowledgements`);
        assert.ok(await repos.outbox.findOne({ key: caseCardKey(record._id) }), `${record.reference} has its channel post`);
      }
      assert.ok(cases.length >= answered.size);

      // The card whose post the kill interrupted (the channel's cards go one at a time) is not
      // posted again once its lease has run out: it becomes a dead letter with an unknown outcome.
      // The channel's other cards go out in order, at Teams' pace for one conversation.
      const interruptedByKill = async () =>
        (await repos.outbox.find({ sendingSince: { $ne: null } })).filter((message) => message.sendingSince!.getTime() < restartedAt.getTime());
      await until(async () => (await interruptedByKill()).every((message) => message.status !== 'pending'), 'the interrupted send is looked at again');
      await until(async () => (await repos.outbox.count({ status: 'sent', sentAt: { $gt: restartedAt } })) >= 3, 'cards go out after the restart');
      const interrupted = await interruptedByKill();
      assert.ok(interrupted.length <= 1, `${interrupted.length} sends were in flight in one channel`);
      for (const message of interrupted) {
        assert.equal(message.status, 'dead');
        assert.equal(message.lastError, CRASH_REASON);
      }
      const cardPosts = new Map<string, number>();
      for (const call of connector.posts()) {
        const reference = /SA-[A-Z0-9]{5}/.exec(JSON.stringify(call.body))?.[0];
        if (reference) cardPosts.set(reference, (cardPosts.get(reference) ?? 0) + 1);
      }
      for (const record of cases) {
        const message = (await repos.outbox.findOne({ key: caseCardKey(record._id) }))!;
        assert.ok(['pending', 'sent'].includes(message.status) || (message.status === 'dead' && message.lastError === CRASH_REASON), `${record.reference}: ${message.status} ${message.lastError}`);
        assert.ok((cardPosts.get(record.reference) ?? 0) <= 1, `${record.reference} posted at most once`);
        if (message.status === 'sent') assert.equal(cardPosts.get(record.reference), 1, `${record.reference} posted`);
      }
    } finally {
      await bot.stop();
    }
  });

  it('sends each reminder of a killed scheduler run exactly once, or lists it as in doubt', async () => {
    const dataDir = await newDataDir();
    // Monday 23 November 2026, 07:00 in Stockholm; the meeting is on Tuesdays.
    const clock = new ManualClock(zonedInstant('2026-11-23', '07:00'));
    const karin = teamsUser('Karin Nilsson');
    const carers: TeamsUser[] = Array.from({ length: 120 }, (_, i) => teamsUser(`Hemtjänst ${i + 1}`));
    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, clock, env: { ENCRYPTION_KEY } });
    try {
      await bot.send(botAddedToChannel(bot.place, karin));
      await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
      await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'HC Norrmalm' });
      const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
      // Installing the app and joining, by the same services the verbs call (HTTP for each of
      // them is covered elsewhere and would only slow this test down).
      const { conversations, roster } = bot.runtime.services;
      for (const carer of carers) {
        const installed = botInstalledPersonally(bot.place, carer);
        await conversations.remember(conversationInstall(installed as unknown as Parameters<typeof conversationInstall>[0], activityFacts(installed)!.place));
        const joined = await roster.join(meetingId, { id: carer.id, aadObjectId: carer.aadObjectId, name: carer.name }, { role: 'home_care', organization: 'Hemtjänsten' });
        assert.equal(joined.kind, 'joined');
      }
      // Sent before 08:00, so every home care member owes a kvittens due at 12:00 today.
      await bot.press(karin, 'case.submit', validSbar({ meetingId, recipients: 'home_care' }));
      await bot.settle();
    } finally {
      await bot.stop();
    }

    const personal = new Map(carers.map((carer) => [`a:personal-${carer.aadObjectId}`, carer]));
    const reminderPosts = () => connector.posts().filter((call) => personal.has(call.conversationId) && JSON.stringify(call.body).includes('Kvittera'));
    const welcomePosts = reminderPosts().length;
    assert.equal(welcomePosts, 0, 'the welcome cards are not counted as reminders');

    // `npm run job` runs the same scheduler and outbox as the server, at a time we choose.
    const at = zonedInstant('2026-11-23', '10:00');
    const first = spawnChild('bot/jobCli.ts', ['ack-reminder', '--at', at.toISOString()], { DATA_DIR: dataDir });
    const deadline = Date.now() + 30_000;
    while (reminderPosts().length < 30 && first.process.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    first.process.kill('SIGKILL');
    await first.exited;
    const beforeRerun = reminderPosts().length;
    assert.ok(beforeRerun >= 30 && beforeRerun < carers.length, `killed mid-run after ${beforeRerun} reminders:\n${first.output()}`);

    // Two minutes later the killed worker's leases have run out; the run itself is done and is
    // not repeated, and its queued reminders go out.
    const later = new Date(at.getTime() + 2 * 60_000);
    const rerun = spawnChild('bot/jobCli.ts', ['ack-reminder', '--at', later.toISOString()], { DATA_DIR: dataDir });
    const rerunCode = await rerun.exited;
    assert.match(rerun.output(), /nothing due that has not run already/);

    const postsPerUser = new Map<string, number>();
    for (const call of reminderPosts()) postsPerUser.set(call.conversationId, (postsPerUser.get(call.conversationId) ?? 0) + 1);
    for (const [conversationId, count] of postsPerUser) assert.equal(count, 1, `${personal.get(conversationId)!.name} reminded ${count} times`);

    const check = await startTestBot({ dataDir, serviceUrl: connector.url, clock: new ManualClock(later), env: { ENCRYPTION_KEY } });
    try {
      const { repos } = check.runtime.services;
      const reminders = (await repos.outbox.find({})).filter((message) => message.key.startsWith('ack-reminder:'));
      assert.equal(reminders.length, carers.length, 'one reminder queued per person');
      const inDoubt = reminders.filter((message) => message.status === 'dead');
      for (const message of reminders) {
        assert.ok(message.status === 'sent' || message.status === 'dead', `${message.key}: ${message.status}`);
        const conversationId = message.conversationKey.replace(/^personal:29:/, 'a:personal-');
        if (message.status === 'sent') assert.equal(postsPerUser.get(conversationId), 1, `${message.key} was posted`);
      }
      // The guarantee: no reminder is lost silently and none is posted twice. A reminder whose
      // request was in flight at the kill may or may not have reached Teams: it is not resent but
      // listed as a dead letter for an operator. At most one per conversation the worker was
      // serving at once can be in that state.
      for (const message of inDoubt) {
        assert.equal(message.lastError, CRASH_REASON);
        assert.ok(message.sendingSince, 'only a send that had started is in doubt');
      }
      assert.ok(inDoubt.length <= 4, `${inDoubt.length} in doubt; the worker serves 4 conversations at once`);
      // The rerun sent the killed run's queued reminders and says which are in doubt: its exit
      // code tells the operator whether any of the run's messages ended as a dead letter.
      assert.equal(rerunCode, inDoubt.length > 0 ? 1 : 0, rerun.output());
      for (const message of inDoubt) assert.ok(rerun.output().includes(message.key), `${message.key} is reported`);
      const reached = new Set([...postsPerUser.keys()]);
      for (const message of inDoubt) reached.add(message.conversationKey.replace(/^personal:29:/, 'a:personal-'));
      assert.equal(reached.size, carers.length, 'every person was reminded, or their reminder is listed as in doubt');
      const occurrences = await repos.occurrences.find({ job: 'ack-reminder' });
      assert.equal(occurrences.length, 1);
      assert.equal(occurrences[0]!.status, 'done');
    } finally {
      await check.stop();
    }
  });
});
