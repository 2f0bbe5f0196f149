import { caseDetailCard, caseNotFoundCard, formatInstant, formatLocalDate, meetingTimeLabel, notOnCaseRosterCard, privateViewOnlyCard } from '../../cards';
import { caseCardFor } from '../noticeRenderer';
import { idFrom } from './meetingContext';
import type { VerbHandler } from './verb';

/** The whole case, as an answer only the presser sees; audited by the case service. */
export const viewCase: VerbHandler = async (request) => {
  const caseId = idFrom(request.data, 'caseId');
  const record = caseId ? await request.services.cases.byId(caseId) : null;
  if (!record) return { card: caseNotFoundCard() };
  const member = await request.services.roster.member(record.meetingId, request.actor.id);
  const result = await request.services.cases.read(record._id, request.actor, member);
  if (result.kind === 'not_found') return { card: caseNotFoundCard() };
  if (result.kind === 'not_a_member') return { card: notOnCaseRosterCard() };
  const meeting = await request.services.meetings.byId(record.meetingId);
  const read = result.record;
  return {
    card: caseDetailCard({
      caseId: read._id,
      reference: read.reference,
      agendaItem: read.agendaItem,
      urgency: read.urgency,
      meetingLabel: meeting ? meetingTimeLabel(read.meetingDate, meeting.schedule.time) : formatLocalDate(read.meetingDate),
      riskGroups: read.riskGroups,
      cfs: read.cfs,
      medicationListCurrent: read.medicationListCurrent,
      sampleReferral: read.sampleReferral,
      transferDateLabel: read.transferDate ? formatLocalDate(read.transferDate) : null,
      readyForDischargeLabel: read.readyForDischargeAt ? formatInstant(read.readyForDischargeAt) : null,
      submittedByLine: `${read.submittedBy.name}, ${read.submitterProfession}`,
      sensitive: result.sensitive,
    }),
    containsPatientData: true,
    sharedConversationCard: privateViewOnlyCard(),
  };
};

/** Back to the masked card the channel shows. */
export const hideCase: VerbHandler = async (request) => {
  const caseId = idFrom(request.data, 'caseId');
  const card = caseId ? await caseCardFor(request.services, caseId) : null;
  return { card: card ?? caseNotFoundCard() };
};
