import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cardOf } from '../support/connectorStandIn';
import { captureLogger } from '../support/captureLogger';
import { setUpMeeting } from '../support/meetingSetup';
import { validSbar } from '../support/sbarFixtures';
import { actionsOf, cardText, startTestBot, type TestBot } from '../support/testBot';
import { BOT, botInstalledPersonally, CHANNEL_ID, TEAM_ID, TENANT_ID, teamsUser, type ChannelPlace, type TeamsUser } from '../support/teamsActivities';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';

const TUESDAY = '2026-11-24';
const START = 'application/vnd.microsoft.meetingStart';
const END = 'application/vnd.microsoft.meetingEnd';

/** A meeting's chat: a channel meeting's thread, or a scheduled meeting's group chat. */
type MeetingChat = { kind: 'channel'; channelId: string; threadId: string } | { kind: 'groupChat'; chatId: string };

/** What Teams sends when someone starts or ends the meeting (RSC OnlineMeeting.ReadBasic.Chat / ChannelMeeting.ReadBasic.Group). */
function meetingEvent(place: ChannelPlace, name: string, teamsMeetingId: string, chat: MeetingChat, by: TeamsUser, tenantId = TENANT_ID) {
  const conversation =
    chat.kind === 'channel'
      ? { id: `${chat.channelId};messageid=${chat.threadId}`, conversationType: 'channel', isGroup: true, tenantId }
      : { id: chat.chatId, conversationType: 'groupChat', isGroup: true, tenantId };
  return {
    id: randomUUID(),
    type: 'event',
    name,
    channelId: 'msteams',
    serviceUrl: place.serviceUrl,
    timestamp: new Date().toISOString(),
    from: by,
    recipient: BOT,
    conversation,
    channelData: {
      tenant: { id: tenantId },
      meeting: { id: teamsMeetingId },
      ...(chat.kind === 'channel' ? { team: { id: TEAM_ID }, channel: { id: chat.channelId } } : {}),
    },
    value: {
      Id: teamsMeetingId,
      JoinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(teamsMeetingId)}`,
      Title: 'Samordningsmöte',
      MeetingType: 'Scheduled',
      ...(name === START ? { StartTime: '2026-11-24T11:58:00Z' } : { EndTime: '2026-11-24T13:31:00Z' }),
    },
  };
}

describe('e2e: the Teams meeting itself starts and ends the samordningsmöte', function () {
  this.timeout(60_000);
  let bot: TestBot;
  let clock: ManualClock;
  let logs: ReturnType<typeof captureLogger>;
  let meetingId: string;
  const rita = teamsUser('Rita Region'); // leads the first meeting
  const mona = teamsUser('Mona Kommun');
  const channelMeeting: MeetingChat = { kind: 'channel', channelId: CHANNEL_ID, threadId: '1732450000000' };
  const chatOf = (chat: MeetingChat) => (chat.kind === 'channel' ? `${chat.channelId};messageid=${chat.threadId}` : chat.chatId);
  const postsTo = (chat: MeetingChat) => bot.connector.posts().filter((call) => call.conversationId === chatOf(chat));
  const send = async (name: string, teamsMeetingId: string, chat: MeetingChat, tenantId?: string) => {
    const answer = await bot.send(meetingEvent(bot.place, name, teamsMeetingId, chat, rita, tenantId));
    await bot.settle();
    return answer;
  };

  beforeEach(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    logs = captureLogger('info');
    bot = await startTestBot({ clock, logger: logs.logger, env: { ALLOWED_TENANTS: TENANT_ID } });
    meetingId = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse'], [mona, 'social_worker']]);
    await bot.press(mona, 'case.submit', validSbar({ meetingId, recipients: '' }));
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '12:58'));
  });
  afterEach(() => bot.stop());

  it('posts the agenda with "Starta mötet" into a channel meeting in the meeting\'s own channel, once, and keeps it in step', async () => {
    const teamsMeetingId = `MCM-${randomUUID()}`;
    assert.equal((await send(START, teamsMeetingId, channelMeeting)).status, 200);
    const [agenda, ...more] = postsTo(channelMeeting);
    assert.ok(agenda, 'the agenda is posted in the meeting thread');
    assert.equal(more.length, 0);
    assert.match(cardText(cardOf(agenda)), /Dagordning[\s\S]*Norrmalm/);
    const start = actionsOf(cardOf(agenda)).find((action) => action.verb === 'meeting.start');
    assert.ok(start, 'the agenda carries "Starta mötet"');
    assert.equal((await bot.runtime.services.teamsMeetings.linkOf(teamsMeetingId))?.how, 'channel', 'linked automatically');

    await send(START, teamsMeetingId, channelMeeting); // Teams may send it again (someone rejoins)
    assert.equal(postsTo(channelMeeting).length, 1, 'posted once per meeting day');

    // The agenda time (07:00) had passed unposted in this test: the meeting chat's agenda counts as posted.
    const view = await bot.press(rita, 'meeting.start', start.data);
    assert.match(cardText(view), /Punkt 1 av 6/);
    await bot.press(rita, 'meeting.point', { meetingId, meetingDate: TUESDAY, point: 2 });
    await bot.settle();
    const updated = bot.connector.updates().filter((call) => call.conversationId === chatOf(channelMeeting));
    assert.ok(updated.some((call) => /Mötet pågår: punkt 2 av 6\./.test(cardText(cardOf(call)))), "the meeting chat's agenda follows the run");
  });

  it('ignores a meeting nobody linked, and links one through its tab', async () => {
    const chat: MeetingChat = { kind: 'groupChat', chatId: '19:meeting_scheduled@thread.v2' };
    const teamsMeetingId = `MCM-${randomUUID()}`;
    assert.equal((await send(START, teamsMeetingId, chat)).status, 200);
    assert.equal(postsTo(chat).length, 0, 'an unlinked meeting gets nothing');
    assert.ok(logs.lines.some((line) => line.msg === 'Teams meeting event' && line.outcome === 'unlinked'), 'logged quietly');

    const meeting = (await bot.runtime.services.meetings.byId(meetingId))!;
    await bot.runtime.services.teamsMeetings.link(teamsMeetingId, meeting, { id: rita.id, aadObjectId: rita.aadObjectId, name: rita.name }, null);
    await send(START, teamsMeetingId, chat);
    assert.equal(postsTo(chat).length, 1, 'a linked scheduled meeting gets the agenda in its chat');
  });

  it('ignores a meeting of another tenant, and the meeting on any other day than the meeting day', async () => {
    const teamsMeetingId = `MCM-${randomUUID()}`;
    await send(START, teamsMeetingId, channelMeeting, '11111111-2222-3333-4444-555555555555');
    assert.equal(postsTo(channelMeeting).length, 0, 'another tenant is refused before any handler');
    assert.ok(logs.lines.some((line) => /tenant that is not allowed/.test(String(line.msg))));

    clock.set(zonedInstant('2026-11-25', '13:00')); // a Wednesday
    await send(START, teamsMeetingId, channelMeeting);
    assert.equal(postsTo(channelMeeting).length, 0);
    assert.ok(logs.lines.some((line) => line.outcome === 'not_meeting_day'));
  });

  it("reminds the leader at the meeting's end to end the run — in a personal chat when there is one — and not once it is ended", async () => {
    const teamsMeetingId = `MCM-${randomUUID()}`;
    await send(START, teamsMeetingId, channelMeeting);
    await bot.press(rita, 'meeting.start', { meetingId, meetingDate: TUESDAY });
    await bot.send(botInstalledPersonally(bot.place, rita));
    clock.set(zonedInstant(TUESDAY, '14:31'));
    await send(END, teamsMeetingId, channelMeeting);
    const reminder = bot.connector.posts().find((call) => call.conversationId === `a:personal-${rita.aadObjectId}` && /Teams-mötet är slut/.test(cardText(cardOf(call))));
    assert.ok(reminder, 'the leader is reminded in her personal chat');
    assert.match(cardText(cardOf(reminder)), /pågår fortfarande/);
    const end = actionsOf(cardOf(reminder)).find((action) => action.verb === 'meeting.end');
    assert.ok(end);
    assert.match(cardText(await bot.press(rita, 'meeting.end', end.data)), /avslutat/i);
    await bot.settle();

    const before = bot.connector.posts().length;
    await send(END, `MCM-${randomUUID()}`, channelMeeting); // a second Teams meeting the same day, in the same channel
    assert.equal(bot.connector.posts().length, before, 'nothing to remind of once the run is ended');
  });

  it('asks the leader to start the run when the meeting ended without one, @mentioning her in the meeting chat', async () => {
    const teamsMeetingId = `MCM-${randomUUID()}`;
    await send(START, teamsMeetingId, channelMeeting);
    clock.set(zonedInstant(TUESDAY, '14:31'));
    await send(END, teamsMeetingId, channelMeeting);
    const reminder = postsTo(channelMeeting).find((call) => /Teams-mötet är slut/.test(cardText(cardOf(call))));
    assert.ok(reminder, 'posted in the meeting chat');
    assert.match(cardText(cardOf(reminder)), /startades aldrig/);
    assert.deepEqual(actionsOf(cardOf(reminder)).map((action) => action.verb), ['meeting.start']);
    const mentioned = (cardOf(reminder)!.msteams as { entities: { mentioned: { id: string } }[] }).entities.map((entity) => entity.mentioned.id);
    assert.deepEqual(mentioned, [rita.id]);
  });

  it('answers a meeting event it cannot read with 200 and stores nothing', async () => {
    const event = meetingEvent(bot.place, START, 'x', channelMeeting, rita) as Record<string, unknown>;
    for (const value of [null, {}, { Id: '' }, { Id: 42 }, { Id: 'x'.repeat(600) }]) {
      assert.equal((await bot.send({ ...event, value })).status, 200);
    }
    assert.equal(await bot.runtime.services.repos.teamsMeetings.count({}), 0);
    assert.equal(postsTo(channelMeeting).length, 0);
  });
});
