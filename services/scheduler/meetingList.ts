import type { Meeting } from '../domain/records';
import type { DocumentCollection } from '../store/documentStore';

/**
 * Another process's clock may be behind ours: changes are looked for this far back before the
 * last read, so a meeting it updated just then is not missed.
 */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Now and then every meeting is read again, for changes whatever their clock said. */
const FULL_READ_EVERY_MS = 60 * 60_000;

/**
 * The meetings for the scheduler's minute tick. Reading every meeting each minute cost the
 * embedded store about 5 µs a document to parse (10 ms a tick with 2,000 meetings); every change
 * of a meeting moves its `updatedAt` on (MeetingService.setup, as PlanCache relies on too), so
 * after the first read only the meetings changed since are read, through their index. Meetings
 * are never deleted today; the hourly full read would drop one that was.
 */
export class MeetingList {
  private readonly byId = new Map<string, Meeting>();
  private lastRead: number | null = null;
  private fullReadAt = Number.NEGATIVE_INFINITY;

  /**
   * The meetings as stored, give or take a change made by a process whose clock is more than five
   * minutes behind, until the next full read. `now` is the clock that stamps `updatedAt` in this
   * process (not the instant a tick is asked about, which `npm run job -- --at` and tests set).
   */
  async current(meetings: Pick<DocumentCollection<Meeting>, 'find' | 'count'>, now: Date): Promise<Meeting[]> {
    const wallNow = Date.now();
    let full = this.lastRead === null || now.getTime() < this.lastRead || wallNow - this.fullReadAt >= FULL_READ_EVERY_MS;
    if (!full) {
      this.take(await meetings.find({ updatedAt: { $gt: new Date(this.lastRead! - CLOCK_SKEW_MS) } }));
      // A meeting stamped before the window (a clock set back since, as tests and `--at` do) is
      // still noticed when it is a new one.
      full = (await meetings.count({})) !== this.byId.size;
    }
    if (full) {
      this.byId.clear();
      this.fullReadAt = wallNow;
      this.take(await meetings.find({}));
    }
    this.lastRead = now.getTime();
    return [...this.byId.values()];
  }

  private take(changed: readonly Meeting[]): void {
    for (const meeting of changed) this.byId.set(meeting._id, meeting);
  }
}
