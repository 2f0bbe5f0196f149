import assert from 'node:assert/strict';
import { createLogger } from '../../services/logger';
import { OutboxWorker } from '../../services/outbox/outboxWorker';
import { Scheduler } from '../../services/scheduler/scheduler';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { ConnectorTransport } from '../../bot/connectorTransport';
import { createAdapter } from '../../bot/adapter';
import { createNoticeRenderer } from '../../bot/noticeRenderer';
import { loadConfig } from '../../services/config';
import { cardOf, type RecordedCall } from '../support/connectorStandIn';
import { validSbar } from '../support/sbarFixtures';
import { actionsOf, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, teamsUser } from '../support/teamsActivities';

const isReminder = (call: RecordedCall) => actionsOf(cardOf(call)).some((action) => action.verb === 'case.form') && JSON.stringify(call.body).includes('"mention"');

describe('e2e: every message exactly once', () => {
  let bot: TestBot;
  let clock: ManualClock;
  let meetingId: string;
  const karin = teamsUser('Karin Nilsson');

  beforeEach(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
  });
  afterEach(() => bot.stop());

  it('sends a reminder once across a restart in the middle of its run', async () => {
    clock.set(zonedInstant('2026-11-23', '09:00'));
    await bot.runtime.outboxWorker.stop(); // the process dies before anything leaves the outbox
    await bot.runtime.scheduler.tick(clock.now());
    const key = `submission-reminder:${meetingId}:2026-11-24`;
    // ...and before it could mark the run done: its claim is left running, with a lease.
    await bot.runtime.services.repos.occurrences.updateOne({ _id: key }, { $set: { status: 'running', owner: 'the-dead-process', leaseUntil: new Date(clock.now().getTime() + 5 * 60_000) } });
    await bot.restart();
    clock.set(zonedInstant('2026-11-23', '09:01'));
    await bot.runtime.scheduler.tick(clock.now()); // the lease still holds: nothing
    clock.set(zonedInstant('2026-11-23', '09:06'));
    await bot.runtime.scheduler.tick(clock.now()); // taken over: the run again, the same outbox key
    await bot.settle();
    assert.equal(bot.connector.posts().filter(isReminder).length, 1);
    assert.equal((await bot.runtime.services.repos.occurrences.findOne({ _id: key }))?.status, 'done');
  });

  it('two schedulers and two senders on one store send each occurrence once', async () => {
    const services = bot.runtime.services;
    const logger = createLogger('silent');
    const config = loadConfig({ DATA_DIR: bot.dataDir });
    const second = new Scheduler({ services, logger, retentionDays: 30 });
    const secondWorker = new OutboxWorker({
      messages: services.repos.outbox,
      conversations: services.repos.conversations,
      transport: new ConnectorTransport(createAdapter(config, logger).auth, '', createNoticeRenderer(services)),
      clock,
      logger,
    });
    for (const time of ['09:00', '10:00', '12:00']) {
      clock.set(zonedInstant('2026-11-23', time));
      await Promise.all([bot.runtime.scheduler.tick(clock.now()), second.tick(clock.now()), bot.runtime.outboxWorker.drain(), secondWorker.drain()]);
      await Promise.all([bot.runtime.outboxWorker.drain(), secondWorker.drain()]);
    }
    clock.set(zonedInstant('2026-11-24', '07:00'));
    await Promise.all([bot.runtime.scheduler.tick(clock.now()), second.tick(clock.now())]);
    await Promise.all([bot.settle(), secondWorker.drain()]);
    await bot.settle();
    const bodies = bot.connector.posts().map((call) => JSON.stringify(cardOf(call)));
    assert.equal(bot.connector.posts().filter(isReminder).length, 1, 'one submission reminder');
    assert.equal(bodies.filter((body) => body.includes('Sammanfattning')).length, 1, 'one agenda');
  });

  it('gets every message through exactly once when Teams throttles with Retry-After and then fails for a while', async () => {
    let calls = 0;
    const seen: number[] = [];
    bot.connector.respond = (call) => {
      if (call.method !== 'POST' || !call.path.endsWith('/activities')) return null;
      calls++;
      seen.push(clock.now().getTime());
      if (calls === 1) return { status: 429, headers: { 'retry-after': '30' } };
      if (calls <= 6) return { status: 500 };
      return null;
    };
    const references: string[] = [];
    for (let i = 0; i < 3; i++) {
      await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    }
    for (const record of await bot.runtime.services.repos.cases.find({})) references.push(record.reference);
    await bot.settle(); // the first answers are in (429, 500s) before the clock moves on
    clock.set(zonedInstant('2026-11-23', '09:00'));
    await bot.runtime.scheduler.tick(clock.now());
    // Time passes in steps; the sender retries with backoff until the stand-in answers again.
    for (let step = 0; step < 200 && bot.connector.posts().length < 5; step++) {
      await bot.settle();
      clock.advance(5_000);
    }
    await bot.settle();
    const posted = bot.connector.posts().filter((call) => call.path.endsWith('/activities'));
    for (const reference of references) {
      assert.equal(posted.filter((call) => JSON.stringify(call.body).includes(reference)).length, 1, reference);
    }
    assert.equal(posted.filter(isReminder).length, 1);
    assert.ok(seen[1]! - seen[0]! >= 30_000, 'nothing was sent to that conversation before Retry-After had passed');
    const health = await bot.runtime.outboxWorker.health();
    assert.equal(health.dead, 0);
    assert.equal(health.pending, 0);
  });
});
