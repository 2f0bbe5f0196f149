// What became of a case after it was submitted: every decision of every meeting that took it up,
// the kvittenser it asked for, and its way through submitted → discussed → follow-up → closed.
// Read only after CaseService.read has checked the roster and audited the opening; the decisions'
// free text is opened here, so this is as private as the SBAR itself.
import type { Services } from '../app';
import type { CaseHistory, DecisionInHistory, LifecycleAction, PersonOnCase } from '../domain/caseViews';
import { LIFECYCLE_ACTIONS } from '../domain/caseViews';
import type { CaseRecord, RosterMember } from '../domain/records';
import { sipSummonsDue } from '../time/sip';

type HistoryServices = Pick<Services, 'runs' | 'roster' | 'acks' | 'audit'>;

export async function caseHistory(services: HistoryServices, record: CaseRecord): Promise<CaseHistory> {
  const members = await services.roster.members(record.meetingId);
  const person = (userId: string): PersonOnCase => {
    const member: RosterMember | undefined = members.find((candidate) => candidate.userId === userId);
    return { userId, name: member?.name ?? null, role: member?.role ?? null };
  };
  const acknowledgements = await services.acks.forCase(record._id);
  const decisions: DecisionInHistory[] = [];
  for (const decision of await services.runs.decisionsOf(record)) {
    const text = services.runs.textOf(decision);
    const run = await services.runs.runOf(record.meetingId, decision.meetingDate);
    decisions.push({
      meetingDate: decision.meetingDate,
      leader: run ? person(run.leaderId) : null,
      actions: text?.actions ?? null,
      responsible: person(decision.responsibleUserId),
      followUpDate: decision.followUpDate,
      sipNeeded: decision.sipNeeded,
      sipCoordinator: decision.sipCoordinatorUserId ? person(decision.sipCoordinatorUserId) : null,
      sipSummonsDue: decision.sipNeeded ? sipSummonsDue(decision.meetingDate) : null,
      escalated: decision.escalate,
      escalationReason: decision.escalate ? (text?.escalationReason ?? null) : null,
      escalationAck: acknowledgements.find((ack) => ack._id === decision.escalationAckId) ?? null,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
    });
  }
  const entries = await services.audit.forCaseActions(record._id, LIFECYCLE_ACTIONS);
  const events = entries.map((entry) => ({ action: entry.action as LifecycleAction, at: entry.at, byName: entry.actor.name }));
  return { decisions, acknowledgements, events };
}
