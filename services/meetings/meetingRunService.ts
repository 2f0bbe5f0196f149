import { owedAcknowledgement, type AckService } from '../acks/ackService';
import type { AuditLog } from '../audit/auditLog';
import type { ConversationService } from '../conversations/conversationService';
import { deliveryFor } from '../scheduler/recipients';
import type { Keyring } from '../crypto/keyring';
import type { LocalDate } from '../domain/codes';
import type { Acknowledgement, CaseRecord, Meeting, MeetingRun, RosterMember, StoredDecision, UserRef } from '../domain/records';
import type { Outbox } from '../outbox/outbox';
import type { Repositories } from '../store/repositories';
import type { Clock } from '../time/clock';
import { nextMeeting } from '../time/meetingCalendar';
import { localDateOf } from '../time/stockholm';
import type { FieldIssue } from '../validation/issues';
import { validateDecision, type DecisionField } from './decisionInput';
import type { LeaderService } from './leaderService';

export type RunPoint = MeetingRun['point'];

export type StartResult =
  | { kind: 'started'; run: MeetingRun }
  | { kind: 'not_allowed' }
  | { kind: 'not_today' }
  | { kind: 'agenda_not_posted' }
  | { kind: 'ended' };

export type DecideResult =
  | { kind: 'decided'; record: CaseRecord }
  | { kind: 'invalid'; issues: FieldIssue[]; values: Partial<Record<DecisionField, string>> }
  | { kind: 'not_allowed' }
  | { kind: 'not_running' }
  | { kind: 'not_on_agenda' };

export type EndResult =
  | { kind: 'ended'; run: MeetingRun; decided: CaseRecord[]; carriedOver: CaseRecord[]; nextMeetingDate: LocalDate }
  | { kind: 'not_allowed' }
  | { kind: 'not_running' };

export const runId = (meetingId: string, meetingDate: LocalDate) => `${meetingId}:${meetingDate}`;
export const agendaKey = (meetingId: string, meetingDate: LocalDate) => `agenda:${meetingId}:${meetingDate}`;
export const pastDecisionId = (caseId: string, meetingDate: LocalDate) => `${caseId}:${meetingDate}`;
/** The agenda posted in a Teams meeting's chat when the meeting starts (teamsMeetingService.ts). */
export const meetingChatAgendaKey = (meetingId: string, meetingDate: LocalDate) => `meeting-chat-agenda:${meetingId}:${meetingDate}`;

/** What a decision's sealed text holds: the free text the meeting wrote. */
export interface DecisionText {
  actions: string;
  escalationReason: string | null;
}

/**
 * The leader runs the meeting (routine: "Mötesledarens roll"): start once the agenda is out,
 * step through the six points, record a decision per case, and end — which posts the summary,
 * gives each responsible person a kvittens and moves unreached cases to the next meeting.
 */
export class MeetingRunService {
  constructor(
    private readonly repos: Pick<Repositories, 'runs' | 'cases' | 'decisions' | 'roster' | 'occurrences' | 'acks'>,
    private readonly leaders: LeaderService,
    private readonly acks: AckService,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly conversations: ConversationService,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
  ) {}

  /** Where a meeting day stands: planned, its agenda out, the run going, or ended. */
  async dayState(meetingId: string, meetingDate: LocalDate, run: MeetingRun | null): Promise<'planned' | 'agenda_posted' | MeetingRun['status']> {
    if (run) return run.status;
    const agenda = await this.repos.occurrences.findOne({ _id: agendaKey(meetingId, meetingDate) });
    return agenda?.status === 'done' ? 'agenda_posted' : 'planned';
  }

  runOf(meetingId: string, meetingDate: LocalDate): Promise<MeetingRun | null> {
    return this.repos.runs.findOne({ _id: runId(meetingId, meetingDate) });
  }

  /** The cases the meeting takes up: those submitted for it, and follow-ups whose date has come (point 3). */
  async casesOf(meeting: Meeting, meetingDate: LocalDate): Promise<CaseRecord[]> {
    const onMeeting = await this.repos.cases.find({ meetingId: meeting._id, meetingDate, status: { $in: ['submitted', 'discussed'] } }, { sort: { submittedAt: 1 } });
    const followUps = await this.repos.cases.find({ meetingId: meeting._id, status: { $in: ['follow_up', 'discussed'] }, 'followUp.flaggedFor': meetingDate }, { sort: { submittedAt: 1 } });
    return [...onMeeting, ...followUps.filter((record) => !onMeeting.some((other) => other._id === record._id))];
  }

  /** Cases that missed this meeting's cut-off and wait for the next one, unless the leader takes them up. */
  lateCasesOf(meeting: Meeting, meetingDate: LocalDate): Promise<CaseRecord[]> {
    return this.repos.cases.find({ meetingId: meeting._id, lateFor: meetingDate, status: 'submitted' }, { sort: { submittedAt: 1 } });
  }

  /** "Om inte mötesledaren godtar det": the leader takes a late case up at today's meeting. */
  async acceptLate(meeting: Meeting, run: MeetingRun | null, caseId: string, actor: UserRef): Promise<boolean> {
    if (!run || run.status !== 'running' || !(await this.leaders.mayChange(meeting, run.meetingDate, actor))) return false;
    const record = (await this.lateCasesOf(meeting, run.meetingDate)).find((candidate) => candidate._id === caseId);
    if (!record) return false;
    const member = await this.repos.roster.findOne({ meetingId: meeting._id, userId: actor.id });
    await this.audit.recordCaseEvent('case.accept_late', actor, member?.organization ?? null, record);
    await this.repos.cases.updateOne({ _id: record._id, status: 'submitted' }, { $set: { meetingDate: run.meetingDate, lateFor: null } });
    await this.refreshAgenda(meeting, run.meetingDate, `late-${record._id}`);
    return true;
  }

  decisionText(record: CaseRecord): DecisionText | null {
    return record.decision ? this.textOf(record.decision) : null;
  }

  /** The free text of a decision, or null once purged. */
  textOf(decision: StoredDecision): DecisionText | null {
    return decision.sealedText ? this.keyring.openJson<DecisionText>(decision.sealedText) : null;
  }

  /** What a meeting decided, case by case, also for cases that a later meeting has decided again. */
  async decidedOn(meetingId: string, meetingDate: LocalDate): Promise<{ record: CaseRecord; decision: StoredDecision }[]> {
    const latest = (await this.repos.cases.find({ meetingId, 'decision.meetingDate': meetingDate }, { sort: { submittedAt: 1 } })).map((record) => ({ record, decision: record.decision! }));
    const earlier: { record: CaseRecord; decision: StoredDecision }[] = [];
    for (const past of await this.repos.decisions.find({ meetingId, meetingDate })) {
      const record = await this.repos.cases.findOne({ _id: past.caseId });
      if (record && !latest.some((entry) => entry.record._id === record._id)) earlier.push({ record, decision: past });
    }
    return [...latest, ...earlier].sort((a, b) => a.record.submittedAt.getTime() - b.record.submittedAt.getTime());
  }

  /** The case's decision at `meetingDate` as the decision form shows it again (the card's form and the side panel's); empty when none. */
  formValuesOf(record: CaseRecord, meetingDate: LocalDate): Partial<Record<DecisionField, string>> {
    const decision = record.decision?.meetingDate === meetingDate ? record.decision : null;
    if (!decision) return {};
    const text = this.textOf(decision);
    return {
      actions: text?.actions ?? '',
      responsible: decision.responsibleUserId,
      followUpDate: decision.followUpDate ?? '',
      sipNeeded: String(decision.sipNeeded),
      sipCoordinator: decision.sipCoordinatorUserId ?? '',
      escalate: String(decision.escalate),
      escalationReason: text?.escalationReason ?? '',
    };
  }

  /** Every decision the case has had, newest first. */
  async decisionsOf(record: CaseRecord): Promise<StoredDecision[]> {
    const past = await this.repos.decisions.find({ caseId: record._id }, { sort: { meetingDate: -1 } });
    const current = record.decision ? [record.decision] : [];
    return [...current, ...past.filter((decision) => decision.meetingDate !== record.decision?.meetingDate)];
  }

  async start(meeting: Meeting, meetingDate: LocalDate, actor: UserRef): Promise<StartResult> {
    if (meetingDate !== localDateOf(this.clock.now())) return { kind: 'not_today' };
    if (!(await this.leaders.mayChange(meeting, meetingDate, actor))) return { kind: 'not_allowed' };
    const agenda = await this.repos.occurrences.findOne({ _id: agendaKey(meeting._id, meetingDate) });
    if (agenda?.status !== 'done') return { kind: 'agenda_not_posted' };
    const existing = await this.runOf(meeting._id, meetingDate);
    if (existing?.status === 'ended') return { kind: 'ended' };
    if (existing) return { kind: 'started', run: existing };
    const run: MeetingRun = {
      _id: runId(meeting._id, meetingDate),
      meetingId: meeting._id,
      meetingDate,
      status: 'running',
      point: 1,
      areaNote: '',
      leaderId: (await this.leaders.leaderOf(meeting, meetingDate)).leader?.userId ?? actor.id,
      startedBy: actor,
      startedAt: this.clock.now(),
      endedBy: null,
      endedAt: null,
    };
    await this.repos.runs.replaceOne(run);
    await this.refreshAgenda(meeting, meetingDate, 'started');
    return { kind: 'started', run };
  }

  async moveTo(meeting: Meeting, run: MeetingRun, point: RunPoint, areaNote: string | null, actor: UserRef): Promise<MeetingRun | null> {
    if (run.status !== 'running' || !(await this.leaders.mayChange(meeting, run.meetingDate, actor))) return null;
    const update = areaNote === null ? { point } : { point, areaNote: areaNote.slice(0, 1000) };
    await this.repos.runs.updateOne({ _id: run._id, status: 'running' }, { $set: update });
    await this.refreshAgenda(meeting, run.meetingDate, `point-${point}-${this.clock.now().getTime()}`);
    return { ...run, ...update };
  }

  async decide(meeting: Meeting, run: MeetingRun | null, caseId: string, actor: UserRef, data: Readonly<Record<string, unknown>>): Promise<DecideResult> {
    if (!run || run.status !== 'running') return { kind: 'not_running' };
    if (!(await this.leaders.mayChange(meeting, run.meetingDate, actor))) return { kind: 'not_allowed' };
    const record = (await this.casesOf(meeting, run.meetingDate)).find((candidate) => candidate._id === caseId);
    if (!record) return { kind: 'not_on_agenda' };
    const members = await this.repos.roster.find({ meetingId: meeting._id });
    const result = validateDecision(data, members, run.meetingDate);
    if (!result.ok) return { kind: 'invalid', issues: result.issues, values: result.values };
    const { actions, escalationReason, ...rest } = result.value;
    const now = this.clock.now();
    // Changing today's decision is a correction; a decision of an earlier meeting is history and is kept.
    const earlier = record.decision && record.decision.meetingDate !== run.meetingDate ? record.decision : null;
    const today = earlier ? null : record.decision;
    // Managers are pinged once per meeting that escalates the case, not again when today's decision is edited.
    const escalation = rest.escalate ? (today?.escalate && today.escalationAckId ? null : owedAcknowledgement(meeting, record, 'manager', null, now)) : null;
    const decision: StoredDecision = {
      ...rest,
      meetingDate: run.meetingDate,
      decidedBy: actor,
      decidedAt: now,
      escalationAckId: rest.escalate ? (escalation?._id ?? today?.escalationAckId ?? null) : null,
      sealedText: this.keyring.sealJson<DecisionText>({ actions, escalationReason }),
    };
    const organization = members.find((member) => member.userId === actor.id)?.organization ?? null;
    await this.audit.recordCaseEvent('case.decide', actor, organization, record);
    if (earlier) await this.repos.decisions.replaceOne({ ...earlier, _id: pastDecisionId(record._id, earlier.meetingDate), caseId: record._id, meetingId: record.meetingId });
    await this.repos.cases.updateOne({ _id: record._id }, { $set: { decision, status: 'discussed' } });
    if (escalation) await this.escalate(meeting, record, escalation, actor, organization);
    this.outbox.dispatch();
    return { kind: 'decided', record: { ...record, decision, status: 'discussed' } };
  }

  async end(meeting: Meeting, run: MeetingRun | null, actor: UserRef): Promise<EndResult> {
    if (!run || run.status !== 'running') return { kind: 'not_running' };
    if (!(await this.leaders.mayChange(meeting, run.meetingDate, actor))) return { kind: 'not_allowed' };
    const now = this.clock.now();
    const nextMeetingDate = nextMeeting(meeting, now).date;
    const members = await this.repos.roster.find({ meetingId: meeting._id });
    const organization = members.find((member) => member.userId === actor.id)?.organization ?? null;
    const decided: CaseRecord[] = [];
    const carriedOver: CaseRecord[] = [];
    for (const record of await this.casesOf(meeting, run.meetingDate)) {
      if (record.decision?.meetingDate === run.meetingDate) {
        decided.push(await this.settle(meeting, record, members, actor, organization, now));
      } else {
        carriedOver.push(await this.carryOver(record, run.meetingDate, nextMeetingDate, actor, organization));
      }
    }
    const ended: MeetingRun = { ...run, status: 'ended', point: 6, endedBy: actor, endedAt: now };
    await this.repos.runs.updateOne({ _id: run._id, status: 'running' }, { $set: { status: 'ended', point: 6, endedBy: actor, endedAt: now } });
    await this.outbox.post(`summary:${meeting._id}:${run.meetingDate}`, meeting.conversationKey, { type: 'summary', meetingId: meeting._id, meetingDate: run.meetingDate });
    await this.refreshAgenda(meeting, run.meetingDate, 'ended');
    return { kind: 'ended', run: ended, decided, carriedOver, nextMeetingDate };
  }

  /** A decided case follows up or closes; its responsible person owes a kvittens (DOMAIN.md §5). */
  private async settle(meeting: Meeting, record: CaseRecord, members: readonly RosterMember[], actor: UserRef, organization: string | null, now: Date): Promise<CaseRecord> {
    const decision = record.decision!;
    const followUp = decision.followUpDate ? { date: decision.followUpDate, responsibleUserId: decision.responsibleUserId, flaggedFor: null } : null;
    const status = followUp ? 'follow_up' : 'closed';
    await this.audit.recordCaseEvent(followUp ? 'case.follow_up' : 'case.close', actor, organization, record);
    await this.repos.cases.updateOne({ _id: record._id }, { $set: { status, followUp, closedAt: followUp ? null : now } });
    const responsible = members.find((member) => member.userId === decision.responsibleUserId);
    if (responsible) await this.acks.insert([owedAcknowledgement(meeting, record, responsible.role, responsible.userId, now)]);
    return { ...record, status, followUp, closedAt: followUp ? null : now };
  }

  private async carryOver(record: CaseRecord, fromDate: LocalDate, toDate: LocalDate, actor: UserRef, organization: string | null): Promise<CaseRecord> {
    await this.audit.recordCaseEvent('case.carry_over', actor, organization, record);
    const set = record.followUp?.flaggedFor === fromDate ? { 'followUp.flaggedFor': toDate, carriedOverFrom: fromDate } : { meetingDate: toDate, carriedOverFrom: fromDate };
    await this.repos.cases.updateOne({ _id: record._id }, { $set: set });
    return { ...record, meetingDate: record.followUp?.flaggedFor === fromDate ? record.meetingDate : toDate, carriedOverFrom: fromDate };
  }

  /** The managers are pinged and the case shows as escalated until one of them acknowledges it. */
  private async escalate(meeting: Meeting, record: CaseRecord, ack: Acknowledgement, actor: UserRef, organization: string | null): Promise<void> {
    await this.audit.recordCaseEvent('case.escalate', actor, organization, record);
    await this.acks.insert([ack]);
    await this.acks.refreshCaseCard(ack, `escalated:${ack._id}`);
    const managers = await this.repos.roster.find({ meetingId: meeting._id, role: 'manager' });
    const key = `case-escalation:${record._id}:${ack._id}`;
    if (managers.length === 0) {
      await this.outbox.post(`${key}:channel`, meeting.conversationKey, { type: 'case-escalation', meetingId: meeting._id, caseId: record._id, ackId: ack._id, userId: null, mention: false });
    }
    for (const manager of managers) {
      const { conversationKey, mention } = await deliveryFor(this.conversations, meeting.conversationKey, manager.userId);
      await this.outbox.post(`${key}:${manager.userId}`, conversationKey, {
        type: 'case-escalation', meetingId: meeting._id, caseId: record._id, ackId: ack._id, userId: manager.userId, mention,
      });
    }
  }

  /** The channel's agenda, and its copy in the Teams meeting's chat when there is one, follow the run. */
  private async refreshAgenda(meeting: Meeting, meetingDate: LocalDate, change: string): Promise<void> {
    const notice = { type: 'agenda' as const, meetingId: meeting._id, meetingDate, nominalDate: meetingDate };
    const key = agendaKey(meeting._id, meetingDate);
    await this.outbox.update(`${key}:${change}`, key, meeting.conversationKey, notice);
    const chatCopy = await this.outbox.byKey(meetingChatAgendaKey(meeting._id, meetingDate));
    if (chatCopy) await this.outbox.update(`${chatCopy.key}:${change}`, chatCopy.key, chatCopy.conversationKey, notice);
    this.outbox.dispatch();
  }
}
