// Uppföljning: the adherence figures of every meeting a person manages, side by side, per
// receiving organisation and in total, for the steering group's indicators (sip-riktlinjer:
// "Uppföljning av följsamhet … via gemensamt fastställda indikatorer"). Counts only: the one
// name in it is the staff member who escalated a case, shown to that meeting's managers.
import { isOpenEscalation } from '../acks/openEscalations';
import { isLate, isOverdue } from '../acks/ackState';
import type { Services } from '../app';
import { AGENDA_ITEMS, URGENCIES, type AgendaItem, type Urgency } from '../domain/codes';
import type { Meeting, RosterMember } from '../domain/records';
import { dischargeRulesOf } from '../meetings/meetingSettings';
import { paymentResponsibilityStarts, sipSummonsDeadline } from '../time/discharge';
import { dateOfEpochDay, localEpochDayOf } from '../time/stockholm';
import {
  byMeeting,
  readAuditEntries,
  readCasesById,
  readEscalationEntries,
  readHeldRuns,
  readNoticedAcks,
  readOpenManagerAcks,
  readPastDecisions,
  readSubmittedCases,
  type CountedAck,
  type CountedCase,
  type CountedPastDecision,
} from '../adherence/adherenceData';
import {
  caseCounts,
  casesOfPeriod,
  countAcks,
  hoursToAcknowledgement,
  matchEscalations,
  median,
  meetingCounts,
  meetingSubmittedFor,
  onTimeShare,
  owedAcks,
  zeros,
  type Escalation,
} from '../adherence/adherenceCounts';
import { monthsOf, reportPeriodSchema, type ReportPeriod } from '../adherence/period';
import { FOLLOWUP_LABELS, meetingTitle } from './followupLabels.sv';
import { followupRows, type FollowupRow } from './followupRows';

/** Fewer cases than this in the period, and a meeting's shares say more about chance than about adherence. */
export const TOO_SMALL_CASES = 5;

export interface AckIndicators {
  onTime: number;
  late: number;
  /** Open and past their due time. */
  missing: number;
  /** Open and not yet due. */
  open: number;
  onTimeShare: number | null;
}

export interface Indicators {
  meetings: { planned: number; held: number };
  cases: { total: number; byAgendaPoint: Record<AgendaItem, number>; byUrgency: Record<Urgency, number>; lateSubmissions: number; carriedOver: number };
  acknowledgements: AckIndicators;
  escalations: { total: number; acknowledged: number; medianHoursToAcknowledgement: number | null };
  discharge: { cases: number; sipSummonsInTime: number; takenUpAfterPaymentResponsibility: number };
}

export interface OrganisationIndicators {
  /** Cases with a recipient role that the organisation holds in the meeting. */
  cases: { received: number };
  acknowledgements: AckIndicators;
}

export interface FollowupMeeting {
  meetingId: string;
  title: string;
  area: string;
  tooSmall: boolean;
}

export interface OpenEscalation {
  ackId: string;
  caseId: string;
  reference: string;
  initials: string;
  birthYear: number;
  meetingId: string;
  meetingTitle: string;
  /** When the managers were asked (ISO). */
  since: string;
  escalatedBy: string;
  /** The reason is sealed clinical text: never opened here. */
  reason: null;
}

export interface TrendMonth {
  month: string;
  casesTotal: number;
  acksOnTime: number;
  acksLate: number;
  acksMissing: number;
  escalations: number;
}

export interface FollowupView {
  period: ReportPeriod;
  generatedAt: string;
  meetings: FollowupMeeting[];
  openEscalations: OpenEscalation[];
  byMeeting: { meetingId: string; indicators: Indicators }[];
  byOrganisation: { organisation: string; indicators: OrganisationIndicators }[];
  total: Indicators;
  trend: TrendMonth[];
  rows: FollowupRow[];
  labels: typeof FOLLOWUP_LABELS;
}

export type FollowupResult = { kind: 'followup'; view: FollowupView } | { kind: 'not_a_manager' } | { kind: 'meeting_not_found' };

export interface FollowupRequest {
  aadObjectId: string;
  period: ReportPeriod;
  /** One of the caller's managed meetings; all of them when absent. */
  meetingId?: string;
}

export interface ManagedMeeting {
  meeting: Meeting;
  member: RosterMember;
}

/** The meetings where the person is on the roster as a manager, by area and slot. */
export async function managedMeetingsOf(services: Pick<Services, 'repos'>, aadObjectId: string): Promise<ManagedMeeting[]> {
  const memberships = await services.repos.roster.find({ aadObjectId, role: 'manager' });
  if (memberships.length === 0) return [];
  const meetings = await services.repos.meetings.find({ _id: { $in: memberships.map((member) => member.meetingId) } });
  const memberOf = new Map(memberships.map((member) => [member.meetingId, member]));
  return meetings
    .map((meeting) => ({ meeting, member: memberOf.get(meeting._id)! }))
    .sort((a, b) => meetingTitle(a.meeting).localeCompare(meetingTitle(b.meeting), 'sv') || a.meeting._id.localeCompare(b.meeting._id));
}

/** One meeting's facts for the period, as the adherence definitions count them. */
interface MeetingFacts {
  meeting: Meeting;
  planned: number;
  held: number;
  cases: CountedCase[];
  owed: CountedAck[];
  escalations: Escalation[];
  /** Each discharge case's decisions, the current one and earlier ones, oldest first. */
  decisions: Map<string, Decided[]>;
  members: RosterMember[];
}

type Decided = Pick<CountedPastDecision, 'meetingDate' | 'sipNeeded' | 'sipCoordinatorUserId'>;

/**
 * The follow-up for the caller, audited (`followup.read`, once per meeting covered) before any
 * figure is read. A period the edge let through unchecked is a programming error, not a 4xx.
 */
export async function buildFollowup(services: Services, request: FollowupRequest, meetingsPerRead = MEETINGS_PER_READ): Promise<FollowupResult> {
  if (!reportPeriodSchema.safeParse(request.period).success) throw new RangeError(`invalid follow-up period ${JSON.stringify(request.period)}`);
  const managed = await managedMeetingsOf(services, request.aadObjectId);
  if (managed.length === 0) return { kind: 'not_a_manager' };
  const covered = request.meetingId === undefined ? managed : managed.filter(({ meeting }) => meeting._id === request.meetingId);
  if (covered.length === 0) return { kind: 'meeting_not_found' };
  // One write for all the meetings: the log has every entry or none, and a follow-up of fifty meetings waits for one commit.
  await services.store.transaction(async () => {
    for (const { meeting, member } of covered) {
      await services.audit.recordMeetingEvent('followup.read', { id: member.userId, aadObjectId: member.aadObjectId, name: member.name }, member.organization, meeting._id);
    }
  });
  return { kind: 'followup', view: await followupView(services, covered.map(({ meeting }) => meeting), request.period, meetingsPerRead) };
}

/**
 * Meetings read and counted together. Each group's records are let go before the next group is
 * read, so a follow-up of many meetings never holds all of their year at once (memory, and the
 * garbage collector's work), while a remote store is still asked a few times, not once per meeting.
 */
const MEETINGS_PER_READ = 5;

async function followupView(services: Services, meetings: readonly Meeting[], period: ReportPeriod, meetingsPerRead: number): Promise<FollowupView> {
  const now = services.clock.now();
  const counted: MeetingSummary[] = [];
  for (let first = 0; first < meetings.length; first += meetingsPerRead) {
    for (const fact of await readFacts(services, meetings.slice(first, first + meetingsPerRead), period, now)) counted.push(summarise(fact, period, now));
  }
  const view: Omit<FollowupView, 'rows'> = {
    period: { from: period.from, to: period.to },
    generatedAt: now.toISOString(),
    meetings: counted.map(({ meeting, indicators }) => ({ meetingId: meeting._id, title: meetingTitle(meeting), area: meeting.area, tooSmall: indicators.cases.total < TOO_SMALL_CASES })),
    openEscalations: await openEscalationsOf(services, meetings),
    byMeeting: counted.map(({ meeting, indicators }) => ({ meetingId: meeting._id, indicators })),
    byOrganisation: organisationIndicators(counted),
    total: totalOf(counted),
    trend: counted.reduce((sum, summary) => sum.map((month, i) => addMonths(month, summary.trend[i]!)), emptyTrend(period)),
    labels: FOLLOWUP_LABELS,
  };
  return { ...view, rows: followupRows(view) };
}

async function readFacts(services: Services, meetings: readonly Meeting[], period: ReportPeriod, now: Date): Promise<MeetingFacts[]> {
  const { repos } = services;
  const ids = meetings.map((meeting) => meeting._id);
  const runs = byMeeting(await readHeldRuns(repos, ids, period));
  const submitted = byMeeting(await readSubmittedCases(repos, ids, period));
  const acks = byMeeting(await readNoticedAcks(repos, ids, period));
  const audit = byMeeting(await readAuditEntries(repos, ids, period, ['case.escalate']));
  const pastDecisions = byMeeting(await readPastDecisions(repos, ids, period));
  const members = byMeeting(await repos.roster.find({ meetingId: { $in: ids } }));
  return meetings.map((meeting) => {
    const meetingSubmitted = submitted.get(meeting._id) ?? [];
    const meetingAcks = acks.get(meeting._id) ?? [];
    const cases = casesOfPeriod(meeting, meetingSubmitted, period);
    const counts = meetingCounts(meeting, period, now, (runs.get(meeting._id) ?? []).length);
    return {
      meeting,
      planned: counts.planned,
      held: counts.held,
      cases,
      owed: owedAcks(meetingAcks, meetingSubmitted),
      escalations: matchEscalations(audit.get(meeting._id) ?? [], meetingAcks),
      decisions: decisionsByCase(cases, pastDecisions.get(meeting._id) ?? []),
      members: members.get(meeting._id) ?? [],
    };
  });
}

/** What the view keeps of one meeting once its records are counted: everything sums across meetings but the median. */
interface MeetingSummary {
  meeting: Meeting;
  indicators: Indicators;
  hoursToAcknowledgement: number[];
  /** Every organisation on the roster, with the cases it received and the kvittenser it owed. */
  organisations: Map<string, OrganisationIndicators>;
  /** By month of the period, in order. */
  trend: TrendMonth[];
}

function summarise(fact: MeetingFacts, period: ReportPeriod, now: Date): MeetingSummary {
  const hours = hoursToAcknowledgement(fact.escalations);
  return {
    meeting: fact.meeting,
    indicators: meetingIndicators(fact, hours, now),
    hoursToAcknowledgement: hours,
    organisations: organisationsOf(fact, now),
    trend: trendOf(fact, period, now),
  };
}

/** Only the discharge cases' decisions are counted (dischargeCounts): the others are not gathered. */
function decisionsByCase(cases: readonly CountedCase[], past: readonly CountedPastDecision[]): Map<string, Decided[]> {
  const decisions = new Map<string, Decided[]>();
  for (const record of cases) if (isCountedDischarge(record)) decisions.set(record._id, record.decision ? [record.decision] : []);
  for (const decision of past) decisions.get(decision.caseId)?.push(decision);
  for (const list of decisions.values()) list.sort((a, b) => a.meetingDate.localeCompare(b.meetingDate));
  return decisions;
}

function meetingIndicators(fact: MeetingFacts, hoursToAcknowledgement: readonly number[], now: Date): Indicators {
  const counts = caseCounts(fact.meeting, fact.cases);
  return {
    meetings: { planned: fact.planned, held: fact.held },
    cases: { total: counts.total, byAgendaPoint: counts.byAgendaPoint, byUrgency: counts.byUrgency, lateSubmissions: counts.lateSubmissions, carriedOver: counts.carriedOver },
    acknowledgements: ackIndicators(fact.owed, now),
    escalations: {
      total: fact.escalations.length,
      acknowledged: fact.escalations.filter(({ ack }) => ack?.status === 'confirmed').length,
      medianHoursToAcknowledgement: median(hoursToAcknowledgement),
    },
    discharge: dischargeCounts(fact),
  };
}

/** The meetings' counts added up; the share from the sums, the median from all their escalations together. */
function totalOf(counted: readonly MeetingSummary[]): Indicators {
  const total: Indicators = {
    meetings: { planned: 0, held: 0 },
    cases: { total: 0, byAgendaPoint: zeros(AGENDA_ITEMS), byUrgency: zeros(URGENCIES), lateSubmissions: 0, carriedOver: 0 },
    acknowledgements: NO_ACKS,
    escalations: { total: 0, acknowledged: 0, medianHoursToAcknowledgement: median(counted.flatMap((summary) => summary.hoursToAcknowledgement)) },
    discharge: { cases: 0, sipSummonsInTime: 0, takenUpAfterPaymentResponsibility: 0 },
  };
  for (const { indicators } of counted) {
    total.meetings.planned += indicators.meetings.planned;
    total.meetings.held += indicators.meetings.held;
    total.cases.total += indicators.cases.total;
    total.cases.lateSubmissions += indicators.cases.lateSubmissions;
    total.cases.carriedOver += indicators.cases.carriedOver;
    for (const item of AGENDA_ITEMS) total.cases.byAgendaPoint[item] += indicators.cases.byAgendaPoint[item];
    for (const urgency of URGENCIES) total.cases.byUrgency[urgency] += indicators.cases.byUrgency[urgency];
    total.acknowledgements = addAcks(total.acknowledgements, indicators.acknowledgements);
    total.escalations.total += indicators.escalations.total;
    total.escalations.acknowledged += indicators.escalations.acknowledged;
    total.discharge.cases += indicators.discharge.cases;
    total.discharge.sipSummonsInTime += indicators.discharge.sipSummonsInTime;
    total.discharge.takenUpAfterPaymentResponsibility += indicators.discharge.takenUpAfterPaymentResponsibility;
  }
  return total;
}

const NO_ACKS: AckIndicators = { onTime: 0, late: 0, missing: 0, open: 0, onTimeShare: null };

/** Two groups of kvittenser as one: the counts add up, the share is taken of the sums. */
function addAcks(a: AckIndicators, b: AckIndicators): AckIndicators {
  const sum = { onTime: a.onTime + b.onTime, late: a.late + b.late, missing: a.missing + b.missing, open: a.open + b.open };
  return { ...sum, onTimeShare: onTimeShare(sum.onTime, sum.late, sum.missing) };
}

export function ackIndicators(acks: readonly CountedAck[], now: Date): AckIndicators {
  const counts = countAcks(acks);
  const missing = acks.filter((ack) => isOverdue(ack, now)).length;
  return { onTime: counts.onTime, late: counts.late, missing, open: counts.open - missing, onTimeShare: onTimeShare(counts.onTime, counts.late, missing) };
}

/**
 * Agenda point 5 with the utskrivningsklar time given (a withdrawn case has nobody to coordinate).
 * SIP in time: a decision that appointed a SIP coordinator on a meeting day no later than the
 * summons deadline. Taken up late: the first meeting that decided the case was on or after the
 * day payment responsibility started. Both by the meeting's own day counts.
 */
function dischargeCounts(fact: MeetingFacts): Indicators['discharge'] {
  const rules = dischargeRulesOf(fact.meeting);
  const counts = { cases: 0, sipSummonsInTime: 0, takenUpAfterPaymentResponsibility: 0 };
  for (const record of fact.cases) {
    if (!isCountedDischarge(record)) continue;
    counts.cases++;
    const decisions = fact.decisions.get(record._id) ?? [];
    const deadline = sipSummonsDeadline(record.readyForDischargeAt, rules);
    if (decisions.some((decision) => decision.sipNeeded && decision.sipCoordinatorUserId !== null && decision.meetingDate <= deadline)) counts.sipSummonsInTime++;
    const first = decisions[0];
    if (first && first.meetingDate >= paymentResponsibilityStarts(record.readyForDischargeAt, rules)) counts.takenUpAfterPaymentResponsibility++;
  }
  return counts;
}

function isCountedDischarge(record: CountedCase): record is CountedCase & { readyForDischargeAt: Date } {
  return record.agendaItem === 'discharge' && record.readyForDischargeAt !== null && record.status !== 'withdrawn';
}

/**
 * The receiving organisation is that of the roster members holding the recipient role (an action
 * assigned to one person: that person's). A role held in several organisations counts for each;
 * a role nobody on the roster holds counts for "Okänd organisation". Every organisation on the
 * roster is listed, so one that received nothing shows as such.
 */
function organisationsOf(fact: MeetingFacts, now: Date): Map<string, OrganisationIndicators> {
  const received = new Map<string, number>(fact.members.map((member) => [member.organization, 0]));
  const acks = new Map<string, CountedAck[]>();
  const byRole = new Map<string, string[]>();
  for (const member of fact.members) {
    const organisations = byRole.get(member.role) ?? [];
    if (!organisations.includes(member.organization)) organisations.push(member.organization);
    byRole.set(member.role, organisations);
  }
  const organisationsOfRole = (role: string): readonly string[] => byRole.get(role) ?? [FOLLOWUP_LABELS.unknownOrganisation];
  const organisationOf = new Map(fact.members.map((member) => [member.userId, member.organization]));
  for (const record of fact.cases) {
    const organisations = record.recipients.length === 1 ? organisationsOfRole(record.recipients[0]!) : new Set(record.recipients.flatMap(organisationsOfRole));
    for (const organisation of organisations) received.set(organisation, (received.get(organisation) ?? 0) + 1);
  }
  for (const ack of fact.owed) {
    const assigned = ack.assigneeUserId === null ? undefined : organisationOf.get(ack.assigneeUserId);
    for (const organisation of assigned !== undefined ? [assigned] : organisationsOfRole(ack.role)) {
      const list = acks.get(organisation);
      if (list) list.push(ack);
      else acks.set(organisation, [ack]);
    }
  }
  return new Map(
    [...new Set([...received.keys(), ...acks.keys()])].map((organisation) => [
      organisation,
      { cases: { received: received.get(organisation) ?? 0 }, acknowledgements: ackIndicators(acks.get(organisation) ?? [], now) },
    ]),
  );
}

function organisationIndicators(counted: readonly MeetingSummary[]): FollowupView['byOrganisation'] {
  const sums = new Map<string, OrganisationIndicators>();
  for (const summary of counted) {
    for (const [organisation, indicators] of summary.organisations) {
      const sum = sums.get(organisation);
      sums.set(
        organisation,
        sum
          ? { cases: { received: sum.cases.received + indicators.cases.received }, acknowledgements: addAcks(sum.acknowledgements, indicators.acknowledgements) }
          : indicators,
      );
    }
  }
  const unknownLast = (name: string) => (name === FOLLOWUP_LABELS.unknownOrganisation ? 1 : 0);
  return [...sums.keys()]
    .sort((a, b) => unknownLast(a) - unknownLast(b) || a.localeCompare(b, 'sv'))
    .map((organisation) => ({ organisation, indicators: sums.get(organisation)! }));
}

/**
 * By Stockholm calendar month: a case by the meeting day it was submitted for, a kvittens by the
 * day it was asked for, an escalation by the day it was made — the days the period is judged by.
 */
function trendOf(fact: MeetingFacts, period: ReportPeriod, now: Date): TrendMonth[] {
  const trend = emptyTrend(period);
  const months = new Map(trend.map((month) => [month.month, month]));
  // Thousands of instants, on a few hundred days: each day's month is looked up once.
  const byDay = new Map<number, TrendMonth>();
  const monthOf = (instant: Date): TrendMonth => {
    const day = localEpochDayOf(instant);
    let month = byDay.get(day);
    if (!month) {
      month = months.get(dateOfEpochDay(day).slice(0, 7))!;
      byDay.set(day, month);
    }
    return month;
  };
  for (const record of fact.cases) months.get(meetingSubmittedFor(fact.meeting, record).slice(0, 7))!.casesTotal++;
  for (const ack of fact.owed) {
    const month = monthOf(ack.noticeSentAt);
    if (ack.status === 'confirmed') {
      if (isLate(ack)) month.acksLate++;
      else month.acksOnTime++;
    } else if (isOverdue(ack, now)) month.acksMissing++;
  }
  for (const { entry } of fact.escalations) monthOf(entry.at).escalations++;
  return trend;
}

function emptyTrend(period: ReportPeriod): TrendMonth[] {
  return monthsOf(period).map((month) => ({ month, casesTotal: 0, acksOnTime: 0, acksLate: 0, acksMissing: 0, escalations: 0 }));
}

function addMonths(a: TrendMonth, b: TrendMonth): TrendMonth {
  return {
    month: a.month,
    casesTotal: a.casesTotal + b.casesTotal,
    acksOnTime: a.acksOnTime + b.acksOnTime,
    acksLate: a.acksLate + b.acksLate,
    acksMissing: a.acksMissing + b.acksMissing,
    escalations: a.escalations + b.escalations,
  };
}

/** Open escalations of the meetings (isOpenEscalation, as the board shows them), oldest first. */
async function openEscalationsOf(services: Services, meetings: readonly Meeting[]): Promise<OpenEscalation[]> {
  const { repos } = services;
  const open = await readOpenManagerAcks(
    repos,
    meetings.map((meeting) => meeting._id),
  );
  const caseIds = [...new Set(open.map((ack) => ack.caseId))];
  const cases = new Map((await readCasesById(repos, caseIds)).map((record) => [record._id, record]));
  const entries = await readEscalationEntries(repos, caseIds);
  const titles = new Map(meetings.map((meeting) => [meeting._id, meetingTitle(meeting)]));
  const escalations: OpenEscalation[] = [];
  for (const ack of open) {
    const record = cases.get(ack.caseId);
    if (!isOpenEscalation(ack, record)) continue;
    // The escalation's log entry is written in the same step that asks the managers, so the nearest in time is its own.
    const entry = entries
      .filter((candidate) => candidate.caseId === ack.caseId)
      .sort((a, b) => Math.abs(a.at.getTime() - ack.noticeSentAt.getTime()) - Math.abs(b.at.getTime() - ack.noticeSentAt.getTime()))[0];
    escalations.push({
      ackId: ack._id,
      caseId: record._id,
      reference: record.reference,
      initials: record.masked.initials,
      birthYear: record.masked.birthYear,
      meetingId: ack.meetingId,
      meetingTitle: titles.get(ack.meetingId)!,
      since: ack.noticeSentAt.toISOString(),
      escalatedBy: entry?.actor.name ?? FOLLOWUP_LABELS.noValue,
      reason: null,
    });
  }
  return escalations.sort((a, b) => a.since.localeCompare(b.since) || a.reference.localeCompare(b.reference));
}
