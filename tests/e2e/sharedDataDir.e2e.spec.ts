import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { activityFacts } from '../../bot/activityFacts';
import { conversationInstall } from '../../bot/conversationReference';
import type { AuditEntry, OutboxMessage } from '../../services/domain/records';
import { openSqliteStore } from '../../services/store/sqliteStore';
import { ManualClock } from '../../services/time/clock';
import { nextMeeting } from '../../services/time/meetingCalendar';
import { zonedInstant } from '../../services/time/stockholm';
import { freePort, ROOT, spawnTs, waitForHealth, type Child } from '../support/childProcess';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { postJson } from '../support/httpClient';
import { validSbar } from '../support/sbarFixtures';
import { startTestBot } from '../support/testBot';
import { botAddedToChannel, botInstalledPersonally, cardAction, teamsUser, type TeamsUser } from '../support/teamsActivities';

// The embedded store serves several processes on one DATA_DIR (docs/storage.md): the operator's
// tools beside the running server, and even two servers, whose schedulers then race for the same
// runs and must still send every message once.

const ENCRYPTION_KEY = randomBytes(32).toString('base64');

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: 'silent', ENCRYPTION_KEY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('e2e: several processes on one DATA_DIR', function () {
  this.timeout(120_000);
  const connector = new ConnectorStandIn();
  const dirs: string[] = [];
  const children: Child[] = [];
  before(() => connector.start());
  after(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await connector.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const newDataDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'samordna-shared-'));
    dirs.push(dir);
    return dir;
  };

  it('npm run audit-extract and npm run job run while the server serves submissions', async () => {
    const dataDir = await newDataDir();
    const port = await freePort();
    const server = spawnTs('bot/index.ts', [], { PORT: String(port), DATA_DIR: dataDir, ENCRYPTION_KEY, LOG_LEVEL: 'warn', INVOKE_RATE_LIMIT_PER_MINUTE: '10000' });
    children.push(server);
    await waitForHealth(port, server);
    const url = `http://127.0.0.1:${port}/api/messages`;
    const place = { serviceUrl: connector.url };
    const karin = teamsUser('Karin Nilsson');
    await postJson(url, botAddedToChannel(place, karin));
    const setup = await postJson(url, cardAction(place, karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }));
    assert.equal(setup.status, 200);
    const joined = await postJson(url, cardAction(place, karin, 'roster.join', { role: 'hc_nurse', organization: 'HC Norrmalm' }));
    const meetingId = /"meetingId":"([0-9a-f-]{36})"/.exec(JSON.stringify(joined.body))![1]!;
    const first = await postJson(url, cardAction(place, karin, 'case.submit', validSbar({ meetingId })));
    const reference = /SA-[A-Z0-9]{5}/.exec(JSON.stringify(first.body))![0];

    // The agenda of a meeting two weeks ahead: not due for the server's own scheduler yet.
    const store = await openSqliteStore({ dataDir });
    const meeting = (await store.collection<{ _id: string } & Parameters<typeof nextMeeting>[0]>('meetings').findOne({ _id: meetingId }))!;
    await store.close();
    const later = nextMeeting(meeting, new Date(Date.now() + 8 * 24 * 3600_000)).date;
    const agendaAt = new Date(zonedInstant(later, '07:00').getTime() + 60_000).toISOString();
    const postsBefore = connector.posts().length;

    // The tools and a stream of submissions, all at once.
    const submissions = Promise.all(
      Array.from({ length: 40 }, (_, i) => postJson(url, cardAction(place, karin, 'case.submit', validSbar({ meetingId, patientName: `Patient Nummer${i}` })))),
    );
    const [extract, job, answers] = await Promise.all([
      run('npm', ['run', '--silent', 'audit-extract', '--', '--personnummer', '19121212-1212', '--requested-by', 'Anna Registrator'], { DATA_DIR: dataDir }),
      run(process.execPath, ['--import', 'tsx', 'bot/jobCli.ts', 'agenda', '--at', agendaAt], { DATA_DIR: dataDir }),
      submissions,
    ]);
    assert.equal(extract.code, 0, extract.output);
    assert.match(extract.output, new RegExp(`^Ärende ${reference}, samordningsmöte Norrmalm`, 'm'));
    assert.equal(job.code, 0, job.output);
    assert.match(job.output, new RegExp(`"key":"agenda:${meetingId}:${later}","outcome":\\{"status":"done"`));
    assert.ok(answers.every((answer) => answer.status === 200 && /SA-[A-Z0-9]{5}/.test(JSON.stringify(answer.body))), 'every submission answered with its reference');
    assert.ok(connector.posts().slice(postsBefore).some((call) => JSON.stringify(call.body).includes(later.slice(8, 10))), 'the job posted the agenda');

    // What the tools wrote is what the server sees, and it is still healthy.
    const check = await openSqliteStore({ dataDir });
    try {
      const extracts = await check.collection<AuditEntry>('audit').count({ action: 'audit.extract' });
      assert.ok(extracts >= 1, 'the extract is in the audit log');
      assert.equal(await check.collection('cases').count({}), 41);
      assert.equal((await check.collection<OutboxMessage>('outbox').find({})).filter((message) => message.key.startsWith(`agenda:${meetingId}:${later}`)).length, 1);
    } finally {
      await check.close();
    }
    server.process.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
  });

  it('two servers racing their schedulers through a day of runs send every message exactly once', async () => {
    const dataDir = await newDataDir();
    // Sunday 22 November 2026: meeting A on Mondays, B on Tuesdays; cases on both, kvittenser due
    // Monday, managers and home care reachable in personal chats. The meetings' agenda, reminder
    // and kvittens times are set early in the morning, so Monday's runs — the catch-up of the last
    // 24 hours, retention, follow-up, agenda, submission reminder, kvittens reminder, escalation —
    // all fall between 06:30 and 07:00, which the servers live through in 30 seconds.
    const clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    const setupBot = await startTestBot({ dataDir, serviceUrl: connector.url, clock, env: { ENCRYPTION_KEY } });
    const people: { user: TeamsUser; role: string }[] = [];
    try {
      const { conversations } = setupBot.runtime.services;
      for (const [channelId, weekday] of [['19:meeting-a@thread.tacv2', '1'], ['19:meeting-b@thread.tacv2', '2']] as const) {
        const place = { serviceUrl: connector.url, channelId };
        const leader = teamsUser(`Ledare ${weekday}`);
        await setupBot.send(botAddedToChannel(place, leader));
        const joinedLeader = await setupBot.send(
          cardAction(place, leader, 'meeting.setup', {
            area: `Område ${weekday}`,
            weekday,
            time: '13:00',
            durationMinutes: '90',
            agendaTime: '06:40',
            reminderTime: '06:44',
            ackReminderTime: '06:48',
            ackDueTime: '06:52',
            ackNoticeCutoff: '06:00',
          }),
        );
        assert.equal(joinedLeader.status, 200);
        const roster: [TeamsUser, string][] = [
          [leader, 'hc_nurse'],
          [teamsUser(`Hemtjänst ${weekday}a`), 'home_care'],
          [teamsUser(`Hemtjänst ${weekday}b`), 'home_care'],
          [teamsUser(`Chef ${weekday}`), 'manager'],
        ];
        for (const [user, role] of roster) {
          assert.equal((await setupBot.send(cardAction(place, user, 'roster.join', { role, organization: 'Org' }))).status, 200);
          people.push({ user, role });
          if (role !== 'hc_nurse') {
            const installed = botInstalledPersonally({ serviceUrl: connector.url }, user);
            await conversations.remember(conversationInstall(installed as unknown as Parameters<typeof conversationInstall>[0], activityFacts(installed)!.place));
          }
        }
        const meetingId = (await setupBot.runtime.services.meetings.forConversation(channelId))!._id;
        for (let i = 0; i < 3; i++) {
          const submitted = await setupBot.send(cardAction(place, leader, 'case.submit', validSbar({ meetingId, recipients: 'home_care', patientName: `Patient ${weekday}${i}` })));
          assert.match(JSON.stringify(submitted.body), /SA-[A-Z0-9]{5}/);
        }
      }
      await setupBot.settle();
    } finally {
      await setupBot.stop();
    }

    const postsBefore = connector.posts().length;
    const speed = 60; // a simulated minute is a second
    const epoch = Date.now() + 6_000; // both start their morning at the same wall-clock instant
    const racers = [0, 1].map(() =>
      spawnTs('tests/support/fastDayProcess.ts', [], {
        DATA_DIR: dataDir,
        ENCRYPTION_KEY,
        DAY_START: zonedInstant('2026-11-23', '06:30').toISOString(),
        DAY_END: zonedInstant('2026-11-23', '07:00').toISOString(),
        DAY_EPOCH_MS: String(epoch),
        SPEED: String(speed),
        OUTBOUND_TIMEOUT_MS: '120000',
      }),
    );
    children.push(...racers);
    const codes = await Promise.all(racers.map((racer) => racer.exited));
    racers.forEach((racer, i) => assert.equal(codes[i], 0, racer.output()));
    const reports = racers.map((racer) => JSON.parse(racer.output().trim().split('\n').pop()!) as { ran: string[]; lost: number });
    const ranBy = new Map<string, number>();
    for (const report of reports) for (const key of report.ran) ranBy.set(key, (ranBy.get(key) ?? 0) + 1);
    assert.deepEqual([...ranBy].filter(([, times]) => times > 1), [], 'no run was done by both servers');

    const store = await openSqliteStore({ dataDir });
    try {
      const messages = await store.collection<OutboxMessage>('outbox').find({});
      const ofTheMorning = messages.filter((message) => message.createdAt.getTime() >= zonedInstant('2026-11-23', '06:30').getTime());
      const kinds = new Set(ofTheMorning.map((message) => message.key.split(':')[0]));
      for (const kind of ['agenda', 'submission-reminder', 'ack-reminder', 'ack-deadline']) assert.ok(kinds.has(kind), `the morning had ${kind} messages: ${[...kinds].join(', ')}`);
      for (const message of ofTheMorning) assert.equal(message.status, 'sent', `${message.key}: ${message.status} ${message.lastError ?? ''}`);

      // What Teams received: as many posts and updates as the outbox sent, none of them twice.
      const posts = connector.posts().slice(postsBefore);
      const sentPosts = ofTheMorning.filter((message) => message.kind === 'post');
      assert.equal(posts.length, sentPosts.length, `Teams received ${posts.length} posts for ${sentPosts.length} sent`);
      const seen = new Map<string, number>();
      for (const call of posts) {
        const body = JSON.stringify({ conversation: call.conversationId, attachments: call.body.attachments, text: call.body.text });
        seen.set(body, (seen.get(body) ?? 0) + 1);
      }
      const twice = [...seen].filter(([, count]) => count > 1);
      assert.deepEqual(twice, [], 'no message reached Teams twice');

      // Every run of the morning was done (or skipped as outdated) by exactly one of the two.
      const runs = await store.collection<{ _id: string; status: string }>('occurrences').find({});
      assert.ok(runs.length >= 10, `${runs.length} runs`);
      for (const occurrence of runs) assert.ok(['done', 'skipped'].includes(occurrence.status), `${occurrence._id}: ${occurrence.status}`);
      assert.deepEqual(new Set(ranBy.keys()), new Set(runs.map((occurrence) => occurrence._id)));
    } finally {
      await store.close();
    }
  });
});
