import assert from 'node:assert/strict';
import {
  ADHERENCE_REPORT_LABELS,
  adherenceReportCsv,
  adherenceReportRows,
  buildAdherenceReport,
  csvField,
  reportPeriodSchema,
  type AdherenceReport,
} from '../../services/board/adherenceReport';
import { AGENDA_ITEMS, ROLES, URGENCIES, type Role } from '../../services/domain/codes';
import type { Meeting, MeetingRun, RosterMember, UserRef } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';
import { agendaItemLabel, ROLE_LABELS, URGENCY_LABELS } from '../../cards/texts.sv';
import { withCheckDigit } from '../support/identityNumbers';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';

const homeCare: UserRef = { id: '29:homecare', aadObjectId: null, name: 'Lena Hemtjänstsson' };
const manager: UserRef = { id: '29:boss', aadObjectId: null, name: 'Maria Chef' };
const STAFF_NAMES = [nurse.name, socialWorker.name, homeCare.name, manager.name];
/** A second patient, so the report is checked against more than one identity number. */
const OTHER_PERSONNUMMER = `19${withCheckDigit('450317123')}`;

const YEAR_2026 = { from: '2026-01-01', to: '2026-12-31' };

/** Stockholm wall time, as the routine states every rule. */
const at = (date: string, time: string) => zonedInstant(date, time);

describe('the yearly adherence report', () => {
  let fixture: ServiceFixture;
  let meeting: Meeting;
  const members = new Map<string, RosterMember>();

  async function setUpMeeting(createdAt: Date): Promise<void> {
    fixture.clock.set(createdAt);
    const { services } = fixture;
    const setup = await services.meetings.setup({ conversationKey: '19:chan@thread.tacv2', tenantId: null }, nurse, {
      area: 'Norrmalm',
      weekday: '2',
      time: '13:00',
      durationMinutes: '90',
      holidayPolicy: 'skip',
    });
    assert.ok(setup.kind === 'saved');
    meeting = setup.meeting;
    members.clear();
    const roster: [UserRef, Role, string][] = [
      [nurse, 'hc_nurse', 'Hälsocentralen Norrmalm'],
      [socialWorker, 'social_worker', 'Socialtjänsten'],
      [homeCare, 'home_care', 'Hemtjänsten'],
      [manager, 'manager', 'Kommunen'],
    ];
    for (const [user, role, organization] of roster) {
      const joined = await services.roster.join(meeting._id, user, { role, organization });
      assert.ok(joined.kind === 'joined');
      members.set(user.id, joined.member);
    }
  }

  /** The nurse submits a case at a Stockholm wall time; returns its id. */
  async function submit(date: string, time: string, overrides: Record<string, unknown>): Promise<string> {
    fixture.clock.set(at(date, time));
    const created = await fixture.services.cases.submit(meeting, members.get(nurse.id)!, nurse, validSbar({ transferDate: '', ...overrides }));
    assert.ok(created.kind === 'created', JSON.stringify(created));
    return created.record._id;
  }

  /** The agenda goes out at 07:00 through the scheduler; a meeting can only start after it. */
  async function startMeeting(date: string): Promise<MeetingRun> {
    const { services, clock } = fixture;
    clock.set(at(date, '07:00'));
    await new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30 }).tick(clock.now());
    clock.set(at(date, '13:00'));
    const started = await services.runs.start(meeting, date, manager);
    assert.ok(started.kind === 'started');
    return started.run;
  }

  async function decide(run: MeetingRun, caseId: string, decision: Record<string, unknown>): Promise<void> {
    const result = await fixture.services.runs.decide(meeting, run, caseId, manager, { actions: 'Hembesök; läkemedelsgenomgång.', sipNeeded: 'false', escalate: 'false', ...decision });
    assert.equal(result.kind, 'decided', JSON.stringify(result));
  }

  async function endMeeting(date: string): Promise<void> {
    fixture.clock.set(at(date, '13:30'));
    const ended = await fixture.services.runs.end(meeting, await fixture.services.runs.runOf(meeting._id, date), manager);
    assert.equal(ended.kind, 'ended');
  }

  async function confirm(caseId: string, role: Role, by: UserRef, date: string, time: string): Promise<void> {
    const ack = (await fixture.services.acks.forCase(caseId)).find((candidate) => candidate.role === role);
    assert.ok(ack, `a kvittens for ${role}`);
    fixture.clock.set(at(date, time));
    const result = await fixture.services.acks.confirm(ack._id, by, members.get(by.id)!);
    assert.equal(result.kind, 'confirmed');
  }

  describe('over a year of meetings (Tuesdays 13:00, holidays skipped)', () => {
    let report: AdherenceReport;
    let csv: string;

    before(async function () {
      this.timeout(60_000);
      fixture = await serviceFixture('2025-12-15T08:00:00Z');
      await setUpMeeting(at('2025-12-15', '09:00'));

      // Before the period: on the meeting of 23 December 2025, its kvittens asked for in 2025.
      await submit('2025-12-22', '10:00', { agendaItem: 'risk', urgency: 'urgent', recipients: 'home_care' });
      // Submitted in 2025, but 6 January (trettondedag jul) is skipped: its meeting is 13 January.
      const y = await submit('2025-12-31', '10:00', { agendaItem: 'risk', urgency: 'next_day', recipients: '', personnummer: OTHER_PERSONNUMMER });
      const a = await submit('2026-01-08', '10:00', { agendaItem: 'risk', urgency: 'next_weekday', recipients: 'home_care,social_worker' });
      await confirm(a, 'home_care', homeCare, '2026-01-09', '11:00'); // due 9 January 12:00: on time
      await confirm(a, 'social_worker', socialWorker, '2026-01-09', '15:00'); // late
      const b = await submit('2026-01-12', '10:00', { agendaItem: 'discharge', urgency: 'urgent', recipients: '', readyForDischargeAt: '2026-01-11 10:00' });

      const first = await startMeeting('2026-01-13');
      // After the cut-off (12 January 23:59): goes to 20 January, a late submission.
      fixture.clock.set(at('2026-01-13', '08:00'));
      const c = await submit('2026-01-13', '08:00', { agendaItem: 'sip', urgency: 'as_needed', recipients: 'social_worker' });
      fixture.clock.set(at('2026-01-13', '13:10'));
      await decide(first, a, {
        responsible: nurse.id,
        followUpDate: '2026-02-10',
        sipNeeded: 'true',
        sipCoordinator: socialWorker.id,
        escalate: 'true',
        escalationReason: 'Ingen hemtjänst kan ta uppdraget.',
      });
      await endMeeting('2026-01-13'); // y and b were not reached: carried over
      await confirm(a, 'manager', manager, '2026-01-14', '09:00'); // the escalation, on time
      // The nurse's kvittens for her action (due 14 January 12:00) is never given: overdue.
      fixture.clock.set(at('2026-01-14', '09:30'));
      assert.equal((await fixture.services.cases.withdraw(c, nurse, members.get(nurse.id)!)).kind, 'withdrawn');

      const second = await startMeeting('2026-01-20');
      await decide(second, b, { responsible: homeCare.id, followUpDate: '' });
      await endMeeting('2026-01-20'); // b closes; y is carried over again
      await confirm(b, 'home_care', homeCare, '2026-01-21', '08:30');

      // Nobody on the roster has the role: stays open past its due time.
      await submit('2026-06-01', '09:00', { agendaItem: 'sip', urgency: 'as_needed', recipients: 'home_health_nurse' });
      // Due 29 December 12:00, after the report is made.
      await submit('2026-12-28', '09:00', { agendaItem: 'ongoing', urgency: 'next_day', recipients: 'rehab' });

      fixture.clock.set(at('2026-12-29', '10:00'));
      assert.ok(y);
      report = await buildAdherenceReport(fixture.services, meeting, YEAR_2026);
      csv = adherenceReportCsv(report);
    });
    after(() => fixture.dispose());

    it('counts the meetings of the calendar, the skipped holiday and the held ones', () => {
      assert.equal(report.meetingId, meeting._id);
      assert.deepEqual(report.period, YEAR_2026);
      assert.equal(report.generatedAt, '2026-12-29T09:00:00.000Z');
      // 52 Tuesdays in 2026; 6 January skipped; 29 December has not started at 10:00.
      assert.deepEqual(report.meetings, { planned: 50, held: 2, cancelledForHoliday: 1, movedForHoliday: 0 });
    });

    it('counts cases by the meeting they were submitted for', () => {
      assert.deepEqual(report.cases, {
        total: 6,
        byAgendaPoint: { risk: 2, ongoing: 1, sip: 2, discharge: 1 },
        byUrgency: { urgent: 1, next_day: 2, next_weekday: 1, as_needed: 2 },
        withdrawn: 1,
        carriedOver: 2,
        lateSubmissions: 1,
      });
    });

    it('counts kvittenser asked for in the period, on time, late, open and overdue, per role', () => {
      const { byRole, ...totals } = report.acknowledgements;
      assert.deepEqual(totals, { total: 7, onTime: 3, late: 1, open: 3, overdueOpen: 2, onTimeShare: 0.5 });
      assert.deepEqual(byRole, {
        hc_nurse: { total: 1, onTime: 0, late: 0, open: 1 },
        home_health_nurse: { total: 1, onTime: 0, late: 0, open: 1 },
        social_worker: { total: 1, onTime: 0, late: 1, open: 0 },
        home_care: { total: 2, onTime: 2, late: 0, open: 0 },
        rehab: { total: 1, onTime: 0, late: 0, open: 1 },
        physician: { total: 0, onTime: 0, late: 0, open: 0 },
        manager: { total: 1, onTime: 1, late: 0, open: 0 },
      });
    });

    it('counts consent from the stored cases and explains why it is always given', () => {
      assert.equal(report.consent.documented, 6);
      assert.equal(report.consent.cases, 6);
      assert.equal(report.consent.share, 1);
      assert.match(report.consent.guarantee, /utan samtycke avvisas formuläret och ingenting sparas/);
    });

    it('counts SIP needs, escalations and follow-ups decided by the meetings', () => {
      assert.deepEqual(report.sip, { needsIdentified: 1, coordinatorsAppointed: 1 });
      assert.deepEqual(report.escalations, { total: 1, byTarget: { manager: 1 }, acknowledgedByManager: 1 });
      assert.deepEqual(report.followUps, { set: 1 });
    });

    it('writes a CSV for Swedish Excel: BOM, header, semicolons, comma decimals', () => {
      assert.ok(csv.startsWith('\uFEFFavsnitt;mått;värde\r\n'));
      const lines = csv.slice(1).split('\r\n');
      assert.equal(lines.pop(), '', 'ends with a line break');
      for (const line of lines) assert.equal(line.split(';').length, 3, line);
      for (const expected of [
        'Period;Från;2026-01-01',
        'Period;Till;2026-12-31',
        'Möten;Planerade;50',
        'Möten;Genomförda;2',
        'Möten;Inställda på grund av helgdag;1',
        'Ärenden;Totalt;6',
        'Ärenden;Anmälda efter brytpunkten;1',
        'Ärenden per dagordningspunkt;2. Identifierade riskindivider;2',
        'Ärenden per önskad handläggningstid;Vid behov;2',
        'Kvittenser;Andel i tid;50,0 %',
        'Kvittenser;Ej kvitterade efter sista tid;2',
        'Kvittenser – Hemtjänst (samordnare/enhetschef);I tid;2',
        'Kvittenser – Socialsekreterare;Sena;1',
        'Samtycke;Andel med samtycke;100,0 %',
        'SIP;SIP-samordnare utsedd;1',
        'Eskaleringar;Kvitterade av chef;1',
        'Eskaleringar till;Chef / MLA / MAS / MAR;1',
        'Uppföljningar;Uppföljningsdatum satta;1',
      ]) {
        assert.ok(lines.includes(expected), `missing: ${expected}`);
      }
    });

    it('has one CSV row for every number of the report', () => {
      const numbers = numericLeaves({ ...report, labels: undefined, period: undefined }, '');
      const rows = adherenceReportRows(report).filter((row) => row.section !== ADHERENCE_REPORT_LABELS.sections.period);
      assert.equal(rows.length, numbers.length);
      assert.deepEqual(
        rows.map((row) => row.value),
        numbers.map(([key, value]) => (/share$/i.test(key) ? `${(value * 100).toFixed(1).replace('.', ',')} %` : String(value))),
      );
      assert.equal(csv.slice(1).split('\r\n').length - 2, adherenceReportRows(report).length, 'header + rows + final line break');
    });

    it('holds no patient data and no staff names, in JSON or CSV', () => {
      const json = JSON.stringify(report);
      const personnummer = [OTHER_PERSONNUMMER, OTHER_PERSONNUMMER.slice(2), `${OTHER_PERSONNUMMER.slice(0, 8)}-${OTHER_PERSONNUMMER.slice(8)}`];
      for (const secret of [...SECRET_STRINGS, ...personnummer, ...STAFF_NAMES, 'Ingen hemtjänst kan ta uppdraget', 'läkemedelsgenomgång']) {
        assert.ok(!json.includes(secret), `JSON holds ${secret}`);
        assert.ok(!csv.includes(secret), `CSV holds ${secret}`);
      }
      assert.deepEqual(JSON.parse(json), report, 'JSON-serialisable as it is');
    });
  });

  describe('period boundaries', () => {
    beforeEach(async () => {
      fixture = await serviceFixture('2026-02-01T08:00:00Z');
      await setUpMeeting(at('2026-02-01', '09:00'));
    });
    afterEach(() => fixture.dispose());

    it('counts the meeting on `to` and not the one the day before `from`', async () => {
      await submit('2026-03-02', '10:00', { agendaItem: 'risk', recipients: '' }); // meeting 3 March, the day before
      const onTo = await submit('2026-03-30', '10:00', { agendaItem: 'discharge', recipients: '', readyForDischargeAt: '2026-03-29 09:00' });
      // Within the period but after the cut-off of 31 March: its meeting is 7 April.
      await submit('2026-03-31', '09:00', { agendaItem: 'sip', recipients: '' });
      // The meeting of 31 March does not reach the case on `to`: carried to 7 April, it still counts for 31 March.
      await startMeeting('2026-03-31');
      await endMeeting('2026-03-31');
      assert.equal((await fixture.services.cases.byId(onTo))?.meetingDate, '2026-04-07');
      fixture.clock.set(at('2026-04-10', '12:00'));
      const report = await buildAdherenceReport(fixture.services, meeting, { from: '2026-03-04', to: '2026-03-31' });
      assert.equal(report.cases.total, 1);
      assert.deepEqual(report.cases.byAgendaPoint, { risk: 0, ongoing: 0, sip: 0, discharge: 1 });
      assert.equal(report.cases.carriedOver, 1);
      assert.deepEqual(report.meetings, { planned: 4, held: 1, cancelledForHoliday: 0, movedForHoliday: 0 }, '10, 17, 24 and 31 March');
      const april = await buildAdherenceReport(fixture.services, meeting, { from: '2026-04-01', to: '2026-04-30' });
      assert.equal(april.cases.total, 1, 'only the case submitted for 7 April');
      assert.equal(april.cases.byAgendaPoint.sip, 1);
      const around = await buildAdherenceReport(fixture.services, meeting, { from: '2026-03-03', to: '2026-04-07' });
      assert.equal(around.cases.total, 3);
      assert.equal(around.meetings.planned, 6);
    });

    it('counts kvittenser by the Stockholm day they were asked for', async () => {
      // 00:30 on 1 March in Stockholm is still 28 February in UTC.
      await submit('2026-03-01', '00:30', { agendaItem: 'risk', recipients: 'home_care' });
      await submit('2026-02-28', '23:30', { agendaItem: 'risk', recipients: 'rehab' });
      fixture.clock.set(at('2026-04-10', '12:00'));
      const report = await buildAdherenceReport(fixture.services, meeting, { from: '2026-03-01', to: '2026-03-31' });
      assert.equal(report.acknowledgements.total, 1);
      assert.equal(report.acknowledgements.byRole.home_care.total, 1);
      assert.equal(report.acknowledgements.byRole.rehab.total, 0);
    });

    it('plans no meeting before the meeting was set up, nor one that has not started', async () => {
      fixture.clock.set(at('2026-02-17', '12:59'));
      const report = await buildAdherenceReport(fixture.services, meeting, { from: '2026-01-01', to: '2026-12-31' });
      // Set up on 1 February: January's Tuesdays (and the holiday of 6 January) do not count; 17 February starts at 13:00.
      assert.deepEqual(report.meetings, { planned: 2, held: 0, cancelledForHoliday: 0, movedForHoliday: 0 });
      fixture.clock.set(at('2026-02-17', '13:00'));
      assert.equal((await buildAdherenceReport(fixture.services, meeting, { from: '2026-01-01', to: '2026-12-31' })).meetings.planned, 3);
    });

    it('gives zeros and null shares for an empty period, and a CSV that says so', async () => {
      fixture.clock.set(at('2026-04-10', '12:00'));
      const report = await buildAdherenceReport(fixture.services, meeting, { from: '2026-01-01', to: '2026-01-31' });
      assert.deepEqual(report.meetings, { planned: 0, held: 0, cancelledForHoliday: 0, movedForHoliday: 0 });
      assert.equal(report.cases.total, 0);
      for (const item of AGENDA_ITEMS) assert.equal(report.cases.byAgendaPoint[item], 0);
      for (const urgency of URGENCIES) assert.equal(report.cases.byUrgency[urgency], 0);
      assert.equal(report.acknowledgements.total, 0);
      assert.equal(report.acknowledgements.onTimeShare, null);
      for (const role of ROLES) assert.deepEqual(report.acknowledgements.byRole[role], { total: 0, onTime: 0, late: 0, open: 0 });
      assert.deepEqual({ ...report.consent, guarantee: '' }, { documented: 0, cases: 0, share: null, guarantee: '' });
      assert.deepEqual(report.escalations, { total: 0, byTarget: {}, acknowledgedByManager: 0 });
      assert.deepEqual(report.sip, { needsIdentified: 0, coordinatorsAppointed: 0 });
      assert.deepEqual(report.followUps, { set: 0 });
      const lines = adherenceReportCsv(report).split('\r\n');
      assert.ok(lines.includes('Kvittenser;Andel i tid;–'));
      assert.ok(lines.includes('Samtycke;Andel med samtycke;–'));
    });

    it('refuses a period that is reversed, too long or not a date', async () => {
      for (const period of [
        { from: '2026-03-01', to: '2026-02-28' },
        { from: '2026-01-01', to: '2027-01-02' },
        { from: '2026-02-30', to: '2026-03-01' },
      ]) {
        assert.equal(reportPeriodSchema.safeParse(period).success, false, JSON.stringify(period));
        await assert.rejects(buildAdherenceReport(fixture.services, meeting, period), RangeError);
      }
      assert.equal(reportPeriodSchema.safeParse({ from: '2024-01-01', to: '2024-12-31' }).success, true, 'a leap year fits');
    });
  });

  describe('CSV cells', () => {
    it('quotes separators, quotes and line breaks, and defuses formulas', () => {
      assert.equal(csvField('Möten'), 'Möten');
      assert.equal(csvField('a;b'), '"a;b"');
      assert.equal(csvField('säg "hej"'), '"säg ""hej"""');
      assert.equal(csvField('rad\nrad'), '"rad\nrad"');
      for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1']) assert.equal(csvField(formula), `'${formula}`);
      assert.equal(csvField('=A1;B1'), `"'=A1;B1"`);
    });

    it('defuses a label that would start a formula in the whole file', () => {
      const report = emptyReport();
      const tampered: AdherenceReport = { ...report, labels: { ...report.labels, sections: { ...report.labels.sections, meetings: '=HYPERLINK("x")' } } };
      assert.ok(adherenceReportCsv(tampered).includes(`\r\n"'=HYPERLINK(""x"")";Planerade;0\r\n`));
    });
  });

  it('names roles, urgencies and agenda points as the cards do', () => {
    for (const role of ROLES) assert.equal(ADHERENCE_REPORT_LABELS.roles[role], ROLE_LABELS[role]);
    for (const urgency of URGENCIES) assert.equal(ADHERENCE_REPORT_LABELS.urgencies[urgency], URGENCY_LABELS[urgency]);
    for (const item of AGENDA_ITEMS) assert.equal(ADHERENCE_REPORT_LABELS.agendaItems[item], agendaItemLabel(item));
    assert.equal(ADHERENCE_REPORT_LABELS.agendaItems.risk, '2. Identifierade riskindivider');
  });
});

/** Numbers with their keys in reading order, skipping text (the consent guarantee, ids, dates). */
function numericLeaves(value: unknown, key: string): [string, number][] {
  if (typeof value === 'number') return [[key, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([child, nested]) => numericLeaves(nested, child));
}

function emptyReport(): AdherenceReport {
  const noAcks = { total: 0, onTime: 0, late: 0, open: 0 };
  return {
    meetingId: 'm',
    period: { from: '2026-01-01', to: '2026-12-31' },
    generatedAt: '2027-01-01T00:00:00.000Z',
    meetings: { planned: 0, held: 0, cancelledForHoliday: 0, movedForHoliday: 0 },
    cases: { total: 0, byAgendaPoint: { risk: 0, ongoing: 0, sip: 0, discharge: 0 }, byUrgency: { urgent: 0, next_day: 0, next_weekday: 0, as_needed: 0 }, withdrawn: 0, carriedOver: 0, lateSubmissions: 0 },
    acknowledgements: { ...noAcks, overdueOpen: 0, onTimeShare: null, byRole: Object.fromEntries(ROLES.map((role) => [role, noAcks])) as Record<Role, typeof noAcks> },
    consent: { documented: 0, cases: 0, share: null, guarantee: ADHERENCE_REPORT_LABELS.consentGuarantee },
    sip: { needsIdentified: 0, coordinatorsAppointed: 0 },
    escalations: { total: 0, acknowledgedByManager: 0, byTarget: {} },
    followUps: { set: 0 },
    labels: ADHERENCE_REPORT_LABELS,
  };
}
