import type { LocalDate, LocalTime } from '../domain/codes';
import type { JobName, Meeting } from '../domain/records';
import { settingsOf } from '../meetings/meetingSettings';
import { addVardagar, previousVardag } from '../time/holidays';
import { meetingDaysFrom } from '../time/meetingCalendar';
import { addDays, localDateOf, zonedInstant } from '../time/stockholm';

/** One thing the scheduler should do, computed from the meetings' configuration alone. */
export interface PlannedRun {
  /** Unique per job, meeting and day: the claim on it makes the run happen once. */
  key: string;
  job: JobName;
  meetingId: string | null;
  dueAt: Date;
  /** The day the run is about: the meeting day for meeting jobs, the calendar day for daily ones. */
  day: LocalDate;
  /** For agenda, reminder and holiday notice: the regular meeting day. */
  nominalDate: LocalDate | null;
}

/** Purging runs at night, when nobody is working with the cases. */
export const RETENTION_TIME: LocalTime = '03:00';
/** Before the agenda goes out, so a case whose follow-up date has come is on it. */
export const FOLLOW_UP_TIME: LocalTime = '06:30';

const runKey = (job: JobName, meetingId: string | null, day: LocalDate) => `${job}:${meetingId ?? 'all'}:${day}`;

export function daysBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Every run of one meeting that belongs to the days `firstDay`–`lastDay` (some fall due days earlier). */
export function meetingRuns(meeting: Meeting, firstDay: LocalDate, lastDay: LocalDate): PlannedRun[] {
  const settings = settingsOf(meeting);
  const runs: PlannedRun[] = [];
  const daily = (job: JobName, day: LocalDate, time: LocalTime) =>
    runs.push({ key: runKey(job, meeting._id, day), job, meetingId: meeting._id, dueAt: zonedInstant(day, time), day, nominalDate: null });

  for (const day of daysBetween(firstDay, lastDay)) {
    // Kvittens is due every day of the year, weekends and holidays included (DOMAIN.md §5).
    daily('ack-reminder', day, settings.ackReminderTime);
    daily('ack-deadline', day, settings.ackDueTime);
    daily('follow-up', day, FOLLOW_UP_TIME);
  }

  // Reminders and holiday notices come days before their meeting, so look a few weeks ahead.
  for (const meetingDay of meetingDaysFrom(meeting, addDays(firstDay, -7))) {
    if (meetingDay.nominalDate > addDays(lastDay, 21)) break;
    const { date, nominalDate, holiday } = meetingDay;
    if (date !== null) {
      runs.push({ key: runKey('agenda', meeting._id, date), job: 'agenda', meetingId: meeting._id, dueAt: zonedInstant(date, settings.agendaTime), day: date, nominalDate });
      const reminderDay = previousVardag(date);
      runs.push({
        key: runKey('submission-reminder', meeting._id, date),
        job: 'submission-reminder',
        meetingId: meeting._id,
        dueAt: zonedInstant(reminderDay, settings.reminderTime),
        day: date,
        nominalDate,
      });
    }
    if (holiday) {
      // "I god tid": two vardagar ahead, at the time people get the day-before reminder.
      runs.push({
        key: runKey('holiday-notice', meeting._id, nominalDate),
        job: 'holiday-notice',
        meetingId: meeting._id,
        dueAt: zonedInstant(addVardagar(nominalDate, -2), settings.reminderTime),
        day: nominalDate,
        nominalDate,
      });
    }
  }
  return runs;
}

/** The runs that concern no meeting in particular. */
export function globalRuns(firstDay: LocalDate, lastDay: LocalDate): PlannedRun[] {
  return daysBetween(firstDay, lastDay).map((day) => ({
    key: runKey('retention', null, day),
    job: 'retention',
    meetingId: null,
    dueAt: zonedInstant(day, RETENTION_TIME),
    day,
    nominalDate: null,
  }));
}

/**
 * Oldest first; runs due at the same instant in a fixed order. Keys are ASCII, so they compare as
 * plain strings: `localeCompare` made sorting a round of thousands of runs take a tenth of a second.
 */
export function byDueTime(a: PlannedRun, b: PlannedRun): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Every run due in (from, to], oldest first. */
export function plannedRuns(meetings: readonly Meeting[], from: Date, to: Date): PlannedRun[] {
  const firstDay = localDateOf(from);
  const lastDay = localDateOf(to);
  const runs: PlannedRun[] = [...meetings.flatMap((meeting) => meetingRuns(meeting, firstDay, lastDay)), ...globalRuns(firstDay, lastDay)];
  return runs.filter((run) => run.dueAt.getTime() > from.getTime() && run.dueAt.getTime() <= to.getTime()).sort(byDueTime);
}
