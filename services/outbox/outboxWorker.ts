// Sends what the outbox holds, in the spirit of Company Communicator: preparing a send (claim,
// render, checks) and sending it are separate stages, and a message carries a flag (`sendingSince`)
// set in the store before the request goes out, so nothing is ever posted twice.
//
// The life of a message:
//   pending ── claim (lease) ── render, checks ── sendingSince set ── rate slot ── Teams ──┬─ sent
//      ▲            │                   │                               │                  ├─ pending again (definitive error: not posted; backoff)
//      │            │                   └─ nextAttemptAt = when allowed ┘                  └─ dead (permanent error, attempts used up, outcome unknown)
//      │            └─ dropped / dead (permanent)        (a conversation's own limit, or a global wait too long to hold in memory)
//      └── lease runs out while preparing: taken over by any worker
// Found with `sendingSince` and an expired lease: its sender died mid-send (or while it waited for
// its rate slot, at most `rateWaitMs`). Teams may have posted it, so a post goes to the dead letters
// ("outcome unknown …") for an operator to check, never out again.
// A dead letter stays until an operator retries it (pending again, attempts reset; one with an
// unknown outcome only when told to) or discards it (`discarded`, never sent): deadLetters.ts.
//
// Order: per conversation, messages go out in the order they were enqueued (createdAt, seq); a
// message waiting for a retry holds up the later ones of its conversation, and only those.

import type { OutboxMessage } from '../domain/records';
import { newId } from '../ids';
import type { Logger } from '../logger';
import type { DocumentCollection, Filter } from '../store/documentStore';
import { isStoreWriteError } from '../store/writeFailures';
import type { Clock } from '../time/clock';
import { outboxHealth, type OutboxHealth } from './health';
import { MESSAGE_BUDGET_BYTES, outgoingBytes } from './messageBudget';
import type { ConversationLookup } from './outbox';
import { RateGate, type Sleep } from './rateGate';
import { RateLimiter } from './rateLimiter';
import { classifyFailure, DEFAULT_BACKOFF, retryDelayMs } from './retryPolicy';
import { TransportError, type Activity, type OutboxTransport } from './transport';

export interface OutboxWorkerOptions {
  messages: DocumentCollection<OutboxMessage>;
  conversations: ConversationLookup;
  transport: OutboxTransport;
  clock: Clock;
  logger: Logger;
  /** Longest sleep between runs; the worker wakes sooner when a message falls due earlier. */
  pollIntervalMs?: number;
  /** Attempts before a message goes to the dead letters (default 8). */
  maxAttempts?: number;
  /** How long a claimed message is held by its worker; must exceed `sendTimeoutMs`. */
  leaseMs?: number;
  /** Longest wait for Teams to answer one request; afterwards the outcome counts as unknown. */
  sendTimeoutMs?: number;
  /** Delay after the first failure, doubling after each further one. */
  retryBaseMs?: number;
  random?: () => number;
  /** Share one limiter between workers of the same process: Teams counts per bot, not per worker. */
  limiter?: RateLimiter;
  /** Conversations served at the same time, so one slow or throttled chat does not hold up others. */
  concurrency?: number;
  /** Most pending messages looked at per run (oldest first). */
  scanLimit?: number;
  /**
   * How long a message ready to go may wait in memory for a slot under the global limit before it
   * is postponed in the store instead (0: always postpone). Waits for a conversation's own windows
   * are always kept in the store: they can last up to an hour.
   */
  rateWaitMs?: number;
  /** Added to every Teams window (see RateLimiterOptions.marginMs); ignored when `limiter` is given. */
  rateMarginMs?: number;
  /** For tests: how the worker waits for a rate slot. */
  sleep?: Sleep;
  /** Largest activity sent, in bytes as UTF-16 (default 80 KB, messageBudget.ts). */
  messageBudgetBytes?: number;
  /**
   * Only pending messages matching this are sent (default: all). The job CLI sends the
   * conversations of its own run, so it neither waits for nor sends other messages; within those
   * conversations it keeps their order, earlier messages first.
   */
  scope?: Filter;
  /** Told the outcome of every attempt (the metrics count them). */
  onOutcome?: (outcome: SendOutcome) => void;
}

/** What became of one attempt: sent; failed and to be tried again; given up (dead); nothing to send (dropped). */
export type SendOutcome = 'sent' | 'retry' | 'dead' | 'dropped';

/** The dead-letter reason for a post whose sender died between asking Teams and hearing back. */
export const CRASH_REASON = 'outcome unknown after a crash during sending';

/** How the dead-letter reason of a message too large for Teams begins. */
export const TOO_LARGE_REASON = 'too large for Teams';

/**
 * A global slot frees every 20 ms at 50 requests a second; waiting up to a window and a half in
 * memory covers a full window plus the senders queued ahead.
 */
const DEFAULT_RATE_WAIT_MS = 1_500;

/** `done`: the message no longer holds up its conversation. Otherwise the conversation waits, until `until` (null: the next poll). */
type Step = { done: true } | { done: false; until: Date | null };

interface Prepared {
  reference: Record<string, unknown>;
  activity: Activity;
  /** For updates: the activity the post created. */
  targetActivityId: string | null;
}

/** `through`: every message of the lane is done; otherwise the lane stopped, until `until` (null: the next pass). */
interface LaneResult {
  progressed: boolean;
  until: Date | null;
  through: boolean;
}

/** How often the worker looks again while the store cannot write. */
const STORE_FAILING_POLL_MS = 10_000;

const WAIT: Step = { done: false, until: null };
const DONE: Step = { done: true };

export class OutboxWorker {
  /** Tells this worker's leases apart from those of other workers and processes. */
  readonly id = newId();
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private readonly retryBaseMs: number;
  private readonly random: () => number;
  private readonly limiter: RateLimiter;
  private readonly gate: RateGate;
  private readonly rateWaitMs: number;
  private readonly concurrency: number;
  private readonly scanLimit: number;
  private readonly messageBudgetBytes: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private exclusive: Promise<void> = Promise.resolve();
  /** Conversations whose first pending message cannot go before this instant, from the last pass. */
  private readonly waitingUntil = new Map<string, number>();
  private started = false;
  private stopping = false;
  private nextDueAt: Date | null = null;
  private warnedFull = false;
  /** The last pass met a store that cannot write (a full disk): the next waits longer. */
  private storeFailing = false;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.sendTimeoutMs = options.sendTimeoutMs ?? Math.floor(this.leaseMs * 0.8);
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_BACKOFF.baseMs;
    this.random = options.random ?? Math.random;
    this.limiter = options.limiter ?? new RateLimiter({ marginMs: options.rateMarginMs ?? 0 });
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.scanLimit = Math.max(1, options.scanLimit ?? 500);
    this.messageBudgetBytes = options.messageBudgetBytes ?? MESSAGE_BUDGET_BYTES;
    // A sender still waiting for Teams when its lease runs out would see its message declared
    // "outcome unknown" by another worker; the timeout makes it give up first.
    if (this.sendTimeoutMs >= this.leaseMs) throw new Error('outbox sendTimeoutMs must be shorter than leaseMs');
    // The wait for a slot happens under the same lease, before the request.
    this.rateWaitMs = Math.max(0, options.rateWaitMs ?? Math.min(DEFAULT_RATE_WAIT_MS, (this.leaseMs - this.sendTimeoutMs) / 2));
    if (this.sendTimeoutMs + this.rateWaitMs >= this.leaseMs) throw new Error('outbox sendTimeoutMs plus rateWaitMs must be shorter than leaseMs');
    this.gate = new RateGate(this.limiter, options.clock, this.rateWaitMs, options.sleep);
  }

  start(): void {
    this.started = true;
    this.stopping = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * Called after an enqueue: send now rather than at the next poll. Told which conversations
   * got messages, it skips the scan when all of them are waiting anyway (a rate limit or a retry
   * of an earlier message) — a burst into one channel then costs no scan per message.
   */
  wake(conversationKeys: readonly string[] = []): void {
    if (!this.started) return;
    const now = this.options.clock.now().getTime();
    if (conversationKeys.length > 0 && conversationKeys.every((key) => (this.waitingUntil.get(key) ?? 0) > now)) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logFailure(error, 'outbox run failed', {}))
      .finally(() => {
        this.running = null;
        if (!this.started) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.schedulePoll();
        }
      });
  }

  /** For /healthz: counts and the newest dead letters, from the store (so it covers every worker). */
  health(): Promise<OutboxHealth> {
    return outboxHealth(this.options.messages);
  }

  private schedulePoll(): void {
    if (this.timer) clearTimeout(this.timer);
    const untilDue = this.nextDueAt ? this.nextDueAt.getTime() - this.options.clock.now().getTime() : this.pollIntervalMs;
    // While the store cannot write, every attempt would fail on its first write: try again now and then.
    const delay = this.storeFailing ? STORE_FAILING_POLL_MS : Math.min(this.pollIntervalMs, Math.max(10, untilDue));
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  /**
   * Sends every message due now, as far as Teams' limits allow; resolves when none is left.
   * Drains of one worker run one after another: a drain must never meet a send of its own
   * worker in flight and take it for one interrupted by a crash.
   */
  drain(): Promise<void> {
    const run = this.exclusive.then(() => this.drainPasses());
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  private async drainPasses(): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const { progressed, nextDueAt } = await this.pass();
      this.nextDueAt = nextDueAt;
      // Another pass only finds work when this one finished messages (new heads, a full scan).
      if (!progressed) return;
    }
  }

  /**
   * One pass over what is pending, `concurrency` conversations at a time. The oldest pending
   * messages are read in batches of `scanLimit`, and the next batch is read while the last lanes
   * of this one are still being sent, so a long fan-out is never paused at a batch boundary. A
   * conversation is taken up again within the pass once its wait (a retry) is over.
   */
  private async pass(): Promise<{ progressed: boolean; nextDueAt: Date | null }> {
    /** Per conversation taken up in this pass: how its lane ended. */
    const outcome = new Map<string, LaneResult>();
    /** Conversations with a lane queued or being sent. */
    const busy = new Set<string>();
    const queue: OutboxMessage[][] = [];
    let progressed = false;
    let foundMore = true;
    let scanning: Promise<void> | null = null;

    const scan = async (): Promise<void> => {
      const pending = await this.options.messages.find({ ...this.options.scope, status: 'pending' }, { sort: { createdAt: 1, seq: 1 }, limit: this.scanLimit });
      this.noteBacklog(pending.length);
      const now = this.options.clock.now().getTime();
      const lanes = new Map<string, OutboxMessage[]>();
      for (const message of pending) {
        const key = message.conversationKey;
        const lane = lanes.get(key);
        if (lane) {
          lane.push(message);
          continue;
        }
        // A conversation goes again once it got through, or once its wait is over; one that
        // stopped for another reason (another sender has it) waits for the next pass.
        const ended = outcome.get(key);
        if (busy.has(key) || (ended && !ended.through && (ended.until === null || ended.until.getTime() > now))) continue;
        lanes.set(key, [message]);
      }
      for (const [key, lane] of lanes) {
        busy.add(key);
        queue.push(lane);
      }
      foundMore = lanes.size > 0;
    };
    const refill = (): Promise<void> => (scanning ??= scan().finally(() => (scanning = null)));

    const sender = async (): Promise<void> => {
      while (!this.stopping && !this.storeFailing) {
        // Read ahead while the last lanes are sent, so the senders never wait for a scan.
        if (queue.length <= this.concurrency && foundMore) void refill();
        const lane = queue.shift();
        if (!lane) {
          if (scanning) await scanning;
          else if (!foundMore) return;
          continue;
        }
        const key = lane[0]!.conversationKey;
        const result = await this.runLane(lane);
        busy.delete(key);
        outcome.set(key, result);
        progressed ||= result.progressed;
      }
    };

    this.storeFailing = false;
    await refill();
    await Promise.all(Array.from({ length: this.concurrency }, sender));

    let nextDueAt: Date | null = null;
    this.waitingUntil.clear();
    for (const [key, { until }] of outcome) {
      if (!until) continue;
      this.waitingUntil.set(key, until.getTime());
      if (!nextDueAt || until.getTime() < nextDueAt.getTime()) nextDueAt = until;
    }
    return { progressed, nextDueAt };
  }

  /** One conversation's pending messages, oldest first: each waits for the one before it. */
  private async runLane(lane: OutboxMessage[]): Promise<LaneResult> {
    let progressed = false;
    try {
      for (const message of lane) {
        if (this.stopping) break;
        const step = await this.step(message);
        if (!step.done) return { progressed, until: step.until, through: false };
        progressed = true;
      }
    } catch (error) {
      // A store error for one conversation should not stop the others — unless the store cannot
      // write at all, when the others would only fail the same way.
      if (isStoreWriteError(error)) this.storeFailing = true;
      this.logFailure(error, 'outbox run failed for a conversation', { conversationKey: lane[0]?.conversationKey });
      return { progressed, until: null, through: false };
    }
    return { progressed, until: null, through: !this.stopping };
  }

  private async step(message: OutboxMessage): Promise<Step> {
    const now = this.options.clock.now();
    if (message.sendingSince) return this.inFlight(message, now);
    if (message.leaseUntil && message.leaseUntil.getTime() > now.getTime()) return { done: false, until: message.leaseUntil };
    if (message.nextAttemptAt.getTime() > now.getTime()) return { done: false, until: message.nextAttemptAt };

    const free: Filter = {
      _id: message._id,
      status: 'pending',
      sendingSince: null,
      // The copy read at the start of the pass may be stale: act only if nobody changed it since.
      attempts: message.attempts,
      nextAttemptAt: { $lte: now },
      leaseUntil: message.leaseUntil === null ? null : { $lt: now },
    };
    // Waiting for a rate limit is not a failed attempt: the message is only moved to when it may go.
    const heldBack = this.rateHoldsBack(message.conversationKey, now);
    if (heldBack) return this.postpone(message, free, heldBack, 'rate limit');

    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    const claimed = await this.options.messages.updateOne(free, { $set: { leaseUntil, leasedBy: this.id } });
    if (claimed !== 1) return WAIT;
    const held: Filter = { _id: message._id, leasedBy: this.id, leaseUntil };

    let prepared: Prepared | Step;
    try {
      prepared = await this.prepare(message, held);
    } catch (error) {
      return this.recordFailure(message, held, error);
    }
    return 'activity' in prepared ? this.send(message, held, prepared) : prepared;
  }

  /** Everything short of asking Teams; a crash in here is harmless (the lease runs out, another try follows). */
  private async prepare(message: OutboxMessage, held: Filter): Promise<Prepared | Step> {
    const { messages, conversations, transport } = this.options;
    const conversation = await conversations.findOne({ _id: message.conversationKey });
    if (!conversation) return this.deadLetter(message, held, message.attempts + 1, 'conversation is not known');
    const rendered = await transport.render(message.notice);
    if (!rendered) return this.drop(message, held, 'nothing left to send');
    const activity = await this.withinBudget(message, rendered, conversation.reference);
    if (!activity) {
      return this.deadLetter(message, held, message.attempts + 1, `${TOO_LARGE_REASON}: over ${this.messageBudgetBytes} bytes as UTF-16 even in its compact form`);
    }
    if (message.kind === 'post') return { reference: conversation.reference, activity, targetActivityId: null };

    const target = message.targetKey ? await messages.findOne({ key: message.targetKey }) : null;
    if (!target) return this.deadLetter(message, held, message.attempts + 1, 'the post to update does not exist');
    switch (target.status) {
      case 'dead':
        return this.deadLetter(message, held, message.attempts + 1, 'the post to update was never sent');
      case 'dropped':
        return this.drop(message, held, 'the post to update was dropped');
      case 'discarded':
        // An operator decided the post is not to be sent: there is no card to update.
        return this.drop(message, held, 'the post to update was discarded');
      case 'pending': {
        // Same conversation: the FIFO order already keeps the update behind its post. Another one:
        // look again later, without counting an attempt.
        const at = new Date(this.options.clock.now().getTime() + this.pollIntervalMs);
        return this.postpone(message, held, at, 'waiting for the post to update');
      }
      case 'sent':
        if (!target.sentActivityId) return this.deadLetter(message, held, message.attempts + 1, 'Teams gave the post to update no activity id');
        return { reference: conversation.reference, activity, targetActivityId: target.sentActivityId };
    }
  }

  /**
   * The activity to send within the message budget: the full one if it fits, else the compact form
   * (an update replaces one card, so it cannot be split; a post is one message the outbox sends
   * exactly once, so it is not split either). Null when not even that fits: it is never sent blind.
   * The warning names the message and its notice type, never its content.
   */
  private async withinBudget(message: OutboxMessage, full: Activity, reference: Record<string, unknown>): Promise<Activity | null> {
    const bytes = outgoingBytes(full, reference);
    if (bytes <= this.messageBudgetBytes) return full;
    const compact = await this.options.transport.render(message.notice, { compact: true });
    const compactBytes = compact ? outgoingBytes(compact, reference) : null;
    const fits = compact !== null && compactBytes !== null && compactBytes <= this.messageBudgetBytes;
    const details = { key: message.key, notice: message.notice.type, kind: message.kind, bytes, compactBytes, budget: this.messageBudgetBytes };
    if (fits) this.options.logger.warn(details, 'outbox message over the size budget: sending its compact form');
    else this.options.logger.error(details, 'outbox message over the size budget even in its compact form: not sent');
    return fits ? compact : null;
  }

  /** When a rate limit keeps the conversation's next message in the store until then; null when it may go (now, or after a short wait in memory). */
  private rateHoldsBack(conversationKey: string, now: Date): Date | null {
    const conversationAt = this.limiter.conversationAllowedAt(conversationKey, now);
    if (conversationAt.getTime() > now.getTime()) return conversationAt;
    const allowedAt = this.limiter.nextAllowedAt(conversationKey, now);
    return allowedAt.getTime() - now.getTime() > this.rateWaitMs ? allowedAt : null;
  }

  private async send(message: OutboxMessage, held: Filter, prepared: Prepared): Promise<Step> {
    const { messages, clock, logger } = this.options;
    const heldBack = this.rateHoldsBack(message.conversationKey, clock.now());
    if (heldBack) return this.postpone(message, held, heldBack, 'rate limit');

    // Written before the request: if this process dies before the outcome is stored, whoever finds
    // the message next knows Teams may already have it. Written before the wait for a slot too, so
    // that nothing stands between the slot and the request (Teams counts the request on arrival).
    const sendingSince = clock.now();
    const marked = await messages.updateOne(held, { $set: { sendingSince, leaseUntil: new Date(sendingSince.getTime() + this.leaseMs) } });
    if (marked !== 1) return WAIT;
    const inFlight: Filter = { _id: message._id, leasedBy: this.id, sendingSince };
    const slot = await this.gate.acquire(message.conversationKey);
    if (!slot.ok) {
      // Never asked Teams: the mark comes off, and the message waits in the store for its slot.
      await messages.updateOne(inFlight, { $set: { sendingSince: null, nextAttemptAt: slot.retryAt, leaseUntil: null, leasedBy: null } });
      return { done: false, until: slot.retryAt };
    }

    let activityId: string;
    try {
      activityId = await withDeadline(this.request(prepared), this.sendTimeoutMs);
    } catch (error) {
      return this.recordFailure(message, inFlight, error);
    }
    try {
      // Matches even if another worker meanwhile declared the outcome unknown: this is the truth.
      const recorded = await messages.updateOne(inFlight, {
        $set: { status: 'sent', sentActivityId: activityId, sentAt: clock.now(), sendingSince: null, leaseUntil: null, leasedBy: null, ...attemptTimes(message, sendingSince) },
      });
      if (recorded !== 1) logger.warn({ key: message.key }, 'outbox message sent, but its record had changed meanwhile');
      this.options.onOutcome?.('sent');
    } catch (error) {
      logger.error({ err: error, key: message.key }, 'outbox message sent, but storing that failed; it will become a dead letter with an unknown outcome');
      return WAIT;
    }
    logger.debug({ key: message.key }, 'outbox message sent');
    return DONE;
  }

  private async request({ reference, activity, targetActivityId }: Prepared): Promise<string> {
    if (targetActivityId === null) return (await this.options.transport.post(reference, activity)).activityId;
    await this.options.transport.update(reference, targetActivityId, activity);
    return targetActivityId;
  }

  /** A message left with `sendingSince` set: either its sender is still at it, or it died mid-send. */
  private async inFlight(message: OutboxMessage, now: Date): Promise<Step> {
    if (message.leaseUntil && message.leaseUntil.getTime() > now.getTime()) return { done: false, until: message.leaseUntil };
    const orphan: Filter = {
      _id: message._id,
      status: 'pending',
      sendingSince: message.sendingSince,
      leaseUntil: message.leaseUntil === null ? null : { $lt: now },
    };
    // Replacing a card's content twice shows the same card: an update is safe to repeat.
    if (message.kind === 'update') return this.recordFailure(message, orphan, new Error(CRASH_REASON));
    return this.deadLetter(message, orphan, message.attempts + 1, CRASH_REASON, { outcomeUnknown: true });
  }

  private async recordFailure(message: OutboxMessage, guard: Filter, error: unknown): Promise<Step> {
    const { messages, clock, logger } = this.options;
    const failure = classifyFailure(error);
    const attempts = message.attempts + 1;
    // A post that may have reached Teams is not sent again (a second card would appear); an
    // update may: it only replaces the card's content again.
    if (failure.outcomeUnknown && message.kind === 'post') {
      return this.deadLetter(message, guard, attempts, `outcome unknown: ${failure.reason}`, { outcomeUnknown: true });
    }
    if (!failure.retryable) return this.deadLetter(message, guard, attempts, failure.reason);
    if (attempts >= this.maxAttempts) return this.deadLetter(message, guard, attempts, `gave up after ${attempts} attempts: ${failure.reason}`);

    const delayMs = retryDelayMs(attempts, failure.retryAfterMs, { baseMs: this.retryBaseMs, capMs: DEFAULT_BACKOFF.capMs, random: this.random });
    const nextAttemptAt = new Date(clock.now().getTime() + delayMs);
    const updated = await messages.updateOne(guard, {
      $set: { attempts, lastError: failure.reason, nextAttemptAt, leaseUntil: null, leasedBy: null, sendingSince: null, ...attemptTimes(message, clock.now()) },
    });
    if (updated !== 1) return WAIT;
    this.options.onOutcome?.('retry');
    logger.warn({ key: message.key, attempts, delayMs, reason: failure.reason }, 'outbox send failed; will retry');
    return { done: false, until: nextAttemptAt };
  }

  private async deadLetter(
    message: OutboxMessage,
    guard: Filter,
    attempts: number,
    reason: string,
    { outcomeUnknown = false } = {},
  ): Promise<Step> {
    const { messages, clock, logger } = this.options;
    // For an unknown outcome `sendingSince` and `leasedBy` stay: when, and by whom, it may have been posted.
    const inFlight = outcomeUnknown ? {} : { sendingSince: null, leasedBy: null };
    // A post found mid-send after a crash (the only copy read with `sendingSince`) was last tried when that send began.
    const tried = attemptTimes(message, message.sendingSince ?? clock.now());
    const updated = await messages.updateOne(guard, {
      $set: { status: 'dead', attempts, lastError: reason, deadAt: clock.now(), leaseUntil: null, ...inFlight, ...tried },
    });
    if (updated !== 1) return WAIT;
    this.options.onOutcome?.('dead');
    logger.error({ key: message.key, conversationKey: message.conversationKey, attempts, reason }, 'outbox message given up (dead letter)');
    return DONE;
  }

  private async drop(message: OutboxMessage, guard: Filter, reason: string): Promise<Step> {
    const updated = await this.options.messages.updateOne(guard, { $set: { status: 'dropped', lastError: reason, leaseUntil: null, leasedBy: null } });
    if (updated !== 1) return WAIT;
    this.options.onOutcome?.('dropped');
    this.options.logger.info({ key: message.key, reason }, 'outbox message dropped');
    return DONE;
  }

  /** Not now, and not a failure: try again at `at`. */
  private async postpone(message: OutboxMessage, guard: Filter, at: Date, reason: string): Promise<Step> {
    await this.options.messages.updateOne(guard, { $set: { nextAttemptAt: at, leaseUntil: null, leasedBy: null } });
    this.options.logger.debug({ key: message.key, at, reason }, 'outbox message postponed');
    return { done: false, until: at };
  }

  /** A store that cannot write has logged that once itself; every lane and poll need not repeat it. */
  private logFailure(error: unknown, msg: string, details: object): void {
    if (isStoreWriteError(error)) this.options.logger.debug({ ...details, cause: error.failure }, msg);
    else this.options.logger.error({ ...details, err: error }, msg);
  }

  private noteBacklog(scanned: number): void {
    const full = scanned >= this.scanLimit;
    if (full && !this.warnedFull) {
      this.options.logger.warn({ scanLimit: this.scanLimit }, 'outbox backlog exceeds one scan; newer conversations wait for older ones');
    }
    this.warnedFull = full;
  }
}

/**
 * When the message was first and last tried, for the dead-letter list (deadLetters.ts): written with
 * each attempt's outcome, never in a write of its own. The copy a worker acts on is current while it
 * holds the lease, so a first attempt time, once stored, is carried over unchanged.
 */
function attemptTimes(message: OutboxMessage, at: Date): Pick<OutboxMessage, 'firstAttemptAt' | 'lastAttemptAt'> {
  return { firstAttemptAt: message.firstAttemptAt ?? at, lastAttemptAt: at };
}

/**
 * Teams normally answers in well under a second; a request hanging past the lease would let
 * another worker declare its outcome unknown while it might still succeed, and would stall this
 * conversation. Real time, not the injected clock: it bounds waiting on I/O.
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransportError(`no answer from Teams within ${ms} ms`, true, null, { outcomeUnknown: true })), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
