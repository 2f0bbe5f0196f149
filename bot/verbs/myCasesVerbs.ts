import {
  agendaItemLabel,
  meetingDecisionsCard,
  meetingTimeLabel,
  myCasesCard,
  privateViewOnlyCard,
  unreadableActionCard,
  type AdaptiveCard,
} from '../../cards';
import { myWork } from '../../services/cases/myWork';
import type { UserRef } from '../../services/domain/records';
import { sipSummonsDue } from '../../services/time/sip';
import { isValidLocalDate } from '../../services/time/stockholm';
import type { Services } from '../../services/app';
import { summaryCardFor } from '../noticeRenderer';
import { meetingAndMember, meetingOf, noMeetingReply } from './meetingContext';
import type { VerbHandler, VerbReply, VerbRequest } from './verb';

/** The caller's own list across their meetings; each meeting it covers records the look in its audit log. */
export async function myCasesFor(services: Services, actor: UserRef, notice?: string): Promise<AdaptiveCard> {
  const memberships = await services.roster.membershipsOf(actor.id);
  for (const member of memberships) await services.audit.recordMeetingEvent('cases.mine', actor, member.organization, member.meetingId);
  const work = await myWork(services, actor.id);
  return myCasesCard({ work, onAnyRoster: memberships.length > 0, ...(notice ? { notice } : {}) });
}

/**
 * "Mina ärenden": never listed in a shared conversation — Universal Actions show the answer to the
 * presser alone, and the Action.Submit fallback, which would post it, gets a refusal instead.
 */
export const showMyCases: VerbHandler = async (request) => ({
  card: await myCasesFor(request.services, request.actor),
  containsPatientData: true,
  sharedConversationCard: privateViewOnlyCard(),
});

/** The page a "Fler beslut" button carries; anything else is the first. */
function pageFrom(value: unknown): number {
  return typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : 0;
}

function meetingDateFrom(request: VerbRequest): string | null {
  const value = request.data.meetingDate;
  return typeof value === 'string' && isValidLocalDate(value) ? value : null;
}

/** Behind the summary: what the meeting decided, each with a private "Visa ärendet"; roster members only. */
export const showMeetingDecisions: VerbHandler = async (request) => {
  const found = await meetingAndMember(request);
  if ('card' in found) return found;
  const { meeting, member } = found;
  const meetingDate = meetingDateFrom(request);
  if (!meetingDate) return { card: unreadableActionCard() };
  await request.services.audit.recordMeetingEvent('meeting.decisions', request.actor, member.organization, meeting._id);
  const members = await request.services.roster.members(meeting._id);
  const nameOf = (userId: string) => members.find((candidate) => candidate.userId === userId)?.name ?? '–';
  const decided = (await request.services.runs.decidedOn(meeting._id, meetingDate)).filter(({ record }) => record.status !== 'withdrawn');
  const reply: VerbReply = {
    card: meetingDecisionsCard({
      meetingId: meeting._id,
      meetingDate,
      page: pageFrom(request.data.page),
      meetingLabel: meetingTimeLabel(meetingDate, meeting.schedule.time),
      decisions: decided.map(({ record, decision }) => ({
        caseId: record._id,
        reference: record.reference,
        initials: record.masked.initials,
        birthYear: record.masked.birthYear,
        agendaLabel: agendaItemLabel(record.agendaItem),
        responsibleName: nameOf(decision.responsibleUserId),
        followUpDate: decision.followUpDate,
        sip: decision.sipNeeded && decision.sipCoordinatorUserId ? { coordinatorName: nameOf(decision.sipCoordinatorUserId), summonsDue: sipSummonsDue(meetingDate) } : null,
        escalated: decision.escalate,
      })),
    }),
  };
  return reply;
};

/** Back from the decisions to the summary the channel shows (nothing in it is private). */
export const showMeetingSummary: VerbHandler = async (request) => {
  const meeting = await meetingOf(request);
  const meetingDate = meetingDateFrom(request);
  if (!meetingDate) return { card: unreadableActionCard() };
  if (!meeting) return noMeetingReply(request);
  return { card: await summaryCardFor(request.services, meeting, meetingDate) };
};
