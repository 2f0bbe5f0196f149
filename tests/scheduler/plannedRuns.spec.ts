import assert from 'node:assert/strict';
import type { Meeting, MeetingSchedule, MeetingSettings } from '../../services/domain/records';
import { DEFAULT_MEETING_SETTINGS } from '../../services/meetings/meetingSettings';
import { plannedRuns } from '../../services/scheduler/plannedRuns';
import { toLocal, zonedInstant } from '../../services/time/stockholm';

function meeting(schedule: Partial<MeetingSchedule> = {}, settings: Partial<MeetingSettings> = {}): Meeting {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    _id: 'm1',
    conversationKey: '19:c@thread.tacv2',
    tenantId: null,
    area: 'Norrmalm',
    schedule: { weekday: 2, time: '13:00', durationMinutes: 90, cutoffTime: '23:59', ...schedule },
    settings: { ...DEFAULT_MEETING_SETTINGS, ...settings },
    createdBy: { id: '29:a', aadObjectId: null, name: 'A' },
    createdAt: at,
    updatedAt: at,
  };
}

/** The runs of one local day, as "job@HH:MM" in Stockholm time. */
function day(m: Meeting, date: string): string[] {
  const runs = plannedRuns([m], zonedInstant(date, '00:00'), new Date(zonedInstant(date, '23:59').getTime() + 59_000));
  return runs.map((run) => `${run.job}@${toLocal(run.dueAt).time}`);
}

describe('planned runs (the scheduler\'s time table)', () => {
  it('has kvittens reminders and deadlines every day, weekends and holidays included', () => {
    for (const date of ['2026-11-22', '2026-12-24', '2026-12-25', '2027-01-01', '2026-06-19']) {
      const runs = day(meeting(), date);
      assert.ok(runs.includes('ack-reminder@10:00'), date);
      assert.ok(runs.includes('ack-deadline@12:00'), date);
      assert.ok(runs.includes('retention@03:00'), date);
      assert.ok(runs.includes('follow-up@06:30'), date);
    }
  });

  it('posts the agenda on the meeting day and reminds on the last vardag before it', () => {
    assert.ok(day(meeting(), '2026-11-24').includes('agenda@07:00'));
    assert.ok(day(meeting(), '2026-11-23').includes('submission-reminder@09:00'));
    // A Monday meeting is reminded of on Friday.
    const mondays = meeting({ weekday: 1 });
    assert.ok(day(mondays, '2026-11-27').includes('submission-reminder@09:00'));
    assert.ok(!day(mondays, '2026-11-29').includes('submission-reminder@09:00'));
  });

  it('follows configured times', () => {
    const m = meeting({}, { agendaTime: '06:15', reminderTime: '14:00', ackReminderTime: '09:30', ackDueTime: '11:00' });
    assert.ok(day(m, '2026-11-24').includes('agenda@06:15'));
    assert.ok(day(m, '2026-11-23').includes('submission-reminder@14:00'));
    assert.ok(day(m, '2026-11-23').includes('ack-reminder@09:30'));
    assert.ok(day(m, '2026-11-23').includes('ack-deadline@11:00'));
  });

  it('keeps local times on the DST Sundays of 2026, 2027 and 2030', () => {
    const sundays = meeting({ weekday: 7 });
    for (const date of ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31', '2030-03-31', '2030-10-27']) {
      const runs = day(sundays, date);
      // 2027-03-28 is also Easter Sunday (påskdagen): that meeting moves to the next vardag.
      assert.equal(runs.includes('agenda@07:00'), date !== '2027-03-28', `${date}: ${runs.join(', ')}`);
      assert.ok(runs.includes('ack-reminder@10:00'), date);
      assert.ok(runs.includes('ack-deadline@12:00'), date);
      assert.equal(runs.filter((run) => run.startsWith('ack-deadline')).length, 1, `${date}: one deadline, even on the 25-hour day`);
    }
  });

  it('moves a Christmas Eve meeting to the next vardag and reminds before the new date', () => {
    const thursdays = meeting({ weekday: 4 }, { holidayPolicy: 'move' });
    assert.ok(!day(thursdays, '2026-12-24').includes('agenda@07:00'));
    assert.ok(day(thursdays, '2026-12-28').includes('agenda@07:00'));
    // The last vardag before Monday 28 December is Wednesday 23 December.
    assert.ok(day(thursdays, '2026-12-23').includes('submission-reminder@09:00'));
    // Told two vardagar ahead of the 24th: the 22nd.
    assert.ok(day(thursdays, '2026-12-22').includes('holiday-notice@09:00'));
  });

  it('skips a Midsummer Eve meeting under the skip policy but still tells the channel', () => {
    const fridays = meeting({ weekday: 5 }, { holidayPolicy: 'skip' });
    assert.ok(!day(fridays, '2026-06-19').includes('agenda@07:00'));
    assert.ok(!day(fridays, '2026-06-22').includes('agenda@07:00'));
    assert.ok(!day(fridays, '2026-06-18').includes('submission-reminder@09:00'));
    assert.ok(day(fridays, '2026-06-17').includes('holiday-notice@09:00'));
  });

  it('handles a New Year\'s Eve meeting and the New Year reminder', () => {
    const thursdays = meeting({ weekday: 4 }, { holidayPolicy: 'move' });
    // 31 Dec 2026 (nyårsafton) moves to Monday 4 January 2027.
    assert.ok(day(thursdays, '2027-01-04').includes('agenda@07:00'));
    assert.ok(day(thursdays, '2026-12-30').includes('submission-reminder@09:00'));
  });

  it('gives each run a key unique to job, meeting and day', () => {
    const runs = plannedRuns([meeting(), { ...meeting(), _id: 'm2' }], zonedInstant('2026-11-20', '00:00'), zonedInstant('2026-11-27', '00:00'));
    assert.equal(new Set(runs.map((run) => run.key)).size, runs.length);
    assert.ok(runs.some((run) => run.key === 'agenda:m2:2026-11-24'));
    assert.equal(runs.filter((run) => run.key === 'retention:all:2026-11-21').length, 1);
  });
});
