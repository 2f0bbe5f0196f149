// The state of a kvittens at a moment: pure rules shared by the services, the cards and the board.
import type { Acknowledgement, RosterMember } from '../domain/records';

/** Late means: confirmed after its due time (kvittens senast kl. 12). */
export function isLate(ack: Pick<Acknowledgement, 'dueAt' | 'confirmedAt'>): boolean {
  return ack.confirmedAt !== null && ack.confirmedAt.getTime() > ack.dueAt.getTime();
}

/** Still owed after its due time. The 12:00 job records that (overdueSince); until it has run, a passed due time says the same. */
export function isOverdue(ack: Pick<Acknowledgement, 'status' | 'dueAt' | 'overdueSince'>, now: Date): boolean {
  return ack.status === 'open' && (ack.overdueSince !== null || ack.dueAt.getTime() <= now.getTime());
}

/**
 * Any roster member with the acknowledgement's role may confirm for the role; an action's
 * acknowledgement only the person it was assigned to.
 */
export function mayConfirm(ack: Pick<Acknowledgement, 'assigneeUserId' | 'meetingId' | 'role'>, actorId: string, member: RosterMember | null): boolean {
  return ack.assigneeUserId ? ack.assigneeUserId === actorId : member?.meetingId === ack.meetingId && member.role === ack.role;
}

export type AckState = 'open' | 'overdue' | 'confirmed' | 'confirmed_late';

/** What the case card, the case view and the reminders show for a kvittens. */
export function ackStateOf(ack: Pick<Acknowledgement, 'status' | 'dueAt' | 'confirmedAt' | 'overdueSince'>): AckState {
  if (ack.status === 'confirmed') return isLate(ack) ? 'confirmed_late' : 'confirmed';
  return ack.overdueSince ? 'overdue' : 'open';
}
