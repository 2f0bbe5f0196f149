import type { OutboxMessage } from '../domain/records';
import type { DocumentCollection } from '../store/documentStore';

export interface OutboxHealth {
  pending: number;
  dead: number;
  /** When the oldest message still waiting was enqueued: a growing age means sending is stuck. */
  oldestPendingAt: Date | null;
  /** Newest dead letters first, for an operator to check (e.g. whether a card was posted). */
  recentDead: { key: string; reason: string | null; at: Date | null }[];
}

/**
 * Cheap enough for every /healthz call: two counts on the status index and two finds of at most a
 * handful of documents (the `status_dead_at` index serves the dead-letter one on MongoDB).
 */
export async function outboxHealth(
  messages: Pick<DocumentCollection<OutboxMessage>, 'count' | 'find'>,
  recentDeadLimit = 5,
): Promise<OutboxHealth> {
  const [pending, dead, oldest, recentDead] = await Promise.all([
    messages.count({ status: 'pending' }),
    messages.count({ status: 'dead' }),
    messages.find({ status: 'pending' }, { sort: { createdAt: 1 }, limit: 1 }),
    messages.find({ status: 'dead' }, { sort: { deadAt: -1 }, limit: recentDeadLimit }),
  ]);
  return {
    pending,
    dead,
    oldestPendingAt: oldest[0]?.createdAt ?? null,
    // Dead letters written before `deadAt` existed have none (hence `?? null`).
    recentDead: recentDead.map((m) => ({ key: m.key, reason: m.lastError, at: m.deadAt ?? null })),
  };
}
