import { JOBS, type JobName } from '../domain/records';
import type { Repositories } from '../store/repositories';
import type { Scheduler } from './scheduler';

const DAY_MS = 24 * 3_600_000;

export interface JobStatus {
  /** When a run of the job last finished (done or skipped), in any process; null if none is stored. */
  lastRunAt: Date | null;
  /** How long the oldest run that is due but not finished has been due; 0 when none waits. */
  lagSeconds: number;
  /** Runs given up after their attempts, due in the last 24 hours. */
  failedRuns: number;
}

/**
 * Where each scheduled job stands, from the store and the meetings' calendars — not from this
 * process's memory — so it shows a job that is late because no process ran it, or because the
 * scheduler here stopped waking.
 */
export async function schedulerStatus(scheduler: Scheduler, occurrences: Repositories['occurrences'], now: Date): Promise<Record<JobName, JobStatus>> {
  const waiting = await scheduler.due(now);
  const status = {} as Record<JobName, JobStatus>;
  for (const job of JOBS) {
    const oldest = waiting.filter((run) => run.job === job).reduce<number | null>((min, run) => Math.min(min ?? Infinity, run.dueAt.getTime()), null);
    const [last] = await occurrences.find({ job, status: { $in: ['done', 'skipped'] } }, { sort: { finishedAt: -1 }, limit: 1 });
    status[job] = {
      lastRunAt: last?.finishedAt ?? null,
      lagSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
      failedRuns: await occurrences.count({ job, status: 'failed', dueAt: { $gt: new Date(now.getTime() - DAY_MS) } }),
    };
  }
  return status;
}
