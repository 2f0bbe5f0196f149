import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createLogger } from '../../services/logger';
import { runKeyOfPost } from '../../services/scheduler/jobs';
import { Scheduler } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';
import { validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';

const logger = createLogger('silent');

describe('scheduler', () => {
  let fixture: ServiceFixture;
  let scheduler: Scheduler;
  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:00:00Z'); // Sunday; the meeting is on Tuesdays 13:00
    scheduler = new Scheduler({ services: fixture.services, logger, retentionDays: 30 });
  });
  afterEach(() => fixture.dispose());

  const outboxKeys = async () => (await fixture.services.repos.outbox.find({}, { sort: { createdAt: 1 } })).map((message) => message.key);

  it('runs each due run once, however often it ticks', async () => {
    const { meeting } = await meetingWithNurse(fixture.services);
    const monday = zonedInstant('2026-11-23', '09:00');
    await scheduler.tick(monday);
    await scheduler.tick(monday);
    await scheduler.tick(new Date(monday.getTime() + 60_000));
    const keys = await outboxKeys();
    assert.deepEqual(keys.filter((key) => key.startsWith('submission-reminder')), [`submission-reminder:${meeting._id}:2026-11-24`]);
  });

  it('lets only one of two schedulers on one store claim a run', async () => {
    await meetingWithNurse(fixture.services);
    const other = new Scheduler({ services: fixture.services, logger, retentionDays: 30 });
    const tuesday = zonedInstant('2026-11-24', '07:00');
    const [a, b] = await Promise.all([scheduler.runDue(tuesday), other.runDue(tuesday)]);
    const ran = [...a, ...b].filter((report) => typeof report.outcome === 'object');
    const agendaRuns = ran.filter((report) => report.key.startsWith('agenda:'));
    assert.equal(agendaRuns.length, 1);
    assert.equal((await outboxKeys()).filter((key) => key.startsWith('agenda:')).length, 1);
  });

  it('takes over a run whose process died mid-way, after its lease, without sending twice', async () => {
    const { meeting } = await meetingWithNurse(fixture.services);
    const tuesday = zonedInstant('2026-11-24', '07:00');
    const key = `agenda:${meeting._id}:2026-11-24`;
    // A crashed process: claimed, queued the agenda, never finished.
    await fixture.services.repos.occurrences.insertOne({
      _id: key, job: 'agenda', meetingId: meeting._id, dueAt: tuesday, status: 'running', attempts: 1,
      leaseUntil: new Date(tuesday.getTime() + 5 * 60_000), owner: 'dead-process', startedAt: tuesday, finishedAt: null, note: null,
    });
    await fixture.services.outbox.post(key, meeting.conversationKey, { type: 'agenda', meetingId: meeting._id, meetingDate: '2026-11-24', nominalDate: '2026-11-24' });
    const early = await scheduler.runDue(new Date(tuesday.getTime() + 60_000), (run) => run.key === key);
    assert.deepEqual(early.map((report) => report.outcome), ['claimed elsewhere']);
    const later = await scheduler.runDue(new Date(tuesday.getTime() + 6 * 60_000), (run) => run.key === key);
    assert.equal(typeof later[0]!.outcome, 'object');
    assert.equal((await outboxKeys()).filter((k) => k === key).length, 1);
    assert.equal((await fixture.services.repos.occurrences.findOne({ _id: key }))?.status, 'done');
  });

  it('catches up what was due in the last 24 hours, but no agenda for a meeting that has started', async () => {
    const { meeting } = await meetingWithNurse(fixture.services);
    // Down from Sunday until Tuesday 00:30: Monday's 09:00 reminder is within 24 h, but its cut-off has passed.
    const night = await scheduler.tick(zonedInstant('2026-11-24', '00:30'));
    const reminder = night.find((report) => report.key === `submission-reminder:${meeting._id}:2026-11-24`);
    assert.deepEqual(reminder?.outcome, { status: 'skipped', note: 'the cut-off has passed' });
    // Down again from 06:00 until 13:30: the 07:00 agenda is caught up only if the meeting has not started.
    const afternoon = await scheduler.tick(zonedInstant('2026-11-24', '13:30'));
    const agenda = afternoon.find((report) => report.key === `agenda:${meeting._id}:2026-11-24`);
    assert.deepEqual(agenda?.outcome, { status: 'skipped', note: 'the meeting has already started' });
    assert.equal((await outboxKeys()).filter((key) => key.startsWith('agenda') || key.startsWith('submission')).length, 0);
  });

  describe('acknowledgements', () => {
    it('reminds each person who owes a kvittens due today, then escalates to managers at 12:00', async () => {
      const { services, clock } = fixture;
      const { meeting, member } = await meetingWithNurse(services);
      await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
      const manager = { id: '29:manager', aadObjectId: null, name: 'Maria Chef' };
      await services.roster.join(meeting._id, manager, { role: 'manager', organization: 'Kommunen' });
      clock.set(zonedInstant('2026-11-23', '07:59')); // before 08:00: due 12:00 the same day
      const created = await services.cases.submit(meeting, member, nurse, validSbar({ recipients: 'social_worker,home_care' }));
      assert.equal(created.kind, 'created');
      const acks = await services.acks.forCase(created.kind === 'created' ? created.record._id : '');
      assert.deepEqual(acks.map((ack) => ack.dueAt.toISOString()), [zonedInstant('2026-11-23', '12:00').toISOString(), zonedInstant('2026-11-23', '12:00').toISOString()]);

      await scheduler.tick(zonedInstant('2026-11-23', '10:00'));
      const reminders = (await services.repos.outbox.find({})).filter((message) => message.notice.type === 'ack-reminder');
      // The social worker is on the roster; nobody has the home_care role, so 12:00 escalates it.
      assert.deepEqual(reminders.map((message) => message.notice.type === 'ack-reminder' && message.notice.userId), [socialWorker.id]);

      await services.acks.confirm(acks.find((ack) => ack.role === 'social_worker')!._id, socialWorker, await services.roster.member(meeting._id, socialWorker.id));
      await scheduler.tick(zonedInstant('2026-11-23', '12:00'));
      const escalations = (await services.repos.outbox.find({})).filter((message) => message.notice.type === 'escalation');
      assert.equal(escalations.length, 1);
      const notice = escalations[0]!.notice;
      assert.ok(notice.type === 'escalation' && notice.userId === manager.id && notice.mention === true);
      assert.deepEqual(notice.type === 'escalation' && notice.ackIds, [acks.find((ack) => ack.role === 'home_care')!._id]);
      const overdue = await services.acks.byId(acks.find((ack) => ack.role === 'home_care')!._id);
      assert.ok(overdue?.overdueSince);
    });

    it('records a kvittens after 12:00 as late', async () => {
      const { services, clock } = fixture;
      const { meeting, member } = await meetingWithNurse(services);
      await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
      clock.set(zonedInstant('2026-11-23', '08:00')); // at 08:00: due 12:00 the next day
      const created = await services.cases.submit(meeting, member, nurse, validSbar({ recipients: 'social_worker' }));
      const [ack] = await services.acks.forCase(created.kind === 'created' ? created.record._id : '');
      assert.equal(ack!.dueAt.toISOString(), zonedInstant('2026-11-24', '12:00').toISOString());
      clock.set(zonedInstant('2026-11-24', '12:00'));
      const refused = await services.acks.confirm(ack!._id, nurse, member);
      assert.equal(refused.kind, 'not_your_role');
      const result = await services.acks.confirm(ack!._id, socialWorker, await services.roster.member(meeting._id, socialWorker.id));
      assert.ok(result.kind === 'confirmed' && result.late === false, 'exactly at 12:00 is in time');
      assert.equal((await services.acks.confirm(ack!._id, socialWorker, await services.roster.member(meeting._id, socialWorker.id))).kind, 'already_confirmed');
    });
  });

  it('purges the content of cases withdrawn more than RETENTION_DAYS ago and keeps their audit trail', async () => {
    const { services, clock } = fixture;
    const { meeting, member } = await meetingWithNurse(services);
    const created = await services.cases.submit(meeting, member, nurse, validSbar());
    assert.ok(created.kind === 'created');
    await services.cases.withdraw(created.record._id, nurse, member);
    await scheduler.tick(zonedInstant('2026-12-21', '03:00')); // 29 days later: kept
    assert.ok((await services.cases.byId(created.record._id))?.sealed);
    clock.set(zonedInstant('2026-12-23', '03:00'));
    await scheduler.tick(zonedInstant('2026-12-23', '03:00')); // 31 days later: purged
    const purged = await services.cases.byId(created.record._id);
    assert.equal(purged?.sealed, null);
    assert.ok(purged?.purgedAt);
    assert.deepEqual((await services.audit.forCase(created.record._id)).map((entry) => entry.action), ['case.create', 'case.withdraw', 'case.purge']);
  });

  it('flags a case whose follow-up date has come for the next meeting and reminds its responsible person', async () => {
    const { services } = fixture;
    const { meeting, member } = await meetingWithNurse(services);
    const created = await services.cases.submit(meeting, member, nurse, validSbar());
    assert.ok(created.kind === 'created');
    // As a meeting's decision leaves it: to be followed up on 30 November by the social worker.
    await services.repos.cases.updateOne(
      { _id: created.record._id },
      { $set: { status: 'follow_up', followUp: { date: '2026-11-30', responsibleUserId: socialWorker.id, flaggedFor: null } } },
    );
    await scheduler.tick(zonedInstant('2026-11-29', '06:30'));
    assert.equal((await services.cases.byId(created.record._id))?.followUp?.flaggedFor, null);
    await scheduler.tick(zonedInstant('2026-11-30', '06:30'));
    assert.equal((await services.cases.byId(created.record._id))?.followUp?.flaggedFor, '2026-12-01');
    const reminders = (await services.repos.outbox.find({})).filter((message) => message.notice.type === 'follow-up');
    assert.equal(reminders.length, 1);
  });
  describe('the cost of a tick', () => {
    it('asks the store about a run only until it knows the run is over', async () => {
      await meetingWithNurse(fixture.services);
      const monday = zonedInstant('2026-11-23', '09:00');
      await scheduler.tick(monday);
      const lookups = sinon.spy(fixture.services.repos.occurrences, 'find');
      await scheduler.tick(new Date(monday.getTime() + 60_000));
      await scheduler.tick(new Date(monday.getTime() + 120_000));
      assert.equal(lookups.callCount, 0, 'nothing new was due, and everything earlier is known to be done');
      await scheduler.tick(zonedInstant('2026-11-23', '10:00'));
      assert.deepEqual(lookups.getCalls().map((call) => (call.args[0]._id as { $in: string[] }).$in.map((key) => key.split(':')[0])), [['ack-reminder']]);
    });

    it('still leaves alone what another scheduler on the store ran meanwhile', async () => {
      const { meeting } = await meetingWithNurse(fixture.services);
      const other = new Scheduler({ services: fixture.services, logger, retentionDays: 30 });
      await scheduler.tick(zonedInstant('2026-11-23', '08:00'));
      await other.tick(zonedInstant('2026-11-23', '09:00'));
      const due = await scheduler.due(zonedInstant('2026-11-23', '09:01'));
      assert.ok(!due.some((run) => run.key === `submission-reminder:${meeting._id}:2026-11-24`), 'the other one sent the reminder');
    });

    it('plans anew after the meeting changes, even within the same millisecond', async () => {
      const { services } = fixture;
      const { meeting } = await meetingWithNurse(services);
      const monday = zonedInstant('2026-11-23', '08:00');
      await scheduler.tick(monday);
      // Moved from Tuesday to Thursday at the very instant of the tick.
      const moved = await services.meetings.setup({ conversationKey: meeting.conversationKey, tenantId: null }, nurse, { area: 'Norrmalm', weekday: '4', time: '13:00', durationMinutes: '90' });
      assert.equal(moved.kind, 'saved');
      const due = await scheduler.due(zonedInstant('2026-11-23', '09:01'));
      assert.ok(!due.some((run) => run.key.startsWith('submission-reminder:')), 'no reminder on Monday for a Thursday meeting');
    });
  });
  it('keys every post by the run that queued it, so the job CLI can find a run\'s messages', async () => {
    const { services, clock } = fixture;
    const { meeting } = await meetingWithNurse(services);
    await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
    clock.set(zonedInstant('2026-11-23', '07:59'));
    await services.cases.submit(meeting, (await services.roster.member(meeting._id, nurse.id))!, nurse, validSbar({ meetingId: meeting._id, recipients: 'social_worker' }));
    await scheduler.tick(zonedInstant('2026-11-23', '09:00'));
    await scheduler.tick(zonedInstant('2026-11-23', '10:00'));
    await scheduler.tick(zonedInstant('2026-11-24', '07:00'));
    const occurrences = new Set((await services.repos.occurrences.find({})).map((occurrence) => occurrence._id));
    const posts = (await services.repos.outbox.find({ kind: 'post' })).filter((message) => message.notice.type !== 'case.card');
    assert.deepEqual(new Set(posts.map((message) => message.notice.type)), new Set(['submission-reminder', 'ack-reminder', 'escalation', 'agenda']));
    for (const message of posts) assert.ok(occurrences.has(runKeyOfPost(message.key)), message.key);
  });
});
