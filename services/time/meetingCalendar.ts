import type { LocalDate, LocalTime } from '../domain/codes';
import type { MeetingSchedule } from '../domain/records';
import { addDays, localDateOf, weekdayOf, zonedInstant } from './stockholm';

export interface MeetingOccurrence {
  date: LocalDate;
  startsAt: Date;
  /** Cases submitted before this instant go to this meeting (DOMAIN.md §5). */
  cutoffAt: Date;
}

const MINUTE = 60_000;

export function meetingStartsAt(schedule: MeetingSchedule, date: LocalDate): Date {
  return zonedInstant(date, schedule.time);
}

/**
 * "Senast dagen före mötet": the cut-off is a wall time on the day before. The cut-off minute
 * itself still counts (a case sent at 23:59:40 with a 23:59 cut-off is in time), as people read
 * "senast 23:59".
 */
export function caseCutoff(schedule: MeetingSchedule, meetingDate: LocalDate): Date {
  return new Date(zonedInstant(addDays(meetingDate, -1), schedule.cutoffTime).getTime() + MINUTE);
}

export function occurrenceOn(schedule: MeetingSchedule, date: LocalDate): MeetingOccurrence {
  return { date, startsAt: meetingStartsAt(schedule, date), cutoffAt: caseCutoff(schedule, date) };
}

/** The first meeting day on or after `from` (a local date). */
export function firstMeetingDateFrom(schedule: MeetingSchedule, from: LocalDate): LocalDate {
  const ahead = (schedule.weekday - weekdayOf(from) + 7) % 7;
  return addDays(from, ahead);
}

/** The next meeting whose case cut-off `submittedAt` meets. */
export function meetingForSubmission(schedule: MeetingSchedule, submittedAt: Date): MeetingOccurrence {
  let date = firstMeetingDateFrom(schedule, localDateOf(submittedAt));
  for (;;) {
    const occurrence = occurrenceOn(schedule, date);
    if (submittedAt.getTime() < occurrence.cutoffAt.getTime()) return occurrence;
    date = addDays(date, 7);
  }
}

/** The next meeting that has not started yet at `now`. */
export function nextMeeting(schedule: MeetingSchedule, now: Date): MeetingOccurrence {
  let date = firstMeetingDateFrom(schedule, localDateOf(now));
  for (;;) {
    const occurrence = occurrenceOn(schedule, date);
    if (now.getTime() < occurrence.startsAt.getTime()) return occurrence;
    date = addDays(date, 7);
  }
}

export const DEFAULT_CUTOFF_TIME: LocalTime = '23:59';
