import { meetingNotSetUpCard, notOnRosterCard } from '../../cards';
import type { Meeting, RosterMember } from '../../services/domain/records';
import type { VerbReply, VerbRequest } from './verb';

const UUID = /^[0-9a-f-]{36}$/;

/** An id a card sent back (`meetingId`, `caseId`, `ackId`), or null when it is not one of ours. */
export function idFrom(data: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

/**
 * A card carries its meeting's id, so a form sent from one place still lands in the right
 * meeting; without one, the meeting of the conversation the button was pressed in is meant.
 */
export async function meetingOf(request: VerbRequest): Promise<Meeting | null> {
  const { meetings } = request.services;
  const fromCard = idFrom(request.data, 'meetingId');
  if (fromCard) return meetings.byId(fromCard);
  return meetings.forConversation(request.place.conversationKey);
}

export function noMeetingReply(request: VerbRequest): VerbReply {
  return { card: meetingNotSetUpCard({ inPersonalChat: request.place.kind === 'personal' }) };
}

export function notInRosterReply(meeting: Meeting): VerbReply {
  return { card: notOnRosterCard(meeting._id) };
}

/** The meeting and the caller's roster entry, or the refusal that explains which is missing. */
export async function meetingAndMember(request: VerbRequest): Promise<VerbReply | { meeting: Meeting; member: RosterMember }> {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  const member = await request.services.roster.member(meeting._id, request.actor.id);
  if (!member) return notInRosterReply(meeting);
  return { meeting, member };
}
