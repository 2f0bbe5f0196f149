import type { CaseHistory, DecisionInHistory } from '../services/domain/caseViews';
import type { AgendaItem, RiskGroup, Urgency } from '../services/domain/codes';
import type { CaseSensitive, CaseStatus } from '../services/domain/records';
import { toLocal } from '../services/time/stockholm';
import { backAction, caseViewData, personLabel, type CaseViewOrigin } from './caseDetailCard';
import { CASE_DETAIL_TEXTS, CASE_HISTORY_TEXTS, formatPersonnummer, JOURNAL_TEXTS } from './caseDetailTexts.sv';
import { renderTemplate, type AdaptiveCard } from './render';
import journalTemplate from './templates/journal.json';
import { agendaItemLabel, CASE_STATUS_LABELS, RISK_GROUP_LABELS, URGENCY_LABELS } from './texts.sv';

export interface JournalInput {
  caseId: string;
  reference: string;
  status: CaseStatus;
  agendaItem: AgendaItem;
  urgency: Urgency;
  riskGroups: readonly RiskGroup[];
  cfs: number | null;
  readyForDischargeAt: Date | null;
  submittedAt: Date;
  /** "Rita Region, Distriktssköterska". */
  submittedByLine: string;
  sensitive: CaseSensitive | null;
  history: CaseHistory;
  printedAt: Date;
  printedBy: string;
  origin: CaseViewOrigin;
}

/**
 * The journal text stays within this many characters, so the card holding it fits a Teams message
 * (80 KB as UTF-16, about 40,000 characters): the SBAR always, then as many decisions as fit,
 * newest first. A case rarely has more than a few.
 */
export const MAX_JOURNAL_CHARACTERS = 30_000;

/** "2026-11-24 13:05": the form Swedish journals use. */
const instant = (at: Date) => {
  const local = toLocal(at);
  return `${local.date} ${local.time}`;
};

/**
 * The case as plain text for pasting into each organisation's own journal system (the routine:
 * "the form is the basis for documentation in each organisation's journal system"). Swedish
 * headings, ISO dates, decisions in the order they were made.
 */
export function journalText(input: JournalInput): string {
  const t = CASE_DETAIL_TEXTS;
  const j = JOURNAL_TEXTS;
  const lines: string[] = [j.heading(input.reference)];
  const line = (title: string, value: string | null | undefined) => {
    if (value) lines.push(`${title}: ${value}`);
  };
  const p = input.sensitive;
  if (p) {
    line(j.patient, p.patientName);
    line(j.personnummer, formatPersonnummer(p.personnummer));
    line(t.facts.relativeContact, p.relativeContact);
    line(t.facts.careUnit, p.careUnit);
    line(t.facts.responsiblePhysician, p.responsiblePhysician);
  }
  lines.push(j.submitted(toLocal(input.submittedAt).date, input.submittedByLine));
  line(t.facts.agenda, agendaItemLabel(input.agendaItem));
  line(t.facts.urgency, URGENCY_LABELS[input.urgency]);
  line(t.facts.riskGroups, input.riskGroups.map((group) => RISK_GROUP_LABELS[group]).join(', '));
  line(t.facts.cfs, input.cfs === null ? null : String(input.cfs));
  line(t.facts.readyForDischargeAt, input.readyForDischargeAt ? instant(input.readyForDischargeAt) : null);
  line(t.facts.status, CASE_STATUS_LABELS[input.status]);
  lines.push(j.consent);
  if (p) {
    for (const field of ['situation', 'background', 'assessment', 'recommendation', 'frequency', 'physicianOrder'] as const) {
      if (p[field] !== '') lines.push('', t.sbar[field], p[field]);
    }
  } else {
    lines.push('', j.purged);
  }
  const source = j.source(instant(input.printedAt), input.printedBy);
  let length = lines.join('\n').length + source.length + j.olderDecisions(input.history.decisions.length).length + 8;
  const fitting: string[][] = [];
  for (const decision of input.history.decisions) {
    const block = decisionLines(decision);
    const blockLength = block.join('\n').length + 2;
    if (length + blockLength > MAX_JOURNAL_CHARACTERS) break;
    fitting.push(block);
    length += blockLength;
  }
  if (input.history.decisions.length === 0) lines.push('', j.noDecisions);
  if (input.history.decisions.length > fitting.length) lines.push('', j.olderDecisions(input.history.decisions.length - fitting.length));
  for (const block of fitting.reverse()) lines.push('', ...block);
  lines.push('', source);
  return lines.join('\n');
}

function decisionLines(decision: DecisionInHistory): string[] {
  const j = JOURNAL_TEXTS;
  const h = CASE_HISTORY_TEXTS;
  const lines = [
    j.decisionHeading(decision.meetingDate, decision.leader?.name ?? null),
    `${h.actions}: ${decision.actions ?? h.actionsPurged}`,
    `${h.responsible}: ${personLabel(decision.responsible)}`,
    j.followUp(decision.followUpDate),
  ];
  if (decision.sipNeeded && decision.sipCoordinator && decision.sipSummonsDue) lines.push(j.sip(personLabel(decision.sipCoordinator), decision.sipSummonsDue));
  if (decision.escalated) lines.push(j.escalated(decision.escalationReason));
  return lines;
}

/** The journal copy in a field the user can select and copy; only ever an answer to the roster member who asked. */
export function journalCard(input: JournalInput): AdaptiveCard {
  const j = JOURNAL_TEXTS;
  const hide = backAction(input.caseId, input.origin);
  return renderTemplate(journalTemplate, {
    title: j.title(input.reference),
    privacyLine: j.privacyLine,
    purgedLine: input.sensitive ? '' : j.purged,
    howTo: j.howTo,
    fieldLabel: j.fieldLabel,
    text: journalText(input),
    backTitle: j.back,
    viewData: caseViewData(input.caseId, input.origin),
    hideTitle: hide.title,
    hide,
  });
}
