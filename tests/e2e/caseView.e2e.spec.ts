import assert from 'node:assert/strict';
import { cardOf } from '../support/connectorStandIn';
import { validSbar, SECRET_STRINGS } from '../support/sbarFixtures';
import { actionsOf, cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, cardSubmit, teamsUser } from '../support/teamsActivities';

describe('e2e: opening the whole case (only for the one who asks)', () => {
  let bot: TestBot;
  let caseId: string;
  const karin = teamsUser('Karin Nilsson');
  const omar = teamsUser('Omar Hassan');
  const outsider = teamsUser('Olle Utanför');

  beforeEach(async () => {
    bot = await startTestBot();
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    await bot.press(omar, 'roster.join', { role: 'social_worker', organization: 'Socialtjänsten' });
    const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
    await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    caseId = (await bot.runtime.services.repos.cases.find({}))[0]!._id;
    await bot.settle();
  });
  afterEach(() => bot.stop());

  it('offers "Visa ärendet" on the masked channel card, and shows a roster member everything, audited', async () => {
    const post = bot.connector.posts().find((call) => actionsOf(cardOf(call)).some((action) => action.verb === 'case.view'));
    assert.ok(post, 'the channel card has the button');
    const view = await bot.press(omar, 'case.view', actionsOf(cardOf(post)).find((action) => action.verb === 'case.view')!.data);
    const text = cardText(view);
    for (const shown of ['Astrid Lindqvist', '19121212-1212', 'Tre besök på akuten', 'Ökande fallrisk']) assert.ok(text.includes(shown), shown);
    assert.match(text, /Visas bara för dig/);
    const audit = await bot.runtime.services.audit.forCase(caseId);
    assert.deepEqual(audit.map((entry) => [entry.action, entry.actor.userId]), [['case.create', karin.id], ['case.read', omar.id]]);
    const hidden = await bot.press(omar, 'case.hide', { caseId });
    assert.ok(!cardText(hidden).includes('Lindqvist'));
  });

  it('refuses someone outside the roster, and audits nothing for them', async () => {
    const refused = await bot.press(outsider, 'case.view', { caseId });
    assert.match(cardText(refused), /Bara deltagare/);
    for (const secret of SECRET_STRINGS) assert.ok(!JSON.stringify(refused).includes(secret));
    assert.deepEqual((await bot.runtime.services.audit.forCase(caseId)).map((entry) => entry.action), ['case.create']);
  });

  it('never posts the whole case into the channel through the Action.Submit fallback', async () => {
    const before = bot.connector.posts().length;
    await bot.send(cardSubmit(bot.place, omar, 'case.view', { caseId }));
    const reply = bot.connector.posts().slice(before);
    assert.equal(reply.length, 1);
    for (const secret of SECRET_STRINGS) assert.ok(!JSON.stringify(reply[0]!.body).includes(secret), secret);
    assert.match(cardText(cardOf(reply[0]!)), /kan inte visas här/);
  });
});
