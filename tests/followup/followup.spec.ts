import assert from 'node:assert/strict';
import { buildAdherenceReport } from '../../services/board/adherenceReport';
import type { Role } from '../../services/domain/codes';
import type { Meeting, MeetingRun, RosterMember, UserRef } from '../../services/domain/records';
import { buildFollowup, TOO_SMALL_CASES, type FollowupView, type Indicators } from '../../services/followup/followup';
import { followupCsv } from '../../services/followup/followupRows';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';
import { withCheckDigit } from '../support/identityNumbers';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';

const homeCare: UserRef = { id: '29:homecare', aadObjectId: '00000000-0000-0000-0000-000000000003', name: 'Lena Hemtjänstsson' };
const homeCareNorth: UserRef = { id: '29:homecare-north', aadObjectId: '00000000-0000-0000-0000-000000000004', name: 'Nils Nordh' };
const manager: UserRef = { id: '29:boss', aadObjectId: '00000000-0000-0000-0000-000000000005', name: 'Maria Chef' };
const OTHER_PERSONNUMMER = `19${withCheckDigit('450317123')}`;
const YEAR_2026 = { from: '2026-01-01', to: '2026-12-31' };

const at = (date: string, time: string) => zonedInstant(date, time);

/**
 * Two meetings managed by Maria over 2026: Norrmalm (Tuesdays 13:00), the yearly report's own
 * year, so the follow-up can be held to the report's numbers; and Södermalm (Thursdays 09:00)
 * with its discharge cases on the deadlines' edges.
 */
describe('the managers’ follow-up (Uppföljning)', () => {
  let fixture: ServiceFixture;
  const meetings: Record<'north' | 'south', Meeting> = {} as never;
  const members = new Map<string, RosterMember>();

  async function setUp(key: 'north' | 'south', area: string, weekday: string, time: string, roster: [UserRef, Role, string][]): Promise<void> {
    const setup = await fixture.services.meetings.setup({ conversationKey: `19:${key}@thread.tacv2`, tenantId: null }, nurse, { area, weekday, time, durationMinutes: '90', holidayPolicy: 'skip' });
    assert.ok(setup.kind === 'saved');
    meetings[key] = setup.meeting;
    for (const [user, role, organization] of roster) {
      const joined = await fixture.services.roster.join(setup.meeting._id, user, { role, organization });
      assert.ok(joined.kind === 'joined');
      members.set(`${key}:${user.id}`, joined.member);
    }
  }

  async function submit(key: 'north' | 'south', date: string, time: string, overrides: Record<string, unknown>): Promise<string> {
    fixture.clock.set(at(date, time));
    const created = await fixture.services.cases.submit(meetings[key], members.get(`${key}:${nurse.id}`)!, nurse, validSbar({ transferDate: '', ...overrides }));
    assert.ok(created.kind === 'created', JSON.stringify(created));
    return created.record._id;
  }

  async function startMeeting(key: 'north' | 'south', date: string, time: string): Promise<MeetingRun> {
    const { services, clock } = fixture;
    clock.set(at(date, '07:00'));
    await new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30 }).tick(clock.now());
    clock.set(at(date, time));
    const started = await services.runs.start(meetings[key], date, manager);
    assert.ok(started.kind === 'started', JSON.stringify(started));
    return started.run;
  }

  async function decide(key: 'north' | 'south', run: MeetingRun, caseId: string, decision: Record<string, unknown>): Promise<void> {
    const result = await fixture.services.runs.decide(meetings[key], run, caseId, manager, { actions: 'Hembesök; läkemedelsgenomgång.', sipNeeded: 'false', escalate: 'false', ...decision });
    assert.equal(result.kind, 'decided', JSON.stringify(result));
  }

  async function endMeeting(key: 'north' | 'south', date: string, time: string): Promise<void> {
    fixture.clock.set(at(date, time));
    const ended = await fixture.services.runs.end(meetings[key], await fixture.services.runs.runOf(meetings[key]._id, date), manager);
    assert.equal(ended.kind, 'ended');
  }

  async function confirm(key: 'north' | 'south', caseId: string, role: Role, by: UserRef, date: string, time: string): Promise<void> {
    const ack = (await fixture.services.acks.forCase(caseId)).find((candidate) => candidate.role === role && candidate.status === 'open');
    assert.ok(ack, `a kvittens for ${role}`);
    fixture.clock.set(at(date, time));
    const result = await fixture.services.acks.confirm(ack._id, by, members.get(`${key}:${by.id}`)!);
    assert.equal(result.kind, 'confirmed');
  }

  async function followup(meetingId?: string, period = YEAR_2026): Promise<FollowupView> {
    const result = await buildFollowup(fixture.services, { aadObjectId: manager.aadObjectId!, period, ...(meetingId ? { meetingId } : {}) });
    assert.equal(result.kind, 'followup');
    return (result as { view: FollowupView }).view;
  }

  const indicatorsOf = (view: FollowupView, key: 'north' | 'south'): Indicators => view.byMeeting.find((entry) => entry.meetingId === meetings[key]._id)!.indicators;

  let view: FollowupView;

  before(async function () {
    this.timeout(60_000);
    fixture = await serviceFixture('2025-12-15T08:00:00Z');
    fixture.clock.set(at('2025-12-15', '09:00'));
    await setUp('north', 'Norrmalm', '2', '13:00', [
      [nurse, 'hc_nurse', 'Hälsocentralen Norrmalm'],
      [socialWorker, 'social_worker', 'Socialtjänsten'],
      [homeCare, 'home_care', 'Hemtjänsten'],
      [homeCareNorth, 'home_care', 'Hemtjänst Nord'],
      [manager, 'manager', 'Kommunen'],
    ]);
    await setUp('south', 'Södermalm', '4', '09:00', [
      [nurse, 'hc_nurse', 'Hälsocentralen Söder'],
      [socialWorker, 'social_worker', 'Socialtjänsten'],
      [manager, 'manager', 'Kommunen'],
    ]);

    // Norrmalm: the yearly report's scenario (tests/board/adherenceReport.spec.ts).
    await submit('north', '2025-12-22', '10:00', { agendaItem: 'risk', urgency: 'urgent', recipients: 'home_care' });
    await submit('north', '2025-12-31', '10:00', { agendaItem: 'risk', urgency: 'next_day', recipients: '', personnummer: OTHER_PERSONNUMMER });
    const a = await submit('north', '2026-01-08', '10:00', { agendaItem: 'risk', urgency: 'next_weekday', recipients: 'home_care,social_worker' });
    await confirm('north', a, 'home_care', homeCare, '2026-01-09', '11:00');
    await confirm('north', a, 'social_worker', socialWorker, '2026-01-09', '15:00');
    // Ready Sunday 11 January 10:00: SIP summons due 14 January, payment responsibility from 14 January.
    const b = await submit('north', '2026-01-12', '10:00', { agendaItem: 'discharge', urgency: 'urgent', recipients: '', readyForDischargeAt: '2026-01-11 10:00' });
    const first = await startMeeting('north', '2026-01-13', '13:00');
    fixture.clock.set(at('2026-01-13', '08:00'));
    const c = await submit('north', '2026-01-13', '08:00', { agendaItem: 'sip', urgency: 'as_needed', recipients: 'social_worker' });
    fixture.clock.set(at('2026-01-13', '13:10'));
    await decide('north', first, a, { responsible: nurse.id, followUpDate: '2026-02-10', sipNeeded: 'true', sipCoordinator: socialWorker.id, escalate: 'true', escalationReason: 'Ingen hemtjänst kan ta uppdraget.' });
    await endMeeting('north', '2026-01-13', '13:30');
    // The escalation: asked of the managers at 13:10, acknowledged the next morning at 09:00 (19.8 hours).
    await confirm('north', a, 'manager', manager, '2026-01-14', '09:00');
    fixture.clock.set(at('2026-01-14', '09:30'));
    assert.equal((await fixture.services.cases.withdraw(c, nurse, members.get(`north:${nurse.id}`)!)).kind, 'withdrawn');
    const second = await startMeeting('north', '2026-01-20', '13:00');
    await decide('north', second, b, { responsible: homeCare.id, followUpDate: '' });
    await endMeeting('north', '2026-01-20', '13:30');
    await confirm('north', b, 'home_care', homeCare, '2026-01-21', '08:30');
    await submit('north', '2026-06-01', '09:00', { agendaItem: 'sip', urgency: 'as_needed', recipients: 'home_health_nurse' });
    await submit('north', '2026-12-28', '09:00', { agendaItem: 'ongoing', urgency: 'next_day', recipients: 'rehab' });

    // Södermalm, Thursday 5 March: ready Monday 2 March at 12:00 (payment from 6 March, SIP summons
    // due 5 March) and at 11:59 (payment from 5 March): decided on the 5th, in time and late.
    const afterNoon = await submit('south', '2026-03-02', '14:00', { agendaItem: 'discharge', urgency: 'urgent', recipients: 'social_worker', readyForDischargeAt: '2026-03-02 12:00' });
    const beforeNoon = await submit('south', '2026-03-02', '14:10', { agendaItem: 'discharge', urgency: 'urgent', recipients: 'social_worker', readyForDischargeAt: '2026-03-02 11:59' });
    const other = await submit('south', '2026-03-03', '09:00', { agendaItem: 'risk', urgency: 'next_day', recipients: 'social_worker,physician' });
    await confirm('south', other, 'social_worker', socialWorker, '2026-03-04', '11:00');
    const run = await startMeeting('south', '2026-03-05', '09:00');
    fixture.clock.set(at('2026-03-05', '09:20'));
    await decide('south', run, afterNoon, { responsible: socialWorker.id, followUpDate: '', sipNeeded: 'true', sipCoordinator: socialWorker.id });
    await decide('south', run, beforeNoon, { responsible: socialWorker.id, followUpDate: '', sipNeeded: 'true', sipCoordinator: socialWorker.id, escalate: 'true', escalationReason: 'Inget korttidsboende.' });
    await endMeeting('south', '2026-03-05', '10:00');
    await submit('south', '2026-04-01', '09:00', { agendaItem: 'ongoing', urgency: 'as_needed', recipients: '' });

    fixture.clock.set(at('2026-12-29', '10:00'));
    view = await followup();
  });
  after(() => fixture.dispose());

  it('comes out the same when the meetings are read and counted one at a time (as a follow-up of many meetings is)', async () => {
    const result = await buildFollowup(fixture.services, { aadObjectId: manager.aadObjectId!, period: YEAR_2026 }, 1);
    assert.equal(result.kind, 'followup');
    assert.deepEqual((result as { view: FollowupView }).view, view);
  });

  it('counts each meeting by the yearly report’s definitions, number for number', async () => {
    for (const key of ['north', 'south'] as const) {
      const report = await buildAdherenceReport(fixture.services, meetings[key], YEAR_2026);
      const indicators = indicatorsOf(view, key);
      assert.deepEqual(indicators.meetings, { planned: report.meetings.planned, held: report.meetings.held }, key);
      const { withdrawn: _withdrawn, ...cases } = report.cases;
      assert.deepEqual(indicators.cases, cases, key);
      const acks = report.acknowledgements;
      assert.deepEqual(
        indicators.acknowledgements,
        { onTime: acks.onTime, late: acks.late, missing: acks.overdueOpen, open: acks.open - acks.overdueOpen, onTimeShare: acks.onTimeShare },
        key,
      );
      assert.equal(indicators.escalations.total, report.escalations.total, key);
      assert.equal(indicators.escalations.acknowledged, report.escalations.acknowledgedByManager, key);
    }
    assert.deepEqual(indicatorsOf(view, 'north').cases.byAgendaPoint, { risk: 2, ongoing: 1, sip: 2, discharge: 1 });
  });

  it('sums the meetings into the total, recomputing the share and the median', () => {
    const north = indicatorsOf(view, 'north');
    const south = indicatorsOf(view, 'south');
    assert.equal(view.total.meetings.planned, north.meetings.planned + south.meetings.planned);
    assert.equal(view.total.cases.total, north.cases.total + south.cases.total);
    assert.equal(view.total.cases.byUrgency.urgent, north.cases.byUrgency.urgent + south.cases.byUrgency.urgent);
    const acks = view.total.acknowledgements;
    assert.equal(acks.onTime, north.acknowledgements.onTime + south.acknowledgements.onTime);
    assert.equal(acks.onTimeShare, acks.onTime / (acks.onTime + acks.late + acks.missing));
    assert.deepEqual(view.total.escalations, { total: 2, acknowledged: 1, medianHoursToAcknowledgement: 19.8 });
  });

  it('gives the median time from the managers’ notice to their kvittens, in hours with one decimal', () => {
    assert.equal(indicatorsOf(view, 'north').escalations.medianHoursToAcknowledgement, 19.8);
    assert.equal(indicatorsOf(view, 'south').escalations.medianHoursToAcknowledgement, null, 'not acknowledged: no time to measure');
  });

  it('judges discharge cases by the SIP summons deadline and the start of payment responsibility', () => {
    // Norrmalm: ready 11 January, first decided 20 January without a SIP.
    assert.deepEqual(indicatorsOf(view, 'north').discharge, { cases: 1, sipSummonsInTime: 0, takenUpAfterPaymentResponsibility: 1 });
    // Södermalm: both have a SIP coordinator on 5 March, the summons deadline; only the 11:59 notice's payment had started.
    assert.deepEqual(indicatorsOf(view, 'south').discharge, { cases: 2, sipSummonsInTime: 2, takenUpAfterPaymentResponsibility: 1 });
  });

  it('counts per receiving organisation: each organisation holding the role, the assignee’s own, "Okänd organisation" for nobody', () => {
    const organisations = Object.fromEntries(view.byOrganisation.map((entry) => [entry.organisation, entry.indicators]));
    assert.deepEqual(Object.keys(organisations), ['Hemtjänst Nord', 'Hemtjänsten', 'Hälsocentralen Norrmalm', 'Hälsocentralen Söder', 'Kommunen', 'Socialtjänsten', 'Okänd organisation']);
    // Case a went to home care, a role held in two organisations: both received it.
    assert.equal(organisations['Hemtjänsten']!.cases.received, 1);
    assert.equal(organisations['Hemtjänst Nord']!.cases.received, 1);
    // a and the withdrawn c in Norrmalm; three cases in Södermalm.
    assert.equal(organisations['Socialtjänsten']!.cases.received, 5);
    // Nobody holds home_health_nurse, rehab or physician: those cases count for "Okänd organisation".
    assert.equal(organisations['Okänd organisation']!.cases.received, 3);
    // The nurse's kvittens for the action assigned to her: her organisation only, never the other health centre.
    assert.equal(organisations['Hälsocentralen Norrmalm']!.acknowledgements.missing, 1);
    // On a roster, received nothing: listed with zeros.
    assert.equal(organisations['Hälsocentralen Söder']!.cases.received, 0);
    assert.deepEqual(organisations['Kommunen']!.acknowledgements, { onTime: 1, late: 0, missing: 1, open: 0, onTimeShare: 0.5 });
  });

  it('marks a meeting with fewer than 5 cases in the period too small to compare, and shows its counts all the same', async () => {
    assert.equal(TOO_SMALL_CASES, 5);
    const south = view.meetings.find((meeting) => meeting.meetingId === meetings.south._id)!;
    const north = view.meetings.find((meeting) => meeting.meetingId === meetings.north._id)!;
    assert.deepEqual([north.tooSmall, indicatorsOf(view, 'north').cases.total], [false, 6]);
    assert.deepEqual([south.tooSmall, indicatorsOf(view, 'south').cases.total], [true, 4]);
    await submit('south', '2026-11-30', '09:05', { agendaItem: 'ongoing', urgency: 'as_needed', recipients: '' });
    fixture.clock.set(at('2026-12-29', '10:00'));
    const after = await followup(meetings.south._id);
    assert.deepEqual(after.meetings.map((meeting) => [meeting.title, meeting.tooSmall]), [['Södermalm, torsdagar kl. 09:00', false]]);
  });

  it('shows the trend by month: cases by their meeting day, kvittenser by the day asked for, escalations by their day', () => {
    assert.deepEqual(view.trend.map((month) => month.month), ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2026-${m}`));
    const month = (key: string) => view.trend.find((entry) => entry.month === key)!;
    assert.deepEqual(month('2026-01'), { month: '2026-01', casesTotal: 4, acksOnTime: 3, acksLate: 1, acksMissing: 1, escalations: 1 });
    assert.equal(month('2026-03').casesTotal, 3);
    assert.equal(month('2026-03').escalations, 1);
    assert.equal(
      view.trend.reduce((sum, entry) => sum + entry.casesTotal, 0),
      view.total.cases.total,
    );
  });

  it('lists open escalations across the meetings, oldest first, masked and with who escalated', () => {
    assert.equal(view.openEscalations.length, 1);
    const [escalation] = view.openEscalations;
    assert.equal(escalation!.meetingId, meetings.south._id);
    assert.equal(escalation!.meetingTitle, 'Södermalm, torsdagar kl. 09:00');
    assert.equal(escalation!.escalatedBy, manager.name);
    assert.equal(escalation!.reason, null);
    assert.deepEqual([escalation!.initials, escalation!.birthYear], ['A.L.', 1912]);
    assert.equal(escalation!.since, at('2026-03-05', '09:20').toISOString());
  });

  it('never holds a patient’s name, personnummer, SBAR text or a decision’s text, in JSON or CSV', () => {
    for (const text of [JSON.stringify(view), followupCsv(view)]) {
      for (const secret of [...SECRET_STRINGS, 'Hembesök', 'Ingen hemtjänst kan ta uppdraget', 'Inget korttidsboende', OTHER_PERSONNUMMER]) assert.ok(!text.includes(secret), secret);
    }
  });

  it('answers not_a_manager for a participant, and meeting_not_found for a meeting the caller does not manage', async () => {
    assert.deepEqual(await buildFollowup(fixture.services, { aadObjectId: socialWorker.aadObjectId!, period: YEAR_2026 }), { kind: 'not_a_manager' });
    assert.deepEqual(await buildFollowup(fixture.services, { aadObjectId: manager.aadObjectId!, period: YEAR_2026, meetingId: '00000000-0000-4000-8000-000000000000' }), { kind: 'meeting_not_found' });
    await assert.rejects(buildFollowup(fixture.services, { aadObjectId: manager.aadObjectId!, period: { from: '2026-12-31', to: '2026-01-01' } }), RangeError);
  });

  it('audits each look, once per meeting covered, as the manager’s roster entry there', async () => {
    const before = (await fixture.services.repos.audit.find({ action: 'followup.read' })).length;
    await followup();
    const entries = (await fixture.services.repos.audit.find({ action: 'followup.read' })).slice(before);
    assert.deepEqual(entries.map((entry) => entry.meetingId).sort(), [meetings.north._id, meetings.south._id].sort());
    assert.ok(entries.every((entry) => entry.actor.userId === manager.id && entry.actor.organization === 'Kommunen' && entry.caseId === null), JSON.stringify(entries));
  });

  it('counts only what lies within the period’s Stockholm days', async () => {
    // 5 March alone: Södermalm's meeting (its three March cases), nothing of Norrmalm's January.
    const day = await followup(undefined, { from: '2026-03-05', to: '2026-03-05' });
    assert.equal(indicatorsOf(day, 'south').cases.total, 3);
    assert.equal(indicatorsOf(day, 'south').meetings.held, 1);
    assert.equal(indicatorsOf(day, 'north').cases.total, 0);
    assert.deepEqual(day.trend.map((month) => month.month), ['2026-03']);
    // The day before: the meeting of the 5th and its cases are not in it.
    const before = await followup(meetings.south._id, { from: '2026-03-01', to: '2026-03-04' });
    assert.equal(indicatorsOf(before, 'south').cases.total, 0);
    assert.equal(indicatorsOf(before, 'south').meetings.held, 0);
  });
});
