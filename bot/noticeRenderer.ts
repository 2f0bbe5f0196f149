import { CardFactory, type Activity } from 'botbuilder';
import {
  ackReminderCard,
  agendaCard,
  caseChannelCard,
  dischargeLine,
  escalationCard,
  followUpReminderCard,
  formatInstant,
  formatLocalDate,
  holidayFallsOnLine,
  holidayMovedLine,
  holidayNoticeCard,
  JOB_TEXTS,
  meetingTimeLabel,
  agendaItemLabel,
  roleLabel,
  submissionReminderCard,
  urgencyLabel,
  type AdaptiveCard,
  type AgendaCaseLine,
  type CaseAckLine,
  type MentionPerson,
} from '../cards';
import type { Services } from '../services/app';
import { isLate } from '../services/acks/ackService';
import { AGENDA_ITEMS, AGENDA_POINT } from '../services/domain/codes';
import type { Acknowledgement, CaseRecord, Meeting, Notice } from '../services/domain/records';
import { dischargeRulesOf, settingsOf } from '../services/meetings/meetingSettings';
import { paymentResponsibilityStarts, sipSummonsDeadline } from '../services/time/discharge';
import type { Activity as PlainActivity } from '../services/outbox/transport';
import { caseCutoff, meetingDayOf } from '../services/time/meetingCalendar';
import { toLocal } from '../services/time/stockholm';
import type { NoticeRenderer } from './connectorTransport';

export function cardActivity(card: AdaptiveCard, summary?: string): Partial<Activity> {
  const activity: Partial<Activity> = { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
  if (summary) activity.summary = summary;
  return activity;
}

function ackLine(ack: Acknowledgement): CaseAckLine {
  const state = ack.status === 'confirmed' ? (isLate(ack) ? 'confirmed_late' : 'confirmed') : ack.overdueSince ? 'overdue' : 'open';
  return {
    ackId: ack._id,
    roleLabel: roleLabel(ack.role),
    state,
    byName: ack.confirmedBy?.name ?? null,
    atLabel: ack.confirmedAt ? formatInstant(ack.confirmedAt) : null,
  };
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
    if (record?.status === 'submitted') found.push({ ack, record });
  }
  return found;
}

async function agendaFor(services: Services, meeting: Meeting, meetingDate: string, nominalDate: string): Promise<AdaptiveCard> {
  const onMeeting = await services.repos.cases.find({ meetingId: meeting._id, meetingDate, status: 'submitted' }, { sort: { submittedAt: 1 } });
  const followUps = await services.repos.cases.find({ meetingId: meeting._id, status: 'submitted', 'followUp.flaggedFor': meetingDate });
  const rules = dischargeRulesOf(meeting);
  const line = (record: CaseRecord, followUpDue: boolean): AgendaCaseLine => ({
    reference: record.reference,
    initials: record.masked.initials,
    birthYear: record.masked.birthYear,
    urgencyLabel: urgencyLabel(record.urgency),
    followUpDue,
    dischargeLabel: record.readyForDischargeAt
      ? dischargeLine(
          formatInstant(record.readyForDischargeAt),
          formatLocalDate(sipSummonsDeadline(record.readyForDischargeAt, rules)),
          formatLocalDate(paymentResponsibilityStarts(record.readyForDischargeAt, rules)),
        )
      : null,
  });
  const points = AGENDA_ITEMS.map((item) => ({
    point: AGENDA_POINT[item],
    cases: onMeeting.filter((record) => record.agendaItem === item).map((record) => line(record, false)),
  }));
  const followUpPoint = points.find((entry) => entry.point === AGENDA_POINT.ongoing)!;
  for (const record of followUps) if (!onMeeting.some((other) => other._id === record._id)) followUpPoint.cases.push(line(record, true));
  const holiday = meetingDayOf(meeting, nominalDate).holiday;
  return agendaCard({
    meetingId: meeting._id,
    area: meeting.area,
    meetingLabel: meetingTimeLabel(meetingDate, meeting.schedule.time),
    leaderLabel: (await services.leaders.leaderOf(meeting, meetingDate)).leader?.name ?? null,
    points,
    holidayNote:
      holiday && nominalDate !== meetingDate
        ? `${holidayFallsOnLine(meetingTimeLabel(nominalDate, meeting.schedule.time), holiday.name)} ${holidayMovedLine(meetingTimeLabel(meetingDate, meeting.schedule.time))}`
        : null,
    slots: [],
  });
}

/** A card and the line Teams shows in the notification and the activity feed. */
interface Rendered {
  card: AdaptiveCard;
  summary: string | null;
}

async function render(services: Services, notice: Notice): Promise<Rendered | null> {
  switch (notice.type) {
    case 'case.card': {
      const card = await caseCardFor(services, notice.caseId);
      return card ? { card, summary: null } : null;
    }
    case 'agenda': {
      const meeting = await services.meetings.byId(notice.meetingId);
      if (!meeting) return null;
      return {
        card: await agendaFor(services, meeting, notice.meetingDate, notice.nominalDate),
        summary: JOB_TEXTS.agendaSummary(meeting.area, meetingTimeLabel(notice.meetingDate, meeting.schedule.time)),
      };
    }
    case 'submission-reminder': {
      const meeting = await services.meetings.byId(notice.meetingId);
      if (!meeting) return null;
      const cases = await services.repos.cases.find({ meetingId: meeting._id, meetingDate: notice.meetingDate, status: 'submitted' });
      const lastMinute = toLocal(new Date(caseCutoff(meeting, notice.meetingDate).getTime() - 60_000));
      const cutoffLabel = meetingTimeLabel(lastMinute.date, lastMinute.time);
      const card = submissionReminderCard({
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
      const card = ackReminderCard({
        person: await person(services, notice.meetingId, notice.userId, notice.mention),
        items: open.map(({ ack, record }) => ({
          ackId: ack._id,
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
      const card = escalationCard({
        person: await person(services, notice.meetingId, notice.userId, notice.mention),
        area: meeting.area,
        items: open.map(({ ack, record }) => ({
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
      if (!record?.followUp?.flaggedFor || !meeting || record.status !== 'submitted') return null;
      const card = followUpReminderCard({
        person: await person(services, meeting._id, notice.userId, notice.mention),
        reference: record.reference,
        initials: record.masked.initials,
        birthYear: record.masked.birthYear,
        followUpLabel: formatLocalDate(record.followUp.date),
        meetingLabel: meetingTimeLabel(record.followUp.flaggedFor, meeting.schedule.time),
      });
      return { card, summary: JOB_TEXTS.followUpSummary(record.reference) };
    }
  }
}

/** Renders outbox notices from the current state: the channel only ever gets masked views. */
export function createNoticeRenderer(services: Services): NoticeRenderer {
  return async (notice: Notice): Promise<PlainActivity | null> => {
    const rendered = await render(services, notice);
    return rendered ? (cardActivity(rendered.card, rendered.summary ?? undefined) as PlainActivity) : null;
  };
}
