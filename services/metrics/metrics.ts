// What an operator's Prometheus reads at /metrics (bot/metricsServer.ts, its own listener), with
// names that dashboards and deploy/prometheus/samordna.rules.yml rely on (CONTRACT.md). Labels take
// only values from fixed sets — verbs, jobs, results, causes — never a name, a user or conversation
// id, a case reference or anything typed: the metrics leave the machine, patient data must not.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { countOpenEscalations } from '../acks/openEscalations';
import type { Services } from '../app';
import { JOBS, type JobName } from '../domain/records';
import { outboxHealth } from '../outbox/health';
import type { SendOutcome } from '../outbox/outboxWorker';
import type { Scheduler } from '../scheduler/scheduler';
import { schedulerStatus, type JobStatus } from '../scheduler/schedulerStatus';
import type { StoreFootprint } from '../store/documentStore';
import { WRITE_FAILURE_CAUSES, type WriteFailureCause } from '../store/writeFailures';

const OUTBOX_RESULTS: readonly SendOutcome[] = ['sent', 'retry', 'dead', 'dropped'];

/** Card actions answer in milliseconds; the buckets reach down there. */
const INVOKE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Snapshot {
  outbox: { pending: number; oldestPendingSeconds: number; dead: number };
  jobs: Record<JobName, JobStatus>;
  lastTickAt: Date | null;
  kvittensOverdue: number;
  escalationsUnacknowledged: number;
  footprint: StoreFootprint;
  writable: boolean;
}

export interface MetricsOptions {
  services: Services;
  scheduler: Scheduler;
  /** Verbs reported by name; anything else is `other`, so a client cannot grow the label set. */
  isKnownVerb: (verb: string) => boolean;
}

export class SamordnaMetrics {
  readonly registry = new Registry();
  private readonly invokeDuration: Histogram<'verb'>;
  private readonly outboxResults: Counter<'result'>;
  /** What the scrape under way read from the store: its gauges are collected at once, from one read. */
  private scrape: Promise<Snapshot> | null = null;

  constructor(private readonly options: MetricsOptions) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.invokeDuration = new Histogram({
      name: 'samordna_invoke_duration_seconds',
      help: 'Time to answer a card action (adaptiveCard/action invoke), by verb.',
      labelNames: ['verb'],
      buckets: INVOKE_BUCKETS,
      registers,
    });
    this.outboxResults = new Counter({
      name: 'samordna_outbox_sent_total',
      help: 'Attempts to send an outbox message to Teams, by result: sent, retry (failed, will be tried again), dead (given up), dropped (nothing left to send).',
      labelNames: ['result'],
      registers,
    });
    for (const result of OUTBOX_RESULTS) this.outboxResults.inc({ result }, 0);
    const writeErrors = new Counter({
      name: 'samordna_store_write_errors_total',
      help: 'Writes the store could not make, by cause: disk_full, read_only, io_error, busy, unavailable, other.',
      labelNames: ['cause'],
      registers,
    });
    for (const cause of WRITE_FAILURE_CAUSES) writeErrors.inc({ cause }, 0);
    options.services.store.writes.onFailure((cause: WriteFailureCause) => writeErrors.inc({ cause }));

    const gauge = (name: string, help: string, read: (snapshot: Snapshot) => number | null) =>
      new Gauge({
        name,
        help,
        registers,
        collect: async function (this: Gauge) {
          const value = read(await snapshotOf());
          if (value === null) this.reset();
          else this.set(value);
        },
      });
    const perJob = (name: string, help: string, read: (status: JobStatus) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['job'],
        registers,
        collect: async function (this: Gauge<'job'>) {
          const { jobs } = await snapshotOf();
          this.reset();
          for (const job of JOBS) {
            const value = read(jobs[job]);
            if (value !== null) this.set({ job }, value);
          }
        },
      });
    const snapshotOf = () => this.current();

    gauge('samordna_outbox_pending', 'Outbox messages waiting to be sent.', (s) => s.outbox.pending);
    gauge('samordna_outbox_oldest_pending_seconds', 'How long the oldest waiting outbox message has waited (0 when none waits).', (s) => s.outbox.oldestPendingSeconds);
    gauge('samordna_outbox_dead_letters', 'Outbox messages given up (dead letters) that no operator has retried or discarded.', (s) => s.outbox.dead);
    perJob('samordna_scheduler_last_run_timestamp_seconds', 'When a run of the job last finished (done or skipped), in any process on this store.', (job) =>
      job.lastRunAt ? job.lastRunAt.getTime() / 1000 : null,
    );
    perJob('samordna_scheduler_lag_seconds', 'How long the oldest run of the job that is due but not finished has been due (0 when none waits).', (job) => job.lagSeconds);
    perJob('samordna_scheduler_failed_runs', 'Runs of the job due in the last 24 hours that were given up after their attempts.', (job) => job.failedRuns);
    gauge('samordna_scheduler_last_tick_timestamp_seconds', "When this server's scheduler last woke (every minute).", (s) => (s.lastTickAt ? s.lastTickAt.getTime() / 1000 : null));
    gauge('samordna_kvittens_overdue', 'Kvittenser still owed after their due time (12:00).', (s) => s.kvittensOverdue);
    gauge('samordna_escalations_unacknowledged', 'Escalated cases no manager has acknowledged yet.', (s) => s.escalationsUnacknowledged);
    new Gauge({
      name: 'samordna_store_bytes',
      help: 'Size of the store on disk: file="database" (the database; on MongoDB its storage and indexes) and file="wal" (the embedded store\'s write-ahead log).',
      labelNames: ['file'],
      registers,
      collect: async function (this: Gauge<'file'>) {
        const { footprint } = await snapshotOf();
        this.reset();
        this.set({ file: 'database' }, footprint.databaseBytes);
        if (footprint.walBytes !== null) this.set({ file: 'wal' }, footprint.walBytes);
      },
    });
    gauge('samordna_data_dir_free_bytes', "Free space on the file system of the store's files (where the store can tell).", (s) => s.footprint.freeBytes);
    gauge('samordna_store_writable', '1 while the store accepts writes, 0 while they fail.', (s) => (s.writable ? 1 : 0));
  }

  /** Called by the bot for every card action it answered. */
  observeInvoke(verb: string, seconds: number): void {
    this.invokeDuration.observe({ verb: this.options.isKnownVerb(verb) ? verb : 'other' }, seconds);
  }

  /** Called by the outbox worker for every attempt's outcome. */
  countOutboxResult(result: SendOutcome): void {
    this.outboxResults.inc({ result });
  }

  async text(): Promise<{ contentType: string; body: string }> {
    const scrape = this.read();
    this.scrape = scrape;
    try {
      await scrape;
      return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    } finally {
      if (this.scrape === scrape) this.scrape = null;
    }
  }

  private current(): Promise<Snapshot> {
    return this.scrape ?? this.read();
  }

  private async read(): Promise<Snapshot> {
    const { services, scheduler } = this.options;
    const { repos, store } = services;
    const now = services.clock.now();
    const outbox = await outboxHealth(repos.outbox, 1);
    const failing = await store.writes.check();
    return {
      outbox: {
        pending: outbox.pending,
        oldestPendingSeconds: outbox.oldestPendingAt ? Math.max(0, (now.getTime() - outbox.oldestPendingAt.getTime()) / 1000) : 0,
        dead: outbox.dead,
      },
      jobs: await schedulerStatus(scheduler, repos.occurrences, now),
      lastTickAt: scheduler.lastTickAt,
      // Open and past the due time: what isOverdue (acks/ackState.ts) says of each, counted by the store.
      kvittensOverdue: await repos.acks.count({ status: 'open', dueAt: { $lte: now } }),
      escalationsUnacknowledged: await countOpenEscalations(repos),
      footprint: await store.footprint(),
      writable: failing === null,
    };
  }
}
