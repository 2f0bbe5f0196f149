import {
  caseDetailCard,
  caseNotFoundCard,
  formatInstant,
  formatLocalDate,
  journalCard,
  meetingTimeLabel,
  notOnCaseRosterCard,
  privateViewOnlyCard,
  type CaseDetailCardInput,
  type CaseViewOrigin,
} from '../../cards';
import { mayConfirm } from '../../services/acks/ackState';
import { caseHistory } from '../../services/cases/caseHistory';
import type { CaseHistory } from '../../services/domain/caseViews';
import type { CaseRecord, CaseSensitive, Meeting, RosterMember } from '../../services/domain/records';
import { isValidLocalDate } from '../../services/time/stockholm';
import { caseCardFor } from '../noticeRenderer';
import { idFrom } from './meetingContext';
import type { VerbHandler, VerbReply, VerbRequest } from './verb';

/** Where the view was opened from, as the button that opened it says; anything else counts as the case card. */
export function originFrom(data: Readonly<Record<string, unknown>>): CaseViewOrigin {
  if (data.from === 'mine') return { from: 'mine' };
  const meetingId = idFrom(data, 'meetingId');
  const meetingDate = data.meetingDate;
  if (data.from === 'decisions' && meetingId && typeof meetingDate === 'string' && isValidLocalDate(meetingDate)) {
    return { from: 'decisions', meetingId, meetingDate };
  }
  return { from: 'case' };
}

interface OpenedCase {
  record: CaseRecord;
  sensitive: CaseSensitive | null;
  meeting: Meeting | null;
  member: RosterMember;
  history: CaseHistory;
}

/** The case for a roster member of its meeting, audited as `purpose` before anything is opened. */
async function openCase(request: VerbRequest, purpose: 'case.read' | 'case.journal'): Promise<OpenedCase | VerbReply> {
  const caseId = idFrom(request.data, 'caseId');
  const found = caseId ? await request.services.cases.byId(caseId) : null;
  if (!found) return { card: caseNotFoundCard() };
  const member = await request.services.roster.member(found.meetingId, request.actor.id);
  const result = await request.services.cases.read(found._id, request.actor, member, purpose);
  if (result.kind === 'not_found') return { card: caseNotFoundCard() };
  if (result.kind === 'not_a_member' || !member) return { card: notOnCaseRosterCard() };
  return {
    record: result.record,
    sensitive: result.sensitive,
    meeting: await request.services.meetings.byId(result.record.meetingId),
    member,
    history: await caseHistory(request.services, result.record),
  };
}

const privately = (reply: Pick<VerbReply, 'card' | 'compact'>): VerbReply => ({ ...reply, containsPatientData: true, sharedConversationCard: privateViewOnlyCard() });

/** The whole case and its history, as an answer only the presser sees; audited as `case.read`. */
export const viewCase: VerbHandler = async (request) => {
  const opened = await openCase(request, 'case.read');
  if ('card' in opened) return opened;
  const { record, meeting, member, history } = opened;
  const input: CaseDetailCardInput = {
    caseId: record._id,
    reference: record.reference,
    status: record.status,
    agendaItem: record.agendaItem,
    urgency: record.urgency,
    meetingLabel: meeting ? meetingTimeLabel(record.meetingDate, meeting.schedule.time) : formatLocalDate(record.meetingDate),
    riskGroups: record.riskGroups,
    cfs: record.cfs,
    medicationListCurrent: record.medicationListCurrent,
    sampleReferral: record.sampleReferral,
    transferDateLabel: record.transferDate ? formatLocalDate(record.transferDate) : null,
    readyForDischargeLabel: record.readyForDischargeAt ? formatInstant(record.readyForDischargeAt) : null,
    submittedByLine: `${record.submittedBy.name}, ${record.submitterProfession}`,
    sensitive: opened.sensitive,
    history,
    confirmableAckIds: new Set(history.acknowledgements.filter((ack) => ack.status === 'open' && mayConfirm(ack, request.actor.id, member)).map((ack) => ack._id)),
    origin: originFrom(request.data),
  };
  return privately({ card: caseDetailCard(input), compact: () => caseDetailCard({ ...input, compact: true }) });
};

/** The case as plain text for the caller's own journal system; audited as `case.journal`. */
export const copyCaseToJournal: VerbHandler = async (request) => {
  const opened = await openCase(request, 'case.journal');
  if ('card' in opened) return opened;
  const { record } = opened;
  return privately({
    card: journalCard({
      caseId: record._id,
      reference: record.reference,
      status: record.status,
      agendaItem: record.agendaItem,
      urgency: record.urgency,
      riskGroups: record.riskGroups,
      cfs: record.cfs,
      readyForDischargeAt: record.readyForDischargeAt,
      submittedAt: record.submittedAt,
      submittedByLine: `${record.submittedBy.name}, ${record.submitterProfession}`,
      sensitive: opened.sensitive,
      history: opened.history,
      printedAt: request.services.clock.now(),
      printedBy: request.actor.name,
      origin: originFrom(request.data),
    }),
  });
};

/** Back to the masked card the channel shows. */
export const hideCase: VerbHandler = async (request) => {
  const caseId = idFrom(request.data, 'caseId');
  const card = caseId ? await caseCardFor(request.services, caseId) : null;
  return { card: card ?? caseNotFoundCard() };
};
