import assert from 'node:assert/strict';
import { cardOf } from '../support/connectorStandIn';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { actionsOf, cardText, startTestBot, type TestBot } from '../support/testBot';
import { setUpMeeting } from '../support/meetingSetup';
import { teamsUser } from '../support/teamsActivities';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';

describe('e2e: the leader runs the meeting', () => {
  let bot: TestBot;
  let clock: ManualClock;
  let meetingId: string;
  const rita = teamsUser('Rita Region'); // leads the first meeting
  const mona = teamsUser('Mona Kommun');
  const maria = teamsUser('Maria Chef');
  const TUESDAY = '2026-11-24';

  beforeEach(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock });
    meetingId = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse'], [mona, 'social_worker'], [maria, 'manager']]);
    for (const agendaItem of ['risk', 'sip']) await bot.press(rita, 'case.submit', validSbar({ meetingId, agendaItem, recipients: '' }));
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
  });
  afterEach(() => bot.stop());

  const agendaPost = () => bot.connector.posts().find((call) => /Sammanfattning/.test(cardText(cardOf(call))) && actionsOf(cardOf(call)).some((a) => a.verb === 'meeting.start'));

  it('runs from start to summary: decisions, escalation, kvittens, carry-over, masked summary', async () => {
    const start = actionsOf(cardOf(agendaPost()!)).find((action) => action.verb === 'meeting.start')!;
    const refused = await bot.press(mona, 'meeting.start', start.data);
    assert.match(cardText(refused), /mötesledare/i);

    let view = await bot.press(rita, 'meeting.start', start.data);
    assert.match(cardText(view), /Punkt 1 av 6/);
    assert.deepEqual((view.refresh as { userIds: string[] }).userIds, [rita.id]);
    view = await bot.press(rita, 'meeting.point', { ...actionsOf(view).find((a) => a.verb === 'meeting.point')!.data, areaNote: 'Lugnt i området.' });
    assert.match(cardText(view), /Punkt 2 av 6/);
    await bot.settle();
    // Everyone else sees the agenda with the meeting marked as running.
    const running = bot.connector.updates().at(-1);
    assert.ok(running && /pågår/i.test(cardText(cardOf(running))));

    const riskCase = (await bot.runtime.services.repos.cases.find({ agendaItem: 'risk' }))[0]!;
    const form = await bot.press(rita, 'case.decision', actionsOf(view).find((a) => a.verb === 'case.decision')!.data);
    assert.ok(actionsOf(form).some((a) => a.verb === 'case.decide'));
    const bad = await bot.press(rita, 'case.decide', { meetingId, meetingDate: TUESDAY, caseId: riskCase._id, actions: 'Hembesök.', responsible: mona.id, followUpDate: TUESDAY });
    assert.match(cardText(bad), /efter dagens datum/);
    view = await bot.press(rita, 'case.decide', {
      meetingId, meetingDate: TUESDAY, caseId: riskCase._id, actions: 'Hembesök.', responsible: mona.id, followUpDate: '2026-12-08',
      sipNeeded: 'true', sipCoordinator: mona.id, escalate: 'true', escalationReason: 'Resurser saknas.',
    });
    assert.match(cardText(view), /Mona Kommun/);

    view = await bot.press(rita, 'meeting.point', { meetingId, meetingDate: TUESDAY, point: 6 });
    const before = bot.connector.posts().length;
    const ended = await bot.press(rita, 'meeting.end', actionsOf(view).find((a) => a.verb === 'meeting.end')!.data);
    assert.match(cardText(ended), /avslutat/i);
    await bot.settle();

    const posted = bot.connector.posts().slice(before);
    const summary = posted.find((call) => /Sammanfattning av/.test(cardText(cardOf(call))));
    assert.ok(summary, 'the summary was posted');
    const summaryJson = JSON.stringify(summary.body);
    for (const secret of [...SECRET_STRINGS, 'Hembesök', 'Resurser saknas']) assert.ok(!summaryJson.includes(secret), secret);
    const mentioned = ((cardOf(summary)!.msteams as { entities: { mentioned: { id: string } }[] }).entities).map((e) => e.mentioned.id);
    assert.ok(mentioned.includes(mona.id));
    assert.match(cardText(cardOf(summary)), /tisdag 1 december 2026/, 'the unreached case moves on and says so');
    assert.match(cardText(cardOf(summary)), /kallelse till SIP senast fredag 27 november 2026/, 'three vardagar after the meeting');

    // The follow-up comes back under point 3 of the meeting after its date.
    clock.set(zonedInstant('2026-12-08', '06:30'));
    await bot.runtime.scheduler.tick(clock.now());
    const beforeAgenda = bot.connector.posts().length;
    clock.set(zonedInstant('2026-12-08', '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    const nextAgenda = bot.connector.posts().slice(beforeAgenda).find((call) => /Sammanfattning/.test(cardText(cardOf(call))));
    assert.match(cardText(cardOf(nextAgenda!)), new RegExp(`3\\. Vid behov[\\s\\S]*${riskCase.reference}[\\s\\S]*4\\. Individer`));

    // The channel's agenda, updated at the end, still shows what the meeting took up.
    const endedAgenda = [...bot.connector.updates()].reverse().find((call) => /Mötet är avslutat/.test(cardText(cardOf(call))));
    assert.ok(endedAgenda, 'the agenda says the meeting has ended');
    assert.ok(cardText(cardOf(endedAgenda)).includes(riskCase.reference));

    // The ping is queued at case.decide and may go out before or after meeting.end: look at every post.
    const escalation = bot.connector.posts().find((call) => JSON.stringify(cardOf(call)?.msteams ?? {}).includes(maria.id) && call !== summary);
    assert.ok(escalation, 'the managers were pinged');
    const ack = (await bot.runtime.services.repos.acks.find({ assigneeUserId: mona.id }))[0];
    assert.equal(ack?.caseId, riskCase._id, 'the responsible person owes a kvittens');
    assert.equal((await bot.runtime.services.cases.byId(riskCase._id))?.status, 'follow_up');
    const carried = (await bot.runtime.services.repos.cases.find({ agendaItem: 'sip' }))[0]!;
    assert.equal(carried.meetingDate, '2026-12-01');
  });

  it('lets the leader take up a case that came in after the cut-off; otherwise it goes to the next meeting', async () => {
    clock.set(zonedInstant(TUESDAY, '09:00'));
    const late = await bot.press(mona, 'case.submit', validSbar({ meetingId, agendaItem: 'risk', recipients: '' }));
    assert.match(cardText(late), /tisdag 1 december 2026/, 'after the cut-off: the next meeting');
    clock.set(zonedInstant(TUESDAY, '13:00'));
    const view = await bot.press(rita, 'meeting.start', { meetingId, meetingDate: TUESDAY });
    assert.match(cardText(view), /Sent inkomna ärenden/);
    const accept = actionsOf(view).find((action) => action.verb === 'case.accept');
    assert.ok(accept, 'the late case can be taken up today');
    assert.match(cardText(await bot.press(mona, 'case.accept', accept.data)), /mötesledare/i, 'only the leader decides');
    const after = await bot.press(rita, 'case.accept', accept.data);
    assert.match(cardText(after), /tas upp på dagens möte/);
    const record = await bot.runtime.services.cases.byId(accept.data.caseId as string);
    assert.equal(record?.meetingDate, TUESDAY);
    assert.deepEqual((await bot.runtime.services.audit.forCase(record!._id)).map((entry) => entry.action), ['case.create', 'case.accept_late']);
  });
});
