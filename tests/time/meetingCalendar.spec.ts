import assert from 'node:assert/strict';
import type { MeetingSchedule } from '../../services/domain/records';
import { caseCutoff, meetingForSubmission, nextMeeting } from '../../services/time/meetingCalendar';
import { toLocal, zonedInstant } from '../../services/time/stockholm';

const tuesdays: MeetingSchedule = { weekday: 2, time: '13:00', durationMinutes: 90, cutoffTime: '23:59' };
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
    const schedule = { ...tuesdays, cutoffTime: '15:00' };
    assert.equal(meetingForSubmission(schedule, at('2026-11-23', '15:00', 30)).date, '2026-11-24');
    assert.equal(meetingForSubmission(schedule, at('2026-11-23', '15:01')).date, '2026-12-01');
  });

  it('keeps local times across the DST weeks', () => {
    const mondays: MeetingSchedule = { weekday: 1, time: '09:00', durationMinutes: 60, cutoffTime: '23:59' };
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
});
