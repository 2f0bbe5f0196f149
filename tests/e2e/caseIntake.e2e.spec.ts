import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { cardOf, type RecordedCall } from '../support/connectorStandIn';
import { withCheckDigit } from '../support/identityNumbers';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { actionsOf, cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, cardSubmit, CHANNEL_ID, teamsUser } from '../support/teamsActivities';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';

async function dataFilesText(dataDir: string): Promise<string> {
  const files = await readdir(dataDir);
  const texts = await Promise.all(files.filter((file) => file.endsWith('.db')).map((file) => readFile(path.join(dataDir, file), 'utf8')));
  return texts.join('\n');
}

function assertNoSecrets(text: string, where: string): void {
  for (const secret of SECRET_STRINGS) assert.ok(!text.includes(secret), `${where} contains "${secret}"`);
}

/** What a person sees on a posted card must not hold any personnummer-shaped number at all. */
function assertNoIdentityNumberShown(call: RecordedCall, where: string): void {
  const shown = cardText(cardOf(call));
  assert.ok(shown.length > 0, `${where} shows a card`);
  assert.doesNotMatch(shown, /\b(\d{2})?\d{6}[-+]?\d{4}\b/, `${where} shows a personnummer-shaped number`);
}

describe('e2e: SBAR intake', () => {
  let bot: TestBot;
  let clock: ManualClock;
  let meetingId: string;
  const karin = teamsUser('Karin Nilsson');
  const omar = teamsUser('Omar Hassan');
  const outsider = teamsUser('Olle Utanför');

  beforeEach(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00')); // Sunday; meetings on Tuesdays
    bot = await startTestBot({ clock });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    await bot.press(omar, 'roster.join', { role: 'social_worker', organization: 'Socialtjänsten' });
    meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
  });
  afterEach(() => bot.stop());

  const submit = (user = karin, overrides: Record<string, unknown> = {}) => bot.press(user, 'case.submit', validSbar({ meetingId, ...overrides }));
  const caseCount = () => bot.runtime.services.repos.cases.count({});

  it('answers case.form with the SBAR form for this meeting, and refuses people outside the roster', async () => {
    const form = await bot.press(karin, 'case.form', { agendaItem: 'sip' });
    const submitAction = actionsOf(form).find((action) => action.verb === 'case.submit');
    assert.equal(submitAction?.data.meetingId, meetingId);
    assert.match(cardText(form), /Situation/);
    assert.match(cardText(form), /tisdag 24 november 2026/);
    const refused = await bot.press(outsider, 'case.form');
    assert.match(cardText(refused), /deltagarlistan/);
    assert.ok(actionsOf(refused).some((action) => action.verb === 'roster.form'));
  });

  it('registers a valid case: confirmation to the submitter, masked card in the channel, sealed on disk', async () => {
    const confirmation = await submit();
    const text = cardText(confirmation);
    const record = (await bot.runtime.services.repos.cases.find({}))[0]!;
    assert.ok(text.includes(record.reference), 'confirmation names the reference');
    assert.match(text, /tisdag 24 november 2026/);
    const withdraw = actionsOf(confirmation).find((action) => action.verb === 'case.withdraw');
    assert.equal(withdraw?.data.caseId, record._id);

    await bot.connector.waitFor(() => bot.connector.posts().some((call) => JSON.stringify(call.body).includes(record.reference)));
    const post = bot.connector.posts().find((call) => JSON.stringify(call.body).includes(record.reference))!;
    assert.equal(post.conversationId, CHANNEL_ID, 'posted as a new post in the channel, not in a reply thread');
    const channelText = JSON.stringify(post.body);
    assert.ok(channelText.includes('A.L.') && channelText.includes('1912'), 'initials and birth year shown');
    assertNoSecrets(channelText, 'the channel post');
    assertNoIdentityNumberShown(post, 'the channel post');
    assertNoSecrets(await dataFilesText(bot.dataDir), 'the data files');
  });

  it('refuses each kind of bad input with the problem named next to its field, storing nothing', async () => {
    const future = `20${withCheckDigit('261225123')}`;
    const cases: [string, Record<string, unknown>, string][] = [
      ['wrong check digit', { personnummer: '19121212-1213' }, 'personnummer'],
      ['future birth date', { personnummer: future }, 'personnummer'],
      ['missing situation', { situation: '' }, 'situation'],
      ['too long assessment', { assessment: 'x'.repeat(2001) }, 'assessment'],
      ['unknown urgency', { urgency: 'genast' }, 'urgency'],
      ['unknown agenda item', { agendaItem: 'fika' }, 'agendaItem'],
      ['bad transfer date', { transferDate: '2026-02-31' }, 'transferDate'],
      ['CFS out of range', { cfs: '11' }, 'cfs'],
      ['unknown recipient role', { recipients: 'home_care,janitor' }, 'recipients'],
      ['discharge without time', { agendaItem: 'discharge' }, 'readyForDischargeAt'],
    ];
    for (const [name, overrides, field] of cases) {
      const card = await submit(karin, overrides);
      const json = JSON.stringify(card);
      assert.match(cardText(card), /Kontrollera/, name);
      assert.ok(json.includes(`"id":"${field}"`), `${name}: the form is shown again`);
      assert.ok(json.includes('Astrid Lindqvist'), `${name}: what was typed is kept`);
      assert.equal(await caseCount(), 0, name);
    }
    assert.equal(await bot.runtime.services.repos.audit.count({}), 0);
  });

  it('refuses a form without consent with a card explaining how to obtain it', async () => {
    const card = await submit(karin, { consent: 'false' });
    assert.match(cardText(card), /samtycke/i);
    assert.ok(!JSON.stringify(card).includes('Astrid'), 'the consent card does not echo patient data');
    assert.ok(actionsOf(card).some((action) => action.verb === 'case.form'));
    assert.equal(await caseCount(), 0);
  });

  it('assigns a case after the cut-off to the next meeting', async () => {
    clock.set(zonedInstant('2026-11-24', '08:00'));
    const confirmation = await submit();
    assert.match(cardText(confirmation), /tisdag 1 december 2026/);
  });

  it('lets the submitter withdraw after a restart, updates the channel card, and refuses others', async () => {
    const confirmation = await submit();
    const caseId = actionsOf(confirmation).find((action) => action.verb === 'case.withdraw')!.data.caseId as string;
    await bot.connector.waitFor(() => bot.connector.posts().length >= 2);
    await bot.restart();
    const refused = await bot.press(omar, 'case.withdraw', { caseId });
    assert.match(cardText(refused), /kan bara återkallas/);
    const withdrawn = await bot.press(karin, 'case.withdraw', { caseId });
    assert.match(cardText(withdrawn), /återkallat/i);
    const record = await bot.runtime.services.cases.byId(caseId);
    assert.equal(record?.status, 'withdrawn');
    await bot.connector.waitFor(() => bot.connector.updates().length === 1);
    const update = bot.connector.updates()[0]!;
    assert.equal(update.conversationId, CHANNEL_ID);
    assert.match(cardText(cardOf(update)), /Återkallat/);
    const audit = await bot.runtime.services.audit.forCase(caseId);
    assert.deepEqual(audit.map((entry) => entry.action), ['case.create', 'case.withdraw']);
  });

  it('refuses to withdraw once the meeting has started', async () => {
    const confirmation = await submit();
    const caseId = actionsOf(confirmation).find((action) => action.verb === 'case.withdraw')!.data.caseId as string;
    clock.set(zonedInstant('2026-11-24', '13:00'));
    const card = await bot.press(karin, 'case.withdraw', { caseId });
    assert.match(cardText(card), /börjat/);
    assert.equal((await bot.runtime.services.cases.byId(caseId))?.status, 'submitted');
  });

  it('handles the Action.Submit fallback, without showing typed patient data in the channel', async () => {
    const before = bot.connector.posts().length;
    await bot.send(cardSubmit(bot.place, karin, 'case.submit', validSbar({ meetingId, situation: '' })));
    const reply = bot.connector.posts().slice(before);
    assert.equal(reply.length, 1);
    assertNoSecrets(JSON.stringify(reply[0]!.body), 'the fallback reply in the channel');
    assertNoIdentityNumberShown(reply[0]!, 'the fallback reply in the channel');
    assert.equal(await caseCount(), 0);

    const beforeValid = bot.connector.posts().length;
    await bot.send(cardSubmit(bot.place, karin, 'case.submit', validSbar({ meetingId })));
    const record = (await bot.runtime.services.repos.cases.find({}))[0];
    assert.ok(record);
    const confirmation = bot.connector.posts().slice(beforeValid).find((call) => cardText(cardOf(call)).includes(record.reference));
    assert.ok(confirmation, 'the confirmation came back as a message');
  });
});
