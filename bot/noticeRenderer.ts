import { CardFactory, type Activity } from 'botbuilder';
import {
  caseChannelCard,
  dischargeLine,
  followUpReminderCard,
  formatInstant,
  formatLocalDate,
  holidayFallsOnLine,
  holidayMovedLine,
  holidayNoticeCard,
  JOB_TEXTS,
  meetingEndReminderCard,
  meetingSummaryText,
  oversizeNoticeCard,
  meetingTimeLabel,
  agendaItemLabel,
  roleLabel,
  urgencyLabel,
  type AdaptiveCard,
  type AgendaCaseLine,
  type CaseAckLine,
  type MentionPerson,
} from '../cards';
import type { Services } from '../services/app';
import { ackStateOf } from '../services/acks/ackState';
import { AGENDA_ITEMS, AGENDA_POINT } from '../services/domain/codes';
import type { Acknowledgement, CaseRecord, Meeting, Notice } from '../services/domain/records';
import { agendaPointOf } from '../services/meetings/agendaPoint';
import { dischargeRulesOf, settingsOf } from '../services/meetings/meetingSettings';
import { paymentResponsibilityStarts, sipSummonsDeadline, type DischargeRules } from '../services/time/discharge';
import type { Activity as PlainActivity, RenderOptions } from '../services/outbox/transport';
import { caseCutoff, meetingDayOf, nextMeeting } from '../services/time/meetingCalendar';
import { sipSummonsDue } from '../services/time/sip';
import { toLocal } from '../services/time/stockholm';
import { COMPACT_CARDS, FULL_CARDS, hasCompactForm, type CardBuilders } from './cardBuilders';
import type { NoticeRenderer } from './connectorTransport';

export function cardActivity(card: AdaptiveCard, summary?: string): Partial<Activity> {
  const activity: Partial<Activity> = { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
  if (summary) activity.summary = summary;
  return activity;
}

function ackLine(ack: Acknowledgement): CaseAckLine {
  return {
    ackId: ack._id,
    roleLabel: roleLabel(ack.role),
    state: ackStateOf(ack),
    byName: ack.confirmedBy?.name ?? null,
    atLabel: ack.confirmedAt ? formatInstant(ack.confirmedAt) : null,
  };
}

/** Point 5: when the discharge notice came, and the two deadlines it sets (DOMAIN.md §5). */
export function dischargeLabelOf(record: CaseRecord, rules: DischargeRules): string | null {
  if (!record.readyForDischargeAt) return null;
  return dischargeLine(
    formatInstant(record.readyForDischargeAt),
    formatLocalDate(sipSummonsDeadline(record.readyForDischargeAt, rules)),
    formatLocalDate(paymentResponsibilityStarts(record.readyForDischargeAt, rules)),
  );
}

/** The masked card of a case as the channel shows it now (DOMAIN.md §6). */
export async function caseCardFor(services: Services, caseId: string): Promise<AdaptiveCard | null> {
  const record = await services.cases.byId(caseId);
  if (!record) return null;
  const meeting = await services.meetings.byId(record.meetingId);
  if (!meeting) return null;
  return caseChannelCard({
    caseId: record._id,
    reference: record.reference,
    area: meeting.area,
    agendaItem: record.agendaItem,
    urgency: record.urgency,
    initials: record.masked.initials,
    birthYear: record.masked.birthYear,
    meetingLabel: meetingTimeLabel(record.meetingDate, meeting.schedule.time),
    acknowledgements: (await services.acks.forCase(record._id)).map(ackLine),
    status: record.status === 'withdrawn' ? 'withdrawn' : 'submitted',
  });
}

async function person(services: Services, meetingId: string, userId: string | null, mention: boolean): Promise<MentionPerson | null> {
  if (!mention || !userId) return null;
  const member = await services.roster.member(meetingId, userId);
  return { id: userId, name: member?.name ?? userId };
}

/** Acknowledgements still open, with their cases, for reminders rendered some time after they were planned. */
async function openAcksWithCases(services: Services, ackIds: readonly string[]): Promise<{ ack: Acknowledgement; record: CaseRecord }[]> {
  const found: { ack: Acknowledgement; record: CaseRecord }[] = [];
  for (const ackId of ackIds) {
    const ack = await services.acks.byId(ackId);
    if (!ack || ack.status !== 'open') continue;
    const record = await services.cases.byId(ack.caseId);
    if (record && record.status !== 'withdrawn') found.push({ ack, record });
  }
  return found;
}

/** The dagordning as the channel shows it now: the cases, the leader, and whether the meeting runs. */
export async function agendaCardFor(services: Services, meeting: Meeting, meetingDate: string, nominalDate: string, build = FULL_CARDS.agenda): Promise<AdaptiveCard> {
  const run = await services.runs.runOf(meeting._id, meetingDate);
  // Once the meeting has ended its cases have moved on (follow-up, closed, next meeting): the
  // agenda then shows what the meeting took up, the cases it decided.
  const cases =
    run?.status === 'ended'
      ? (await services.repos.cases.find({ meetingId: meeting._id }, { sort: { submittedAt: 1 } })).filter((record) => record.decision?.meetingDate === meetingDate)
      : await services.runs.casesOf(meeting, meetingDate);
  const rules = dischargeRulesOf(meeting);
  const line = (record: CaseRecord): AgendaCaseLine => ({
    reference: record.reference,
    initials: record.masked.initials,
    birthYear: record.masked.birthYear,
    urgencyLabel: urgencyLabel(record.urgency),
    followUpDue: record.followUp?.flaggedFor === meetingDate,
    dischargeLabel: dischargeLabelOf(record, rules),
  });
  const points = AGENDA_ITEMS.map((item) => ({
    point: AGENDA_POINT[item],
    cases: cases.filter((record) => agendaPointOf(record, meetingDate) === AGENDA_POINT[item]).map(line),
  }));
  const holiday = meetingDayOf(meeting, nominalDate).holiday;
  return build({
    meetingId: meeting._id,
    meetingDate,
    running: run?.status === 'running' ? { point: run.point, leaderId: run.leaderId } : null,
    ended: run?.status === 'ended',
    area: meeting.area,
    meetingLabel: meetingTimeLabel(meetingDate, meeting.schedule.time),
    leaderLabel: (await services.leaders.leaderOf(meeting, meetingDate)).leader?.name ?? null,
    points,
    holidayNote:
      holiday && nominalDate !== meetingDate
        ? `${holidayFallsOnLine(meetingTimeLabel(nominalDate, meeting.schedule.time), holiday.name)} ${holidayMovedLine(meetingTimeLabel(meetingDate, meeting.schedule.time))}`
        : null,
    // Split by area: each slot lists its cases, so people join only for their own area.
    slots: settingsOf(meeting).areaSlots.map((slot) => ({
      area: slot.area,
      startLabel: `kl. ${slot.start}`,
      references: cases.filter((record) => record.slotArea === slot.area).map((record) => record.reference),
    })),
  });
}

/** A card and the line Teams shows in the notification and the activity feed. */
interface Rendered {
  card: AdaptiveCard;
  summary: string | null;
}

async function render(services: Services, notice: Notice, cards: CardBuilders = FULL_CARDS): Promise<Rendered | null> {
  switch (notice.type) {
    case 'case.card': {
      const card = await caseCardFor(services, notice.caseId);
      return card ? { card, summary: null } : null;
    }
    case 'agenda': {
      const meeting = await services.meetings.byId(notice.meetingId);
      if (!meeting) return null;
      return {
        card: await agendaCardFor(services, meeting, notice.meetingDate, notice.nominalDate, cards.agenda),
        summary: JOB_TEXTS.agendaSummary(meeting.area, meetingTimeLabel(notice.meetingDate, meeting.schedule.time)),
      };
    }
    case 'submission-reminder': {
      const meeting = await services.meetings.byId(notice.meetingId);
      if (!meeting) return null;
      const cases = await services.repos.cases.find({ meetingId: meeting._id, meetingDate: notice.meetingDate, status: 'submitted' });
      const lastMinute = toLocal(new Date(caseCutoff(meeting, notice.meetingDate).getTime() - 60_000));
      const cutoffLabel = meetingTimeLabel(lastMinute.date, lastMinute.time);
      const card = cards.submissionReminder({
        meetingId: meeting._id,
        area: meeting.area,
        meetingLabel: meetingTimeLabel(notice.meetingDate, meeting.schedule.time),
        cutoffLabel,
        counts: AGENDA_ITEMS.map((item) => ({ agendaLabel: agendaItemLabel(item), count: cases.filter((record) => record.agendaItem === item).length })),
        total: cases.length,
        people: (await services.roster.members(meeting._id)).map((member) => ({ id: member.userId, name: member.name })),
        leaderLabel: (await services.leaders.leaderOf(meeting, notice.meetingDate)).leader?.name ?? null,
      });
      return { card, summary: JOB_TEXTS.submissionReminderSummary(cutoffLabel) };
    }
    case 'holiday-notice': {
      const meeting = await services.meetings.byId(notice.meetingId);
      if (!meeting) return null;
      const day = meetingDayOf(meeting, notice.nominalDate);
      if (!day.holiday) return null;
      const originalLabel = meetingTimeLabel(notice.nominalDate, meeting.schedule.time);
      const policy = settingsOf(meeting).holidayPolicy;
      const card = holidayNoticeCard({
        area: meeting.area,
        holidayName: day.holiday.name,
        originalLabel,
        policy,
        newLabel: day.date ? meetingTimeLabel(day.date, meeting.schedule.time) : null,
      });
      return { card, summary: policy === 'move' ? JOB_TEXTS.holidayMovedSummary(originalLabel) : JOB_TEXTS.holidaySkippedSummary(originalLabel) };
    }
    case 'ack-reminder': {
      const open = await openAcksWithCases(services, notice.ackIds);
      if (open.length === 0) return null;
      const card = cards.ackReminder({
        person: await person(services, notice.meetingId, notice.userId, notice.mention),
        items: open.map(({ ack, record }) => ({
          ackId: ack._id,
          caseId: record._id,
          reference: record.reference,
          roleLabel: roleLabel(ack.role),
          dueLabel: formatInstant(ack.dueAt),
          initials: record.masked.initials,
          birthYear: record.masked.birthYear,
        })),
      });
      return { card, summary: JOB_TEXTS.ackReminderSummary(open.length) };
    }
    case 'escalation': {
      const meeting = await services.meetings.byId(notice.meetingId);
      const open = await openAcksWithCases(services, notice.ackIds);
      if (!meeting || open.length === 0) return null;
      const card = cards.escalation({
        person: await person(services, notice.meetingId, notice.userId, notice.mention),
        area: meeting.area,
        items: open.map(({ ack, record }) => ({
          caseId: record._id,
          reference: record.reference,
          roleLabel: roleLabel(ack.role),
          dueLabel: formatInstant(ack.dueAt),
          initials: record.masked.initials,
          birthYear: record.masked.birthYear,
          kind: 'ack' as const,
        })),
        reason: null,
      });
      return { card, summary: JOB_TEXTS.escalationSummary(open.length) };
    }
    case 'follow-up': {
      const record = await services.cases.byId(notice.caseId);
      const meeting = record ? await services.meetings.byId(record.meetingId) : null;
      if (!record?.followUp?.flaggedFor || !meeting || record.status !== 'follow_up') return null;
      const card = followUpReminderCard({
        person: await person(services, meeting._id, notice.userId, notice.mention),
        caseId: record._id,
        reference: record.reference,
        initials: record.masked.initials,
        birthYear: record.masked.birthYear,
        followUpLabel: formatLocalDate(record.followUp.date),
        meetingLabel: meetingTimeLabel(record.followUp.flaggedFor, meeting.schedule.time),
      });
      return { card, summary: JOB_TEXTS.followUpSummary(record.reference) };
    }
    case 'summary': {
      const meeting = await services.meetings.byId(notice.meetingId);
      if (!meeting) return null;
      return { card: await summaryCardFor(services, meeting, notice.meetingDate, cards.summary), summary: meetingSummaryText(meeting.area, meetingTimeLabel(notice.meetingDate, meeting.schedule.time)) };
    }
    case 'meeting-end-reminder': {
      const meeting = await services.meetings.byId(notice.meetingId);
      const run = meeting ? await services.runs.runOf(meeting._id, notice.meetingDate) : null;
      // Ended meanwhile: nothing left to remind of.
      if (!meeting || run?.status === 'ended') return null;
      const meetingLabel = meetingTimeLabel(notice.meetingDate, meeting.schedule.time);
      return {
        card: meetingEndReminderCard({
          meetingId: meeting._id,
          meetingDate: notice.meetingDate,
          meetingLabel,
          running: run?.status === 'running',
          person: await person(services, meeting._id, notice.userId, notice.mention),
        }),
        summary: JOB_TEXTS.meetingEndReminderSummary(meetingLabel),
      };
    }
    case 'case-escalation': {
      const record = await services.cases.byId(notice.caseId);
      const meeting = record ? await services.meetings.byId(record.meetingId) : null;
      const ack = await services.acks.byId(notice.ackId);
      if (!record || !meeting || ack?.status !== 'open') return null;
      const card = cards.escalation({
        person: await person(services, meeting._id, notice.userId, notice.mention),
        area: meeting.area,
        items: [{ caseId: record._id, reference: record.reference, roleLabel: roleLabel('manager'), dueLabel: formatInstant(ack.noticeSentAt), initials: record.masked.initials, birthYear: record.masked.birthYear, kind: 'case' }],
        // The meeting's reason is free text: only in a personal chat (the card withholds it in the channel).
        reason: services.runs.decisionText(record)?.escalationReason ?? null,
      });
      return { card, summary: JOB_TEXTS.caseEscalatedSummary(record.reference) };
    }
  }
}

/** Point 6: what the meeting decided, as the channel may see it — no free text, no identity (DOMAIN.md §6). */
export async function summaryCardFor(services: Services, meeting: Meeting, meetingDate: string, build = FULL_CARDS.summary): Promise<AdaptiveCard> {
  const members = await services.roster.members(meeting._id);
  const mentionOf = (userId: string | null): MentionPerson | null => {
    const member = userId ? members.find((candidate) => candidate.userId === userId) : undefined;
    return member ? { id: member.userId, name: member.name } : null;
  };
  const decided = (await services.runs.decidedOn(meeting._id, meetingDate)).filter(({ record }) => record.status !== 'withdrawn');
  const carried = (await services.repos.cases.find({ meetingId: meeting._id, carriedOverFrom: meetingDate }, { sort: { submittedAt: 1 } })).filter(
    (record) => !decided.some((entry) => entry.record._id === record._id),
  );
  const run = await services.runs.runOf(meeting._id, meetingDate);
  const next = carried[0]?.followUp?.flaggedFor ?? carried[0]?.meetingDate ?? nextMeeting(meeting, run?.endedAt ?? services.clock.now()).date;
  return build({
    meetingId: meeting._id,
    meetingDate,
    area: meeting.area,
    meetingLabel: meetingTimeLabel(meetingDate, meeting.schedule.time),
    leader: mentionOf(run?.leaderId ?? null),
    decided: decided.map(({ record, decision }) => ({
      reference: record.reference,
      initials: record.masked.initials,
      birthYear: record.masked.birthYear,
      agendaLabel: agendaItemLabel(record.agendaItem),
      responsible: mentionOf(decision.responsibleUserId) ?? { id: decision.responsibleUserId, name: '–' },
      followUpLabel: decision.followUpDate ? formatLocalDate(decision.followUpDate) : null,
      sipCoordinator: mentionOf(decision.sipCoordinatorUserId),
      sipSummonsLabel: decision.sipNeeded ? formatLocalDate(sipSummonsDue(meetingDate)) : null,
      escalated: decision.escalate,
    })),
    carriedOver: carried.map((record) => ({ reference: record.reference, initials: record.masked.initials, birthYear: record.masked.birthYear })),
    nextMeetingLabel: meetingTimeLabel(next, meeting.schedule.time),
  });
}

/**
 * Renders outbox notices from the current state: the channel only ever gets masked views. With
 * `compact`, the form that fits in a Teams message however large the meeting is (the outbox asks
 * for it when the full one is over the message budget).
 */
export function createNoticeRenderer(services: Services): NoticeRenderer {
  return async (notice: Notice, options: RenderOptions = {}): Promise<PlainActivity | null> => {
    const rendered = await render(services, notice, options.compact ? COMPACT_CARDS : FULL_CARDS);
    if (!rendered) return null;
    const card = options.compact && !hasCompactForm(notice.type) ? oversizeNoticeCard(rendered.summary) : rendered.card;
    return cardActivity(card, rendered.summary ?? undefined) as PlainActivity;
  };
}
