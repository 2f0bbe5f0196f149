import type { OutboxMessage } from '../domain/records';
import type { Logger } from '../logger';
import type { DocumentCollection } from '../store/documentStore';
import type { Clock } from '../time/clock';
import type { ConversationLookup } from './outbox';
import { TransportError, type OutboxTransport } from './transport';

export interface OutboxWorkerOptions {
  messages: DocumentCollection<OutboxMessage>;
  conversations: ConversationLookup;
  transport: OutboxTransport;
  clock: Clock;
  logger: Logger;
  pollIntervalMs?: number;
  maxAttempts?: number;
  leaseMs?: number;
  random?: () => number;
}

const BATCH = 25;

/** Sends what the outbox holds, one message at a time, retrying with backoff. */
export class OutboxWorker {
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopping = false;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.random = options.random ?? Math.random;
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

  /** Called after an enqueue: send now rather than at the next poll. */
  wake(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'outbox run failed'))
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

  private schedulePoll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
  }

  /** Sends every message due now; resolves when none is left. */
  async drain(): Promise<void> {
    for (;;) {
      const now = this.options.clock.now();
      const due = await this.options.messages.find(
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { sort: { createdAt: 1 }, limit: BATCH },
      );
      let progressed = false;
      for (const message of due) {
        if (this.stopping) return;
        if (await this.deliver(message)) progressed = true;
      }
      if (due.length < BATCH || !progressed) return;
    }
  }

  private async claim(message: OutboxMessage, now: Date): Promise<boolean> {
    const free = message.leaseUntil === null ? { leaseUntil: null } : { leaseUntil: { $lt: now } };
    const claimed = await this.options.messages.updateOne(
      { _id: message._id, status: 'pending', ...free },
      { $set: { leaseUntil: new Date(now.getTime() + this.leaseMs) } },
    );
    return claimed === 1;
  }

  private async deliver(message: OutboxMessage): Promise<boolean> {
    const { messages, conversations, transport, clock, logger } = this.options;
    const now = clock.now();
    if (message.leaseUntil && message.leaseUntil.getTime() > now.getTime()) return false;
    if (!(await this.claim(message, now))) return false;

    const conversation = await conversations.findOne({ _id: message.conversationKey });
    if (!conversation) return this.fail(message, new TransportError('conversation is not known', false));
    try {
      const activity = await transport.render(message.notice);
      if (!activity) {
        await messages.updateOne({ _id: message._id }, { $set: { status: 'dropped', leaseUntil: null } });
        logger.info({ key: message.key }, 'outbox message dropped: nothing left to send');
        return true;
      }
      if (message.kind === 'post') {
        const { activityId } = await transport.post(conversation.reference, activity);
        await messages.updateOne({ _id: message._id }, { $set: { status: 'sent', sentActivityId: activityId, sentAt: clock.now(), leaseUntil: null } });
      } else {
        const target = message.targetKey ? await messages.findOne({ key: message.targetKey }) : null;
        if (!target || target.status === 'dead') return this.fail(message, new TransportError('the post to update was never sent', false));
        if (target.status !== 'sent' || !target.sentActivityId) {
          // The post is still on its way; updates wait for it rather than racing it.
          await messages.updateOne({ _id: message._id }, { $set: { leaseUntil: null, nextAttemptAt: new Date(now.getTime() + this.pollIntervalMs) } });
          return false;
        }
        await transport.update(conversation.reference, target.sentActivityId, activity);
        await messages.updateOne({ _id: message._id }, { $set: { status: 'sent', sentActivityId: target.sentActivityId, sentAt: clock.now(), leaseUntil: null } });
      }
      logger.debug({ key: message.key }, 'outbox message sent');
      return true;
    } catch (error) {
      return this.fail(message, error);
    }
  }

  private async fail(message: OutboxMessage, error: unknown): Promise<boolean> {
    const { messages, clock, logger } = this.options;
    const attempts = message.attempts + 1;
    const retryable = error instanceof TransportError ? error.retryable : true;
    const reason = error instanceof Error ? error.message : String(error);
    if (!retryable || attempts >= this.maxAttempts) {
      await messages.updateOne({ _id: message._id }, { $set: { status: 'dead', attempts, lastError: reason, leaseUntil: null } });
      logger.error({ key: message.key, attempts, reason }, 'outbox message given up (dead letter)');
      return true;
    }
    const retryAfter = error instanceof TransportError ? error.retryAfterMs : null;
    const delay = Math.max(retryAfter ?? 0, this.backoff(attempts));
    await messages.updateOne(
      { _id: message._id },
      { $set: { attempts, lastError: reason, leaseUntil: null, nextAttemptAt: new Date(clock.now().getTime() + delay) } },
    );
    logger.warn({ key: message.key, attempts, delayMs: delay, reason }, 'outbox send failed; will retry');
    return true;
  }

  /** Exponential with full jitter, capped at five minutes. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(300_000, 1000 * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
