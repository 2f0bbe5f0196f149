// What the scheduled jobs post about the meeting itself: the dagordning, the day-before
// reminder and the holiday notice (DOMAIN.md §3, §5).
import { maskedBirthYear, maskedInitials } from './caseCards';
import { mentionList, withMentions, type MentionPerson } from './mentions';
import { renderTemplate, withRefresh, type AdaptiveCard } from './render';
import agendaTemplate from './templates/agenda.json';
import holidayNoticeTemplate from './templates/holidayNotice.json';
import submissionReminderTemplate from './templates/submissionReminder.json';
import {
  AGENDA_POINTS,
  AGENDA_TEXTS,
  agendaPointLabel,
  caseCountLabel,
  HOLIDAY_TEXTS,
  holidayFallsOnLine,
  holidayMovedLine,
  leaderLine,
  maskedCaseLine,
  MEETING_RUN_TEXTS,
  meetingRunningLine,
  MENTION_LINES,
  moreCasesLine,
  patientLabel,
  submitBeforeLine,
  totalCasesLine,
  type AgendaPoint,
} from './texts.sv';

/** A case on the agenda as the channel may show it (DOMAIN.md §6). */
export interface AgendaCaseLine {
  reference: string;
  initials: string;
  birthYear: number;
  /** `urgencyLabel(urgency)`. */
  urgencyLabel: string;
  /** True for a case whose follow-up date has come (agenda point 3). */
  followUpDue: boolean;
  /** Discharge cases (point 5): e.g. `dischargeLine(...)`; null otherwise. */
  dischargeLabel?: string | null;
}

export interface AgendaSlot {
  area: string;
  /** e.g. "13:00" or "kl. 13:00". */
  startLabel: string;
  /** References of the cases taken up in this slot. */
  references: string[];
}

export interface AgendaCardInput {
  meetingId: string;
  /** YYYY-MM-DD, the meeting occurrence this agenda is for; goes back in the meeting buttons' data. */
  meetingDate: string;
  area: string;
  /** e.g. `formatMeetingTime(date, time)`. */
  meetingLabel: string;
  /** The leader's display name, or null when none is appointed yet. */
  leaderLabel: string | null;
  /** Cases per point; points 2–5 take cases. Points not listed show "Inga ärenden". */
  points: { point: AgendaPoint; cases: AgendaCaseLine[] }[];
  /** e.g. "Mötet är flyttat från …, som är en helgdag."; null when there is none. */
  holidayNote: string | null;
  /** Area time slots when the meeting is split by area; empty when it is not. */
  slots: AgendaSlot[];
  /**
   * While the meeting runs: the leader's current point and Teams user id. The point is marked,
   * and the leader's Teams shows the leader view instead of the agenda (`refresh`).
   */
  running?: { point: AgendaPoint; leaderId: string } | null;
  /** After `meeting.end`: says so and offers no start. */
  ended?: boolean;
}

/** The verb whose invoke answers with the leader's view: the `refresh` of the running meeting's cards. */
export const MEETING_VIEW_VERB = 'meeting.view';

/** Makes the leader's Teams fetch the leader view in place of this card; others keep the card. */
export function withLeaderRefresh(
  card: AdaptiveCard,
  meeting: { meetingId: string; meetingDate: string },
  leaderId: string,
): AdaptiveCard {
  const data = { meetingId: meeting.meetingId, meetingDate: meeting.meetingDate };
  return withRefresh(card, { verb: MEETING_VIEW_VERB, data }, [leaderId]);
}

/** At most this many cases are listed per point, so that a busy week still fits in a message. */
export const MAX_AGENDA_CASES_PER_POINT = 40;

const CASE_POINTS: ReadonlySet<AgendaPoint> = new Set<AgendaPoint>([2, 3, 4, 5]);

/** The dagordning, posted in the channel on the meeting day: the six fixed points in order. */
export function agendaCard(input: AgendaCardInput): AdaptiveCard {
  const ended = input.ended === true;
  const running = !ended && input.running ? input.running : null;
  const points = AGENDA_POINTS.map((point) => {
    const cases = input.points.filter((entry) => entry.point === point).flatMap((entry) => entry.cases);
    const shown = cases.slice(0, MAX_AGENDA_CASES_PER_POINT);
    return {
      title: agendaPointLabel(point),
      current: running?.point === point,
      style: running?.point === point ? 'accent' : 'default',
      cases: shown.map((line) => ({
        reference: line.reference,
        details: ` · ${maskedCaseLine([
          patientLabel(maskedInitials(line.initials), maskedBirthYear(line.birthYear)),
          line.urgencyLabel,
          line.dischargeLabel ?? '',
        ])}`,
        followUp: line.followUpDue === true,
      })),
      showEmpty: cases.length === 0 && CASE_POINTS.has(point),
      more: cases.length > shown.length ? moreCasesLine(cases.length - shown.length) : '',
    };
  });
  const holidayNote = input.holidayNote?.trim() ?? '';
  const card = renderTemplate(agendaTemplate, {
    area: input.area,
    meetingLabel: input.meetingLabel,
    leaderLine: leaderLine(input.leaderLabel),
    hasHolidayNote: holidayNote !== '',
    holidayNote,
    points,
    noCasesText: AGENDA_TEXTS.noCases,
    followUpText: AGENDA_TEXTS.followUp,
    slots: input.slots.map((slot) => ({
      area: slot.area,
      startLabel: slot.startLabel,
      referencesLabel: slot.references.length > 0 ? slot.references.join(', ') : AGENDA_TEXTS.noCases,
    })),
    caseFormData: { meetingId: input.meetingId },
    runningText: MEETING_RUN_TEXTS.running,
    statusLine: ended ? MEETING_RUN_TEXTS.ended : running ? meetingRunningLine(running.point) : '',
    statusColor: ended ? 'good' : 'accent',
    mayStart: !ended && running === null,
    startTitle: MEETING_RUN_TEXTS.startMeeting,
    meetingData: { meetingId: input.meetingId, meetingDate: input.meetingDate },
  });
  return running ? withLeaderRefresh(card, input, running.leaderId) : card;
}

export interface SubmissionReminderCardInput {
  meetingId: string;
  area: string;
  meetingLabel: string;
  /** The last minute that still counts, e.g. `cutoffInstantLabel(local)`. */
  cutoffLabel: string;
  /** Cases so far per agenda point, e.g. `{ agendaLabel: agendaItemLabel(item), count }`. */
  counts: { agendaLabel: string; count: number }[];
  total: number;
  /** The roster; everyone is @mentioned. */
  people: MentionPerson[];
  /** The leader of that meeting, or null when none can be appointed yet. */
  leaderLabel: string | null;
}

/** The day-before reminder in the channel: who, until when, and how many cases so far. */
export function submissionReminderCard(input: SubmissionReminderCardInput): AdaptiveCard {
  const mentions = mentionList(input.people);
  const card = renderTemplate(submissionReminderTemplate, {
    mentions: mentions === '' ? '' : MENTION_LINES.roster(mentions),
    meetingLabel: input.meetingLabel,
    area: input.area,
    submitBeforeLine: submitBeforeLine(input.cutoffLabel),
    counts: input.counts.map((entry) => ({ agendaLabel: entry.agendaLabel, countLabel: caseCountLabel(entry.count) })),
    totalLine: totalCasesLine(input.total),
    leaderName: input.leaderLabel?.trim() || AGENDA_TEXTS.leaderNotAppointed,
    caseFormData: { meetingId: input.meetingId },
  });
  return withMentions(card, input.people);
}

export interface HolidayNoticeCardInput {
  area: string;
  /** e.g. "juldagen"; as `date-holidays` names it, in Swedish. */
  holidayName: string;
  /** The meeting as scheduled, e.g. `formatMeetingTime(date, time)`. */
  originalLabel: string;
  policy: 'move' | 'skip';
  /** Where a moved meeting goes; null when skipped (or not yet known). */
  newLabel: string | null;
}

/** Posted two vardagar ahead when the meeting falls on a public holiday (DOMAIN.md §5). */
export function holidayNoticeCard(input: HolidayNoticeCardInput): AdaptiveCard {
  const moved = input.policy === 'move';
  return renderTemplate(holidayNoticeTemplate, {
    title: moved ? HOLIDAY_TEXTS.movedTitle : HOLIDAY_TEXTS.skippedTitle,
    area: input.area,
    fallsOnLine: holidayFallsOnLine(input.originalLabel, input.holidayName),
    outcomeLine: moved ? holidayMovedLine(input.newLabel) : HOLIDAY_TEXTS.skippedLine,
    casesLine: moved ? HOLIDAY_TEXTS.movedCases : HOLIDAY_TEXTS.skippedCases,
  });
}
