import assert from 'node:assert/strict';
import { boardMeetingsOf, buildBoardView } from '../../services/board/boardView';
import type { Meeting, RosterMember, UserRef } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';
import { showsPersonnummerShaped } from '../support/identityNumbers';

const manager: UserRef = { id: '29:boss', aadObjectId: '00000000-0000-0000-0000-000000000009', name: 'Maria Chef' };
const TUESDAY = '2026-11-24';

describe('the meeting board view', () => {
  let fixture: ServiceFixture;
  let meeting: Meeting;
  let member: RosterMember;
  const references: Record<string, string> = {};

  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:00:00Z'); // Sunday; the meeting is Tuesday 13:00
    const { services } = fixture;
    ({ meeting, member } = await meetingWithNurse(services));
    await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
    await services.roster.join(meeting._id, manager, { role: 'manager', organization: 'Kommunen' });
    for (const agendaItem of ['risk', 'sip', 'discharge']) {
      const extra = agendaItem === 'discharge' ? { readyForDischargeAt: '2026-11-21 10:00' } : {};
      const created = await services.cases.submit(meeting, member, nurse, validSbar({ agendaItem, recipients: 'home_care,social_worker', ...extra }));
      assert.ok(created.kind === 'created');
      references[agendaItem] = created.record.reference;
    }
  });
  afterEach(() => fixture.dispose());

  const view = () => buildBoardView(fixture.services, meeting, member);
  const casesUnder = async (point: number) => (await view()).agenda.find((entry) => entry.point === point)!.cases;

  async function postAgendaAndStart(): Promise<void> {
    const { services, clock } = fixture;
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30 }).tick(clock.now());
    clock.set(zonedInstant(TUESDAY, '13:00'));
    assert.equal((await services.runs.start(meeting, TUESDAY, nurse)).kind, 'started');
  }

  it('shows the coming meeting, its leader and the masked cases under their agenda points', async () => {
    const board = await view();
    assert.equal(board.meeting.area, 'Norrmalm');
    assert.equal(board.meeting.weekday, 2);
    assert.equal(board.meeting.time, '13:00');
    assert.equal(board.meeting.cutoffTime, '23:59');
    assert.deepEqual(
      { date: board.meetingDay.date, state: board.meetingDay.state, holiday: board.meetingDay.holidayName },
      { date: TUESDAY, state: 'planned', holiday: null },
    );
    assert.equal(board.meetingDay.cutoffAt, zonedInstant('2026-11-23', '23:59').toISOString(), 'the last minute that still counts');
    assert.deepEqual(board.leader, { name: 'Karin Nilsson', role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm', side: 'region' });
    assert.deepEqual(board.agenda.map((entry) => [entry.point, entry.cases.map((c) => c.reference)]), [
      [1, []], [2, [references.risk]], [3, []], [4, [references.sip]], [5, [references.discharge]], [6, []],
    ]);
    assert.deepEqual(board.agenda[1]!.cases[0], {
      reference: references.risk, masked: { initials: 'A.L.', birthYear: 1912 }, urgency: 'next_weekday', agendaItem: 'risk', lateForCutoff: false, followUp: false,
    });
    assert.deepEqual(board.viewer, { name: 'Karin Nilsson', role: 'hc_nurse' });
  });

  it('counts kvittenser per receiving role: open, overdue, on time and late', async () => {
    const { services, clock } = fixture;
    let board = await view();
    assert.deepEqual(board.acknowledgements.byRole, [
      { role: 'social_worker', open: 3, confirmedOnTime: 0, confirmedLate: 0, overdue: 0 },
      { role: 'home_care', open: 3, confirmedOnTime: 0, confirmedLate: 0, overdue: 0 },
    ]);
    const [first, second] = (await services.repos.acks.find({ role: 'social_worker' }, { sort: { caseReference: 1 } }));
    const worker = (await services.roster.member(meeting._id, socialWorker.id))!;
    assert.equal((await services.acks.confirm(first!._id, socialWorker, worker)).kind, 'confirmed');
    clock.set(zonedInstant('2026-11-23', '12:30')); // sent on Sunday: due Monday 12:00
    assert.equal((await services.acks.confirm(second!._id, socialWorker, worker)).kind, 'confirmed');
    board = await view();
    assert.deepEqual(board.acknowledgements.byRole, [
      { role: 'social_worker', open: 0, confirmedOnTime: 1, confirmedLate: 1, overdue: 1 },
      { role: 'home_care', open: 0, confirmedOnTime: 0, confirmedLate: 0, overdue: 3 },
    ]);
  });

  it('follows the meeting day: agenda posted, running at its point, ended with what it decided', async () => {
    const { services, clock } = fixture;
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30 }).tick(clock.now());
    assert.equal((await view()).meetingDay.state, 'agenda_posted');
    clock.set(zonedInstant(TUESDAY, '13:00'));
    assert.equal((await services.runs.start(meeting, TUESDAY, nurse)).kind, 'started');
    let board = await view();
    assert.deepEqual([board.meetingDay.date, board.meetingDay.state, board.meetingDay.runningPoint], [TUESDAY, 'running', 1]);

    const run = await services.runs.runOf(meeting._id, TUESDAY);
    const riskCase = (await services.repos.cases.findOne({ reference: references.risk! }))!;
    const decided = await services.runs.decide(meeting, run, riskCase._id, nurse, {
      actions: 'Hembesök.', responsible: socialWorker.id, followUpDate: '2026-11-30', sipNeeded: 'false', escalate: 'true', escalationReason: 'Resurser saknas.',
    });
    assert.equal(decided.kind, 'decided');
    assert.equal((await services.runs.end(meeting, await services.runs.runOf(meeting._id, TUESDAY), nurse)).kind, 'ended');
    clock.set(zonedInstant(TUESDAY, '15:00'));
    board = await view();
    assert.equal(board.meetingDay.state, 'ended');
    assert.deepEqual(board.agenda.flatMap((entry) => entry.cases.map((c) => c.reference)), [references.risk], 'what the meeting decided');
    assert.deepEqual(board.followUpsDue.items, [{ reference: references.risk, masked: { initials: 'A.L.', birthYear: 1912 }, date: '2026-11-30', responsibleName: 'Omar Hassan' }]);
    assert.deepEqual(board.escalations.map((e) => [e.reference, e.toRole, e.toNames, e.since]), [[references.risk, 'manager', ['Maria Chef'], zonedInstant(TUESDAY, '13:00').toISOString()]]);

    // A manager's kvittens closes the escalation.
    const escalationAck = (await services.repos.acks.findOne({ caseId: riskCase._id, role: 'manager' }))!;
    assert.equal((await services.acks.confirm(escalationAck._id, manager, await services.roster.member(meeting._id, manager.id))).kind, 'confirmed');
    assert.deepEqual((await view()).escalations, []);

    // The next day the board moves on to the next meeting.
    clock.set(zonedInstant('2026-11-25', '08:00'));
    board = await view();
    assert.deepEqual([board.meetingDay.date, board.meetingDay.state], ['2026-12-01', 'planned']);
    assert.equal(board.leader?.name, 'Omar Hassan', 'the municipality side leads the second meeting');
    assert.deepEqual(board.leader?.side, 'municipality');
  });

  it('lists cases that missed the cut-off under point 1, flagged late', async () => {
    fixture.clock.set(zonedInstant(TUESDAY, '09:00'));
    const late = await fixture.services.cases.submit(meeting, member, nurse, validSbar({ agendaItem: 'risk', recipients: '' }));
    assert.ok(late.kind === 'created');
    const point1 = await casesUnder(1);
    assert.deepEqual(point1.map((c) => [c.reference, c.lateForCutoff]), [[late.record.reference, true]]);
    assert.ok(!(await casesUnder(2)).some((c) => c.reference === late.record.reference));
  });

  it('shows follow-ups due within a week, and not those further ahead', async () => {
    const { services } = fixture;
    await postAgendaAndStart();
    const run = await services.runs.runOf(meeting._id, TUESDAY);
    const bySoon = (await services.repos.cases.findOne({ reference: references.risk! }))!;
    const byLater = (await services.repos.cases.findOne({ reference: references.sip! }))!;
    const decide = (caseId: string, followUpDate: string) =>
      services.runs.decide(meeting, run, caseId, nurse, { actions: 'Uppföljning.', responsible: socialWorker.id, followUpDate, sipNeeded: 'false', escalate: 'false' });
    assert.equal((await decide(bySoon._id, '2026-12-01')).kind, 'decided');
    assert.equal((await decide(byLater._id, '2026-12-02')).kind, 'decided');
    assert.equal((await services.runs.end(meeting, await services.runs.runOf(meeting._id, TUESDAY), nurse)).kind, 'ended');
    const board = await view();
    assert.equal(board.followUpsDue.until, '2026-12-01');
    assert.deepEqual(board.followUpsDue.items.map((item) => item.reference), [references.risk]);
    assert.deepEqual(board.escalations, []);
  });

  it('shows the rotation for eight weeks, with holiday weeks that are skipped and the meeting they cancel', async () => {
    const { services, clock } = fixture;
    clock.set(zonedInstant('2026-12-20', '10:00'));
    const place = { conversationKey: '19:torsdag@thread.tacv2', tenantId: null };
    const setup = await services.meetings.setup(place, nurse, { area: 'Kåge', weekday: '4', time: '09:00', durationMinutes: '60', holidayPolicy: 'skip' });
    assert.ok(setup.kind === 'saved');
    const thursday = setup.meeting;
    const joined = await services.roster.join(thursday._id, nurse, { role: 'hc_nurse', organization: 'Hälsocentralen Kåge' });
    assert.ok(joined.kind === 'joined');
    const board = await buildBoardView(services, thursday, joined.member);
    assert.deepEqual([board.meetingDay.date, board.meetingDay.state, board.meetingDay.holidayName], ['2026-12-24', 'cancelled_holiday', 'julafton']);
    assert.equal(board.agendaDate, '2027-01-07', 'New Year’s Eve is skipped too');
    assert.equal(board.rotation.length, 8);
    assert.deepEqual(board.rotation.slice(0, 3), [
      { nominalDate: '2026-12-24', date: null, holidayName: 'julafton', leaderName: null },
      { nominalDate: '2026-12-31', date: null, holidayName: 'nyårsafton', leaderName: null },
      { nominalDate: '2027-01-07', date: '2027-01-07', holidayName: null, leaderName: 'Karin Nilsson' },
    ]);
  });

  it('never shows the patient’s name, personnummer or SBAR text, nor the decision’s free text', async () => {
    const { services } = fixture;
    await postAgendaAndStart();
    const run = await services.runs.runOf(meeting._id, TUESDAY);
    const riskCase = (await services.repos.cases.findOne({ reference: references.risk! }))!;
    await services.runs.decide(meeting, run, riskCase._id, nurse, {
      actions: 'Hembesök av arbetsterapeut.', responsible: socialWorker.id, followUpDate: '2026-11-26', sipNeeded: 'false', escalate: 'true', escalationReason: 'Resurser saknas.',
    });
    const running = JSON.stringify(await view());
    await services.runs.end(meeting, await services.runs.runOf(meeting._id, TUESDAY), nurse);
    const ended = JSON.stringify(await view());
    for (const json of [running, ended]) {
      for (const secret of [...SECRET_STRINGS, 'Hembesök av arbetsterapeut', 'Resurser saknas']) assert.ok(!json.includes(secret), secret);
      assert.ok(!showsPersonnummerShaped(json), 'no personnummer-shaped number');
      assert.ok(!json.includes('sealed') && !json.includes('subjectKey'), 'no sealed value or identity hash');
    }
    assert.ok(ended.includes(references.risk!) && ended.includes('A.L.'), 'the masked case is there');
  });

  it('finds the signed-in person on the roster by Entra ID object id, and lists their meetings', async () => {
    const { services } = fixture;
    assert.equal((await services.roster.memberByAad(meeting._id, nurse.aadObjectId!))?.userId, nurse.id);
    assert.equal(await services.roster.memberByAad(meeting._id, '00000000-0000-0000-0000-00000000ffff'), null);
    const other = await services.meetings.setup({ conversationKey: '19:other@thread.tacv2', tenantId: null }, socialWorker, { area: 'Östermalm', weekday: '3', time: '10:00', durationMinutes: '60' });
    assert.ok(other.kind === 'saved');
    await services.roster.join(other.meeting._id, nurse, { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    assert.deepEqual((await boardMeetingsOf(services, nurse.aadObjectId!, null)).map((item) => item.area), ['Norrmalm', 'Östermalm']);
    assert.deepEqual(await boardMeetingsOf(services, nurse.aadObjectId!, '19:other@thread.tacv2'), [
      { id: other.meeting._id, area: 'Östermalm', weekday: 3, time: '10:00', conversationId: '19:other@thread.tacv2', teamId: null },
    ]);
    assert.deepEqual((await boardMeetingsOf(services, socialWorker.aadObjectId!, null)).map((item) => item.area), ['Norrmalm'], 'setting a meeting up is not joining it');
  });
});
