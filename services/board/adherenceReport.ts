// The yearly follow-up of the routine (samordningsmöten-rutin, "Uppföljning": följsamhet följs upp
// en gång per år). Counts only: no patient data, no staff names, and no sealed value is opened.
import { z } from 'zod';
import { isLate, isOverdue } from '../acks/ackState';
import type { Services } from '../app';
import { AGENDA_ITEMS, ROLES, URGENCIES, type AgendaItem, type LocalDate, type Role, type Urgency } from '../domain/codes';
import { AGENDA_ITEM_LABELS, ROLE_LABELS, URGENCY_LABELS } from '../domain/labels.sv';
import type { Acknowledgement, AuditAction, AuditEntry, CaseRecord, Meeting } from '../domain/records';
import { firstNominalDateFrom, meetingDayOf, meetingForSubmission, meetingStartsAt, nextMeeting } from '../time/meetingCalendar';
import { addDays, isValidLocalDate, localDateOf, zonedInstant } from '../time/stockholm';

export interface ReportPeriod {
  from: LocalDate;
  to: LocalDate;
}

export interface AckCounts {
  total: number;
  onTime: number;
  late: number;
  open: number;
}

export interface AdherenceReport {
  meetingId: string;
  /** Both days included, Europe/Stockholm. */
  period: ReportPeriod;
  /** Meetings still ahead and kvittenser not yet due are judged against this instant (ISO). */
  generatedAt: string;
  meetings: {
    /** Meeting days of the period from the meeting's calendar (holiday policy applied), from set-up until now. */
    planned: number;
    /** Meeting days whose run was ended (point 6, the summary posted). */
    held: number;
    /** Regular meeting days skipped because of a public holiday (policy `skip`). */
    cancelledForHoliday: number;
    /** Planned meetings that a public holiday moved to the next vardag (policy `move`). */
    movedForHoliday: number;
  };
  cases: {
    /** Cases whose cut-off put them on a meeting day within the period. */
    total: number;
    byAgendaPoint: Record<AgendaItem, number>;
    byUrgency: Record<Urgency, number>;
    withdrawn: number;
    /** Moved on at least once because a meeting did not reach them. */
    carriedOver: number;
    /** Submitted after the cut-off of the meeting that was next at the time. */
    lateSubmissions: number;
  };
  acknowledgements: AckCounts & {
    /** Still open after their due time. */
    overdueOpen: number;
    /** On time among those whose due time has passed (0–1); null when none has. */
    onTimeShare: number | null;
    /** Per role that owes the kvittens. */
    byRole: Record<Role, AckCounts>;
  };
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

/** A year and a day: a yearly report with room for a leap year, and a bound on the work one request asks for. */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;

const localDate = z.string().refine(isValidLocalDate, 'invalid_date');

/** For the edge (the board API): both dates valid, `from` not after `to`, at most MAX_REPORT_DAYS days. */
export const reportPeriodSchema = z
  .object({ from: localDate, to: localDate })
  .refine((period) => period.from <= period.to, { message: 'from_after_to', path: ['to'] })
  .refine((period) => daysIn(period) <= MAX_REPORT_DAYS, { message: 'too_long', path: ['to'] });

function daysIn(period: ReportPeriod): number {
  return Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/**
 * A case waits at most a few weeks between its submission and its meeting (two holiday weeks
 * skipped in a row at New Year is the longest gap), so cases submitted this long before the period
 * are the earliest that can still belong to a meeting within it.
 */
const SUBMISSION_LOOKBACK_DAYS = 42;
/** A meeting moved off a holiday lands at most a few days after its regular day. */
const MOVED_MEETING_LOOKBACK_DAYS = 14;

const REPORTED_AUDIT_ACTIONS: AuditAction[] = ['case.escalate', 'case.follow_up'];

/**
 * Reads each collection once for the whole period (runs, cases, kvittenser, audit log), never per
 * meeting day, and counts in memory. `services.clock` decides what is still ahead.
 */
export async function buildAdherenceReport(services: Services, meeting: Meeting, period: ReportPeriod): Promise<AdherenceReport> {
  const checked = reportPeriodSchema.safeParse(period);
  if (!checked.success) throw new RangeError(`invalid report period ${JSON.stringify(period)}`);
  const now = services.clock.now();
  const periodStart = zonedInstant(period.from, '00:00');
  const periodEnd = zonedInstant(addDays(period.to, 1), '00:00');
  const inPeriod = { $gte: periodStart, $lt: periodEnd };
  const { repos } = services;

  const heldRuns = await repos.runs.find({ meetingId: meeting._id, status: 'ended', meetingDate: { $gte: period.from, $lt: addDays(period.to, 1) } });
  const submittedSince = zonedInstant(addDays(period.from, -SUBMISSION_LOOKBACK_DAYS), '00:00');
  const submitted = await repos.cases.find({ meetingId: meeting._id, submittedAt: { $gte: submittedSince, $lt: periodEnd } });
  const acks = await repos.acks.find({ meetingId: meeting._id, noticeSentAt: inPeriod });
  const audit = await repos.audit.find({ meetingId: meeting._id, action: { $in: REPORTED_AUDIT_ACTIONS }, at: inPeriod });

  const cases = submitted.filter((record) => isWithin(meetingSubmittedFor(meeting, record), period));
  // A withdrawn case owes nobody a kvittens (the reminders skip it too). Its kvittenser were asked
  // for when it was submitted, so the cases read above hold every withdrawn one they can belong to.
  const withdrawnIds = new Set(submitted.filter((record) => record.status === 'withdrawn').map((record) => record._id));
  const owed = acks.filter((ack) => !withdrawnIds.has(ack.caseId));
  const escalations = audit.filter((entry) => entry.action === 'case.escalate').sort((a, b) => a.at.getTime() - b.at.getTime());

  return {
    meetingId: meeting._id,
    period: { from: period.from, to: period.to },
    generatedAt: now.toISOString(),
    meetings: meetingCounts(meeting, period, now, heldRuns.length),
    cases: caseCounts(meeting, cases),
    acknowledgements: acknowledgementCounts(owed, now),
    consent: consentCounts(cases),
    sip: {
      needsIdentified: cases.filter((record) => record.decision?.sipNeeded === true).length,
      coordinatorsAppointed: cases.filter((record) => record.decision?.sipCoordinatorUserId != null).length,
    },
    escalations: escalationCounts(escalations, acks),
    followUps: { set: audit.filter((entry) => entry.action === 'case.follow_up').length },
    labels: ADHERENCE_REPORT_LABELS,
  };
}

function isWithin(date: LocalDate, period: ReportPeriod): boolean {
  return date >= period.from && date <= period.to;
}

/**
 * The meeting whose cut-off the submission met, by the same rule intake used. A carried-over case
 * keeps counting for the meeting it was submitted for, not for the one that finally took it up.
 */
function meetingSubmittedFor(meeting: Meeting, record: Pick<CaseRecord, 'submittedAt'>): LocalDate {
  return meetingForSubmission(meeting, record.submittedAt).date;
}

/** Only days the meeting existed on and that have come: a meeting not yet held is not a missed one. */
function meetingCounts(meeting: Meeting, period: ReportPeriod, now: Date, held: number): AdherenceReport['meetings'] {
  const setUp = localDateOf(meeting.createdAt);
  const first = period.from > setUp ? period.from : setUp;
  const today = localDateOf(now);
  const last = period.to < today ? period.to : today;
  const counts = { planned: 0, held, cancelledForHoliday: 0, movedForHoliday: 0 };
  for (let nominal = firstNominalDateFrom(meeting, addDays(first, -MOVED_MEETING_LOOKBACK_DAYS)); nominal <= last; nominal = addDays(nominal, 7)) {
    const day = meetingDayOf(meeting, nominal);
    if (day.date === null) {
      if (nominal >= first) counts.cancelledForHoliday++;
      continue;
    }
    if (day.date < first || day.date > last || meetingStartsAt(meeting, day.date).getTime() > now.getTime()) continue;
    counts.planned++;
    if (day.holiday) counts.movedForHoliday++;
  }
  return counts;
}

function caseCounts(meeting: Meeting, cases: readonly CaseRecord[]): AdherenceReport['cases'] {
  const byAgendaPoint = zeros(AGENDA_ITEMS);
  const byUrgency = zeros(URGENCIES);
  for (const record of cases) {
    byAgendaPoint[record.agendaItem]++;
    byUrgency[record.urgency]++;
  }
  return {
    total: cases.length,
    byAgendaPoint,
    byUrgency,
    withdrawn: cases.filter((record) => record.status === 'withdrawn').length,
    carriedOver: cases.filter((record) => record.carriedOverFrom !== null).length,
    lateSubmissions: cases.filter((record) => nextMeeting(meeting, record.submittedAt).date !== meetingSubmittedFor(meeting, record)).length,
  };
}

function acknowledgementCounts(acks: readonly Acknowledgement[], now: Date): AdherenceReport['acknowledgements'] {
  const byRole = Object.fromEntries(ROLES.map((role) => [role, countAcks(acks.filter((ack) => ack.role === role))])) as Record<Role, AckCounts>;
  const overdueOpen = acks.filter((ack) => isOverdue(ack, now)).length;
  const counts = countAcks(acks);
  const judged = counts.onTime + counts.late + overdueOpen;
  return { ...counts, overdueOpen, onTimeShare: judged === 0 ? null : counts.onTime / judged, byRole };
}

function countAcks(acks: readonly Acknowledgement[]): AckCounts {
  const confirmed = acks.filter((ack) => ack.status === 'confirmed');
  const late = confirmed.filter(isLate).length;
  return { total: acks.length, onTime: confirmed.length - late, late, open: acks.length - confirmed.length };
}

/** Read from the stored `consent` field (never sealed); intake makes it true for every case. */
function consentCounts(cases: readonly CaseRecord[]): AdherenceReport['consent'] {
  const documented = cases.filter((record) => record.consent === true).length;
  return { documented, cases: cases.length, share: cases.length === 0 ? null : documented / cases.length, guarantee: ADHERENCE_REPORT_LABELS.consentGuarantee };
}

/**
 * The audit log holds each escalation (it outlives the cases); the kvittens the meeting asked of
 * the managers is the first one for that case, without an assignee, asked for at or after it.
 */
function escalationCounts(escalations: readonly AuditEntry[], acks: readonly Acknowledgement[]): AdherenceReport['escalations'] {
  const byTarget: Record<string, number> = {};
  let acknowledgedByManager = 0;
  const used = new Set<string>();
  const candidates = acks.filter((ack) => ack.assigneeUserId === null).sort((a, b) => a.noticeSentAt.getTime() - b.noticeSentAt.getTime());
  for (const entry of escalations) {
    const ack = candidates.find(
      (candidate) => !used.has(candidate._id) && candidate.caseId === entry.caseId && candidate.role === 'manager' && candidate.noticeSentAt.getTime() >= entry.at.getTime(),
    );
    if (!ack) continue;
    used.add(ack._id);
    byTarget[ack.role] = (byTarget[ack.role] ?? 0) + 1;
    if (ack.status === 'confirmed') acknowledgedByManager++;
  }
  const sortedTargets = Object.fromEntries(Object.entries(byTarget).sort(([a], [b]) => a.localeCompare(b)));
  return { total: escalations.length, acknowledgedByManager, byTarget: sortedTargets };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
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

/** A byte-order mark makes Excel read the file as UTF-8 (it would guess the local code page otherwise). */
const BOM = '\uFEFF';
/** Excel splits on the list separator of the locale, which is the semicolon in Swedish. */
const SEPARATOR = ';';

/**
 * A cell Excel takes as text: quoted when it holds a separator, quote or line break, and with a
 * leading apostrophe when it would start a formula, so no label can ever run as one.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 CSV for Swedish Excel: BOM, `avsnitt;mått;värde`, one row per number, CRLF line ends. */
export function adherenceReportCsv(report: AdherenceReport): string {
  const { header } = report.labels;
  const lines = [[header.section, header.measure, header.value], ...adherenceReportRows(report).map((row) => [row.section, row.measure, row.value])];
  return BOM + lines.map((cells) => cells.map(csvField).join(SEPARATOR)).join('\r\n') + '\r\n';
}
