import assert from 'node:assert/strict';
import { agendaCardFor, cardActivity } from '../../bot/noticeRenderer';
import { caseCardKey } from '../../services/cases/caseCardKey';
import { AGENDA_ITEMS } from '../../services/domain/codes';
import { MESSAGE_BUDGET_BYTES, utf16Bytes } from '../../services/outbox/messageBudget';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { captureLogger } from '../support/captureLogger';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { botAddedToChannel, CHANNEL_ID, teamsUser } from '../support/teamsActivities';
import { startTestBot, type TestBot } from '../support/testBot';
import { ThrottlingConnector } from '../support/throttlingConnector';

const karin = teamsUser('Karin Nilsson');

describe('e2e: every message within the size Teams accepts', function () {
  this.timeout(60_000);
  let connector: ThrottlingConnector;
  let bot: TestBot;
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  async function start(sizeLimitBytes?: number, setup: Record<string, string> = {}) {
    connector = new ThrottlingConnector({ randomThrottleShare: 0, randomRetryAfterSeconds: 1, seed: 1, record: true, ...(sizeLimitBytes ? { sizeLimitBytes } : {}) });
    const url = await connector.start();
    const clock = new ManualClock(zonedInstant('2026-11-23', '10:00'));
    const { logger, lines } = captureLogger('warn');
    bot = await startTestBot({ serviceUrl: url, clock, logger });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90', ...setup });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
    return { clock, lines, meetingId };
  }

  it('posts the compact agenda of a meeting too large for one message: every case on it, nothing lost', async () => {
    // A region split by area for confidentiality: the agenda lists each area's cases as well.
    const { clock, lines, meetingId } = await start(undefined, { durationMinutes: '120', areaSlots: '13:00 Byske; 13:40 Kåge; 14:20 Lövånger' });
    const { services } = bot.runtime;
    const meeting = (await services.meetings.byId(meetingId))!;
    const member = (await services.roster.member(meetingId, karin.id))!;
    // A busy week: 200 cases, 50 under each agenda point, spread over the areas. Their channel cards went out as they came
    // in; here they are taken off the queue so that the agenda is the message under test.
    await bot.runtime.outboxWorker.stop();
    for (let i = 0; i < 200; i++) {
      const agendaItem = AGENDA_ITEMS[i % AGENDA_ITEMS.length]!;
      const submitted = await services.cases.submit(meeting, member, karin, validSbar({
        meetingId,
        agendaItem,
        slotArea: ['Byske', 'Kåge', 'Lövånger'][i % 3],
        readyForDischargeAt: agendaItem === 'discharge' ? zonedInstant('2026-11-23', '09:00').toISOString() : '',
      }));
      assert.equal(submitted.kind, 'created');
    }
    await services.repos.outbox.deleteMany({ status: 'pending' });
    const full = await agendaCardFor(services, meeting, '2026-11-24', '2026-11-24');
    assert.ok(utf16Bytes(cardActivity(full)) > MESSAGE_BUDGET_BYTES, `the full agenda would be over the budget: ${utf16Bytes(cardActivity(full))}`);

    bot.runtime.outboxWorker.start();
    clock.set(zonedInstant('2026-11-24', '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();

    const agendas = connector.accepted.filter((activity) => activity.conversationId === CHANNEL_ID && JSON.stringify(activity.body).includes('Dagordning'));
    assert.equal(agendas.length, 1);
    const posted = agendas[0]!;
    assert.ok(posted.bytes <= MESSAGE_BUDGET_BYTES, `${posted.bytes} bytes`);
    const text = JSON.stringify(posted.body);
    for (const record of await services.repos.cases.find({ meetingId })) assert.ok(text.includes(record.reference), record.reference);
    for (const secret of SECRET_STRINGS) assert.ok(!text.includes(secret), `patient data in the channel: ${secret}`);
    assert.equal(connector.stats.refusedSize, 0);
    const warning = lines.find((line) => line.msg === 'outbox message over the size budget: sending its compact form');
    assert.equal(warning?.notice, 'agenda');
    for (const secret of SECRET_STRINGS) assert.ok(!JSON.stringify(lines).includes(secret), `patient data in the log: ${secret}`);
  });

  it('makes a message Teams refuses as too large (413) a dead letter at once, never sent again', async () => {
    // A Teams whose limit is far below ours (older pages spoke of 40 KB; this one takes 2 KB).
    const { meetingId } = await start(2_048);
    const { services } = bot.runtime;
    const answer = await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    assert.ok(JSON.stringify(answer).includes('SA-'));
    await bot.settle();
    const record = (await services.repos.cases.find({ meetingId }))[0]!;
    const message = await services.outbox.byKey(caseCardKey(record._id));
    assert.equal(message?.status, 'dead');
    assert.equal(message?.attempts, 1);
    assert.match(message?.lastError ?? '', /^413 MessageSizeTooBig/);
    const requests = connector.stats.refusedSize;
    await bot.runtime.outboxWorker.drain();
    assert.equal(connector.stats.refusedSize, requests, 'not tried again');
    assert.equal((await bot.runtime.outboxWorker.health()).recentDead[0]?.reason, message?.lastError);
  });
});
