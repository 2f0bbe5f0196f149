import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AUTHORIZATION_DOC, authorizationTableMarkdown, tableSectionOf } from '../../scripts/authorization-table';
import type { Repositories } from '../../services/store/repositories';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { REFUSAL_TEXTS } from '../../cards/texts.sv';
import { validSbar } from '../support/sbarFixtures';
import { cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, teamsUser, type TeamsUser } from '../support/teamsActivities';
import { ACTORS, AUTHORIZATION_TABLE, HTTP_AUTHORIZATION_TABLE, type Actor, type AuthorizationRow, type Phase, type WorldIds } from './authorizationTable';

const REFUSAL_TITLES: ReadonlySet<string> = new Set(Object.values(REFUSAL_TEXTS).map((texts) => texts.title));

const MEETING_DAY = '2026-11-24';

/** Answers that leave the store as it was, so the next row can start from the same world. */
const READ_ONLY_VERBS = new Set([
  'help', 'meeting.form', 'roster.form', 'case.form', 'case.view', 'case.hide', 'case.journal', 'my.cases', 'meeting.decisions', 'meeting.summary',
  'leader.form', 'meeting.view', 'case.decision',
]);

interface World extends WorldIds {
  phase: Phase;
  channelId: string;
  users: Record<Actor, TeamsUser>;
}

/** Every document of every collection, to show that a refused press stored nothing. */
async function storeSnapshot(repos: Repositories): Promise<string> {
  const names = Object.keys(repos).sort() as (keyof Repositories)[];
  const all: Record<string, unknown[]> = {};
  for (const name of names) {
    const docs: { _id: string }[] = await repos[name].find({});
    all[name] = docs.sort((a, b) => a._id.localeCompare(b._id));
  }
  return JSON.stringify(all);
}

describe('security: who may press which button (authorization matrix)', function () {
  this.timeout(60_000);
  let bot: TestBot;
  let clock: ManualClock;
  let world: World | null = null;
  let worlds = 0;

  before(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock, env: { INVOKE_RATE_LIMIT_PER_MINUTE: '10000' } });
  });
  after(() => bot.stop());

  /**
   * A channel of its own with the five people, set up as the phase needs. The meeting is set up
   * by someone who is not on the roster, so only the manager rule lets anyone change it.
   */
  async function buildWorld(phase: Phase): Promise<World> {
    const channelId = `19:matrix-${++worlds}@thread.tacv2`;
    // Presses go to this world's channel from now on.
    bot.place.channelId = channelId;
    clock.set(zonedInstant('2026-11-22', '10:00'));
    const users: Record<Actor, TeamsUser> = {
      outsider: teamsUser('Olle Utanför'),
      member: teamsUser('Mona Medlem'),
      submitter: teamsUser('Siv Anmälare'),
      leader: teamsUser('Rita Ledare'),
      manager: teamsUser('Maria Chef'),
    };
    const roles: Partial<Record<Actor, string>> = { leader: 'hc_nurse', member: 'social_worker', submitter: 'home_health_nurse', manager: 'manager' };
    const creator = teamsUser('Sam Inställare');
    await bot.send(botAddedToChannel(bot.place, creator));
    await bot.press(creator, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    const { repos, leaders } = bot.runtime.services;
    const meeting = (await repos.meetings.findOne({ conversationKey: channelId }))!;
    for (const actor of ['leader', 'member', 'submitter', 'manager'] as const) {
      clock.advance(1000);
      await bot.press(users[actor], 'roster.join', { meetingId: meeting._id, role: roles[actor], organization: 'Enheten' });
    }
    await bot.press(users.submitter, 'case.submit', validSbar({ meetingId: meeting._id, recipients: 'social_worker' }));
    const record = (await repos.cases.findOne({ meetingId: meeting._id }))!;
    const ack = (await repos.acks.findOne({ caseId: record._id, role: 'social_worker' }))!;
    assert.equal((await leaders.leaderOf(meeting, MEETING_DAY)).leader?.userId, users.leader.id, 'the rotation names the leader');

    let lateCaseId: string | null = null;
    if (phase !== 'open') {
      clock.set(zonedInstant(MEETING_DAY, '07:00'));
      await bot.runtime.scheduler.tick(clock.now());
      await bot.settle();
      if (phase === 'running') {
        clock.set(zonedInstant(MEETING_DAY, '09:00'));
        await bot.press(users.submitter, 'case.submit', validSbar({ meetingId: meeting._id, recipients: '' }));
        lateCaseId = (await repos.cases.findOne({ meetingId: meeting._id, lateFor: MEETING_DAY }))!._id;
      }
      clock.set(zonedInstant(MEETING_DAY, '13:00'));
      if (phase === 'running') assert.match(cardText(await bot.press(users.leader, 'meeting.start', { meetingId: meeting._id, meetingDate: MEETING_DAY })), /Punkt 1 av 6/);
    }
    await bot.settle();
    const userIds = Object.fromEntries(ACTORS.map((actor) => [actor, users[actor].id])) as Record<Actor, string>;
    return { phase, channelId, users, roles, userIds, meetingId: meeting._id, meetingDate: MEETING_DAY, caseId: record._id, lateCaseId, ackId: ack._id };
  }

  async function worldFor(phase: Phase): Promise<World> {
    if (world?.phase !== phase) world = await buildWorld(phase);
    bot.place.channelId = world.channelId;
    return world;
  }

  function dataFor(row: AuthorizationRow, current: World, actor: Actor): Record<string, unknown> {
    const data = row.data(current, actor);
    return row.verb === 'case.submit' ? validSbar({ ...data, recipients: '' }) : data;
  }

  for (const row of AUTHORIZATION_TABLE) {
    describe(`${row.verb} — ${row.situation}`, () => {
      for (const actor of ACTORS) {
        const outcome = row.outcomes[actor];
        it(`${actor}: ${outcome}`, async () => {
          const current = await worldFor(row.phase);
          const before = outcome === 'refused' ? await storeSnapshot(bot.runtime.services.repos) : '';
          const card = await bot.press(current.users[actor], row.verb, dataFor(row, current, actor));
          const text = cardText(card);
          if (outcome === 'refused') {
            assert.ok(row.refusedText && text.includes(row.refusedText), `expected the refusal "${row.refusedText}", got:\n${text}`);
            assert.ok(REFUSAL_TITLES.has(text.split('\n')[0]!), `a refusal card: ${text.split('\n')[0]}`);
            await bot.settle();
            assert.equal(await storeSnapshot(bot.runtime.services.repos), before, 'a refused press stores nothing');
          } else {
            assert.ok(text.includes(row.allowedText), `expected "${row.allowedText}", got:\n${text}`);
            // An allowed answer may still explain who else may act (the leader card does); it is no refusal card.
            assert.ok(!REFUSAL_TITLES.has(text.split('\n')[0]!), `allowed, yet refused:\n${text}`);
            await bot.settle();
            // What an allowed press changed may change the next row's answer: it starts afresh.
            if (!READ_ONLY_VERBS.has(row.verb)) world = null;
          }
        });
      }
    });
  }

  // The personal tab's API: the same people, over HTTP with the development identity.
  for (const row of HTTP_AUTHORIZATION_TABLE) {
    describe(`${row.method} ${row.route} — ${row.situation}`, () => {
      for (const actor of ACTORS) {
        const status = row.status[actor];
        it(`${actor}: ${status === 200 ? 'allowed' : `refused (${status})`}`, async () => {
          const current = await worldFor('open');
          const before = status !== 200 ? await storeSnapshot(bot.runtime.services.repos) : '';
          const response = await fetch(`${bot.runtime.url}${row.path(current)}`, {
            method: row.method,
            headers: { 'x-samordna-dev-user': current.users[actor].aadObjectId, ...(row.body ? { 'content-type': 'application/json' } : {}) },
            ...(row.body ? { body: JSON.stringify(row.body) } : {}),
          });
          const text = await response.text();
          assert.equal(response.status, status, text);
          if (status !== 200) {
            const refusal = row.refusals[status];
            assert.deepEqual(Object.keys(JSON.parse(text)), ['error'], text);
            assert.ok(refusal && text.includes(refusal), `expected the refusal "${refusal}", got:\n${text}`);
            await bot.settle();
            assert.equal(await storeSnapshot(bot.runtime.services.repos), before, 'a refused call stores nothing');
          } else {
            assert.ok(text.includes(row.allowedText), `expected "${row.allowedText}", got:\n${text.slice(0, 500)}`);
            await bot.settle();
            if (!row.readOnly) world = null;
          }
        });
      }
    });
  }

  it('docs/authorization.md holds the table generated from this matrix', async () => {
    const doc = await readFile(path.join(__dirname, '..', '..', AUTHORIZATION_DOC), 'utf8');
    assert.equal(tableSectionOf(doc), authorizationTableMarkdown(), 'run `npx tsx scripts/authorization-table.ts` to update the doc');
  });
});
