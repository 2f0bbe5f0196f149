import { unknownButtonCard } from '../../cards';
import { confirmAck } from './ackVerbs';
import { openCaseForm, submitCase, withdrawCase } from './caseVerbs';
import { copyCaseToJournal, hideCase, viewCase } from './caseViewVerbs';
import { showMeetingDecisions, showMeetingSummary, showMyCases } from './myCasesVerbs';
import { handOverLeadership, openLeaderCard, skipAbsentLeader } from './leaderVerbs';
import { acceptLateCase, decideCase, endMeeting, moveToPoint, openDecision, startMeeting, viewMeeting } from './meetingRunVerbs';
import { showHelp } from './helpVerbs';
import { openMeetingForm, setupMeeting } from './meetingVerbs';
import { joinRoster, openRosterForm } from './rosterVerbs';
import type { VerbHandler, VerbReply, VerbRequest } from './verb';

/** The contract's verbs (CONTRACT.md) plus the ones that open forms. */
const HANDLERS: Readonly<Record<string, VerbHandler>> = {
  help: showHelp,
  'meeting.form': openMeetingForm,
  'meeting.setup': setupMeeting,
  'roster.form': openRosterForm,
  'roster.join': joinRoster,
  'case.form': openCaseForm,
  'case.submit': submitCase,
  'case.withdraw': withdrawCase,
  'ack.confirm': confirmAck,
  'case.view': viewCase,
  'case.hide': hideCase,
  'case.journal': copyCaseToJournal,
  'my.cases': showMyCases,
  'meeting.decisions': showMeetingDecisions,
  'meeting.summary': showMeetingSummary,
  'leader.form': openLeaderCard,
  'leader.handover': handOverLeadership,
  'leader.skip': skipAbsentLeader,
  'meeting.start': startMeeting,
  'meeting.view': viewMeeting,
  'meeting.point': moveToPoint,
  'case.decision': openDecision,
  'case.decide': decideCase,
  'meeting.end': endMeeting,
  'case.accept': acceptLateCase,
};

export function isKnownVerb(verb: string): boolean {
  return Object.prototype.hasOwnProperty.call(HANDLERS, verb);
}

export async function routeVerb(request: VerbRequest): Promise<VerbReply> {
  const handler = isKnownVerb(request.verb) ? HANDLERS[request.verb] : undefined;
  if (!handler) return { card: unknownButtonCard() };
  return handler(request);
}
