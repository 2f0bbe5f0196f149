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
import { localDateOf } from '../time/stockholm';
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
  /** Each case's decisions, the current one and earlier ones, oldest first. */
  decisions: Map<string, Decided[]>;
  members: RosterMember[];
}

type Decided = Pick<CountedPastDecision, 'meetingDate' | 'sipNeeded' | 'sipCoordinatorUserId'>;

/**
 * The follow-up for the caller, audited (`followup.read`, once per meeting covered) before any
 * figure is read. A period the edge let through unchecked is a programming error, not a 4xx.
 */
export async function buildFollowup(services: Services, request: FollowupRequest): Promise<FollowupResult> {
  if (!reportPeriodSchema.safeParse(request.period).success) throw new RangeError(`invalid follow-up period ${JSON.stringify(request.period)}`);
  const managed = await managedMeetingsOf(services, request.aadObjectId);
  if (managed.length === 0) return { kind: 'not_a_manager' };
  const covered = request.meetingId === undefined ? managed : managed.filter(({ meeting }) => meeting._id === request.meetingId);
  if (covered.length === 0) return { kind: 'meeting_not_found' };
  for (const { meeting, member } of covered) {
    await services.audit.recordMeetingEvent('followup.read', { id: member.userId, aadObjectId: member.aadObjectId, name: member.name }, member.organization, meeting._id);
  }
  return { kind: 'followup', view: await followupView(services, covered.map(({ meeting }) => meeting), request.period) };
}

async function followupView(services: Services, meetings: readonly Meeting[], period: ReportPeriod): Promise<FollowupView> {
  const now = services.clock.now();
  const { repos } = services;
  const ids = meetings.map((meeting) => meeting._id);
  const runs = byMeeting(await readHeldRuns(repos, ids, period));
  const submitted = byMeeting(await readSubmittedCases(repos, ids, period));
  const acks = byMeeting(await readNoticedAcks(repos, ids, period));
  const audit = byMeeting(await readAuditEntries(repos, ids, period, ['case.escalate']));
  const pastDecisions = byMeeting(await readPastDecisions(repos, ids, period));
  const members = byMeeting(await repos.roster.find({ meetingId: { $in: ids } }));

  const facts: MeetingFacts[] = meetings.map((meeting) => {
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

  const view: Omit<FollowupView, 'rows'> = {
    period: { from: period.from, to: period.to },
    generatedAt: now.toISOString(),
    meetings: facts.map(({ meeting, cases }) => ({ meetingId: meeting._id, title: meetingTitle(meeting), area: meeting.area, tooSmall: cases.length < TOO_SMALL_CASES })),
    openEscalations: await openEscalationsOf(services, meetings),
    byMeeting: facts.map((fact) => ({ meetingId: fact.meeting._id, indicators: indicatorsOf([fact], now) })),
    byOrganisation: organisationIndicators(facts, now),
    total: indicatorsOf(facts, now),
    trend: trendOf(facts, period, now),
    labels: FOLLOWUP_LABELS,
  };
  return { ...view, rows: followupRows(view) };
}

function decisionsByCase(cases: readonly CountedCase[], past: readonly CountedPastDecision[]): Map<string, Decided[]> {
  const decisions = new Map<string, Decided[]>(cases.map((record) => [record._id, record.decision ? [record.decision] : []]));
  for (const decision of past) decisions.get(decision.caseId)?.push(decision);
  for (const list of decisions.values()) list.sort((a, b) => a.meetingDate.localeCompare(b.meetingDate));
  return decisions;
}

/** Summed over the meetings given: one meeting's row, or the total. */
export function indicatorsOf(facts: readonly MeetingFacts[], now: Date): Indicators {
  const byAgendaPoint = zeros(AGENDA_ITEMS);
  const byUrgency = zeros(URGENCIES);
  const indicators: Indicators = {
    meetings: { planned: 0, held: 0 },
    cases: { total: 0, byAgendaPoint, byUrgency, lateSubmissions: 0, carriedOver: 0 },
    acknowledgements: ackIndicators(facts.flatMap((fact) => fact.owed), now),
    escalations: { total: 0, acknowledged: 0, medianHoursToAcknowledgement: median(facts.flatMap((fact) => hoursToAcknowledgement(fact.escalations))) },
    discharge: { cases: 0, sipSummonsInTime: 0, takenUpAfterPaymentResponsibility: 0 },
  };
  for (const fact of facts) {
    indicators.meetings.planned += fact.planned;
    indicators.meetings.held += fact.held;
    const counts = caseCounts(fact.meeting, fact.cases);
    indicators.cases.total += counts.total;
    indicators.cases.lateSubmissions += counts.lateSubmissions;
    indicators.cases.carriedOver += counts.carriedOver;
    for (const item of AGENDA_ITEMS) byAgendaPoint[item] += counts.byAgendaPoint[item];
    for (const urgency of URGENCIES) byUrgency[urgency] += counts.byUrgency[urgency];
    indicators.escalations.total += fact.escalations.length;
    indicators.escalations.acknowledged += fact.escalations.filter(({ ack }) => ack?.status === 'confirmed').length;
    const discharge = dischargeCounts(fact);
    indicators.discharge.cases += discharge.cases;
    indicators.discharge.sipSummonsInTime += discharge.sipSummonsInTime;
    indicators.discharge.takenUpAfterPaymentResponsibility += discharge.takenUpAfterPaymentResponsibility;
  }
  return indicators;
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
    if (record.agendaItem !== 'discharge' || record.readyForDischargeAt === null || record.status === 'withdrawn') continue;
    counts.cases++;
    const decisions = fact.decisions.get(record._id) ?? [];
    const deadline = sipSummonsDeadline(record.readyForDischargeAt, rules);
    if (decisions.some((decision) => decision.sipNeeded && decision.sipCoordinatorUserId !== null && decision.meetingDate <= deadline)) counts.sipSummonsInTime++;
    const first = decisions[0];
    if (first && first.meetingDate >= paymentResponsibilityStarts(record.readyForDischargeAt, rules)) counts.takenUpAfterPaymentResponsibility++;
  }
  return counts;
}

/**
 * The receiving organisation is that of the roster members holding the recipient role (an action
 * assigned to one person: that person's). A role held in several organisations counts for each;
 * a role nobody on the roster holds counts for "Okänd organisation".
 */
function organisationIndicators(facts: readonly MeetingFacts[], now: Date): FollowupView['byOrganisation'] {
  // Every organisation on the rosters is listed, so one that received nothing shows as such.
  const received = new Map<string, number>(facts.flatMap((fact) => fact.members.map((member) => [member.organization, 0] as const)));
  const acks = new Map<string, CountedAck[]>();
  for (const fact of facts) {
    const organisationsOfRole = (role: string): string[] => [...new Set(fact.members.filter((member) => member.role === role).map((member) => member.organization))];
    const orUnknown = (organisations: string[]) => (organisations.length > 0 ? organisations : [FOLLOWUP_LABELS.unknownOrganisation]);
    for (const record of fact.cases) {
      const organisations = new Set(record.recipients.flatMap((role) => orUnknown(organisationsOfRole(role))));
      for (const organisation of organisations) received.set(organisation, (received.get(organisation) ?? 0) + 1);
    }
    for (const ack of fact.owed) {
      const assignee = ack.assigneeUserId === null ? undefined : fact.members.find((member) => member.userId === ack.assigneeUserId);
      for (const organisation of assignee ? [assignee.organization] : orUnknown(organisationsOfRole(ack.role))) {
        const list = acks.get(organisation);
        if (list) list.push(ack);
        else acks.set(organisation, [ack]);
      }
    }
  }
  const unknownLast = (name: string) => (name === FOLLOWUP_LABELS.unknownOrganisation ? 1 : 0);
  return [...new Set([...received.keys(), ...acks.keys()])]
    .sort((a, b) => unknownLast(a) - unknownLast(b) || a.localeCompare(b, 'sv'))
    .map((organisation) => ({ organisation, indicators: { cases: { received: received.get(organisation) ?? 0 }, acknowledgements: ackIndicators(acks.get(organisation) ?? [], now) } }));
}

/**
 * By Stockholm calendar month: a case by the meeting day it was submitted for, a kvittens by the
 * day it was asked for, an escalation by the day it was made — the days the period is judged by.
 */
function trendOf(facts: readonly MeetingFacts[], period: ReportPeriod, now: Date): TrendMonth[] {
  const months = new Map(monthsOf(period).map((month) => [month, { month, casesTotal: 0, acksOnTime: 0, acksLate: 0, acksMissing: 0, escalations: 0 }]));
  for (const fact of facts) {
    for (const record of fact.cases) months.get(meetingSubmittedFor(fact.meeting, record).slice(0, 7))!.casesTotal++;
    for (const ack of fact.owed) {
      const month = months.get(localDateOf(ack.noticeSentAt).slice(0, 7))!;
      if (ack.status === 'confirmed') {
        if (isLate(ack)) month.acksLate++;
        else month.acksOnTime++;
      } else if (isOverdue(ack, now)) month.acksMissing++;
    }
    for (const { entry } of fact.escalations) months.get(localDateOf(entry.at).slice(0, 7))!.escalations++;
  }
  return [...months.values()];
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
