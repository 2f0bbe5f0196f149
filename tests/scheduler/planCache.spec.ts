import assert from 'node:assert/strict';
import type { Meeting, MeetingSchedule, MeetingSettings } from '../../services/domain/records';
import { DEFAULT_MEETING_SETTINGS } from '../../services/meetings/meetingSettings';
import { PlanCache } from '../../services/scheduler/planCache';
import { byDueTime, plannedRuns } from '../../services/scheduler/plannedRuns';
import { CATCH_UP_WINDOW_MS } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';

function meeting(id: string, schedule: Partial<MeetingSchedule> = {}, settings: Partial<MeetingSettings> = {}, updatedAt = '2026-01-01T00:00:00Z'): Meeting {
  return {
    _id: id,
    conversationKey: `19:${id}@thread.tacv2`,
    tenantId: null,
    area: 'Norrmalm',
    schedule: { weekday: 2, time: '13:00', durationMinutes: 90, cutoffTime: '23:59', ...schedule },
    settings: { ...DEFAULT_MEETING_SETTINGS, ...settings },
    createdBy: { id: '29:a', aadObjectId: null, name: 'A' },
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date(updatedAt),
  };
}

const keys = (runs: { key: string; dueAt: Date }[]) => runs.map((run) => `${run.key}@${run.dueAt.toISOString()}`);
const window = (now: Date) => new Date(now.getTime() - CATCH_UP_WINDOW_MS);

describe('plan cache (the minute tick without recomputing every calendar)', () => {
  const meetings = [
    meeting('tuesday'),
    meeting('thursday-early', { weekday: 4, time: '08:15' }, { agendaTime: '06:00', ackReminderTime: '09:30' }),
    meeting('friday-skips-holidays', { weekday: 5 }, { holidayPolicy: 'skip' }),
    meeting('thursday-moves', { weekday: 4, time: '10:00' }, { holidayPolicy: 'move' }),
  ];

  // Minute ticks (every 37 minutes, to land on every time of day) through the DST change of
  // October, Christmas and New Year, as one server would make them.
  const spans: [string, string][] = [
    ['2026-10-23', '2026-10-27'],
    ['2026-12-22', '2027-01-03'],
  ];
  for (const [first, last] of spans) {
    it(`answers every tick from ${first} to ${last} exactly as planning from scratch does`, () => {
      const cache = new PlanCache();
      for (let now = zonedInstant(first, '00:00'); now <= zonedInstant(last, '23:59'); now = new Date(now.getTime() + 37 * 60_000)) {
        const cached = [...cache.runsDue(meetings, window(now), now)].sort(byDueTime);
        assert.deepEqual(keys(cached), keys(plannedRuns(meetings, window(now), now)), now.toISOString());
      }
    });
  }

  it('plans a meeting again when it changes', () => {
    const cache = new PlanCache();
    const now = zonedInstant('2026-11-24', '09:00');
    const before = cache.runsDue([meeting('m', { weekday: 2 })], window(now), now);
    assert.ok(before.some((run) => run.job === 'agenda'));
    const moved = meeting('m', { weekday: 5 }, {}, '2026-11-24T07:00:00Z');
    assert.deepEqual(keys([...cache.runsDue([moved], window(now), now)].sort(byDueTime)), keys(plannedRuns([moved], window(now), now)));
    assert.ok(!cache.runsDue([moved], window(now), now).some((run) => run.job === 'agenda'));
  });

  it('forgets a meeting that is gone', () => {
    const cache = new PlanCache();
    const now = zonedInstant('2026-11-24', '09:00');
    cache.runsDue([meeting('a'), meeting('b')], window(now), now);
    assert.ok(cache.runsDue([meeting('b')], window(now), now).every((run) => run.meetingId !== 'a'));
  });
});
