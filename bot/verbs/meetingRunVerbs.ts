import {
  agendaItemLabel,
  decisionFormCard,
  DECISION_TEXTS,
  formatLocalDate,
  issueMessages,
  compactLeaderViewCard,
  leaderViewCard,
  meetingTimeLabel,
  messageCard,
  notAllowedCard,
  roleLabel,
  RUN_TEXTS,
  urgencyLabel,
  type DecisionField,
  type LeaderViewInput,
} from '../../cards';
import type { LocalDate } from '../../services/domain/codes';
import type { CaseRecord, Meeting, MeetingRun } from '../../services/domain/records';
import { dischargeRulesOf } from '../../services/meetings/meetingSettings';
import { isValidLocalDate, localDateOf } from '../../services/time/stockholm';
import type { FieldIssue } from '../../services/validation/issues';
import { agendaPointOf } from '../../services/meetings/agendaPoint';
import { keptDecisionValues } from '../../services/meetings/decisionInput';
import { agendaCardFor, dischargeLabelOf } from '../noticeRenderer';
import { idFrom, meetingOf, noMeetingReply } from './meetingContext';
import { keepFormWhenNotSaved } from './unsavedForm';
import type { VerbHandler, VerbReply, VerbRequest } from './verb';

const POINTS = [1, 2, 3, 4, 5, 6] as const;

/** The meeting day a run card is about: the one it names, else today. */
function runDateOf(request: VerbRequest): LocalDate {
  const named = request.data.meetingDate;
  return typeof named === 'string' && isValidLocalDate(named) ? named : localDateOf(request.services.clock.now());
}

async function decisionLine(request: VerbRequest, record: CaseRecord, meetingDate: LocalDate): Promise<string | null> {
  const decision = record.decision;
  if (!decision || decision.meetingDate !== meetingDate) return null;
  const responsible = await request.services.roster.member(record.meetingId, decision.responsibleUserId);
  return RUN_TEXTS.decisionLine(responsible?.name ?? '–', decision.followUpDate ? formatLocalDate(decision.followUpDate) : null, decision.sipNeeded, decision.escalate);
}

async function leaderView(request: VerbRequest, meeting: Meeting, run: MeetingRun, notice: string | null): Promise<VerbReply> {
  const cases = await request.services.runs.casesOf(meeting, run.meetingDate);
  const rules = dischargeRulesOf(meeting);
  const lines = [];
  for (const record of cases) {
    lines.push({
      caseId: record._id,
      reference: record.reference,
      initials: record.masked.initials,
      birthYear: record.masked.birthYear,
      urgencyLabel: urgencyLabel(record.urgency),
      point: agendaPointOf(record, run.meetingDate),
      followUpDue: record.followUp?.flaggedFor === run.meetingDate,
      dischargeLabel: dischargeLabelOf(record, rules),
      decisionLine: await decisionLine(request, record, run.meetingDate),
    });
  }
  const input: LeaderViewInput = {
    meetingId: meeting._id,
    meetingDate: run.meetingDate,
    area: meeting.area,
    meetingLabel: meetingTimeLabel(run.meetingDate, meeting.schedule.time),
    point: run.point,
    areaNote: run.areaNote,
    cases: lines,
    decidedCount: lines.filter((line) => line.decisionLine !== null).length,
    totalCount: lines.length,
    notice,
    leaderId: request.actor.id,
    lateCases: (await request.services.runs.lateCasesOf(meeting, run.meetingDate)).map((record) => ({
      caseId: record._id,
      reference: record.reference,
      initials: record.masked.initials,
      birthYear: record.masked.birthYear,
      urgencyLabel: urgencyLabel(record.urgency),
    })),
  };
  return { card: leaderViewCard(input), compact: () => compactLeaderViewCard(input) };
}

/** The run of the day, if the caller may lead it; otherwise the refusal to show. */
async function leadersRun(request: VerbRequest): Promise<VerbReply | { meeting: Meeting; run: MeetingRun }> {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  const run = await request.services.runs.runOf(meeting._id, runDateOf(request));
  if (!run || run.status !== 'running') return { card: messageCard({ title: RUN_TEXTS.notRunningTitle, lines: [RUN_TEXTS.notRunning], tone: 'attention' }) };
  if (!(await request.services.leaders.mayChange(meeting, run.meetingDate, request.actor))) return { card: notAllowedCard(RUN_TEXTS.onlyLeader) };
  return { meeting, run };
}

export const startMeeting: VerbHandler = async (request) => {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  const result = await request.services.runs.start(meeting, runDateOf(request), request.actor);
  switch (result.kind) {
    case 'started':
      return leaderView(request, meeting, result.run, null);
    case 'not_allowed':
      return { card: notAllowedCard(RUN_TEXTS.onlyLeader) };
    case 'not_today':
      return { card: messageCard({ title: RUN_TEXTS.notTodayTitle, lines: [RUN_TEXTS.notToday], tone: 'attention' }) };
    case 'agenda_not_posted':
      return { card: messageCard({ title: RUN_TEXTS.noAgendaTitle, lines: [RUN_TEXTS.noAgenda], tone: 'attention' }) };
    case 'ended':
      return { card: messageCard({ title: RUN_TEXTS.endedTitle, lines: [RUN_TEXTS.ended], tone: 'default' }) };
  }
};

/** The refresh of the agenda card: the leader gets the leader view, everyone else the agenda. */
export const viewMeeting: VerbHandler = async (request) => {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  const meetingDate = runDateOf(request);
  const run = await request.services.runs.runOf(meeting._id, meetingDate);
  if (run?.status === 'running' && (await request.services.leaders.mayChange(meeting, meetingDate, request.actor))) {
    return leaderView(request, meeting, run, null);
  }
  return { card: await agendaCardFor(request.services, meeting, meetingDate, meetingDate) };
};

export const moveToPoint: VerbHandler = async (request) => {
  const found = await leadersRun(request);
  if ('card' in found) return found;
  const point = POINTS.find((candidate) => String(candidate) === String(request.data.point)) ?? found.run.point;
  const note = typeof request.data.areaNote === 'string' ? request.data.areaNote : null;
  const moved = await request.services.runs.moveTo(found.meeting, found.run, point, note, request.actor);
  return leaderView(request, found.meeting, moved ?? found.run, null);
};

async function decisionForm(request: VerbRequest, meeting: Meeting, run: MeetingRun, record: CaseRecord, values: Partial<Record<DecisionField, string>>, issues: Record<string, string>): Promise<VerbReply> {
  const members = await request.services.roster.members(meeting._id);
  return {
    card: decisionFormCard({
      meetingId: meeting._id,
      meetingDate: run.meetingDate,
      caseId: record._id,
      reference: record.reference,
      initials: record.masked.initials,
      birthYear: record.masked.birthYear,
      agendaLabel: agendaItemLabel(record.agendaItem),
      members: members.map((member) => ({ id: member.userId, name: member.name, roleLabel: roleLabel(member.role) })),
      today: run.meetingDate,
      values,
      issues,
    }),
    containsPatientData: true,
  };
}

/** The general texts, except where a decision's field means something else (a date that must lie ahead). */
export function decisionIssueMessages(issues: readonly FieldIssue[]): Record<string, string> {
  const messages = issueMessages(issues);
  if (issues.some((issue) => issue.field === 'followUpDate' && issue.code === 'invalid_date')) messages.followUpDate = DECISION_TEXTS.followUpNotInFuture;
  if (issues.some((issue) => issue.field === 'escalationReason' && issue.code === 'required')) messages.escalationReason = DECISION_TEXTS.escalationReasonRequired;
  return messages;
}

/** The decision form for one case, with the decision so far when there is one. */
export const openDecision: VerbHandler = async (request) => {
  const found = await leadersRun(request);
  if ('card' in found) return found;
  const caseId = idFrom(request.data, 'caseId');
  const record = caseId ? (await request.services.runs.casesOf(found.meeting, found.run.meetingDate)).find((candidate) => candidate._id === caseId) : undefined;
  if (!record) return leaderView(request, found.meeting, found.run, RUN_TEXTS.notOnAgenda);
  return decisionForm(request, found.meeting, found.run, record, request.services.runs.formValuesOf(record, found.run.meetingDate), {});
};

export const decideCase: VerbHandler = async (request) => {
  const found = await leadersRun(request);
  if ('card' in found) return found;
  const caseId = typeof request.data.caseId === 'string' ? request.data.caseId : '';
  return keepFormWhenNotSaved('decision', () => decided(request, found.meeting, found.run, caseId), async () => {
    const record = (await request.services.runs.casesOf(found.meeting, found.run.meetingDate)).find((candidate) => candidate._id === caseId);
    return record ? decisionForm(request, found.meeting, found.run, record, keptDecisionValues(request.data), {}) : leaderView(request, found.meeting, found.run, null);
  });
};

async function decided(request: VerbRequest, meeting: Meeting, run: MeetingRun, caseId: string): Promise<VerbReply> {
  const result = await request.services.runs.decide(meeting, run, caseId, request.actor, request.data);
  switch (result.kind) {
    case 'decided':
      return leaderView(request, meeting, run, RUN_TEXTS.decided(result.record.reference));
    case 'invalid': {
      const record = (await request.services.runs.casesOf(meeting, run.meetingDate)).find((candidate) => candidate._id === caseId)!;
      return decisionForm(request, meeting, run, record, result.values, decisionIssueMessages(result.issues));
    }
    case 'not_on_agenda':
      return leaderView(request, meeting, run, RUN_TEXTS.notOnAgenda);
    case 'not_allowed':
      return { card: notAllowedCard(RUN_TEXTS.onlyLeader) };
    case 'not_running':
      return { card: messageCard({ title: RUN_TEXTS.notRunningTitle, lines: [RUN_TEXTS.notRunning], tone: 'attention' }) };
  }
}

export const acceptLateCase: VerbHandler = async (request) => {
  const found = await leadersRun(request);
  if ('card' in found) return found;
  const caseId = typeof request.data.caseId === 'string' ? request.data.caseId : '';
  const accepted = await request.services.runs.acceptLate(found.meeting, found.run, caseId, request.actor);
  return leaderView(request, found.meeting, found.run, accepted ? RUN_TEXTS.acceptedLate : RUN_TEXTS.notOnAgenda);
};

export const endMeeting: VerbHandler = async (request) => {
  const found = await leadersRun(request);
  if ('card' in found) return found;
  const result = await request.services.runs.end(found.meeting, found.run, request.actor);
  if (result.kind !== 'ended') return { card: notAllowedCard(RUN_TEXTS.onlyLeader) };
  return {
    card: messageCard({
      title: RUN_TEXTS.endedTitle,
      tone: 'good',
      lines: [RUN_TEXTS.endedSummary(result.decided.length, result.carriedOver.length, meetingTimeLabel(result.nextMeetingDate, found.meeting.schedule.time))],
    }),
  };
};

