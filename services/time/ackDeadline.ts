import type { LocalTime } from '../domain/codes';
import { addDays, isValidLocalTime, toLocal, zonedInstant } from './stockholm';

/**
 * When a *kvittens* (acknowledgement) is due — DOMAIN.md §5, as the Norrbotten guideline
 * writes it: a notice sent before 08:00 is due at 12:00 the same day; one sent at or after
 * 08:00 is due at 12:00 the next day. It applies every day of the year, weekends and holidays
 * included, so no vardag counting happens here. Both times are regional agreements and each
 * meeting may override them.
 */
export interface AckRules {
  /** The wall time the kvittens is due (default 12:00). Escalation to managers happens then. */
  dueTime: LocalTime;
  /** Notices sent before this wall time are due the same day (default 08:00). */
  noticeCutoff: LocalTime;
}

export const DEFAULT_ACK_RULES: AckRules = Object.freeze({ dueTime: '12:00', noticeCutoff: '08:00' });

/**
 * Rejects rules under which a deadline could fall before the notice was sent.
 *
 * With noticeCutoff later than dueTime (say 14:00 and 12:00), a notice sent at 13:00 would be
 * "due today at 12:00", an hour before it was sent, and be escalated the moment it arrived.
 * So noticeCutoff must not be later than dueTime. Equal times are allowed: "sent before 12:00,
 * due 12:00 today; otherwise 12:00 tomorrow" always leaves the deadline after the notice.
 * Config loading should call this once; `ackDeadline` calls it too, so a bad rule fails loudly
 * instead of producing deadlines in the past.
 */
export function validateAckRules(rules: AckRules): AckRules {
  if (!isValidLocalTime(rules.dueTime)) throw new RangeError(`Ack due time is not HH:MM: ${JSON.stringify(rules.dueTime)}`);
  if (!isValidLocalTime(rules.noticeCutoff)) {
    throw new RangeError(`Ack notice cut-off is not HH:MM: ${JSON.stringify(rules.noticeCutoff)}`);
  }
  if (rules.noticeCutoff > rules.dueTime) {
    throw new RangeError(
      `Ack notice cut-off ${rules.noticeCutoff} is later than the due time ${rules.dueTime}; ` +
        'a notice sent between them would be due before it was sent',
    );
  }
  return rules;
}

/** Sent before the cut-off on its own (Stockholm) day? `HH:MM` strings compare as times. */
function sentBeforeCutoff(sentTime: LocalTime, rules: AckRules): boolean {
  return sentTime < rules.noticeCutoff;
}

/**
 * The instant the kvittens for a notice sent at `sentAt` is due. Works in Stockholm wall time,
 * so on the DST Sundays the deadline is still 12:00 on the clock (the gap between notice and
 * deadline is then an hour shorter or longer, as the rule is stated in wall time).
 * The cut-off minute itself is "at or after": 08:00:00 is due the next day, 07:59:59 the same.
 */
export function ackDeadline(sentAt: Date, rules: AckRules = DEFAULT_ACK_RULES): Date {
  validateAckRules(rules);
  const sent = toLocal(sentAt);
  const dueDate = sentBeforeCutoff(sent.time, rules) ? sent.date : addDays(sent.date, 1);
  return notBeforeSending(zonedInstant(dueDate, rules.dueTime), sentAt);
}

const HOUR = 3600_000;

/**
 * `zonedInstant` takes the first of a wall time that occurs twice (the autumn DST night). Only
 * if someone configures both times inside 02:00–02:59 can a notice sent in the repeated hour
 * land after that first occurrence; then the second occurrence, an hour later, is the deadline.
 */
function notBeforeSending(deadline: Date, sentAt: Date): Date {
  if (deadline.getTime() > sentAt.getTime()) return deadline;
  const secondOccurrence = new Date(deadline.getTime() + HOUR);
  const sameWallTime = toLocal(secondOccurrence).time === toLocal(deadline).time;
  return sameWallTime && secondOccurrence.getTime() > sentAt.getTime() ? secondOccurrence : deadline;
}
