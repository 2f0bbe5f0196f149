// The meeting as the Teams meeting's side panel and stage show it: today's six points, the one the
// leader is at, and its cases — masked like the channel (DOMAIN.md §6). Built from the same state
// the leader's card view and the channel's agenda are rendered from, so all three agree.
import { createHash } from 'node:crypto';
import type { Services } from '../app';
import type { AgendaItem, LocalDate, LocalTime, Role, Urgency } from '../domain/codes';
import type { CaseRecord, Meeting, RosterMember } from '../domain/records';
import { currentMeetingDay } from '../time/meetingCalendar';
import { agendaPointOf } from './agendaPoint';

export type LivePoint = 1 | 2 | 3 | 4 | 5 | 6;
export type LiveState = 'planned' | 'agenda_posted' | 'running' | 'ended';

export interface LiveCase {
  caseId: string;
  reference: string;
  masked: { initials: string; birthYear: number };
  urgency: Urgency;
  agendaItem: AgendaItem;
  /** Back under point 3 because its follow-up date has come. */
  followUp: boolean;
  /** Today's decision, without its free text; null until the meeting decides. */
  decision: { responsibleName: string | null; followUpDate: LocalDate | null; sipNeeded: boolean; escalated: boolean } | null;
}

export interface LiveView {
  meetingId: string;
  area: string;
  time: LocalTime;
  /** Today when the meeting is held today, else the next day it is held. */
  meetingDate: LocalDate;
  isToday: boolean;
  state: LiveState;
  /** The point the leader is at; null before the meeting starts. */
  point: LivePoint | null;
  leader: { name: string; role: Role } | null;
  viewer: { name: string; mayLead: boolean };
  points: { point: LivePoint; caseCount: number; decidedCount: number }[];
  /** The cases of the point the meeting is at (points 2–5), or — before it starts — of every point. */
  cases: (LiveCase & { point: LivePoint })[];
  /** Cases that missed the cut-off: under point 1, for the leader to take up or leave. */
  lateCases: LiveCase[];
  /** For the leader's decision form: who may be responsible or SIP coordinator. */
  members: { userId: string; name: string; role: Role }[];
  /** Changes whenever anything shown changes: the page asks with If-None-Match and gets 304 otherwise. */
  version: string;
}

/** What the stage shows every participant: masked cases of the current point, no person's name at all. */
export interface StageView {
  area: string;
  meetingDate: LocalDate;
  state: LiveState;
  point: LivePoint | null;
  cases: { reference: string; masked: { initials: string; birthYear: number }; urgency: Urgency; followUp: boolean; decided: boolean }[];
  points: { point: LivePoint; caseCount: number; decidedCount: number }[];
  version: string;
}

const versionOf = (view: object) => createHash('sha256').update(JSON.stringify(view)).digest('base64url').slice(0, 22);

export async function buildLiveView(services: Services, meeting: Meeting, viewer: RosterMember): Promise<LiveView> {
  const { meetingDate, isToday } = currentMeetingDay(meeting, services.clock.now());
  const run = await services.runs.runOf(meeting._id, meetingDate);
  const members = await services.roster.members(meeting._id);
  const nameOf = (userId: string) => members.find((member) => member.userId === userId)?.name ?? null;
  const records = run?.status === 'ended' ? (await services.runs.decidedOn(meeting._id, meetingDate)).map(({ record }) => record) : await services.runs.casesOf(meeting, meetingDate);
  const liveCase = (record: CaseRecord): LiveCase => {
    const decision = record.decision?.meetingDate === meetingDate ? record.decision : null;
    return {
      caseId: record._id,
      reference: record.reference,
      masked: { initials: record.masked.initials, birthYear: record.masked.birthYear },
      urgency: record.urgency,
      agendaItem: record.agendaItem,
      followUp: record.followUp?.flaggedFor === meetingDate,
      decision: decision ? { responsibleName: nameOf(decision.responsibleUserId), followUpDate: decision.followUpDate, sipNeeded: decision.sipNeeded, escalated: decision.escalate } : null,
    };
  };
  const all = records.map((record) => ({ ...liveCase(record), point: agendaPointOf(record, meetingDate) }));
  const point: LivePoint | null = run ? (run.status === 'ended' ? 6 : run.point) : null;
  const leader = run ? members.find((member) => member.userId === run.leaderId) : (await services.leaders.leaderOf(meeting, meetingDate)).leader;
  const mayLead = isToday && (await services.leaders.mayChange(meeting, meetingDate, { id: viewer.userId, aadObjectId: viewer.aadObjectId, name: viewer.name }));
  const view: Omit<LiveView, 'version'> = {
    meetingId: meeting._id,
    area: meeting.area,
    time: meeting.schedule.time,
    meetingDate,
    isToday,
    state: await services.runs.dayState(meeting._id, meetingDate, run),
    point,
    leader: leader ? { name: leader.name, role: leader.role } : null,
    viewer: { name: viewer.name, mayLead },
    points: ([1, 2, 3, 4, 5, 6] as const).map((p) => ({ point: p, caseCount: all.filter((c) => c.point === p).length, decidedCount: all.filter((c) => c.point === p && c.decision).length })),
    cases: point === null || point === 1 || point === 6 ? all : all.filter((c) => c.point === point),
    lateCases: run?.status === 'ended' ? [] : (await services.runs.lateCasesOf(meeting, meetingDate)).map(liveCase),
    members: mayLead ? members.map((member) => ({ userId: member.userId, name: member.name, role: member.role })) : [],
  };
  return { ...view, version: versionOf(view) };
}

/** The stage: what everyone in the meeting may see on the shared screen. */
export function stageViewOf(live: LiveView): StageView {
  const view: Omit<StageView, 'version'> = {
    area: live.area,
    meetingDate: live.meetingDate,
    state: live.state,
    point: live.point,
    cases: live.cases.map((c) => ({ reference: c.reference, masked: c.masked, urgency: c.urgency, followUp: c.followUp, decided: c.decision !== null })),
    points: live.points,
  };
  return { ...view, version: versionOf(view) };
}
