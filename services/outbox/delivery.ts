import type { OutboxMessage } from '../domain/records';
import type { DocumentCollection } from '../store/documentStore';

/** Where a set of outbox messages (say, one job run's) stands. */
export interface DeliveryReport {
  messages: number;
  sent: number;
  /** Nothing left to send when their turn came (e.g. the case was withdrawn). */
  dropped: number;
  dead: number;
  /** Dead letters an operator discarded (`npm run outbox -- discard`): never sent. */
  discarded: number;
  /** Still pending: the server's worker sends them. */
  queued: number;
  /** Transport reasons only (status codes, Teams' error text): never card content. */
  deadLetters: { key: string; reason: string | null }[];
}

export async function deliveryReport(messages: Pick<DocumentCollection<OutboxMessage>, 'find'>, keys: readonly string[]): Promise<DeliveryReport> {
  const found = keys.length === 0 ? [] : await messages.find({ key: { $in: [...keys] } });
  const count = (status: OutboxMessage['status']) => found.filter((message) => message.status === status).length;
  return {
    messages: found.length,
    sent: count('sent'),
    dropped: count('dropped'),
    dead: count('dead'),
    discarded: count('discarded'),
    queued: count('pending'),
    deadLetters: found.filter((message) => message.status === 'dead').map((message) => ({ key: message.key, reason: message.lastError })),
  };
}

export interface AwaitDeliveryOptions {
  messages: Pick<DocumentCollection<OutboxMessage>, 'find'>;
  keys: readonly string[];
  /** Sends what may go now; resolves when nothing more can go yet. */
  drain: () => Promise<void>;
  /** Real time, not the injected clock: it bounds how long an operator waits. */
  timeoutMs: number;
  pollMs: number;
}

/**
 * Sends until the messages of `keys` are no longer pending, or `timeoutMs` has passed (they then
 * stay queued for the server). Other messages in the outbox are not waited for.
 */
export async function awaitDelivery(options: AwaitDeliveryOptions): Promise<DeliveryReport> {
  const giveUpAt = Date.now() + options.timeoutMs;
  for (;;) {
    await options.drain();
    const report = await deliveryReport(options.messages, options.keys);
    if (report.queued === 0 || Date.now() >= giveUpAt) return report;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
