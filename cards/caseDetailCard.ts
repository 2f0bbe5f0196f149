import type { AgendaItem, RiskGroup, Urgency } from '../services/domain/codes';
import type { CaseSensitive } from '../services/domain/records';
import { renderTemplate, type AdaptiveCard } from './render';
import caseDetailTemplate from './templates/caseDetail.json';
import { agendaItemLabel, CASE_DETAIL_TEXTS, formatPersonnummer, RISK_GROUP_LABELS, URGENCY_LABELS } from './texts.sv';

export interface CaseDetailCardInput {
  caseId: string;
  reference: string;
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
}

/**
 * The whole SBAR case. Only ever an invoke answer to the roster member who asked (Universal
 * Actions show it to that user alone); never posted (DOMAIN.md §6). SBAR text is shown as plain
 * text runs, so markdown typed into it is not rendered.
 */
export function caseDetailCard(input: CaseDetailCardInput): AdaptiveCard {
  const t = CASE_DETAIL_TEXTS;
  const yesNo = (value: boolean) => (value ? t.yes : t.no);
  const facts: { title: string; value: string }[] = [];
  const fact = (title: string, value: string | null | undefined) => {
    if (value) facts.push({ title, value });
  };
  const p = input.sensitive;
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
  return renderTemplate(caseDetailTemplate, {
    caseId: input.caseId,
    title: t.title(input.reference),
    privacyLine: t.privacyLine,
    purgedLine: p ? '' : t.purged,
    facts,
    sections,
    hideTitle: t.hide,
  });
}
