import assert from 'node:assert/strict';
import { actionsOf, cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, teamsUser } from '../support/teamsActivities';

describe('e2e: setting up the meeting and joining the roster', () => {
  let bot: TestBot;
  const anna = teamsUser('Anna Berg');
  const omar = teamsUser('Omar Hassan');
  beforeEach(async () => {
    bot = await startTestBot();
    await bot.send(botAddedToChannel(bot.place, anna));
  });
  afterEach(() => bot.stop());

  it('refuses a bad set-up with each problem named and the input kept, and stores nothing', async () => {
    const card = await bot.press(anna, 'meeting.setup', { area: 'Norrmalm', weekday: '9', time: '25:00', durationMinutes: 'lång' });
    const text = cardText(card);
    assert.match(text, /Kontrollera/);
    assert.ok(JSON.stringify(card).includes('"Norrmalm"'), 'the area typed is kept');
    assert.equal(await bot.runtime.services.repos.meetings.count({}), 0);
    const issues = JSON.stringify(card);
    for (const field of ['weekday', 'time', 'durationMinutes']) assert.ok(issues.includes(`"${field}"`), field);
  });

  it('saves the meeting, and only its creator or a manager may change it', async () => {
    const saved = await bot.press(anna, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90', cutoffTime: '16:00' });
    assert.match(cardText(saved), /Norrmalm/);
    assert.ok(actionsOf(saved).some((action) => action.verb === 'roster.form'));
    const meeting = (await bot.runtime.services.repos.meetings.find({}))[0]!;
    assert.deepEqual(meeting.schedule, { weekday: 2, time: '13:00', durationMinutes: 90, cutoffTime: '16:00' });

    const refused = await bot.press(omar, 'meeting.setup', { area: 'Annat', weekday: '3', time: '09:00', durationMinutes: '60' });
    assert.match(cardText(refused), /kan inte ändra/);
    await bot.press(omar, 'roster.join', { role: 'manager', organization: 'Socialtjänsten' });
    await bot.press(omar, 'meeting.setup', { area: 'Norrmalm öst', weekday: '3', time: '09:00', durationMinutes: '60' });
    const changed = (await bot.runtime.services.repos.meetings.find({}))[0]!;
    assert.equal(changed.area, 'Norrmalm öst');
    assert.equal(changed.schedule.cutoffTime, '23:59');
    assert.equal(await bot.runtime.services.repos.meetings.count({}), 1);
  });

  it('joins the roster with a role, refuses an unknown role, and updates on a second join', async () => {
    await bot.press(anna, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    const refused = await bot.press(omar, 'roster.join', { role: 'astronaut', organization: 'Socialtjänsten' });
    assert.ok(JSON.stringify(refused).includes('Socialtjänsten'));
    assert.equal(await bot.runtime.services.repos.roster.count({}), 0);
    const joined = await bot.press(omar, 'roster.join', { role: 'social_worker', organization: 'Socialtjänsten' });
    assert.match(cardText(joined), /Socialsekreterare/);
    await bot.press(omar, 'roster.join', { role: 'home_care', organization: 'Hemtjänsten Norr' });
    const members = await bot.runtime.services.repos.roster.find({});
    assert.equal(members.length, 1);
    assert.equal(members[0]!.role, 'home_care');
    assert.equal(members[0]!.name, 'Omar Hassan');
  });

  it('explains that a meeting must be set up before anyone can join or submit', async () => {
    for (const verb of ['roster.form', 'roster.join', 'case.form', 'case.submit']) {
      const card = await bot.press(anna, verb);
      assert.match(cardText(card), /inte inställt/, verb);
      assert.ok(actionsOf(card).some((action) => action.verb === 'meeting.form'), verb);
    }
  });
});
