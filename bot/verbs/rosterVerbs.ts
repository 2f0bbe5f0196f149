import { issueMessages, rosterJoinFormCard, rosterJoinedCard, roleLabel } from '../../cards';
import { meetingOf, noMeetingReply } from './meetingContext';
import { keepFormWhenNotSaved } from './unsavedForm';
import type { VerbHandler, VerbReply, VerbRequest } from './verb';
import type { Meeting } from '../../services/domain/records';
import { keptRosterValues } from '../../services/roster/rosterService';

export const openRosterForm: VerbHandler = async (request) => {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  const member = await request.services.roster.member(meeting._id, request.actor.id);
  return {
    card: rosterJoinFormCard({
      meetingId: meeting._id,
      area: meeting.area,
      values: member ? { role: member.role, organization: member.organization } : {},
      issues: {},
    }),
  };
};

export const joinRoster: VerbHandler = async (request) => {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  const form = (values: Record<string, string>, issues: Record<string, string>) => ({ card: rosterJoinFormCard({ meetingId: meeting._id, area: meeting.area, values, issues }) });
  return keepFormWhenNotSaved('roster', () => join(request, meeting), () => form(keptRosterValues(request.data), {}));
};

async function join(request: VerbRequest, meeting: Meeting): Promise<VerbReply> {
  const result = await request.services.roster.join(meeting._id, request.actor, request.data);
  if (result.kind === 'invalid') {
    return { card: rosterJoinFormCard({ meetingId: meeting._id, area: meeting.area, values: result.values, issues: issueMessages(result.issues) }) };
  }
  return {
    card: rosterJoinedCard({
      meetingId: meeting._id,
      name: result.member.name,
      roleLabel: roleLabel(result.member.role),
      organization: result.member.organization,
      area: meeting.area,
    }),
  };
}
