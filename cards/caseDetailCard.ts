import type { CaseHistory, DecisionInHistory, PersonOnCase } from '../services/domain/caseViews';
import type { AgendaItem, LocalDate, RiskGroup, Urgency } from '../services/domain/codes';
import type { CaseSensitive, CaseStatus } from '../services/domain/records';
import { ackStateOf } from '../services/acks/ackState';
import { CASE_DETAIL_TEXTS, CASE_EVENT_LABELS, CASE_HISTORY_TEXTS, formatPersonnummer } from './caseDetailTexts.sv';
import { renderTemplate, type AdaptiveCard } from './render';
import caseDetailTemplate from './templates/caseDetail.json';
import {
  ackStateText,
  agendaItemLabel,
  CASE_STATUS_LABELS,
  formatInstant,
  formatLocalDate,
  maskedCaseLine,
  RISK_GROUP_LABELS,
  roleLabel,
  URGENCY_LABELS,
  type AckState,
} from './texts.sv';

/**
 * Where the private view was opened from, which decides its way back: the channel's case card
 * (back to the masked card), "Mina ärenden", or the list of a meeting's decisions.
 */
export type CaseViewOrigin = { from: 'case' } | { from: 'mine' } | { from: 'decisions'; meetingId: string; meetingDate: LocalDate };

/** What a card carries to open a case privately from the given origin (`case.view` / `case.journal` data). */
export function caseViewData(caseId: string, origin: CaseViewOrigin): Record<string, string> {
  if (origin.from === 'decisions') return { caseId, from: origin.from, meetingId: origin.meetingId, meetingDate: origin.meetingDate };
  return origin.from === 'mine' ? { caseId, from: 'mine' } : { caseId };
}

export interface CaseDetailCardInput {
  caseId: string;
  reference: string;
  status: CaseStatus;
  agendaItem: AgendaItem;
  urgency: Urgency;
  meetingLabel: string;
  riskGroups: readonly RiskGroup[];
  cfs: number | null;
  medicationListCurrent: boolean;
  sampleReferral: boolean;
  transferDateLabel: string | null;
  readyForDischargeLabel: string | null;
  submittedByLine: string;
  /** Null once purged after the retention period. */
  sensitive: CaseSensitive | null;
  history: CaseHistory;
  /** The kvittenser the viewer may give: they get a "Kvittera" button here. */
  confirmableAckIds: ReadonlySet<string>;
  origin: CaseViewOrigin;
  /**
   * For a case whose full view would not fit in a Teams message (many long decisions, a long
   * history): only the newest decision in full and the latest events; the journal copy has more.
   */
  compact?: boolean;
}

/**
 * The view shows this many decisions in full, the newest; older ones are in the journal copy.
 * With the SBAR at its longest (about 10,500 characters) and 2,500 per decision, that keeps the
 * answer well within a Teams message (80 KB as UTF-16, about 40,000 characters).
 */
export const MAX_DECISIONS_IN_VIEW = 3;
const MAX_EVENTS_IN_VIEW = 40;
const COMPACT_LIMITS = { decisions: 1, events: 10 };

/** "Omar Hassan (Socialsekreterare)", or who the id was when the person has left the roster. */
export function personLabel(person: PersonOnCase): string {
  if (person.name === null) return CASE_HISTORY_TEXTS.unknownPerson;
  return person.role ? `${person.name} (${roleLabel(person.role)})` : person.name;
}

function decisionFacts(decision: DecisionInHistory): { title: string; value: string }[] {
  const t = CASE_HISTORY_TEXTS;
  const escalation = decision.escalationAck;
  return [
    { title: t.responsible, value: personLabel(decision.responsible) },
    { title: t.followUp, value: decision.followUpDate ? formatLocalDate(decision.followUpDate) : t.closes },
    {
      title: t.sip,
      value:
        decision.sipNeeded && decision.sipCoordinator && decision.sipSummonsDue
          ? t.sipNeeded(personLabel(decision.sipCoordinator), formatLocalDate(decision.sipSummonsDue))
          : t.sipNotNeeded,
    },
    ...(decision.escalated
      ? [
          { title: t.escalation, value: t.escalated(decision.escalationReason) },
          ...(escalation
            ? [{ title: '', value: escalation.status === 'confirmed' ? t.escalationAcked(escalation.confirmedBy?.name ?? '', formatInstant(escalation.confirmedAt!)) : t.escalationOpen }]
            : []),
        ]
      : []),
    { title: t.decidedBy, value: `${decision.decidedBy.name}, ${formatInstant(decision.decidedAt)}` },
  ];
}

const ACK_COLORS: Readonly<Record<AckState, string>> = { open: 'default', overdue: 'attention', confirmed: 'good', confirmed_late: 'warning' };

/**
 * The whole SBAR case and what became of it: every decision, the kvittenser and the events. Only
 * ever an invoke answer to the roster member who asked (Universal Actions show it to that user
 * alone); never posted (DOMAIN.md §6). Free text is shown as plain text runs, so markdown typed
 * into it is not rendered.
 */
export function caseDetailCard(input: CaseDetailCardInput): AdaptiveCard {
  const t = CASE_DETAIL_TEXTS;
  const h = CASE_HISTORY_TEXTS;
  const yesNo = (value: boolean) => (value ? t.yes : t.no);
  const facts: { title: string; value: string }[] = [];
  const fact = (title: string, value: string | null | undefined) => {
    if (value) facts.push({ title, value });
  };
  const p = input.sensitive;
  fact(t.facts.status, CASE_STATUS_LABELS[input.status]);
  if (p) {
    fact(t.facts.patient, p.patientName);
    fact(t.facts.personnummer, formatPersonnummer(p.personnummer));
    fact(t.facts.relativeContact, p.relativeContact);
    fact(t.facts.careUnit, p.careUnit);
    fact(t.facts.responsiblePhysician, p.responsiblePhysician);
  }
  fact(t.facts.agenda, agendaItemLabel(input.agendaItem));
  fact(t.facts.urgency, URGENCY_LABELS[input.urgency]);
  fact(t.facts.meeting, input.meetingLabel);
  fact(t.facts.riskGroups, input.riskGroups.map((group) => RISK_GROUP_LABELS[group]).join(', '));
  fact(t.facts.cfs, input.cfs === null ? null : String(input.cfs));
  fact(t.facts.medicationListCurrent, yesNo(input.medicationListCurrent));
  fact(t.facts.sampleReferral, yesNo(input.sampleReferral));
  fact(t.facts.transferDate, input.transferDateLabel);
  fact(t.facts.readyForDischargeAt, input.readyForDischargeLabel);
  fact(t.facts.consent, t.consentGiven);
  fact(t.facts.submittedBy, input.submittedByLine);
  const sections = p
    ? (['situation', 'background', 'assessment', 'recommendation', 'frequency', 'physicianOrder'] as const)
        .filter((field) => p[field] !== '')
        .map((field) => ({ title: t.sbar[field], text: p[field] }))
    : [];

  const { decisions, acknowledgements, events } = input.history;
  const limits = input.compact ? COMPACT_LIMITS : { decisions: MAX_DECISIONS_IN_VIEW, events: MAX_EVENTS_IN_VIEW };
  const shownDecisions = decisions.slice(0, limits.decisions);
  const withdrawn = input.status === 'withdrawn';
  return renderTemplate(caseDetailTemplate, {
    title: t.title(input.reference),
    privacyLine: t.privacyLine,
    purgedLine: p ? '' : t.purged,
    facts,
    sections,
    texts: h,
    noDecisionsLine: decisions.length === 0 && !withdrawn && input.status !== 'closed' ? h.noDecisions(input.meetingLabel) : '',
    decisions: shownDecisions.map((decision) => ({
      heading: h.decisionHeading(formatLocalDate(decision.meetingDate)),
      leaderLine: decision.leader ? h.leader(personLabel(decision.leader)) : '',
      actionsText: decision.actions ?? h.actionsPurged,
      actionsPurged: decision.actions === null,
      facts: decisionFacts(decision),
    })),
    olderLine: decisions.length > shownDecisions.length ? h.olderDecisions(decisions.length - shownDecisions.length) : '',
    acks: acknowledgements.map((ack) => {
      const state = ackStateOf(ack);
      const waiting = ack.status === 'open';
      return {
        ackId: ack._id,
        title: ack.assigneeUserId ? `${roleLabel(ack.role)} – ${h.actionAck(assigneeName(input.history, ack.assigneeUserId))}` : roleLabel(ack.role),
        stateText: maskedCaseLine([ackStateText(state, ack.confirmedBy?.name ?? null, ack.confirmedAt ? formatInstant(ack.confirmedAt) : null), waiting ? h.ackDue(formatInstant(ack.dueAt)) : '']),
        color: ACK_COLORS[state],
        showButton: waiting && !withdrawn && input.confirmableAckIds.has(ack._id),
      };
    }),
    events: events.slice(-limits.events).map((event) => ({ line: maskedCaseLine([formatInstant(event.at), CASE_EVENT_LABELS[event.action], event.byName]) })),
    journalData: caseViewData(input.caseId, input.origin),
    back: backAction(input.caseId, input.origin),
  });
}

/** The person an action's kvittens is assigned to, by the names the history knows. */
function assigneeName(history: CaseHistory, userId: string): string {
  const known = history.decisions.flatMap((decision) => [decision.responsible, decision.sipCoordinator]).find((person) => person?.userId === userId);
  return known?.name ?? CASE_HISTORY_TEXTS.unknownPerson;
}

/** The way back from the private view: to where it was opened from. */
export function backAction(caseId: string, origin: CaseViewOrigin): { title: string; verb: string; data: Record<string, string> } {
  switch (origin.from) {
    case 'mine':
      return { title: CASE_HISTORY_TEXTS.backToMine, verb: 'my.cases', data: {} };
    case 'decisions':
      return { title: CASE_HISTORY_TEXTS.backToDecisions, verb: 'meeting.decisions', data: { meetingId: origin.meetingId, meetingDate: origin.meetingDate } };
    case 'case':
      return { title: CASE_DETAIL_TEXTS.hide, verb: 'case.hide', data: { caseId } };
  }
}
