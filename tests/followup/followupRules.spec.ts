import assert from 'node:assert/strict';
import { hoursToAcknowledgement, median } from '../../services/adherence/adherenceCounts';
import { daysIn, monthsOf, periodInstants, reportPeriodSchema } from '../../services/adherence/period';
import { csvField } from '../../services/board/adherenceReport';
import type { Weekday } from '../../services/domain/codes';
import type { UserRef } from '../../services/domain/records';
import { buildFollowup, type FollowupView } from '../../services/followup/followup';
import { FOLLOWUP_LABELS, meetingTitle, WEEKDAY_NAMES } from '../../services/followup/followupLabels.sv';
import { followupCsv, followupRows, formatHours } from '../../services/followup/followupRows';
import { zonedInstant } from '../../services/time/stockholm';
import { weekdayName } from '../../cards/texts.sv';
import { followupRequestFrom } from '../../bot/personal/personalRoutes';
import { validSbar } from '../support/sbarFixtures';
import { nurse, serviceFixture, type ServiceFixture } from '../support/serviceFixture';

const at = (date: string, time: string) => zonedInstant(date, time);
const manager: UserRef = { id: '29:boss', aadObjectId: '00000000-0000-0000-0000-000000000005', name: 'Maria Chef' };

describe('follow-up rules', () => {
  describe('median time to acknowledgement', () => {
    it('is the middle value, the mean of the two middle ones for an even count, one decimal, null for none', () => {
      assert.equal(median([]), null);
      assert.equal(median([5]), 5);
      assert.equal(median([9, 1, 5]), 5);
      assert.equal(median([1, 2, 3, 10]), 2.5);
      assert.equal(median([1 / 3]), 0.3);
      assert.equal(median([0.25, 0.3]), 0.3, '0.275 rounds to 0.3');
    });

    it('measures from the managers’ notice to the kvittens, and only for acknowledged escalations', () => {
      const entry = { _id: 'e', at: at('2026-01-13', '13:10'), action: 'case.escalate' as const, meetingId: 'm', caseId: 'c' };
      const ack = {
        _id: 'a', meetingId: 'm', caseId: 'c', role: 'manager' as const, assigneeUserId: null, noticeSentAt: at('2026-01-13', '13:10'),
        dueAt: at('2026-01-14', '12:00'), status: 'confirmed' as const, overdueSince: null, confirmedAt: at('2026-01-14', '09:00'),
      };
      assert.deepEqual(hoursToAcknowledgement([{ entry, ack }]).map((hours) => Math.round(hours * 100) / 100), [19.83]);
      assert.deepEqual(hoursToAcknowledgement([{ entry, ack: { ...ack, status: 'open', confirmedAt: null } }, { entry, ack: null }]), []);
    });

    it('counts real hours across a change to summer time', () => {
      const ack = {
        _id: 'a', meetingId: 'm', caseId: 'c', role: 'manager' as const, assigneeUserId: null, noticeSentAt: at('2026-03-28', '13:00'),
        dueAt: at('2026-03-29', '12:00'), status: 'confirmed' as const, overdueSince: null, confirmedAt: at('2026-03-29', '13:00'),
      };
      const entry = { _id: 'e', at: ack.noticeSentAt, action: 'case.escalate' as const, meetingId: 'm', caseId: 'c' };
      assert.deepEqual(hoursToAcknowledgement([{ entry, ack }]), [23], 'the night of 29 March 2026 is an hour short');
    });
  });

  describe('period', () => {
    it('lists every month the period touches, across a new year', () => {
      assert.deepEqual(monthsOf({ from: '2025-11-30', to: '2026-02-01' }), ['2025-11', '2025-12', '2026-01', '2026-02']);
      assert.deepEqual(monthsOf({ from: '2026-03-05', to: '2026-03-05' }), ['2026-03']);
      assert.equal(monthsOf({ from: '2024-01-01', to: '2024-12-31' }).length, 12);
    });

    it('runs from Stockholm midnight to Stockholm midnight, 23 hours on the day summer time starts and 25 when it ends', () => {
      const spring = periodInstants({ from: '2026-03-29', to: '2026-03-29' });
      assert.deepEqual([spring.start.toISOString(), spring.end.toISOString()], ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
      const autumn = periodInstants({ from: '2026-10-25', to: '2026-10-25' });
      assert.equal(autumn.end.getTime() - autumn.start.getTime(), 25 * 3_600_000);
    });

    it('takes at most 366 days, from not after to, valid dates only', () => {
      assert.equal(daysIn({ from: '2024-01-01', to: '2024-12-31' }), 366);
      assert.ok(reportPeriodSchema.safeParse({ from: '2024-01-01', to: '2024-12-31' }).success, 'a leap year');
      assert.ok(!reportPeriodSchema.safeParse({ from: '2025-01-01', to: '2026-01-02' }).success, '367 days');
      assert.ok(!reportPeriodSchema.safeParse({ from: '2026-02-01', to: '2026-01-31' }).success, 'reversed');
      assert.ok(!reportPeriodSchema.safeParse({ from: '2026-02-29', to: '2026-03-01' }).success, 'no 29 February in 2026');
    });

    it('reads ?from&to&meetingId at the edge: this calendar year by default, Swedish refusals otherwise', () => {
      const query = (text: string) => followupRequestFrom(new URLSearchParams(text), '2026-11-24');
      assert.deepEqual(query(''), { ok: true, period: { from: '2026-01-01', to: '2026-11-24' }, meetingId: undefined });
      assert.deepEqual(query('to=2025-06-30'), { ok: true, period: { from: '2025-01-01', to: '2025-06-30' }, meetingId: undefined });
      assert.deepEqual(query('from=2026-01-01&to=2026-12-31'), { ok: true, period: { from: '2026-01-01', to: '2026-12-31' }, meetingId: undefined });
      const id = '5f0c6a4e-2b1d-4c3e-9f8a-7b6c5d4e3f2a';
      assert.deepEqual(query(`meetingId=${id}`), { ok: true, period: { from: '2026-01-01', to: '2026-11-24' }, meetingId: id });
      assert.deepEqual(query('from=2026-12-01'), { ok: false, error: 'Från-datumet måste vara samma dag som eller före till-datumet.' });
      assert.deepEqual(query('from=2025-01-01&to=2026-11-24'), { ok: false, error: 'Perioden får vara högst 366 dagar.' });
      assert.deepEqual(query('from=2026-1-1'), { ok: false, error: 'Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-01-31.' });
      assert.equal((query('meetingId=abc') as { error: string }).error, 'Mötes-id:t kunde inte läsas.');
      assert.equal((query('to=2026-01-01&to=2026-01-02') as { error: string }).error, 'Sökfrågan kunde inte läsas.');
      assert.equal((query('x=1') as { error: string }).error, 'Sökfrågan kunde inte läsas.');
    });
  });

  describe('labels and CSV', () => {
    it('names weekdays as the cards do, and meetings by area and weekly slot', () => {
      for (const day of [1, 2, 3, 4, 5, 6, 7] as Weekday[]) assert.equal(WEEKDAY_NAMES[day], weekdayName(day));
      assert.equal(meetingTitle({ area: 'Norrmalm', schedule: { weekday: 2, time: '13:00' } }), 'Norrmalm, tisdagar kl. 13:00');
    });

    it('writes hours with a decimal comma and a dash for nothing', () => {
      assert.equal(formatHours(19.8, '–'), '19,8');
      assert.equal(formatHours(3, '–'), '3,0');
      assert.equal(formatHours(null, '–'), '–');
    });

    it('writes BOM, semicolons, CRLF, and escapes names as the yearly report does', () => {
      const zero = { onTime: 0, late: 0, missing: 0, open: 0, onTimeShare: null };
      const indicators = {
        meetings: { planned: 1, held: 1 },
        cases: { total: 1, byAgendaPoint: { risk: 1, ongoing: 0, sip: 0, discharge: 0 }, byUrgency: { urgent: 1, next_day: 0, next_weekday: 0, as_needed: 0 }, lateSubmissions: 0, carriedOver: 0 },
        acknowledgements: { onTime: 3, late: 1, missing: 0, open: 0, onTimeShare: 0.75 },
        escalations: { total: 1, acknowledged: 1, medianHoursToAcknowledgement: 2.5 },
        discharge: { cases: 0, sipSummonsInTime: 0, takenUpAfterPaymentResponsibility: 0 },
      };
      const base: Omit<FollowupView, 'rows'> = {
        period: { from: '2026-01-01', to: '2026-12-31' },
        generatedAt: '2026-12-31T12:00:00.000Z',
        meetings: [{ meetingId: 'm', title: 'Norrmalm; "väst"', area: 'Norrmalm', tooSmall: true }],
        openEscalations: [],
        byMeeting: [{ meetingId: 'm', indicators }],
        byOrganisation: [{ organisation: '=HYPERLINK("x")', indicators: { cases: { received: 1 }, acknowledgements: zero } }],
        total: indicators,
        trend: [],
        labels: FOLLOWUP_LABELS,
      };
      const csv = followupCsv({ ...base, rows: followupRows(base) });
      assert.ok(csv.startsWith('\uFEFFmöte;mottagande organisation;avsnitt;mått;värde\r\n'), csv.slice(0, 80));
      assert.ok(csv.endsWith('\r\n') && !csv.replace(/\r\n/g, '').includes('\n'), 'CRLF line ends');
      const lines = csv.slice(1).split('\r\n');
      assert.ok(lines.includes('"Norrmalm; ""väst""";;Kvittenser;Andel i tid;75,0 %'), 'quoted title, Swedish share');
      assert.ok(lines.includes('"Norrmalm; ""väst""";;Eskaleringar;Mediantid till chefens kvittens (timmar);2,5'), 'hours');
      assert.ok(lines.includes(`Alla möten;${csvField('=HYPERLINK("x")')};Ärenden;Mottagna;1`), 'a formula defused');
      assert.ok(lines.some((line) => line.startsWith(`Alla möten;"'=HYPERLINK(""x"")";`)), 'quoted, with the apostrophe');
      assert.ok(lines.includes('Alla möten;;Period;Från;2026-01-01'), 'period');
      // Every row has five cells, whatever the names hold.
      assert.ok(followupRows(base).every((row) => Object.keys(row).length === 5), 'five cells');
    });
  });

  describe('Stockholm days and summer time', () => {
    let fixture: ServiceFixture;
    let view: FollowupView;

    before(async function () {
      this.timeout(60_000);
      fixture = await serviceFixture('2026-03-20T08:00:00Z');
      const setup = await fixture.services.meetings.setup({ conversationKey: '19:dst@thread.tacv2', tenantId: null }, nurse, { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
      assert.ok(setup.kind === 'saved');
      const member = await fixture.services.roster.join(setup.meeting._id, nurse, { role: 'hc_nurse', organization: 'Hälsocentralen' });
      assert.ok(member.kind === 'joined');
      assert.equal((await fixture.services.roster.join(setup.meeting._id, manager, { role: 'manager', organization: 'Kommunen' })).kind, 'joined');
      // 23:30 on 31 March (summer time, 21:30 UTC) is March; 00:30 on 1 April (22:30 UTC on 31 March) is April.
      for (const [date, time] of [['2026-03-31', '23:30'], ['2026-04-01', '00:30']] as const) {
        fixture.clock.set(at(date, time));
        const created = await fixture.services.cases.submit(setup.meeting, member.member, nurse, validSbar({ transferDate: '', recipients: 'hc_nurse' }));
        assert.ok(created.kind === 'created');
      }
      fixture.clock.set(at('2026-04-30', '12:00'));
      const result = await buildFollowup(fixture.services, { aadObjectId: manager.aadObjectId!, period: { from: '2026-03-01', to: '2026-04-30' } });
      assert.ok(result.kind === 'followup');
      view = result.view;
    });
    after(() => fixture.dispose());

    it('puts a kvittens in the month of the Stockholm day it was asked for', () => {
      assert.deepEqual(view.trend.map((month) => [month.month, month.acksMissing]), [['2026-03', 1], ['2026-04', 1]]);
      // Both cases were submitted before the cut-off of Tuesday 7 April.
      assert.deepEqual(view.trend.map((month) => month.casesTotal), [0, 2]);
    });

    it('leaves out what was asked for before the period’s first Stockholm midnight', async () => {
      const april = await buildFollowup(fixture.services, { aadObjectId: manager.aadObjectId!, period: { from: '2026-04-01', to: '2026-04-30' } });
      assert.ok(april.kind === 'followup');
      assert.equal(april.view.total.acknowledgements.missing, 1, 'only the kvittens of 00:30 on 1 April');
      assert.equal(april.view.total.cases.total, 2);
    });
  });
});
