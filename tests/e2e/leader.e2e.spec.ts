import assert from 'node:assert/strict';
import { cardOf } from '../support/connectorStandIn';
import { actionsOf, cardText, startTestBot, type TestBot } from '../support/testBot';
import { setUpMeeting } from '../support/meetingSetup';
import { teamsUser } from '../support/teamsActivities';
import { ManualClock } from '../../services/time/clock';
import { addDays, zonedInstant } from '../../services/time/stockholm';

describe('e2e: the rotating meeting leader', () => {
  let bot: TestBot;
  let clock: ManualClock;
  const rita = teamsUser('Rita Region');
  const mona = teamsUser('Mona Kommun');
  const rolf = teamsUser('Rolf Region');
  const maria = teamsUser('Maria Chef');

  beforeEach(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock });
    await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse'], [mona, 'social_worker'], [rolf, 'physician'], [maria, 'manager']]);
  });
  afterEach(() => bot.stop());

  it('names the leader on eight weekly agendas, alternating region and municipality', async () => {
    const leaders: string[] = [];
    for (let week = 0; week < 8; week++) {
      const tuesday = addDays('2026-11-24', week * 7);
      const before = bot.connector.posts().length;
      clock.set(zonedInstant(tuesday, '07:00'));
      await bot.runtime.scheduler.tick(clock.now());
      await bot.settle();
      const agenda = bot.connector.posts().slice(before).find((call) => /Sammanfattning/.test(cardText(cardOf(call))));
      assert.ok(agenda, `agenda of ${tuesday}`);
      leaders.push(/Mötesledare: ([^\n]+)/.exec(cardText(cardOf(agenda)))![1]!);
    }
    assert.deepEqual(leaders, ['Rita Region', 'Mona Kommun', 'Rolf Region', 'Mona Kommun', 'Rita Region', 'Mona Kommun', 'Rolf Region', 'Mona Kommun']);
  });

  it('lets the leader hand over, refuses others, and the day-before reminder names the new leader', async () => {
    const refused = await bot.press(mona, 'leader.handover', { to: rolf.id });
    assert.match(cardText(refused), /Mötesledaren själv eller en chef/);
    const card = await bot.press(rita, 'leader.form');
    assert.ok(actionsOf(card).some((action) => action.verb === 'leader.handover'));
    const handedOver = await bot.press(rita, 'leader.handover', { ...actionsOf(card).find((action) => action.verb === 'leader.handover')!.data, to: rolf.id });
    assert.match(cardText(handedOver), /Rolf Region leder mötet i stället/);

    const before = bot.connector.posts().length;
    clock.set(zonedInstant('2026-11-23', '09:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    const reminder = bot.connector.posts().slice(before).find((call) => actionsOf(cardOf(call)).some((action) => action.verb === 'case.form'));
    assert.match(cardText(cardOf(reminder!)), /Rolf Region/);
  });

  it('lets a manager skip an absent leader, who then leads the following week', async () => {
    const skipped = await bot.press(maria, 'leader.skip');
    assert.match(cardText(skipped), /Mona Kommun leder mötet i stället/);
    const view = await bot.press(mona, 'leader.form');
    assert.match(cardText(view), /tisdag 1 december 2026 kl\. 13:00[\s\S]*Rita Region/);
  });
});
