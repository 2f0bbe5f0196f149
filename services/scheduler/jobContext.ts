import type { Services } from '../app';
import type { Logger } from '../logger';

export interface JobContext {
  services: Services;
  logger: Logger;
  /** The instant the run acts at (the tick's "now", or the job CLI's --at). */
  now: Date;
  retentionDays: number;
  /** The audit log is kept this many years, independently of the cases (AUDIT_RETENTION_YEARS). */
  auditRetentionYears: number;
}

export type JobOutcome = { status: 'done' | 'skipped'; note: string | null };
