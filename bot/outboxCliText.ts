// What `npm run outbox` prints (bot/outboxCli.ts): plain English for the operator, like the logs.
// Only what the dead-letter list holds — ids, codes, times, transport reasons — ever reaches it.
import type { ConversationRecord, OutboxStatus } from '../services/domain/records';
import type { DeadLetter, DiscardOutcome, RetryOutcome } from '../services/outbox/deadLetters';
import { toLocal } from '../services/time/stockholm';

export const USAGE = [
  'usage: npm run outbox -- list [--format text|json]',
  '       npm run outbox -- retry <id> | --all [--force]',
  '       npm run outbox -- discard <id> --reason "<why, at most 500 characters>"',
].join('\n');

/** `2026-11-22 10:15:03`, Swedish wall time (what the operator's clock and the channel show). */
function swedishTime(instant: Date | null): string {
  if (!instant) return 'unknown';
  const local = toLocal(instant);
  return `${local.date} ${local.time}:${String(local.seconds).padStart(2, '0')}`;
}

const CONVERSATION_TYPES: Record<ConversationRecord['kind'], string> = { channel: 'channel', groupChat: 'group chat', personal: 'personal chat' };

function conversationType(kind: ConversationRecord['kind'] | null): string {
  return kind ? CONVERSATION_TYPES[kind] : 'unknown';
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  // The last column (the reason) is not padded: it runs on as long as it is.
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

export function deadLettersAsText(deadLetters: readonly DeadLetter[]): string {
  if (deadLetters.length === 0) return 'No dead letters.\n';
  const lines = [`${deadLetters.length === 1 ? '1 dead letter' : `${deadLetters.length} dead letters`}, the newest first (times in Swedish time):`, ''];
  lines.push(
    ...table(
      ['ID', 'KIND', 'NOTICE', 'CONVERSATION', 'ATTEMPTS', 'QUEUED', 'FIRST ATTEMPT', 'LAST ATTEMPT', 'DEAD SINCE', 'REASON'],
      deadLetters.map((d) => [
        d.id,
        d.kind,
        d.noticeType,
        conversationType(d.conversationType),
        String(d.attempts),
        swedishTime(d.createdAt),
        swedishTime(d.firstAttemptAt),
        swedishTime(d.lastAttemptAt),
        swedishTime(d.deadAt),
        d.reason ?? '',
      ]),
    ),
  );

  const inDoubt = deadLetters.filter((d) => d.outcomeUnknown);
  if (inDoubt.length > 0) {
    lines.push('', 'Outcome unknown: Teams may have posted these already. Look in the conversation first (around the time given):');
    for (const d of inDoubt) lines.push(`  ${d.id}  ${d.noticeType} in a ${conversationType(d.conversationType)}, request sent ${swedishTime(d.inDoubtSince ?? d.lastAttemptAt)}`);
    lines.push('  If it is there:  npm run outbox -- discard <id> --reason "already in the channel"', '  If it is not:    npm run outbox -- retry <id> --force');
  }
  const waiting = deadLetters.filter((d) => d.updatesPost?.status === 'dead');
  if (waiting.length > 0) {
    lines.push('', 'Updates of a post that is itself a dead letter: retry the post first, then the update.');
    for (const d of waiting) lines.push(`  ${d.id}  updates ${d.updatesPost?.id}`);
  }
  const orphaned = deadLetters.filter((d) => d.updatesPost && ['dropped', 'discarded', 'missing'].includes(d.updatesPost.status));
  if (orphaned.length > 0) {
    lines.push('', 'Updates of a post that will never be sent: nothing to update; discard them.');
    for (const d of orphaned) lines.push(`  ${d.id}  its post is ${d.updatesPost?.status}`);
  }
  return `${lines.join('\n')}\n`;
}

/** For scripts: the list as it is, instants in ISO 8601 (UTC). */
export function deadLettersAsJson(deadLetters: readonly DeadLetter[]): string {
  return `${JSON.stringify({ count: deadLetters.length, deadLetters }, null, 2)}\n`;
}

/** Where a retried message stands after the command's wait. */
export type Delivered = { state: 'sent' } | { state: 'dead-again'; reason: string | null } | { state: 'queued' } | { state: 'dropped'; reason: string | null };

export function deliveredOf(status: OutboxStatus | undefined, reason: string | null): Delivered {
  switch (status) {
    case 'sent':
      return { state: 'sent' };
    case 'dead':
      return { state: 'dead-again', reason };
    case 'dropped':
      return { state: 'dropped', reason };
    // Pending, or (not expected within the wait) discarded by someone meanwhile: not sent by this command.
    default:
      return { state: 'queued' };
  }
}

function deliveredText(delivered: Delivered): string {
  switch (delivered.state) {
    case 'sent':
      return 'sent';
    case 'dead-again':
      return `dead again (${delivered.reason ?? 'no reason recorded'})`;
    case 'queued':
      return 'still queued for the server (it sends it when Teams allows)';
    case 'dropped':
      return `not sent: ${delivered.reason ?? 'nothing left to send'}`;
  }
}

const by = (who: string | null, at: Date | null) => `${who ? ` by ${who}` : ''}${at ? ` at ${swedishTime(at)}` : ''}`;

/** One line per message the retry was asked about; `delivered` holds the retried ones by id. */
export function retryLine(outcome: RetryOutcome, delivered: ReadonlyMap<string, Delivered>): string {
  switch (outcome.result) {
    case 'retried': {
      const state = delivered.get(outcome.id);
      const forced = outcome.forced ? ' (forced: its earlier outcome was unknown)' : '';
      return `${outcome.id}  ${outcome.kind} ${outcome.noticeType}: retried${forced}, ${state ? deliveredText(state) : 'queued'}`;
    }
    case 'unknown':
      return `${outcome.id}: no outbox message has this id (see npm run outbox -- list); nothing changed`;
    case 'already-retried':
      return `${outcome.id}: already retried${by(outcome.by, outcome.at)}; it is ${outcome.status} now. Nothing changed`;
    case 'discarded':
      return `${outcome.id}: discarded${by(outcome.by, outcome.at)}; a discarded message is never sent. Nothing changed`;
    case 'not-dead':
      return `${outcome.id}: not a dead letter (it is ${outcome.status}); nothing changed`;
    case 'outcome-unknown':
      return (
        `${outcome.id}: its outcome is unknown: Teams may already have posted it (request sent ${swedishTime(outcome.inDoubtSince)}). ` +
        'Look in the conversation first. If it is there, discard it (npm run outbox -- discard <id> --reason "…"); ' +
        'if it is not, retry it with --force. Nothing changed'
      );
    case 'post-dead':
      return `${outcome.id}: this update's post ${outcome.postId} is still a dead letter: retry the post first (npm run outbox -- retry ${outcome.postId}), then this update. Nothing changed`;
    case 'post-gone':
      return `${outcome.id}: this update's post is ${outcome.postStatus} and will never be sent, so there is nothing to update: discard it. Nothing changed`;
  }
}

export function discardLine(outcome: DiscardOutcome): string {
  switch (outcome.result) {
    case 'discarded':
      return `${outcome.id}: discarded; it will not be sent`;
    case 'unknown':
      return `${outcome.id}: no outbox message has this id (see npm run outbox -- list); nothing changed`;
    case 'already-discarded':
      return `${outcome.id}: already discarded${by(outcome.by, outcome.at)}; nothing changed`;
    case 'not-dead':
      return `${outcome.id}: not a dead letter (it is ${outcome.status}); only dead letters can be discarded. Nothing changed`;
  }
}
