import assert from 'node:assert/strict';
import { cardOf, type RecordedCall } from '../support/connectorStandIn';
import { withCheckDigit } from '../support/identityNumbers';
import { setUpMeeting } from '../support/meetingSetup';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { actionsOf, cardText, startTestBot, type AdaptiveCardJson, type TestBot } from '../support/testBot';
import {
  botInstalledPersonally,
  CHANNEL_ID,
  mentionMessage,
  personalCardAction,
  personalConversationId,
  personalMessage,
  teamsUser,
  type TeamsUser,
} from '../support/teamsActivities';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';

/**
 * After the meeting: the decision reaches the people who must act on it — privately, audited — from
 * every card that names their case, into their own journal, and in "Mina ärenden".
 */
describe('e2e: after the meeting, every decision reaches the people who must act on it', function () {
  this.timeout(60_000);
  let bot: TestBot;
  let clock: ManualClock;
  let meetingId: string;
  let riskCaseId: string;
  let sipCaseId: string;
  const rita = teamsUser('Rita Region'); // leads the first meeting
  const mona = teamsUser('Mona Kommun');
  const maria = teamsUser('Maria Chef');
  const petra = teamsUser('Petra Hemtjänst');
  const olle = teamsUser('Olle Utanför'); // in the team, not on the roster
  const TUESDAY = '2026-11-24';
  // The second case is another patient: nothing of it may show in the first one's journal copy.
  const OTHER = { patientName: 'Bertil Sandström', personnummer: `19450315${withCheckDigit('450315123').slice(-4)}`, situation: 'Ensam efter makans död, slutat äta.', background: 'KOL sedan tio år.' };
  const FREE_TEXT = ['Hembesök av distriktssköterska', 'Resurser saknas för nattbesök', 'Daglig tillsyn av hemtjänsten'];

  const pressPersonally = async (user: TeamsUser, verb: string, data: Record<string, unknown>): Promise<AdaptiveCardJson> => {
    const answer = await bot.send(personalCardAction(bot.place, user, verb, data));
    assert.equal(answer.status, 200);
    return (answer.body as { value: AdaptiveCardJson }).value;
  };
  const postsTo = (conversationId: string) => bot.connector.posts().filter((call) => call.conversationId === conversationId);
  const channelPosts = (): RecordedCall[] => bot.connector.calls.filter((call) => call.conversationId.startsWith(CHANNEL_ID) && call.method !== 'GET');
  const button = (card: unknown, verb: string) => {
    const found = actionsOf(card).find((action) => action.verb === verb);
    assert.ok(found, `a ${verb} button`);
    return found;
  };

  before(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock, env: { INVOKE_RATE_LIMIT_PER_MINUTE: '10000' } });
    meetingId = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse'], [mona, 'social_worker'], [maria, 'manager'], [petra, 'home_care']]);
    // Mona and Maria have a personal chat with Samordna: reminders and pings reach them there.
    for (const user of [mona, maria]) await bot.send(botInstalledPersonally(bot.place, user));
    await bot.press(rita, 'case.submit', validSbar({ meetingId, agendaItem: 'risk', recipients: '' }));
    await bot.press(mona, 'case.submit', validSbar({ meetingId, agendaItem: 'sip', recipients: '', ...OTHER }));
    const cases = await bot.runtime.services.repos.cases.find({});
    riskCaseId = cases.find((record) => record.agendaItem === 'risk')!._id;
    sipCaseId = cases.find((record) => record.agendaItem === 'sip')!._id;

    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
    await bot.press(rita, 'meeting.start', { meetingId, meetingDate: TUESDAY });
    const decide = (caseId: string, decision: Record<string, string>) => bot.press(rita, 'case.decide', { meetingId, meetingDate: TUESDAY, caseId, ...decision });
    await decide(riskCaseId, {
      actions: `${FREE_TEXT[0]} inom två dagar.`, responsible: mona.id, followUpDate: '2026-12-08',
      sipNeeded: 'true', sipCoordinator: mona.id, escalate: 'true', escalationReason: `${FREE_TEXT[1]}.`,
    });
    await decide(sipCaseId, { actions: `${FREE_TEXT[2]}.`, responsible: petra.id, followUpDate: '' });
    clock.set(zonedInstant(TUESDAY, '14:20'));
    await bot.press(rita, 'meeting.end', { meetingId, meetingDate: TUESDAY });
    await bot.settle();
  });
  after(() => bot.stop());

  it('opens the decisions behind the summary, and each case privately with its decision, for roster members only', async () => {
    const summary = channelPosts().find((call) => /Sammanfattning av/.test(cardText(cardOf(call))))!;
    const list = await bot.press(mona, 'meeting.decisions', button(cardOf(summary), 'meeting.decisions').data);
    const listText = cardText(list);
    const references = (await bot.runtime.services.repos.cases.find({})).map((record) => record.reference);
    for (const reference of references) assert.ok(listText.includes(reference), reference);
    for (const secret of [...SECRET_STRINGS, ...FREE_TEXT]) assert.ok(!listText.includes(secret), `the list is masked: ${secret}`);

    const view = await bot.press(mona, 'case.view', actionsOf(list).find((action) => action.verb === 'case.view' && action.data.caseId === riskCaseId)!.data);
    const text = cardText(view);
    for (const shown of [
      'Astrid Lindqvist', 'Samordningsmöte tisdag 24 november 2026', 'Mötesledare: Rita Region', FREE_TEXT[0], 'Mona Kommun (Socialsekreterare)',
      'tisdag 8 december 2026', 'kallelse senast fredag 27 november 2026', `Ja – skäl: ${FREE_TEXT[1]}.`, 'Väntar på kvittens från chef', 'Uppföljning',
      'Satt på uppföljning',
    ]) assert.ok(text.includes(shown), shown);
    assert.deepEqual(button(view, 'meeting.decisions').data, { meetingId, meetingDate: TUESDAY }, 'back to the list it came from');
    const back = await bot.press(mona, 'meeting.summary', button(list, 'meeting.summary').data);
    assert.match(cardText(back), /Sammanfattning av samordningsmötet/);

    for (const [verb, data] of [['meeting.decisions', { meetingId, meetingDate: TUESDAY }], ['case.view', { caseId: riskCaseId }], ['case.journal', { caseId: riskCaseId }]] as const) {
      const refused = cardText(await bot.press(olle, verb, data));
      assert.match(refused, /Bara deltagare/, verb);
      for (const secret of [...SECRET_STRINGS, ...FREE_TEXT]) assert.ok(!refused.includes(secret), secret);
    }
  });

  it("lets the manager read the escalated case from the ping, with the meeting's reason", async () => {
    const ping = postsTo(personalConversationId(maria)).find((call) => /Eskalerat/.test(cardText(cardOf(call))));
    assert.ok(ping, 'the manager was pinged in her personal chat');
    const view = await pressPersonally(maria, 'case.view', button(cardOf(ping), 'case.view').data);
    assert.ok(cardText(view).includes(`Ja – skäl: ${FREE_TEXT[1]}.`));
    assert.ok(cardText(view).includes(FREE_TEXT[0]));
  });

  it('lists exactly the caller\'s own work for "mina" in a personal chat, and never in the channel', async () => {
    const [riskRef, sipRef] = await Promise.all([riskCaseId, sipCaseId].map(async (id) => (await bot.runtime.services.cases.byId(id))!.reference));
    const before = postsTo(personalConversationId(mona)).length;
    assert.equal((await bot.send(personalMessage(bot.place, mona, 'mina ärenden'))).status, 200);
    const reply = postsTo(personalConversationId(mona)).slice(before);
    assert.equal(reply.length, 1);
    const mine = cardText(cardOf(reply[0]!));
    assert.match(mine, /Att kvittera \(1\)/, 'the kvittens of her action');
    assert.match(mine, /Ansvarig för \(1\)/);
    assert.match(mine, /SIP-samordnare \(1\)/);
    assert.match(mine, /Kalla till SIP senast fredag 27 november 2026/);
    assert.match(mine, /Anmälda av mig \(1\)/);
    assert.match(mine, new RegExp(`${riskRef}[\\s\\S]*${riskRef}[\\s\\S]*${riskRef}[\\s\\S]*${sipRef}`), 'her action, responsibility and SIP are the risk case; her submission the other');
    for (const secret of [...SECRET_STRINGS, ...FREE_TEXT, OTHER.patientName]) assert.ok(!mine.includes(secret), `masked: ${secret}`);

    // Petra answers for the other case and owes its kvittens; she submitted nothing and coordinates no SIP.
    const petras = cardText(await bot.press(petra, 'my.cases'));
    assert.match(petras, new RegExp(`Att kvittera \\(1\\)[\\s\\S]*${sipRef}[\\s\\S]*Ansvarig för \\(1\\)[\\s\\S]*${sipRef}`));
    assert.doesNotMatch(petras, new RegExp(riskRef!));
    assert.doesNotMatch(petras, /Anmälda av mig|SIP-samordnare/);

    // In the channel, "@Samordna mina" answers with a button, never the list.
    const channelBefore = channelPosts().length;
    await bot.send(mentionMessage(bot.place, mona, 'mina'));
    const answer = channelPosts().slice(channelBefore);
    assert.equal(answer.length, 1);
    assert.deepEqual(actionsOf(cardOf(answer[0]!)).map((action) => action.verb), ['my.cases']);
    assert.doesNotMatch(cardText(cardOf(answer[0]!)), /SA-/);
  });

  it('reminds the responsible person with a working "Visa ärendet", and lets her acknowledge from the private view', async () => {
    clock.set(zonedInstant('2026-11-25', '10:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    const reminder = postsTo(personalConversationId(mona)).find((call) => /Påminnelse om kvittens/.test(cardText(cardOf(call))));
    assert.ok(reminder, 'reminded in her personal chat');
    const view = await pressPersonally(mona, 'case.view', button(cardOf(reminder), 'case.view').data);
    assert.ok(cardText(view).includes(FREE_TEXT[0]), 'she reads what was decided before she acknowledges');
    const confirmed = await pressPersonally(mona, 'ack.confirm', button(view, 'ack.confirm').data);
    assert.match(cardText(confirmed), /Kvitterat/);
    assert.deepEqual(button(confirmed, 'case.view').data, { caseId: riskCaseId });
    const again = await pressPersonally(mona, 'case.view', { caseId: riskCaseId });
    assert.ok(!actionsOf(again).some((action) => action.verb === 'ack.confirm'), 'nothing left for her to acknowledge');
    assert.match(cardText(again), /Kvitterad av Mona Kommun/);
  });

  it('gives a journal copy with the SBAR and the decision, and nothing of another case', async () => {
    const view = await pressPersonally(mona, 'case.view', { caseId: riskCaseId });
    const journal = await pressPersonally(mona, 'case.journal', button(view, 'case.journal').data);
    const field = (journal.body as { type: string; id?: string; value?: string }[]).find((element) => element.type === 'Input.Text' && element.id === 'journalText');
    assert.ok(field?.value, 'a field with the text to copy');
    for (const shown of [
      'Patient: Astrid Lindqvist', 'Personnummer: 19121212-1212', 'S – Situation och kontaktorsak', 'Tre besök på akuten', 'R – Rekommendation/åtgärd',
      'Beslut på samordningsmöte 2026-11-24 (mötesledare Rita Region)', `Åtgärder: ${FREE_TEXT[0]}`, 'Ansvarig: Mona Kommun (Socialsekreterare)',
      'Uppföljning: 2026-12-08', 'SIP: behövs, samordnare Mona Kommun (Socialsekreterare), kallelse senast 2026-11-27', 'Samtycke: Ja',
    ]) assert.ok(field.value.includes(shown), shown);
    for (const other of [OTHER.patientName, OTHER.situation, OTHER.background, FREE_TEXT[2], 'Petra Hemtjänst']) assert.ok(!field.value.includes(other), other);
    const audit = await bot.runtime.services.audit.forCase(riskCaseId);
    assert.ok(audit.some((entry) => entry.action === 'case.journal' && entry.actor.userId === mona.id), 'the journal copy is audited as such');
  });

  it('sends the follow-up reminder with a working "Visa ärendet"', async () => {
    clock.set(zonedInstant('2026-12-08', '06:30'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    const reminder = postsTo(personalConversationId(mona)).find((call) => /Dags för uppföljning/.test(cardText(cardOf(call))));
    assert.ok(reminder);
    const view = await pressPersonally(mona, 'case.view', button(cardOf(reminder), 'case.view').data);
    assert.ok(cardText(view).includes(FREE_TEXT[0]));
  });

  it('audits every private view, and never lets a name, personnummer or free text into a channel post', async () => {
    const actions = (await bot.runtime.services.repos.audit.find({})).map((entry) => entry.action);
    for (const action of ['case.read', 'case.journal', 'cases.mine', 'meeting.decisions'] as const) assert.ok(actions.includes(action), action);
    const posts = channelPosts();
    assert.ok(posts.length > 5);
    for (const call of posts) {
      const body = JSON.stringify(call.body);
      for (const secret of [...SECRET_STRINGS, ...FREE_TEXT, OTHER.patientName, OTHER.personnummer, OTHER.situation, OTHER.background]) {
        assert.ok(!body.includes(secret), `channel post ${call.method} ${call.path} shows ${secret}`);
      }
    }
  });
});
