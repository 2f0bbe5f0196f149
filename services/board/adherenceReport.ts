// The yearly follow-up of the routine (samordningsmöten-rutin, "Uppföljning": följsamhet följs upp
// en gång per år). Counts only: no patient data, no staff names, and no sealed value is opened.
import type { Services } from '../app';
import { AGENDA_ITEMS, ROLES, URGENCIES, type Role } from '../domain/codes';
import { AGENDA_ITEM_LABELS, ROLE_LABELS, URGENCY_LABELS } from '../domain/labels.sv';
import type { AuditAction, Meeting } from '../domain/records';
import { readAuditEntries, readHeldRuns, readNoticedAcks, readSubmittedCases, type CountedCase } from '../adherence/adherenceData';
import {
  acknowledgementCounts,
  caseCounts,
  casesOfPeriod,
  matchEscalations,
  meetingCounts,
  owedAcks,
  type AcknowledgementCounts,
  type CaseCounts,
  type Escalation,
  type MeetingCounts,
} from '../adherence/adherenceCounts';
import { reportPeriodSchema, type ReportPeriod } from '../adherence/period';
import { csvDocument } from '../adherence/csv';

export { csvField } from '../adherence/csv';

export { MAX_REPORT_DAYS, reportPeriodSchema, type ReportPeriod } from '../adherence/period';
export type { AckCounts } from '../adherence/adherenceCounts';

export interface AdherenceReport {
  meetingId: string;
  /** Both days included, Europe/Stockholm. */
  period: ReportPeriod;
  /** Meetings still ahead and kvittenser not yet due are judged against this instant (ISO). */
  generatedAt: string;
  meetings: MeetingCounts;
  cases: CaseCounts;
  acknowledgements: AcknowledgementCounts;
  consent: {
    documented: number;
    cases: number;
    /** documented / cases (0–1); null without cases. */
    share: number | null;
    /** Why the share is always 100 %, in Swedish. */
    guarantee: string;
  };
  sip: {
    needsIdentified: number;
    coordinatorsAppointed: number;
  };
  escalations: {
    total: number;
    acknowledgedByManager: number;
    /** By the role whose members must acknowledge the escalation. */
    byTarget: Record<string, number>;
  };
  followUps: {
    /** Follow-up dates set by meetings held in the period. */
    set: number;
  };
  /** The Swedish names of every section and measure, so a page shows what the CSV shows. */
  labels: AdherenceReportLabels;
}

/** One line of the report as a table shows it: section, measure, value (number, share or date). */
export interface AdherenceReportRow {
  section: string;
  measure: string;
  value: string;
}

// services/ may not import cards/, so the report carries its own Swedish labels; the names of
// roles, urgencies and agenda points repeat cards/texts.sv.ts word for word (a test keeps them equal).
export const ADHERENCE_REPORT_LABELS = {
  title: 'Uppföljning av följsamhet till rutinen för samordningsmöten',
  header: { section: 'avsnitt', measure: 'mått', value: 'värde' },
  sections: {
    period: 'Period',
    meetings: 'Möten',
    cases: 'Ärenden',
    casesByAgendaPoint: 'Ärenden per dagordningspunkt',
    casesByUrgency: 'Ärenden per önskad handläggningstid',
    acknowledgements: 'Kvittenser',
    acknowledgementsOfRole: 'Kvittenser',
    consent: 'Samtycke',
    sip: 'SIP',
    escalations: 'Eskaleringar',
    escalationsByTarget: 'Eskaleringar till',
    followUps: 'Uppföljningar',
  },
  measures: {
    from: 'Från',
    to: 'Till',
    planned: 'Planerade',
    held: 'Genomförda',
    cancelledForHoliday: 'Inställda på grund av helgdag',
    movedForHoliday: 'Flyttade på grund av helgdag',
    total: 'Totalt',
    withdrawn: 'Återkallade',
    carriedOver: 'Flyttade till senare möte',
    lateSubmissions: 'Anmälda efter brytpunkten',
    onTime: 'I tid',
    late: 'Sena',
    open: 'Ej kvitterade',
    overdueOpen: 'Ej kvitterade efter sista tid',
    onTimeShare: 'Andel i tid',
    documented: 'Dokumenterat samtycke',
    consentCases: 'Ärenden',
    consentShare: 'Andel med samtycke',
    needsIdentified: 'Behov av SIP identifierat',
    coordinatorsAppointed: 'SIP-samordnare utsedd',
    acknowledgedByManager: 'Kvitterade av chef',
    followUpsSet: 'Uppföljningsdatum satta',
  },
  roles: ROLE_LABELS,
  urgencies: URGENCY_LABELS,
  agendaItems: AGENDA_ITEM_LABELS,
  /** A share that cannot be computed (nothing to divide by). */
  noShare: '–',
  consentGuarantee:
    'Alla ärenden har dokumenterat samtycke. Samordna tar bara emot ett ärende när anmälaren har angett att patientens samtycke ' +
    'är inhämtat; utan samtycke avvisas formuläret och ingenting sparas. Ett sparat ärende finns alltså bara om samtycke gavs. ' +
    'Antalet räknas ändå fram ur de sparade ärendena.',
} as const;

/** The labels' shape with plain strings, so a page or a test can carry other wording. */
type Wording<T> = { readonly [K in keyof T]: T[K] extends string ? string : Wording<T[K]> };
export type AdherenceReportLabels = Wording<typeof ADHERENCE_REPORT_LABELS>;

const REPORTED_AUDIT_ACTIONS: AuditAction[] = ['case.escalate', 'case.follow_up'];

/**
 * Reads each collection once for the whole period (runs, cases, kvittenser, audit log), never per
 * meeting day, and counts in memory. `services.clock` decides what is still ahead.
 */
export async function buildAdherenceReport(services: Services, meeting: Meeting, period: ReportPeriod): Promise<AdherenceReport> {
  const checked = reportPeriodSchema.safeParse(period);
  if (!checked.success) throw new RangeError(`invalid report period ${JSON.stringify(period)}`);
  const now = services.clock.now();
  const { repos } = services;
  const ids = [meeting._id];

  const heldRuns = await readHeldRuns(repos, ids, period);
  const submitted = await readSubmittedCases(repos, ids, period);
  const acks = await readNoticedAcks(repos, ids, period);
  const audit = await readAuditEntries(repos, ids, period, REPORTED_AUDIT_ACTIONS);

  const cases = casesOfPeriod(meeting, submitted, period);
  return {
    meetingId: meeting._id,
    period: { from: period.from, to: period.to },
    generatedAt: now.toISOString(),
    meetings: meetingCounts(meeting, period, now, heldRuns.length),
    cases: caseCounts(meeting, cases),
    acknowledgements: acknowledgementCounts(owedAcks(acks, submitted), now),
    consent: consentCounts(cases),
    sip: {
      needsIdentified: cases.filter((record) => record.decision?.sipNeeded === true).length,
      coordinatorsAppointed: cases.filter((record) => record.decision?.sipCoordinatorUserId != null).length,
    },
    escalations: escalationCounts(matchEscalations(audit, acks)),
    followUps: { set: audit.filter((entry) => entry.action === 'case.follow_up').length },
    labels: ADHERENCE_REPORT_LABELS,
  };
}

/** Read from the stored `consent` field (never sealed); intake makes it true for every case. */
function consentCounts(cases: readonly CountedCase[]): AdherenceReport['consent'] {
  const documented = cases.filter((record) => record.consent === true).length;
  return { documented, cases: cases.length, share: cases.length === 0 ? null : documented / cases.length, guarantee: ADHERENCE_REPORT_LABELS.consentGuarantee };
}

/** By the role the found kvittens asks of (always the managers today); an escalation without one counts in the total only. */
function escalationCounts(escalations: readonly Escalation[]): AdherenceReport['escalations'] {
  const byTarget: Record<string, number> = {};
  let acknowledgedByManager = 0;
  for (const { ack } of escalations) {
    if (!ack) continue;
    byTarget[ack.role] = (byTarget[ack.role] ?? 0) + 1;
    if (ack.status === 'confirmed') acknowledgedByManager++;
  }
  const sortedTargets = Object.fromEntries(Object.entries(byTarget).sort(([a], [b]) => a.localeCompare(b)));
  return { total: escalations.length, acknowledgedByManager, byTarget: sortedTargets };
}

/** `93,8 %`: Swedish decimal comma, one decimal. */
export function formatShare(share: number | null): string {
  return share === null ? ADHERENCE_REPORT_LABELS.noShare : `${(share * 100).toFixed(1).replace('.', ',')} %`;
}

/** Every number of the report in reading order, with its Swedish section and measure. */
export function adherenceReportRows(report: AdherenceReport): AdherenceReportRow[] {
  const { sections: s, measures: m, roles, urgencies, agendaItems } = report.labels;
  const rows: AdherenceReportRow[] = [];
  const add = (section: string, measure: string, value: number | string) => rows.push({ section, measure, value: String(value) });

  add(s.period, m.from, report.period.from);
  add(s.period, m.to, report.period.to);
  add(s.meetings, m.planned, report.meetings.planned);
  add(s.meetings, m.held, report.meetings.held);
  add(s.meetings, m.cancelledForHoliday, report.meetings.cancelledForHoliday);
  add(s.meetings, m.movedForHoliday, report.meetings.movedForHoliday);

  add(s.cases, m.total, report.cases.total);
  for (const item of AGENDA_ITEMS) add(s.casesByAgendaPoint, agendaItems[item], report.cases.byAgendaPoint[item]);
  for (const urgency of URGENCIES) add(s.casesByUrgency, urgencies[urgency], report.cases.byUrgency[urgency]);
  add(s.cases, m.withdrawn, report.cases.withdrawn);
  add(s.cases, m.carriedOver, report.cases.carriedOver);
  add(s.cases, m.lateSubmissions, report.cases.lateSubmissions);

  const acks = report.acknowledgements;
  add(s.acknowledgements, m.total, acks.total);
  add(s.acknowledgements, m.onTime, acks.onTime);
  add(s.acknowledgements, m.late, acks.late);
  add(s.acknowledgements, m.open, acks.open);
  add(s.acknowledgements, m.overdueOpen, acks.overdueOpen);
  add(s.acknowledgements, m.onTimeShare, formatShare(acks.onTimeShare));
  for (const role of ROLES) {
    const section = `${s.acknowledgementsOfRole} – ${roles[role]}`;
    const counts = acks.byRole[role];
    add(section, m.total, counts.total);
    add(section, m.onTime, counts.onTime);
    add(section, m.late, counts.late);
    add(section, m.open, counts.open);
  }

  add(s.consent, m.documented, report.consent.documented);
  add(s.consent, m.consentCases, report.consent.cases);
  add(s.consent, m.consentShare, formatShare(report.consent.share));

  add(s.sip, m.needsIdentified, report.sip.needsIdentified);
  add(s.sip, m.coordinatorsAppointed, report.sip.coordinatorsAppointed);

  add(s.escalations, m.total, report.escalations.total);
  add(s.escalations, m.acknowledgedByManager, report.escalations.acknowledgedByManager);
  for (const [target, count] of Object.entries(report.escalations.byTarget)) add(s.escalationsByTarget, isRole(target) ? roles[target] : target, count);

  add(s.followUps, m.followUpsSet, report.followUps.set);
  return rows;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** UTF-8 CSV for Swedish Excel: BOM, `avsnitt;mått;värde`, one row per number, CRLF line ends. */
export function adherenceReportCsv(report: AdherenceReport): string {
  const { header } = report.labels;
  const lines = [[header.section, header.measure, header.value], ...adherenceReportRows(report).map((row) => [row.section, row.measure, row.value])];
  return csvDocument(lines);
}
