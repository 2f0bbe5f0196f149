import assert from 'node:assert/strict';
import { cardOf, type RecordedCall } from '../support/connectorStandIn';
import { validSbar } from '../support/sbarFixtures';
import { actionsOf, cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, botInstalledPersonally, CHANNEL_ID, teamsUser } from '../support/teamsActivities';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';

const mentionsOf = (call: RecordedCall) =>
  ((cardOf(call)?.msteams as { entities?: { type: string; mentioned: { id: string } }[] } | undefined)?.entities ?? [])
    .filter((entity) => entity.type === 'mention')
    .map((entity) => entity.mentioned.id);

describe('e2e: the scheduler over HTTP', () => {
  let bot: TestBot;
  let clock: ManualClock;
  let meetingId: string;
  const karin = teamsUser('Karin Nilsson'); // district nurse, submits
  const omar = teamsUser('Omar Hassan'); // social worker, must acknowledge
  const maria = teamsUser('Maria Lund'); // manager
  const eva = teamsUser('Eva Ek'); // home care, has a personal chat with the bot

  beforeEach(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00')); // Sunday; Tuesday meetings at 13:00
    bot = await startTestBot({ clock });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.send(botInstalledPersonally(bot.place, eva));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    await bot.press(omar, 'roster.join', { role: 'social_worker', organization: 'Socialtjänsten' });
    await bot.press(maria, 'roster.join', { role: 'manager', organization: 'Kommunen' });
    await bot.press(eva, 'roster.join', { role: 'home_care', organization: 'Hemtjänsten Norr' });
    meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
  });
  afterEach(() => bot.stop());

  const tick = async (date: string, time: string) => {
    clock.set(zonedInstant(date, time));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
  };
  const newPosts = (before: number) => bot.connector.posts().slice(before);

  it('posts the day-before reminder with real mentions, and the agenda on the meeting day with the masked cases', async () => {
    await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    await bot.settle();
    let before = bot.connector.posts().length;
    await tick('2026-11-23', '09:00');
    const reminder = newPosts(before).find((call) => actionsOf(cardOf(call)).some((action) => action.verb === 'case.form'));
    assert.ok(reminder, 'the reminder was posted');
    assert.equal(reminder.conversationId, CHANNEL_ID);
    assert.deepEqual(new Set(mentionsOf(reminder)), new Set([karin.id, omar.id, maria.id, eva.id]));
    for (const person of [karin, omar]) assert.ok(cardText(cardOf(reminder)).includes(`<at>${person.name}</at>`));

    before = bot.connector.posts().length;
    await tick('2026-11-24', '07:00');
    const agenda = newPosts(before).find((call) => /Sammanfattning/.test(cardText(cardOf(call))));
    assert.ok(agenda, 'the agenda was posted');
    const text = cardText(cardOf(agenda));
    const record = (await bot.runtime.services.repos.cases.find({}))[0]!;
    assert.ok(text.includes(record.reference) && text.includes('A.L.'));
    assert.ok(!text.includes('Lindqvist') && !text.includes('1212-1212'));

    // Ticking again, or catching up after a restart, sends nothing twice.
    before = bot.connector.posts().length;
    await bot.restart();
    await tick('2026-11-24', '07:30');
    assert.equal(newPosts(before).length, 0);
  });

  it('reminds at 10:00 (personal chat where there is one, else an @mention), and escalates at 12:00 what is still open', async () => {
    clock.set(zonedInstant('2026-11-23', '07:30')); // before 08:00: due 12:00 today
    await bot.press(karin, 'case.submit', validSbar({ meetingId, recipients: 'social_worker,home_care' }));
    await bot.settle();
    const casePost = bot.connector.posts().find((call) => actionsOf(cardOf(call)).some((action) => action.verb === 'ack.confirm'));
    assert.ok(casePost, 'the case card offers Kvittera buttons');

    let before = bot.connector.posts().length;
    await tick('2026-11-23', '10:00');
    // (The day-before reminder of 09:00 goes out in the same catch-up; only kvittens reminders count here.)
    const reminders = newPosts(before).filter((call) => actionsOf(cardOf(call)).some((action) => action.verb === 'ack.confirm'));
    const toOmar = reminders.find((call) => mentionsOf(call).includes(omar.id));
    assert.equal(toOmar?.conversationId, CHANNEL_ID, 'Omar has no personal chat: an @mention in the channel');
    const toEva = reminders.find((call) => call.conversationId.startsWith('a:personal-'));
    assert.ok(toEva, 'Eva is reminded in her personal chat');
    assert.deepEqual(mentionsOf(toEva), []);

    const evaAck = actionsOf(cardOf(toEva)).find((action) => action.verb === 'ack.confirm')!;
    const confirmed = await bot.press(eva, 'ack.confirm', evaAck.data);
    assert.match(cardText(confirmed), /Kvitterat/);
    await bot.settle();
    const update = bot.connector.updates().at(-1);
    assert.match(cardText(cardOf(update!)), /Eva Ek/);

    before = bot.connector.posts().length;
    await tick('2026-11-23', '12:00');
    const escalations = newPosts(before);
    assert.equal(escalations.length, 1, 'one ping for the one manager');
    assert.ok(mentionsOf(escalations[0]!).includes(maria.id));
    const text = cardText(cardOf(escalations[0]!));
    assert.match(text, /Socialsekreterare/);
    assert.doesNotMatch(text, /Hemtjänst/, 'what was acknowledged is not escalated');

    // The overdue kvittens can still be given, recorded as late.
    const omarAck = actionsOf(cardOf(toOmar!)).find((action) => action.verb === 'ack.confirm')!;
    clock.set(zonedInstant('2026-11-23', '12:05'));
    const late = await bot.press(omar, 'ack.confirm', omarAck.data);
    assert.match(cardText(late), /sen kvittens/);
  });

  it('shows under point 5 the SIP summons deadline and when payment responsibility starts, by the 12:00 rule', async () => {
    for (const readyAt of ['2026-11-20 11:59', '2026-11-20 12:00']) {
      await bot.press(karin, 'case.submit', validSbar({ meetingId, agendaItem: 'discharge', readyForDischargeAt: readyAt }));
    }
    const before = bot.connector.posts().length;
    await tick('2026-11-24', '07:00');
    const agenda = newPosts(before).find((call) => /Sammanfattning/.test(cardText(cardOf(call))));
    const text = cardText(cardOf(agenda!));
    assert.match(text, /kl\. 11:59 · SIP-kallelse senast måndag 23 november 2026 · betalningsansvar från måndag 23 november 2026/);
    assert.match(text, /kl\. 12:00 · SIP-kallelse senast måndag 23 november 2026 · betalningsansvar från tisdag 24 november 2026/);
  });

  it('follows a meeting\'s own discharge day counts', async () => {
    await bot.press(karin, 'meeting.setup', {
      area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90', sipSummonsDays: '2', paymentDaysBeforeNoon: '1', paymentDaysFromNoon: '2',
    });
    await bot.press(karin, 'case.submit', validSbar({ meetingId, agendaItem: 'discharge', readyForDischargeAt: '2026-11-20 13:00' }));
    const before = bot.connector.posts().length;
    await tick('2026-11-24', '07:00');
    const text = cardText(cardOf(newPosts(before).find((call) => /Sammanfattning/.test(cardText(cardOf(call))))!));
    assert.match(text, /SIP-kallelse senast söndag 22 november 2026 · betalningsansvar från söndag 22 november 2026/);
  });

  it('splits the agenda by area with start times when the meeting is split, and asks each case for its area', async () => {
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90', areaSlots: '13:00 Byske; 13:45 Kåge' });
    const missing = await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    assert.match(cardText(missing), /Kontrollera/);
    await bot.press(karin, 'case.submit', validSbar({ meetingId, slotArea: 'Kåge' }));
    const record = (await bot.runtime.services.repos.cases.find({}))[0]!;
    assert.equal(record.slotArea, 'Kåge');
    const before = bot.connector.posts().length;
    await tick('2026-11-24', '07:00');
    const text = cardText(cardOf(newPosts(before).find((call) => /Sammanfattning/.test(cardText(cardOf(call))))!));
    assert.match(text, /Byske/);
    assert.match(text, new RegExp(`Kåge[\\s\\S]*${record.reference}`));
  });
});
