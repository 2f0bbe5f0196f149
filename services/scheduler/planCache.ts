import type { LocalDate } from '../domain/codes';
import type { Meeting } from '../domain/records';
import { localDateOf } from '../time/stockholm';
import { globalRuns, meetingRuns, type PlannedRun } from './plannedRuns';

interface Planned {
  /** The meeting's `updatedAt` when planned: every change of the meeting moves it on (MeetingService.setup). */
  version: number;
  firstDay: LocalDate;
  lastDay: LocalDate;
  runs: readonly PlannedRun[];
}

/**
 * `plannedRuns` for the scheduler's minute tick. Working out a meeting's calendar (weekdays,
 * holidays, moved meetings, Stockholm time) costs about a tenth of a millisecond, which with
 * thousands of meetings made every tick cost hundreds; a meeting's runs for the window's days only
 * change when the meeting does or the days roll over, so they are worked out once and kept.
 * The runs handed out are shared between calls: callers must not change them.
 */
export class PlanCache {
  private readonly byMeeting = new Map<string, Planned>();
  private global: Omit<Planned, 'version'> | null = null;

  /** Every run due in (from, to], in no particular order. */
  runsDue(meetings: readonly Meeting[], from: Date, to: Date): PlannedRun[] {
    const firstDay = localDateOf(from);
    const lastDay = localDateOf(to);
    const after = from.getTime();
    const until = to.getTime();
    const due: PlannedRun[] = [];
    const pick = (runs: readonly PlannedRun[]) => {
      for (const run of runs) {
        const at = run.dueAt.getTime();
        if (at > after && at <= until) due.push(run);
      }
    };
    for (const meeting of meetings) {
      const version = meeting.updatedAt.getTime();
      let planned = this.byMeeting.get(meeting._id);
      if (!planned || planned.version !== version || planned.firstDay !== firstDay || planned.lastDay !== lastDay) {
        planned = { version, firstDay, lastDay, runs: meetingRuns(meeting, firstDay, lastDay) };
        this.byMeeting.set(meeting._id, planned);
      }
      pick(planned.runs);
    }
    if (this.global?.firstDay !== firstDay || this.global.lastDay !== lastDay) this.global = { firstDay, lastDay, runs: globalRuns(firstDay, lastDay) };
    pick(this.global.runs);
    // Meetings are not deleted today; should that change, their plans must not pile up.
    if (this.byMeeting.size > meetings.length) {
      const current = new Set(meetings.map((meeting) => meeting._id));
      for (const id of this.byMeeting.keys()) if (!current.has(id)) this.byMeeting.delete(id);
    }
    return due;
  }
}
