import { randomUUID } from 'node:crypto';
import { DEFAULT_AUDIT_RETENTION_YEARS } from '../audit/auditRetention';
import type { Occurrence } from '../domain/records';
import { DuplicateKeyError } from '../store/documentStore';
import { isStoreWriteError } from '../store/writeFailures';
import type { JobContext, JobOutcome } from './jobContext';
import { JOB_RUNNERS } from './jobs';
import { MeetingList } from './meetingList';
import { PlanCache } from './planCache';
import { byDueTime, type PlannedRun } from './plannedRuns';

const HOUR = 3_600_000;
/** How far back a start-up catches up (issue: occurrences due in the last 24 h). */
export const CATCH_UP_WINDOW_MS = 24 * HOUR;
/** A run holds its claim this long; a process that dies mid-run frees it after that. */
const LEASE_MS = 5 * 60_000;
/** A run that keeps failing stops being retried and is logged for an operator. */
const MAX_ATTEMPTS = 5;

export type RunReport = { key: string; outcome: JobOutcome | 'claimed elsewhere' | 'already done' | 'failed' };

/**
 * Decides what is due from the meetings' configuration, claims each run atomically in the
 * store and only then acts, so every run happens once across restarts, retries and several
 * processes on one store (one MongoDB, or one DATA_DIR). Sending goes through the outbox, keyed by the run, so even a run
 * that is retried after a crash mid-way never sends the same message twice.
 */
export class Scheduler {
  readonly owner = `${process.pid}:${randomUUID().slice(0, 8)}`;
  private lastTick: Date | null = null;
  private ticking: Promise<RunReport[]> | null = null;
  private readonly plans = new PlanCache();
  private readonly meetings = new MeetingList();
  /**
   * Keys of runs known to be over (done, skipped, failed): an occurrence never leaves those states,
   * so each is read from the store once, not every minute. Pruned to the window once a day.
   */
  private finished = new Set<string>();
  private finishedWindowDay: string | null = null;

  private readonly context: Omit<JobContext, 'now'>;

  constructor(context: Omit<JobContext, 'now' | 'auditRetentionYears'> & { auditRetentionYears?: number }) {
    this.context = { ...context, auditRetentionYears: context.auditRetentionYears ?? DEFAULT_AUDIT_RETENTION_YEARS };
  }

  /** Wall-clock time of the last completed tick; /healthz reports it. */
  get lastTickAt(): Date | null {
    return this.lastTick;
  }

  /** Runs everything due in the last 24 h that has not run yet; overlapping ticks are skipped. */
  tick(now: Date): Promise<RunReport[]> {
    if (this.ticking) return Promise.resolve([]);
    this.ticking = this.runDue(now)
      .catch((error: unknown) => {
        // The cron wake-up does not wait for the tick: a rejection would end the process. What is
        // due is worked out again next minute, so nothing is lost by going on.
        if (isStoreWriteError(error)) this.context.logger.debug({ cause: error.failure }, 'scheduler tick stopped: the store cannot write');
        else this.context.logger.error({ err: error }, 'scheduler tick failed');
        return [];
      })
      .finally(() => {
      this.ticking = null;
      this.lastTick = this.context.services.clock.now();
    });
    return this.ticking;
  }

  /** Every run due in the window, done or not, oldest first. */
  async planned(now: Date, windowMs = CATCH_UP_WINDOW_MS): Promise<PlannedRun[]> {
    const meetings = await this.meetings.current(this.context.services.repos.meetings, this.context.services.clock.now());
    return this.plans.runsDue(meetings, new Date(now.getTime() - windowMs), now).sort(byDueTime);
  }

  /** What is due in the window and not done yet, without claiming anything (for --dry-run). */
  async due(now: Date, windowMs = CATCH_UP_WINDOW_MS): Promise<PlannedRun[]> {
    const meetings = await this.meetings.current(this.context.services.repos.meetings, this.context.services.clock.now());
    const from = new Date(now.getTime() - windowMs);
    const runs = this.plans.runsDue(meetings, from, now);
    this.forgetFinishedBefore(from, runs);
    const unknown = runs.filter((run) => !this.finished.has(run.key));
    if (unknown.length === 0) return [];
    // Another process (or an earlier one) may have run them.
    const finished = await this.context.services.repos.occurrences.find({ _id: { $in: unknown.map((run) => run.key) }, status: { $in: ['done', 'skipped', 'failed'] } });
    for (const occurrence of finished) this.finished.add(occurrence._id);
    return unknown.filter((run) => !this.finished.has(run.key)).sort(byDueTime);
  }

  /** Keeps the known finished runs to those still in the window; once a day is enough to bound it. */
  private forgetFinishedBefore(from: Date, inWindow: readonly PlannedRun[]): void {
    const day = from.toISOString().slice(0, 10);
    if (this.finishedWindowDay === day) return;
    this.finishedWindowDay = day;
    this.finished = new Set(inWindow.filter((run) => this.finished.has(run.key)).map((run) => run.key));
  }

  async runDue(now: Date, filter: (run: PlannedRun) => boolean = () => true): Promise<RunReport[]> {
    const reports: RunReport[] = [];
    for (const run of (await this.due(now)).filter(filter)) {
      const report = await this.runOnce(run, now);
      reports.push(report);
      // Each run's messages go out while the next runs are prepared: the 10:00 round of a large
      // region is hundreds of runs, and its first reminders need not wait for the last one.
      if (typeof report.outcome === 'object' && report.outcome.status === 'done') this.context.services.outbox.dispatch();
      // The embedded store answers without touching the event loop, so a round of hundreds of runs
      // would otherwise hold up every request and every send until its last run is done.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return reports;
  }

  private async runOnce(run: PlannedRun, now: Date): Promise<RunReport> {
    const claim = await this.claim(run, now);
    if (claim === 'already done') this.finished.add(run.key);
    if (claim !== 'claimed') return { key: run.key, outcome: claim };
    const { repos } = this.context.services;
    try {
      const outcome = await JOB_RUNNERS[run.job]({ ...this.context, now }, run);
      await repos.occurrences.updateOne(
        { _id: run.key, owner: this.owner },
        { $set: { status: outcome.status, note: outcome.note, leaseUntil: null, finishedAt: this.context.services.clock.now() } },
      );
      this.finished.add(run.key);
      this.context.logger.info({ run: run.key, status: outcome.status, note: outcome.note }, 'scheduled run finished');
      return { key: run.key, outcome };
    } catch (error) {
      const current = await repos.occurrences.findOne({ _id: run.key });
      const attempts = current?.attempts ?? MAX_ATTEMPTS;
      const giveUp = attempts >= MAX_ATTEMPTS;
      // Released at once so the next tick retries; the outbox keys make the retry send nothing twice.
      await repos.occurrences.updateOne(
        { _id: run.key, owner: this.owner },
        { $set: giveUp ? { status: 'failed', leaseUntil: null, note: String(error) } : { leaseUntil: now, note: String(error) } },
      );
      if (giveUp) this.finished.add(run.key);
      // A store that cannot write has logged that once itself.
      const level = isStoreWriteError(error) && !giveUp ? 'debug' : 'error';
      this.context.logger[level]({ err: error, run: run.key, attempts, givenUp: giveUp }, 'scheduled run failed');
      return { key: run.key, outcome: 'failed' };
    }
  }

  /** Insert wins a fresh run; an expired lease of a crashed run is taken over with one conditional update. */
  private async claim(run: PlannedRun, now: Date): Promise<'claimed' | 'claimed elsewhere' | 'already done'> {
    const { occurrences } = this.context.services.repos;
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const fresh: Occurrence = {
      _id: run.key,
      job: run.job,
      meetingId: run.meetingId,
      dueAt: run.dueAt,
      status: 'running',
      attempts: 1,
      leaseUntil,
      owner: this.owner,
      startedAt: now,
      finishedAt: null,
      note: null,
    };
    try {
      await occurrences.insertOne(fresh);
      return 'claimed';
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    const existing = await occurrences.findOne({ _id: run.key });
    if (!existing || existing.status !== 'running') return 'already done';
    if (existing.leaseUntil && existing.leaseUntil.getTime() > now.getTime()) return 'claimed elsewhere';
    const taken = await occurrences.updateOne(
      { _id: run.key, status: 'running', owner: existing.owner, attempts: existing.attempts },
      { $set: { owner: this.owner, leaseUntil, startedAt: now }, $inc: { attempts: 1 } },
    );
    return taken === 1 ? 'claimed' : 'claimed elsewhere';
  }
}
