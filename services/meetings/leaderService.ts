import type { LocalDate } from '../domain/codes';
import type { LeaderAssignment, Meeting, RosterMember, UserRef } from '../domain/records';
import type { Repositories } from '../store/repositories';
import type { Clock } from '../time/clock';
import { meetingDaysFrom, nextMeeting } from '../time/meetingCalendar';
import { addDays } from '../time/stockholm';
import { leaderByRotation, rotationQueues, turnOf } from './rotation';

export interface LeaderOfDay {
  meetingDate: LocalDate;
  leader: RosterMember | null;
  /** Set when the rotation was changed for this day. */
  assignment: LeaderAssignment | null;
}

export type HandoverResult =
  | { kind: 'handed_over'; day: LeaderOfDay }
  | { kind: 'not_allowed' }
  | { kind: 'not_a_member' };

export type SkipResult =
  | { kind: 'skipped'; day: LeaderOfDay; next: LeaderOfDay }
  | { kind: 'not_allowed' }
  | { kind: 'nobody_else' };

const assignmentId = (meetingId: string, date: LocalDate) => `${meetingId}:${date}`;

/** Who leads which meeting: the rotation, changed only by a recorded handover or skip. */
export class LeaderService {
  constructor(
    private readonly repos: Pick<Repositories, 'roster' | 'leaderAssignments'>,
    private readonly clock: Clock,
  ) {}

  async leaderOf(meeting: Meeting, meetingDate: LocalDate): Promise<LeaderOfDay> {
    const members = await this.repos.roster.find({ meetingId: meeting._id });
    const assignment = await this.repos.leaderAssignments.findOne({ _id: assignmentId(meeting._id, meetingDate) });
    // A handover to someone who has since left the roster falls back to the rotation.
    const assigned = assignment ? members.find((member) => member.userId === assignment.userId) : undefined;
    if (assignment && assigned) return { meetingDate, leader: assigned, assignment };
    return { meetingDate, leader: leaderByRotation(rotationQueues(members), turnOf(meeting, meetingDate)), assignment: null };
  }

  /** The meeting the leader controls now: the next one that has not started. */
  currentMeetingDate(meeting: Meeting): LocalDate {
    return nextMeeting(meeting, this.clock.now()).date;
  }

  /** The leader of the day, or a manager on the roster, may change who leads. */
  async mayChange(meeting: Meeting, meetingDate: LocalDate, actor: UserRef): Promise<boolean> {
    const member = await this.repos.roster.findOne({ meetingId: meeting._id, userId: actor.id });
    if (member?.role === 'manager') return true;
    return (await this.leaderOf(meeting, meetingDate)).leader?.userId === actor.id;
  }

  async handover(meeting: Meeting, meetingDate: LocalDate, actor: UserRef, toUserId: string): Promise<HandoverResult> {
    if (!(await this.mayChange(meeting, meetingDate, actor))) return { kind: 'not_allowed' };
    const to = await this.repos.roster.findOne({ meetingId: meeting._id, userId: toUserId });
    if (!to) return { kind: 'not_a_member' };
    await this.assign(meeting, meetingDate, to.userId, 'handover', actor);
    return { kind: 'handed_over', day: await this.leaderOf(meeting, meetingDate) };
  }

  /**
   * The leader of the day is absent: the one next in line leads this time and the absent one
   * takes that person's turn, so nobody's turn is lost and the rotation goes on as before.
   */
  async skip(meeting: Meeting, meetingDate: LocalDate, actor: UserRef): Promise<SkipResult> {
    if (!(await this.mayChange(meeting, meetingDate, actor))) return { kind: 'not_allowed' };
    const today = await this.leaderOf(meeting, meetingDate);
    const nextDate = this.followingMeetingDate(meeting, meetingDate);
    const next = await this.leaderOf(meeting, nextDate);
    if (!today.leader || !next.leader || today.leader.userId === next.leader.userId) return { kind: 'nobody_else' };
    await this.assign(meeting, meetingDate, next.leader.userId, 'skip', actor);
    await this.assign(meeting, nextDate, today.leader.userId, 'skip', actor);
    return { kind: 'skipped', day: await this.leaderOf(meeting, meetingDate), next: await this.leaderOf(meeting, nextDate) };
  }

  private followingMeetingDate(meeting: Meeting, meetingDate: LocalDate): LocalDate {
    for (const day of meetingDaysFrom(meeting, addDays(meetingDate, 1))) {
      if (day.date !== null && day.date > meetingDate) return day.date;
    }
    throw new Error('no following meeting within a year');
  }

  private async assign(meeting: Meeting, meetingDate: LocalDate, userId: string, reason: LeaderAssignment['reason'], by: UserRef): Promise<void> {
    await this.repos.leaderAssignments.replaceOne({
      _id: assignmentId(meeting._id, meetingDate),
      meetingId: meeting._id,
      meetingDate,
      userId,
      reason,
      by,
      at: this.clock.now(),
    });
  }
}
