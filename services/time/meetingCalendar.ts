import type { LocalDate, LocalTime } from '../domain/codes';
import type { Meeting } from '../domain/records';
import { settingsOf } from '../meetings/meetingSettings';
import { holidayOn, nextVardag, type SwedishHoliday } from './holidays';
import { addDays, dateOfEpochDay, epochDayOf, localDateOf, localEpochDayOf, weekdayOf, zonedInstant } from './stockholm';

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

/** The first meeting from the week before `from`'s on that `accept`s. */
function firstOccurrence(meeting: MeetingPlan, from: LocalDate, accept: (occurrence: MeetingOccurrence) => boolean): MeetingOccurrence {
  let nominal = addDays(firstNominalDateFrom(meeting, from), -7);
  for (let week = 0; week < SEARCH_WEEKS; week++, nominal = addDays(nominal, 7)) {
    const occurrence = occurrenceOf(meeting, nominal);
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
 * the same rule: the weeks searched from a day are worked out once per day, each week's
 * occurrence once, and dates are counted as days since 1970 on the way.
 */
export class MeetingCalendar {
  private readonly weeks: Map<number, MeetingOccurrence | null>;
  private readonly searches = new Map<number, WeekSearch>();

  constructor(private readonly meeting: MeetingPlan) {
    this.weeks = weeksOfPlan(meeting);
  }

  meetingForSubmission(submittedAt: Date): MeetingOccurrence {
    const at = submittedAt.getTime();
    return this.firstFrom(localEpochDayOf(submittedAt), (occurrence) => at < occurrence.cutoffAt.getTime());
  }

  nextMeeting(now: Date): MeetingOccurrence {
    const at = now.getTime();
    return this.firstFrom(localEpochDayOf(now), (occurrence) => at < occurrence.startsAt.getTime());
  }

  /** The meetings held for the regular weekdays from `from` to `to` (YYYY-MM-DD), oldest first; null for a week skipped. */
  *weeksBetween(from: LocalDate, to: LocalDate): Generator<{ nominalDate: LocalDate; occurrence: MeetingOccurrence | null }> {
    const last = epochDayOf(to);
    for (let nominal = epochDayOf(firstNominalDateFrom(this.meeting, from)); nominal <= last; nominal += 7) {
      yield { nominalDate: dateOfEpochDay(nominal), occurrence: this.occurrenceOfWeek(nominal) };
    }
  }

  /** As firstOccurrence: the weeks from the one before `day`'s, the held meetings among them in order. */
  private firstFrom(day: number, accept: (occurrence: MeetingOccurrence) => boolean): MeetingOccurrence {
    let search = this.searches.get(day);
    if (!search) {
      // 1970-01-01 was a Thursday (weekday 4).
      const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
      search = { held: [], nextNominal: day + ((this.meeting.schedule.weekday - weekday + 7) % 7) - 7, weeksLeft: SEARCH_WEEKS };
      this.searches.set(day, search);
    }
    for (let i = 0; ; i++) {
      while (i === search.held.length) {
        // Only reachable if every week for over a year were skipped, which no calendar does.
        if (search.weeksLeft === 0) throw new Error('no meeting within a year');
        const occurrence = this.occurrenceOfWeek(search.nextNominal);
        search.nextNominal += 7;
        search.weeksLeft--;
        if (occurrence) search.held.push(occurrence);
      }
      if (accept(search.held[i]!)) return search.held[i]!;
    }
  }

  private occurrenceOfWeek(nominalDay: number): MeetingOccurrence | null {
    let occurrence = this.weeks.get(nominalDay);
    if (occurrence === undefined) {
      occurrence = occurrenceOf(this.meeting, dateOfEpochDay(nominalDay));
      this.weeks.set(nominalDay, occurrence);
    }
    return occurrence;
  }
}

/**
 * Each week's occurrence depends only on the schedule and the holiday policy, which many meetings
 * share and which a follow-up asks about again on every opening: kept per plan, for a bounded
 * number of plans (the occurrences are shared, so nobody may change them).
 */
function weeksOfPlan(meeting: MeetingPlan): Map<number, MeetingOccurrence | null> {
  const { weekday, time, cutoffTime } = meeting.schedule;
  const key = `${weekday} ${time} ${cutoffTime} ${settingsOf(meeting).holidayPolicy}`;
  let weeks = weeksByPlan.get(key);
  if (!weeks) {
    if (weeksByPlan.size >= MAX_PLANS) weeksByPlan.clear();
    weeks = new Map();
    weeksByPlan.set(key, weeks);
  }
  return weeks;
}

const MAX_PLANS = 256;
const weeksByPlan = new Map<string, Map<number, MeetingOccurrence | null>>();

interface WeekSearch {
  /** The meetings held in the weeks looked at so far, in order. */
  held: MeetingOccurrence[];
  nextNominal: number;
  weeksLeft: number;
}

export const DEFAULT_CUTOFF_TIME: LocalTime = '23:59';
