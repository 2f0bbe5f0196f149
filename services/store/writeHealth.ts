import { describeCause, type WriteFailureCause } from './writeFailures';

/**
 * Writes keep failing while the fault lasts, some may succeed in between (a small update finds
 * room on a nearly full disk where an insert does not): the store counts as writable again only
 * after a write succeeded with no failure for this long, so the log and /healthz do not flap.
 */
const QUIET_MS = 60_000;
/** While failing, /healthz tries a write itself at most this often, so health recovers without traffic. */
const PROBE_EVERY_MS = 10_000;

export interface WriteHealthLogger {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface FailingWrites {
  cause: WriteFailureCause;
  since: Date;
  lastAt: Date;
  failures: number;
}

export interface WriteHealthOptions {
  logger: WriteHealthLogger;
  /** Where the store lives, for the log (DATA_DIR, or "MongoDB"). */
  where: string;
  /** A small real write (and its removal); /healthz runs it while writes fail. */
  probe: () => Promise<void>;
  now?: () => number;
  quietMs?: number;
  probeEveryMs?: number;
}

/**
 * Whether the store's writes work, as its writes report it: one error in the log when they start
 * failing, naming the cause and what to do, and one line when they work again — not one per
 * request. Every failure is also told to the listeners (the metrics count them).
 */
export class WriteHealth {
  private failing: FailingWrites | null = null;
  private lastProbeAt = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<(cause: WriteFailureCause) => void>();
  private readonly now: () => number;
  private readonly quietMs: number;
  private readonly probeEveryMs: number;

  constructor(private readonly options: WriteHealthOptions) {
    this.now = options.now ?? Date.now;
    this.quietMs = options.quietMs ?? QUIET_MS;
    this.probeEveryMs = options.probeEveryMs ?? PROBE_EVERY_MS;
  }

  get state(): FailingWrites | null {
    return this.failing && { ...this.failing };
  }

  onFailure(listener: (cause: WriteFailureCause) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  failed(cause: WriteFailureCause, error: unknown): void {
    const at = new Date(this.now());
    for (const listener of this.listeners) listener(cause);
    if (this.failing) {
      this.failing.failures++;
      this.failing.lastAt = at;
      // A fault that changed its nature (the disk freed, then remounted read-only) is news.
      if (this.failing.cause === cause) return;
      this.failing.cause = cause;
    } else {
      this.failing = { cause, since: at, lastAt: at, failures: 1 };
    }
    const { problem, action } = describeCause(cause);
    this.options.logger.error(
      { cause, where: this.options.where, err: error },
      `store writes fail: ${problem} (${this.options.where}). Nothing is saved until this is fixed; users are told so and reads still work. What to do: ${action}.`,
    );
  }

  /** Called after every successful write: cheap while all is well. */
  succeeded(): void {
    const failing = this.failing;
    if (!failing || this.now() - failing.lastAt.getTime() < this.quietMs) return;
    this.failing = null;
    this.options.logger.info(
      { cause: failing.cause, failures: failing.failures, failingSeconds: Math.round((this.now() - failing.since.getTime()) / 1000) },
      'store writes work again',
    );
  }

  /** For /healthz: while failing, tries a write now and then, so the state heals without traffic. */
  async check(): Promise<FailingWrites | null> {
    if (this.failing && this.now() - this.lastProbeAt >= this.probeEveryMs) {
      this.lastProbeAt = this.now();
      // The probe's write reports to this object like any other (failed/succeeded).
      await this.options.probe().catch(() => undefined);
    }
    return this.state;
  }
}
