import type { ConversationRecord, Notice, OutboxMessage } from '../domain/records';
import { DuplicateKeyError, type DocumentCollection } from '../store/documentStore';
import type { Clock } from '../time/clock';
import { newId } from '../ids';
import { outboxHealth, type OutboxHealth } from './health';

/**
 * Proactive messages are written here before anything is sent, so a crash between "case stored"
 * and "card posted" loses nothing: the worker sends whatever is still pending when it comes back.
 * Enqueueing does not send; `dispatch()` tells the worker the writes it depends on are done.
 * Messages to one conversation are sent in the order they were enqueued (see outboxWorker.ts).
 */
export class Outbox {
  private readonly enqueuedSinceDispatch = new Set<string>();
  private readonly enqueueListeners = new Set<(key: string) => void>();

  constructor(
    private readonly messages: DocumentCollection<OutboxMessage>,
    private readonly clock: Clock,
    private readonly onDispatch: (conversationKeys: readonly string[]) => void = () => {},
  ) {}

  /** Idempotent: a second call with the same key changes nothing (the unique index on `key`). */
  async post(key: string, conversationKey: string, notice: Notice): Promise<void> {
    await this.enqueue({ key, conversationKey, kind: 'post', targetKey: null, notice });
  }

  /** Replaces what the post `targetKey` created, once that post has been sent. */
  async update(key: string, targetKey: string, conversationKey: string, notice: Notice): Promise<void> {
    await this.enqueue({ key, conversationKey, kind: 'update', targetKey, notice });
  }

  /**
   * Tells `listener` the key of every message enqueued from now on (a repeated key included), until
   * the returned function is called: the job CLI follows the messages of its own run this way.
   */
  onEnqueue(listener: (key: string) => void): () => void {
    this.enqueueListeners.add(listener);
    return () => this.enqueueListeners.delete(listener);
  }

  dispatch(): void {
    const keys = [...this.enqueuedSinceDispatch];
    this.enqueuedSinceDispatch.clear();
    this.onDispatch(keys);
  }

  byKey(key: string): Promise<OutboxMessage | null> {
    return this.messages.findOne({ key });
  }

  /** For /healthz (see health.ts): cheap counts and the newest dead letters. */
  health(): Promise<OutboxHealth> {
    return outboxHealth(this.messages);
  }

  private async enqueue(message: Pick<OutboxMessage, 'key' | 'conversationKey' | 'kind' | 'targetKey' | 'notice'>): Promise<void> {
    this.enqueuedSinceDispatch.add(message.conversationKey);
    for (const listener of this.enqueueListeners) listener(message.key);
    const now = this.clock.now();
    try {
      await this.messages.insertOne({
        _id: newId(),
        ...message,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        leasedBy: null,
        sendingSince: null,
        lastError: null,
        sentActivityId: null,
        createdAt: now,
        seq: nextSeq(now),
        sentAt: null,
        deadAt: null,
      });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
}

let lastSeq = 0;

/**
 * A job that pings one chat twice, or a post followed by its update, can enqueue several messages
 * in the same millisecond; `createdAt` alone would leave their order (and so the order they are
 * sent in) to chance. Microseconds since the epoch, bumped past the previous value: increasing
 * within a process, and in step with `createdAt` across processes.
 */
function nextSeq(now: Date): number {
  lastSeq = Math.max(now.getTime() * 1000, lastSeq + 1);
  return lastSeq;
}

export type ConversationLookup = Pick<DocumentCollection<ConversationRecord>, 'findOne'>;
