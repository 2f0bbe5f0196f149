import { randomUUID } from 'node:crypto';
import { DEFAULT_AUDIT_RETENTION_YEARS } from '../audit/auditRetention';
import type { Occurrence } from '../domain/records';
import { DuplicateKeyError } from '../store/documentStore';
import type { JobContext, JobOutcome } from './jobContext';
import { JOB_RUNNERS } from './jobs';
import { plannedRuns, type PlannedRun } from './plannedRuns';

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
 * processes on one MongoDB. Sending goes through the outbox, keyed by the run, so even a run
 * that is retried after a crash mid-way never sends the same message twice.
 */
export class Scheduler {
  readonly owner = `${process.pid}:${randomUUID().slice(0, 8)}`;
  private lastTick: Date | null = null;
  private ticking: Promise<RunReport[]> | null = null;

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
    this.ticking = this.runDue(now).finally(() => {
      this.ticking = null;
      this.lastTick = this.context.services.clock.now();
    });
    return this.ticking;
  }

  /** What is due in the window and not done yet, without claiming anything (for --dry-run). */
  async due(now: Date, windowMs = CATCH_UP_WINDOW_MS): Promise<PlannedRun[]> {
    const meetings = await this.context.services.repos.meetings.find({});
    const runs = plannedRuns(meetings, new Date(now.getTime() - windowMs), now);
    if (runs.length === 0) return [];
    const finished = await this.context.services.repos.occurrences.find({ _id: { $in: runs.map((run) => run.key) }, status: { $in: ['done', 'skipped', 'failed'] } });
    const finishedKeys = new Set(finished.map((occurrence) => occurrence._id));
    return runs.filter((run) => !finishedKeys.has(run.key));
  }

  async runDue(now: Date, filter: (run: PlannedRun) => boolean = () => true): Promise<RunReport[]> {
    const reports: RunReport[] = [];
    for (const run of (await this.due(now)).filter(filter)) reports.push(await this.runOnce(run, now));
    if (reports.some((report) => typeof report.outcome === 'object' && report.outcome.status === 'done')) this.context.services.outbox.dispatch();
    return reports;
  }

  private async runOnce(run: PlannedRun, now: Date): Promise<RunReport> {
    const claim = await this.claim(run, now);
    if (claim !== 'claimed') return { key: run.key, outcome: claim };
    const { repos } = this.context.services;
    try {
      const outcome = await JOB_RUNNERS[run.job]({ ...this.context, now }, run);
      await repos.occurrences.updateOne(
        { _id: run.key, owner: this.owner },
        { $set: { status: outcome.status, note: outcome.note, leaseUntil: null, finishedAt: this.context.services.clock.now() } },
      );
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
      this.context.logger.error({ err: error, run: run.key, attempts, givenUp: giveUp }, 'scheduled run failed');
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
