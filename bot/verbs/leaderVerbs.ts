import {
  handedOverLine,
  LEADER_TEXTS,
  leaderCard,
  meetingTimeLabel,
  notAllowedCard,
  roleLabel,
  skippedLine,
} from '../../cards';
import type { LocalDate } from '../../services/domain/codes';
import type { Meeting } from '../../services/domain/records';
import { meetingDaysFrom } from '../../services/time/meetingCalendar';
import { addDays, isValidLocalDate } from '../../services/time/stockholm';
import { meetingOf, noMeetingReply } from './meetingContext';
import type { VerbHandler, VerbReply, VerbRequest } from './verb';

const UPCOMING_MEETINGS = 4;

/** The meeting day a leader card is about: the one it names if that has not passed, else the next. */
function meetingDateOf(request: VerbRequest, meeting: Meeting): LocalDate {
  const named = request.data.meetingDate;
  const current = request.services.leaders.currentMeetingDate(meeting);
  return typeof named === 'string' && isValidLocalDate(named) && named >= current ? named : current;
}

async function leaderReply(request: VerbRequest, meeting: Meeting, meetingDate: LocalDate, notice: string | null): Promise<VerbReply> {
  const { leaders, roster } = request.services;
  const day = await leaders.leaderOf(meeting, meetingDate);
  const upcoming: { meetingLabel: string; leaderName: string | null }[] = [];
  for (const next of meetingDaysFrom(meeting, addDays(meetingDate, 1))) {
    if (upcoming.length >= UPCOMING_MEETINGS) break;
    if (next.date === null || next.date <= meetingDate) continue;
    upcoming.push({ meetingLabel: meetingTimeLabel(next.date, meeting.schedule.time), leaderName: (await leaders.leaderOf(meeting, next.date)).leader?.name ?? null });
  }
  const members = await roster.members(meeting._id);
  return {
    card: leaderCard({
      meetingId: meeting._id,
      meetingDate,
      meetingLabel: meetingTimeLabel(meetingDate, meeting.schedule.time),
      leaderName: day.leader?.name ?? null,
      mayChange: await leaders.mayChange(meeting, meetingDate, request.actor),
      members: members.filter((member) => member.userId !== day.leader?.userId).map((member) => ({ id: member.userId, name: member.name, roleLabel: roleLabel(member.role) })),
      upcoming,
      notice,
    }),
  };
}

export const openLeaderCard: VerbHandler = async (request) => {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  return leaderReply(request, meeting, meetingDateOf(request, meeting), null);
};

export const handOverLeadership: VerbHandler = async (request) => {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  const meetingDate = meetingDateOf(request, meeting);
  const to = typeof request.data.to === 'string' ? request.data.to : '';
  const result = await request.services.leaders.handover(meeting, meetingDate, request.actor, to);
  switch (result.kind) {
    case 'not_allowed':
      return { card: notAllowedCard(LEADER_TEXTS.onlyLeaderOrManager) };
    case 'not_a_member':
      return { card: notAllowedCard(LEADER_TEXTS.notAMember) };
    case 'handed_over':
      return leaderReply(request, meeting, meetingDate, handedOverLine(result.day.leader?.name ?? ''));
  }
};

export const skipAbsentLeader: VerbHandler = async (request) => {
  const meeting = await meetingOf(request);
  if (!meeting) return noMeetingReply(request);
  const meetingDate = meetingDateOf(request, meeting);
  const result = await request.services.leaders.skip(meeting, meetingDate, request.actor);
  switch (result.kind) {
    case 'not_allowed':
      return { card: notAllowedCard(LEADER_TEXTS.onlyLeaderOrManager) };
    case 'nobody_else':
      return { card: notAllowedCard(LEADER_TEXTS.nobodyElse) };
    case 'skipped':
      return leaderReply(
        request,
        meeting,
        meetingDate,
        skippedLine(result.day.leader?.name ?? '', meetingTimeLabel(result.next.meetingDate, meeting.schedule.time), result.next.leader?.name ?? ''),
      );
  }
};
