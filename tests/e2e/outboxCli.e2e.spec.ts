import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cardOf, ConnectorStandIn } from '../support/connectorStandIn';
import { showsPersonnummerShaped } from '../support/identityNumbers';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { botAddedToChannel, CHANNEL_ID, teamsUser } from '../support/teamsActivities';
import { startTestBot } from '../support/testBot';
import { caseCardKey } from '../../services/cases/caseCardKey';
import type { OutboxMessage } from '../../services/domain/records';
import { DATABASE_FILE } from '../../services/store/sqliteStore';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';

const ROOT = path.resolve(__dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run outbox -- …` as an operator runs it: through the launcher, in a process of its own. */
function runOutbox(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/run.js', 'outbox', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

interface StoredMessage {
  _id: string;
  key: string;
  kind: string;
  status: string;
  lastError: string | null;
  sendingSince: unknown;
  retries?: number;
  retriedBy?: string;
  discardReason?: string;
  discardedBy?: string;
}

interface StoredAuditEntry {
  action: string;
  actor: { userId: string; name: string; organization: string | null };
  caseId: string | null;
  outboxMessage?: { id: string; noticeType: string };
}

/** The rows of a collection exactly as stored (the JSON text of each document), read by another connection. */
function rawRows(dataDir: string, collection: string): { _id: string; doc: string }[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT _id, doc FROM "${collection}" ORDER BY _id`).all() as { _id: string; doc: string }[];
  } finally {
    db.close();
  }
}

const outbox = (dataDir: string) => rawRows(dataDir, 'outbox').map((row) => JSON.parse(row.doc) as StoredMessage);
const auditEntries = (dataDir: string) => rawRows(dataDir, 'audit').map((row) => JSON.parse(row.doc) as StoredAuditEntry);

/** Patient data of the fixture case, in every form it could be printed. */
function assertNoPatientData(output: string): void {
  for (const secret of SECRET_STRINGS) assert.ok(!output.includes(secret), `the output shows ${JSON.stringify(secret)}`);
  assert.ok(!showsPersonnummerShaped(output), 'the output shows something shaped like a personnummer');
}

describe('e2e: npm run outbox (dead letters)', function () {
  this.timeout(120_000);
  const connector = new ConnectorStandIn();
  const karin = teamsUser('Karin Nilsson');
  let dataDir: string;
  /** Three case cards for the channel: refused twice with 403 (`refused`, `spare`), and one Teams never answered (`inDoubt`). */
  let refused: OutboxMessage;
  let spare: OutboxMessage;
  let inDoubt: OutboxMessage;
  const channelPosts = () => connector.posts().filter((call) => call.conversationId === CHANNEL_ID);

  before(async () => {
    await connector.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-outbox-'));
    // A short outbound timeout, so that a post Teams never answers becomes a dead letter quickly.
    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, clock: new ManualClock(zonedInstant('2026-11-22', '10:00')), env: { OUTBOUND_TIMEOUT_MS: '400' } });
    try {
      await bot.send(botAddedToChannel(bot.place, karin));
      await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
      await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
      await bot.settle();
      const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
      const caseCard = async (): Promise<OutboxMessage> => {
        await bot.press(karin, 'case.submit', validSbar({ meetingId }));
        await bot.settle();
        const [latest] = await bot.runtime.services.repos.outbox.find({ key: { $in: (await bot.runtime.services.repos.cases.find({}))
          .map((c) => caseCardKey(c._id)) } }, { sort: { createdAt: -1, seq: -1 }, limit: 1 });
        assert.ok(latest?.status === 'dead', 'the case card is a dead letter');
        return latest;
      };
      // Teams refuses: the bot was removed from the team.
      connector.respond = (call) => (call.method === 'POST' && call.conversationId === CHANNEL_ID ? { status: 403 } : null);
      refused = await caseCard();
      spare = await caseCard();
      // Teams takes the request and never answers: the card may or may not be in the channel.
      connector.respond = (call) => (call.method === 'POST' && call.conversationId === CHANNEL_ID ? 'never' : null);
      inDoubt = await caseCard();
    } finally {
      connector.respond = () => null;
      await bot.stop();
    }
    assert.match(refused.lastError ?? '', /^403/);
    assert.match(inDoubt.lastError ?? '', /^outcome unknown/);
  });
  after(async () => {
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses bad arguments with the usage and exit code 2, touching nothing', async () => {
    // The whole table of arguments is in tests/bot/outboxCliArgs.spec.ts; here, that the command exits with it.
    const before = rawRows(dataDir, 'outbox');
    const cases: [string[], RegExp][] = [
      [[], /give a command/],
      [['retry', refused._id, '--all'], /either one id or --all/],
      [['discard', refused._id, '--reason', 'x'.repeat(501)], /at most 500 characters/],
    ];
    for (const [args, problem] of cases) {
      const run = await runOutbox(dataDir, args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, problem);
      assert.match(run.stderr, /usage: npm run outbox -- list \[--format text\|json\]\n {7}npm run outbox -- retry <id> \| --all \[--force\]\n {7}npm run outbox -- discard <id> --reason/);
    }
    assert.deepEqual(rawRows(dataDir, 'outbox'), before);
  });

  it('lists the dead letters with kind, notice type, conversation type, attempts, times and reason — and no patient data', async () => {
    const text = await runOutbox(dataDir, ['list']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^3 dead letters, the newest first/);
    assert.match(text.stdout, /ID\s+KIND\s+NOTICE\s+CONVERSATION\s+ATTEMPTS\s+QUEUED\s+FIRST ATTEMPT\s+LAST ATTEMPT\s+DEAD SINCE\s+REASON/);
    const row = text.stdout.split('\n').find((line) => line.startsWith(refused._id));
    assert.match(row ?? '', /^\S+\s+post\s+case\.card\s+channel\s+1\s+2026-11-22 10:00:00\s+2026-11-22 10:00:00\s+2026-11-22 10:00:00\s+2026-11-22 10:00:00\s+403/);
    assert.match(text.stdout, new RegExp(`Outcome unknown: Teams may have posted these already[^]*${inDoubt._id}`));
    assertNoPatientData(text.stdout + text.stderr);

    const json = await runOutbox(dataDir, ['list', '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const listed = JSON.parse(json.stdout) as { count: number; deadLetters: { id: string; kind: string; noticeType: string; conversationType: string; outcomeUnknown: boolean; firstAttemptAt: string; reason: string }[] };
    assert.equal(listed.count, 3);
    const byId = new Map(listed.deadLetters.map((d) => [d.id, d]));
    assert.deepEqual(
      [refused, inDoubt].map((m) => byId.get(m._id)).map((d) => [d?.kind, d?.noticeType, d?.conversationType, d?.outcomeUnknown]),
      [
        ['post', 'case.card', 'channel', false],
        ['post', 'case.card', 'channel', true],
      ],
    );
    assert.equal(byId.get(refused._id)?.firstAttemptAt, zonedInstant('2026-11-22', '10:00').toISOString());
    assertNoPatientData(json.stdout + json.stderr);
  });

  it('retry of an unknown id exits 1 and leaves the store byte for byte as it was', async () => {
    const before = { outbox: rawRows(dataDir, 'outbox'), audit: rawRows(dataDir, 'audit') };
    const run = await runOutbox(dataDir, ['retry', '00000000-0000-4000-8000-000000000000']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /no outbox message has this id/);
    assert.deepEqual({ outbox: rawRows(dataDir, 'outbox'), audit: rawRows(dataDir, 'audit') }, before);
  });

  it('sends a dead letter retried by two operators at the same moment exactly once, audits one retry and tells the other', async () => {
    const postsBefore = channelPosts().length;
    const [first, second] = await Promise.all([
      runOutbox(dataDir, ['retry', refused._id], { SUDO_USER: 'anna-operator' }),
      runOutbox(dataDir, ['retry', refused._id], { SUDO_USER: 'bo-operator' }),
    ]);
    const runs = [first, second].sort((a, b) => (a.code ?? 9) - (b.code ?? 9));
    assert.deepEqual(runs.map((run) => run.code), [0, 1], runs.map((run) => run.stdout + run.stderr).join('\n---\n'));
    const [winner, loser] = runs as [Run, Run];
    assert.match(winner.stdout, new RegExp(`^${refused._id}  post case\\.card: retried, sent`));
    assert.match(loser.stdout, new RegExp(`^${refused._id}: already retried by (anna|bo)-operator`));
    assertNoPatientData(winner.stdout + loser.stdout + winner.stderr + loser.stderr);

    const arrived = channelPosts().slice(postsBefore);
    assert.equal(arrived.length, 1, 'the card reached Teams once');
    assert.ok(cardOf(arrived[0]!), 'as a card');
    const message = outbox(dataDir).find((m) => m._id === refused._id);
    assert.deepEqual([message?.status, message?.retries], ['sent', 1]);
    const retries = auditEntries(dataDir).filter((entry) => entry.action === 'outbox.retry');
    assert.equal(retries.length, 1);
    assert.deepEqual(retries[0]!.outboxMessage, { id: refused._id, noticeType: 'case.card' });
    assert.equal(retries[0]!.caseId, null);
    assert.match(retries[0]!.actor.name, /^(anna|bo)-operator$/);
    assert.ok(loser.stdout.includes(retries[0]!.actor.name), 'the other operator is told who retried it');
  });

  it('retries a post whose outcome is unknown only with --force, after telling the operator to look in the channel', async () => {
    const before = rawRows(dataDir, 'outbox');
    const postsBefore = channelPosts().length;
    const refusedRun = await runOutbox(dataDir, ['retry', inDoubt._id]);
    assert.equal(refusedRun.code, 1, refusedRun.stdout + refusedRun.stderr);
    assert.match(refusedRun.stdout, /outcome is unknown: Teams may already have posted it/);
    assert.match(refusedRun.stdout, /Look in the conversation first.*discard it.*--force/);
    assert.deepEqual(rawRows(dataDir, 'outbox'), before);

    // --all leaves it out too, and says so; the one other dead letter (`spare`) is retried and refused again.
    connector.respond = (call) => (call.method === 'POST' && call.conversationId === CHANNEL_ID ? { status: 403 } : null);
    try {
      const all = await runOutbox(dataDir, ['retry', '--all']);
      assert.equal(all.code, 1, 'a retried message is dead again');
      assert.match(all.stdout, new RegExp(`${spare._id}  post case\\.card: retried, dead again \\(403`));
      assert.match(all.stdout, new RegExp(`Skipped 1 post whose outcome is unknown \\(Teams may already have posted them\\): ${inDoubt._id}`));
    } finally {
      connector.respond = () => null;
    }

    const forced = await runOutbox(dataDir, ['retry', inDoubt._id, '--force']);
    assert.equal(forced.code, 0, forced.stdout + forced.stderr);
    assert.match(forced.stdout, /retried \(forced: its earlier outcome was unknown\), sent/);
    assert.equal(channelPosts().length, postsBefore + 1);
    assert.equal(outbox(dataDir).find((m) => m._id === inDoubt._id)?.status, 'sent');
  });

  it('discards a dead letter only with a reason; it is then never sent, nor listed, and the discard is audited', async () => {
    const without = await runOutbox(dataDir, ['discard', spare._id]);
    assert.equal(without.code, 2);
    assert.equal(outbox(dataDir).find((m) => m._id === spare._id)?.status, 'dead');

    const discarded = await runOutbox(dataDir, ['discard', spare._id, '--reason', 'posted by hand in the channel'], { SUDO_USER: 'anna-operator' });
    assert.equal(discarded.code, 0, discarded.stdout + discarded.stderr);
    assert.match(discarded.stdout, /discarded; it will not be sent/);
    const message = outbox(dataDir).find((m) => m._id === spare._id);
    assert.deepEqual([message?.status, message?.discardReason], ['discarded', 'posted by hand in the channel']);
    assert.match(message?.discardedBy ?? '', /^anna-operator \(as .+\)$/);
    const entry = auditEntries(dataDir).find((e) => e.action === 'outbox.discard');
    assert.deepEqual([entry?.outboxMessage, entry?.actor.name], [{ id: spare._id, noticeType: 'case.card' }, 'anna-operator']);

    const postsBefore = channelPosts().length;
    const again = await runOutbox(dataDir, ['retry', spare._id]);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /discarded by anna-operator .*never sent/);
    assert.equal((await runOutbox(dataDir, ['discard', spare._id, '--reason', 'twice'])).code, 1);
    const list = await runOutbox(dataDir, ['list']);
    assert.equal(list.stdout, 'No dead letters.\n');
    assert.equal(channelPosts().length, postsBefore);
  });
});
