import assert from 'node:assert/strict';
import { meetingCounts } from '../../services/adherence/adherenceCounts';
import type { Meeting } from '../../services/domain/records';
import { DEFAULT_MEETING_SETTINGS } from '../../services/meetings/meetingSettings';

// Thursdays 10:00: julafton (24 December 2026) and nyårsafton (31 December) are not vardagar.
function thursdays(holidayPolicy: 'move' | 'skip'): Meeting {
  return {
    createdAt: new Date('2026-01-01T08:00:00Z'),
    schedule: { weekday: 4, time: '10:00', durationMinutes: 60, cutoffTime: '23:59' },
    settings: { ...DEFAULT_MEETING_SETTINGS, holidayPolicy },
  } as Meeting;
}
const after = new Date('2027-02-15T12:00:00Z');

describe('meeting days of a period (meetingCounts)', () => {
  it('counts a meeting moved off a holiday on the day it is held, and as moved', () => {
    // 3, 10, 17 December, and 24 December held on Monday 28; 31 December goes to Monday 4 January.
    assert.deepEqual(meetingCounts(thursdays('move'), { from: '2026-12-01', to: '2026-12-31' }, after, 3), { planned: 4, held: 3, cancelledForHoliday: 0, movedForHoliday: 1 });
    // January: the meeting moved in from 31 December, then 7, 14, 21 and 28 January.
    assert.deepEqual(meetingCounts(thursdays('move'), { from: '2027-01-01', to: '2027-01-31' }, after, 0), { planned: 5, held: 0, cancelledForHoliday: 0, movedForHoliday: 1 });
  });

  it('counts a skipped holiday meeting as cancelled, in the period of its own day', () => {
    assert.deepEqual(meetingCounts(thursdays('skip'), { from: '2026-12-01', to: '2026-12-31' }, after, 3), { planned: 3, held: 3, cancelledForHoliday: 2, movedForHoliday: 0 });
    assert.deepEqual(meetingCounts(thursdays('skip'), { from: '2027-01-01', to: '2027-01-31' }, after, 0), { planned: 4, held: 0, cancelledForHoliday: 0, movedForHoliday: 0 });
  });

  it('leaves out the days before the meeting was set up and those that have not come', () => {
    const now = new Date('2026-12-17T08:00:00Z'); // Thursday 17 December 09:00, before the meeting starts
    assert.deepEqual(meetingCounts(thursdays('move'), { from: '2026-12-01', to: '2026-12-31' }, now, 1), { planned: 2, held: 1, cancelledForHoliday: 0, movedForHoliday: 0 });
    const setUpLate = { ...thursdays('move'), createdAt: new Date('2026-12-09T08:00:00Z') } as Meeting;
    assert.deepEqual(meetingCounts(setUpLate, { from: '2026-12-01', to: '2026-12-31' }, after, 0).planned, 3);
  });
});
