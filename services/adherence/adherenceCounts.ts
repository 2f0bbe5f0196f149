// The definitions of the adherence figures, shared by the yearly report of one meeting
// (services/board/adherenceReport.ts) and the managers' follow-up across meetings
// (services/followup): one place decides what "held", "late" or "escalated" means.
import { isLate, isOverdue } from '../acks/ackState';
import { AGENDA_ITEMS, ROLES, URGENCIES, type AgendaItem, type LocalDate, type Role, type Urgency } from '../domain/codes';
import type { Meeting } from '../domain/records';
import { MeetingCalendar } from '../time/meetingCalendar';
import { addDays, localDateOf } from '../time/stockholm';
import type { CountedAck, CountedAuditEntry, CountedCase } from './adherenceData';
import { isWithin, type ReportPeriod } from './period';

export interface MeetingCounts {
  /** Meeting days of the period from the meeting's calendar (holiday policy applied), from set-up until now. */
  planned: number;
  /** Meeting days whose run was ended (point 6, the summary posted). */
  held: number;
  /** Regular meeting days skipped because of a public holiday (policy `skip`). */
  cancelledForHoliday: number;
  /** Planned meetings that a public holiday moved to the next vardag (policy `move`). */
  movedForHoliday: number;
}

export interface CaseCounts {
  /** Cases whose cut-off put them on a meeting day within the period. */
  total: number;
  byAgendaPoint: Record<AgendaItem, number>;
  byUrgency: Record<Urgency, number>;
  withdrawn: number;
  /** Moved on at least once because a meeting did not reach them. */
  carriedOver: number;
  /** Submitted after the cut-off of the meeting that was next at the time. */
  lateSubmissions: number;
}

export interface AckCounts {
  total: number;
  onTime: number;
  late: number;
  open: number;
}

export type AcknowledgementCounts = AckCounts & {
  /** Still open after their due time. */
  overdueOpen: number;
  /** On time among those whose due time has passed (0–1); null when none has. */
  onTimeShare: number | null;
  /** Per role that owes the kvittens. */
  byRole: Record<Role, AckCounts>;
};

/** An escalation from the audit log, with the managers' kvittens it asked for when one is found. */
export interface Escalation {
  entry: CountedAuditEntry;
  ack: CountedAck | null;
}

/** A meeting moved off a holiday lands at most a few days after its regular day. */
const MOVED_MEETING_LOOKBACK_DAYS = 14;

/**
 * The meeting whose cut-off the submission met, by the same rule intake used. A carried-over case
 * keeps counting for the meeting it was submitted for, not for the one that finally took it up.
 */
export function meetingSubmittedFor(meeting: Meeting, record: Pick<CountedCase, 'submittedAt'>): LocalDate {
  let date = submittedFor.get(record);
  if (date === undefined) {
    date = calendarOf(meeting).meetingForSubmission(record.submittedAt).date;
    submittedFor.set(record, date);
  }
  return date;
}

// Asked of each case by several counts; a record read for one request is one meeting's only.
const submittedFor = new WeakMap<object, LocalDate>();

// One calendar per meeting record read: a follow-up asks it for every case of a year, more than once.
const calendars = new WeakMap<Meeting, MeetingCalendar>();
function calendarOf(meeting: Meeting): MeetingCalendar {
  let calendar = calendars.get(meeting);
  if (!calendar) {
    calendar = new MeetingCalendar(meeting);
    calendars.set(meeting, calendar);
  }
  return calendar;
}

/** The cases a meeting day of the period was to take up. */
export function casesOfPeriod<T extends CountedCase>(meeting: Meeting, submitted: readonly T[], period: ReportPeriod): T[] {
  return submitted.filter((record) => isWithin(meetingSubmittedFor(meeting, record), period));
}

/**
 * A withdrawn case owes nobody a kvittens (the reminders skip it too). Its kvittenser were asked
 * for when it was submitted, so the cases read for the period hold every withdrawn one they can belong to.
 */
export function owedAcks<T extends CountedAck>(acks: readonly T[], submitted: readonly CountedCase[]): T[] {
  const withdrawnIds = new Set(submitted.filter((record) => record.status === 'withdrawn').map((record) => record._id));
  return acks.filter((ack) => !withdrawnIds.has(ack.caseId));
}

/** Only days the meeting existed on and that have come: a meeting not yet held is not a missed one. */
export function meetingCounts(meeting: Meeting, period: ReportPeriod, now: Date, held: number): MeetingCounts {
  const setUp = localDateOf(meeting.createdAt);
  const first = period.from > setUp ? period.from : setUp;
  const today = localDateOf(now);
  const last = period.to < today ? period.to : today;
  const counts = { planned: 0, held, cancelledForHoliday: 0, movedForHoliday: 0 };
  for (const { nominalDate, occurrence } of calendarOf(meeting).weeksBetween(addDays(first, -MOVED_MEETING_LOOKBACK_DAYS), last)) {
    if (occurrence === null) {
      if (nominalDate >= first) counts.cancelledForHoliday++;
      continue;
    }
    if (occurrence.date < first || occurrence.date > last || occurrence.startsAt.getTime() > now.getTime()) continue;
    counts.planned++;
    if (occurrence.date !== nominalDate) counts.movedForHoliday++;
  }
  return counts;
}

export function caseCounts(meeting: Meeting, cases: readonly CountedCase[]): CaseCounts {
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
    lateSubmissions: cases.filter((record) => isLateSubmission(meeting, record)).length,
  };
}

export function isLateSubmission(meeting: Meeting, record: Pick<CountedCase, 'submittedAt'>): boolean {
  return calendarOf(meeting).nextMeeting(record.submittedAt).date !== meetingSubmittedFor(meeting, record);
}

export function acknowledgementCounts(acks: readonly CountedAck[], now: Date): AcknowledgementCounts {
  const byRole = Object.fromEntries(ROLES.map((role) => [role, countAcks(acks.filter((ack) => ack.role === role))])) as Record<Role, AckCounts>;
  const overdueOpen = acks.filter((ack) => isOverdue(ack, now)).length;
  const counts = countAcks(acks);
  return { ...counts, overdueOpen, onTimeShare: onTimeShare(counts.onTime, counts.late, overdueOpen), byRole };
}

/** On time among the kvittenser whose due time has passed; a kvittens not yet due is judged later. */
export function onTimeShare(onTime: number, late: number, overdueOpen: number): number | null {
  const judged = onTime + late + overdueOpen;
  return judged === 0 ? null : onTime / judged;
}

export function countAcks(acks: readonly CountedAck[]): AckCounts {
  const confirmed = acks.filter((ack) => ack.status === 'confirmed');
  const late = confirmed.filter(isLate).length;
  return { total: acks.length, onTime: confirmed.length - late, late, open: acks.length - confirmed.length };
}

/**
 * The audit log holds each escalation (it outlives the cases); the kvittens the meeting asked of
 * the managers is the first one for that case, without an assignee, asked for at or after it.
 * Escalations come out oldest first.
 */
export function matchEscalations(entries: readonly CountedAuditEntry[], acks: readonly CountedAck[]): Escalation[] {
  const escalations = entries.filter((entry) => entry.action === 'case.escalate').sort((a, b) => a.at.getTime() - b.at.getTime());
  const used = new Set<string>();
  const candidates = acks.filter((ack) => ack.assigneeUserId === null).sort((a, b) => a.noticeSentAt.getTime() - b.noticeSentAt.getTime());
  return escalations.map((entry) => {
    const ack =
      candidates.find(
        (candidate) => !used.has(candidate._id) && candidate.caseId === entry.caseId && candidate.role === 'manager' && candidate.noticeSentAt.getTime() >= entry.at.getTime(),
      ) ?? null;
    if (ack) used.add(ack._id);
    return { entry, ack };
  });
}

/** Hours from the managers' notice to the first manager's kvittens, for those acknowledged. */
export function hoursToAcknowledgement(escalations: readonly Escalation[]): number[] {
  return escalations
    .filter((escalation) => escalation.ack?.status === 'confirmed' && escalation.ack.confirmedAt !== null)
    .map(({ ack }) => (ack!.confirmedAt!.getTime() - ack!.noticeSentAt.getTime()) / 3_600_000);
}

/** The middle value (the mean of the two middle ones for an even count), one decimal; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}

export function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}
