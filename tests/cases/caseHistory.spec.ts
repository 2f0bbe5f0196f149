import assert from 'node:assert/strict';
import { caseHistory } from '../../services/cases/caseHistory';
import type { Meeting, RosterMember, UserRef } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';
import { validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';

const manager: UserRef = { id: '29:boss', aadObjectId: null, name: 'Maria Chef' };
const FIRST = '2026-11-24';
const SECOND = '2026-12-08';

describe('a case after the meeting: its history', () => {
  let fixture: ServiceFixture;
  let meeting: Meeting;
  let member: RosterMember;
  let caseId: string;
  let scheduler: Scheduler;

  const tick = async (date: string, time: string) => {
    fixture.clock.set(zonedInstant(date, time));
    await scheduler.tick(fixture.clock.now());
  };

  /** Starts the meeting of `date`, records `decisions` (each a decide call's data) and ends it. */
  async function holdMeeting(date: string, leader: UserRef, ...decisions: Record<string, unknown>[]) {
    const { runs } = fixture.services;
    await tick(date, '07:00');
    fixture.clock.set(zonedInstant(date, '13:00'));
    const started = await runs.start(meeting, date, leader);
    assert.ok(started.kind === 'started', started.kind);
    for (const data of decisions) {
      fixture.clock.advance(60_000);
      assert.equal((await runs.decide(meeting, started.run, caseId, leader, data)).kind, 'decided');
    }
    fixture.clock.set(zonedInstant(date, '14:30'));
    assert.equal((await runs.end(meeting, (await runs.runOf(meeting._id, date))!, leader)).kind, 'ended');
  }

  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:00:00Z');
    const { services } = fixture;
    scheduler = new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30 });
    ({ meeting, member } = await meetingWithNurse(services)); // the nurse leads the first meeting
    await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
    await services.roster.join(meeting._id, manager, { role: 'manager', organization: 'Kommunen' });
    const created = await services.cases.submit(meeting, member, nurse, validSbar({ agendaItem: 'risk', recipients: 'social_worker' }));
    assert.ok(created.kind === 'created');
    caseId = created.record._id;
  });
  afterEach(() => fixture.dispose());

  const decision = (overrides: Record<string, unknown> = {}) => ({
    actions: 'Hembesök av arbetsterapeut.',
    responsible: socialWorker.id,
    followUpDate: SECOND,
    sipNeeded: 'true',
    sipCoordinator: socialWorker.id,
    escalate: 'true',
    escalationReason: 'Resurser saknas.',
    ...overrides,
  });

  it('keeps every decision of every meeting, newest first, and pings the managers once per meeting that escalates', async () => {
    const { services } = fixture;
    // Corrected once during the first meeting: still one escalation.
    await holdMeeting(FIRST, nurse, decision(), decision({ actions: 'Hembesök av arbetsterapeut och sjuksköterska.' }));
    await tick(SECOND, '06:30'); // the follow-up puts the case on point 3
    const secondLeader = (await services.leaders.leaderOf(meeting, SECOND)).leader!;
    const leader = { id: secondLeader.userId, aadObjectId: null, name: secondLeader.name };
    await holdMeeting(SECOND, leader, decision({ actions: 'Avslutas; hemtjänsten tar över.', followUpDate: '', sipNeeded: 'false', escalationReason: 'Fortfarande utan nattbemanning.' }));

    const record = (await services.cases.byId(caseId))!;
    assert.equal(record.status, 'closed');
    const history = await caseHistory(services, record);
    assert.deepEqual(history.decisions.map((d) => [d.meetingDate, d.actions, d.followUpDate, d.leader?.name]), [
      [SECOND, 'Avslutas; hemtjänsten tar över.', null, secondLeader.name],
      [FIRST, 'Hembesök av arbetsterapeut och sjuksköterska.', SECOND, 'Karin Nilsson'],
    ]);
    const [second, first] = history.decisions;
    assert.equal(first!.sipSummonsDue, '2026-11-27', 'three vardagar after the meeting');
    assert.equal(second!.sipSummonsDue, null);
    assert.equal(first!.responsible.name, 'Omar Hassan');
    assert.equal(first!.responsible.role, 'social_worker');
    assert.equal(second!.escalationReason, 'Fortfarande utan nattbemanning.');

    const escalations = history.acknowledgements.filter((ack) => ack.role === 'manager');
    assert.equal(escalations.length, 2, 'one escalation per meeting');
    assert.ok(first!.escalationAck && second!.escalationAck && first!.escalationAck._id !== second!.escalationAck._id);
    assert.equal(first!.escalationAck.status, 'open');

    assert.deepEqual(history.events.map((event) => event.action), [
      'case.create', 'case.decide', 'case.escalate', 'case.decide', 'case.follow_up', 'case.decide', 'case.escalate', 'case.close',
    ]);

    // The first meeting's summary still shows what it decided, though the case was decided again since.
    const decidedFirst = await services.runs.decidedOn(meeting._id, FIRST);
    assert.deepEqual(decidedFirst.map(({ record: decided, decision: d }) => [decided._id, d.meetingDate]), [[caseId, FIRST]]);
  });

  it('purges the free text of earlier decisions with the case, and keeps the rest of the history', async () => {
    const { services } = fixture;
    await holdMeeting(FIRST, nurse, decision());
    await tick(SECOND, '06:30');
    const secondLeader = (await services.leaders.leaderOf(meeting, SECOND)).leader!;
    await holdMeeting(SECOND, { id: secondLeader.userId, aadObjectId: null, name: secondLeader.name }, decision({ followUpDate: '', escalate: 'false' }));
    await tick('2027-01-10', '03:00'); // more than 30 days after the case closed

    const record = (await services.cases.byId(caseId))!;
    assert.ok(record.purgedAt);
    const [past] = await services.repos.decisions.find({ caseId });
    assert.equal(past?.sealedText, null, 'the earlier decision lost its text too');
    const history = await caseHistory(services, record);
    assert.deepEqual(history.decisions.map((d) => [d.meetingDate, d.actions, d.escalationReason]), [
      [SECOND, null, null],
      [FIRST, null, null],
    ]);
    assert.equal(history.decisions[1]!.responsible.name, 'Omar Hassan', 'who, when and what follow-up stay');
    assert.equal(history.events.at(-1)?.action, 'case.purge');
  });
});
