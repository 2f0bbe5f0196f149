import assert from 'node:assert/strict';
import type { MeetingSchedule, MeetingSettings } from '../../services/domain/records';
import { DEFAULT_MEETING_SETTINGS } from '../../services/meetings/meetingSettings';
import { caseCutoff, MeetingCalendar, meetingDayOf, meetingForSubmission, nextMeeting, type MeetingPlan } from '../../services/time/meetingCalendar';
import { toLocal, zonedInstant } from '../../services/time/stockholm';

const plan = (schedule: MeetingSchedule, settings: Partial<MeetingSettings> = {}): MeetingPlan => ({
  schedule,
  settings: { ...DEFAULT_MEETING_SETTINGS, ...settings },
});
const tuesdays = plan({ weekday: 2, time: '13:00', durationMinutes: 90, cutoffTime: '23:59' });
const at = (date: string, time: string, seconds = 0) => new Date(zonedInstant(date, time).getTime() + seconds * 1000);

describe('meeting calendar', () => {
  it('puts the cut-off at the end of the cut-off minute on the day before', () => {
    const cutoff = caseCutoff(tuesdays, '2026-11-24');
    assert.equal(cutoff.toISOString(), '2026-11-23T23:00:00.000Z'); // Tue 00:00 local
  });

  it('assigns a case sent before the cut-off to this week and after it to next week', () => {
    assert.equal(meetingForSubmission(tuesdays, at('2026-11-23', '23:59', 59)).date, '2026-11-24');
    assert.equal(meetingForSubmission(tuesdays, at('2026-11-24', '00:00')).date, '2026-12-01');
    assert.equal(meetingForSubmission(tuesdays, at('2026-11-24', '12:00')).date, '2026-12-01');
    assert.equal(meetingForSubmission(tuesdays, at('2026-11-22', '10:00')).date, '2026-11-24');
  });

  it('honours an earlier configured cut-off time', () => {
    const schedule = plan({ ...tuesdays.schedule, cutoffTime: '15:00' });
    assert.equal(meetingForSubmission(schedule, at('2026-11-23', '15:00', 30)).date, '2026-11-24');
    assert.equal(meetingForSubmission(schedule, at('2026-11-23', '15:01')).date, '2026-12-01');
  });

  it('keeps local times across the DST weeks', () => {
    const mondays = plan({ weekday: 1, time: '09:00', durationMinutes: 60, cutoffTime: '23:59' });
    const spring = meetingForSubmission(mondays, at('2026-03-28', '10:00'));
    assert.equal(spring.date, '2026-03-30');
    assert.equal(toLocal(spring.startsAt).time, '09:00');
    assert.equal(toLocal(new Date(spring.cutoffAt.getTime() - 60_000)).time, '23:59');
    const autumn = meetingForSubmission(mondays, at('2026-10-24', '10:00'));
    assert.equal(autumn.date, '2026-10-26');
    assert.equal(autumn.startsAt.toISOString(), '2026-10-26T08:00:00.000Z');
  });

  it('finds the next meeting that has not started', () => {
    assert.equal(nextMeeting(tuesdays, at('2026-11-24', '12:59')).date, '2026-11-24');
    assert.equal(nextMeeting(tuesdays, at('2026-11-24', '13:00')).date, '2026-12-01');
  });

  describe('a meeting day that is a public holiday', () => {
    // Thursdays: 2026-12-24 is julafton, 2026-12-31 nyårsafton (both non-vardag, lag 1930:173).
    const thursdays = { weekday: 4 as const, time: '10:00', durationMinutes: 60, cutoffTime: '23:59' };

    it('moves to the next vardag under the move policy, with the cut-off the day before the new date', () => {
      const meeting = plan(thursdays, { holidayPolicy: 'move' });
      assert.deepEqual(meetingDayOf(meeting, '2026-12-24'), {
        nominalDate: '2026-12-24',
        date: '2026-12-28',
        holiday: meetingDayOf(meeting, '2026-12-24').holiday,
      });
      assert.ok(meetingDayOf(meeting, '2026-12-24').holiday);
      const occurrence = meetingForSubmission(meeting, at('2026-12-23', '12:00'));
      assert.equal(occurrence.date, '2026-12-28');
      assert.equal(occurrence.nominalDate, '2026-12-24');
      assert.equal(toLocal(new Date(occurrence.cutoffAt.getTime() - 60_000)).date, '2026-12-27');
    });

    it('is skipped under the skip policy, so cases go to the week after', () => {
      const meeting = plan(thursdays, { holidayPolicy: 'skip' });
      assert.equal(meetingDayOf(meeting, '2026-12-24').date, null);
      assert.equal(meetingForSubmission(meeting, at('2026-12-22', '12:00')).date, '2027-01-07');
      assert.equal(nextMeeting(meeting, at('2026-12-20', '12:00')).date, '2027-01-07');
    });

    it('moves a Midsummer Eve meeting past the weekend', () => {
      const fridays = plan({ weekday: 5, time: '09:00', durationMinutes: 60, cutoffTime: '23:59' });
      assert.equal(meetingDayOf(fridays, '2026-06-19').date, '2026-06-22');
    });
  });

  it('answers as the functions do when one calendar is asked many instants (MeetingCalendar), across holidays and DST', () => {
    const meetings = [
      tuesdays,
      plan({ weekday: 4, time: '10:00', durationMinutes: 60, cutoffTime: '23:59' }, { holidayPolicy: 'move' }),
      plan({ weekday: 4, time: '10:00', durationMinutes: 60, cutoffTime: '23:59' }, { holidayPolicy: 'skip' }),
      plan({ weekday: 5, time: '08:30', durationMinutes: 60, cutoffTime: '12:00' }, { holidayPolicy: 'move' }),
      plan({ weekday: 1, time: '02:30', durationMinutes: 60, cutoffTime: '02:15' }),
    ];
    for (const meeting of meetings) {
      const calendar = new MeetingCalendar(meeting);
      // Every 5 h 17 min over 14 months: each hour of the day, the DST nights, Easter, Midsummer and Christmas.
      for (let ms = Date.parse('2025-12-01T00:00:00Z'); ms < Date.parse('2027-02-01T00:00:00Z'); ms += (5 * 60 + 17) * 60_000) {
        const instant = new Date(ms);
        assert.deepEqual(calendar.meetingForSubmission(instant), meetingForSubmission(meeting, instant), instant.toISOString());
        assert.deepEqual(calendar.nextMeeting(instant), nextMeeting(meeting, instant), instant.toISOString());
      }
      const cutoff = caseCutoff(meeting, '2026-11-26');
      for (const instant of [new Date(cutoff.getTime() - 1), cutoff]) assert.deepEqual(calendar.meetingForSubmission(instant), meetingForSubmission(meeting, instant));
    }
  });
});
