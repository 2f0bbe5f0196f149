// Dead letters: the outbox messages the worker gave up on (status `dead`, see outboxWorker.ts), for
// an operator to look at, send again or set aside (`npm run outbox`, docs/operations.md).
//
// A retry is one conditional update, `{ _id, status: 'dead' }` → pending, atomic on both stores:
// of two operators retrying at the same time exactly one wins, and only the winner's retry is
// audited (the update and the audit entry are one transaction), so the message is queued once and
// the worker's leases then send it once. A post whose outcome is unknown may already be in the
// channel; it is sent again only when the operator says so (`force`), having looked there first.
//
// Nothing here reads a card or a case: what is listed and audited are ids, codes, times and the
// transport's reasons (status codes and Teams' error text).

import { operatorLabel, type AuditLog, type CliOperator } from '../audit/auditLog';
import type { ConversationRecord, Notice, OutboxMessage, OutboxStatus } from '../domain/records';
import type { DocumentCollection, DocumentStore, Filter, Update } from '../store/documentStore';
import type { Clock } from '../time/clock';

/** The longest discard reason kept: a note on what the operator saw, not a report. */
export const DISCARD_REASON_MAX = 500;

/** One dead letter as an operator sees it: no card, no case data, no names. */
export interface DeadLetter {
  /** What `retry` and `discard` take. */
  id: string;
  /** The idempotency key, as the worker's log lines name the message (ids and dates, never content). */
  key: string;
  kind: OutboxMessage['kind'];
  noticeType: Notice['type'];
  /** From the stored conversation record; null when the conversation is not known (any more). */
  conversationType: ConversationRecord['kind'] | null;
  attempts: number;
  createdAt: Date;
  /** Null in messages dead-lettered before attempt times were recorded: unknown, not guessed. */
  firstAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  /** Null in dead letters from before `deadAt` existed. */
  deadAt: Date | null;
  /** The transport's reason (`403: …`, `outcome unknown: …`, `too large for Teams: …`). */
  reason: string | null;
  /** Teams may have posted it: retried only with `force`, after a look in the channel. */
  outcomeUnknown: boolean;
  /** For an unknown outcome: when the request that may have posted it went out, if recorded. */
  inDoubtSince: Date | null;
  /** For an update: the post whose card it replaces, and where that post stands. */
  updatesPost: { id: string | null; status: OutboxStatus | 'missing' } | null;
  /** How often operators retried it before. */
  retries: number;
}

export type RetryOutcome =
  | { id: string; result: 'retried'; key: string; kind: OutboxMessage['kind']; noticeType: Notice['type']; conversationKey: string; forced: boolean }
  | { id: string; result: 'unknown' }
  /** Someone retried it first (perhaps at the same moment); `status` is where it stands now. */
  | { id: string; result: 'already-retried'; status: OutboxStatus; by: string | null; at: Date | null }
  | { id: string; result: 'discarded'; by: string | null; at: Date | null }
  | { id: string; result: 'not-dead'; status: OutboxStatus }
  /** Refused without `force`: it may already be in the channel. */
  | { id: string; result: 'outcome-unknown'; inDoubtSince: Date | null }
  /** An update whose post is still a dead letter: the post must be retried first. */
  | { id: string; result: 'post-dead'; postId: string }
  /** An update whose post will never be sent: nothing to update (discard it). */
  | { id: string; result: 'post-gone'; postStatus: 'dropped' | 'discarded' | 'missing' };

export type DiscardOutcome =
  | { id: string; result: 'discarded' }
  | { id: string; result: 'unknown' }
  | { id: string; result: 'already-discarded'; by: string | null; at: Date | null }
  | { id: string; result: 'not-dead'; status: OutboxStatus };

export type DeadLetterSelection = { id: string } | { all: true };

export interface DeadLettersDependencies {
  messages: DocumentCollection<OutboxMessage>;
  conversations: Pick<DocumentCollection<ConversationRecord>, 'find'>;
  audit: Pick<AuditLog, 'recordOutboxEvent'>;
  /** For the transaction that holds a retry or discard together with its audit entry. */
  store: Pick<DocumentStore, 'transaction'>;
  clock: Clock;
}

/**
 * A post that may already be in the conversation: the worker keeps `sendingSince` on such a dead
 * letter (when, and by whom, it may have been posted); the reason is checked too, for a record
 * whose mark older code cleared. Never an update: replacing a card's content again shows the same
 * card, so the worker retries those and they need no operator's look.
 */
export function outcomeIsUnknown(message: Pick<OutboxMessage, 'kind' | 'sendingSince' | 'lastError'>): boolean {
  return message.kind === 'post' && (message.sendingSince !== null || (message.lastError ?? '').startsWith('outcome unknown'));
}

export class DeadLetters {
  constructor(private readonly deps: DeadLettersDependencies) {}

  /** Every dead letter, the newest first. */
  async list(): Promise<DeadLetter[]> {
    const { messages, conversations } = this.deps;
    const dead = await messages.find({ status: 'dead' }, { sort: { deadAt: -1, createdAt: -1, seq: -1 } });
    if (dead.length === 0) return [];
    const conversationKeys = [...new Set(dead.map((message) => message.conversationKey))];
    const kinds = new Map((await conversations.find({ _id: { $in: conversationKeys } })).map((record) => [record._id, record.kind]));
    const targetKeys = [...new Set(dead.flatMap((message) => (message.kind === 'update' && message.targetKey ? [message.targetKey] : [])))];
    const targets = new Map(targetKeys.length === 0 ? [] : (await messages.find({ key: { $in: targetKeys } })).map((target) => [target.key, target]));
    return dead.map((message) => {
      const unknown = outcomeIsUnknown(message);
      const target = message.targetKey ? targets.get(message.targetKey) : undefined;
      return {
        id: message._id,
        key: message.key,
        kind: message.kind,
        noticeType: message.notice.type,
        conversationType: kinds.get(message.conversationKey) ?? null,
        attempts: message.attempts,
        createdAt: message.createdAt,
        firstAttemptAt: message.firstAttemptAt ?? null,
        lastAttemptAt: message.lastAttemptAt ?? null,
        deadAt: message.deadAt ?? null,
        reason: message.lastError,
        outcomeUnknown: unknown,
        inDoubtSince: unknown ? message.sendingSince : null,
        updatesPost: message.kind === 'update' ? (target ? { id: target._id, status: target.status } : { id: null, status: 'missing' }) : null,
        retries: message.retries ?? 0,
      };
    });
  }

  /**
   * Queues dead letters to be sent again. With `{ all: true }`, the posts go first, so an update
   * whose post is retried in the same call finds it pending (the worker then sends the post before
   * the update); posts with an unknown outcome are left out unless `force` (reported as such).
   */
  async retry(selection: DeadLetterSelection, operator: CliOperator, { force = false } = {}): Promise<RetryOutcome[]> {
    if ('id' in selection) {
      const message = await this.deps.messages.findOne({ _id: selection.id });
      return [message ? await this.retryOne(message, operator, force) : { id: selection.id, result: 'unknown' }];
    }
    const dead = await this.deps.messages.find({ status: 'dead' }, { sort: { createdAt: 1, seq: 1 } });
    const postsFirst = [...dead.filter((message) => message.kind === 'post'), ...dead.filter((message) => message.kind === 'update')];
    const outcomes: RetryOutcome[] = [];
    for (const message of postsFirst) outcomes.push(await this.retryOne(message, operator, force));
    return outcomes;
  }

  /** Sets a dead letter aside for good: it is never sent, and no longer counted as dead. */
  async discard(id: string, reason: string, operator: CliOperator): Promise<DiscardOutcome> {
    const note = reason.trim();
    if (note.length === 0 || note.length > DISCARD_REASON_MAX) throw new RangeError(`a discard reason must be 1 to ${DISCARD_REASON_MAX} characters`);
    const { messages, clock } = this.deps;
    const message = await messages.findOne({ _id: id });
    if (!message) return { id, result: 'unknown' };
    if (message.status !== 'dead') return discardRefusal(message);
    const done = await this.conditionally({ _id: id, status: 'dead' }, 'outbox.discard', operator, message, {
      $set: { status: 'discarded', discardedAt: clock.now(), discardReason: note, discardedBy: operatorLabel(operator) },
    });
    if (done) return { id, result: 'discarded' };
    const now = await messages.findOne({ _id: id });
    return now ? discardRefusal(now) : { id, result: 'unknown' };
  }

  private async retryOne(message: OutboxMessage, operator: CliOperator, force: boolean): Promise<RetryOutcome> {
    const { messages, clock } = this.deps;
    const id = message._id;
    if (message.status !== 'dead') return retryRefusal(message);
    const unknown = outcomeIsUnknown(message);
    if (unknown && !force) return { id, result: 'outcome-unknown', inDoubtSince: message.sendingSince };
    if (message.kind === 'update') {
      const blocked = await this.blockedUpdate(message);
      if (blocked) return blocked;
    }
    const now = clock.now();
    // Without `force`, only while its outcome is still known: the copy read above decided that.
    const guard: Filter = { _id: id, status: 'dead', ...(force ? {} : { sendingSince: null }) };
    const done = await this.conditionally(guard, 'outbox.retry', operator, message, {
      // As if newly queued, except for its place in its conversation (createdAt, seq), which it
      // keeps: it goes before what was queued there after it. `lastError` stays until an attempt
      // says otherwise; `firstAttemptAt` stays the first ever.
      $set: { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, leasedBy: null, sendingSince: null, deadAt: null, retriedAt: now, retriedBy: operatorLabel(operator) },
      $inc: { retries: 1 },
    });
    if (done) return { id, result: 'retried', key: message.key, kind: message.kind, noticeType: message.notice.type, conversationKey: message.conversationKey, forced: unknown };
    // Lost the race: say what the winner made of it.
    const current = await messages.findOne({ _id: id });
    if (!current) return { id, result: 'unknown' };
    if (current.status === 'dead') return { id, result: 'already-retried', status: current.status, by: current.retriedBy ?? null, at: current.retriedAt ?? null };
    return retryRefusal(current);
  }

  /** Why an update cannot go yet (or ever), judged by its post; null when it can. */
  private async blockedUpdate(update: OutboxMessage): Promise<RetryOutcome | null> {
    const post = update.targetKey ? await this.deps.messages.findOne({ key: update.targetKey }) : null;
    if (!post) return { id: update._id, result: 'post-gone', postStatus: 'missing' };
    switch (post.status) {
      case 'dead':
        return { id: update._id, result: 'post-dead', postId: post._id };
      case 'dropped':
      case 'discarded':
        return { id: update._id, result: 'post-gone', postStatus: post.status };
      case 'pending':
      case 'sent':
        return null;
    }
  }

  /**
   * The change and its audit entry together, or neither: a loser of a race leaves no entry. On a
   * MongoDB without transactions they are written one after the other, the change first, since
   * only its result tells a winner from a loser (a crash in between leaves the change unaudited).
   */
  private conditionally(
    guard: Filter,
    action: 'outbox.retry' | 'outbox.discard',
    operator: CliOperator,
    message: OutboxMessage,
    update: Update<OutboxMessage>,
  ): Promise<boolean> {
    return this.deps.store.transaction(async () => {
      if ((await this.deps.messages.updateOne(guard, update)) !== 1) return false;
      await this.deps.audit.recordOutboxEvent(action, operator, message);
      return true;
    });
  }
}

function retryRefusal(message: OutboxMessage): RetryOutcome {
  const id = message._id;
  if (message.status === 'discarded') return { id, result: 'discarded', by: message.discardedBy ?? null, at: message.discardedAt ?? null };
  if (message.retriedAt) return { id, result: 'already-retried', status: message.status, by: message.retriedBy ?? null, at: message.retriedAt };
  return { id, result: 'not-dead', status: message.status };
}

function discardRefusal(message: OutboxMessage): DiscardOutcome {
  if (message.status === 'discarded') return { id: message._id, result: 'already-discarded', by: message.discardedBy ?? null, at: message.discardedAt ?? null };
  return { id: message._id, result: 'not-dead', status: message.status };
}
