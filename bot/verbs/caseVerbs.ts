import {
  agendaItemLabel,
  caseConfirmationCard,
  caseNotFoundCard,
  caseWithdrawnCard,
  consentRequiredCard,
  cutoffInstantLabel,
  issueMessages,
  meetingTimeLabel,
  notAllowedCard,
  roleLabel,
  sbarFormCard,
  urgencyLabel,
  withdrawAfterMeetingStarted,
  withdrawOnlyBySubmitter,
} from '../../cards';
import { AGENDA_ITEMS, type SbarField } from '../../services/domain/codes';
import type { Meeting, RosterMember } from '../../services/domain/records';
import { meetingForSubmission } from '../../services/time/meetingCalendar';
import { toLocal } from '../../services/time/stockholm';
import { settingsOf } from '../../services/meetings/meetingSettings';
import { keptSbarValues } from '../../services/cases/sbarInput';
import { idFrom, meetingAndMember } from './meetingContext';
import { keepFormWhenNotSaved } from './unsavedForm';
import type { VerbHandler, VerbReply, VerbRequest } from './verb';

function sbarForm(
  request: VerbRequest,
  meeting: Meeting,
  member: RosterMember,
  values: Partial<Record<SbarField, string>>,
  issues: Record<string, string>,
): VerbReply {
  const occurrence = meetingForSubmission(meeting, request.services.clock.now());
  return {
    card: sbarFormCard({
      meetingId: meeting._id,
      area: meeting.area,
      meetingLabel: meetingTimeLabel(occurrence.date, meeting.schedule.time),
      // The last minute that still counts, as people read "senast 23:59".
      cutoffLabel: cutoffInstantLabel(toLocal(new Date(occurrence.cutoffAt.getTime() - 60_000))),
      submitterName: request.actor.name,
      values: { submitterProfession: roleLabel(member.role), ...values },
      issues,
      slotAreas: settingsOf(meeting).areaSlots.map((slot) => ({ area: slot.area, startLabel: slot.start })),
    }),
    containsPatientData: Object.keys(issues).length > 0,
  };
}

export const openCaseForm: VerbHandler = async (request) => {
  const found = await meetingAndMember(request);
  if ('card' in found) return found;
  const agendaItem = request.data.agendaItem;
  const preset: Partial<Record<SbarField, string>> =
    typeof agendaItem === 'string' && (AGENDA_ITEMS as readonly string[]).includes(agendaItem) ? { agendaItem } : {};
  return sbarForm(request, found.meeting, found.member, preset, {});
};

export const submitCase: VerbHandler = async (request) => {
  const found = await meetingAndMember(request);
  if ('card' in found) return found;
  const { meeting, member } = found;
  return keepFormWhenNotSaved(
    'case',
    () => submitted(request, meeting, member),
    // What was typed is about a patient: this card only ever goes to the person who typed it.
    () => ({ ...sbarForm(request, meeting, member, keptSbarValues(request.data), {}), containsPatientData: true }),
  );
};

async function submitted(request: VerbRequest, meeting: Meeting, member: RosterMember): Promise<VerbReply> {
  const result = await request.services.cases.submit(meeting, member, request.actor, request.data);
  switch (result.kind) {
    case 'consent_missing':
      return { card: consentRequiredCard({ meetingId: meeting._id }) };
    case 'invalid':
      return sbarForm(request, meeting, member, result.values, issueMessages(result.issues));
    case 'created':
      return {
        card: caseConfirmationCard({
          caseId: result.record._id,
          meetingId: meeting._id,
          reference: result.record.reference,
          meetingLabel: meetingTimeLabel(result.occurrence.date, meeting.schedule.time),
          agendaLabel: agendaItemLabel(result.record.agendaItem),
          urgencyLabel: urgencyLabel(result.record.urgency),
          initials: result.record.masked.initials,
          birthYear: result.record.masked.birthYear,
        }),
      };
  }
}

export const withdrawCase: VerbHandler = async (request) => {
  const caseId = idFrom(request.data, 'caseId');
  const record = caseId ? await request.services.cases.byId(caseId) : null;
  if (!record) return { card: caseNotFoundCard() };
  const member = await request.services.roster.member(record.meetingId, request.actor.id);
  const meeting = await request.services.meetings.byId(record.meetingId);
  const leaderId = meeting ? ((await request.services.leaders.leaderOf(meeting, record.meetingDate)).leader?.userId ?? null) : null;
  const result = await request.services.cases.withdraw(record._id, request.actor, member, leaderId);
  switch (result.kind) {
    case 'not_found':
      return { card: caseNotFoundCard() };
    case 'not_allowed':
      return { card: notAllowedCard(withdrawOnlyBySubmitter(record.reference)) };
    case 'meeting_started':
      return { card: notAllowedCard(withdrawAfterMeetingStarted(record.reference)) };
    case 'already_withdrawn':
    case 'withdrawn':
      return { card: caseWithdrawnCard({ reference: result.record.reference }) };
  }
};
