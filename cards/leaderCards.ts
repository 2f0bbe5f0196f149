import { renderTemplate, type AdaptiveCard } from './render';
import leaderTemplate from './templates/leader.json';
import { LEADER_TEXTS, leaderOfMeetingLine } from './texts.sv';

export interface LeaderCardInput {
  meetingId: string;
  meetingDate: string;
  meetingLabel: string;
  leaderName: string | null;
  /** The invoking user may hand over or skip (the leader of the day, or a manager). */
  mayChange: boolean;
  /** Roster members one can hand over to. */
  members: { id: string; name: string; roleLabel: string }[];
  /** The rotation for the coming meetings. */
  upcoming: { meetingLabel: string; leaderName: string | null }[];
  /** A confirmation after a change, or null. */
  notice: string | null;
}

/** Who leads the next meeting and the coming ones; shown only to the person who asked (Universal Actions). */
export function leaderCard(input: LeaderCardInput): AdaptiveCard {
  return renderTemplate(leaderTemplate, {
    title: LEADER_TEXTS.title,
    notice: input.notice ?? '',
    leaderLine: leaderOfMeetingLine(input.meetingLabel, input.leaderName),
    rotationLine: input.leaderName === null ? LEADER_TEXTS.nobodyEligible : LEADER_TEXTS.rotation,
    upcomingTitle: LEADER_TEXTS.upcoming,
    upcoming: input.upcoming.map((entry) => ({ meetingLabel: entry.meetingLabel, leaderName: entry.leaderName ?? '–' })),
    mayChange: input.mayChange && input.members.length > 0,
    chooseSomeone: LEADER_TEXTS.chooseSomeone,
    members: input.members.map((member) => ({ id: member.id, label: `${member.name} (${member.roleLabel})` })),
    onlyLeaderOrManager: LEADER_TEXTS.onlyLeaderOrManager,
    handOverTitle: LEADER_TEXTS.handOver,
    skipTitle: LEADER_TEXTS.skip,
    actionData: { meetingId: input.meetingId, meetingDate: input.meetingDate },
  });
}
