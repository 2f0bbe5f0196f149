import type { ConversationRecord, Notice, OutboxMessage } from '../domain/records';
import { DuplicateKeyError, type DocumentCollection } from '../store/documentStore';
import type { Clock } from '../time/clock';
import { newId } from '../ids';

/**
 * Proactive messages are written here before anything is sent, so a crash between "case stored"
 * and "card posted" loses nothing: the worker sends whatever is still pending when it comes back.
 * Enqueueing does not send; `dispatch()` tells the worker the writes it depends on are done.
 */
export class Outbox {
  constructor(
    private readonly messages: DocumentCollection<OutboxMessage>,
    private readonly clock: Clock,
    private readonly onDispatch: () => void = () => {},
  ) {}

  /** Idempotent: a second call with the same key changes nothing. */
  async post(key: string, conversationKey: string, notice: Notice): Promise<void> {
    await this.enqueue({ key, conversationKey, kind: 'post', targetKey: null, notice });
  }

  /** Replaces what the post `targetKey` created, once that post has been sent. */
  async update(key: string, targetKey: string, conversationKey: string, notice: Notice): Promise<void> {
    await this.enqueue({ key, conversationKey, kind: 'update', targetKey, notice });
  }

  dispatch(): void {
    this.onDispatch();
  }

  byKey(key: string): Promise<OutboxMessage | null> {
    return this.messages.findOne({ key });
  }

  private async enqueue(message: Pick<OutboxMessage, 'key' | 'conversationKey' | 'kind' | 'targetKey' | 'notice'>): Promise<void> {
    const now = this.clock.now();
    try {
      await this.messages.insertOne({
        _id: newId(),
        ...message,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: null,
        lastError: null,
        sentActivityId: null,
        createdAt: now,
        sentAt: null,
      });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
}

export type ConversationLookup = Pick<DocumentCollection<ConversationRecord>, 'findOne'>;
