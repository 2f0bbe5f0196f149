// The meeting board (the channel tab): what a roster member sees of one meeting at a glance.
// Only what the channel itself may show (DOMAIN.md §6): references, masked patients, codes,
// staff names and dates. Nothing here opens a sealed value.
import { isLate, isOverdue } from '../acks/ackState';
import { isOpenEscalation } from '../acks/openEscalations';
import type { Services } from '../app';
import { ROLES, type AgendaItem, type LocalDate, type LocalTime, type Role, type Urgency, type Weekday } from '../domain/codes';
import type { Acknowledgement, CaseRecord, HolidayPolicy, Meeting, MeetingRun, RosterMember } from '../domain/records';
import { rotationQueues, SIDE_OF_ROLE, type Side } from '../meetings/rotation';
import { agendaPointOf } from '../meetings/agendaPoint';
import { myWork } from '../cases/myWork';
import type { MyWork } from '../domain/caseViews';
import { settingsOf } from '../meetings/meetingSettings';
import { caseCutoff, meetingDaysFrom, meetingStartsAt, type MeetingDay } from '../time/meetingCalendar';
import { addDays, localDateOf } from '../time/stockholm';

/** How far ahead the board lists follow-ups, and how many weeks of rotation it shows. */
export const FOLLOW_UP_HORIZON_DAYS = 7;
export const ROTATION_WEEKS = 8;
/** Confirmed acknowledgements count on the board for this long; open ones until they are given. */
export const ACK_WINDOW_DAYS = 28;

export type BoardPoint = 1 | 2 | 3 | 4 | 5 | 6;
export type MeetingDayState = 'planned' | 'agenda_posted' | 'running' | 'ended' | 'cancelled_holiday';

export interface MaskedPatient {
  initials: string;
  birthYear: number;
}

export interface BoardCase {
  reference: string;
  masked: MaskedPatient;
  urgency: Urgency;
  agendaItem: AgendaItem;
  /** Came in after this meeting's cut-off: taken up today only if the leader accepts it. */
  lateForCutoff: boolean;
  /** Back under point 3 because its follow-up date has come. */
  followUp: boolean;
}

export interface BoardAgendaPoint {
  point: BoardPoint;
  cases: BoardCase[];
}

export interface BoardPerson {
  name: string;
  role: Role;
  organization: string;
  /** The side of the rotation the person leads for; `either` for someone outside both queues. */
  side: Side | 'either';
}

export interface BoardMeetingDay {
  /** The day the meeting is held, or — when cancelled — the regular day it would have been. */
  date: LocalDate;
  nominalDate: LocalDate;
  state: MeetingDayState;
  /** Set when a public holiday moved or cancelled the meeting. */
  holidayName: string | null;
  startsAt: string;
  /** The last instant a case still reaches this meeting (ISO). */
  cutoffAt: string;
  /** While running: the point the leader is at. */
  runningPoint: BoardPoint | null;
}

export interface BoardAckCount {
  role: Role;
  open: number;
  confirmedOnTime: number;
  confirmedLate: number;
  overdue: number;
}

export interface BoardFollowUp {
  reference: string;
  masked: MaskedPatient;
  date: LocalDate;
  responsibleName: string | null;
}

export interface BoardEscalation {
  reference: string;
  masked: MaskedPatient;
  /** Managers receive escalations: the role, and the managers on the roster by name. */
  toRole: Role;
  toNames: string[];
  since: string;
}

export interface BoardRotationWeek {
  nominalDate: LocalDate;
  /** Null when the week is skipped for a public holiday. */
  date: LocalDate | null;
  holidayName: string | null;
  leaderName: string | null;
}

export interface BoardView {
  today: LocalDate;
  generatedAt: string;
  viewer: { name: string; role: Role };
  meeting: {
    id: string;
    area: string;
    weekday: Weekday;
    time: LocalTime;
    durationMinutes: number;
    cutoffTime: LocalTime;
    holidayPolicy: HolidayPolicy;
    areaSlots: { area: string; start: LocalTime }[];
  };
  /** The coming meeting day (today's until the day is over). */
  meetingDay: BoardMeetingDay;
  /** The meeting the agenda and leader are about: the same day, or the next one held when that is cancelled. */
  agendaDate: LocalDate;
  leader: BoardPerson | null;
  agenda: BoardAgendaPoint[];
  acknowledgements: { since: LocalDate; byRole: BoardAckCount[] };
  followUpsDue: { until: LocalDate; items: BoardFollowUp[] };
  escalations: BoardEscalation[];
  rotation: BoardRotationWeek[];
  /** The viewer's own open work across all their meetings ("Mina ärenden"), masked like the rest. */
  mine: MyWork;
}

export interface BoardMeetingListItem {
  id: string;
  area: string;
  weekday: Weekday;
  time: LocalTime;
  /** The channel the meeting belongs to (Teams channel id) and its team, as stored. */
  conversationId: string;
  teamId: string | null;
}

const masked = (record: CaseRecord): MaskedPatient => ({ initials: record.masked.initials, birthYear: record.masked.birthYear });

function boardCase(record: CaseRecord, meetingDate: LocalDate, late: boolean): BoardCase {
  return {
    reference: record.reference,
    masked: masked(record),
    urgency: record.urgency,
    agendaItem: record.agendaItem,
    lateForCutoff: late,
    followUp: record.followUp?.flaggedFor === meetingDate,
  };
}

/** The meetings a person is on the roster of, optionally only the one of a given channel. */
export async function boardMeetingsOf(services: Services, aadObjectId: string, conversationId: string | null): Promise<BoardMeetingListItem[]> {
  const memberships = await services.repos.roster.find({ aadObjectId });
  const items: BoardMeetingListItem[] = [];
  for (const meetingId of new Set(memberships.map((member) => member.meetingId))) {
    const meeting = await services.meetings.byId(meetingId);
    if (!meeting || (conversationId !== null && meeting.conversationKey !== conversationId)) continue;
    const conversation = await services.repos.conversations.findOne({ _id: meeting.conversationKey });
    items.push({
      id: meeting._id,
      area: meeting.area,
      weekday: meeting.schedule.weekday,
      time: meeting.schedule.time,
      conversationId: meeting.conversationKey,
      teamId: conversation?.teamId ?? null,
    });
  }
  return items.sort((a, b) => a.area.localeCompare(b.area, 'sv'));
}

/** Meeting days from today on, the held and the cancelled, in order. */
function upcomingDays(meeting: Meeting, today: LocalDate, count: number): MeetingDay[] {
  const days: MeetingDay[] = [];
  for (const day of meetingDaysFrom(meeting, today)) {
    if ((day.date ?? day.nominalDate) < today) continue;
    days.push(day);
    if (days.length === count) break;
  }
  return days;
}

async function stateOf(services: Services, meeting: Meeting, day: MeetingDay, run: MeetingRun | null): Promise<MeetingDayState> {
  if (day.date === null) return 'cancelled_holiday';
  return services.runs.dayState(meeting._id, day.date, run);
}

function personOf(members: readonly RosterMember[], member: RosterMember | null): BoardPerson | null {
  if (!member) return null;
  const queues = rotationQueues(members);
  const side: Side | 'either' = queues.region.some((m) => m.userId === member.userId)
    ? 'region'
    : queues.municipality.some((m) => m.userId === member.userId)
      ? 'municipality'
      : SIDE_OF_ROLE[member.role];
  return { name: member.name, role: member.role, organization: member.organization, side };
}

async function agendaOf(services: Services, meeting: Meeting, date: LocalDate, run: MeetingRun | null): Promise<BoardAgendaPoint[]> {
  // Once the meeting has ended its cases have moved on; the board then shows what it decided.
  const cases =
    run?.status === 'ended'
      ? (await services.repos.cases.find({ meetingId: meeting._id }, { sort: { submittedAt: 1 } })).filter((record) => record.decision?.meetingDate === date)
      : await services.runs.casesOf(meeting, date);
  const late = run?.status === 'ended' ? [] : await services.runs.lateCasesOf(meeting, date);
  const points: BoardAgendaPoint[] = ([1, 2, 3, 4, 5, 6] as const).map((point) => ({ point, cases: [] }));
  // Late cases wait under point 1, where the leader decides whether to take them up today.
  for (const record of late) points[0]!.cases.push(boardCase(record, date, true));
  for (const record of cases) points[agendaPointOf(record, date) - 1]!.cases.push(boardCase(record, date, false));
  return points;
}

function ackState(ack: Acknowledgement, now: Date): keyof Omit<BoardAckCount, 'role'> {
  if (ack.status === 'confirmed') return isLate(ack) ? 'confirmedLate' : 'confirmedOnTime';
  return isOverdue(ack, now) ? 'overdue' : 'open';
}

/** Given kvittenser of the recent weeks, and every one still owed (not for a withdrawn case). */
function acknowledgementsOf(acks: readonly Acknowledgement[], cases: Map<string, CaseRecord>, since: LocalDate, now: Date): BoardAckCount[] {
  const counts = new Map<Role, BoardAckCount>();
  for (const ack of acks) {
    const record = cases.get(ack.caseId);
    const counted = ack.status === 'confirmed' ? localDateOf(ack.confirmedAt ?? ack.noticeSentAt) >= since : record !== undefined && record.status !== 'withdrawn';
    if (!counted) continue;
    const count = counts.get(ack.role) ?? { role: ack.role, open: 0, confirmedOnTime: 0, confirmedLate: 0, overdue: 0 };
    count[ackState(ack, now)]++;
    counts.set(ack.role, count);
  }
  return [...counts.values()].sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
}

function followUpsOf(cases: readonly CaseRecord[], members: readonly RosterMember[], until: LocalDate): BoardFollowUp[] {
  return cases
    .filter((record) => record.status === 'follow_up' && record.followUp !== null && record.followUp.date <= until)
    .map((record) => ({
      reference: record.reference,
      masked: masked(record),
      date: record.followUp!.date,
      responsibleName: members.find((member) => member.userId === record.followUp!.responsibleUserId)?.name ?? null,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.reference.localeCompare(b.reference));
}

/** The meeting's escalations no manager has acknowledged yet (isOpenEscalation), oldest first. */
async function escalationsOf(services: Services, meeting: Meeting, cases: Map<string, CaseRecord>, members: readonly RosterMember[]): Promise<BoardEscalation[]> {
  const open = await services.repos.acks.find({ meetingId: meeting._id, role: 'manager', status: 'open' }, { sort: { noticeSentAt: 1 } });
  const managers = members.filter((member) => member.role === 'manager').map((member) => member.name);
  const escalations: BoardEscalation[] = [];
  for (const ack of open) {
    const record = cases.get(ack.caseId);
    if (!isOpenEscalation(ack, record)) continue;
    escalations.push({ reference: record.reference, masked: masked(record), toRole: 'manager', toNames: managers, since: ack.noticeSentAt.toISOString() });
  }
  return escalations;
}

async function rotationOf(services: Services, meeting: Meeting, days: readonly MeetingDay[]): Promise<BoardRotationWeek[]> {
  const weeks: BoardRotationWeek[] = [];
  for (const day of days) {
    const leader = day.date === null ? null : (await services.leaders.leaderOf(meeting, day.date)).leader;
    weeks.push({ nominalDate: day.nominalDate, date: day.date, holidayName: day.holiday?.name ?? null, leaderName: leader?.name ?? null });
  }
  return weeks;
}

/** The board of one meeting as the given roster member sees it, at the services' clock. */
export async function buildBoardView(services: Services, meeting: Meeting, viewer: RosterMember): Promise<BoardView> {
  const now = services.clock.now();
  const today = localDateOf(now);
  const members = await services.roster.members(meeting._id);
  const days = upcomingDays(meeting, today, ROTATION_WEEKS);
  const day = days[0]!;
  const agendaDate = day.date ?? days.find((candidate) => candidate.date !== null)!.date!;
  const shownDate = day.date ?? day.nominalDate;
  const run = day.date === null ? null : await services.runs.runOf(meeting._id, day.date);
  const agendaRun = agendaDate === day.date ? run : await services.runs.runOf(meeting._id, agendaDate);
  const allCases = await services.repos.cases.find({ meetingId: meeting._id });
  const casesById = new Map(allCases.map((record) => [record._id, record]));
  const ackSince = addDays(today, -ACK_WINDOW_DAYS);
  const followUpUntil = addDays(today, FOLLOW_UP_HORIZON_DAYS);
  const settings = settingsOf(meeting);

  return {
    today,
    generatedAt: now.toISOString(),
    viewer: { name: viewer.name, role: viewer.role },
    meeting: {
      id: meeting._id,
      area: meeting.area,
      weekday: meeting.schedule.weekday,
      time: meeting.schedule.time,
      durationMinutes: meeting.schedule.durationMinutes,
      cutoffTime: meeting.schedule.cutoffTime,
      holidayPolicy: settings.holidayPolicy,
      areaSlots: settings.areaSlots.map((slot) => ({ area: slot.area, start: slot.start })),
    },
    meetingDay: {
      date: shownDate,
      nominalDate: day.nominalDate,
      state: await stateOf(services, meeting, day, run),
      holidayName: day.holiday?.name ?? null,
      startsAt: meetingStartsAt(meeting, shownDate).toISOString(),
      cutoffAt: new Date(caseCutoff(meeting, shownDate).getTime() - 60_000).toISOString(),
      runningPoint: run?.status === 'running' ? run.point : null,
    },
    agendaDate,
    leader: personOf(members, (await services.leaders.leaderOf(meeting, agendaDate)).leader),
    agenda: await agendaOf(services, meeting, agendaDate, agendaRun),
    acknowledgements: { since: ackSince, byRole: acknowledgementsOf(await services.repos.acks.find({ meetingId: meeting._id }), casesById, ackSince, now) },
    followUpsDue: { until: followUpUntil, items: followUpsOf(allCases, members, followUpUntil) },
    escalations: await escalationsOf(services, meeting, casesById, members),
    rotation: await rotationOf(services, meeting, days),
    mine: await myWork(services, viewer.userId),
  };
}
