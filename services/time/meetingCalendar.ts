import type { LocalDate, LocalTime } from '../domain/codes';
import type { Meeting } from '../domain/records';
import { settingsOf } from '../meetings/meetingSettings';
import { holidayOn, nextVardag, type SwedishHoliday } from './holidays';
import { addDays, localDateOf, weekdayOf, zonedInstant } from './stockholm';

/** What the calendar needs of a meeting. */
export type MeetingPlan = Pick<Meeting, 'schedule' | 'settings'>;

export interface MeetingOccurrence {
  /** The day the meeting is held (moved off a holiday if so configured). */
  date: LocalDate;
  /** The regular weekday it stands in for; differs from `date` when moved. */
  nominalDate: LocalDate;
  startsAt: Date;
  /** Cases submitted before this instant go to this meeting (DOMAIN.md §5). */
  cutoffAt: Date;
}

/** The regular meeting day and what becomes of it when it is a public holiday. */
export interface MeetingDay {
  nominalDate: LocalDate;
  /** Null when the meeting is skipped that week. */
  date: LocalDate | null;
  holiday: SwedishHoliday | null;
}

const MINUTE = 60_000;
const SEARCH_WEEKS = 60;

export function meetingStartsAt(meeting: MeetingPlan, date: LocalDate): Date {
  return zonedInstant(date, meeting.schedule.time);
}

/**
 * "Senast dagen före mötet": the cut-off is a wall time on the day before. The cut-off minute
 * itself still counts (a case sent at 23:59:40 with a 23:59 cut-off is in time), as people read
 * "senast 23:59".
 */
export function caseCutoff(meeting: MeetingPlan, meetingDate: LocalDate): Date {
  return new Date(zonedInstant(addDays(meetingDate, -1), meeting.schedule.cutoffTime).getTime() + MINUTE);
}

/** A meeting on a public holiday moves to the next vardag or is skipped, as the meeting is configured. */
export function meetingDayOf(meeting: MeetingPlan, nominalDate: LocalDate): MeetingDay {
  const holiday = holidayOn(nominalDate);
  if (!holiday) return { nominalDate, date: nominalDate, holiday: null };
  return { nominalDate, date: settingsOf(meeting).holidayPolicy === 'move' ? nextVardag(nominalDate) : null, holiday };
}

/** The regular weekday on or after `from`. */
export function firstNominalDateFrom(meeting: MeetingPlan, from: LocalDate): LocalDate {
  return addDays(from, (meeting.schedule.weekday - weekdayOf(from) + 7) % 7);
}

/** Meeting days in order, starting with the week of `from` (a moved meeting may fall after `from` even if its weekday is before). */
export function* meetingDaysFrom(meeting: MeetingPlan, from: LocalDate): Generator<MeetingDay> {
  let nominal = addDays(firstNominalDateFrom(meeting, from), -7);
  for (let week = 0; week < SEARCH_WEEKS; week++, nominal = addDays(nominal, 7)) yield meetingDayOf(meeting, nominal);
}

/** The meeting held for a regular weekday, if any. */
function occurrenceOf(meeting: MeetingPlan, nominalDate: LocalDate): MeetingOccurrence | null {
  const day = meetingDayOf(meeting, nominalDate);
  if (day.date === null) return null;
  return { date: day.date, nominalDate: day.nominalDate, startsAt: meetingStartsAt(meeting, day.date), cutoffAt: caseCutoff(meeting, day.date) };
}

/** The first meeting from the week of `from` on that `accept`s, each week's occurrence from `occurrenceAt`. */
function firstOccurrence(
  meeting: MeetingPlan,
  from: LocalDate,
  accept: (occurrence: MeetingOccurrence) => boolean,
  occurrenceAt: (nominalDate: LocalDate) => MeetingOccurrence | null = (nominalDate) => occurrenceOf(meeting, nominalDate),
): MeetingOccurrence {
  let nominal = addDays(firstNominalDateFrom(meeting, from), -7);
  for (let week = 0; week < SEARCH_WEEKS; week++, nominal = addDays(nominal, 7)) {
    const occurrence = occurrenceAt(nominal);
    if (occurrence && accept(occurrence)) return occurrence;
  }
  // Only reachable if every week for over a year were skipped, which no calendar does.
  throw new Error('no meeting within a year');
}

/** The next meeting whose case cut-off `submittedAt` meets. */
export function meetingForSubmission(meeting: MeetingPlan, submittedAt: Date): MeetingOccurrence {
  return firstOccurrence(meeting, localDateOf(submittedAt), (occurrence) => submittedAt.getTime() < occurrence.cutoffAt.getTime());
}

/**
 * The meeting day `now` belongs to: today when the meeting is held today (before, during or after
 * its hours), otherwise the next day it is held.
 */
export function currentMeetingDay(meeting: MeetingPlan, now: Date): { meetingDate: LocalDate; isToday: boolean } {
  const today = localDateOf(now);
  for (const day of meetingDaysFrom(meeting, today)) {
    if (day.date === null || day.date < today) continue;
    return { meetingDate: day.date, isToday: day.date === today };
  }
  throw new Error('no meeting day ahead');
}

/** The next meeting that has not started yet at `now`. */
export function nextMeeting(meeting: MeetingPlan, now: Date): MeetingOccurrence {
  return firstOccurrence(meeting, localDateOf(now), (occurrence) => now.getTime() < occurrence.startsAt.getTime());
}

/**
 * meetingForSubmission and nextMeeting of one meeting for many instants — a year's follow-up asks
 * thousands, and each week's holidays and time-zone conversions cost more than the answer — by
 * the same rule, each week's occurrence worked out once.
 */
export class MeetingCalendar {
  private readonly weeks = new Map<LocalDate, MeetingOccurrence | null>();
  /** The last instant's Stockholm date: both questions are usually asked of the same instant in a row. */
  private lastInstant = NaN;
  private lastDate: LocalDate = '';

  constructor(private readonly meeting: MeetingPlan) {}

  meetingForSubmission(submittedAt: Date): MeetingOccurrence {
    return firstOccurrence(this.meeting, this.localDateOf(submittedAt), (occurrence) => submittedAt.getTime() < occurrence.cutoffAt.getTime(), this.occurrenceAt);
  }

  nextMeeting(now: Date): MeetingOccurrence {
    return firstOccurrence(this.meeting, this.localDateOf(now), (occurrence) => now.getTime() < occurrence.startsAt.getTime(), this.occurrenceAt);
  }

  private localDateOf(instant: Date): LocalDate {
    if (instant.getTime() !== this.lastInstant) {
      this.lastInstant = instant.getTime();
      this.lastDate = localDateOf(instant);
    }
    return this.lastDate;
  }

  private readonly occurrenceAt = (nominalDate: LocalDate): MeetingOccurrence | null => {
    if (!this.weeks.has(nominalDate)) this.weeks.set(nominalDate, occurrenceOf(this.meeting, nominalDate));
    return this.weeks.get(nominalDate)!;
  };
}

export const DEFAULT_CUTOFF_TIME: LocalTime = '23:59';
