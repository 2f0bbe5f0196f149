import type { LocalDate, Role } from '../domain/codes';
import type { Meeting, RosterMember } from '../domain/records';
import { firstNominalDateFrom, meetingDayOf, type MeetingPlan } from '../time/meetingCalendar';
import { addDays, localDateOf } from '../time/stockholm';

export type Side = 'region' | 'municipality';

/** Which organisation a role belongs to (DOMAIN.md §2); rehab works on either side. */
export const SIDE_OF_ROLE: Readonly<Record<Role, Side | 'either'>> = {
  hc_nurse: 'region',
  physician: 'region',
  home_health_nurse: 'municipality',
  social_worker: 'municipality',
  home_care: 'municipality',
  rehab: 'either',
  manager: 'either',
};

/** Managers and the medical leads receive escalations; the weekly meeting is led by its participants. */
export function isLeaderEligible(member: Pick<RosterMember, 'role'>): boolean {
  return member.role !== 'manager';
}

const byJoining = (a: RosterMember, b: RosterMember) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.userId.localeCompare(b.userId);

/**
 * The two queues the leadership alternates between ("företrädesvis växelvis mellan kommun och
 * hälsocentral"). Members whose role works on either side fill the shorter queue, so both sides
 * take turns as evenly as the roster allows.
 */
export function rotationQueues(members: readonly RosterMember[]): Record<Side, RosterMember[]> {
  const eligible = members.filter(isLeaderEligible).sort(byJoining);
  const queues: Record<Side, RosterMember[]> = { region: [], municipality: [] };
  for (const member of eligible) {
    const side = SIDE_OF_ROLE[member.role];
    if (side !== 'either') queues[side].push(member);
  }
  for (const member of eligible) {
    if (SIDE_OF_ROLE[member.role] !== 'either') continue;
    (queues.region.length <= queues.municipality.length ? queues.region : queues.municipality).push(member);
  }
  return queues;
}

/** How many meetings were held before `date`, counted from the first one after the meeting was set up. */
export function turnOf(meeting: MeetingPlan & Pick<Meeting, 'createdAt'>, date: LocalDate): number {
  let turn = 0;
  // Week by week (a few hundred steps over years): skipped holiday weeks are no one's turn.
  for (let nominal = firstNominalDateFrom(meeting, localDateOf(meeting.createdAt)); nominal < date; nominal = addDays(nominal, 7)) {
    const held = meetingDayOf(meeting, nominal).date;
    if (held !== null && held < date) turn++;
  }
  return turn;
}

/**
 * The leader by rotation: turns alternate region, municipality, region, …; within a side the
 * queue goes round. A side without eligible members leaves the other to lead every week.
 * Deterministic: the same roster and date always give the same leader.
 */
export function leaderByRotation(queues: Record<Side, RosterMember[]>, turn: number): RosterMember | null {
  const { region, municipality } = queues;
  if (region.length === 0 && municipality.length === 0) return null;
  if (region.length === 0) return municipality[turn % municipality.length]!;
  if (municipality.length === 0) return region[turn % region.length]!;
  const side = turn % 2 === 0 ? region : municipality;
  return side[Math.floor(turn / 2) % side.length]!;
}
